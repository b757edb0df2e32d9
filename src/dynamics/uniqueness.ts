/**
 * Uniqueness evidence for a factorised bordered steady-state system B: an estimate of its smallest
 * |eigenvalue| by inverse power iteration, |λ_min| ≈ 1/‖B⁻¹v‖ for the converged unit vector v.
 * A (numerically) singular B, i.e. |λ_min| ≲ 1e-14·‖B‖, means the stationary state is not unique.
 */
import type { LinearSolver } from '../linalg/solver.ts';
import { norm2 } from '../linalg/vector.ts';

/** Deterministic pseudo-random start vector of the given length (fixed seed, so certificates are reproducible). */
function startVector(length: number): Float64Array {
  const v = new Float64Array(length);
  let s = 0x9e3779b9;
  for (let k = 0; k < v.length; k++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    v[k] = ((s >>> 0) / 4294967296) - 0.5;
  }
  return v;
}

/** Estimates min |λ(B)| from a factorisation of B, with at most `iterations` solves (stops early on convergence). */
export function smallestEigenvalueEstimate(lu: LinearSolver, n: number, iterations = 12): number {
  return inverseIteration((v) => lu.solve(v), 2 * n, iterations);
}

/** The same estimate for a real B of size n, given its solve x = B⁻¹b on real vectors (returning a new x). */
export function smallestEigenvalueEstimateReal(solve: (b: Float64Array) => Float64Array, n: number, iterations = 12): number {
  return inverseIteration(solve, n, iterations);
}

/** Inverse power iteration on vectors of the given length: |λ_min| ≈ 1/‖B⁻¹v‖ for the converged unit v. */
function inverseIteration(solve: (b: Float64Array) => Float64Array, length: number, iterations: number): number {
  let v = startVector(length);
  let nv = norm2(v);
  for (let k = 0; k < v.length; k++) v[k] /= nv;
  let estimate = Infinity;
  for (let it = 0; it < iterations; it++) {
    const w = solve(v);
    const g = norm2(w);
    if (!Number.isFinite(g) || g === 0) return 0;
    const next = 1 / g;
    for (let k = 0; k < w.length; k++) w[k] /= g;
    v = w;
    if (Math.abs(next - estimate) <= 1e-3 * next) return next;
    estimate = next;
  }
  nv = estimate;
  return nv;
}
