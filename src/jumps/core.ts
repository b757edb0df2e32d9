/**
 * The quantum-jump (Monte Carlo wave-function) loop for a contiguous range of trajectories, shared by the
 * serial path and the worker threads. Everything that enters is plain data (a validated JumpSpec), and
 * trajectory k draws only from streamFor(seed, k), so a trajectory's history does not depend on where it
 * runs. Ensemble statistics are accumulated per fixed block of CHUNK trajectories (Welford), and blocks
 * are merged in index order (Chan et al.), so serial and parallel runs give bit-identical averages.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import { decayPropagator, normSquared, type DecayPropagator, type DecayPropagatorKind } from '../linalg/decay-propagator.ts';
import { csrFromData, type CsrData } from '../model/serialize.ts';
import type { LindbladModel } from '../model/model.ts';
import { streamFor } from '../random/rng.ts';
import { LindbladError } from '../errors.ts';

/** Trajectories per statistics block; ranges handed to workers start on multiples of it. */
export const CHUNK = 64;
/**
 * Work limits (~5 µs and 12 bytes of log per jump for small models): a trajectory stops after
 * MAX_JUMPS_PER_TRAJECTORY jumps, a range after MAX_TOTAL_JUMPS, and the run is refused (jumps.ts).
 */
export const MAX_JUMPS_PER_TRAJECTORY = 1e6, MAX_TOTAL_JUMPS = 5e7;

/** A validated, plain-data description of a jump run (everything but the model and the seed). */
export interface JumpSpec {
  /** Normalised initial kets (computational basis, interleaved) and their cumulative probabilities. */
  initialStates: Float64Array[];
  /** cumulative[i] = Σ_{j ≤ i} p_j, last entry 1; empty for a single ket (no draw is made). */
  cumulative: Float64Array;
  times: Float64Array;
  /** Hermitian observables (computational basis). */
  observables: CsrData[];
  /** Orthonormal measurement basis for a final projective measurement, or null. */
  finalBasis: Float64Array[] | null;
  propagator: DecayPropagatorKind;
  keepJumps: boolean;
}

/** Welford statistics of one block: per (time, quantity) mean and sum of squared deviations M2. */
export interface BlockStats {
  count: number;
  mean: Float64Array;
  m2: Float64Array;
}

/** What a range of trajectories [start, end) produces (plain data, transferable). */
export interface RangeResult {
  start: number;
  end: number;
  blocks: BlockStats[];
  initialIndex: Int32Array;
  finalOutcome: Int32Array;
  jumpCounts: Int32Array;
  jumpTimes: Float64Array;
  jumpChannels: Int32Array;
  propagator: DecayPropagator['kind'];
  /** Why the range stopped early (a work limit), or null; the caller refuses the run (thrown there, not in a worker). */
  stopped: string | null;
}

interface PlanChannel { index: number; rate: number; op: CsrMatrix }

/** Internal-coordinate form of a model and a spec. */
export interface JumpPlan {
  dim: number;
  prop: DecayPropagator;
  channels: PlanChannel[];
  initial: Float64Array[];
  cumulative: Float64Array;
  times: Float64Array;
  observables: CsrMatrix[];
  finalBasis: Float64Array[] | null;
  keepJumps: boolean;
  /** Quantities recorded per time: dim populations, then the observables. */
  quantities: number;
}

/**
 * The propagator's internal basis V (null: the identity), with V and V† also in sparse form when V has at
 * most a quarter of its entries non-zero (a permutation, a few coupled pairs): the changes of basis
 * then cost O(nnz) instead of O(n³) per operator (a Fock cutoff of 1,000 spent 8 s forming V† once per
 * initial ket).
 */
interface InternalBasis { v: DenseMatrix; sparse: { v: CsrMatrix; vt: CsrMatrix } | null }

function internalBasis(v: DenseMatrix | null): InternalBasis | null {
  if (!v) return null;
  const csr = CsrMatrix.fromDense(v);
  return { v, sparse: csr.nnz <= 0.25 * v.rows * v.cols ? { v: csr, vt: csr.adjoint() } : null };
}

/**
 * V† M V for a sparse M (V = null is the identity). Entries below 1e-14 of the largest are rounding noise
 * of the change of basis (V is unitary to ~1e-16) and are dropped, so operators that are sparse in the
 * eigenbasis stay sparse.
 */
function toInternal(basis: InternalBasis | null, m: CsrMatrix): CsrMatrix {
  if (!basis) return m;
  const c = basis.sparse ? basis.sparse.vt.mul(m).mul(basis.sparse.v) : CsrMatrix.fromDense(basis.v.adjoint().mul(m.toDense()).mul(basis.v));
  const a = c.values, ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  let max = 0;
  for (let k = 0; k < a.length; k += 2) max = Math.max(max, Math.hypot(a[k], a[k + 1]));
  for (let i = 0; i < c.rows; i++) {
    for (let p = c.rowPtr[i]; p < c.rowPtr[i + 1]; p++) {
      if (Math.hypot(a[2 * p], a[2 * p + 1]) <= 1e-14 * max) continue;
      ri.push(i); ci.push(c.colIdx[p]); re.push(a[2 * p]); im.push(a[2 * p + 1]);
    }
  }
  return CsrMatrix.fromTriplets(c.rows, c.cols, ri, ci, re, im);
}

/** V†ψ, (V†ψ)_i = Σ_j conj(V_ji) ψ_j, without forming V† and skipping the zero entries of ψ (basis kets: O(n)). */
function ketToInternal(basis: InternalBasis | null, psi: Float64Array): Float64Array {
  if (!basis) return psi.slice();
  const v = basis.v, n = v.rows, a = v.data, out = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    const pr = psi[2 * j], pi = psi[2 * j + 1];
    if (pr === 0 && pi === 0) continue;
    for (let i = 0, row = 2 * j * n; i < n; i++) {
      const vr = a[row + 2 * i], vi = a[row + 2 * i + 1];
      out[2 * i] += vr * pr + vi * pi;
      out[2 * i + 1] += vr * pi - vi * pr;
    }
  }
  return out;
}

/**
 * Builds the plan: H_eff = H − (i/2)Σ_k γ_k o_k†o_k as H and G = Σ_k γ_k o_k†o_k, the no-jump propagator
 * (normal fast path when [H, G] = 0, adaptive Krylov otherwise), and every operator in the propagator's internal basis.
 * Channels with rate 0 or a zero operator never fire and are left out. Rates must be finite.
 */
export function buildPlan(model: LindbladModel, spec: JumpSpec): JumpPlan {
  const n = model.space.dim;
  const active = model.channels.map((c, index) => ({ c, index })).filter(({ c }) => c.rate > 0 && !c.operator.isZero());
  let g = CsrMatrix.zeros(n);
  for (const { c } of active) g = g.add(c.operator.matrix.adjoint().mul(c.operator.matrix), c.rate);
  const prop = decayPropagator(model.hamiltonian.toDense(), g.toDense(), spec.propagator);
  const v = internalBasis(prop.basis);
  return {
    dim: n,
    prop,
    channels: active.map(({ c, index }) => ({ index, rate: c.rate, op: toInternal(v, c.operator.matrix) })),
    initial: spec.initialStates.map((psi) => ketToInternal(v, psi)),
    cumulative: spec.cumulative,
    times: spec.times,
    observables: spec.observables.map((o, i) => toInternal(v, csrFromData(o, `observables[${i}]`))),
    finalBasis: spec.finalBasis ? spec.finalBasis.map((b) => ketToInternal(v, b)) : null,
    keepJumps: spec.keepJumps,
    quantities: n + spec.observables.length,
  };
}

/** Growable typed-array log of jumps. */
class JumpBuffer {
  times = new Float64Array(1024);
  channels = new Int32Array(1024);
  length = 0;

  push(t: number, ch: number): void {
    if (this.length === this.times.length) {
      const times = new Float64Array(2 * this.length), channels = new Int32Array(2 * this.length);
      times.set(this.times);
      channels.set(this.channels);
      this.times = times;
      this.channels = channels;
    }
    this.times[this.length] = t;
    this.channels[this.length++] = ch;
  }
}

/** Smallest i with u < cumulative[i] (cumulative ends at its total). */
function pick(cumulative: ArrayLike<number>, count: number, u: number): number {
  for (let i = 0; i < count - 1; i++) if (u < cumulative[i]) return i;
  return count - 1;
}

/** Re⟨c|X|c⟩ for sparse X; `tmp` is scratch of c's length. */
function expectation(x: CsrMatrix, c: Float64Array, tmp: Float64Array): number {
  x.matvec(c, tmp);
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i] * tmp[i];
  return s;
}

/**
 * Runs trajectories start…end−1 (start a multiple of CHUNK) with seed `seed`. Per trajectory k, from
 * streamFor(seed, k): one draw picks the initial ket (distributions only); each waiting time uses a fresh
 * r ∈ (0, 1): the unnormalised state evolves under exp(−iH_eff τ) until ‖ψ‖² = r; the jump channel is
 * drawn with probability γ_k‖o_kψ‖²/Σ_j γ_j‖o_jψ‖² and ψ ← o_kψ/‖o_kψ‖; a final draw (if a measurement
 * basis is given) picks outcome m with probability |⟨b_m|ψ⟩|²/‖ψ‖² after the last time.
 */
export function simulateRange(plan: JumpPlan, seed: number, start: number, end: number): RangeResult {
  const n = plan.dim, width = plan.times.length * plan.quantities, count = end - start;
  const ws: Workspace = {
    c: new Float64Array(2 * n), tmp: new Float64Array(2 * n), psi: new Float64Array(2 * n),
    jumped: plan.channels.map(() => new Float64Array(2 * n)), weights: new Float64Array(plan.channels.length),
    row: new Float64Array(width), log: new JumpBuffer(), allJumps: 0, stopped: null, initialIndex: 0, finalOutcome: -1,
  };
  const initialIndex = new Int32Array(count), finalOutcome = new Int32Array(count).fill(-1), jumpCounts = new Int32Array(count);
  const blocks: BlockStats[] = [];
  let block: BlockStats | null = null;
  for (let k = start; k < end; k++) {
    if (block === null || k % CHUNK === 0) {
      block = { count: 0, mean: new Float64Array(width), m2: new Float64Array(width) };
      blocks.push(block);
    }
    const jumps = simulateOne(plan, ws, seed, k, end);
    if (jumps < 0) break;
    initialIndex[k - start] = ws.initialIndex;
    finalOutcome[k - start] = ws.finalOutcome;
    jumpCounts[k - start] = jumps;
    welford(block, ws.row);
  }
  const log = ws.log;
  return {
    start, end, blocks, initialIndex, finalOutcome, jumpCounts,
    jumpTimes: log.times.slice(0, log.length), jumpChannels: log.channels.slice(0, log.length),
    propagator: plan.prop.kind, stopped: ws.stopped,
  };
}

/** Scratch and running state of a range, reused by every trajectory in it. */
interface Workspace {
  c: Float64Array;
  tmp: Float64Array;
  psi: Float64Array;
  jumped: Float64Array[];
  weights: Float64Array;
  /** The trajectory's recorded quantities, time-major (written by simulateOne). */
  row: Float64Array;
  log: JumpBuffer;
  /** Jumps made so far in the range (work limit). */
  allJumps: number;
  /** Set when a work limit stops the range. */
  stopped: string | null;
  /** Out: the trajectory's initial-ket index and final outcome (−1 without a measurement basis). */
  initialIndex: number;
  finalOutcome: number;
}

/**
 * Trajectory k (the loop body of simulateRange, a function of its own so that it is optimised as a whole
 * rather than entered on-stack in a long loop): fills ws.row, ws.initialIndex, ws.finalOutcome and returns
 * its number of jumps, or −1 when a work limit stops it (ws.stopped says which).
 */
function simulateOne(plan: JumpPlan, ws: Workspace, seed: number, k: number, end: number): number {
  const { dim: n, prop, channels, times, quantities: q } = plan;
  const { c, tmp, psi, jumped, weights, row } = ws;
  const nt = times.length, v = prop.basis, nInit = plan.initial.length;
  const rng = streamFor(seed, k);
  prop.reset?.(); // nothing carries over from trajectory k − 1 (results independent of how ranges are cut)
  const i0 = nInit > 1 ? pick(plan.cumulative, nInit, rng.nextDouble()) : 0;
  ws.initialIndex = i0;
  c.set(plan.initial[i0]);
  let r = rng.nextOpenDouble(), t = 0, jumps = 0;
  for (let ti = 0; ti < nt; ti++) {
    const target = times[ti];
    for (;;) {
      const tau = prop.evolveUntil(c, r, Math.max(0, target - t));
      if (tau < 0) break;
      t += tau;
      let total = 0;
      for (let j = 0; j < channels.length; j++) {
        channels[j].op.matvec(c, jumped[j]);
        weights[j] = channels[j].rate * normSquared(jumped[j]);
        total += weights[j];
      }
      if (!(total > 0)) throw new LindbladError('internal', `quantum jumps: no channel can fire at t = ${t}`);
      const u = rng.nextDouble() * total;
      let ch = channels.length - 1, acc = 0;
      for (let j = 0; j < channels.length; j++) {
        acc += weights[j];
        if (u < acc && weights[j] > 0) { ch = j; break; }
      }
      const inv = 1 / Math.sqrt(weights[ch] / channels[ch].rate);
      for (let i = 0; i < 2 * n; i++) c[i] = jumped[ch][i] * inv;
      if (plan.keepJumps) ws.log.push(t, channels[ch].index);
      jumps++;
      if (jumps > MAX_JUMPS_PER_TRAJECTORY || ++ws.allJumps > MAX_TOTAL_JUMPS) {
        ws.stopped = jumps > MAX_JUMPS_PER_TRAJECTORY
          ? `trajectory ${k} made more than ${MAX_JUMPS_PER_TRAJECTORY} jumps by t = ${t} (of ${times[nt - 1]})`
          : `the trajectories made more than ${MAX_TOTAL_JUMPS} jumps by trajectory ${k} (of ${end})`;
        return -1;
      }
      r = rng.nextOpenDouble();
    }
    t = target;
    const inv = 1 / normSquared(c);
    const out = v ? v.matvec(c, psi) : c;
    const base = ti * q;
    for (let i = 0; i < n; i++) row[base + i] = (out[2 * i] * out[2 * i] + out[2 * i + 1] * out[2 * i + 1]) * inv;
    for (let o = 0; o < plan.observables.length; o++) row[base + n + o] = expectation(plan.observables[o], c, tmp) * inv;
  }
  ws.finalOutcome = plan.finalBasis ? measure(plan.finalBasis, c, rng.nextDouble()) : -1;
  return jumps;
}

/** Outcome m drawn with probability |⟨b_m|c⟩|²/‖c‖² from the uniform u ∈ [0, 1). */
function measure(basis: Float64Array[], c: Float64Array, u: number): number {
  const target = u * normSquared(c);
  let acc = 0;
  for (let m = 0; m < basis.length; m++) {
    const b = basis[m];
    let re = 0, im = 0;
    for (let i = 0; i < c.length; i += 2) {
      re += b[i] * c[i] + b[i + 1] * c[i + 1];
      im += b[i] * c[i + 1] - b[i + 1] * c[i];
    }
    acc += re * re + im * im;
    if (target < acc) return m;
  }
  return basis.length - 1;
}

/** One Welford update of a block with the observation vector x. */
function welford(b: BlockStats, x: Float64Array): void {
  b.count++;
  const inv = 1 / b.count;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - b.mean[i];
    b.mean[i] += d * inv;
    b.m2[i] += d * (x[i] - b.mean[i]);
  }
}

/**
 * Merges blocks in the given order (Chan, Golub & LeVeque): with δ = mean_b − mean_a and n = n_a + n_b,
 * mean = mean_a + δ·n_b/n and M2 = M2_a + M2_b + δ²·n_a·n_b/n.
 */
export function mergeBlocks(blocks: ReadonlyArray<BlockStats>, width: number): BlockStats {
  const out: BlockStats = { count: 0, mean: new Float64Array(width), m2: new Float64Array(width) };
  for (const b of blocks) {
    if (b.count === 0) continue;
    const na = out.count, nb = b.count, nn = na + nb;
    for (let i = 0; i < width; i++) {
      const d = b.mean[i] - out.mean[i];
      out.mean[i] += (d * nb) / nn;
      out.m2[i] += b.m2[i] + (d * d * na * nb) / nn;
    }
    out.count = nn;
  }
  return out;
}
