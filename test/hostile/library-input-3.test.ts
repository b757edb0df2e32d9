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
