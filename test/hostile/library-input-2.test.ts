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
