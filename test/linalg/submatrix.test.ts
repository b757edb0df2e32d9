/** Principal submatrices and the coupling test of a splitting (linalg/submatrix.ts) against dense extraction. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { crossCoupling, indexMap, principalSubmatrix } from '../../src/linalg/submatrix.ts';

function random(n: number, density: number, seed: number): CsrMatrix {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (rnd() < density) { ri.push(r); ci.push(c); re.push(rnd() - 0.5); im.push(rnd() - 0.5); }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
}

test('principalSubmatrix equals the dense A[S, S] (with and without a filter)', () => {
  for (const seed of [1, 2, 3]) {
    const n = 23, a = random(n, 0.3, seed), { at, size } = indexMap(n, (k) => (k * 7 + seed) % 3 !== 0);
    const S = Array.from({ length: n }, (_, k) => k).filter((k) => at[k] >= 0);
    assert.equal(S.length, size);
    const keep = (r: number, c: number) => (r + c) % 2 === 0;
    for (const f of [undefined, keep]) {
      const b = principalSubmatrix(a, at, size, f);
      for (let i = 0; i < size; i++) for (let k = 0; k < size; k++) {
        const want = !f || f(S[i], S[k]) ? a.get(S[i], S[k]) : [0, 0];
        assert.deepEqual(b.get(i, k), want);
      }
      for (let i = 0; i < size; i++) for (let p = b.rowPtr[i] + 1; p < b.rowPtr[i + 1]; p++) assert.ok(b.colIdx[p] > b.colIdx[p - 1], 'columns sorted');
    }
  }
});

test('crossCoupling finds a coupling between the parts and none for a block-diagonal matrix', () => {
  const n = 12, part = Int32Array.from({ length: n }, (_, k) => k % 2);
  const ri: number[] = [], ci: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (part[r] === part[c] && (r + c) % 3 !== 1) { ri.push(r); ci.push(c); }
  const diag = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
  assert.equal(crossCoupling(diag, part), null);
  const coupled = CsrMatrix.fromTriplets(n, n, [...ri, 4], [...ci, 7], [...ri.map(() => 1), 0.5], [...ri.map(() => 0), 0]);
  assert.deepEqual(crossCoupling(coupled, part), [4, 7]);
  // A stored zero is no coupling.
  const zero = new CsrMatrix(n, n, coupled.rowPtr, coupled.colIdx, coupled.values.map((v, q) => (coupled.colIdx[q >> 1] === 7 && q >> 1 === coupled.rowPtr[4] + [...coupled.colIdx.subarray(coupled.rowPtr[4], coupled.rowPtr[5])].indexOf(7) ? 0 : v)));
  assert.equal(crossCoupling(zero, part), null);
});
