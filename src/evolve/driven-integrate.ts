/**
 * Integration of d y/dt = L(t) y for a time-dependent Liouvillian (driven-generator.ts), for `cols`
 * stacked block vectors at once (cols = m builds the propagator column by column in one pass).
 *
 * The step is chosen from the drive as well as from L:
 * - the time axis is cut at the coefficients' breakpoints (table times, given jumps): each piece is
 *   integrated separately, so no step ever straddles a jump or a kink;
 * - on each piece, the smooth coefficients are sampled (SCAN_POINTS per window) and the window shrunk until
 *   the samples resolve them (spacing δ ≤ τ/4, τ = range / max |slope| over the window); the step is then
 *   capped at τ/8, so an adaptive step cannot grow across a pulse that sits in a quiet stretch;
 * - within those caps the step is adaptive (error ≤ rtol·|y| + atol per component, RMS norm).
 * Integrators: 'dopri5' (explicit Dormand–Prince 5(4), linalg/ode) and 'implicit' (the L-stable SDIRK4 of
 * Hairer & Wanner, stage matrices I − γhL(t + c_i h) refactorised per stage by sparse LU).
 */
import { dopri5, OdeError, SDIRK4_TABLEAU } from '../linalg/ode/index.ts';
import { entryNorm1, errorNorm, PACE_INTERVAL } from '../linalg/ode/common.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { denseLu } from '../linalg/lu.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import type { DrivenGenerator } from './driven-generator.ts';
import type { TimeFunction } from '../model/coefficient.ts';
import { LindbladError } from '../errors.ts';

export interface DrivenStats {
  method: 'dopri5' | 'implicit';
  steps: number;
  rejected: number;
  matvecs: number;
  factorizations: number;
  /** Pieces integrated separately (breakpoints and scan windows). */
  pieces: number;
  /** Smallest step cap the drive imposed (Infinity when none). */
  driveStepCap: number;
  /**
   * The accepted steps' local error estimates summed (l1 over the entries, all columns): each is carried
   * forward by the propagator of L(t), which contracts the trace norm, so it bounds ‖ρ(t) − ρ_exact(t)‖₁ at
   * every output to the accuracy of the local estimates (per column when several are integrated at once).
   */
  errorEstimate: number;
}

export interface DrivenMethod {
  kind: 'dopri5' | 'implicit';
  rtol: number;
  atol: number;
}

/** Stage matrices up to this size are factorised densely (cheaper than the sparse LU's set-up for tiny blocks). */
const DENSE_LU_MAX = 48;
/** Samples per scan window, at jittered positions (offsets frac(k·GOLDEN) of a cell). */
const SCAN_POINTS = 256, GOLDEN = 0.6180339887498949;

/**
 * Uniform samples per smooth coefficient over [a, b] before the windows are chosen. A window's own scan
 * (SCAN_POINTS samples) over a long stretch where a coefficient is flat cannot see a pulse narrower than
 * its spacing: a π-pulse of width 1e-4 in [0, 10] was stepped over (8 steps, ρ unchanged). The pre-scan
 * finds the stretches where some coefficient moves (|c(t_{k+1}) − c(t_k)| > 1e-9·max|c|) and cuts the
 * windows at their ends, so each such stretch gets a window (and a scan) of its own. Features narrower
 * than (b − a)/PRESCAN_POINTS — or riding on a coefficient that moves everywhere — can still be missed:
 * give such pulses' times as breakpoints (fromFunction's option).
 */
export const PRESCAN_POINTS = 65536;

/** The last pre-scan of each coefficient (a periodic solve integrates the same period several times). */
const prescans = new WeakMap<TimeFunction, { a: number; b: number; scale: number; moving: Uint8Array }>();

/** max |c| over the PRESCAN_POINTS + 1 samples of [a, b], and the cells where c moves by more than 1e-9 of it. */
function prescan(f: TimeFunction, a: number, b: number): { scale: number; moving: Uint8Array } {
  const last = prescans.get(f);
  if (last && last.a === a && last.b === b) return last;
  const n = PRESCAN_POINTS, h = (b - a) / n, moving = new Uint8Array(n);
  const v = Float64Array.from({ length: n + 1 }, (_, k) => f.value(k === n ? b : a + k * h));
  let scale = 0;
  for (const x of v) scale = Math.max(scale, Math.abs(x));
  if (scale > 0 && Number.isFinite(scale)) for (let k = 0; k < n; k++) if (Math.abs(v[k + 1] - v[k]) > 1e-9 * scale) moving[k] = 1;
  const out = { a, b, scale, moving };
  prescans.set(f, out);
  return out;
}

/** Cut points in (a, b) around the stretches where some smooth coefficient moves (PRESCAN_POINTS comment). */
function featureCuts(smooth: readonly TimeFunction[], a: number, b: number, scales: number[]): number[] {
  if (smooth.length === 0 || !(b > a)) return [];
  const n = PRESCAN_POINTS, h = (b - a) / n, moving = new Uint8Array(n);
  for (const f of smooth) {
    const scan = prescan(f, a, b);
    scales.push(scan.scale);
    for (let k = 0; k < n; k++) if (scan.moving[k]) moving[k] = 1;
  }
  // Stretches of moving cells, merged across gaps shorter than GAP cells (a flat top or a zero crossing
  // of the slope is not the end of a feature); cut one cell outside each merged stretch.
  const GAP = 64, stretches: Array<[number, number]> = [];
  for (let k = 0; k < n; k++) {
    if (!moving[k]) continue;
    const last = stretches[stretches.length - 1];
    if (last && k - last[1] <= GAP) last[1] = k;
    else stretches.push([k, k]);
  }
  const cuts: number[] = [];
  for (const [lo, hi] of stretches) {
    if (lo >= 2) cuts.push(a + (lo - 1) * h);
    if (hi + 2 < n) cuts.push(a + (hi + 2) * h);
  }
  return cuts;
}

/** Windows [s0, s1] of [a, b] (no breakpoint inside) with the step cap τ/8 the smooth coefficients allow on each. */
export function driveWindows(coeffs: ReadonlyArray<{ f: TimeFunction }>, breakpoints: number[], a: number, b: number): Array<[number, number, number]> {
  const smooth = coeffs.filter((c) => c.f.kind !== 'table').map((c) => c.f);
  const scales: number[] = []; // max |c| over the pre-scan: a window where c moves by less than 1e-9 of it imposes no cap
  const inner = [...breakpoints, ...featureCuts(smooth, a, b, scales)].filter((x) => x > a && x < b).sort((x, y) => x - y);
  const cuts = [a, ...inner.filter((x, i) => i === 0 || x > inner[i - 1]), b];
  const out: Array<[number, number, number]> = [];
  let steps = 0; // the fewest steps the windows so far allow (width / cap each)
  for (let p = 0; p + 1 < cuts.length; p++) {
    const lo = cuts[p], hi = cuts[p + 1];
    if (smooth.length === 0) { out.push([lo, hi, Infinity]); continue; }
    const floor = 1e-9 * Math.max(1, Math.abs(hi));
    let s = lo;
    while (s < hi) {
      let w = hi - s, tau = Infinity;
      for (;;) {
        const delta = w / SCAN_POINTS;
        tau = Infinity;
        for (const [i, f] of smooth.entries()) {
          let min = Infinity, max = -Infinity, slope = 0, prev = f.value(s), tPrev = s;
          for (let k = 1; k <= SCAN_POINTS; k++) {
            // jittered samples (k − 1 + frac(kφ))·δ: uniform ones alias with a period that divides δ — cos 2πt
            // over [0, 256] looked constant (no cap at all; over [0, 250] a cap of 1.66, 40× too long)
            const t = k === SCAN_POINTS ? s + w : s + (k - 1 + ((k * GOLDEN) % 1)) * delta, v = f.value(t);
            min = Math.min(min, v, prev); max = Math.max(max, v, prev);
            slope = Math.max(slope, Math.abs(v - prev) / (t - tPrev));
            prev = v;
            tPrev = t;
          }
          if (slope > 0 && !(max - min <= 1e-9 * (scales[i] ?? 0))) tau = Math.min(tau, (max - min) / slope);
        }
        if (delta <= tau / 4) break;
        if (w <= floor) {
          // the drive moves on a scale τ the scan cannot resolve this far out (1e-9 of t): the span needs at
          // least (b − a)/τ steps; beyond the integrators' limit it is refused now (scanning on would take hours)
          if ((b - a) / tau > PACE_FACTOR * MAX_STEPS) {
            throw new LindbladError('unsupported', `the drive changes on a time scale of at most about ${tau.toPrecision(2)} near t = ${s.toPrecision(4)}, so integrating to t = ${b} would take more than ${((b - a) / tau).toExponential(1)} steps, far beyond the limit of ${MAX_STEPS.toExponential(0)}; shorten the time span`, 'times');
          }
          break;
        }
        w = Math.max(floor, Math.min(w / 2, (tau * SCAN_POINTS) / 4));
      }
      const end = hi - s - w <= floor ? hi : s + w, cap = Math.max(tau / 8, floor);
      out.push([s, end, cap]);
      steps += (end - s) / cap;
      // the scan itself costs per window: a fast drive over a huge span (cos t to 1e15) is refused as the
      // integrator's pace check would refuse it, once the windows so far already need WINDOW_PACE_STEPS steps
      if (steps > WINDOW_PACE_STEPS && end < b) checkPace(Math.ceil(steps), end, a, b);
      s = end;
    }
  }
  return out;
}

/**
 * y(t_k) for the output times (non-decreasing, ≥ t0) from y(t0) = y0 (length 2m·cols); `breakpoints` in
 * (t0, t_last) where the coefficients jump. `capScale` multiplies the drive's step cap (an error estimate
 * by a second run needs other steps: two runs held to the same cap took the same steps). Throws
 * LindbladError('not-converged', field 'method') on failure.
 */
export function integrateDriven(gen: DrivenGenerator, y0: Float64Array, times: ReadonlyArray<number>, method: DrivenMethod,
  breakpoints: number[], cols = 1, t0 = 0, capScale = 1): { states: Float64Array[]; stats: DrivenStats } {
  const stats: DrivenStats = { method: method.kind, steps: 0, rejected: 0, matvecs: 0, factorizations: 0, pieces: 0, driveStepCap: Infinity, errorEstimate: 0 };
  const states: Float64Array[] = [];
  let y: Float64Array = y0.slice(), k = 0;
  while (k < times.length && times[k] <= t0) states[k++] = y.slice();
  if (k === times.length) return { states, stats };
  const windows = driveWindows(gen.coefficientList(), breakpoints, t0, times[times.length - 1]);
  let hPrev = NaN;
  for (const [s0, s1, cap] of windows) {
    const hmax = cap * capScale;
    stats.pieces++;
    stats.driveStepCap = Math.min(stats.driveStepCap, hmax);
    const outs: number[] = [];
    for (let j = k; j < times.length && times[j] <= s1; j++) outs.push(times[j]);
    const last = outs.length > 0 && outs[outs.length - 1] === s1;
    const req = last ? outs : [...outs, s1];
    try {
      if (method.kind === 'dopri5') {
        const inside = clampTo(s0, s1);
        const r = dopri5((t, v, dv) => gen.apply(inside(t), v, dv, cols), y, req,
          { t0: s0, hmax, rtol: method.rtol, atol: method.atol, maxSteps: MAX_STEPS, pace: (attempts, t) => checkPace(attempts, t, s0, s1) });
        stats.steps += r.stats.steps; stats.rejected += r.stats.rejected; stats.matvecs += r.stats.fevals * cols;
        stats.errorEstimate += r.errors?.[r.errors.length - 1] ?? 0;
        outs.forEach((_, j) => { states[k + j] = r.states[j]; });
        y = r.states[req.length - 1];
      } else {
        const r = sdirk4Driven(gen, y, s0, req, hmax, method, cols, stats, hPrev, clampTo(s0, s1));
        outs.forEach((_, j) => { states[k + j] = r.states[j]; });
        y = r.states[req.length - 1];
        hPrev = r.h;
      }
    } catch (e) {
      if (e instanceof OdeError) throw new LindbladError('not-converged', `integration failed on [${s0}, ${s1}]: ${e.message}`, 'method');
      throw e;
    }
    k += outs.length;
  }
  return { states, stats };
}

/**
 * Coefficients are evaluated strictly inside the piece [s0, s1] (within 1e-12 relative of its ends), so
 * that a stage at a breakpoint sees the limit from this piece, not the next piece's value.
 */
export function clampTo(s0: number, s1: number): (t: number) => number {
  const d = 1e-12 * Math.max(1, Math.abs(s1), s1 - s0);
  const lo = s0 + Math.min(d, (s1 - s0) / 4), hi = s1 - Math.min(d, (s1 - s0) / 4);
  return (t) => (t < lo ? lo : t > hi ? hi : t);
}

/** The step limit of sdirk4Driven and of dopri5 (per piece). */
const MAX_STEPS = 10_000_000;
/** Steps the drive windows must already require before their pace over the span is projected (driveWindows). */
const WINDOW_PACE_STEPS = 100_000;
/** Every PACE_INTERVAL attempts the steps still needed are projected; beyond PACE_FACTOR × MAX_STEPS the run is refused at once. */
const PACE_FACTOR = 100;

/**
 * Refuses a piece [t0, end] whose pace so far — `attempts` steps to reach t — projects to more than
 * PACE_FACTOR × MAX_STEPS: a fast drive over a long span would otherwise step for minutes before 'too many
 * steps' (cos t over [0, 1e9]: implicit 160 s, dopri5 15 s, then a message blaming stiffness).
 */
function checkPace(attempts: number, t: number, t0: number, end: number): void {
  const projected = (attempts * (end - t0)) / Math.max(t - t0, 1e-300);
  if (projected > PACE_FACTOR * MAX_STEPS) {
    throw new LindbladError('unsupported', `at the pace of its first ${attempts} steps (t reached ${t.toPrecision(4)}), integrating to t = ${end} would take about ${projected.toExponential(1)} steps, far beyond the limit of ${MAX_STEPS.toExponential(0)}; shorten the time span`, 'times');
  }
}

const { gamma: G, a: A, b: B, bHat: BH } = SDIRK4_TABLEAU;
const C = A.map((row) => row.reduce((s, x) => s + x, 0));
const E = B.map((b, i) => b - BH[i]);

/** SDIRK4 on one piece: stages Y_i = M_i⁻¹(y + Σ_{j<i} a_ij Z_j), M_i = I − γhL(t + c_i h), Z_i = (Y_i − W_i)/γ; y_{n+1} = Y_5. */
function sdirk4Driven(gen: DrivenGenerator, y0: Float64Array, t0: number, outs: number[], hmax: number, method: DrivenMethod,
  cols: number, stats: DrivenStats, hGuess: number, inside: (t: number) => number): { states: Float64Array[]; h: number } {
  const len = y0.length, blk = 2 * gen.m, stages = 5;
  const z = Array.from({ length: stages }, () => new Float64Array(len));
  const w = new Float64Array(len), yNew = new Float64Array(len), est = new Float64Array(len), tmp = new Float64Array(len);
  const states: Float64Array[] = [];
  const end = outs[outs.length - 1];
  let y = y0.slice(), t = t0, oi = 0;
  const norm = gen.at(t0).normInf();
  let h = Math.min(hmax, end - t0, Number.isFinite(hGuess) ? hGuess : 0.01 / Math.max(norm, 1e-300));
  while (oi < outs.length && outs[oi] <= t) states[oi++] = y.slice();
  let attempts = 0;
  while (oi < outs.length) {
    if (++attempts > MAX_STEPS) throw new OdeError('implicit (driven): too many steps');
    if (attempts % PACE_INTERVAL === 0) checkPace(attempts, t, t0, end);
    const target = outs[oi], hit = target - t <= h * (1 + 1e-12);
    const hs = hit ? target - t : h;
    let solverLast: LinearSolver | null = null;
    for (let i = 0; i < stages; i++) {
      const mi = gen.shifted(inside(t + C[i] * hs), G * hs);
      const lu: LinearSolver = gen.m <= DENSE_LU_MAX ? denseLu(mi.toDense()) : sparseLu(mi);
      stats.factorizations++;
      w.set(y);
      for (let j = 0; j < i; j++) { const c = A[i][j], zj = z[j]; for (let q = 0; q < len; q++) w[q] += c * zj[q]; }
      for (let c = 0; c < cols; c++) lu.solve(w.subarray(c * blk, (c + 1) * blk), yNew.subarray(c * blk, (c + 1) * blk));
      const zi = z[i];
      for (let q = 0; q < len; q++) zi[q] = (yNew[q] - w[q]) / G;
      solverLast = lu;
    }
    tmp.fill(0);
    for (let i = 0; i < stages; i++) { const c = E[i], zi = z[i]; if (c !== 0) for (let q = 0; q < len; q++) tmp[q] += c * zi[q]; }
    for (let c = 0; c < cols; c++) solverLast!.solve(tmp.subarray(c * blk, (c + 1) * blk), est.subarray(c * blk, (c + 1) * blk));
    const err = errorNorm(est, y, yNew, method.rtol, method.atol);
    if (err <= 1) {
      stats.steps++;
      stats.errorEstimate += entryNorm1(est);
      t = hit ? target : t + hs;
      y = yNew.slice();
      while (oi < outs.length && outs[oi] <= t) states[oi++] = y.slice();
      const fac = err === 0 ? 4 : Math.min(4, Math.max(0.2, 0.9 * err ** -0.25));
      if (!hit || fac < 1) h = Math.min(hmax, hs * fac);
      else h = Math.min(hmax, Math.max(h, hs * fac));
    } else {
      stats.rejected++;
      if (!Number.isFinite(err)) h = hs * 0.2;
      else h = hs * Math.max(0.2, 0.9 * err ** -0.25);
      if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new OdeError(`implicit (driven): step size underflow at t = ${t}`);
    }
  }
  return { states, h };
}
