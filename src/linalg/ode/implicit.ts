/**
 * L-stable adaptive implicit integrator for LINEAR constant-coefficient systems y' = A y with a sparse
 * complex A (CSR). Each step is y_{n+1} = R(hA)·y_n with a single-pole rational R (schemes.ts): by
 * default the order-6 L-stable approximation with pole γ ≈ 0.334 ('rational6', 8 solves per step),
 * alternatively the classical 4th-order SDIRK of Hairer & Wanner ('sdirk4', γ = 1/4, 6 solves).
 * All solves of all steps with the same h use one factorisation of M = I − γhA.
 *
 * Step-size policy (factorisations are the expensive part):
 * - accepted steps never shrink h, and h only grows when the controller's proposal exceeds
 *   `growThreshold`·h (default 1.5); growth per step is capped by facMax (default 8), so h grows
 *   quickly once transients have decayed;
 * - rejected steps shrink h by the controller factor safety·err^(−1/k) (≥ facMin), k the order of
 *   the error estimate;
 * - each output interval is tiled into equal steps h_s = (t_out − t)/⌈(t_out − t)/h⌉, so that output
 *   times are hit exactly and equally spaced outputs reuse the same h_s;
 * - the last few factorisations are cached by step size (LRU), so returning to a previous h_s is free.
 * No physics lives here.
 */
import { CsrMatrix } from '../sparse.ts';
import type { LinearSolver } from '../solver.ts';
import { sparseLu } from '../sparse-lu.ts';
import { SCHEMES, type LinearStepScheme } from './schemes.ts';
import {
  OdeError, entryNorm1, errorNorm, validateState, validateTimes, validateTolerances, weightedNorm, type OdeResult, type StepControlOptions } from './common.ts';

export type SolverFactory = (m: CsrMatrix) => LinearSolver;

export interface ImplicitOptions extends StepControlOptions {
  /** Factorises M = I − γhA (default: sparseLu). */
  factor?: SolverFactory;
  /** Grow h only when the proposal exceeds this multiple of h (default 1.5). */
  growThreshold?: number;
  /** Safety factor (default 0.9), smallest and largest step ratio per step (defaults 0.2, 8). */
  safety?: number;
  facMin?: number;
  facMax?: number;
  /** Number of factorisations kept for reuse (default 4). */
  cacheSize?: number;
  /** Step scheme (default 'rational6'; see schemes.ts). */
  scheme?: LinearStepScheme['name'];
}

export interface ImplicitStats {
  /** Accepted steps. */
  steps: number;
  /** Rejected step attempts. */
  rejected: number;
  /** Factorisations of I − γhA. */
  factorizations: number;
  /** Triangular solve pairs (8 per step attempt for 'rational6', 6 for 'sdirk4'). */
  solves: number;
  /** Products A·v (only for the initial step estimate). */
  matvecs: number;
}

/**
 * Integrates y' = A y, y(t0) = y0 and returns states[k] ≈ y(times[k]) (times non-decreasing, ≥ t0).
 * One step of size h: y_{n+1} = R(hA)·y_n, evaluated with solves by M = I − γhA only (see schemes.ts;
 * default 'rational6': w_0 = y_n, w_j = M⁻¹w_{j−1} − w_{j−1}, y_{n+1} = Σ_{j≤6} q_j w_j).
 * The step is accepted when the scheme's error estimate satisfies ‖est‖ ≤ 1 in the mixed rtol/atol norm
 * ‖e‖ = √(mean_i |e_i|²/(atol + rtol·max(|y_i|, |y_new,i|))²).
 * Throws OdeError on invalid input, step-size underflow or maxSteps; never returns NaN.
 */
export function implicitLinear(a: CsrMatrix, y0: Float64Array, times: ArrayLike<number>,
  opts: ImplicitOptions = {}): OdeResult<ImplicitStats> {
  const rtol = opts.rtol ?? 1e-8, atol = opts.atol ?? 1e-10, t0 = opts.t0 ?? 0;
  const maxSteps = opts.maxSteps ?? 100_000, hmax = opts.hmax ?? Infinity;
  const safety = opts.safety ?? 0.9, facMin = opts.facMin ?? 0.2, facMax = opts.facMax ?? 8;
  const grow = opts.growThreshold ?? 1.5, cacheSize = Math.max(1, opts.cacheSize ?? 4);
  const factor = opts.factor ?? defaultFactory();
  const scheme = SCHEMES[opts.scheme ?? 'rational6'];
  if (!scheme) throw new OdeError(`implicit: unknown scheme '${String(opts.scheme)}'`);
  const expo = -1 / scheme.errorExponent;
  if (a.rows !== a.cols) throw new OdeError(`implicit: matrix must be square, got ${a.rows}×${a.cols}`);
  if (!a.isFinite()) throw new OdeError('implicit: matrix has non-finite entries');
  validateTolerances(rtol, atol);
  validateState(y0, a.rows);
  validateTimes(times, t0);
  if (!(hmax > 0)) throw new OdeError(`implicit: hmax must be positive, got ${hmax}`);
  if (!(maxSteps >= 1)) throw new OdeError(`implicit: maxSteps must be ≥ 1, got ${maxSteps}`);
  const stats: ImplicitStats = { steps: 0, rejected: 0, factorizations: 0, solves: 0, matvecs: 0 };
  const states: Float64Array[] = [];
  const len = y0.length, nOut = times.length;
  let y = y0.slice(), yNew = new Float64Array(len);
  const work = Array.from({ length: scheme.workVectors }, () => new Float64Array(len));
  const est = new Float64Array(len);
  const shifted = shiftedIdentity(a);
  const cache: Array<{ h: number; solver: LinearSolver }> = [];
  let t = t0, out = 0, accumulated = 0;
  const errors: number[] = [];
  let h = opts.h0 ?? initialStep(a, y, rtol, atol, scheme.errorExponent, stats);
  if (!(h > 0) || !Number.isFinite(h)) throw new OdeError(`implicit: invalid initial step ${h}`);
  h = Math.min(h, hmax);
  let lastRejected = false, lastFailure = '';

  while (out < nOut) {
    const tOut = times[out];
    while (t < tOut) {
      if (stats.steps + stats.rejected >= maxSteps) {
        throw new OdeError(`implicit: maxSteps = ${maxSteps} reached at t = ${t} (next output ${tOut}, step ${h})`);
      }
      const rem = tOut - t;
      if (rem <= 4 * Number.EPSILON * Math.abs(tOut)) { t = tOut; break; } // gap below time resolution
      const nSub = Math.max(1, Math.ceil((rem / h) * (1 - 1e-12)));
      let hs = rem / nSub;
      // Underflow: a step too small to advance t (relative to t itself, not to a far-away output).
      if (!(hs > 4 * Number.EPSILON * Math.abs(t)) || !(hs > 0)) {
        throw new OdeError(`implicit: step size underflow (h = ${hs}) at t = ${t}${lastFailure}`);
      }
      // Reuse a cached factorisation whose step matches h_s to rounding level (then step with exactly that h):
      // h_s = (t_out − t)/n carries a relative rounding error of about ε·|t_out|/(t_out − t).
      const tol = hs * (1e-12 + 32 * Number.EPSILON * Math.abs(tOut) / rem);
      const idx = cache.findIndex((c) => Math.abs(c.h - hs) <= tol);
      let solver: LinearSolver | undefined, failure = '';
      if (idx >= 0) {
        const [entry] = cache.splice(idx, 1);
        cache.push(entry);
        hs = entry.h;
        solver = entry.solver;
      } else {
        try {
          solver = factor(shifted(-scheme.gamma * hs));
          stats.factorizations++;
          cache.push({ h: hs, solver });
          if (cache.length > cacheSize) cache.shift();
        } catch (err) {
          failure = ` (last factorisation failed: ${(err as Error).message})`;
        }
      }
      let e = NaN;
      if (solver) {
        try {
          scheme.step(solver, y, yNew, est, work);
          e = errorNorm(est, y, yNew, rtol, atol);
        } catch (err) { // e.g. a solver refusing a non-finite solution: treat as a failed step
          failure = ` (last step failed: ${(err as Error).message})`;
        }
        stats.solves += scheme.solvesPerStep;
      }
      if (e <= 1) {
        stats.steps++;
        accumulated += entryNorm1(est);
        t = nSub === 1 ? tOut : t + hs;
        [y, yNew] = [yNew, y];
        const fac = e === 0 ? facMax : Math.min(facMax, safety * Math.pow(e, expo));
        const proposal = Math.min(hs * fac, hmax);
        if (!lastRejected && proposal > grow * h) h = proposal;
        lastRejected = false;
      } else {
        stats.rejected++;
        const fac = e > 1 && Number.isFinite(e) ? Math.max(facMin, safety * Math.pow(e, expo)) : facMin;
        lastFailure = failure || (Number.isFinite(e) ? '' : ' (non-finite error estimate)');
        h = hs * fac;
        lastRejected = true;
      }
    }
    states.push(y.slice());
    errors.push(accumulated);
    out++;
  }
  return { states, stats, errors };
}

/**
 * sparseLu with the fill-reducing ordering computed on the first matrix and reused afterwards: every
 * I − γhA shares one sparsity pattern.
 */
function defaultFactory(): SolverFactory {
  let ordering: Int32Array | undefined;
  return (m: CsrMatrix) => {
    const lu = sparseLu(m, ordering ? { ordering } : {});
    ordering ??= lu.ordering;
    return lu;
  };
}

/**
 * Returns s ↦ I + s·A (real s) as a CSR matrix on the fixed pattern of A ∪ diag, built once; each call
 * only fills the values.
 */
export function shiftedIdentity(a: CsrMatrix): (s: number) => CsrMatrix {
  const n = a.rows, rowPtr = new Int32Array(n + 1);
  const cols: number[] = [], src: number[] = [], diag = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const c = a.colIdx[p];
      if (!placed && c >= i) {
        if (c > i) { diag[i] = cols.length; cols.push(i); src.push(-1); }
        placed = true;
      }
      if (c === i) diag[i] = cols.length;
      cols.push(c);
      src.push(p);
    }
    if (!placed) { diag[i] = cols.length; cols.push(i); src.push(-1); }
    rowPtr[i + 1] = cols.length;
  }
  const colIdx = Int32Array.from(cols), srcIdx = Int32Array.from(src), v = a.values;
  return (s: number) => {
    const values = new Float64Array(2 * colIdx.length);
    for (let q = 0; q < srcIdx.length; q++) {
      const p = srcIdx[q];
      if (p >= 0) { values[2 * q] = s * v[2 * p]; values[2 * q + 1] = s * v[2 * p + 1]; }
    }
    for (let i = 0; i < n; i++) values[2 * diag[i]] += 1;
    return new CsrMatrix(n, n, rowPtr, colIdx, values);
  };
}

/**
 * Starting step from the local behaviour of the solution: d₀ = ‖y₀‖, d₁ = ‖Ay₀‖, d₂ = ‖A²y₀‖ (weighted
 * norms), h₀ = 0.01·d₀/d₁, h₁ = (0.01/max(d₁, d₂))^{1/k} (k the order of the error estimate);
 * h = min(100h₀, h₁).
 */
function initialStep(a: CsrMatrix, y: Float64Array, rtol: number, atol: number, k: number, stats: ImplicitStats): number {
  const f0 = a.matvec(y), f1 = a.matvec(f0);
  stats.matvecs += 2;
  const d0 = weightedNorm(y, y, rtol, atol), d1 = weightedNorm(f0, y, rtol, atol), d2 = weightedNorm(f1, y, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 || !Number.isFinite(m) ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1 / k);
  return Math.min(100 * h0, h1);
}
