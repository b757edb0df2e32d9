/**
 * The newer physics APIs (counting statistics, thermodynamics, drives, correlations, N emitters, model
 * files) from plain JavaScript: bad input is a LindbladError naming the argument, never a TypeError, an
 * internal error, NaN in a result, a crash or a giant allocation; the valid edge cases next to them work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../../src/index.ts';
import { emittersSolveBytes } from '../../src/model/dicke-basis.ts';

/** Runs f and returns the LindbladError it threw (fails on success or on any other error). */
function lindbladError(f: () => unknown, what: string): L.LindbladError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof L.LindbladError, `${what}: threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}, not a LindbladError`);
    assert.notEqual(e.code, 'internal', `${what}: an internal error for bad input: ${e.message}`);
    return e;
  }
  assert.fail(`${what}: returned instead of throwing`);
}

/** Each case must throw a LindbladError on the given field. */
function expectFields(cases: Array<[string, () => unknown, string]>): void {
  for (const [what, f, field] of cases) assert.equal(lindbladError(f, what).field, field, `${what}: ${lindbladError(f, what).message}`);
}

const P = { kappa: 1, gamma: 1e-3, pump: 5e-3 };

test('emittersInCavity: a model too large to solve is refused at once, before its basis or sector is allocated', () => {
  const t0 = performance.now();
  const e = lindbladError(() => L.emittersInCavity({ ...P, emitters: 400, cutoff: 4096 }), 'N = 400, cutoff 4096');
  assert.equal(e.field, 'cutoff');
  assert.match(e.message, /400 emitters at cutoff 4096 have 4\.33e\+10 real unknowns/);
  assert.equal(lindbladError(() => L.emittersInCavity({ ...P, emitters: 400, cutoff: 100 }), 'N = 400, cutoff 100').field, 'cutoff');
  assert.equal(lindbladError(() => new L.DickeBasis(300, 200), 'DickeBasis').field, 'cutoff');
  assert.ok(performance.now() - t0 < 2000, `refused in ${performance.now() - t0} ms`);
  // the sector (steady state, evolution, gap) checks the machine's memory budget before allocating
  const model = L.emittersInCavity({ ...P, emitters: 400, cutoff: 2 });
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '64M';
  try {
    for (const [what, f] of [['steadyState', () => L.steadyState(model)], ['liouvillianGap', () => L.liouvillianGap(model)], ['emittersBasisState', () => L.emittersBasisState(model)]] as const) {
      const err = lindbladError(f, what);
      assert.equal(err.code, 'unsupported', what);
      assert.equal(err.field, 'cutoff', what);
      assert.match(err.message, /a steady state of 400 emitters at cutoff 2 \(362003 sector unknowns\).*more than the 64 MiB/, what);
    }
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  // valid edge cases still work: one emitter, cutoff 0, and the largest N at a small cutoff builds
  assert.equal(L.steadyState(L.emittersInCavity({ ...P, emitters: 1, cutoff: 0 })).certificate.status !== undefined, true);
  assert.equal(L.emittersInCavity({ ...P, emitters: 400, cutoff: 2 }).basis.emitters, 400);
});

test('an N-emitter steady state is checked against its measured memory, not a bound ten times below it', () => {
  // N = 20 at cutoff 120: 204,611 sector unknowns; `lindblad cavity --emitters 20 --cutoff 120` peaks at
  // 1.4 GB resident (6.5 kB per unknown). The old estimate (624 bytes per unknown, 128 MB) let it start
  // under a 1 GiB budget.
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '1G';
  try {
    const t0 = performance.now();
    const err = lindbladError(() => L.steadyState(L.emittersInCavity({ ...P, emitters: 20, cutoff: 120 })), 'N = 20, cutoff 120 under 1 GiB');
    assert.equal(err.code, 'unsupported');
    assert.equal(err.field, 'cutoff');
    assert.match(err.message, /204611 sector unknowns/);
    assert.ok(performance.now() - t0 < 5000, `refused in ${performance.now() - t0} ms`);
    assert.ok(emittersSolveBytes(20, 120) >= 1.2e9, `estimate ${emittersSolveBytes(20, 120)} bytes under the measured 1.34 GB`);
    // a small sector still solves under a small budget
    process.env.LINDBLAD_MAX_MEMORY = '64M';
    assert.equal(L.steadyState(L.emittersInCavity({ ...P, emitters: 3, cutoff: 6 })).certificate.status, 'unique');
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
});

const qubit = L.space({ q: L.qubit() });
const sm = L.op(qubit, 'q', 'sigma_minus'), sx = L.op(qubit, 'q', 'sigma_x'), sz = L.op(qubit, 'q', 'sigma_z');
const decaying = L.lindbladModel(qubit, { hamiltonian: sz.scale(0.5), channels: [{ operator: sm, rate: 1, label: 'decay' }] });
const excited = L.ketToDensity(L.basisKet(qubit, { q: 1 }));
const cosDrive = L.drivenModel(decaying, { hamiltonian: [{ operator: sx, coefficient: (t: number) => Math.cos(t) }] });

test('a periodic table over a long span is refused at once (not a fatal allocation); periodic states check their own inputs', () => {
  // a periodic table of period 1e-6 over [0, 1000]: 1e9 breakpoints was a fatal V8 "invalid size" crash
  const table = L.fromTable({ t: [0], values: [1], period: 1e-6 });
  assert.equal(lindbladError(() => table.breakpoints(0, 1000), 'table breakpoints').field, 'coefficient.table.period');
  const tabled = L.drivenModel(decaying, { hamiltonian: [{ operator: sx, coefficient: table }] });
  assert.equal(lindbladError(() => L.evolve(tabled, excited, [0, 1000]), 'evolve tabled').field, 'coefficient.table.period');
  assert.equal(L.evolve(cosDrive, excited, [0, 1, 2]).states?.length, 3); // a normal span still integrates
  // a period so short that P_T = 1 in double precision: was an 'internal' LU error
  assert.equal(lindbladError(() => L.periodicSteadyState(cosDrive, 1e-300), 'period 1e-300').field, 'period');
  // the result's trajectory(): unsorted or NaN times returned an empty list, null a TypeError, times beyond T lacked breakpoints
  const pss = L.periodicSteadyState(cosDrive, 2 * Math.PI, { samples: 4 });
  expectFields([
    ['trajectory unsorted', () => pss.trajectory([1, 0]), 'times[1]'],
    ['trajectory NaN', () => pss.trajectory([NaN]), 'times[0]'],
    ['trajectory null', () => pss.trajectory(null as never), 'times'],
    ['trajectory beyond T', () => pss.trajectory([0, 100]), 'times[1]'],
    ['cycleThermodynamics of a look-alike', () => L.cycleThermodynamics({ period: 1, model: {} } as never), 'pss'],
    ['cycleThermodynamics NaN period', () => L.cycleThermodynamics({ ...pss, period: NaN }), 'pss.period'],
  ]);
  assert.equal(pss.trajectory([0, Math.PI, 2 * Math.PI]).length, 3);
  assert.ok(Number.isFinite(L.cycleThermodynamics(pss).work));
});

const diamond = L.diamondModel({ betaA: 4, betaS: -2 }).model;
const heatA = { kind: 'heat', bath: 'A' } as const;

test('counting statistics: order, s lists, counting fields, scales and TUR inputs are checked (no silent truncation, NaN or TypeError)', () => {
  const sys = new L.TiltedSystem(diamond, heatA), scgf = new L.Scgf(sys);
  const fcs = (o: unknown) => () => L.fullCountingStatistics(diamond, heatA, o as L.FcsOptions);
  const ones = diamond.channels.map(() => 1);
  expectFields([
    // order 0, −1, 1.5 and "3" returned fewer (or no) cumulants than asked
    ['fcs order 0', fcs({ order: 0 }), 'order'], ['fcs order -1', fcs({ order: -1 }), 'order'],
    ['fcs order 1.5', fcs({ order: 1.5 }), 'order'], ['fcs order "3"', fcs({ order: '3' }), 'order'],
    // scgf: a number or {} was ignored, a string a TypeError, "1" and null ran as numbers
    ['fcs scgf 3', fcs({ scgf: 3 }), 'scgf'], ['fcs scgf {}', fcs({ scgf: {} }), 'scgf'], ['fcs scgf "abc"', fcs({ scgf: 'abc' }), 'scgf'],
    ['fcs scgf ["1"]', fcs({ scgf: ['1'] }), 'scgf[0]'], ['fcs scgf [0, null]', fcs({ scgf: [0, null] }), 'scgf[1]'], ['fcs scgf [NaN]', fcs({ scgf: [NaN] }), 'scgf[0]'],
    // weights 1e200: w² overflows; was an 'internal' solve error
    ['fcs huge weights', () => L.fullCountingStatistics(diamond, { kind: 'weights', weights: ones.map(() => 1e200) }), 'weights'],
    ['Scgf.at(NaN)', () => scgf.at(NaN), 's'], ['Scgf.at(null)', () => scgf.at(null as never), 's'], ['Scgf.at(0.1, NaN)', () => scgf.at(0.1, NaN), 'guess'],
    ['Scgf.over(null)', () => scgf.over(null as never), 'values'], ['Scgf.over(5)', () => scgf.over(5 as never), 'values'],
    ['Scgf.over cumulants 5', () => scgf.over([0.1], 5 as never), 'cumulants'], ['Scgf.over cumulants [NaN]', () => scgf.over([0.1], [NaN]), 'cumulants[0]'],
    ['new Scgf(sys, -1)', () => new L.Scgf(sys, -1), 'denseLimit'], ['new Scgf(sys, NaN)', () => new L.Scgf(sys, NaN), 'denseLimit'],
    ['gallavottiCohenCheck values null', () => L.gallavottiCohenCheck(scgf, null as never, [], 1), 'values'],
    ['gallavottiCohenCheck cumulants null', () => L.gallavottiCohenCheck(scgf, [0.1], null as never, 1), 'cumulants'],
    ['gallavottiCohenCheck scale NaN', () => L.gallavottiCohenCheck(scgf, [0.1], [], NaN), 'scale'],
    ['gallavottiCohenCheck scale missing', () => (L.gallavottiCohenCheck as (...a: unknown[]) => unknown)(scgf, [0.1], []), 'scale'],
    ['gallavottiCohenCheck scale -1', () => L.gallavottiCohenCheck(scgf, [0.1], [], -1), 'scale'],
    ['cumulants drazin 5', () => L.cumulants(sys, 4, 5 as never), 'drazin'],
    // counting fields: missing or null weights were TypeErrors, a bath that is not a string an unknown name, extra keys ignored
    ['weights missing', () => L.countingWeights(diamond, { kind: 'weights' } as never), 'weights'],
    ['weights null', () => L.countingWeights(diamond, { kind: 'weights', weights: null } as never), 'weights'],
    ['weights 3', () => L.countingWeights(diamond, { kind: 'weights', weights: 3 } as never), 'weights'],
    ['bath 5', () => L.countingWeights(diamond, { kind: 'heat', bath: 5 } as never), 'bath'],
    ['entropy with an extra key', () => L.countingWeights(diamond, { kind: 'entropy', bath: 'A' } as never), 'field'],
    ['heat with weights', () => L.countingWeights(diamond, { kind: 'heat', bath: 'A', weights: ones } as never), 'field'],
    // turRatio: NaN inputs returned value NaN; a NaN σ gave the reason "σ = 0"
    ['turRatio mean NaN', () => L.turRatio(NaN, 1, 1), 'mean'], ['turRatio noise NaN', () => L.turRatio(1, NaN, 1), 'noise'],
    ['turRatio σ NaN', () => L.turRatio(1, 1, NaN), 'entropyProduction'], ['turRatio σ "1"', () => L.turRatio(1, 1, '1' as never), 'entropyProduction'],
    ['turRatio mean Infinity', () => L.turRatio(Infinity, 1, 1), 'mean'], ['turRatio zeroMean -1', () => L.turRatio(1, 1, 1, -1), 'zeroMean'],
  ]);
  // valid edge cases: order 1, an empty s list, zero weights, s = 0, σ = +∞, σ = null
  assert.equal(L.fullCountingStatistics(diamond, heatA, { order: 1 }).cumulants.length, 1);
  assert.deepEqual(L.fullCountingStatistics(diamond, heatA, { scgf: [] }).scgf, []);
  assert.deepEqual(L.fullCountingStatistics(diamond, { kind: 'weights', weights: ones.map(() => 0) }, { order: 2 }).cumulants, [0, 0]);
  assert.ok(Math.abs(scgf.at(0).theta) < 1e-12);
  assert.equal(scgf.over(new Float64Array([0.1, -0.1]) as unknown as number[]).length, 2);
  assert.equal(L.turRatio(1, 1, Infinity).value, Infinity);
  assert.equal(L.turRatio(1, 1, null).value, null);
  assert.equal(L.gallavottiCohenCheck(scgf, [], [], 1).holds, true);
});

test('heat currents, entropy production and the fluctuation theorems refuse states, bases, distributions and times that are not what they say (no silent scaling, NaN or internal error)', async () => {
  const rho = L.steadyState(diamond).rho, n = diamond.space.dim;
  const withNaN = rho.scale(1);
  withNaN.set(0, 0, NaN, 0);
  const nonHermitian = rho.scale(1);
  nonHermitian.set(0, 1, 0.3, 0);
  const thermal = L.lindbladModel(qubit, {
    hamiltonian: L.op(qubit, 'q', 'n'), channels: [{ operator: sm, rate: 1, bath: 'h' }, { operator: sm.dag(), rate: 0.5, bath: 'h' }], baths: { h: { beta: Math.log(2) } },
  });
  const basis = [L.basisKet(qubit), L.basisKet(qubit, { q: 1 })], s = L.channelEntropyIncrements(thermal), process = L.classicalProcess(thermal, basis);
  const mixed = L.maximallyMixed(qubit);
  const opts = { t: 1, count: 20, seed: 1, workers: 1 };
  expectFields([
    // a ρ of trace 2 doubled every current, a NaN entry gave NaN currents
    ['heatCurrents trace 2', () => L.heatCurrents(diamond, rho.scale(2)), 'rho'],
    ['heatCurrents NaN entry', () => L.heatCurrents(diamond, withNaN), 'rho'],
    ['entropyProduction not Hermitian', () => L.entropyProduction(diamond, nonHermitian), 'rho'],
    ['channelHeat trace -1', () => L.channelHeat(diamond, diamond.channels[0], rho.scale(-1)), 'rho'],
    ['channelHeat channel 5', () => L.channelHeat(diamond, 5 as never, rho), 'channel'], // TypeErrors before
    ['channelHeat channel null', () => L.channelHeat(diamond, null as never, rho), 'channel'],
    ['bathEntropyFlow heat NaN', () => L.bathEntropyFlow(1, NaN, 1, 'A'), 'heat'], // returned NaN
    ['bathEntropyFlow beta NaN', () => L.bathEntropyFlow(NaN, 1, 1, 'A'), 'beta'],
    ['bathEntropyFlow reference 0', () => L.bathEntropyFlow(1, 1, 0, 'A'), 'referenceEnergy'], // returned −Infinity
    // classicalProcess of [5] or of one ket of two returned a one-state process
    ['classicalProcess [5]', () => L.classicalProcess(thermal, [5] as never), 'basis'],
    ['classicalProcess one ket', () => L.classicalProcess(thermal, [basis[0]!]), 'basis'],
    ['classicalProcess null', () => L.classicalProcess(thermal, null as never), 'basis'],
    // p0 of sum 1.2 gave ⟨e^{−Σ}⟩ = 1.2; t = −1 a value; NaN, short lists 'internal' errors or NaN
    ['classical p0 sum 1.2', () => L.fluctuationTheoremClassical(process, s, [0.5, 0.7], 1), 'p0'],
    ['classical p0 NaN', () => L.fluctuationTheoremClassical(process, s, [NaN, 1], 1), 'p0[0]'],
    ['classical p0 short', () => L.fluctuationTheoremClassical(process, s, [1], 1), 'p0'],
    ['classical t NaN', () => L.fluctuationTheoremClassical(process, s, [0.5, 0.5], NaN), 't'],
    ['classical t -1', () => L.fluctuationTheoremClassical(process, s, [0.5, 0.5], -1), 't'],
    ['classical s short', () => L.fluctuationTheoremClassical(process, [1], [0.5, 0.5], 1), 's'],
    ['quantum t NaN', () => L.fluctuationTheoremQuantum(thermal, s, mixed, basis, [0.5, 0.5], NaN), 't'],
    ['quantum support 4×4', () => L.fluctuationTheoremQuantum(thermal, s, L.maximallyMixed(L.space({ a: L.qubit(), b: L.qubit() })), basis, [0.5, 0.5], 1), 'support'],
    ['quantum s short', () => L.fluctuationTheoremQuantum(thermal, [1], mixed, basis, [0.5, 0.5], 1), 's'],
    ['quantum basis null', () => L.fluctuationTheoremQuantum(thermal, s, mixed, null as never, [0.5, 0.5], 1), 'finalBasis'],
    ['quantum pt NaN', () => L.fluctuationTheoremQuantum(thermal, s, mixed, basis, [NaN, 0.5], 1), 'pt[0]'],
    ['quantum pt short', () => L.fluctuationTheoremQuantum(thermal, s, mixed, basis, [1], 1), 'pt'],
  ]);
  assert.equal(rho.rows, n);
  // stochasticEntropy: undefined options were a TypeError, a misspelt key ignored, short kets an 'internal' error, a bad ρ0 named "rho0"
  const async: Array<[string, () => Promise<unknown>, string]> = [
    ['no options', () => L.stochasticEntropy(thermal, undefined as never), 'options'],
    ['misspelt key', () => L.stochasticEntropy(thermal, { ...opts, sede: 1 } as never), 'options'],
    ['basis null', () => L.stochasticEntropy(thermal, { ...opts, basis: null as never }), 'basis'],
    ['basis short kets', () => L.stochasticEntropy(thermal, { ...opts, basis: { vectors: [new Float64Array(2), new Float64Array(2)], labels: ['a', 'b'] } }), 'basis.vectors[0]'],
    ['basis not orthonormal', () => L.stochasticEntropy(thermal, { ...opts, basis: { vectors: [basis[0]!, basis[0]!], labels: ['a', 'b'] } }), 'basis.vectors'],
    ['start null', () => L.stochasticEntropy(thermal, { ...opts, start: null as never }), 'start'],
    ['start ρ trace 2', () => L.stochasticEntropy(thermal, { ...opts, start: { kind: 'density', rho: mixed.scale(2) } }), 'start.rho'],
  ];
  for (const [what, f, field] of async) {
    const e = await f().then(() => assert.fail(`${what}: resolved`), (x: unknown) => x);
    assert.ok(e instanceof L.LindbladError && e.code !== 'internal', `${what}: ${String(e)}`);
    assert.equal(e.field, field, `${what}: ${e.message}`);
  }
  // valid calls: any density matrix, t = 0, the exact values of a thermal qubit, a stochastic estimate with an explicit basis
  assert.ok(Number.isFinite(L.heatCurrents(diamond, L.maximallyMixed(diamond.space)).A!));
  assert.ok(Math.abs(L.fluctuationTheoremClassical(process, s, [0.5, 0.5], 1).value - 1) < 1e-12);
  assert.ok(Math.abs(L.fluctuationTheoremClassical(process, s, [0.5, 0.5], 0).value - 1) < 1e-12);
  assert.ok(Math.abs(L.fluctuationTheoremQuantum(thermal, s, mixed, basis, [0.5, 0.5], 1) - 0.5) < 1e-12);
  assert.equal((await L.stochasticEntropy(thermal, { ...opts, basis: { vectors: basis, labels: ['g', 'e'] } })).total.length, 20);
});

test('drivenModel and the coefficient builders check their inputs (no TypeError, ignored key or negative constant rate)', () => {
  const drive = (input: unknown) => () => L.drivenModel(decaying, input as L.DrivenInput);
  const cos = (t: number) => Math.cos(t);
  expectFields([
    ['hamiltonian 5', drive({ hamiltonian: 5 }), 'hamiltonian'], // TypeError before
    ['hamiltonian {}', drive({ hamiltonian: {} }), 'hamiltonian'],
    ['hamiltonian [null]', drive({ hamiltonian: [null] }), 'drives[0]'],
    ['term with a misspelt key', drive({ hamiltonian: [{ operator: sx, coefficient: 1, coeficient: 2 }] }), 'drives[0]'],
    ['rates 5', drive({ rates: 5 }), 'rates'], // ignored before
    ['rates an array', drive({ rates: [1] }), 'rates'],
    ['constant rate -1', drive({ rates: { decay: -1 } }), 'rates.decay'], // accepted before
    ['fromFunction options 5', () => L.fromFunction(cos, 5 as never), 'options'],
    ['fromFunction misspelt option', () => L.fromFunction(cos, { breakpoint: [1] } as never), 'options'],
    ['fromFunction breakpoints 5', () => L.fromFunction(cos, { breakpoints: 5 as never }), 'coefficient.breakpoints'],
    ['fromFunction breakpoints "ab"', () => L.fromFunction(cos, { breakpoints: 'ab' as never }), 'coefficient.breakpoints'],
    ['fromFunction label 5', () => L.fromFunction(cos, { label: 5 as never }), 'options.label'],
    ['fromExpression parameters null', () => L.fromExpression('w*t', null as never), 'parameters'], // TypeError before
    ['fromExpression parameter NaN', () => L.fromExpression('w*t', { w: NaN }), 'parameters.w'], // NaN values before
    ['fromExpression parameter "2"', () => L.fromExpression('w*t', { w: '2' } as never), 'parameters.w'],
    ['fromExpression parameter t', () => L.fromExpression('t', { t: 2 }), 'parameters.t'],
    ['parseExpression parameters 5', () => L.parseExpression('t', 'f', 5 as never), 'parameters'],
    ['fromTable misspelt key', () => L.fromTable({ t: [0, 1], values: [1, 2], peroid: 2 } as never), 'coefficient.table'],
    ['fromTable t 5', () => L.fromTable({ t: 5, values: [1] } as never), 'coefficient.table.t'],
  ]);
  // valid: time-dependent rates, constant zero rate, a function with breakpoints, an expression with parameters, a one-point table
  const ok = L.drivenModel(decaying, { hamiltonian: [{ operator: sx, coefficient: L.fromExpression('a*cos(w*t)', { a: 1, w: 2 }) }], rates: { decay: 0 } });
  assert.equal(ok.drives.length, 1);
  assert.deepEqual(L.fromFunction(cos, { breakpoints: [2, 1], label: 'c' }).breakpoints(0, 3), [1, 2]);
  assert.equal(L.parseExpression('2*t').value(3), 6);
  assert.equal(L.fromTable({ t: [0], values: [1] }).value(5), 1);
});

test('frames, coherence functions and gap options: no NaN results, no TypeError, no ignored or mistyped option', () => {
  const frame = L.rotatingFrame(decaying, { generator: sz });
  const cavityLike = L.lindbladModel(qubit, { channels: [{ operator: sm, rate: 1 }] });
  const two = L.space({ a: L.qubit(), b: L.qubit() });
  const driven = L.lindbladModel(qubit, { hamiltonian: sx.scale(0.5), channels: [{ operator: sm, rate: 1 }] });
  expectFields([
    ['toLabFrame t NaN', () => L.toLabFrame(frame, excited, NaN), 't'], // a NaN matrix before
    ['toLabFrame t "x"', () => L.toLabFrame(frame, excited, 'x' as never), 't'],
    ['toLabFrame 4×4 ρ', () => L.toLabFrame(frame, L.maximallyMixed(two), 1), 'rho'], // NaN entries before
    ['toLabFrame frame look-alike', () => L.toLabFrame({ model: decaying } as never, excited, 1), 'frame'],
    ['rotatingFrame generator 5', () => L.rotatingFrame(decaying, { generator: 5 as never }), 'generator'], // TypeError before
    ['rotatingFrame generator null', () => L.rotatingFrame(decaying, { generator: null as never }), 'generator'], // ignored before
    ['rotatingFrame tolerance "1e-3"', () => L.rotatingFrame(decaying, { tolerance: '1e-3' as never }), 'tolerance'],
    ['correlation from steady with rho', () => L.correlation(driven, sm.dag(), sm, [0], { from: { kind: 'steady', rho: excited } as never }), 'from'],
    ['gap zeroTolerance "1e-3"', () => L.liouvillianGap(driven, { zeroTolerance: '1e-3' as never }), 'zeroTolerance'],
    ['gap method.tol "0.1"', () => L.liouvillianGap(driven, { method: { kind: 'arnoldi', tol: '0.1' as never } }), 'method.tol'],
    ['gap method misspelt key', () => L.liouvillianGap(driven, { method: { kind: 'dense', denseLimit: 3 } as never }), 'method'],
    ['gap method null', () => L.liouvillianGap(driven, { method: null as never }), 'method.kind'],
  ]);
  // valid: t = 0 is the identity, g² from a state whose light persists, a generator that qualifies, Arnoldi options
  assert.equal(L.toLabFrame(frame, excited, 0).re(1, 1), 1);
  assert.equal(L.secondOrderCoherence(cavityLike, sm, [0, 1], { from: { kind: 'state', rho: excited } }).re.length, 2);
  // from an excited emitter the light is gone (n underflows) by τ = 800: g¹ was Infinity, g² NaN there, with
  // nothing said; now both are NaN there and the index is listed in undefinedAt (test/measures/correlations.test.ts)
  for (const g of [L.firstOrderCoherence, L.secondOrderCoherence]) {
    const r = g(cavityLike, sm, [0, 1, 800], { from: { kind: 'state', rho: excited } });
    assert.deepEqual(r.undefinedAt, [2]);
    assert.ok(Number.isNaN(r.re[2]) && Number.isFinite(r.re[1]));
  }
  assert.ok(L.liouvillianGap(driven, { method: { kind: 'arnoldi', tol: 1e-10, eigenvalues: 2 }, zeroTolerance: 1e-9 }).gap > 0);
});

test('model-file helpers, trajectories and the eliminated cavity: hexadecimal β, a wrong space, unchecked flags and NaN rates are refused', () => {
  const ket = { kind: 'ket' as const, psi: L.basisKet(qubit) };
  expectFields([
    ['parseBeta "0x10"', () => L.parseBeta('0x10', 'b'), 'b'], // 16 before
    ['parseBeta "0b1"', () => L.parseBeta('0b1', 'b'), 'b'], // 1 before
    ['parseBeta without a field', () => L.parseBeta('abc'), 'beta'], // field undefined before
    ['parseOperator without a field', () => L.parseOperator(qubit, 'q.nope'), 'operator'],
    ['parseInitialState space 5', () => L.parseInitialState({ initialState: { levels: { q: 1 } } }, 5 as never), 'space'], // TypeError before
    ['model file with β "0x10"', () => L.parseModelText(JSON.stringify({ subsystems: { q: 'qubit' }, baths: { b: { beta: '0x10' } } })), 'baths.b.beta'],
    ['trajectories keepJumps "y"', () => L.trajectoriesSync(decaying, ket, [0, 1], { count: 2, seed: 1, keepJumps: 'y' as never }), 'keepJumps'],
    ['trajectories ket with an extra key', () => L.trajectoriesSync(decaying, { ...ket, probabilities: [1] } as never, [0, 1], { count: 2, seed: 1 }), 'initial'],
    ['cavityInducedDecay NaN', () => L.cavityInducedDecay(NaN, 1), 'g'], // NaN before
    ['cavityInducedDecay κ -1', () => L.cavityInducedDecay(1, -1), 'kappa'], // −4 before
  ]);
  // valid: decimal β forms, "inf", null; κ = 0 is the documented Infinity; keepJumps false
  assert.deepEqual([L.parseBeta(' 1e3 ', 'b'), L.parseBeta('-inf', 'b'), L.parseBeta(null, 'b'), L.parseBeta(0.5, 'b')], [1000, -Infinity, null, 0.5]);
  assert.equal(L.cavityInducedDecay(1, 0), Infinity);
  assert.equal(L.trajectoriesSync(decaying, ket, [0, 1], { count: 2, seed: 1, keepJumps: false }).jumps.channels.length, 0);
});

test('trajectories: a count whose per-trajectory records exceed the memory budget is refused before any allocation', async () => {
  const ket = { kind: 'ket' as const, psi: L.basisKet(qubit) };
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '1G';
  try {
    const t0 = performance.now();
    const e = lindbladError(() => L.trajectoriesSync(decaying, ket, [0, 1], { count: 1e9, seed: 1, keepJumps: false }), 'count 1e9');
    assert.equal(e.code, 'unsupported');
    assert.equal(e.field, 'count');
    assert.ok(performance.now() - t0 < 1000);
    await assert.rejects(L.trajectories(decaying, ket, [0, 1], { count: 1e9, seed: 1 }), (x: unknown) => x instanceof L.LindbladError && x.field === 'count');
    assert.equal(L.trajectoriesSync(decaying, ket, [0, 1], { count: 3, seed: 1 }).jumpCounts.length, 3);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
});

test('a fast drive over a long span is refused at the pace of its first steps, not after minutes of integration', () => {
  const t0 = performance.now();
  const e = lindbladError(() => L.evolve(cosDrive, excited, [0, 1e9]), 'cos t over 1e9'); // 160–250 s before 'too many steps'
  assert.equal(e.code, 'unsupported');
  assert.equal(e.field, 'times');
  assert.match(e.message, /would take about .* steps, far beyond the limit/);
  assert.ok(performance.now() - t0 < 30_000, `refused after ${performance.now() - t0} ms`);
  assert.equal(L.evolve(cosDrive, excited, [0, 50]).states?.length, 2); // a span within reach still integrates
  // the explicit integrator too: it stepped 15 s to its 1e7-step limit, then blamed stiffness
  const t1 = performance.now();
  const d = lindbladError(() => L.evolve(cosDrive, excited, [0, 1e9], { method: { kind: 'dopri5' } }), 'cos t over 1e9, dopri5');
  assert.equal(d.code, 'unsupported');
  assert.equal(d.field, 'times');
  assert.match(d.message, /would take about .* steps, far beyond the limit/);
  assert.ok(performance.now() - t1 < 5_000, `dopri5 refused after ${performance.now() - t1} ms`);
  const near = L.evolve(cosDrive, excited, [0, 50], { method: { kind: 'dopri5' } }).states!, far = L.evolve(cosDrive, excited, [0, 50]).states!;
  assert.ok(Math.abs(near[1].re(1, 1) - far[1].re(1, 1)) < 1e-6, 'dopri5 and auto agree at t = 50');
});

test('cavity and emitters steady states with a cutoff policy: the policy is checked before the first solve', () => {
  const cavity = { g: 1, kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 }, emitters = { ...P, emitters: 2, cutoff: 2 };
  for (const [name, f] of [['cavitySteadyState', L.cavitySteadyState], ['emittersCavitySteadyState', L.emittersCavitySteadyState]] as const) {
    const params = name === 'cavitySteadyState' ? cavity : emitters;
    const call = (policy: unknown) => () => (f as (p: unknown, q: unknown) => unknown)(params, policy);
    expectFields([
      [`${name} policy 5`, call(5), 'policy'], // "cutoff: … got NaN" before
      [`${name} policy kind`, call({ kind: 'auto' }), 'policy'],
      [`${name} tolerance NaN`, call({ kind: 'converge', tolerance: NaN, maxCutoff: 6 }), 'policy.tolerance'], // solved cutoffs 3…6 first
      [`${name} tolerance -1`, call({ kind: 'converge', tolerance: -1, maxCutoff: 6 }), 'policy.tolerance'],
      [`${name} maxCutoff 2.5`, call({ kind: 'converge', tolerance: 1e-3, maxCutoff: 2.5 }), 'policy.maxCutoff'],
      [`${name} misspelt key`, call({ kind: 'converge', tolerance: 1e-3, maxCutof: 6 }), 'policy'],
    ]);
    assert.equal((f as (p: unknown, q: unknown) => { cutoff: number })(params, { kind: 'fixed' }).cutoff, 2);
  }
});

test('trajectory observables and the final measurement, and emitters basis states: garbage is refused, not ignored or a TypeError', () => {
  const ket = { kind: 'ket' as const, psi: L.basisKet(qubit) };
  const run = (o: object) => () => L.trajectoriesSync(decaying, ket, [0, 1], { count: 2, seed: 1, ...o } as never);
  const em = L.emittersInCavity({ ...P, emitters: 2, cutoff: 1 });
  expectFields([
    ['observables "x"', run({ observables: 'x' }), 'observables'], // TypeError before
    ['observables NaN', run({ observables: NaN }), 'observables'], // ignored before
    ['observables []', run({ observables: [] }), 'observables'],
    ['observable 1', run({ observables: { x: 1 } }), 'observables.x'], // TypeError before
    ['finalMeasurement NaN', run({ finalMeasurement: NaN }), 'finalMeasurement'], // ignored before
    ['twoM "x"', () => L.emittersBasisState(em, { twoM: 'x' as never }), 'twoM'], // some state before
    ['twoM NaN', () => L.emittersBasisState(em, { twoM: NaN }), 'twoM'],
    ['twoM of the wrong parity', () => L.emittersBasisState(em, { twoJ: 2, twoM: -1 }), 'twoM'], // the m = −1 state before
    ['twoJ []', () => L.emittersBasisState(em, { twoJ: [] as never }), 'twoJ'],
    ['photons 0.5', () => L.emittersBasisState(em, { photons: 0.5 }), 'photons'],
  ]);
  assert.equal(L.emitterMoments(L.emittersBasisState(em, { twoJ: 2, twoM: 0, photons: 1 })).jz, 0);
  assert.equal(L.emitterMoments(L.emittersBasisState(em, { twoJ: 0, twoM: 0 })).jSquared, 0);
  assert.ok(L.trajectoriesSync(decaying, ket, [0, 1], { count: 2, seed: 1, observables: { z: sz } }).observables.z);
});

test('liouvillianGap / liouvillianSpectrum: a dense eigenvalue problem beyond the memory budget is refused before allocating', () => {
  const model = L.randomModel({ structure: 'unstructured', dim: 12, seed: 3 }); // one block of 144 unknowns: 663 kB for its dense problem
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '100K';
  try {
    expectFields([
      ['gap dense', () => L.liouvillianGap(model, { method: { kind: 'dense' } }), 'method'],
      ['gap auto, denseLimit 1e9', () => L.liouvillianGap(model, { method: { kind: 'auto', denseLimit: 1e9 } }), 'method'],
      ['spectrum', () => L.liouvillianSpectrum(model, 1e9), 'maxBlock'],
    ]);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  assert.ok(L.liouvillianGap(model, { method: { kind: 'dense' } }).gap > 0);
  assert.equal(L.liouvillianSpectrum(model).length, 144);
});

test('evolve with a forced dense exponential beyond the memory budget is refused before allocating', () => {
  const model = L.randomModel({ structure: 'unstructured', dim: 12, seed: 3 }), rho = L.maximallyMixed(model.space); // 144 unknowns: 1.3 MB
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '100K';
  try {
    const e = lindbladError(() => L.evolve(model, rho, [0, 1], { method: { kind: 'expm' } }), 'expm');
    assert.equal(e.code, 'unsupported');
    assert.equal(e.field, 'method');
    assert.equal(lindbladError(() => L.correlation(model, L.identity(model.space), L.identity(model.space), [0, 1], { method: { kind: 'expm' } }), 'correlation expm').field, 'method');
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  assert.equal(L.evolve(model, rho, [0, 1], { method: { kind: 'expm' } }).states?.length, 2);
});

test('evolve and periodicSteadyState: output states beyond the memory budget are refused before integrating', () => {
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '1M';
  const many = Array.from({ length: 20_000 }, (_, k) => k * 1e-3); // 20,000 2×2 states: 1.6 MB
  try {
    expectFields([
      ['evolve 20,000 states', () => L.evolve(decaying, excited, many), 'times'],
      ['driven evolve 20,000 states', () => L.evolve(cosDrive, excited, many), 'times'],
      ['periodic 20,000 samples', () => L.periodicSteadyState(cosDrive, 2 * Math.PI, { samples: 20_000 }), 'samples'],
    ]);
    // without the states (observables only) the same times fit
    assert.equal(L.evolve(decaying, excited, many, { observables: { z: sz } }).expectations?.z?.length, 20_000);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
});
