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

/** Normalised start vectors by length (computed once each; iterations copy them). */
const starts = new Map<number, Float64Array>();
function unitStart(length: number): Float64Array {
  let v = starts.get(length);
  if (!v) {
    v = startVector(length);
    const nv = norm2(v);
    for (let k = 0; k < v.length; k++) v[k] /= nv;
    if (starts.size > 64) starts.clear();
    starts.set(length, v);
  }
  return v;
}

/** Estimates min |λ(B)| from a factorisation of B, with at most `iterations` solves (stops early on convergence). */
export function smallestEigenvalueEstimate(lu: LinearSolver, n: number, iterations = 12): number {
  return inverseIteration(lu, 2 * n, iterations);
}

/**
 * The same estimate for a real B of size n, given its solve x = B⁻¹b on real vectors (a function, or
 * an object with that `solve` method; writing into `out` when given, else returning a new x).
 */
export function smallestEigenvalueEstimateReal(solve: RealSolve | { solve: RealSolve }, n: number, iterations = 12): number {
  return inverseIteration(typeof solve === 'function' ? { solve } : solve, n, iterations);
}

type RealSolve = (b: Float64Array, out: Float64Array) => Float64Array;

/** Two iteration buffers per vector length, reused by every call (the iteration never re-enters itself). */
const buffers = new Map<number, { v: Float64Array; w: Float64Array }>();

/**
 * Inverse power iteration on vectors of the given length: |λ_min| ≈ 1/‖B⁻¹v‖ for the converged unit v.
 * Two buffers alternate (v_{k+1} = B⁻¹v_k / ‖B⁻¹v_k‖); they are kept per length across calls.
 */
function inverseIteration(lu: { solve(b: Float64Array, out: Float64Array): Float64Array }, length: number, iterations: number): number {
  let buf = buffers.get(length);
  if (!buf) {
    if (buffers.size > 64) buffers.clear();
    buf = { v: new Float64Array(length), w: new Float64Array(length) };
    buffers.set(length, buf);
  }
  let v = buf.v, w = buf.w;
  v.set(unitStart(length));
  let estimate = Infinity;
  for (let it = 0; it < iterations; it++) {
    const r = lu.solve(v, w);
    if (r !== w) w.set(r);
    const g = norm2(w);
    if (!Number.isFinite(g) || g === 0) return 0;
    const next = 1 / g;
    for (let k = 0; k < w.length; k++) w[k] /= g;
    const t = v;
    v = w;
    w = t;
    if (Math.abs(next - estimate) <= 1e-3 * next) return next;
    estimate = next;
  }
  return estimate;
}
