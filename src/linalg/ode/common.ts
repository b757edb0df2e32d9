/**
 * Shared pieces of the ODE integrators: the error type, input validation, and the mixed
 * relative/absolute error norm. Vectors are interleaved complex Float64Arrays (re, im), length 2n.
 * No physics lives here.
 */
import { LinalgError } from '../errors.ts';

/** Raised by the integrators: invalid input, step-size underflow, too many steps, non-finite data. */
export class OdeError extends LinalgError {
  constructor(message: string) {
    super(message);
    this.name = 'OdeError';
  }
}

/** Result of an integration: states[k] ≈ y(times[k]) (fresh arrays), plus method statistics. */
export interface OdeResult<S> {
  states: Float64Array[];
  stats: S;
  /**
   * Adaptive integrators (dopri5, implicit): per output, the sum over the steps taken so far of the
   * l1 norm Σ_k |e_k| (complex moduli) of each accepted step's local error estimate — the accumulated
   * local error, before any propagation of it (a caller that knows e^{At}'s norm bounds the global error).
   * Krylov: the same from its segments' a-posteriori bounds, √m·tol·‖y_start‖₂ each (m entries), plus the
   * propagation's rounding 4ε‖A‖t·√m‖y₀‖₂.
   */
  errors?: number[];
}

/** Σ_k |e_k| over the complex entries of an interleaved vector. */
export function entryNorm1(e: Float64Array): number {
  let s = 0;
  for (let k = 0; k < e.length; k += 2) s += Math.sqrt(e[k] * e[k] + e[k + 1] * e[k + 1]);
  return s;
}

/**
 * Checks output times: every entry finite, times[0] ≥ t0, and non-decreasing
 * (t0 ≤ times[0] ≤ times[1] ≤ …). Throws an OdeError naming the first offending index.
 */
export function validateTimes(times: ArrayLike<number>, t0 = 0): void {
  if (!Number.isFinite(t0)) throw new OdeError(`start time t0 must be finite, got ${t0}`);
  let prev = t0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k];
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new OdeError(`times[${k}] = ${t} is not a finite number`);
    if (k === 0 && t < t0) throw new OdeError(`times[0] = ${t} lies before the start time ${t0}`);
    if (t < prev) throw new OdeError(`times must be non-decreasing: times[${k}] = ${t} < times[${k - 1}] = ${prev}`);
    prev = t;
  }
}

/** Checks that y0 is an interleaved complex vector of n entries with finite components. */
export function validateState(y0: Float64Array, n?: number): void {
  if (!(y0 instanceof Float64Array)) throw new OdeError('initial state must be a Float64Array (interleaved re, im)');
  if (y0.length % 2 !== 0) throw new OdeError(`initial state length ${y0.length} is odd: expected interleaved (re, im) pairs`);
  if (n !== undefined && y0.length !== 2 * n) throw new OdeError(`initial state has ${y0.length / 2} entries, expected ${n}`);
  for (let k = 0; k < y0.length; k++) {
    if (!Number.isFinite(y0[k])) throw new OdeError(`initial state component ${k >> 1} is not finite`);
  }
}

/** Checks tolerances: rtol ≥ 0, atol ≥ 0, finite, not both zero. */
export function validateTolerances(rtol: number, atol: number): void {
  if (!(rtol >= 0) || !(atol >= 0) || !Number.isFinite(rtol) || !Number.isFinite(atol)) {
    throw new OdeError(`tolerances must be finite and non-negative (rtol = ${rtol}, atol = ${atol})`);
  }
  if (rtol === 0 && atol === 0) throw new OdeError('rtol and atol cannot both be zero');
}

/**
 * Mixed error norm (root mean square over the n complex components):
 *   ‖e‖ = √( (1/n) Σ_i |e_i|² / sc_i² ),  sc_i = atol + rtol·max(|y_i|, |ŷ_i|),
 * with |·| the complex modulus. A step is acceptable when ‖e‖ ≤ 1. Returns NaN/∞ when any entry is
 * non-finite, so callers can reject such steps.
 */
export function errorNorm(e: Float64Array, y: Float64Array, yNew: Float64Array, rtol: number, atol: number): number {
  const n = e.length >> 1;
  if (n === 0) return 0;
  let s = 0;
  for (let k = 0; k < e.length; k += 2) {
    const a = Math.sqrt(y[k] * y[k] + y[k + 1] * y[k + 1]);
    const b = Math.sqrt(yNew[k] * yNew[k] + yNew[k + 1] * yNew[k + 1]);
    const sc = atol + rtol * (a > b ? a : b);
    if (!(sc < Infinity)) return Infinity; // non-finite state
    const e2 = e[k] * e[k] + e[k + 1] * e[k + 1];
    if (sc > 0) s += e2 / (sc * sc);
    else if (e2 !== 0 || e2 !== e2) return Infinity; // pure-relative control at a zero component

  }
  return Math.sqrt(s / n);
}

/** Same weighted RMS norm with a single reference vector: √((1/n) Σ |v_i|²/(atol + rtol|y_i|)²). */
export function weightedNorm(v: Float64Array, y: Float64Array, rtol: number, atol: number): number {
  return errorNorm(v, y, y, rtol, atol);
}

/** True if every component is finite. */
export function allFinite(v: Float64Array): boolean {
  for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) return false;
  return true;
}

/** Options shared by the adaptive integrators. */
export interface StepControlOptions {
  /** Relative tolerance (default 1e-8). */
  rtol?: number;
  /** Absolute tolerance (default 1e-10). */
  atol?: number;
  /** Maximum number of attempted steps, accepted + rejected (default 100 000). */
  maxSteps?: number;
  /** Time at which y0 is given (default 0). */
  t0?: number;
  /** Initial step; estimated from the problem when omitted. */
  h0?: number;
  /** Largest allowed step (default unlimited; steps never cross an output time). */
  hmax?: number;
  /**
   * Called every PACE_INTERVAL attempted steps with their count and the time reached, so that a caller can
   * stop a run whose pace projects far beyond its budget (by throwing) instead of waiting for maxSteps.
   */
  pace?: (attempts: number, t: number) => void;
}

/** Attempted steps between two calls of StepControlOptions.pace. */
export const PACE_INTERVAL = 100_000;
