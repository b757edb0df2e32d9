import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { hermitianMinEigenvalue } from '../../src/linalg/eig-small.ts';
import { rng } from './sparse-fixtures.ts';

test('hermitianMinEigenvalue agrees with eigvalsh to O(ε·‖A‖) for blocks of 1…8, any scale', () => {
  const r = rng(5), work = new Float64Array(2 * 64);
  let worst = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const k = 1 + (trial % 8), scale = 10 ** (Math.floor(r() * 60) - 40);
    const a = new DenseMatrix(k, k);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        const small = r() < 0.3 ? 1e-9 : 1, re = (r() - 0.5) * scale * small, im = i === j ? 0 : (r() - 0.5) * scale * small;
        a.set(i, j, re, im);
        a.set(j, i, re, -im);
      }
    }
    let m = 0;
    for (const x of a.data) m = Math.max(m, Math.abs(x));
    const idx = Array.from({ length: k }, (_, i) => i);
    const err = Math.abs(hermitianMinEigenvalue(a.data, k, idx, work) - eigvalsh(a)[0]) / (k * m);
    worst = Math.max(worst, err);
  }
  assert.ok(worst < 1e-14, `worst relative difference ${worst}`);
});

test('hermitianMinEigenvalue on a principal submatrix, the Hermitian part, zero and non-finite input', () => {
  const work = new Float64Array(32);
  // diag(3, 1, 2) embedded at rows/columns 0, 2, 3 of a 4×4 matrix with a non-Hermitian pair inside.
  const a = new DenseMatrix(4, 4);
  a.set(0, 0, 3); a.set(2, 2, 1); a.set(3, 3, 2); a.set(1, 1, -7);
  a.set(2, 3, 1, 0.5); a.set(3, 2, 1, 0.5); // Hermitian part: 1 (the imaginary parts cancel)
  const expected = eigvalsh(DenseMatrix.fromRows([[3, 0, 0], [0, 1, 1], [0, 1, 2]]))[0];
  assert.ok(Math.abs(hermitianMinEigenvalue(a.data, 4, [0, 2, 3], work) - expected) < 1e-15);
  assert.equal(hermitianMinEigenvalue(new DenseMatrix(3, 3).data, 3, [0, 1, 2], work), 0);
  const bad = new DenseMatrix(2, 2);
  bad.set(0, 1, NaN);
  assert.throws(() => hermitianMinEigenvalue(bad.data, 2, [0, 1], work), LinalgError);
});
