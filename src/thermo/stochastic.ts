/**
 * Stochastic entropy production along quantum-jump trajectories (PHYSICS.md §4). A trajectory starts in
 * basis state n0 of a two-point measurement (drawn with probability p0(n0)), jumps through the channels,
 * and ends with a projective measurement giving n_t; its total entropy production is
 *   Σ = Σ_jumps s_c + ln p0(n0) − ln p_t(n_t),   s_c = −β_i ΔE_c / ω_ref (fluctuation.ts),
 * in units of k_B. The mean medium part per unit time estimates Ṡ of the steady state (heat.ts), and
 * ⟨e^{−Σ}⟩ = 1 (integral fluctuation theorem) for a start with full support, checked here both by
 * sampling and exactly with a tilted generator.
 *
 * Two ways the sampled ⟨e^{−Σ}⟩ differs from 1, both reported (FluctuationReport):
 * - Absolute irreversibility: when p0 vanishes on some basis states (e.g. a start in one state), time-reversed
 *   paths can start where no forward path does, and the theorem reads ⟨e^{−Σ}⟩ = 1 − λ, λ the probability
 *   of the reversed paths that start outside supp p0 (Murashita, Funo & Ueda, PRE 90, 042110 (2014)).
 *   The exact value gives λ = 1 − ⟨e^{−Σ}⟩.
 * - Rare events: e^{−Σ} is dominated by the rare trajectories with Σ ≲ 0; when ⟨Σ⟩ ≫ 1 (e.g. the diamond
 *   model at t = 10: ⟨Σ⟩ ≈ 110), no feasible sample contains them and the sample mean (≈ e^{−110}) and its
 *   standard error say nothing about the expectation. The Kish effective sample size of the weights e^{−Σ_k},
 *   (Σw)²/Σw², measures this: below MIN_EFFECTIVE_SAMPLES the sampled value is flagged as not converged.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigh } from '../linalg/eigh.ts';
import { LindbladError, check, checkKeys, checkOptions, describe, isPlainObject } from '../errors.ts';
import { checkBasis } from './fluctuation-input.ts';
import { checkInitialState } from '../evolve/input.ts';
import type { LindbladModel } from '../model/model.ts';
import type { Operator } from '../model/operator.ts';
import { steadyState } from '../steady/steady.ts';
import { checkJumpBudget, decayOperator, jumpRate, trajectories, type TrajectoriesResult } from '../jumps/jumps.ts';
import { entropyProduction } from './heat.ts';
import {
  channelEntropyIncrements, classicalProcess, exactState, fluctuationTheoremClassical, fluctuationTheoremQuantum,
  MAX_EXACT_DIM,
} from './fluctuation.ts';
import { checkModel } from '../model/check-model.ts';

/** An orthonormal basis (interleaved kets in the computational basis) with a label per state. */
export interface EntropyBasis {
  vectors: Float64Array[];
  labels: string[];
}

/**
 * Where trajectories start: the steady-state distribution, one state of the measurement basis (the given
 * basis, or the eigenbasis of ρ_ss), or any density matrix ρ0 (drawn from its eigen-decomposition).
 */
export type EntropyStart =
  | { kind: 'steady' }
  | { kind: 'basis-state'; index: number }
  | { kind: 'density'; rho: DenseMatrix };

export interface StochasticEntropyOptions {
  /** Final time t > 0 (the model's inverse rate units). */
  t: number;
  count: number;
  seed: number;
  workers?: number | 'auto';
  /** Measurement basis at both ends; default: the eigenbasis of ρ_ss at the start and of ρ(t) at the end. */
  basis?: EntropyBasis;
  start?: EntropyStart;
  /** Observables averaged at time t (forwarded to the trajectories). */
  observables?: Readonly<Record<string, Operator>>;
}

/** Mean and standard error σ/√count. */
export interface Estimate { mean: number; error: number }

export interface StochasticEntropyResult {
  /** Bases and distributions of the two measurements. */
  initialBasis: EntropyBasis;
  finalBasis: EntropyBasis;
  p0: Float64Array;
  pt: Float64Array;
  /** Per trajectory: Σ_jumps s_c, the boundary term ln p0(n0) − ln p_t(n_t), and their sum Σ. */
  medium: Float64Array;
  boundary: Float64Array;
  total: Float64Array;
  /**
   * ⟨Σ_medium⟩/t: estimates Ṡ when the start is the steady state. Its error: the standard error, at least
   * max_c |s_c|/(count·t) (one jump of the most entropic channel that no trajectory made).
   */
  mediumRate: Estimate;
  /** Ṡ = −Σ_i β_i Q̇_i/ω_ref of the steady state (heat.ts). */
  steadyRate: number;
  /** ⟨e^{−Σ}⟩ sampled, and exactly (classical tilted generator when the jumps stay in the basis, else the tilted Liouvillian). */
  fluctuation: FluctuationReport;
  trajectories: TrajectoriesResult;
}

/** Below this Kish effective sample size of the weights e^{−Σ_k}, the sampled ⟨e^{−Σ}⟩ is not a converged estimate. */
export const MIN_EFFECTIVE_SAMPLES = 100;

/** The integral fluctuation theorem: sampled and exact ⟨e^{−Σ}⟩ and what makes them differ from 1 (see above). */
export interface FluctuationReport {
  sampled: Estimate;
  exact: number | null;
  exactMethod: 'classical' | 'quantum' | null;
  /** Why `exact` is null although the model allows it (e.g. t beyond the exponential's accurate range), else null. */
  exactNote: string | null;
  /** (Σw)²/Σw² for w_k = e^{−Σ_k}: about count when the weights are even, about 1 when one trajectory dominates. */
  effectiveSamples: number;
  /** effectiveSamples ≥ MIN_EFFECTIVE_SAMPLES and, when `exact` is known, |sampled − exact| ≤ 5 standard errors. */
  sampledConverged: boolean;
  /** p0 > 0 on every basis state (else absolute irreversibility: ⟨e^{−Σ}⟩ = 1 − λ). */
  fullSupport: boolean;
  /** λ = 1 − exact (0 with full support; null when the exact value is unknown). */
  absoluteIrreversibility: number | null;
  /** Sentences for people: absolute irreversibility, convergence of the sample, a missing exact value (may be empty). */
  notes: string[];
}

/** Kish effective sample size (Σw)²/Σw² of w_k = e^{−x_k}, in logarithms (no overflow for x of any size). */
export function effectiveSampleSize(x: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < x.length; i++) m = Math.min(m, x[i]);
  if (!Number.isFinite(m)) return x.length > 0 && m === -Infinity ? 1 : 0;
  let s1 = 0, s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const w = Math.exp(m - x[i]);
    s1 += w;
    s2 += w * w;
  }
  return (s1 * s1) / s2;
}

/** The report of the fluctuation theorem from the trajectories' Σ_k, the start's p0 and the exact value. */
function fluctuationReport(total: Float64Array, p0: Float64Array, exact: { exact: number | null; exactMethod: 'classical' | 'quantum' | null; exactNote: string | null }): FluctuationReport {
  const sampled = estimate(total.map((x) => Math.exp(-x)));
  const effectiveSamples = effectiveSampleSize(total);
  const fullSupport = p0.every((p) => p > 0);
  const agrees = exact.exact === null || Math.abs(sampled.mean - exact.exact) <= 5 * sampled.error + 1e-12;
  const sampledConverged = effectiveSamples >= MIN_EFFECTIVE_SAMPLES && agrees;
  const absoluteIrreversibility = fullSupport ? 0 : exact.exact === null ? null : 1 - exact.exact;
  let meanSigma = 0;
  for (const x of total) meanSigma += x / total.length;
  const notes: string[] = [];
  if (!fullSupport) {
    const zero = p0.filter((p) => !(p > 0)).length;
    notes.push(`absolute irreversibility: the start has no weight on ${zero} of ${p0.length} basis states, so the theorem reads ⟨e^(−Σ)⟩ = 1 − λ, `
      + `λ the probability of the time-reversed paths that start outside the initial support`
      + (absoluteIrreversibility === null ? '' : ` (here λ = ${absoluteIrreversibility.toPrecision(6)})`) + '; start from the steady state (full support) for ⟨e^(−Σ)⟩ = 1');
  }
  if (!sampledConverged) {
    notes.push(`the sampled value is not converged: effective sample size ${effectiveSamples.toPrecision(3)} of ${total.length} `
      + `(⟨e^(−Σ)⟩ is decided by rare trajectories with Σ ≲ 0, while the mean Σ is ${meanSigma.toPrecision(4)}; its standard error does not measure that)`
      + (agrees ? '' : `, and it differs from the exact value by more than 5 standard errors`));
  }
  if (exact.exactNote) notes.push(exact.exactNote);
  return { sampled, ...exact, effectiveSamples, sampledConverged, fullSupport, absoluteIrreversibility, notes };
}

/** Populations ⟨b_m|ρ|b_m⟩, after checking that ρ is diagonal in the basis (to 1e-9). */
function diagonalIn(rho: DenseMatrix, b: EntropyBasis, field: string): Float64Array {
  const n = b.vectors.length, p = new Float64Array(n);
  const rb = b.vectors.map((v) => rho.matvec(v, new Float64Array(v.length)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0, im = 0;
      const u = b.vectors[i], w = rb[j];
      for (let k = 0; k < u.length; k += 2) {
        re += u[k] * w[k] + u[k + 1] * w[k + 1];
        im += u[k] * w[k + 1] - u[k + 1] * w[k];
      }
      if (i === j) p[i] = Math.max(0, re);
      else check(Math.hypot(re, im) <= 1e-9, field, `the state is not diagonal in the measurement basis (⟨${b.labels[i]}|ρ|${b.labels[j]}⟩ = ${Math.hypot(re, im).toExponential(2)})`);
    }
  }
  const s = p.reduce((a, x) => a + x, 0);
  return p.map((x) => x / s);
}

/** Eigenbasis of ρ with clipped, renormalised eigenvalues as probabilities. */
function eigenBasis(rho: DenseMatrix, tag: string): { basis: EntropyBasis; p: Float64Array } {
  const { values, vectors } = eigh(rho);
  const n = values.length;
  const vecs = Array.from({ length: n }, (_, j) => Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? vectors.re(k >> 1, j) : vectors.im(k >> 1, j))));
  const p = values.map((x) => Math.max(0, x));
  const s = p.reduce((a, x) => a + x, 0);
  return { basis: { vectors: vecs, labels: vecs.map((_, j) => `${tag}${j}`) }, p: p.map((x) => x / s) };
}

function projector(vectors: ReadonlyArray<Float64Array>, keep: ArrayLike<number>): DenseMatrix {
  const n = vectors[0].length / 2, out = new DenseMatrix(n, n);
  vectors.forEach((v, m) => {
    if (!(keep[m] > 0)) return;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      out.addAt(i, j, v[2 * i] * v[2 * j] + v[2 * i + 1] * v[2 * j + 1], v[2 * i + 1] * v[2 * j] - v[2 * i] * v[2 * j + 1]);
    }
  });
  return out;
}

/** Mean and σ/√count of a sample (σ with the n − 1 normalisation); an infinite mean has an infinite error. */
export function estimate(x: ArrayLike<number>): Estimate {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  if (!Number.isFinite(mean)) return { mean, error: Infinity };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { mean, error: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/**
 * Runs `count` trajectories to time t from the chosen start and returns each trajectory's Σ (medium,
 * boundary, total), the medium entropy production rate ⟨Σ_medium⟩/t with its standard error, the steady
 * Ṡ, and ⟨e^{−Σ}⟩ sampled and exact. Needs every energy-moving channel to belong to a bath with finite β
 * and to be an eigenoperator of [H0, ·] (LindbladError 'unsupported' otherwise).
 */
export async function stochasticEntropy(model: LindbladModel, options: StochasticEntropyOptions): Promise<StochasticEntropyResult> {
  checkModel(model);
  checkOptions(options, ['t', 'count', 'seed', 'workers', 'basis', 'start', 'observables'], 'options'); // undefined was a TypeError, a misspelt key ignored
  check(options !== undefined, 'options', 'expected { t, count, seed, … }');
  const { t } = options;
  check(typeof t === 'number' && Number.isFinite(t) && t > 0, 't', `expected a finite time > 0, got ${describe(t)}`);
  decayOperator(model); // finite operators first (a clear error rather than one from the steady state)
  const s = channelEntropyIncrements(model);
  const n = model.space.dim;
  const rhoSs = steadyState(model).rho;
  checkJumpBudget(options.count, jumpRate(model, rhoSs), t, 't');
  const start = options.start === undefined ? { kind: 'steady' as const } : options.start;
  let b0: EntropyBasis, bt: EntropyBasis, p0: Float64Array, pt: Float64Array;
  if (options.basis !== undefined) {
    check(isPlainObject(options.basis), 'basis', `expected { vectors, labels }, got ${describe(options.basis)}`);
    checkKeys(options.basis, ['vectors', 'labels'], 'basis');
    checkBasis(options.basis.vectors, n, n, 'basis.vectors'); // short kets were an 'internal' matvec error
    check(Array.isArray(options.basis.labels) && options.basis.labels.length === n && options.basis.labels.every((l) => typeof l === 'string'), 'basis.labels', `expected ${n} strings`);
    b0 = bt = options.basis;
    p0 = diagonalIn(rhoSs, b0, 'basis');
  } else {
    ({ basis: b0, p: p0 } = eigenBasis(rhoSs, 'ss'));
    bt = b0;
  }
  check(isPlainObject(start) && ['steady', 'basis-state', 'density'].includes(start.kind as string), 'start', `expected { kind: "steady" }, { kind: "basis-state", index } or { kind: "density", rho }, got ${describe(start)}`);
  checkKeys(start, start.kind === 'steady' ? ['kind'] : start.kind === 'basis-state' ? ['kind', 'index'] : ['kind', 'rho'], 'start');
  if (start.kind === 'steady') pt = p0;
  else {
    let rho0: DenseMatrix;
    if (start.kind === 'basis-state') {
      check(Number.isInteger(start.index) && start.index >= 0 && start.index < n, 'start.index', `expected a basis index in [0, ${n - 1}], got ${start.index}`);
      p0 = Float64Array.from({ length: n }, (_, i) => (i === start.index ? 1 : 0));
      rho0 = projector(b0.vectors, p0);
    } else if (start.kind === 'density') {
      rho0 = start.rho;
      check(rho0 instanceof DenseMatrix && rho0.rows === n && rho0.cols === n, 'start.rho', `expected a ${n}×${n} density matrix`);
      try {
        checkInitialState(model, rho0); // trace, Hermiticity, positivity: evolve's check, named as this option
      } catch (e) {
        if (e instanceof LindbladError && e.field === 'rho0') throw new LindbladError(e.code, e.message.slice('rho0: '.length), 'start.rho');
        throw e;
      }
      if (options.basis !== undefined) p0 = diagonalIn(rho0, b0, 'start.rho');
      else ({ basis: b0, p: p0 } = eigenBasis(rho0, 'initial'));
    } else throw new LindbladError('invalid-input', 'expected { kind: "steady" }, { kind: "basis-state", index } or { kind: "density", rho }', 'start.kind');
    const rhoT = exactState(model, rho0, t);
    if (options.basis !== undefined) pt = diagonalIn(rhoT, bt, 'basis');
    else ({ basis: bt, p: pt } = eigenBasis(rhoT, 't'));
  }

  const traj = await trajectories(model, { kind: 'distribution', states: b0.vectors, probabilities: p0 }, [t], {
    count: options.count, seed: options.seed, workers: options.workers, observables: options.observables, finalMeasurement: bt.vectors,
  });
  const medium = new Float64Array(options.count), boundary = new Float64Array(options.count), total = new Float64Array(options.count);
  const { offsets, channels } = traj.jumps;
  for (let k = 0; k < options.count; k++) {
    let m = 0;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) m += s[channels[p]];
    medium[k] = m;
    boundary[k] = Math.log(p0[traj.initialIndex[k]]) - Math.log(pt[traj.finalOutcome![k]]);
    total[k] = m + boundary[k];
  }
  const rate = estimate(medium);
  // A jump no trajectory made still moves the mean by its entropy over the count: the error is at least
  // max_c |s_c|/count over the channels that can fire (as the populations' range/count floor, jumps.ts).
  // 100 trajectories of a slow qubit (jump rate 1.25e-3, t = 1) mostly made no jump: 0 ± 0 against Ṡ = 1.5e-3.
  let step = 0;
  model.channels.forEach((c, k) => { if (c.rate > 0 && !c.operator.isZero()) step = Math.max(step, Math.abs(s[k])); });
  return {
    initialBasis: b0, finalBasis: bt, p0, pt, medium, boundary, total,
    mediumRate: { mean: rate.mean / t, error: Math.max(rate.error, step / options.count) / t },
    steadyRate: entropyProduction(model, rhoSs).rate,
    fluctuation: fluctuationReport(total, p0, exactFluctuation(model, s, b0, bt, p0, pt, t)),
    trajectories: traj,
  };
}

/**
 * The exact ⟨e^{−Σ}⟩: classical when the jumps stay in one basis, else quantum (small dimension), else null.
 * Null with a note also when the matrix exponential cannot reach t accurately (fluctuation.ts: 'unsupported').
 */
function exactFluctuation(model: LindbladModel, s: Float64Array, b0: EntropyBasis, bt: EntropyBasis, p0: Float64Array,
  pt: Float64Array, t: number): { exact: number | null; exactMethod: 'classical' | 'quantum' | null; exactNote: string | null } {
  const beyond = (e: unknown) => {
    if (e instanceof LindbladError && e.code === 'unsupported' && e.field === 't') return { exact: null, exactMethod: null, exactNote: e.message.slice(3) };
    throw e;
  };
  if (b0 === bt) {
    let process;
    try {
      process = classicalProcess(model, b0.vectors);
    } catch (e) {
      if (!(e instanceof LindbladError)) throw e;
    }
    if (process) {
      try {
        return { exact: fluctuationTheoremClassical(process, s, p0, t).value, exactMethod: 'classical', exactNote: null };
      } catch (e) {
        return beyond(e);
      }
    }
  }
  if (model.space.dim > MAX_EXACT_DIM) return { exact: null, exactMethod: null, exactNote: null };
  try {
    return { exact: fluctuationTheoremQuantum(model, s, projector(b0.vectors, p0), bt.vectors, pt, t), exactMethod: 'quantum', exactNote: null };
  } catch (e) {
    return beyond(e);
  }
}
