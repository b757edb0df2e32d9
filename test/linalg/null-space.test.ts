import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { svd } from '../../src/linalg/svd.ts';
import { pivotedQr, applyQ, applyQAdjoint, multiplyR } from '../../src/linalg/qr.ts';
import { nullSpace, rightNullSpace } from '../../src/linalg/null-space.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { rng, randomDense, randomUnitary } from './random.ts';

/** U·diag(σ)·V† with random unitaries: a matrix whose singular values are exactly known. */
function planted(sigma: number[], seed: number): DenseMatrix {
  const r = rng(seed), n = sigma.length;
  return randomUnitary(n, r).mul(DenseMatrix.diagonal(sigma)).mul(randomUnitary(n, r).adjoint());
}

test('svd: singular values of a planted spectrum, orthonormal factors, A = U Σ V†', () => {
  for (const [n, seed] of [[5, 1], [17, 2], [40, 3]]) {
    const sigma = Array.from({ length: n }, (_, k) => 10 ** (-k / 3));
    const a = planted(sigma, seed);
    const d = svd(a);
    sigma.forEach((s, k) => assert.ok(Math.abs(d.values[k] - s) <= 1e-14 * n, `σ_${k}: ${d.values[k]} vs ${s}`));
    assert.ok(d.v.adjoint().mul(d.v).sub(DenseMatrix.identity(n)).normFrobenius() < 1e-13 * n);
    const rebuilt = d.u.mul(DenseMatrix.diagonal(Array.from(d.values))).mul(d.v.adjoint());
    assert.ok(rebuilt.sub(a).normFrobenius() < 1e-13 * n, 'A = UΣV†');
  }
  // rectangular (more rows than columns) and its error for the other shape
  const a = randomDense(9, 4, rng(4));
  const d = svd(a);
  assert.equal(d.values.length, 4);
  assert.ok(d.u.mul(DenseMatrix.diagonal(Array.from(d.values))).mul(d.v.adjoint()).sub(a).normFrobenius() < 1e-13);
  assert.throws(() => svd(randomDense(3, 5, rng(5))), LinalgError);
});

test('pivoted QR: A·P = Q·R, Q unitary, |R_kk| non-increasing', () => {
  const a = randomDense(12, 12, rng(6));
  const qr = pivotedQr(a);
  for (let k = 1; k < 12; k++) assert.ok(Math.hypot(qr.rr[k][k], qr.ri[k][k]) <= Math.hypot(qr.rr[k - 1][k - 1], qr.ri[k - 1][k - 1]) * (1 + 1e-12));
  for (let j = 0; j < 12; j++) {
    // column j of Q·R equals column perm[j] of A
    const xr = new Float64Array(12), xi = new Float64Array(12), yr = new Float64Array(12), yi = new Float64Array(12);
    xr[j] = 1;
    multiplyR(qr, xr, xi, yr, yi);
    applyQ(qr, yr, yi);
    for (let i = 0; i < 12; i++) {
      assert.ok(Math.hypot(yr[i] - a.re(i, qr.perm[j]), yi[i] - a.im(i, qr.perm[j])) < 1e-13);
    }
    // Q†Q = I on a unit vector
    const ur = new Float64Array(12), ui = new Float64Array(12);
    ur[j] = 1;
    applyQ(qr, ur, ui);
    applyQAdjoint(qr, ur, ui);
    for (let i = 0; i < 12; i++) assert.ok(Math.hypot(ur[i] - (i === j ? 1 : 0), ui[i]) < 1e-14);
  }
});

test('null space: the kernel dimension of planted spectra, with slow modes at 1e-5 and 1e-6 not counted', () => {
  for (const [slow, seed] of [[1e-5, 7], [1e-6, 8], [1e-7, 9]]) {
    const n = 30, sigma = Array.from({ length: n }, (_, k) => (k < 2 ? 0 : k === 2 ? slow : 1 + k / n));
    const a = planted(sigma, seed);
    const ns = nullSpace(a);
    assert.equal(ns.right.cols, 2, `slow mode ${slow}`);
    assert.ok(ns.next > 0.5 * slow / Math.sqrt(n) && ns.kernel < 1e-14, `gap ${ns.kernel} … ${ns.next}`);
    // right and left null vectors: orthonormal, A x ≈ 0 and u†A ≈ 0 to rounding
    assert.ok(a.mul(ns.right).normFrobenius() < 1e-13);
    assert.ok(ns.left.adjoint().mul(a).normFrobenius() < 1e-13);
    assert.ok(ns.right.adjoint().mul(ns.right).sub(DenseMatrix.identity(2)).normFrobenius() < 1e-12);
  }
});

test('null space: no clear gap is an error, not a guess', () => {
  const n = 20, sigma = Array.from({ length: n }, (_, k) => (k === 0 ? 0 : k === 1 ? 1e-10 : 1));
  assert.throws(() => nullSpace(planted(sigma, 10)), (e: unknown) => e instanceof LinalgError && e.kind === 'not-converged' && /no clear gap/.test(e.message));
});

test('null space: full rank gives none; the zero matrix gives everything; exactly zero columns give exact unit vectors', () => {
  const full = nullSpace(planted([3, 2, 1, 0.5], 11));
  assert.equal(full.right.cols, 0);
  assert.ok(full.next > 0.1);
  assert.equal(nullSpace(new DenseMatrix(3, 3)).right.cols, 3);
  // columns 1 and 3 are zero; the rest has a one-dimensional kernel (column 4 = column 0 + column 2)
  const a = randomDense(5, 5, rng(12));
  for (let i = 0; i < 5; i++) {
    a.set(i, 1, 0, 0); a.set(i, 3, 0, 0);
    a.set(i, 4, a.re(i, 0) + a.re(i, 2), a.im(i, 0) + a.im(i, 2));
  }
  const r = rightNullSpace(a);
  assert.equal(r.vectors.cols, 3);
  assert.deepEqual([r.vectors.re(1, 0), r.vectors.re(3, 1)], [1, 1]);
  for (const [i, c] of [[0, 0], [2, 0], [4, 0], [0, 1], [2, 1], [4, 1], [3, 0], [1, 1]]) assert.equal(Math.hypot(r.vectors.re(i, c), r.vectors.im(i, c)), 0);
  assert.ok(a.mul(r.vectors).normFrobenius() < 1e-14);
});

/** X·Yᵀ for sparse integer n×r factors (entries in −2…2, half of them zero): rank r for these seeds, with exact zeros in its QR. */
function sparseLowRank(n: number, r: number, seed: number): DenseMatrix {
  const g = rng(seed), pick = () => (g() < 0.5 ? 0 : Math.floor(5 * g()) - 2);
  const x = Array.from({ length: n }, () => Array.from({ length: r }, pick)), y = Array.from({ length: n }, () => Array.from({ length: r }, pick));
  for (let k = 0; k < r; k++) { x[k][k] = 1; y[(k * 7 + 3) % n][k] = 1; } // full column rank of both factors
  const a = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < r; k++) s += x[i][k] * y[j][k]; a.set(i, j, s, 0); }
  return a;
}

/** The numerical rank by the SVD (values above 1e-10 of the largest; these matrices have no values in between). */
function svdRank(a: DenseMatrix): number {
  const v = svd(a).values;
  return Array.from(v).filter((x) => x > 1e-10 * v[0]).length;
}

test('null space of structured matrices (exact zeros, integer entries, a superoperator and its adjoint): each null vector once, orthonormal', () => {
  // D[σ⁻]† of a qubit (column-stacked): its pivoted QR has an exactly zero diagonal entry coupled to the first
  // column; inverse iteration pulled every vector of the block onto the one null vector (1, 0, 0, 1)/√2 with
  // different phases, and two were counted (the infinitely-fast limit then refused a qubit with an infinite decay).
  const dAdjoint = new DenseMatrix(4, 4);
  dAdjoint.set(3, 0, 1, 0); dAdjoint.set(1, 1, -0.5, 0); dAdjoint.set(2, 2, -0.5, 0); dAdjoint.set(3, 3, -1, 0);
  const cases: Array<[string, DenseMatrix]> = [['D[σ⁻]†', dAdjoint], ['D[σ⁻]', dAdjoint.adjoint()]];
  for (let seed = 0; seed < 24; seed++) {
    const n = 4 + (seed % 9), r = 1 + (seed % (n - 1));
    cases.push([`sparse integer rank ≤ ${r}, n = ${n} (seed ${seed})`, sparseLowRank(n, r, 100 + seed)]);
  }
  for (const [what, a] of cases) {
    const n = a.rows, want = n - svdRank(a);
    for (const [side, m] of [['right', a], ['left', a.adjoint()]] as const) {
      const ns = nullSpace(m), k = ns.right.cols;
      assert.equal(k, want, `${what}, ${side}: kernel dimension`);
      assert.equal(rightNullSpace(m).vectors.cols, want, `${what}, ${side}: rightNullSpace`);
      assert.ok(ns.right.adjoint().mul(ns.right).sub(DenseMatrix.identity(k)).normFrobenius() < 1e-12, `${what}, ${side}: orthonormal`);
      assert.ok(m.mul(ns.right).normFrobenius() < 1e-12 * Math.max(1, m.normFrobenius()), `${what}, ${side}: A x ≈ 0`);
    }
  }
});
