/**
 * The public API from plain JavaScript (no types to stop a wrong argument): a wrong model object, a
 * non-object or misspelt options object, or an option of the wrong type is a LindbladError naming the
 * argument, never a TypeError from inside a solver, and never silently ignored. Random garbage by
 * fast-check; the valid calls next to them still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as L from '../../src/index.ts';

const diamond = L.diamondModel({ betaA: 4, betaS: -2 });
const model = diamond.model;
const rho = L.steadyState(model).rho;
const sp = model.space;
const ket = { kind: 'ket' as const, psi: L.basisKet(sp) };

/** Runs f and returns the LindbladError it threw (fails on success or on any other error). */
function lindbladError(f: () => unknown, what: string): L.LindbladError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof L.LindbladError, `${what}: threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}, not a LindbladError`);
    assert.ok(!e.message.includes('undefined is not') && !e.message.includes('Cannot read'), `${what}: ${e.message}`);
    return e;
  }
  assert.fail(`${what}: returned instead of throwing`);
}

/**
 * For each valid call `fns[name](...args)` (which must work), the same call with one argument at a time
 * replaced by each garbage value: what threw something other than a LindbladError (typed-array arguments
 * are copied per call, as kernels may write into them).
 */
function garbageOffenders(fns: Record<string, (...a: unknown[]) => unknown>, calls: Record<string, unknown[]>, garbage: unknown[], prefix = ''): string[] {
  const offenders: string[] = [];
  for (const [name, args] of Object.entries(calls)) {
    fns[name]!(...args); // the valid call works
    args.forEach((_, k) => {
      for (const g of garbage) {
        const a = args.map((x) => (x instanceof Float64Array ? x.slice() : x));
        a[k] = g;
        try { fns[name]!(...a); } catch (e) { if (!(e instanceof L.LindbladError)) offenders.push(`${prefix}${name} argument ${k} = ${String(g)}: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`); }
      }
    });
  }
  return offenders;
}

/** Entry points taking a model first, called with `m` in its place (other arguments valid). */
const withModel: Record<string, (m: unknown) => unknown> = {
  steadyState: (m) => L.steadyState(m as L.LindbladModel),
  prepareSteadyState: (m) => L.prepareSteadyState(m as L.LindbladModel),
  evolve: (m) => L.evolve(m as L.LindbladModel, rho, [0, 1]),
  liouvillian: (m) => L.liouvillian(m as L.LindbladModel),
  bathDissipator: (m) => L.bathDissipator(m as L.LindbladModel, 'A'),
  liouvillianGap: (m) => L.liouvillianGap(m as L.LindbladModel),
  liouvillianSpectrum: (m) => L.liouvillianSpectrum(m as L.LindbladModel),
  periodicSteadyState: (m) => L.periodicSteadyState(m as L.LindbladModel, 1),
  trajectoriesSync: (m) => L.trajectoriesSync(m as L.LindbladModel, ket, [0, 1], { count: 1, seed: 1 }),
  fullCountingStatistics: (m) => L.fullCountingStatistics(m as L.LindbladModel, { kind: 'heat', bath: 'A' }),
  heatCurrents: (m) => L.heatCurrents(m as L.LindbladModel, rho),
  entropyProduction: (m) => L.entropyProduction(m as L.LindbladModel, rho),
  serializeModel: (m) => L.serializeModel(m as L.LindbladModel),
};

/** Anything but a model: primitives, arrays, plain objects, other library objects, and a builder's wrapper. */
const notAModel = fc.oneof(
  fc.anything(),
  fc.constantFrom<unknown>(diamond, rho, sp, new Map(), L.cavityModel({ g: 1, kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 })),
);

test('every model-taking entry point refuses anything but a model with a LindbladError on "model"', () => {
  for (const [name, call] of Object.entries(withModel)) {
    fc.assert(fc.property(notAModel, (m) => {
      const e = lindbladError(() => call(m), name);
      assert.equal(e.field, 'model', `${name}: field ${e.field} (${e.message})`);
    }), { numRuns: 60 });
  }
  // the builder's wrapper is named in the message
  assert.match(lindbladError(() => L.steadyState(diamond as unknown as L.LindbladModel), 'wrapper').message, /"model" property/);
});

/** Entry points with an options object, called with `o` as the options. */
const withOptions: Record<string, (o: unknown) => unknown> = {
  steadyState: (o) => L.steadyState(model, o as L.SteadyOptions),
  prepareSteadyState: (o) => L.prepareSteadyState(model, o as L.SteadyOptions),
  evolve: (o) => L.evolve(model, rho, [0, 1], o as L.EvolveOptions),
  liouvillianGap: (o) => L.liouvillianGap(model, o as L.GapOptions),
  periodicSteadyState: (o) => L.periodicSteadyState(model, 1, o as L.PeriodicOptions),
  fullCountingStatistics: (o) => L.fullCountingStatistics(model, { kind: 'heat', bath: 'A' }, o as L.FcsOptions),
  correlation: (o) => L.correlation(model, L.identity(sp), L.identity(sp), [0, 1], o as object),
  trajectoriesSync: (o) => L.trajectoriesSync(model, ket, [0, 1], o as { count: number; seed: number }),
};

const KNOWN = ['method', 'onDegenerate', 'degeneracyTolerance', 'observables', 'keepStates', 'restrictToSector', 'from',
  'zeroTolerance', 'samples', 'order', 'scgf', 'steady', 'count', 'seed', 'workers', 'finalMeasurement', 'propagator', 'keepJumps'];
/** A key that no options object knows. */
const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !KNOWN.includes(k) && k !== '__proto__');

test('options: a non-object or an unknown (misspelt) key is a LindbladError on "options", not ignored', () => {
  for (const [name, call] of Object.entries(withOptions)) {
    fc.assert(fc.property(fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer())), (o) => {
      assert.equal(lindbladError(() => call(o), name).field, 'options', name);
    }), { numRuns: 20 });
    fc.assert(fc.property(unknownKey, fc.anything(), (k, v) => {
      const o = name === 'trajectoriesSync' ? { count: 1, seed: 1, [k]: v } : { [k]: v };
      const e = lindbladError(() => call(o), `${name} { ${k} }`);
      assert.equal(e.field, 'options', `${name}: ${e.message}`);
      assert.ok(e.message.includes(JSON.stringify(k)), `${name}: the message names the key: ${e.message}`);
    }), { numRuns: 25 });
  }
});

test('steady-state options: wrong types and values are named; valid ones still solve', () => {
  const bad: Array<[unknown, string]> = [
    [{ method: 'direct' }, 'method'],
    [{ method: { kind: 'lu' } }, 'method.kind'],
    [{ method: { kind: 'direct', solver: 'lu' } }, 'method.solver'],
    [{ method: { kind: 'direct', sectorz: true } }, 'method'],
    [{ method: { kind: 'auto', sectors: 'yes' } }, 'method.sectors'],
    [{ method: { kind: 'auto', exchange: 1 } }, 'method.exchange'],
    [{ method: { kind: 'krylov', sectors: false } }, 'method'],
    [{ onDegenerate: 'ignore' }, 'onDegenerate'],
    [{ degeneracyTolerance: -1 }, 'degeneracyTolerance'],
    [{ degeneracyTolerance: 'a' }, 'degeneracyTolerance'],
    [{ degeneracyTolerance: NaN }, 'degeneracyTolerance'],
    [{ degeneracyTolerance: 1 }, 'degeneracyTolerance'],
  ];
  for (const [o, field] of bad) {
    assert.equal(lindbladError(() => L.steadyState(model, o as L.SteadyOptions), JSON.stringify(o)).field, field, JSON.stringify(o));
    assert.equal(lindbladError(() => L.prepareSteadyState(model, o as L.SteadyOptions), JSON.stringify(o)).field, field, JSON.stringify(o));
  }
  // the same options reach sweeps and counting statistics
  assert.equal(lindbladError(() => L.fullCountingStatistics(model, { kind: 'heat', bath: 'A' }, { steady: { onDegenerate: 'x' } as never }), 'fcs').field, 'onDegenerate');
  const good: L.SteadyOptions[] = [
    {}, { method: { kind: 'auto' } }, { method: { kind: 'direct', solver: 'dense', sectors: false } },
    { method: { kind: 'iterative', solver: 'gmres', tol: 1e-13 } }, { method: { kind: 'krylov' } }, { degeneracyTolerance: 0 },
  ];
  const reference = L.steadyState(model).rho;
  for (const o of good) {
    const r = L.steadyState(model, o).rho;
    let d = 0;
    for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) d = Math.max(d, Math.abs(r.re(i, j) - reference.re(i, j)));
    assert.ok(d < 1e-10, `${JSON.stringify(o)}: |Δρ| = ${d}`);
  }
});

test('builders and measures refuse wrong arguments with a LindbladError', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['lindbladModel(space, 42)', () => L.lindbladModel(sp, 42 as never), 'model'],
    ['lindbladModel({}, {})', () => L.lindbladModel({} as never, {}), 'space'],
    ['lindbladModel unknown key', () => L.lindbladModel(sp, { hamiltonan: L.identity(sp) } as never), 'model'],
    ['channel with a misspelt key', () => L.lindbladModel(sp, { channels: [{ operator: L.identity(sp), rate: 1, bath: 'b' }, { operator: L.identity(sp), rates: 1 }] } as never), 'channels[1]'],
    ['channel with an extra key', () => L.lindbladModel(sp, { channels: [{ operator: L.identity(sp), rate: 1, beta: 2 }] } as never), 'channels[0]'],
    ['channels not an array', () => L.lindbladModel(sp, { channels: { operator: L.identity(sp), rate: 1 } } as never), 'channels'],
    ['channel null', () => L.lindbladModel(sp, { channels: [null] } as never), 'channels[0]'],
    ['channel label a number', () => L.lindbladModel(sp, { channels: [{ operator: L.identity(sp), rate: 1, label: 3 }] } as never), 'channels[0].label'],
    ['bath with a misspelt key', () => L.lindbladModel(sp, { baths: { hot: { beta: 1, bta: 2 } } } as never), 'baths.hot'],
    ['baths an array', () => L.lindbladModel(sp, { baths: [{ beta: 1 }] } as never), 'baths'],
    ['space(undefined)', () => L.space(undefined as never), 'subsystems'],
    ['diamondModel(undefined)', () => L.diamondModel(undefined as never), 'params'],
    ['diamondModel misspelt', () => L.diamondModel({ betaA: 1, betaS: 1, gamaPlus: 2 } as never), 'params'],
    ['randomModel(undefined)', () => L.randomModel(undefined as never), 'options'],
    ['randomModel structure', () => L.randomModel({ structure: 'dense', dim: 4 } as never), 'structure'],
    ['concurrence(null)', () => L.concurrence(null as never), 'rho'],
    ['vonNeumannEntropy([])', () => L.vonNeumannEntropy([] as never), 'rho'],
    ['partialTrace(space, 1, …)', () => L.partialTrace(sp, 1 as never, []), 'rho'],
    ['partialTrace(1, …)', () => L.partialTrace(1 as never, rho, []), 'space'],
    ['heatCurrents(model, {})', () => L.heatCurrents(model, {} as never), 'rho'],
    ['bathDissipator unknown bath', () => L.bathDissipator(model, 'nope'), 'bath'],
    ['sweep(undefined)', () => L.sweep(undefined as never), 'spec'],
    ['sweep grid', () => L.sweep({ build: () => ({ model }), grid: {}, outputs: [] } as never), 'grid'],
  ];
  for (const [what, f, field] of cases) assert.equal(lindbladError(f, what).field, field, what);
});

test('every exported function and class (linalg namespace included) refuses null, undefined, numbers, strings, {} and [] arguments with a LindbladError (or accepts them)', async () => {
  const garbage: unknown[] = [undefined, null, 42, 'x', {}, [], NaN];
  const offenders: string[] = [];
  const exported = [...Object.entries(L), ...Object.entries(L.linalg).map(([name, f]) => [`linalg.${name}`, f] as const)];
  for (const [name, f] of exported) {
    if (typeof f !== 'function') continue;
    const isClass = /^class\b/.test(Function.prototype.toString.call(f));
    for (const g of garbage) {
      try {
        const r = isClass ? new (f as new (...a: unknown[]) => unknown)(g, g, g) : (f as (...a: unknown[]) => unknown)(g, g, g);
        if (r instanceof Promise) await r;
      } catch (e) {
        if (!(e instanceof L.LindbladError)) offenders.push(`${name}(${String(g)}): ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('a valid call with one argument replaced by garbage throws a LindbladError (never a TypeError)', () => {
  const I = L.identity(sp);
  const em = L.emittersInCavity({ emitters: 3, cutoff: 2, g: 1, kappa: 1, gamma: 1e-3, pump: 5e-3 });
  const s0 = L.emittersBasisState(em);
  const calls: Record<string, unknown[]> = {
    steadyState: [model, {}], evolve: [model, rho, [0, 1], {}], liouvillianGap: [model, {}], periodicSteadyState: [model, 1, {}],
    trajectoriesSync: [model, ket, [0, 1], { count: 2, seed: 1 }], correlation: [model, I, I, [0, 1], {}],
    firstOrderCoherence: [model, I, [0, 1], {}], secondOrderCoherence: [model, I, [0, 1], {}], emissionSpectrum: [model, I, [0, 1]],
    fullCountingStatistics: [model, { kind: 'heat', bath: 'A' }, {}], countingWeights: [model, { kind: 'entropy' }],
    heatCurrents: [model, rho], bathDissipator: [model, 'A'], rotatingFrame: [model, {}], basisKet: [sp, {}],
    fidelity: [rho, rho], negativity: [rho, [2, 2], 0], parseRange: ['1:2:3', 'x', {}], drivenModel: [model, {}],
    emittersBasisState: [em, {}], emittersHeatCurrents: [em, s0], emittersObservables: [s0],
    cavityModel: [{ g: 1, kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 }],
  };
  const garbage: unknown[] = [undefined, null, 42, 'x', {}, [], NaN, -1, [NaN], { kind: 'zzz' }];
  assert.deepEqual(garbageOffenders(L as unknown as Record<string, (...a: unknown[]) => unknown>, calls, garbage), []);
  // misspelt keys of builders are named, not ignored or reported as a missing value
  assert.match(lindbladError(() => L.cavityModel({ g: 1, kapa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 } as never), 'cavityModel').message, /unknown key "kapa"/);
  assert.match(lindbladError(() => L.emittersBasisState(em, { twoJ: 3, tw0M: 1 } as never), 'emittersBasisState').message, /unknown key "tw0M"/);
  assert.equal(lindbladError(() => L.correlation(model, I, I, [1, 0]), 'taus').field, 'times[1]'); // evolve's field name, as before
});

test('linalg kernels: a valid call with one argument replaced by garbage throws a LindbladError (never a TypeError)', () => {
  const { linalg } = L;
  const a = linalg.CsrMatrix.fromTriplets(3, 3, [0, 1, 2, 0], [0, 1, 2, 2], [2, 3, 4, 1], [0, 0.5, 0, 0]);
  const d = a.toDense(), v = () => Float64Array.of(1, 0, 2, 1, -1, 0.5);
  const lu = linalg.sparseLu(a);
  const calls: Record<string, unknown[]> = {
    sparseLu: [a, {}], gmres: [a, v(), {}], bicgstab: [a, v(), {}], eigh: [d], eigvals: [d, {}], denseLu: [d],
    residualExtended: [a, v(), v()], refineSolution: [a, lu, v(), v(), 2], amdOrdering: [a, {}], reverseCuthillMcKee: [a],
    principalSubmatrix: [a, [0, 2]], reachableSet: [a, [0]], hermitianFunction: [d.add(d.adjoint()), Math.exp],
    scaleInPlace: [v(), 2, 0], axpy: [1, 0, v(), v()], cdot: [v(), v()], norm2: [v()], normInf: [v()], ilu0: [a], ilut: [a, {}],
    smallestEigenvalueEstimate: [lu, 3, 4], invertPermutation: [Int32Array.of(2, 0, 1)], estimateFill: [a, 'amd'],
  };
  const garbage: unknown[] = [undefined, null, 42, 'x', {}, [], NaN, -1, [NaN], new Float64Array(3)];
  assert.deepEqual(garbageOffenders(linalg as unknown as Record<string, (...a: unknown[]) => unknown>, calls, garbage, 'linalg.'), []);
  // the message names the function and the parameter
  assert.match(lindbladError(() => linalg.norm2(null as never), 'norm2').message, /^norm2\.x: expected a Float64Array, got null$/);
});

test('prepareSteadyState(…).solve(θ): θ of the wrong length, a NaN or negative rate or a non-finite H scale is a LindbladError on "theta"; an infinite rate is the infinitely fast limit', () => {
  const prepared = L.prepareSteadyState(model), terms = prepared.plan.liouvillian.terms, theta = prepared.plan.coefficients;
  const hAt = terms.findIndex((t) => t.kind === 'hamiltonian'), channelAt = terms.findIndex((t) => t.kind === 'channel');
  assert.ok(hAt >= 0 && channelAt >= 0);
  const with_ = (k: number, v: unknown) => { const t: unknown[] = Array.from(theta); t[k] = v; return t as number[]; };
  const cases: Array<[string, unknown, string]> = [
    ['too short', Array.from(theta).slice(1), 'theta'],
    ['too long', [...theta, 1], 'theta'],
    ['a number', 1, 'theta'],
    ['null', null, 'theta'],
    ['NaN rate', with_(channelAt, NaN), `theta[${channelAt}]`],
    ['negative rate', with_(channelAt, -0.5), `theta[${channelAt}]`],
    ['string rate', with_(channelAt, '1'), `theta[${channelAt}]`],
    ['infinite H scale', with_(hAt, Infinity), `theta[${hAt}]`],
    ['NaN H scale', with_(hAt, NaN), `theta[${hAt}]`],
  ];
  for (const [what, th, field] of cases) {
    for (const solve of [prepared.solve, prepared.solveDeferred]) assert.equal(lindbladError(() => solve(th as number[]), what).field, field, what);
  }
  // the valid θ still solves, and an infinite rate gives steadyState's infinitely-fast limit of that member
  assert.equal(prepared.solve(theta).certificate.status, L.steadyState(model).certificate.status);
  const fast = with_(channelAt, Infinity), got = prepared.solve(fast).rho, want = L.steadyState(prepared.plan.modelAt(fast)).rho;
  for (let i = 0; i < got.rows; i++) for (let j = 0; j < got.cols; j++) {
    assert.ok(Math.abs(got.re(i, j) - want.re(i, j)) < 1e-12 && Math.abs(got.im(i, j) - want.im(i, j)) < 1e-12, `infinite rate: ρ_${i}${j}`);
  }
});
