/** Seeded random matrices and vectors for the linalg tests (not a test file itself). */
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { eigh } from '../../src/linalg/eigh.ts';

export { rng } from '../systems/random.ts';
import { rng } from '../systems/random.ts';

/** Entries uniform in [−1, 1) + i·[−1, 1). */
export function randomDense(rows: number, cols: number, r: () => number): DenseMatrix {
  const m = new DenseMatrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = 2 * r() - 1;
  return m;
}

export function randomVector(n: number, r: () => number): Float64Array {
  return Float64Array.from({ length: 2 * n }, () => 2 * r() - 1);
}

export function randomHermitian(n: number, r: () => number): DenseMatrix {
  return randomDense(n, n, r).hermitianPart();
}

/** A Haar-ish unitary: the eigenvectors of a random Hermitian matrix. */
export function randomUnitary(n: number, r: () => number): DenseMatrix {
  return eigh(randomHermitian(n, r)).vectors;
}

/** U·diag(λ)·U† for a random unitary U. */
export function withSpectrum(lambda: number[], r: () => number): DenseMatrix {
  const u = randomUnitary(lambda.length, r);
  return u.mul(DenseMatrix.diagonal(lambda)).mul(u.adjoint()).hermitianPart();
}

/**
 * Sparse complex matrix with about `perRow` random off-diagonal entries per row and a diagonal that
 * makes it strictly diagonally dominant by the factor `dominance` (> 1: well conditioned). The
 * diagonal phases are uniform in [−spread/2, spread/2]; a spread below π keeps the spectrum in a
 * half-plane (a full circle of phases can make restarted GMRES stagnate, as it should).
 */
export function randomSparse(n: number, perRow: number, dominance: number, r: () => number, spread = 2 * Math.PI): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < perRow; t++) {
      const j = Math.floor(r() * n);
      if (j === i) continue;
      const a = 2 * r() - 1, b = 2 * r() - 1;
      ri.push(i); ci.push(j); re.push(a); im.push(b);
      rowSum[i] += Math.hypot(a, b);
    }
  }
  for (let i = 0; i < n; i++) {
    const phase = spread * (r() - 0.5), mag = dominance * rowSum[i] + 0.5;
    ri.push(i); ci.push(i); re.push(mag * Math.cos(phase)); im.push(mag * Math.sin(phase));
  }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
}

/** Largest |x_i − y_i| over interleaved complex vectors, as a complex modulus. */
export function maxDiff(x: Float64Array, y: Float64Array): number {
  let m = 0;
  for (let k = 0; k < x.length; k += 2) m = Math.max(m, Math.hypot(x[k] - y[k], x[k + 1] - y[k + 1]));
  return m;
}

export function vecNorm(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
}
