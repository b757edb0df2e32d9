/**
 * AMD's list pool (linalg/amd.ts): the permutation does not depend on the pool's size — a pool just large
 * enough for the input lists forces many compactions (live lists copied, garbage dropped), and the result
 * must equal the default pool's, which on these patterns never compacts — and it is a valid permutation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amdFromAdjacency } from '../../src/linalg/amd.ts';
import { isPermutation, patternAdjacency } from '../../src/linalg/ordering.ts';
import { gridLaplacian, lindbladLike } from './sparse-fixtures.ts';

test('AMD: the same permutation with a minimal pool (many compactions) as with the default one', () => {
  const cases = [gridLaplacian(30), gridLaplacian(7, 0.5), lindbladLike(12, 1), lindbladLike(16, 4, 3, 3, 0, 2), lindbladLike(9, 2, 1, 1)];
  for (const a of cases) {
    const g = patternAdjacency(a.rows, a.rowPtr, a.colIdx);
    const reference = amdFromAdjacency(g.n, g.ptr, g.idx);
    assert.ok(isPermutation(reference, g.n));
    for (const threshold of [undefined, 8]) {
      const big = amdFromAdjacency(g.n, g.ptr, g.idx, threshold), small = amdFromAdjacency(g.n, g.ptr, g.idx, threshold, 0);
      assert.deepEqual(Array.from(small), Array.from(big), `n = ${g.n}, dense threshold ${threshold ?? 'default'}`);
    }
  }
});
