import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import {
  amdOrdering, invertPermutation, isPermutation, naturalOrdering, reverseCuthillMcKee, symmetricAdjacency,
  type Adjacency,
} from '../../src/linalg/ordering.ts';
import { symbolicCholesky } from '../../src/linalg/symbolic.ts';
import { gridLaplacian, lindbladLike, randomPermutation, randomSparse, rng } from './sparse-fixtures.ts';

/** Random square pattern with `perRow` entries per row, optionally plus a few dense rows/columns. */
function randomPattern(n: number, perRow: number, seed: number, denseLines = 0): CsrMatrix {
  const r = rng(seed);
  const ri: number[] = [], ci: number[] = [], v: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < perRow; t++) { ri.push(i); ci.push(Math.floor(r() * n)); v.push(1); }
  }
  for (let d = 0; d < denseLines && n > 0; d++) {
    const k = Math.floor(r() * n);
    for (let j = 0; j < n; j++) {
      if (r() < 0.5) { ri.push(k); ci.push(j); } else { ri.push(j); ci.push(k); }
      v.push(1);
    }
  }
  return CsrMatrix.fromTriplets(n, n, ri, ci, v, v.map(() => 0));
}

/** Brute-force nnz of the Cholesky factor of P(A+Aᵀ)Pᵀ: dense boolean elimination. */
function bruteFill(g: Adjacency, perm: Int32Array): number {
  const n = g.n, pinv = invertPermutation(perm);
  const m: Uint8Array[] = Array.from({ length: n }, () => new Uint8Array(n));
  for (let i = 0; i < n; i++) {
    m[pinv[i]][pinv[i]] = 1;
    for (let t = g.ptr[i]; t < g.ptr[i + 1]; t++) m[pinv[i]][pinv[g.idx[t]]] = 1;
  }
  let nnz = 0;
  for (let k = 0; k < n; k++) {
    const below: number[] = [];
    for (let i = k; i < n; i++) if (m[i][k]) below.push(i);
    nnz += below.length;
    for (const i of below) for (const j of below) m[i][j] = 1;
  }
  return nnz;
}

test('symmetricAdjacency is the sorted pattern of A + Aᵀ without the diagonal', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const n = 1 + (seed * 7) % 40;
    const a = randomPattern(n, 3, seed);
    const g = symmetricAdjacency(a);
    const d = a.toDense();
    for (let i = 0; i < n; i++) {
      const expected: number[] = [];
      for (let j = 0; j < n; j++) {
        if (i !== j && (d.re(i, j) !== 0 || d.re(j, i) !== 0)) expected.push(j);
      }
      assert.deepEqual(Array.from(g.idx.subarray(g.ptr[i], g.ptr[i + 1])), expected);
    }
  }
  assert.throws(() => symmetricAdjacency(CsrMatrix.zeros(2, 3)), LinalgError);
});

test('AMD and RCM return valid permutations (random, unsymmetric, empty and dense rows)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 250 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.integer(),
      (n, perRow, dense, seed) => {
        const a = randomPattern(n, perRow, seed, dense);
        const p = amdOrdering(a);
        assert.ok(isPermutation(p, n), `AMD n=${n}`);
        assert.ok(isPermutation(reverseCuthillMcKee(a), n), `RCM n=${n}`);
        assert.ok(isPermutation(amdOrdering(a, { denseThreshold: 2 }), n), 'AMD with tiny dense threshold');
      }),
    { numRuns: 150 },
  );
  assert.ok(!isPermutation(Int32Array.of(0, 0), 2));
  assert.ok(!isPermutation(Int32Array.of(0, 2), 2));
  assert.ok(!isPermutation(Int32Array.of(0), 2));
});

test('symbolicCholesky counts agree with brute-force elimination', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const n = 1 + (seed * 13) % 60;
    const a = randomPattern(n, 2, seed, seed % 3 === 0 ? 1 : 0);
    const g = symmetricAdjacency(a);
    for (const perm of [naturalOrdering(n), amdOrdering(a), randomPermutation(n, rng(seed + 1000))]) {
      const s = symbolicCholesky(g, perm);
      assert.equal(s.nnzL, bruteFill(g, perm), `seed ${seed}`);
      assert.equal(s.colCount.reduce((x, y) => x + y, 0), s.nnzL);
    }
  }
});

test('AMD fill on a 100×100 grid Laplacian is far below the natural and RCM fill', () => {
  const a = gridLaplacian(100);
  const g = symmetricAdjacency(a);
  const amd = symbolicCholesky(g, amdOrdering(a)).nnzL;
  const rcm = symbolicCholesky(g, reverseCuthillMcKee(a)).nnzL;
  const nat = symbolicCholesky(g, naturalOrdering(a.rows)).nnzL;
  // natural ordering: band of width 100 ⇒ ≈ 10⁶; nested-dissection-like orderings ≈ 2·10⁵.
  assert.ok(amd < 0.3 * nat, `AMD ${amd} vs natural ${nat}`);
  assert.ok(amd < 0.5 * rcm, `AMD ${amd} vs RCM ${rcm}`);
  assert.ok(amd < 260_000, `AMD fill ${amd}`);
  assert.ok(rcm < nat, `RCM ${rcm} vs natural ${nat}`);
});

test('AMD does not create fill where none is needed: trees, arrowheads, block diagonals', () => {
  // Arrowhead with the hub at index 0: natural order fills completely, AMD eliminates the hub last.
  const n = 200;
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < n; i++) { ri.push(i, 0, i); ci.push(i, i, 0); }
  const arrow = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
  const g = symmetricAdjacency(arrow);
  assert.equal(symbolicCholesky(g, amdOrdering(arrow)).nnzL, 2 * n - 1);
  assert.equal(symbolicCholesky(g, amdOrdering(arrow, { denseThreshold: n })).nnzL, 2 * n - 1);
  assert.equal(symbolicCholesky(g, naturalOrdering(n)).nnzL, n * (n + 1) / 2);
  // A random tree (each node linked to an earlier one) has a no-fill ordering; AMD finds one.
  const r = rng(3);
  const tr: number[] = [], tc: number[] = [];
  for (let i = 1; i < 500; i++) { tr.push(i); tc.push(Math.floor(r() * i)); }
  const tree = CsrMatrix.fromTriplets(500, 500, tr, tc, tr.map(() => 1), tr.map(() => 0));
  assert.equal(symbolicCholesky(symmetricAdjacency(tree), amdOrdering(tree)).nnzL, 500 + 499);
  // Block diagonal of disjoint cliques: no fill at all.
  const br: number[] = [], bc: number[] = [];
  for (let b = 0; b < 20; b++) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) { br.push(5 * b + i); bc.push(5 * b + j); }
  const blocks = CsrMatrix.fromTriplets(100, 100, br, bc, br.map(() => 1), br.map(() => 0));
  assert.equal(symbolicCholesky(symmetricAdjacency(blocks), amdOrdering(blocks)).nnzL, 20 * 15);
});

test('AMD is no worse than natural or RCM on Lindblad-patterned and random patterns', () => {
  for (const a of [lindbladLike(12, 1), lindbladLike(20, 2, 2, 2, 0, 2), randomSparse(400, 3, rng(9))]) {
    const g = symmetricAdjacency(a);
    const amd = symbolicCholesky(g, amdOrdering(a)).nnzL;
    assert.ok(amd <= symbolicCholesky(g, naturalOrdering(a.rows)).nnzL, 'vs natural');
    assert.ok(amd <= symbolicCholesky(g, reverseCuthillMcKee(a)).nnzL, 'vs RCM');
  }
});
