/**
 * Stochastic entropy production along quantum-jump trajectories (PHYSICS.md §4). A trajectory starts in
 * basis state n0 of a two-point measurement (drawn with probability p0(n0)), jumps through the channels,
 * and ends with a projective measurement giving n_t; its total entropy production is
 *   Σ = Σ_jumps s_c + ln p0(n0) − ln p_t(n_t),   s_c = −β_i ΔE_c / ω_ref (fluctuation.ts),
 * in units of k_B. The mean medium part per unit time estimates Ṡ of the steady state (heat.ts), and
 * ⟨e^{−Σ}⟩ = 1 (integral fluctuation theorem) for a start with full support, checked here both by
 * sampling and exactly with a tilted generator.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigh } from '../linalg/eigh.ts';
import { LindbladError, check } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import type { Operator } from '../model/operator.ts';
import { steadyState } from '../steady/steady.ts';
import { trajectories, type TrajectoriesResult } from '../jumps/jumps.ts';
import { entropyProduction } from './heat.ts';
import {
  channelEntropyIncrements, classicalProcess, exactState, fluctuationTheoremClassical, fluctuationTheoremQuantum,
  MAX_EXACT_DIM,
} from './fluctuation.ts';

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
  workers?: number;
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
  /** ⟨Σ_medium⟩/t: estimates Ṡ when the start is the steady state. */
  mediumRate: Estimate;
  /** Ṡ = −Σ_i β_i Q̇_i/ω_ref of the steady state (heat.ts). */
  steadyRate: number;
  /** ⟨e^{−Σ}⟩ sampled, and exactly (classical tilted generator when the jumps stay in the basis, else the tilted Liouvillian). */
  fluctuation: { sampled: Estimate; exact: number | null; exactMethod: 'classical' | 'quantum' | null };
  trajectories: TrajectoriesResult;
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
  const { t } = options;
  check(Number.isFinite(t) && t > 0, 't', `expected a finite time > 0, got ${t}`);
  const s = channelEntropyIncrements(model);
  const n = model.space.dim;
  const rhoSs = steadyState(model).rho;
  const start = options.start ?? { kind: 'steady' };
  let b0: EntropyBasis, bt: EntropyBasis, p0: Float64Array, pt: Float64Array;
  if (options.basis) {
    check(options.basis.vectors.length === n && options.basis.labels.length === n, 'basis', `expected ${n} kets with ${n} labels`);
    b0 = bt = options.basis;
    p0 = diagonalIn(rhoSs, b0, 'basis');
  } else {
    ({ basis: b0, p: p0 } = eigenBasis(rhoSs, 'ss'));
    bt = b0;
  }
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
      if (options.basis) p0 = diagonalIn(rho0, b0, 'start.rho');
      else ({ basis: b0, p: p0 } = eigenBasis(rho0, 'initial'));
    } else throw new LindbladError('invalid-input', 'expected { kind: "steady" }, { kind: "basis-state", index } or { kind: "density", rho }', 'start.kind');
    const rhoT = exactState(model, rho0, t);
    if (options.basis) pt = diagonalIn(rhoT, bt, 'basis');
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
  return {
    initialBasis: b0, finalBasis: bt, p0, pt, medium, boundary, total,
    mediumRate: { mean: rate.mean / t, error: rate.error / t },
    steadyRate: entropyProduction(model, rhoSs).rate,
    fluctuation: { sampled: estimate(total.map((x) => Math.exp(-x))), ...exactFluctuation(model, s, b0, bt, p0, pt, t) },
    trajectories: traj,
  };
}

/** The exact ⟨e^{−Σ}⟩: classical when the jumps stay in one basis, else quantum (small dimension), else null. */
function exactFluctuation(model: LindbladModel, s: Float64Array, b0: EntropyBasis, bt: EntropyBasis, p0: Float64Array,
  pt: Float64Array, t: number): { exact: number | null; exactMethod: 'classical' | 'quantum' | null } {
  if (b0 === bt) {
    try {
      return { exact: fluctuationTheoremClassical(classicalProcess(model, b0.vectors), s, p0, t).value, exactMethod: 'classical' };
    } catch (e) {
      if (!(e instanceof LindbladError)) throw e;
    }
  }
  if (model.space.dim > MAX_EXACT_DIM) return { exact: null, exactMethod: null };
  return { exact: fluctuationTheoremQuantum(model, s, projector(b0.vectors, p0), bt.vectors, pt, t), exactMethod: 'quantum' };
}
