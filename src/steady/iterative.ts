/**
 * Krylov solution of a trace-bordered steady-state system B·[vec ρ; λ] = [0; s] (bordered.ts), for models
 * too large to factorise: restarted GMRES or BiCGSTAB (krylov.ts), right-preconditioned by ILU(0).
 *
 * The Krylov method does not run on B itself: an incomplete factorisation of the saddle-point matrix B
 * (zero corner, dense border) is a poor and sometimes unstable preconditioner (measured on unstructured
 * random models, n = 12…40: GMRES(60) + ILU(0) of B stalled at relative residuals 1e-3…1e-2 or diverged
 * in ~3 % of cases). It runs on the pinned system
 *
 *     P = L with row r replaced by the trace row s·tᵀ,    P·vec ρ = s·e_r,
 *
 * r the population whose diagonal entry |L_rr| is smallest (the weakest pivot is replaced by the strong
 * diagonal s of the trace row). P is non-singular exactly when the stationary state is unique: P·y = 0
 * gives (L y)_k = 0 for k ≠ r and Tr y = 0, and tᵀL = 0 then makes (L y)_r = 0 too; its solution is the
 * first block of B's (λ = 0), so callers keep B's interface. Everything below runs on the equilibrated
 * P̃ = R·P·C (powers of two; x = C·y), whose min |λ| against ‖P̃‖ is scale-aware as the direct route's rcond
 * is. GMRES restarts only when its Krylov basis would
 * exceed RESTART_MEMORY bytes (full GMRES up to ~2000 unknowns; restarted GMRES stalls on these spectra).
 *
 * Attempts: the requested solver with ILU(0), then without a preconditioner (an unstable ILU can stall
 * GMRES), and, when BiCGSTAB was requested and stalls, GMRES the same way; each attempt starts from the
 * best iterate so far, and the certificate's `solver` says which one converged. An iterate that does not
 * reach `tol` is never returned: LindbladError('not-converged', field 'method') says what was reached.
 *
 * Uniqueness evidence: inverse iteration for min |λ(P)| (inverse-iteration.ts) with Krylov inner solves to
 * INNER_TOL (a stalled BiCGSTAB inner solve is continued by GMRES). If an inner solve still does not
 * converge, its iterate x bounds σ_min(P) ≤ ‖P x‖/‖x‖: a bound at or below the singularity threshold is
 * returned as the estimate (the stationary state is not unique); otherwise nothing can be concluded and
 * the solve fails with 'not-converged'.
 *
 * Error estimate (when the caller passes the data-error bound): three correction solves with the solver
 * that converged (solve-error.ts). The relative residual `tol` alone says little: random 3–4-level models
 * reached 1e-12 while 5e-2 away from the exact state.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { bicgstab, gmres, type KrylovOptions, type KrylovResult, type LinearOperator } from '../linalg/krylov.ts';
import { ilu0 } from '../linalg/ilu.ts';
import { attempt } from '../linalg/errors.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import { cdot, norm2 } from '../linalg/vector.ts';
import { LindbladError, check, describe } from '../errors.ts';
import { smallestEigenvalueEstimate, smallestEigenvalueEstimateReal } from '../linalg/inverse-iteration.ts';
import { CORRECTION_TOL, correctionErrors } from './solve-error.ts';
import { equilibrateCsrComplex } from '../linalg/equilibrate.ts';

/** Options of the iterative steady-state method. */
export interface IterativeMethod {
  kind: 'iterative';
  solver: 'gmres' | 'bicgstab';
  /** Right preconditioner (default 'ilu0': ILU(0) of the pinned system). */
  preconditioner?: 'ilu0' | 'none';
  /** Relative residual ‖b − P·x‖/‖b‖ to reach, in (0, 1) (default 1e-12). */
  tol?: number;
  /** Restrict to the diagonal symmetry sector when it shrinks the system (default true). */
  sectors?: boolean;
  /** GMRES restart length (default: the largest whose Krylov basis fits in RESTART_MEMORY, at most the size). */
  restart?: number;
  /** Iterations per attempt (default 2·unknowns + 100, at most 20 000). */
  maxIterations?: number;
}

export interface IterativeSolution {
  /** Estimated error of each complex unknown of x (solve-error.ts), when a perturbation was given and the state is unique. */
  errors?: Float64Array;
  /** Lower bound of ‖P⁻¹‖₂ seen by the correction solves (0 without them). */
  growth: number;
  /** [vec ρ; λ] for B (λ = 0), not normalised beyond Tr ρ = 1 to `tol`. */
  x: Float64Array;
  /** Estimate of min |λ(P̃)|, P̃ = R·P·C the equilibrated pinned system. */
  smallestEigenvalue: number;
  /** ‖P̃‖_∞: smallestEigenvalue / scale is the relative measure the singularity test uses. */
  scale: number;
  /** Which solver and preconditioner converged, with the attempts that stalled before. */
  solver: string;
  iterations: number;
  /** Relative residual ‖R·s·e_r − P̃·y‖/‖R·s·e_r‖ reached (P̃ = R·P·C, x = C·y). */
  relativeResidual: number;
}

/** Memory allowed for GMRES's Krylov basis (bytes): 16 bytes per complex entry per vector. */
export const RESTART_MEMORY = 64 * 2 ** 20;
/**
 * Inverse iteration: inner solves to this relative residual, and at most this many of them. The estimate
 * 1/‖P⁻¹v‖ is ≥ σ_min(P) after every step and, for a singular P, already tiny after the first (a generic
 * v has a component ~1/√N along the null direction); four steps bring it within a small factor of
 * min |λ(P)| (measured on random models: 0.14 → 0.034 vs 0.030 converged), which is what the singularity
 * test at 1e-14 needs. Each step costs a full Krylov solve, hence the small number.
 */
const INNER_TOL = 1e-4, INNER_STEPS = 4;
/**
 * What a not-unique verdict of the Krylov route (krylov-steady.ts, matrix-free) rests on, for its message:
 * min |λ| of the unequilibrated system against its norm, which rates spanning many decades can push below
 * the threshold for a unique state (steady.ts decides again by the direct route for small models).
 */
export const UNEQUILIBRATED = 'judged on the unequilibrated system: with rates spanning many decades a unique state can look singular there; the direct method, which equilibrates, can tell';
/** What a not-unique verdict of iterativeBorderedSolve rests on, for its message. */
export const EQUILIBRATED_PINNED = 'judged by inverse iteration on the equilibrated trace-pinned system';
/** Default relative singularity threshold, as in options.ts (DEFAULT_DEGENERACY_TOLERANCE). */
const SINGULAR_RATIO = 1e-14;

interface Resolved {
  solver: 'gmres' | 'bicgstab';
  preconditioner: 'ilu0' | 'none';
  tol: number;
  restart: number;
  maxIter: number;
}

function resolve(method: IterativeMethod, size: number): Resolved {
  check(method.solver === 'gmres' || method.solver === 'bicgstab', 'method.solver', `expected "gmres" or "bicgstab", got ${describe(method.solver)}`);
  const pre = method.preconditioner ?? 'ilu0';
  check(pre === 'ilu0' || pre === 'none', 'method.preconditioner', `expected "ilu0" or "none", got ${describe(pre)}`);
  const tol = method.tol ?? 1e-12;
  check(typeof tol === 'number' && tol > 0 && tol < 1, 'method.tol', `expected a relative residual in (0, 1), got ${describe(tol)}`);
  const positive = (v: unknown, field: string) => check(v === undefined || (Number.isInteger(v) && (v as number) >= 1), field, `expected a positive integer, got ${describe(v)}`);
  positive(method.restart, 'method.restart');
  positive(method.maxIterations, 'method.maxIterations');
  const fits = Math.max(10, Math.floor(RESTART_MEMORY / (16 * size)));
  return {
    solver: method.solver,
    preconditioner: pre,
    tol,
    restart: Math.min(size, method.restart ?? fits),
    maxIter: method.maxIterations ?? Math.min(20_000, 2 * size + 100),
  };
}

/** The pinned system P·x = s·e_r of a bordered B (last row: s at the trace positions, zero corner). */
export function pinnedFromBordered(b: CsrMatrix): { matrix: CsrMatrix; rhs: Float64Array; row: number; scale: number } {
  const N = b.rows - 1, trace: number[] = [];
  let scale = 0;
  for (let p = b.rowPtr[N]; p < b.rowPtr[N + 1]; p++) {
    if (b.colIdx[p] < N) { trace.push(b.colIdx[p]); scale = b.values[2 * p]; }
  }
  if (trace.length === 0 || !(scale > 0)) throw new LindbladError('internal', 'iterative steady state: the bordered system has no trace row');
  let r = trace[0], best = Infinity;
  for (const d of trace) {
    const [re, im] = b.get(d, d), a = Math.hypot(re, im);
    if (a < best) { best = a; r = d; }
  }
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < N; i++) {
    if (i === r) {
      for (const d of trace) { ri.push(r); ci.push(d); re.push(scale); im.push(0); }
      continue;
    }
    for (let p = b.rowPtr[i]; p < b.rowPtr[i + 1]; p++) {
      if (b.colIdx[p] === N) continue; // the border column (λ) is dropped
      ri.push(i); ci.push(b.colIdx[p]); re.push(b.values[2 * p]); im.push(b.values[2 * p + 1]);
    }
  }
  const rhs = new Float64Array(2 * N);
  rhs[2 * r] = scale;
  return { matrix: CsrMatrix.fromTriplets(N, N, ri, ci, re, im), rhs, row: r, scale };
}

type Attempt = { solver: 'gmres' | 'bicgstab'; pre: LinearSolver | undefined; name: string };

/**
 * Solves B x = rhs (B from borderedSystem, rhs = [0; s]) through the pinned system, equilibrated as
 * P̃ = R·P·C (powers of two, linalg/equilibrate.ts; x = C·y): the iteration, the preconditioner and the
 * uniqueness check all run on P̃, so rates spanning many decades do not make a unique state look singular
 * (a 9-level model with rates 4.9e6 and 2.2: min |λ|/‖P‖ 1.7e-17 unequilibrated). Throws
 * LindbladError('not-converged') when no attempt reaches the tolerance or uniqueness cannot be decided.
 * `tol`: the state counts as not unique when min |λ(P̃)| ≤ tol·‖P̃‖_∞ (default 1e-14). `perturbation`
 * (optional): x ↦ a bound of |δL·x| per complex unknown (solve-error.ts); the solution then carries
 * error estimates from three correction solves with the converged solver (the pinned row counts as exact).
 */
export function iterativeBorderedSolve(b: CsrMatrix, rhs: Float64Array, method: IterativeMethod, tol = SINGULAR_RATIO,
  perturbation?: (x: Float64Array) => Float64Array): IterativeSolution {
  const sys = pinnedFromBordered(b), N = sys.matrix.rows, eq = equilibrated(sys.matrix), p = eq.matrix;
  const scaled = (v: Float64Array, by: Float64Array) => { for (let k = 0; k < N; k++) { v[2 * k] *= by[k]; v[2 * k + 1] *= by[k]; } return v; };
  const rhsEq = scaled(Float64Array.from(sys.rhs), eq.rowScale);
  const o = resolve(method, N);
  let ilu: LinearSolver | undefined, iluNote = '';
  if (o.preconditioner === 'ilu0') {
    ilu = attempt(() => ilu0(p)) ?? undefined;
    if (!ilu) iluNote = ' (ILU(0) broke down)';
  }
  const plan: Attempt[] = [];
  const add = (solver: 'gmres' | 'bicgstab') => {
    if (ilu) plan.push({ solver, pre: ilu, name: `${solver} + ILU(0)` });
    plan.push({ solver, pre: undefined, name: `${solver}, no preconditioner${iluNote}` });
  };
  add(o.solver);
  if (o.solver === 'bicgstab') add('gmres');
  const run = (a: Attempt, v: Float64Array, opts: KrylovOptions): KrylovResult => (a.solver === 'gmres'
    ? gmres(p, v, { restart: o.restart, maxIter: o.maxIter, preconditioner: a.pre, ...opts })
    : bicgstab(p, v, { maxIter: o.maxIter, preconditioner: a.pre, ...opts }));

  let best: KrylovResult | null = null, used: Attempt | null = null, iterations = 0;
  const stalled: string[] = [];
  for (const a of plan) {
    const res = run(a, rhsEq, { tol: o.tol, x0: best?.x });
    iterations += res.iterations;
    if (!best || res.residualNorm < best.residualNorm) best = res;
    if (res.converged) { used = a; break; }
    stalled.push(`${a.name} stalled at ${res.residualNorm.toExponential(1)} after ${res.iterations} iterations`);
  }
  if (!used || !best) {
    throw new LindbladError('not-converged', `${o.solver} did not reach the relative residual ${o.tol}: ${stalled.join('; ')}`
      + ` (${N} unknowns, restart ${o.restart}); use the direct solver (method { kind: 'direct' }; on the CLI --solver auto, dense or sparse)`, 'method');
  }
  const restartNote = used.solver === 'gmres' ? (o.restart >= N ? ' (full GMRES)' : ` (restart ${o.restart})`) : '';
  const solver = `${used.name}${restartNote} on the trace-pinned system` + (stalled.length > 0 ? `, after: ${stalled.join('; ')}` : '');
  const innerSolve = (v: Float64Array, x0?: Float64Array): KrylovResult => {
    const res = run(used!, v, { tol: INNER_TOL, x0 });
    return res.converged || used!.solver === 'gmres' ? res : run({ ...used!, solver: 'gmres' }, v, { tol: INNER_TOL, x0: res.x });
  };
  const singular = tol * eq.norm;
  const smallest = smallestEigenvalueOf(p, innerSolve, singular, o.solver);
  const x = new Float64Array(2 * (N + 1));
  x.set(scaled(Float64Array.from(best.x), eq.colScale));
  let errors: Float64Array | undefined, growth = 0;
  if (perturbation && smallest > singular) { // (no estimate for a state that is not unique: the caller refuses it)
    // In P̃'s units: residual R·r and data bound R·g; an error e of y is C·e in x.
    const g = perturbation(x.subarray(0, 2 * N)), r = p.matvec(best.x);
    g[sys.row] = 0;
    for (let k = 0; k < N; k++) g[k] *= eq.rowScale[k];
    for (let k = 0; k < 2 * N; k++) r[k] = rhsEq[k] - r[k];
    ({ errors, growth } = correctionErrors(r, g, (v) => run(used!, v, { tol: CORRECTION_TOL })));
    for (let k = 0; k < N; k++) errors[k] *= eq.colScale[k];
  }
  return { x, smallestEigenvalue: smallest, scale: eq.norm, solver, iterations, relativeResidual: best.residualNorm, errors, growth };
}

/** P̃ = R·P·C with power-of-two scales (linalg/equilibrate.ts) and ‖P̃‖_∞ (row sums of moduli). */
function equilibrated(p: CsrMatrix): { matrix: CsrMatrix; rowScale: Float64Array; colScale: Float64Array; norm: number } {
  const N = p.rows, rowScale = new Float64Array(N), colScale = new Float64Array(N), values = new Float64Array(p.values.length);
  equilibrateCsrComplex(N, p.rowPtr, p.colIdx, p.values, rowScale, colScale, values);
  let norm = 0;
  for (let i = 0; i < N; i++) {
    let sum = 0;
    for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) sum += Math.hypot(values[2 * q], values[2 * q + 1]);
    if (sum > norm) norm = sum;
  }
  return { matrix: new CsrMatrix(N, N, p.rowPtr, p.colIdx, values), rowScale, colScale, norm };
}

/**
 * min |λ(P)| by inverse iteration with Krylov inner solves (P a matrix or any operator with a matvec), each warm-started from the previous solution
 * scaled by the α minimising ‖v − α·P·x_prev‖. A stalled inner solve is handled as described above.
 * `real`: P has real entries (zero imaginary parts) and so has its inner solver; the iteration then runs on
 * real vectors (a real start vector), which halves the work of a real preconditioner. Same estimate class:
 * 1/‖P⁻¹v‖ ≥ σ_min(P) for every unit v, σ_min of a real P is attained on a real vector, and the growth rate
 * of ‖P⁻ᵏv‖ is |λ_min|⁻¹ for real and complex v alike (a complex v is two real runs added in quadrature).
 */
export function smallestEigenvalueOf(p: CsrMatrix | LinearOperator, solve: (v: Float64Array, x0?: Float64Array) => KrylovResult, singularBelow: number, name: string, real = false): number {
  const N = p instanceof CsrMatrix ? p.rows : p.n, px = new Float64Array(2 * N);
  let prev: Float64Array | null = null, stalled: KrylovResult | null = null, bound = Infinity;
  const inner: LinearSolver = {
    n: N,
    solve: (v, out) => {
      let x0: Float64Array | undefined;
      if (prev) {
        p.matvec(prev, px);
        const [ar, ai] = cdot(px, v), d = norm2(px) ** 2;
        if (d > 0) {
          const fr = ar / d, fi = ai / d;
          x0 = new Float64Array(2 * N);
          for (let k = 0; k < 2 * N; k += 2) { x0[k] = fr * prev[k] - fi * prev[k + 1]; x0[k + 1] = fr * prev[k + 1] + fi * prev[k]; }
        }
      }
      const res = solve(v, x0);
      if (!res.converged) {
        stalled ??= res;
        const nx = norm2(res.x);
        if (nx > 0) bound = Math.min(bound, norm2(p.matvec(res.x, px)) / nx);
        // σ_min ≤ bound: singular already shown, so the remaining steps (each another stalled solve of up
        // to maxIterations: minutes for a degenerate 66-level model on the Krylov route) are skipped
        if (bound <= singularBelow) throw SHOWN_SINGULAR;
      }
      prev = res.x;
      if (out) { out.set(res.x); return out; }
      return res.x.slice();
    },
  };
  let estimate: number;
  try {
    estimate = inverseIterationWith(inner, N, real);
  } catch (e) {
    if (e !== SHOWN_SINGULAR) throw e;
    return bound;
  }
  if (stalled === null) return estimate;
  if (bound <= singularBelow) return bound;
  throw new LindbladError('not-converged', `the uniqueness check (inverse iteration with ${name} inner solves) did not converge: an inner solve `
    + `stalled at the relative residual ${(stalled as KrylovResult).residualNorm.toExponential(1)}, and the bound min |λ| ≤ ${bound.toExponential(2)} `
    + `does not show singularity; use the direct solver (method { kind: 'direct' }; on the CLI --solver auto, dense or sparse)`, 'method');
}

/** Thrown by smallestEigenvalueOf's inner solve once a stalled iterate bounds σ_min below the threshold. */
const SHOWN_SINGULAR = Symbol('shown singular');

/** min |λ| of P by INNER_STEPS of inverse iteration with `inner` solves (real vectors when `real`). */
function inverseIterationWith(inner: LinearSolver, N: number, real: boolean): number {
  let estimate: number;
  if (real) {
    const c = new Float64Array(2 * N), y = new Float64Array(2 * N);
    estimate = smallestEigenvalueEstimateReal((b, out) => {
      for (let k = 0; k < N; k++) c[2 * k] = b[k];
      inner.solve(c, y);
      for (let k = 0; k < N; k++) out[k] = y[2 * k];
      return out;
    }, N, INNER_STEPS);
  } else {
    estimate = smallestEigenvalueEstimate(inner, N, INNER_STEPS);
  }
  return estimate;
}
