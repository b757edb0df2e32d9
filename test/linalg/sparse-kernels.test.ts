/**
 * scatterAxpy (linalg/sparse-kernels.ts), the unrolled inner loop of the sparse LU: bit for bit the plain
 * loop x[idx[p]] −= val[p]·a for every length (remainders 0–3 of the unrolling) and offset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scatterAxpy } from '../../src/linalg/sparse-kernels.ts';
import { rng } from '../systems/random.ts';

test('scatterAxpy is bit-identical to the plain indexed loop (lengths 0–13, offsets 0–2)', () => {
  const r = rng(11), n = 40;
  for (let len = 0; len <= 13; len++) {
    for (let start = 0; start <= 2; start++) {
      // Distinct indices per column, as in the factors; values spanning many magnitudes.
      const idx = new Int32Array(start + len + 2), val = new Float64Array(idx.length);
      const perm = Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
      for (let p = 0; p < idx.length; p++) { idx[p] = perm[p % n]; val[p] = (r() - 0.5) * 10 ** Math.round(8 * r() - 4); }
      const x0 = Float64Array.from({ length: n }, () => r() - 0.5), a = (r() - 0.5) * 3;
      const want = Float64Array.from(x0), got = Float64Array.from(x0);
      for (let p = start; p < start + len; p++) want[idx[p]] -= val[p] * a;
      scatterAxpy(got, idx, val, start, start + len, a);
      assert.deepEqual(Array.from(got), Array.from(want), `length ${len}, start ${start}`);
    }
  }
});
