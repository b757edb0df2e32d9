/**
 * Spectral helpers for the measures: the clipped spectrum of a density matrix, functions of it, and the
 * trace norm. All eigen-decompositions go through `src/linalg/eigh.ts`.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigh, eigvalsh } from '../linalg/eigh.ts';
import { INPUT_TOLERANCE, MeasureError, hermitianInput } from './errors.ts';

const EPS = 2 ** -52;
const MIN_NORMAL = 2 ** -1022;

/** Eigen-decomposition of a density matrix with its round-off negative eigenvalues set to 0. */
export interface StateSpectrum {
  /** Eigenvalues, ascending, every one ≥ 0. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns. */
  vectors: DenseMatrix;
}

/**
 * Symmetrises ρ, diagonalises it and clips its negative eigenvalues at 0. Throws a MeasureError if ρ is
 * not Hermitian or has an eigenvalue below −INPUT_TOLERANCE·max(1, Σ|λ|) (not positive semidefinite).
 * With `dropRoundoff`, eigenvalues up to 2·n·ε·max|λ| (the eigensolver's own accuracy, below which a
 * computed eigenvalue cannot be told from 0) are set to 0 as well, so rank-deficient states keep their
 * exact rank: used where √λ would otherwise turn 1e-17 of round-off into 3e-9.
 */
export function stateSpectrum(rho: DenseMatrix, fn: string, field = 'rho', dropRoundoff = false): StateSpectrum {
  const h = flushNegligible(hermitianInput(rho, fn, field));
  const { values, vectors } = eigh(h);
  let abs = 0;
  for (const v of values) abs += Math.abs(v);
  const min = values[0];
  if (min < -INPUT_TOLERANCE * Math.max(1, abs)) {
    throw new MeasureError('invalid-input',
      `${fn}: matrix is not positive semidefinite (smallest eigenvalue ${min.toPrecision(3)})`, field);
  }
  let floor = 0;
  if (dropRoundoff) for (const v of values) floor = Math.max(floor, 2 * values.length * EPS * Math.abs(v));
  const clipped = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) clipped[i] = values[i] > floor ? values[i] : 0;
  return { values: clipped, vectors };
}

/** V·diag(f(λ_i))·V† for an eigen-decomposition (values, vectors as columns). */
export function spectralFunction(s: StateSpectrum, f: (lambda: number) => number): DenseMatrix {
  const v = s.vectors, n = v.rows;
  const out = new DenseMatrix(n, n);
  const vd = v.data, o = out.data;
  for (let k = 0; k < s.values.length; k++) {
    const w = f(s.values[k]);
    if (w === 0) continue;
    for (let i = 0; i < n; i++) {
      const ar = vd[2 * (i * n + k)], ai = vd[2 * (i * n + k) + 1];
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < n; j++) {
        // w · v_ik · conj(v_jk)
        const br = vd[2 * (j * n + k)], bi = vd[2 * (j * n + k) + 1];
        o[2 * (i * n + j)] += w * (ar * br + ai * bi);
        o[2 * (i * n + j) + 1] += w * (ai * br - ar * bi);
      }
    }
  }
  return out;
}

/** The eigenvalues of a Hermitian matrix after symmetrising it (no Hermiticity check). */
export function symmetricEigenvalues(h: DenseMatrix): Float64Array {
  return eigvalsh(flushNegligible(h.hermitianPart()));
}

/**
 * Sets to 0 (in place, returning `h`) every real or imaginary part of modulus below
 * max(ε²·max|h_ij|, 2⁻¹⁰²²) (ε = 2⁻⁵²; 2⁻¹⁰²² is the smallest normal double, so subnormals go). By
 * Weyl's inequality this moves each eigenvalue by at most √2·n times that floor, far below the
 * eigensolver's own round-off (~n·ε·max|h_ij|) for any matrix of reasonable scale. It keeps tiny or
 * subnormal numbers (populations e^{−βω} of a very cold state, their products, 1e-300-sized round-off)
 * out of the eigensolver, whose Householder and scaling steps can underflow or overflow on them.
 */
export function flushNegligible(h: DenseMatrix): DenseMatrix {
  const d = h.data;
  let scale = 0;
  for (let k = 0; k < d.length; k += 2) scale = Math.max(scale, Math.hypot(d[k], d[k + 1]));
  const floor = Math.max(EPS * EPS * scale, MIN_NORMAL);
  for (let k = 0; k < d.length; k++) if (Math.abs(d[k]) < floor) d[k] = 0;
  return h;
}

/** Σ_i |λ_i| over the eigenvalues of the (symmetrised) Hermitian matrix h: its trace norm. */
export function sumAbsEigenvalues(h: DenseMatrix): number {
  let s = 0;
  for (const v of symmetricEigenvalues(h)) s += Math.abs(v);
  return s;
}

/**
 * Σ_i s_i(A), the sum of the singular values of an m×p matrix A: half the sum of |μ| over the eigenvalues
 * ±s_i (and m + p − 2·min(m, p) zeros) of the Hermitian dilation [[0, A], [A†, 0]]. Absolute accuracy
 * ~ε·‖A‖ per singular value, including the zero ones (√eig(A†A) would give ~√ε·‖A‖ there).
 */
export function sumSingularValues(a: DenseMatrix): number {
  const m = a.rows, p = a.cols, n = m + p;
  const d = new DenseMatrix(n, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      const re = a.re(i, j), im = a.im(i, j);
      d.set(i, m + j, re, im);
      d.set(m + j, i, re, -im);
    }
  }
  return 0.5 * sumAbsEigenvalues(d);
}
