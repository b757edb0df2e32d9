import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomModel, SeededRandom } from '../../src/index.ts';

test('seeded random numbers: same seed same stream; uniform mean and normal variance as drawn', () => {
  const a = new SeededRandom(7), b = new SeededRandom(7), c = new SeededRandom(8);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.uniform()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.uniform()));
  const r = new SeededRandom(3), N = 200_000;
  let s = 0, s2 = 0, u = 0;
  for (let i = 0; i < N; i++) { const z = r.normal(); s += z; s2 += z * z; u += r.uniform(); }
  assert.ok(Math.abs(s / N) < 0.01 && Math.abs(s2 / N - 1) < 0.01, `normal mean ${s / N}, variance ${s2 / N}`);
  assert.ok(Math.abs(u / N - 0.5) < 0.005, `uniform mean ${u / N}`);
});

test('random local model: tridiagonal Hermitian H, 3(n−1) one-entry channels, reproducible from its seed', () => {
  const m = randomModel({ structure: 'local', dim: 12, seed: 5 });
  const h = m.hamiltonian.toDense();
  for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) {
    const [re, im] = h.get(i, j), [rt, it] = h.get(j, i);
    assert.ok(re === rt && im === -it, 'Hermitian');
    if (Math.abs(i - j) > 1) assert.ok(re === 0 && im === 0, 'nearest-neighbour only');
  }
  assert.equal(m.channels.length, 33);
  for (const c of m.channels) assert.equal(c.operator.matrix.nnz, 1);
  const again = randomModel({ structure: 'local', dim: 12, seed: 5 });
  assert.deepEqual(again.hamiltonian.matrix.values, m.hamiltonian.matrix.values);
  assert.deepEqual(again.channels.map((c) => c.rate), m.channels.map((c) => c.rate));
  assert.notDeepEqual(randomModel({ structure: 'local', dim: 12, seed: 6 }).hamiltonian.matrix.values, m.hamiltonian.matrix.values);
});

test('random unstructured model: dense Hermitian H and dense jumps; bad options are refused by field', () => {
  const m = randomModel({ structure: 'unstructured', dim: 6, jumps: 3 });
  assert.equal(m.hamiltonian.matrix.nnz, 36);
  assert.equal(m.channels.length, 3);
  for (const c of m.channels) assert.equal(c.operator.matrix.nnz, 36);
  const h = m.hamiltonian.toDense();
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
    const [re, im] = h.get(i, j), [rt, it] = h.get(j, i);
    assert.ok(Math.abs(re - rt) < 1e-15 && Math.abs(im + it) < 1e-15);
  }
  assert.throws(() => randomModel({ structure: 'local', dim: 1 }), (e: Error & { field?: string }) => e.field === 'dim');
  assert.throws(() => randomModel({ structure: 'unstructured', dim: 4, jumps: 0 }), (e: Error & { field?: string }) => e.field === 'jumps');
  assert.throws(() => randomModel({ structure: 'ring' } as never), (e: Error & { field?: string }) => e.field === 'dim' || e.field === 'structure');
});
