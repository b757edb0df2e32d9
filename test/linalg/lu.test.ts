import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { denseLu, denseLuReal } from '../../src/linalg/lu.ts';
import { axpy, cdot, norm2, normInf, scaleInPlace } from '../../src/linalg/vector.ts';
import { randomDense, randomVector, rng, vecNorm } from './random.ts';

const EPS = 2 ** -52;

/** Normwise backward error ‖A·x − b‖ / (‖A‖_F·‖x‖ + ‖b‖). */
function backwardError(a: DenseMatrix, x: Float64Array, b: Float64Array): number {
  const ax = a.matvec(x);
  for (let k = 0; k < ax.length; k++) ax[k] -= b[k];
  return vecNorm(ax) / (a.normFrobenius() * vecNorm(x) + vecNorm(b));
}

test('vector helpers: cdot is conjugate-linear in x, norm2 is overflow-safe, axpy/scale/normInf', () => {
  const x = Float64Array.of(1, 2, 3, -1), y = Float64Array.of(0, 1, 2, 2);
  // conj(1+2i)(i) + conj(3−i)(2+2i) = (2 + i) + (4 + 8i)
  assert.deepEqual(cdot(x, y), [6, 9]);
  assert.ok(Math.abs(norm2(Float64Array.of(3e200, 4e200)) / 5e200 - 1) < 1e-15);
  assert.ok(Math.abs(norm2(Float64Array.of(3e-200, 4e-200)) / 5e-200 - 1) < 1e-15);
  assert.equal(norm2(new Float64Array(4)), 0);
  assert.ok(Number.isNaN(norm2(Float64Array.of(1, NaN))));
  const z = Float64Array.of(1, 1, 0, 0);
  axpy(0, 1, x, z); // z += i·x
  assert.deepEqual(Array.from(z), [1 - 2, 1 + 1, 1, 3]);
  assert.deepEqual(Array.from(scaleInPlace(Float64Array.of(1, 2), 0, 1)), [-2, 1]);
  assert.equal(normInf(Float64Array.of(3, 4, 1, 0)), 5);
  assert.ok(Number.isNaN(normInf(Float64Array.of(NaN, 0, 1, 0))));
  assert.throws(() => cdot(x, Float64Array.of(1, 2)), LinalgError);
});

test('complex LU solve has a tiny backward error for random matrices of many sizes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
      const r = rng(seed), a = randomDense(n, n, r), b = randomVector(n, r);
      const lu = denseLu(a);
      const x = lu.solve(b);
      assert.ok(backwardError(a, x, b) < 10 * n * EPS, `n=${n}`);
      assert.ok(lu.minPivot > 0 && lu.minPivot <= lu.maxPivot);
      // x may alias b
      const bb = b.slice();
      lu.solve(bb, bb);
      assert.deepEqual(bb, x);
    }),
    { numRuns: 60 },
  );
});

test('solveMatrix agrees with column-by-column solves; A·A⁻¹ = I', () => {
  const r = rng(7);
  for (const n of [1, 2, 5, 17, 33]) {
    const a = randomDense(n, n, r), bm = randomDense(n, 3, r), lu = denseLu(a);
    const xm = lu.solveMatrix(bm);
    for (let j = 0; j < 3; j++) {
      const col = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) { col[2 * i] = bm.re(i, j); col[2 * i + 1] = bm.im(i, j); }
      const x = lu.solve(col);
      for (let i = 0; i < n; i++) {
        assert.ok(Math.hypot(x[2 * i] - xm.re(i, j), x[2 * i + 1] - xm.im(i, j)) < 1e-12 * (1 + vecNorm(x)));
      }
    }
    const inv = lu.solveMatrix(DenseMatrix.identity(n));
    assert.ok(a.mul(inv).sub(DenseMatrix.identity(n)).normFrobenius() < 1e-11 * n);
  }
});

test('determinant: multiplicative, exact on permutations and triangular matrices', () => {
  const r = rng(11);
  for (const n of [1, 2, 3, 6]) {
    const a = randomDense(n, n, r), b = randomDense(n, n, r);
    const [dar, dai] = denseLu(a).determinant(), [dbr, dbi] = denseLu(b).determinant();
    const [dcr, dci] = denseLu(a.mul(b)).determinant();
    const pr = dar * dbr - dai * dbi, pi = dar * dbi + dai * dbr;
    assert.ok(Math.hypot(pr - dcr, pi - dci) < 1e-12 * Math.max(1, Math.hypot(pr, pi)));
  }
  const swap = DenseMatrix.fromRows([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
  assert.deepEqual(denseLu(swap).determinant(), [-1, 0]);
  const tri = DenseMatrix.fromRows([[[2, 0], [5, 1], [1, 1]], [0, [0, 3], [7, 0]], [0, 0, [-1, 0]]]);
  const [tr, ti] = denseLu(tri).determinant();
  assert.ok(Math.abs(tr) === 0 && Math.abs(ti + 6) < 1e-14);
  assert.ok(Math.abs(denseLu(tri).logAbsDeterminant() - Math.log(6)) < 1e-15);
});

test('singular, non-square and non-finite inputs raise LinalgError', () => {
  const singular = [
    DenseMatrix.zeros(3),
    DenseMatrix.fromRows([[1, 2], [2, 4]]),
    DenseMatrix.fromRows([[[1, 1], [2, 0], [0, 3]], [[0, 0], [0, 0], [0, 0]], [[4, 0], [5, 1], [6, 2]]]),
    DenseMatrix.fromRows([[1, 0, 3], [2, 0, 5], [7, 0, 1]]), // zero column
  ];
  // Exactly duplicated rows in random complex matrices.
  const r = rng(3);
  for (const n of [2, 5, 12]) {
    const a = randomDense(n, n, r);
    a.data.copyWithin(2 * n * (n - 1), 0, 2 * n); // last row := first row
    singular.push(a);
  }
  for (const a of singular) assert.throws(() => denseLu(a), (e: unknown) => e instanceof LinalgError && /singular/.test(e.message));
  assert.throws(() => denseLu(DenseMatrix.zeros(2, 3)), LinalgError);
  const bad = DenseMatrix.identity(2);
  bad.set(0, 1, NaN);
  assert.throws(() => denseLu(bad), LinalgError);
  assert.throws(() => denseLu(DenseMatrix.identity(2)).solve(new Float64Array(2)), LinalgError);
});

test('pivots are extreme-scale safe (1e±200) and 0×0 is allowed', () => {
  for (const s of [1e200, 1e-200]) {
    const a = DenseMatrix.fromRows([[[s, s], [2 * s, 0]], [[0, 3 * s], [s, -s]]]);
    const b = Float64Array.of(1, 0, 0, 1);
    const x = denseLu(a).solve(b);
    const ax = a.matvec(x);
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(ax[k] - b[k]) < 1e-14, `scale ${s}`);
  }
  assert.equal(denseLu(DenseMatrix.zeros(0)).solve(new Float64Array(0)).length, 0);
});

test('real LU: random systems of many sizes, singular detection, determinant', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
      const r = rng(seed), a = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
      const b = Float64Array.from({ length: n }, () => 2 * r() - 1);
      const x = denseLuReal(n, a).solve(b);
      let res = 0, an = 0;
      for (let i = 0; i < n; i++) {
        let s = -b[i];
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        res += s * s;
      }
      for (const v of a) an += v * v;
      assert.ok(Math.sqrt(res) / (Math.sqrt(an) * vecNorm(x) + vecNorm(b)) < 10 * n * EPS);
    }),
    { numRuns: 60 },
  );
  const dup = Float64Array.of(0.3, 0.7, 0.1, 1.9, 2.3, 0.49, 0.3, 0.7, 0.1);
  assert.throws(() => denseLuReal(3, dup), LinalgError);
  assert.throws(() => denseLuReal(2, new Float64Array(3)), LinalgError);
  assert.throws(() => denseLuReal(1, Float64Array.of(Infinity)), LinalgError);
  assert.equal(denseLuReal(2, Float64Array.of(0, 2, 3, 0)).determinant(), -6);
});

test('blocked kernels: sizes around the panel width give the same answers as the unblocked math', () => {
  // n = 1..9 crosses the 4-column panel boundary and the 2-row register blocking.
  const r = rng(5);
  for (let n = 1; n <= 9; n++) {
    const a = randomDense(n, n, r);
    const inv = denseLu(a).solveMatrix(DenseMatrix.identity(n));
    assert.ok(inv.mul(a).sub(DenseMatrix.identity(n)).normFrobenius() < 1e-12 * n, `complex n=${n}`);
    const ar = Float64Array.from({ length: n * n }, () => 2 * r() - 1), lu = denseLuReal(n, ar);
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      const x = lu.solve(e);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += ar[i * n + k] * x[k];
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12 * n, `real n=${n}`);
      }
    }
  }
});
