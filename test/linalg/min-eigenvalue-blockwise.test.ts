/**
 * minEigenvalueBlockwise (linalg/blocks.ts) skips the eigensolve of a block that a Cholesky factorisation
 * of B − (best + margin)·I proves to lie above the best eigenvalue so far. Its result must be exactly the
 * minimum of every block's own eigensolve (hermitianMinEigenvalue / eigvalsh), and agree with eigvalsh of
 * the whole matrix to O(ε‖ρ‖) — on density-matrix-like block-diagonal matrices (permuted, near-singular
 * blocks with eigenvalues from 1e-16 to 1, ties between blocks, slightly negative eigenvalues).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { hermitianMinEigenvalue } from '../../src/linalg/eig-small.ts';
import { minEigenvalueBlockwise, nonzeroBlocks, submatrix } from '../../src/linalg/blocks.ts';
import { rng, withSpectrum } from './random.ts';

test('blockwise smallest eigenvalue with Cholesky-skipped blocks = min over every block\'s eigensolve, and ≈ eigvalsh of the whole', () => {
  const r = rng(11), work = new Float64Array(2 * 64);
  for (let trial = 0; trial < 300; trial++) {
    const sizes = Array.from({ length: 1 + (trial % 6) }, () => 1 + Math.floor(r() * (trial % 5 === 0 ? 10 : 8)));
    const n = sizes.reduce((a, b) => a + b, 0), perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const rho = new DenseMatrix(n, n);
    let at = 0;
    const tie = trial % 7 === 0 ? 10 ** (-16 * r()) : null; // the same smallest eigenvalue in every block
    for (const k of sizes) {
      const lambda = Array.from({ length: k }, (_, m) => (m === 0 && tie !== null ? tie : 10 ** (-16 * r()) * (r() < 0.1 ? -1e-3 : 1)));
      const b = withSpectrum(lambda, r);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) rho.set(perm[at + i], perm[at + j], b.re(i, j), i === j ? 0 : b.im(i, j));
      at += k;
    }
    const got = minEigenvalueBlockwise(rho);
    let every = Infinity;
    for (const block of nonzeroBlocks(rho)) {
      const low = block.length === 1 ? rho.re(block[0], block[0]) : block.length <= 8 ? hermitianMinEigenvalue(rho.data, n, block, work) : eigvalsh(submatrix(rho, block))[0];
      every = Math.min(every, low);
    }
    assert.equal(got, every, `trial ${trial}: blockwise ${got} vs every block ${every}`);
    const whole = eigvalsh(rho)[0];
    assert.ok(Math.abs(got - whole) <= 1e-14 * n, `trial ${trial}: ${got} vs eigvalsh ${whole}`);
  }
});
