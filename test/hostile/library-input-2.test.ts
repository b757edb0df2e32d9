/**
 * The newer physics APIs (counting statistics, thermodynamics, drives, correlations, N emitters, model
 * files) from plain JavaScript: bad input is a LindbladError naming the argument, never a TypeError, an
 * internal error, NaN in a result, a crash or a giant allocation; the valid edge cases next to them work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../../src/index.ts';

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
  assert.equal(L.evolve(cosDrive, excited, [0, 1, 2]).states.length, 3); // a normal span still integrates
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
