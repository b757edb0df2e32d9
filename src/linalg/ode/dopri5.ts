/**
 * Explicit adaptive Dormand–Prince 5(4) Runge–Kutta integrator for a general complex system
 * y' = f(t, y), with vectors stored as interleaved (re, im) Float64Arrays.
 *
 * - 7 stages, FSAL (the last stage of an accepted step is the first of the next): 6 new f-evaluations
 *   per step; the 5th-order solution is propagated, the embedded 4th-order one gives the error estimate.
 * - Error control in the mixed norm of `errorNorm` (common.ts); a step is accepted when err ≤ 1.
 * - PI step-size controller h_new = h · clamp(safety · err^(−α) · err_prev^(β), facMin, facMax) with
 *   α = 0.17, β = 0.04 (the stabilised controller recommended by Hairer & Wanner for this pair);
 *   after a rejection the step cannot grow.
 * - Output times between steps are served by the free 4th-order continuous extension, so the step
 *   sequence is not disturbed by the outputs; the final time is hit exactly.
 * No physics lives here.
 */
import {
  OdeError, PACE_INTERVAL, allFinite, entryNorm1, errorNorm, validateState, validateTimes, validateTolerances, weightedNorm,
  type OdeResult, type StepControlOptions } from './common.ts';

/** Right-hand side: writes f(t, y) into dy (both interleaved complex, length 2n). Must not keep y. */
export type OdeRhs = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface Dopri5Options extends StepControlOptions {
  /** Safety factor of the controller (default 0.9). */
  safety?: number;
  /** Smallest / largest step-size ratio per step (defaults 0.2 and 10). */
  facMin?: number;
  facMax?: number;
}

export interface Dopri5Stats {
  /** Accepted steps. */
  steps: number;
  /** Rejected step attempts. */
  rejected: number;
  /** Evaluations of f. */
  fevals: number;
}

// Dormand–Prince 5(4) tableau.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
// 5th-order weights (also row 7 of the tableau: FSAL).
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Error weights E = b − b̂ (b̂ the embedded 4th-order weights).
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
// Continuous extension (Hairer–Nørsett–Wanner, §II.6): weights of the quartic correction term.
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

const PI_ALPHA = 0.17, PI_BETA = 0.04;

/**
 * Integrates y' = f(t, y), y(t0) = y0 with Dormand–Prince 5(4) and returns y at each requested time:
 *   states[k] ≈ y(times[k]),  times non-decreasing, times[0] ≥ t0.
 * Each step: k_i = f(t + c_i h, y + h Σ_{j<i} a_ij k_j), y_{n+1} = y_n + h Σ b_i k_i,
 * err = ‖h Σ (b_i − b̂_i) k_i‖ (mixed rtol/atol norm). Between steps, outputs use the 4th-order
 * dense output y(t + θh) = y_n + θ(Δ + (1−θ)(hk_1 − Δ + θ(Δ − hk_7 − (hk_1 − Δ) + (1−θ) h Σ d_i k_i))),
 * Δ = y_{n+1} − y_n. Throws OdeError on step-size underflow, on exceeding maxSteps, or on non-finite data;
 * never returns NaN.
 */
export function dopri5(f: OdeRhs, y0: Float64Array, times: ArrayLike<number>, opts: Dopri5Options = {}): OdeResult<Dopri5Stats> {
  const rtol = opts.rtol ?? 1e-8, atol = opts.atol ?? 1e-10;
  const t0 = opts.t0 ?? 0;
  const maxSteps = opts.maxSteps ?? 100_000;
  const safety = opts.safety ?? 0.9, facMin = opts.facMin ?? 0.2, facMax = opts.facMax ?? 10;
  validateTolerances(rtol, atol);
  validateState(y0);
  validateTimes(times, t0);
  if (!(maxSteps >= 1)) throw new OdeError(`maxSteps must be ≥ 1, got ${maxSteps}`);
  const stats: Dopri5Stats = { steps: 0, rejected: 0, fevals: 0 };
  const states: Float64Array[] = [], errors: number[] = [];
  const nOut = times.length;
  let out = 0, accumulated = 0;
  // Outputs at t0, or closer to it than the time resolution, are y0 itself.
  const resolution = 4 * Number.EPSILON * Math.abs(t0);
  while (out < nOut && times[out] - t0 <= resolution) { states.push(y0.slice()); errors.push(0); out++; }
  if (out === nOut) return { states, stats, errors };

  const len = y0.length, tEnd = times[nOut - 1];
  const hmax = Math.min(opts.hmax ?? Infinity, tEnd - t0);
  let y = y0.slice(), yNew = new Float64Array(len);
  let k1 = new Float64Array(len), k7 = new Float64Array(len);
  const k2 = new Float64Array(len), k3 = new Float64Array(len), k4 = new Float64Array(len);
  const k5 = new Float64Array(len), k6 = new Float64Array(len);
  const tmp = new Float64Array(len), err = new Float64Array(len), r5 = new Float64Array(len);
  const call = (t: number, yy: Float64Array, dy: Float64Array) => { f(t, yy, dy); stats.fevals++; };

  let t = t0;
  call(t, y, k1);
  if (!allFinite(k1)) throw new OdeError(`dopri5: f(t0, y0) is not finite at t0 = ${t0}`);
  let h = opts.h0 ?? initialStep(call, t, y, k1, rtol, atol, tmp, k2);
  if (!(h > 0) || !Number.isFinite(h)) throw new OdeError(`dopri5: invalid initial step ${h}`);
  h = Math.min(h, hmax);
  let errPrev = 1e-4, lastRejected = false, lastErr = 0;

  for (;;) {
    const attempts = stats.steps + stats.rejected;
    if (opts.pace && attempts > 0 && attempts % PACE_INTERVAL === 0) opts.pace(attempts, t);
    if (attempts >= maxSteps) {
      throw new OdeError(`dopri5: maxSteps = ${maxSteps} reached at t = ${t} (target ${tEnd}, step ${h}); `
        + 'the problem may be stiff: try the implicit method');
    }
    let last = false;
    if (t + 1.01 * h >= tEnd) { h = tEnd - t; last = true; }
    // Underflow: a step too small to advance t (relative to t itself, not to a far-away tEnd).
    if (!(h > 4 * Number.EPSILON * Math.abs(t)) || !(h > 0)) {
      throw new OdeError(`dopri5: step size underflow (h = ${h}) at t = ${t}`
        + (Number.isFinite(lastErr) ? '' : ' after non-finite values in the error estimate'));
    }
    for (let i = 0; i < len; i++) tmp[i] = y[i] + h * A21 * k1[i];
    call(t + C2 * h, tmp, k2);
    for (let i = 0; i < len; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    call(t + C3 * h, tmp, k3);
    for (let i = 0; i < len; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    call(t + C4 * h, tmp, k4);
    for (let i = 0; i < len; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    call(t + C5 * h, tmp, k5);
    for (let i = 0; i < len; i++) {
      tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    }
    const tNew = last ? tEnd : t + h;
    call(tNew, tmp, k6);
    for (let i = 0; i < len; i++) yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    call(tNew, yNew, k7);
    for (let i = 0; i < len; i++) {
      err[i] = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    }
    const e = errorNorm(err, y, yNew, rtol, atol), finiteK7 = allFinite(k7);
    lastErr = finiteK7 ? e : NaN;
    if (e <= 1 && finiteK7) {
      stats.steps++;
      accumulated += entryNorm1(err); // (the embedded 4th-order estimate: also covers the dense output's error)
      // Serve every output time in (t, tNew].
      let denseReady = false;
      while (out < nOut && times[out] <= tNew) {
        const to = times[out];
        if (to === tNew) states.push(yNew.slice());
        else {
          if (!denseReady) {
            for (let i = 0; i < len; i++) {
              r5[i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
            }
            denseReady = true;
          }
          states.push(denseOutput((to - t) / h, h, y, yNew, k1, k7, r5));
        }
        errors.push(accumulated);
        out++;
      }
      if (out === nOut) return { states, stats, errors };
      let fac = e === 0 ? facMax : safety * Math.pow(e, -PI_ALPHA) * Math.pow(errPrev, PI_BETA);
      fac = Math.min(lastRejected ? 1 : facMax, Math.max(facMin, fac));
      errPrev = Math.max(e, 1e-4);
      lastRejected = false;
      t = tNew;
      [y, yNew] = [yNew, y];
      [k1, k7] = [k7, k1];
      h = Math.min(h * fac, hmax);
    } else {
      stats.rejected++;
      // e > 1: shrink by the controller; e non-finite or k7 non-finite: shrink by the largest factor.
      const fac = e > 1 && Number.isFinite(e) ? Math.max(facMin, safety * Math.pow(e, -PI_ALPHA)) : facMin;
      h *= fac;
      lastRejected = true;
    }
  }
}

/**
 * The continuous extension at θ ∈ [0, 1]:
 * u(θ) = y + θ(Δ + (1−θ)(B + θ(Δ − hk₇ − B + (1−θ) r₅))), Δ = y_new − y, B = h k₁ − Δ, r₅ = h Σ d_i k_i.
 */
function denseOutput(theta: number, h: number, y: Float64Array, yNew: Float64Array,
  k1: Float64Array, k7: Float64Array, r5: Float64Array): Float64Array {
  const len = y.length, u = new Float64Array(len), th1 = 1 - theta;
  for (let i = 0; i < len; i++) {
    const d = yNew[i] - y[i], b = h * k1[i] - d, c = d - h * k7[i] - b;
    u[i] = y[i] + theta * (d + th1 * (b + theta * (c + th1 * r5[i])));
  }
  return u;
}

/**
 * Starting step (Hairer–Nørsett–Wanner §II.4): with d₀ = ‖y₀‖, d₁ = ‖f₀‖,
 * h₀ = 0.01·d₀/d₁, d₂ = ‖f(t₀+h₀, y₀+h₀f₀) − f₀‖/h₀, h₁ = (0.01/max(d₁, d₂))^{1/5}; h = min(100h₀, h₁).
 */
function initialStep(call: OdeRhs, t: number, y: Float64Array, f0: Float64Array, rtol: number, atol: number,
  y1: Float64Array, f1: Float64Array): number {
  const d0 = weightedNorm(y, y, rtol, atol), d1 = weightedNorm(f0, y, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  for (let i = 0; i < y.length; i++) y1[i] = y[i] + h0 * f0[i];
  call(t + h0, y1, f1);
  for (let i = 0; i < y.length; i++) f1[i] -= f0[i];
  const d2 = weightedNorm(f1, y, rtol, atol) / h0;
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 || !Number.isFinite(m) ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1 / 5);
  return Math.min(100 * h0, h1);
}
