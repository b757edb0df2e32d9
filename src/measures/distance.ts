/**
 * Distances between states: Uhlmann fidelity (squared convention), root fidelity, trace distance, and the
 * trace norm they rest on. States are density matrices assumed normalised (Tr ρ = 1); nothing here
 * renormalises.
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import { hermitianInput, requireSameSize, requireSquare } from './errors.ts';
import { spectralFunction, stateSpectrum, sumAbsEigenvalues, sumSqrtEigenvalues } from './spectral.ts';

/**
 * Trace norm ‖A‖₁ = Tr √(A†A) = Σ_i s_i (singular values), dimensionless. For a Hermitian A (up to
 * round-off 1e-12 relative) it is computed as Σ_i |λ_i| over the eigenvalues of (A + A†)/2, otherwise as
 * Σ_i √μ_i over the eigenvalues μ_i of A†A.
 */
export function traceNorm(a: DenseMatrix): number {
  requireSquare(a, 'traceNorm', 'a');
  let scale = 0;
  for (let k = 0; k < a.data.length; k += 2) scale = Math.max(scale, Math.hypot(a.data[k], a.data[k + 1]));
  if (a.hermiticityError() <= 1e-12 * scale) return sumAbsEigenvalues(a);
  return sumSqrtEigenvalues(a.adjoint().mul(a));
}

/**
 * Root fidelity √F = Tr √(√ρ σ √ρ) = ‖√ρ √σ‖₁, dimensionless, in [0, 1]. This is the number QuTiP's
 * `fidelity(rho, sigma)` returns. Computed from the eigenvalues of the Hermitian √ρ σ √ρ (clipped at 0,
 * then square-rooted). Both arguments are symmetrised and their round-off negative eigenvalues clipped;
 * non-Hermitian or clearly indefinite inputs are rejected.
 */
export function rootFidelity(rho: DenseMatrix, sigma: DenseMatrix): number {
  requireSameSize(rho, sigma, 'fidelity', ['rho', 'sigma']);
  const sqrtRho = spectralFunction(stateSpectrum(rho, 'fidelity', 'rho'), Math.sqrt);
  const sigmaClipped = spectralFunction(stateSpectrum(sigma, 'fidelity', 'sigma'), (l) => l);
  return sumSqrtEigenvalues(sqrtRho.mul(sigmaClipped).mul(sqrtRho));
}

/**
 * Uhlmann fidelity in the SQUARED convention: F(ρ, σ) = (Tr √(√ρ σ √ρ))², dimensionless, in [0, 1];
 * F = |⟨ψ|φ⟩|² for pure states, F(ρ, ρ) = 1, symmetric in its arguments. NOTE: QuTiP's `fidelity`
 * returns the unsquared Tr √(√ρ σ √ρ) — use `rootFidelity` for that. With this convention the
 * Fuchs–van de Graaf bounds read 1 − √F ≤ D ≤ √(1 − F), D the trace distance. Round-off can push F a
 * few 1e-8 above 1 for (nearly) pure states: the square roots of the near-zero eigenvalues are not
 * clipped away.
 */
export function fidelity(rho: DenseMatrix, sigma: DenseMatrix): number {
  const f = rootFidelity(rho, sigma);
  return f * f;
}

/**
 * Trace distance D(ρ, σ) = ½‖ρ − σ‖₁ = ½ Σ_i |λ_i(ρ − σ)|, dimensionless, in [0, 1] for states: 0 iff
 * ρ = σ, 1 for orthogonal supports, √(1 − |⟨ψ|φ⟩|²) for pure states. ρ and σ must be Hermitian (up to
 * round-off). QuTiP: `tracedist(rho, sigma)`.
 */
export function traceDistance(rho: DenseMatrix, sigma: DenseMatrix): number {
  requireSameSize(rho, sigma, 'traceDistance', ['rho', 'sigma']);
  const a = hermitianInput(rho, 'traceDistance', 'rho');
  const b = hermitianInput(sigma, 'traceDistance', 'sigma');
  return 0.5 * sumAbsEigenvalues(a.sub(b));
}
