import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { denseLu } from '../../src/linalg/lu.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { eigvals, type Eigenvalues } from '../../src/linalg/eig.ts';
import { arnoldiLargest } from '../../src/linalg/arnoldi.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { principalSubmatrix, reachableSet, stronglyConnectedComponents } from '../../src/linalg/pattern.ts';
import { rng, randomDense } from './random.ts';

/** Largest distance from an expected eigenvalue to its (greedily matched, distinct) computed one. */
function matchError(ev: Eigenvalues, expected: Array<[number, number]>): number {
  const used = new Uint8Array(ev.re.length);
  let worst = 0;
  for (const [r, i] of expected) {
    let best = Infinity, at = -1;
    for (let k = 0; k < ev.re.length; k++) {
      const d = Math.hypot(ev.re[k] - r, ev.im[k] - i);
      if (!used[k] && d < best) { best = d; at = k; }
    }
    used[at] = 1;
    worst = Math.max(worst, best);
  }
  return worst;
}

/** V·diag(λ)·V⁻¹ for a random (well-conditioned enough) V. */
function withEigenvalues(lambda: Array<[number, number]>, r: () => number): DenseMatrix {
  const n = lambda.length, v = randomDense(n, n, r);
  for (let i = 0; i < n; i++) v.addAt(i, i, 3, 0);
  return v.mul(DenseMatrix.diagonal(lambda)).mul(denseLu(v).solveMatrix(DenseMatrix.identity(n)));
}

test('eigvals: similarity transforms of known complex spectra (property)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
    const r = rng(seed);
    const lambda = Array.from({ length: n }, () => [10 * r() - 5, 10 * r() - 5] as [number, number]);
    const err = matchError(eigvals(withEigenvalues(lambda, r)), lambda);
    assert.ok(err < 1e-9, `n = ${n}: max eigenvalue error ${err}`);
  }), { numRuns: 40 });
});

test('eigvals: trace and determinant identities on random matrices', () => {
  const r = rng(7);
  for (const n of [2, 5, 17, 64]) {
    const a = randomDense(n, n, r);
    const ev = eigvals(a);
    let sr = 0, si = 0, pr = 1, pi = 0;
    for (let k = 0; k < n; k++) {
      sr += ev.re[k]; si += ev.im[k];
      [pr, pi] = [pr * ev.re[k] - pi * ev.im[k], pr * ev.im[k] + pi * ev.re[k]];
    }
    const [tr, ti] = a.trace();
    assert.ok(Math.hypot(sr - tr, si - ti) < 1e-11 * n, `trace n=${n}`);
    const lu = denseLu(a); // det = sign · Π U_ii
    let dr = lu.permSign, di = 0;
    for (let i = 0; i < n; i++) {
      const ur = lu.lu[2 * (i * n + i)], ui = lu.lu[2 * (i * n + i) + 1];
      [dr, di] = [dr * ur - di * ui, dr * ui + di * ur];
    }
    assert.ok(Math.hypot(pr - dr, pi - di) <= 1e-9 * Math.hypot(dr, di), `det n=${n}: ${pr},${pi} vs ${dr},${di}`);
  }
});

test('eigvals: Hermitian matrices agree with eigvalsh; real matrices give conjugate pairs', () => {
  const r = rng(11);
  const h = randomDense(30, 30, r).hermitianPart();
  const ev = eigvals(h), ref = eigvalsh(h);
  assert.ok(matchError(ev, Array.from(ref, (x) => [x, 0] as [number, number])) < 1e-12);
  const a = new DenseMatrix(25, 25);
  for (let k = 0; k < a.data.length; k += 2) a.data[k] = 2 * r() - 1;
  const e2 = eigvals(a);
  assert.ok(matchError(e2, Array.from(e2.re, (x, k) => [x, -e2.im[k]] as [number, number])) < 1e-12);
});

test('eigvals: edge cases (empty, 1×1, zero, triangular, badly scaled, Jordan block, non-square, NaN)', () => {
  assert.equal(eigvals(new DenseMatrix(0, 0)).re.length, 0);
  assert.deepEqual(Array.from(eigvals(DenseMatrix.fromRows([[[2, -3]]])).im), [-3]);
  assert.ok(matchError(eigvals(new DenseMatrix(4, 4)), [[0, 0], [0, 0], [0, 0], [0, 0]]) === 0);
  const tri = DenseMatrix.fromRows([[1, 5, [2, 1]], [0, [0, 2], 7], [0, 0, -3]]);
  assert.ok(matchError(eigvals(tri), [[1, 0], [0, 2], [-3, 0]]) < 1e-14);
  // Rates spanning 12 orders of magnitude, as in a stiff Liouvillian: balancing keeps them accurate.
  const s = DenseMatrix.fromRows([[-1e-6, 1e6], [0, -1e6]]);
  const es = eigvals(s);
  assert.ok(matchError(es, [[-1e-6, 0], [-1e6, 0]]) < 1e-9 * 1e6);
  assert.ok(Math.abs(Math.max(...es.re) + 1e-6) < 1e-15);
  // A 3×3 Jordan block perturbed at ε: eigenvalues only to ε^{1/3}.
  const j = DenseMatrix.fromRows([[2, 1, 0], [0, 2, 1], [0, 0, 2]]);
  assert.ok(matchError(eigvals(j), [[2, 0], [2, 0], [2, 0]]) < 1e-4);
  assert.throws(() => eigvals(new DenseMatrix(2, 3)), /square/);
  assert.throws(() => eigvals(DenseMatrix.fromRows([[NaN]])), /non-finite/);
});

test('arnoldi: largest-modulus eigenvalues of a shift-inverted sparse matrix', () => {
  const n = 300, r = rng(3);
  const lambda = Array.from({ length: n }, (_, k) => [-(k + 1) * 0.37, 5 * Math.sin(k)] as [number, number]);
  // Upper bidiagonal with the eigenvalues on the diagonal: non-normal, sparse.
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  lambda.forEach(([a, b], k) => { ri.push(k); ci.push(k); re.push(a); im.push(b); if (k + 1 < n) { ri.push(k); ci.push(k + 1); re.push(r()); im.push(0); } });
  const a = CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
  const res = arnoldiLargest((x) => a.matvec(x), n, { count: 3, maxDim: n });
  const top = [...lambda].sort((p, q) => Math.hypot(q[0], q[1]) - Math.hypot(p[0], p[1])).slice(0, 3);
  assert.ok(matchError({ re: res.re, im: res.im }, top) < 1e-8, `${Array.from(res.re)} vs ${top}`);
  assert.throws(() => arnoldiLargest((x) => x, 4, { count: 0 }), /count/);
});

test('pattern: reachable sets, strongly connected components and principal submatrices', () => {
  // 0 → 1 → 2 → 0 (a cycle), 3 → 0, 4 isolated. Edge j → i where A_ij ≠ 0.
  const a = CsrMatrix.fromTriplets(5, 5, [1, 2, 0, 0, 4], [0, 1, 2, 3, 4], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(reachableSet(a, [0])), [0, 1, 2]);
  assert.deepEqual(Array.from(reachableSet(a, [3])), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(reachableSet(a, [4])), [4]);
  const comps = stronglyConnectedComponents(a).map((c) => Array.from(c)).sort((p, q) => p[0] - q[0]);
  assert.deepEqual(comps, [[0, 1, 2], [3], [4]]);
  const sub = principalSubmatrix(a, [0, 2]).toDense();
  assert.deepEqual(sub.toRows(), [[[0, 0], [1, 0]], [[0, 0], [0, 0]]]);
});
