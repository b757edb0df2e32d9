/**
 * Spectral helpers for the measures: the clipped spectrum of a density matrix, functions of it, and the
 * trace norm. All eigen-decompositions go through `src/linalg/eigh.ts`.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigh, eigvalsh } from '../linalg/eigh.ts';
import { INPUT_TOLERANCE, MeasureError, hermitianInput } from './errors.ts';

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
 */
export function stateSpectrum(rho: DenseMatrix, fn: string, field = 'rho'): StateSpectrum {
  const h = flushNegligible(hermitianInput(rho, fn, field));
  const { values, vectors } = eigh(h);
  let abs = 0;
  for (const v of values) abs += Math.abs(v);
  const min = values[0];
  if (min < -INPUT_TOLERANCE * Math.max(1, abs)) {
    throw new MeasureError('invalid-input',
      `${fn}: matrix is not positive semidefinite (smallest eigenvalue ${min.toPrecision(3)})`, field);
  }
  const clipped = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) clipped[i] = Math.max(0, values[i]);
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

const EPS = 2 ** -52;

/**
 * Sets to 0 (in place, returning `h`) every entry of modulus below ε²·max|h_ij| (ε = 2⁻⁵²). By Weyl's
 * inequality this moves each eigenvalue by at most n·ε²·max|h_ij|, far below the eigensolver's own
 * round-off (~n·ε·max|h_ij|), and it keeps tiny or subnormal entries (e.g. populations e^{−βω} of a
 * very cold state, or their products) away from the eigensolver, where they can underflow.
 */
export function flushNegligible(h: DenseMatrix): DenseMatrix {
  const d = h.data;
  let scale = 0;
  for (let k = 0; k < d.length; k += 2) scale = Math.max(scale, Math.hypot(d[k], d[k + 1]));
  const floor = EPS * EPS * scale;
  for (let k = 0; k < d.length; k += 2) {
    if (Math.hypot(d[k], d[k + 1]) < floor) {
      d[k] = 0;
      d[k + 1] = 0;
    }
  }
  return h;
}

/** Σ_i √max(λ_i, 0) over the eigenvalues of the (symmetrised) positive semidefinite matrix h. */
export function sumSqrtEigenvalues(h: DenseMatrix): number {
  let s = 0;
  for (const v of symmetricEigenvalues(h)) s += Math.sqrt(Math.max(0, v));
  return s;
}

/** Σ_i |λ_i| over the eigenvalues of the (symmetrised) Hermitian matrix h: its trace norm. */
export function sumAbsEigenvalues(h: DenseMatrix): number {
  let s = 0;
  for (const v of symmetricEigenvalues(h)) s += Math.abs(v);
  return s;
}
