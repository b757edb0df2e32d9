/**
 * Krylov exponential action for y' = A·y: y(t_k) = exp(A·t_k)·y₀ at the output times, by consecutive
 * Arnoldi segments with a posteriori error control (krylov-segment.ts, after Sidje's Expokit): each segment
 * starts at the state where the previous one ended, covers [0, len] with local error ≤ tol·‖y_start‖₂, and
 * serves every output time inside it from the same basis: y = β·V_m·w(τ), w(τ) = exp(τH_m)e₁, stepped from
 * the previous output by w(τ + δ) = exp(δH_m)·w(τ) with the m×m matrix exp(δH_m) kept for the last two gaps δ
 * (equal within 16ε·t_end; an equally spaced grid then costs m² per output, not an m×m exponential). A is needed only through its action, so a matrix-free operator works.
 *
 * Cost: per segment m ≤ 24 products A·v plus 2m²N multiply-adds of Gram–Schmidt (N = unknowns); the number
 * of segments grows like ‖A‖·t_end/m (for t_end·‖A‖ ≫ m, i.e. stiff problems, an implicit method is cheaper;
 * evolve's method choice predicts both). Error: the local errors add up, each propagated by exp(sA), so the
 * global error is ≤ (segments)·tol·max_k‖y(t_k)‖·max_s‖exp(sA)‖₂ (a bound, not measured here; evolve checks
 * every output state). Vectors are interleaved complex Float64Arrays. No physics lives here.
 */
import { LinalgError } from '../errors.ts';
import { KrylovSegment, type KrylovStats, type LinearAction } from '../krylov-segment.ts';
import { smallExpMatrix } from '../expm-small.ts';
import { OdeError, allFinite, validateState, validateTimes, type OdeResult } from './common.ts';

export interface KrylovExpmvOptions {
  /** Local error per segment relative to the segment's starting norm (default 1e-12). */
  tol?: number;
  /** An upper bound of ‖A‖ (for Arnoldi's breakdown test); computed from A when it is a CSR matrix. */
  norm: number;
  /**
   * Largest Krylov dimension per segment (default 24: on a dense d = 24 Liouvillian, t = 0…10, 101 outputs,
   * m = 12/16/20/24/30 took 124/94/81/75/143 ms CPU; at m = 30 the step search needed 37 small exponentials
   * instead of 8, and each costs ~25·m³).
   */
  maxDim?: number;
  /** Largest number of segments (default 100 000). */
  maxSegments?: number;
  /**
   * A segment already started from this very y₀ (same array) with the same A, tol and dimension, e.g. the
   * method choice's probe: it is continued instead of started again (ignored when it started elsewhere).
   */
  first?: KrylovSegment;
}

/** Default Krylov dimension of a segment (see KrylovExpmvOptions.maxDim). */
export const KRYLOV_DEFAULT_DIM = 24;

/** Default local tolerance of a Krylov segment. */
export const KRYLOV_DEFAULT_TOL = 1e-12;

/**
 * states[k] ≈ exp(A·times[k])·y₀ (times finite, non-decreasing, ≥ 0). Throws OdeError on invalid input,
 * on exceeding maxSegments, when no step meets the tolerance, or on non-finite data; never returns NaN.
 */
export function krylovExpmv(a: LinearAction, y0: Float64Array, times: ArrayLike<number>, opts: KrylovExpmvOptions): OdeResult<KrylovStats> {
  const tol = opts.tol ?? KRYLOV_DEFAULT_TOL, maxSegments = opts.maxSegments ?? 100_000;
  if (!(tol > 0 && tol < 1)) throw new OdeError(`krylov: tol must lie in (0, 1), got ${tol}`);
  if (!(opts.norm >= 0) || !Number.isFinite(opts.norm)) throw new OdeError(`krylov: ‖A‖ bound must be finite and ≥ 0, got ${opts.norm}`);
  validateState(y0, a.rows);
  validateTimes(times, 0);
  const dim = Math.min(opts.maxDim ?? KRYLOV_DEFAULT_DIM, a.rows), f = opts.first;
  const reuse = f !== undefined && f.origin === y0 && f.tol === tol && f.ld === dim + 1 && f.stats.segments === 1;
  const seg = reuse ? f : new KrylovSegment(a, opts.norm, tol, dim);
  const states: Float64Array[] = [], errors: number[] = [];
  // each segment's local error ≤ tol·‖y_start‖₂ anywhere in it, ≤ √m times that in l1 over the m entries
  const l1Of2 = Math.sqrt(y0.length / 2), norm2 = (v: Float64Array) => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i] * v[i]; return Math.sqrt(s); };
  const y0Norm = norm2(y0);
  let accumulated = reuse ? tol * y0Norm * l1Of2 : 0;
  const mMax = seg.ld - 1, gapTol = 16 * Number.EPSILON * Math.max(1, times.length > 0 ? times[times.length - 1] : 0);
  let y = y0.slice(), tStart = 0, started = reuse;
  /** w(τPrev) of the current segment and the propagators exp(δH_m) of the last two gaps. */
  let w = new Float64Array(2 * mMax), wNext = new Float64Array(2 * mMax), tauPrev = 0;
  if (reuse) w[0] = 1;
  let cache: Array<{ gap: number; e: Float64Array }> = [];
  const restart = (): void => {
    if (seg.stats.segments >= maxSegments) {
      throw new OdeError(`krylov: maxSegments = ${maxSegments} reached at t = ${tStart} (target ${times[times.length - 1]}); the problem may be stiff: try the implicit method`);
    }
    asOdeError(() => seg.start(y), tStart);
    accumulated += tol * norm2(y) * l1Of2;
    started = true;
    w.fill(0);
    w[0] = 1;
    tauPrev = 0;
    cache = [];
  };
  /** w ← w(τ) by the cached (or a new) exp(δH_m), δ = τ − τPrev. */
  const advance = (tau: number): void => {
    const gap = tau - tauPrev, m = seg.m;
    if (gap === 0 || m === 0) return;
    let hit = cache.find((c) => Math.abs(c.gap - gap) <= gapTol);
    if (!hit) {
      const e = new Float64Array(2 * m * m);
      asOdeError(() => smallExpMatrix(seg.h, seg.ld, m, gap, e, seg.ws), tStart);
      hit = { gap, e };
      cache = [hit, ...cache.slice(0, 1)];
    }
    const e = hit.e;
    for (let i = 0; i < m; i++) {
      let re = 0, im = 0;
      for (let j = 0; j < m; j++) {
        const ar = e[2 * (i * m + j)], ai = e[2 * (i * m + j) + 1], xr = w[2 * j], xi = w[2 * j + 1];
        re += ar * xr - ai * xi;
        im += ar * xi + ai * xr;
      }
      wNext[2 * i] = re;
      wNext[2 * i + 1] = im;
    }
    [w, wNext] = [wNext, w];
    tauPrev = tau;
  };
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (t === 0) { states.push(y0.slice()); errors.push(0); continue; }
    if (!started) restart();
    while (t - tStart > seg.len) {
      seg.stateAt(seg.len, y);
      if (!allFinite(y)) throw new OdeError(`krylov: non-finite state at t = ${tStart + seg.len}`);
      tStart += seg.len;
      restart();
    }
    const out = new Float64Array(y.length);
    advance(t - tStart);
    seg.combine(w, out);
    if (!allFinite(out)) throw new OdeError(`krylov: non-finite state at t = ${t}`);
    states.push(out);
    // + the rounding of the propagation itself, which the segments' a-posteriori bounds do not see: about
    // ε‖A‖t relative (as for a dense exponential), ×4 (a stiff qutrit, ‖A‖ ≈ 6e5, t = 8.7: 1.5e-9 at every tol)
    errors.push(accumulated + 4 * Number.EPSILON * opts.norm * t * y0Norm * l1Of2);
  }
  return { states, stats: { ...seg.stats }, errors };
}

/** f(), with a kernel's LinalgError (a breakdown of the Arnoldi basis or of the small exponential) reported as the integration's OdeError at t. */
function asOdeError(f: () => void, t: number): void {
  try {
    f();
  } catch (e) {
    if (e instanceof LinalgError) throw new OdeError(`krylov: ${e.message} at t = ${t}`);
    throw e;
  }
}
