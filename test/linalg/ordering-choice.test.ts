/**
 * orderingBySmallestFill (sparse-lu.ts) stops each candidate's symbolic count once it cannot win
 * (symbolicCholesky's `limit`). Checked: a limited count is complete exactly when nnz(L) ≤ limit and then
 * equals the full count; and the choice equals the rule written out with full counts — natural order if
 * its fill is banded (≤ 4·nnz(A) + n), else RCM if banded, else the smaller of AMD and RCM (AMD on a tie) —
 * on banded, grid, random and Lindblad-like patterns (every branch taken).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { orderingBySmallestFill } from '../../src/linalg/sparse-lu.ts';
import { amdFromAdjacency } from '../../src/linalg/amd.ts';
import { naturalOrdering, patternAdjacency, rcmFromAdjacency } from '../../src/linalg/ordering.ts';
import { symbolicCholesky } from '../../src/linalg/symbolic.ts';
import { gridLaplacian, lindbladLike, randomPermutation, randomSparse, rng } from './sparse-fixtures.ts';

function permuted(a: CsrMatrix, p: Int32Array): CsrMatrix {
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < a.rows; i++) for (let t = a.rowPtr[i]; t < a.rowPtr[i + 1]; t++) { ri.push(p[i]); ci.push(p[a.colIdx[t]]); }
  return CsrMatrix.fromTriplets(a.rows, a.rows, ri, ci, ri.map(() => 1), ri.map(() => 0));
}

function patterns(): Array<[string, CsrMatrix]> {
  const r = rng(7), out: Array<[string, CsrMatrix]> = [];
  out.push(['banded (tridiagonal-like)', randomSparse(300, 2, r, 300, 2)]);
  out.push(['banded, scrambled', permuted(randomSparse(300, 2, r, 300, 2), randomPermutation(300, r))]);
  // A 4 × 100 strip of a grid, scrambled: the natural order fills in, RCM recovers a band.
  const ri: number[] = [], ci: number[] = [], at = (x: number, y: number) => x + 4 * y;
  for (let y = 0; y < 100; y++) for (let x = 0; x < 4; x++) {
    for (const [u, v] of [[x, y], [x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) if (u >= 0 && u < 4 && v >= 0 && v < 100) { ri.push(at(x, y)); ci.push(at(u, v)); }
  }
  out.push(['grid strip 4×100, scrambled', permuted(CsrMatrix.fromTriplets(400, 400, ri, ci, ri.map(() => 1), ri.map(() => 0)), randomPermutation(400, r))]);
  out.push(['grid 20×20', gridLaplacian(20)]);
  out.push(['grid 20×20, scrambled', permuted(gridLaplacian(20), randomPermutation(400, r))]);
  for (let k = 0; k < 4; k++) out.push([`random ${k}`, randomSparse(200 + 50 * k, 2 + k, r)]);
  out.push(['Lindblad-like', lindbladLike(12, 3)]);
  return out;
}

test('symbolicCholesky with a limit: complete exactly when nnz(L) ≤ limit, and then the full count', () => {
  for (const [name, a] of patterns()) {
    const g = patternAdjacency(a.rows, a.rowPtr, a.colIdx), q = rcmFromAdjacency(g);
    const full = symbolicCholesky(g, q);
    assert.equal(full.complete, true);
    for (const limit of [full.nnzL - 1, full.nnzL, full.nnzL + 1, Math.floor(full.nnzL / 3)]) {
      const s = symbolicCholesky(g, q, limit);
      assert.equal(s.complete, full.nnzL <= limit, `${name}, limit ${limit} of ${full.nnzL}`);
      if (s.complete) assert.deepEqual([s.nnzL, Array.from(s.colCount)], [full.nnzL, Array.from(full.colCount)]);
      else assert.ok(s.nnzL > limit && s.nnzL <= full.nnzL);
    }
  }
});

test('orderingBySmallestFill picks what the full counts pick (natural / RCM if banded, else the smaller of AMD and RCM)', () => {
  const seen = new Set<string>();
  for (const [name, a] of patterns()) {
    const n = a.rows, g = patternAdjacency(n, a.rowPtr, a.colIdx), banded = 4 * a.rowPtr[n] + n;
    const lu = (q: Int32Array) => 2 * symbolicCholesky(g, q).nnzL - n;
    const nat = naturalOrdering(n), rcm = rcmFromAdjacency(g), amd = amdFromAdjacency(g.n, g.ptr, g.idx);
    const [want, which] = lu(nat) <= banded ? [nat, 'natural'] : lu(rcm) <= banded ? [rcm, 'rcm'] : lu(amd) <= lu(rcm) ? [amd, 'amd'] : [rcm, 'rcm (not banded)'];
    seen.add(which);
    const got = orderingBySmallestFill(n, a.rowPtr, a.colIdx);
    assert.deepEqual(Array.from(got.ordering), Array.from(want), `${name}: expected ${which}`);
    assert.equal(got.nnzLU, lu(want));
    assert.deepEqual(Array.from(got.colCount), Array.from(symbolicCholesky(g, want).colCount));
  }
  assert.ok(seen.has('natural') && seen.has('rcm') && seen.has('amd'), `branches taken: ${[...seen].join(', ')}`);
});

test('fill-heavy patterns also try nested dissection and take it when its modelled factorisation cost is lower: a 15³ grid (dissection ≈ 0.5× AMD\'s work), not a 60×60 one (too little work to try)', async () => {
  const { nestedDissection } = await import('../../src/linalg/nested-dissection.ts');
  const { denseTail } = await import('../../src/linalg/sparse-lu-tail.ts');
  const cube = (k: number): CsrMatrix => {
    const ri: number[] = [], ci: number[] = [];
    for (let u = 0; u < k ** 3; u++) {
      ri.push(u); ci.push(u);
      for (const s of [1, k, k * k]) if (Math.floor(u / s) % k + 1 < k) { ri.push(u, u + s); ci.push(u + s, u); }
    }
    return CsrMatrix.fromTriplets(k ** 3, k ** 3, ri, ci, ri.map(() => 1), ri.map(() => 0));
  };
  const a = cube(15), g = patternAdjacency(a.rows, a.rowPtr, a.colIdx);
  const chosen = orderingBySmallestFill(a.rows, a.rowPtr, a.colIdx);
  const nd = nestedDissection(g), amd = symbolicCholesky(g, amdFromAdjacency(g.n, g.ptr, g.idx));
  assert.deepEqual(chosen.ordering, nd, 'the dissection order is taken');
  assert.ok(denseTail(chosen.colCount).cost < denseTail(amd.colCount).cost, 'with a lower modelled cost than AMD\'s');
  assert.ok(chosen.mulAdds <= 0.7 * amd.colCount.reduce((s, c) => s + (c - 1) ** 2, 0), `work ${chosen.mulAdds}`);
  const sq = gridLaplacian(60), sqChosen = orderingBySmallestFill(sq.rows, sq.rowPtr, sq.colIdx);
  const sqG = patternAdjacency(sq.rows, sq.rowPtr, sq.colIdx);
  assert.notDeepEqual(sqChosen.ordering, nestedDissection(sqG), 'a 60×60 grid (≈ 160 multiply–adds per entry) is not dissected');
});
