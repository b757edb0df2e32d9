/**
 * Uniqueness evidence for a factorised bordered steady-state system B: an estimate of its smallest
 * |eigenvalue| by inverse power iteration, |λ_min| ≈ 1/‖B⁻¹v‖ for the converged unit vector v.
 * A (numerically) singular B, i.e. |λ_min| ≲ 1e-14·‖B‖, means the stationary state is not unique.
 */
import type { LinearSolver } from './solver.ts';
import { norm2 } from './vector.ts';
import { checkArgument } from './arguments.ts';

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

/**
 * Per vector length, computed once and kept: the normalised start vector and the two buffers the
 * iteration alternates between (it never re-enters itself, so one set per length suffices).
 */
const workspaces = new Map<number, { start: Float64Array; v: Float64Array; w: Float64Array }>();
function workspace(length: number): { start: Float64Array; v: Float64Array; w: Float64Array } {
  let ws = workspaces.get(length);
  if (!ws) {
    const start = startVector(length), nv = norm2(start);
    for (let k = 0; k < start.length; k++) start[k] /= nv;
    if (workspaces.size > 64) workspaces.clear();
    ws = { start, v: new Float64Array(length), w: new Float64Array(length) };
    workspaces.set(length, ws);
  }
  return ws;
}

/** Estimates min |λ(B)| from a factorisation of B, with at most `iterations` solves (stops early on convergence). */
export function smallestEigenvalueEstimate(lu: LinearSolver, n: number, iterations = 12): number {
  checkArgument(lu, 'solver', 'smallestEigenvalueEstimate', 'lu');
  checkArgument(n, 'count', 'smallestEigenvalueEstimate', 'n');
  checkArgument(iterations, 'count', 'smallestEigenvalueEstimate', 'iterations');
  return inverseIteration(lu, 2 * n, iterations);
}

/**
 * The same estimate for a real B of size n, given its solve x = B⁻¹b on real vectors (a function, or
 * an object with that `solve` method, writing into `out` or returning another array).
 */
export function smallestEigenvalueEstimateReal(solve: RealSolve | { solve: RealSolve }, n: number, iterations = 12): number {
  if (typeof solve !== 'function') checkArgument(solve, 'solver', 'smallestEigenvalueEstimateReal', 'solve');
  checkArgument(n, 'count', 'smallestEigenvalueEstimateReal', 'n');
  checkArgument(iterations, 'count', 'smallestEigenvalueEstimateReal', 'iterations');
  return inverseIteration(typeof solve === 'function' ? { solve } : solve, n, iterations);
}

/** A real solve b ↦ A⁻¹b written into `out` (and returned). */
export type RealSolve = (b: Float64Array, out: Float64Array) => Float64Array;

/**
 * Inverse power iteration on vectors of the given length: |λ_min| ≈ 1/‖B⁻¹v‖ for the converged unit v.
 * Two buffers alternate (v_{k+1} = B⁻¹v_k / ‖B⁻¹v_k‖); they are kept per length across calls.
 */
function inverseIteration(lu: { solve(b: Float64Array, out: Float64Array): Float64Array }, length: number, iterations: number): number {
  const ws = workspace(length);
  let v = ws.v, w = ws.w;
  const start = ws.start;
  for (let k = 0; k < length; k++) v[k] = start[k];
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
