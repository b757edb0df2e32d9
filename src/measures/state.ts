/**
 * Single-state measures: expectation values, purity, linear and von Neumann entropy.
 * States are density matrices ρ (DenseMatrix, ρ[i][j] = ⟨i|ρ|j⟩), assumed normalised (Tr ρ = 1);
 * nothing here renormalises.
 */
import type { ComplexPair, DenseMatrix } from '../linalg/dense.ts';
import { MeasureError, hermitianInput, requireSameSize } from './errors.ts';
import { stateSpectrum } from './spectral.ts';

/**
 * Expectation value ⟨A⟩ = Tr(A ρ) = Σ_ij A_ij ρ_ji, returned as [re, im] (the imaginary part is zero up
 * to round-off when A and ρ are Hermitian). Works for any square A of the same size as ρ, Hermitian or
 * not; nothing is checked about ρ beyond its shape. Units: those of A. QuTiP: `expect(A, rho)`.
 */
export function expectation(op: DenseMatrix, rho: DenseMatrix): ComplexPair {
  requireSameSize(op, rho, 'expectation', ['op', 'rho']);
  const n = op.rows, a = op.data, r = rho.data;
  let re = 0, im = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = 2 * (i * n + j), t = 2 * (j * n + i);
      re += a[s] * r[t] - a[s + 1] * r[t + 1];
      im += a[s] * r[t + 1] + a[s + 1] * r[t];
    }
  }
  return [re, im];
}

/**
 * Purity γ = Tr ρ² = Σ_ij |ρ_ij|² (for Hermitian ρ), dimensionless, in [1/d, 1] for a d-dimensional
 * state: 1 exactly for pure states, 1/d for the maximally mixed state I/d. ρ must be Hermitian (up to
 * round-off, which is symmetrised away). QuTiP: `rho.purity()`.
 */
export function purity(rho: DenseMatrix): number {
  const h = hermitianInput(rho, 'purity', 'rho');
  const d = h.data;
  let s = 0;
  for (let k = 0; k < d.length; k++) s += d[k] * d[k];
  return s;
}

/**
 * Linear entropy S_L = 1 − Tr ρ² (not normalised by d/(d−1)), dimensionless, in [0, 1 − 1/d]: 0 for
 * pure states. QuTiP: `entropy_linear(rho)`.
 */
export function linearEntropy(rho: DenseMatrix): number {
  return 1 - purity(rho);
}

/**
 * Von Neumann entropy S(ρ) = −Tr ρ ln ρ = −Σ_i λ_i ln λ_i over the eigenvalues λ_i of ρ, with
 * 0·ln 0 = 0. Units: nats for base 'e' (default), bits for base 2 (S/ln 2). 0 for pure states, ln d for
 * I/d. ρ is symmetrised and its round-off negative eigenvalues are clipped at 0; a ρ that is not
 * Hermitian or clearly not positive semidefinite is rejected. QuTiP: `entropy_vn(rho, base)`.
 */
export function vonNeumannEntropy(rho: DenseMatrix, base: 'e' | 2 = 'e'): number {
  if (base !== 'e' && base !== 2) {
    throw new MeasureError('invalid-input', `vonNeumannEntropy: base must be 'e' or 2, got ${String(base)}`, 'base');
  }
  const { values } = stateSpectrum(rho, 'vonNeumannEntropy');
  let s = 0;
  for (const l of values) if (l > 0) s -= l * Math.log(l);
  return base === 2 ? s / Math.LN2 : s;
}
