/**
 * evolve's 'auto' method choice by predicted cost. Every candidate's cost is predicted in complex
 * multiply-adds (MAC) for the evolved block (N unknowns, output times up to t_end, already capped at the
 * exponential's accurate horizon, long-time.ts), and the cheapest one runs; the prediction and the reason
 * are returned for EvolveStats.choice.
 *
 * Dense exponentials first, without a probe: their cost (distinct output gaps)·(10 + s)·N³ (Padé 13 with
 * s squarings for ‖A‖₁·Δt) is taken when it is below EXPM_BUDGET (≈ 0.1 s) and N ≤ 400 (cheapExpm), where
 * they were measured faster than the implicit method (cavity model: 68 unknowns, 101 uniform outputs: expm
 * 15 ms vs implicit 21 ms; 241 log-spaced outputs: expm 3.7 s vs implicit 52 ms; 192 unknowns, uniform:
 * 0.40 s vs 0.17 s); beyond the budget they stay a candidate at that cost up to EXPM_CANDIDATE_MAX unknowns.
 * Otherwise a probe: one Krylov segment from y₀ (krylov-segment.ts; m ≤ 24 products A·v) gives its length τ₁
 * (the span it covers at the local tolerance) and the Ritz values of H_m, whose largest modulus ρ̂
 * estimates the spectral radius of A (the stiffness scale). With c the cost of one product A·v (nnz of the
 * CSR block, or the matrix-form cost n³·(2 + 2·jumps) of liouvillian/matrix-form.ts):
 * - krylov:   ⌈t_end/τ₁⌉·(m·c + 2m²N + 100m³) + outputs·(m·N + m²)   (Arnoldi, Gram–Schmidt, step
 *             control and the gap propagators, ~4 small exponentials of ~25m³; τ₁ from y₀ is conservative);
 * - dopri5:   6c per step, steps = ρ̂·t_end/min(3, 5·rtol^{1/5})   (accuracy limit h·ρ̂ ≈ 5·rtol^{1/5},
 *             capped by the stability limit h·ρ̂ ≤ 3 of Dormand–Prince along both axes);
 * - implicit: 3 × (10 factorisations of I − γhA plus 8 solves per step for max(2·outputs, 50, |Im θ|·t_end/
 *             (5·rtol^{1/4})) steps — the last the accuracy limit on oscillations, |Im θ| from the Ritz values); a
 *             dense LU costs N³/3 and solves N² (block density > ¼), a sparse one F²/N and solves 2F with the
 *             fill estimate F = min(N², 2·nnz·log₂N) (a rough model: the LU's fill is not known before
 *             ordering). The factor 3 is measured: the sparse LU and its solves run ~3× fewer multiply-adds
 *             per second than the products (dense d = 12, 21 outputs: implicit 165 ms CPU for 1.8e7 predicted,
 *             Krylov 27 ms for 1.1e7 done);
 * The implicit method, which needs the assembled matrix, is charged its assembly (the nnz of L) when
 * it is not built yet. The predictions are models, not measurements: they decide which method runs, never
 * what it returns (each method controls its own error and evolve checks every output).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigvals } from '../linalg/eig.ts';
import { LinalgError, attempt } from '../linalg/errors.ts';
import { KrylovSegment, type LinearAction } from '../linalg/krylov-segment.ts';
import { KRYLOV_DEFAULT_DIM, KRYLOV_DEFAULT_TOL, type LinearMethod } from '../linalg/ode/index.ts';

/** Number of distinct gaps between consecutive output times (from t = 0), at relative tolerance 1e-12. */
export function distinctGaps(times: ReadonlyArray<number>): number {
  let scale = 0;
  for (const t of times) scale = Math.max(scale, Math.abs(t)); // not Math.max(...times): 10⁵ arguments overflow the stack
  const tol = 1e-12 * scale;
  const gaps: number[] = [];
  times.forEach((t, k) => {
    const g = t - (k === 0 ? 0 : times[k - 1]);
    if (g > tol && !gaps.some((x) => Math.abs(x - g) <= Math.max(tol, 1e-12 * g))) gaps.push(g);
  });
  return gaps.length;
}

/** Dense exponentials are taken without a probe below this predicted cost (multiply-adds, ≈ 0.1 s)… */
export const EXPM_BUDGET = 3e7;
/** …and never for more than this many unknowns. */
export const EXPM_AUTO_MAX = 400;

/**
 * The dense-exponential choice when it is cheap (module comment), else null: N unknowns, ‖A‖₁ (or a bound),
 * output times capped at the accurate horizon.
 */
export function cheapExpm(N: number, norm1: number, times: readonly number[]): MethodChoice | null {
  if (N > EXPM_AUTO_MAX) return null;
  const cost = expmCost(N, norm1, times);
  if (!(cost <= EXPM_BUDGET)) return null;
  return { method: 'expm', reason: `dense exponentials: predicted cost ${cost.toExponential(1)} multiply-adds ≤ ${EXPM_BUDGET.toExponential(0)} for ${N} unknowns (no probe)`, predicted: { expm: cost }, probe: null };
}

/** (distinct output gaps)·(10 + s)·N³: Padé 13 with s squarings for ‖A‖₁ times the longest gap. */
function expmCost(N: number, norm1: number, times: readonly number[]): number {
  let maxGap = 0;
  times.forEach((t, k) => { maxGap = Math.max(maxGap, t - (k === 0 ? 0 : times[k - 1])); });
  const squarings = Math.max(0, Math.ceil(Math.log2((norm1 * maxGap) / 5.37)));
  return distinctGaps(times) * (10 + squarings) * N ** 3;
}

/** Beyond cheapExpm, dense exponentials stay a candidate by predicted cost up to this many unknowns (16 MB each). */
export const EXPM_CANDIDATE_MAX = 1024;

/** Multiply-adds of the sparse LU and its solves counted at this weight against the products' (module comment). */
const IMPLICIT_RATE = 3;

/** The candidates 'auto' chooses from. */
export type CandidateMethod = 'krylov' | 'dopri5' | 'expm' | 'implicit';

/** What 'auto' chose and why (EvolveStats.choice); predicted costs in complex multiply-adds (absent: not a candidate). */
export interface MethodChoice {
  method: CandidateMethod;
  reason: string;
  predicted: Partial<Record<CandidateMethod, number>>;
  /** The probe's findings: Krylov span τ₁ from y₀, Ritz estimate ρ̂ of the spectral radius, ‖A‖₁ (or a bound). */
  probe: { span: number; spectralRadius: number; norm1: number } | null;
}

export interface ChoiceInput {
  /** The action of the block matrix A, its unknowns N, and the cost c of one product. */
  action: LinearAction;
  unknowns: number;
  productCost: number;
  /** nnz of the assembled block (built or not); whether it is built already. */
  matrixNnz: number;
  assembled: boolean;
  /** ‖A‖₁ or an upper bound of it. */
  norm1: number;
  y0: Float64Array;
  /** Output times (capped at the accurate horizon) and the auto rtol. */
  times: readonly number[];
  rtol: number;
}

/**
 * Predicts every candidate's cost and picks the cheapest (see the module comment); `segment` is the probe,
 * started from input.y0, for the Krylov method to continue (null when there was none).
 */
export function chooseMethod(input: ChoiceInput): { choice: MethodChoice; segment: KrylovSegment | null } {
  const { unknowns: N, productCost: c, times } = input;
  let tEnd = 0;
  for (const t of times) tEnd = Math.max(tEnd, t);
  const outputs = times.length;
  const predicted: Partial<Record<CandidateMethod, number>> = {};
  const assembly = input.assembled ? 0 : input.matrixNnz;
  const dense = input.matrixNnz > N * N / 4;
  const fill = dense ? N * N : Math.min(N * N, 2 * input.matrixNnz * Math.log2(Math.max(2, N)));
  const lu = dense ? N ** 3 / 3 : fill * fill / N, solve = dense ? N * N : 2 * fill;
  const implicitCost = (steps: number) => IMPLICIT_RATE * (10 * lu + 8 * steps * solve) + assembly;
  predicted.implicit = implicitCost(Math.max(2 * outputs, 50));
  if (N <= EXPM_CANDIDATE_MAX && tEnd > 0) predicted.expm = expmCost(N, input.norm1, times);

  let probe: MethodChoice['probe'] = null, segment: KrylovSegment | null = null;
  if (tEnd > 0) {
    const seg = new KrylovSegment(input.action, input.norm1, KRYLOV_DEFAULT_TOL, KRYLOV_DEFAULT_DIM);
    let started = true;
    try { seg.start(input.y0); } catch (e) { if (!(e instanceof LinalgError)) throw e; started = false; }
    if (started) {
      const m = seg.m, span = seg.len;
      const { radius: rho, oscillation } = ritzScales(seg);
      const segments = Number.isFinite(span) ? Math.max(1, Math.ceil(tEnd / span)) : 1;
      predicted.krylov = segments * (m * c + 2 * m * m * N + 100 * m ** 3) + outputs * (m * N + m * m);
      const hRho = Math.min(3, 5 * Math.pow(input.rtol, 1 / 5));
      predicted.dopri5 = 6 * c * Math.max(1, Math.ceil((rho * tEnd) / hRho));
      // SDIRK4 is not limited by decay but is by oscillation: h·|Im θ| ≈ 5·rtol^{1/4} (a weakly damped model
      // with |H| ~ 300 went to it as if 50 steps sufficed: 9 s and not-converged, where expm took 0.36 s)
      predicted.implicit = implicitCost(Math.max(2 * outputs, 50, Math.ceil((oscillation * tEnd) / (5 * Math.pow(input.rtol, 1 / 4)))));
      probe = { span, spectralRadius: rho, norm1: input.norm1 };
      segment = seg;
    }
  }
  let best: CandidateMethod = 'implicit';
  for (const k of ['krylov', 'implicit', 'dopri5', 'expm'] as const) {
    const v = predicted[k];
    if (v !== undefined && v < predicted[best]!) best = k;
  }
  const fmt = (x: number) => x.toExponential(1);
  const others = (Object.keys(predicted) as CandidateMethod[]).filter((k) => k !== best).map((k) => `${k} ${fmt(predicted[k]!)}`).join(', ');
  const scale = probe ? `; probe: Krylov span ${probe.span.toPrecision(3)} of t_end ${tEnd.toPrecision(3)}, ρ̂(A) ≈ ${probe.spectralRadius.toPrecision(3)}, ‖A‖₁ ≤ ${probe.norm1.toPrecision(3)}` : '';
  const reason = `predicted cost ${fmt(predicted[best]!)} multiply-adds, the lowest (${others}) for ${N} unknowns, `
    + `${fmt(c)} per product A·v, ${outputs} outputs${scale}`;
  return { choice: { method: best, reason, predicted, probe }, segment };
}

/** max |θ| and max |Im θ| over the Ritz values θ of the probe's H_m (0 when it failed; both m/τ₁ when the eigenvalues fail). */
function ritzScales(seg: KrylovSegment): { radius: number; oscillation: number } {
  const m = seg.m;
  if (m === 0) return { radius: 0, oscillation: 0 };
  const hm = new DenseMatrix(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) hm.set(i, j, seg.h[2 * (i * seg.ld + j)], seg.h[2 * (i * seg.ld + j) + 1]);
  const ev = attempt(() => eigvals(hm));
  if (!ev) { const r = seg.len > 0 && Number.isFinite(seg.len) ? m / seg.len : 0; return { radius: r, oscillation: r }; }
  let radius = 0, oscillation = 0;
  for (let k = 0; k < m; k++) { radius = Math.max(radius, Math.hypot(ev.re[k], ev.im[k])); oscillation = Math.max(oscillation, Math.abs(ev.im[k])); }
  return { radius, oscillation };
}

/** The integrator for a candidate, with the tolerances 'auto' uses (and the probe for Krylov to continue). */
export function candidateMethod(kind: CandidateMethod, rtol: number, atol: number, norm1: number, probe: KrylovSegment | null = null): LinearMethod {
  switch (kind) {
    case 'krylov': return { kind: 'krylov', norm: norm1, ...(probe ? { first: probe } : {}) };
    case 'dopri5': return { kind: 'dopri5', rtol, atol };
    case 'expm': return { kind: 'expm' };
    case 'implicit': return { kind: 'implicit', rtol, atol };
  }
}
