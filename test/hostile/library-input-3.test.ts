/**
 * More of library-input-2.test.ts (the newer physics APIs from plain JavaScript), in a file of its own to
 * keep each file short: resource limits of the N-emitter evolution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../../src/index.ts';

test('evolve of an N-emitter model: output states beyond the memory budget are refused before integrating', () => {
  const model = L.emittersInCavity({ emitters: 3, kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 });
  const s0 = L.emittersBasisState(model), many = Array.from({ length: 20_000 }, (_, k) => k * 1e-3);
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '1M';
  try {
    assert.throws(() => L.evolve(model, s0, many), (e: unknown) => e instanceof L.LindbladError && e.code === 'unsupported' && e.field === 'times');
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  assert.equal(L.evolve(model, s0, [0, 1, 2]).states.length, 3);
});

test('N-emitter states: a DickeCavityState of the wrong length, with NaN entries or of trace 2 is refused by the measures, not turned into NaN or doubled moments', () => {
  const model = L.emittersInCavity({ emitters: 2, kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 1 });
  const s = L.emittersBasisState(model), nan = new Float64Array(s.values.length).fill(NaN), twice = s.values.map((x) => 2 * x);
  const field = (f: () => unknown): string | undefined => {
    try { f(); } catch (e) { assert.ok(e instanceof L.LindbladError, String(e)); return e.field; }
    return 'returned';
  };
  assert.equal(field(() => new L.DickeCavityState(s.sector, new Float64Array(2))), 'values'); // NaN moments before
  assert.equal(field(() => new L.DickeCavityState(5 as never, s.values)), 'sector');
  const bad = new L.DickeCavityState(s.sector, nan), double = new L.DickeCavityState(s.sector, twice);
  for (const [what, f] of [
    ['emitterMoments NaN', () => L.emitterMoments(bad)], ['cavityG2 NaN', () => L.cavityG2(bad)], // g² "the cavity is empty" before
    ['spinSqueezing NaN', () => L.spinSqueezing(bad)], ['emitterMoments trace 2', () => L.emitterMoments(double)], // ⟨J_z⟩ = −2 for N = 2 before
    ['emittersHeatCurrents trace 2', () => L.emittersHeatCurrents(model, double)], ['pairConcurrence trace 2', () => L.pairConcurrence(double)],
  ] as const) assert.equal(field(f), 'state', what);
  assert.equal(L.emitterMoments(new L.DickeCavityState(s.sector, s.values.slice())).jz, -1);
  assert.equal(L.emitterMoments(L.evolve(model, s, [0, 5]).states[1]!).emitters, 2); // evolved states pass
});

test('trajectories: the per-block statistics of many trajectories at many times are checked against the memory budget', () => {
  const sp = L.space({ q: L.qubit() }), sm = L.op(sp, 'q', 'sigma_minus');
  const model = L.lindbladModel(sp, { channels: [{ operator: sm, rate: 1 }] }), ket = { kind: 'ket' as const, psi: L.basisKet(sp, { q: 1 }) };
  const times = Array.from({ length: 1000 }, (_, k) => k * 1e-3);
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  process.env.LINDBLAD_MAX_MEMORY = '10M'; // 1e5 trajectories: 1563 blocks × 32 kB = 50 MB of block statistics (1.6 MB of per-trajectory records)
  try {
    assert.throws(() => L.trajectoriesSync(model, ket, times, { count: 100_000, seed: 1 }), (e: unknown) => e instanceof L.LindbladError && e.code === 'unsupported' && e.field === 'count');
    assert.equal(L.trajectoriesSync(model, ket, times, { count: 64, seed: 1 }).jumpCounts.length, 64);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
});
