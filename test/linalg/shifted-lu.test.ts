import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { denseLu } from '../../src/linalg/lu.ts';
import { ShiftedLu } from '../../src/linalg/shifted-lu.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { maxDiff, randomSparse, randomVector, rng, vecNorm } from './random.ts';

/** x solving (A + σD)x = b by a dense LU of the explicitly shifted matrix (an independent route). */
function denseReference(a: CsrMatrix, rows: ArrayLike<number>, sr: number, si: number, b: Float64Array): Float64Array {
  const d = a.toDense();
  for (let k = 0; k < rows.length; k++) d.addAt(rows[k], rows[k], sr, si);
  return denseLu(d).solve(b);
}

test('ShiftedLu solves (A + σD)x = b at many shifts like a dense LU of each shifted matrix, mostly by refactorisation', () => {
  const r = rng(7);
  for (let trial = 0; trial < 12; trial++) {
    const n = 5 + Math.floor(r() * 60), a = randomSparse(n, 3, 0.3 + r(), r);
    const rows = trial % 2 === 0 ? Int32Array.from({ length: n }, (_, k) => k) : Int32Array.from({ length: n - 1 }, (_, k) => k);
    const lu = new ShiftedLu(a, rows), b = randomVector(n, r);
    for (let s = 0; s < 25; s++) {
      const sr = (r() - 0.5) * 0.2, si = (s - 12) * 0.7;
      lu.factor(sr, si);
      const { x, relativeResidual } = lu.solve(b);
      const ref = denseReference(a, rows, sr, si, b);
      assert.ok(maxDiff(x, ref) <= 1e-10 * vecNorm(ref), `trial ${trial}, shift ${s}: |x − x_dense| = ${maxDiff(x, ref)}`);
      assert.ok(relativeResidual < 1e-14, `relative residual ${relativeResidual}`);
    }
    assert.equal(lu.stats.factorizations + lu.stats.refactorizations, 25);
    assert.ok(lu.stats.refactorizations >= 12, `only ${lu.stats.refactorizations} of 25 shifts refactorised`);
  }
});

test('ShiftedLu factorises afresh when a recorded pivot fails the threshold test (diagonal cancelled by the shift)', () => {
  // [[1, ½], [½, 1]] shifted by σ = −1: the recorded diagonal pivots become 0, in either column order.
  const a = CsrMatrix.fromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [1, 0.5, 0.5, 1], [0, 0, 0, 0]);
  const lu = new ShiftedLu(a);
  lu.factor(0, 0);
  lu.factor(-1, 0);
  assert.equal(lu.stats.factorizations, 2);
  const b = Float64Array.from([1, 0, 3, 0]);
  const { x } = lu.solve(b); // [[0, ½], [½, 0]] x = [1, 3] → x = [6, 2]
  assert.ok(maxDiff(x, Float64Array.from([6, 0, 2, 0])) < 1e-14);
});

test('ShiftedLu reports a singular shifted matrix as a LinalgError of kind "singular"', () => {
  const a = CsrMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 2], [0, 0]);
  const lu = new ShiftedLu(a);
  lu.factor(0, 3);
  assert.throws(() => lu.factor(-1, 0), (e: unknown) => e instanceof LinalgError && e.kind === 'singular');
});

test('ShiftedLu.solveAdjoint solves (A + σD)ᴴ z = b like a dense LU of the conjugate transpose, also after off-diagonal pivots', () => {
  const r = rng(11);
  let offDiagonal = 0;
  for (let trial = 0; trial < 10; trial++) {
    const n = 4 + Math.floor(r() * 70), a = randomSparse(n, 3, 0.01 + 0.05 * r(), r); // weak diagonals: off-diagonal pivots
    const rows = Int32Array.from({ length: n - (trial % 3) }, (_, k) => k);
    const lu = new ShiftedLu(a, rows), b = randomVector(n, r);
    for (let s = 0; s < 6; s++) {
      const sr = (r() - 0.5) * 0.02, si = (s - 3) * 0.013;
      lu.factor(sr, si);
      const d = a.toDense();
      for (let k = 0; k < rows.length; k++) d.addAt(rows[k], rows[k], sr, si);
      const ref = denseLu(d.adjoint()).solve(b), z = lu.solveAdjoint(b);
      assert.ok(maxDiff(z, ref) <= 1e-10 * vecNorm(ref), `trial ${trial}, shift ${s}: |z − z_dense| = ${maxDiff(z, ref)}`);
      // absApply is Σ_j |m_ij||x_j| of the shifted matrix
      const abs = lu.absApply(Float64Array.from({ length: n }, (_, j) => Math.hypot(ref[2 * j], ref[2 * j + 1])));
      for (let i = 0; i < n; i++) {
        let want = 0;
        for (let j = 0; j < n; j++) want += Math.hypot(d.re(i, j), d.im(i, j)) * Math.hypot(ref[2 * j], ref[2 * j + 1]);
        assert.ok(Math.abs(abs[i] - want) <= 1e-12 * want + 1e-300, `absApply row ${i}`);
      }
    }
    offDiagonal += (lu as unknown as { factors: { offDiagonalPivots: number } }).factors.offDiagonalPivots;
  }
  assert.ok(offDiagonal > 0, 'no off-diagonal pivot was exercised');
});
