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

/** Connected components by breadth-first search over |m_ij| + |m_ji| > threshold: an independent reference. */
function componentsByBfs(m: DenseMatrix, threshold: number): number[][] {
  const n = m.rows, seen = new Uint8Array(n), groups: number[][] = [];
  const linked = (i: number, j: number) => Math.hypot(m.re(i, j), m.im(i, j)) > threshold || Math.hypot(m.re(j, i), m.im(j, i)) > threshold;
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const group = [s], queue = [s];
    seen[s] = 1;
    while (queue.length > 0) {
      const i = queue.shift()!;
      for (let j = 0; j < n; j++) if (!seen[j] && j !== i && linked(i, j)) { seen[j] = 1; group.push(j); queue.push(j); }
    }
    groups.push(group.sort((a, b) => a - b));
  }
  return groups; // in order of their smallest index: s runs upwards
}

test('nonzeroBlocks = breadth-first components (groups by smallest index, members ascending), with and without support, sizes up and down', () => {
  const r = rng(29);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(r() * (trial % 3 === 0 ? 40 : 12)), m = new DenseMatrix(n, n);
    const density = r() * 3 / n, pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      m.set(i, i, r(), 0);
      for (let j = i + 1; j < n; j++) {
        if (r() >= density) continue;
        const v = trial % 4 === 0 ? 1e-3 * r() : r(); // some below the threshold tested below
        if (r() < 0.5) m.set(i, j, v, -v); else m.set(j, i, 0, v);
        pairs.push([i, j]);
      }
    }
    assert.deepEqual(nonzeroBlocks(m), componentsByBfs(m, 0), `trial ${trial}`);
    assert.deepEqual(nonzeroBlocks(m, 1e-2), componentsByBfs(m, 1e-2), `trial ${trial}, threshold`);
    const support = { rows: Int32Array.from(pairs, (p) => p[0]), cols: Int32Array.from(pairs, (p) => p[1]) };
    assert.deepEqual(nonzeroBlocks(m, 0, support), componentsByBfs(m, 0), `trial ${trial}, support`);
  }
});
