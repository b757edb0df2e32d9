/**
 * Quantum-jump (Monte Carlo wave-function) unravelling of a Lindblad model, with waiting-time sampling:
 * between jumps the unnormalised ket evolves under H_eff = H − (i/2)Σ_k γ_k o_k†o_k until ‖ψ‖² equals a
 * uniform r ∈ (0, 1) (located by Newton's method to ~1e-15 relative, with an exact propagator), then
 * channel k fires with probability ∝ γ_k‖o_kψ‖². The average of |ψ⟩⟨ψ|/‖ψ‖² over trajectories solves
 * the master equation dρ/dt = −i[H, ρ] + Σ_k γ_k(o_kρo_k† − ½{o_k†o_k, ρ}) (ħ = 1; times in the model's
 * inverse rate units). Trajectory k uses only streamFor(seed, k), so results do not depend on `workers`.
 */
import { LindbladError, check, checkBoolean, checkKeys, describe, isPlainObject } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { csrToData } from '../model/serialize.ts';
import { buildPlan, mergeBlocks, simulateRange, CHUNK, MAX_TOTAL_JUMPS, type JumpSpec, type RangeResult } from './core.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import { commonEigenbasis, type DecayPropagatorKind } from '../linalg/decay-propagator.ts';
import { norm1 } from '../linalg/ode/expm.ts';
import { runAuto, runParallel } from './parallel.ts';
import { checkModel } from '../model/check-model.ts';
import { checkMemory } from '../io/memory-budget.ts';

/** The initial condition: one ket, or kets drawn with given probabilities (ρ0 = Σ p_i |ψ_i⟩⟨ψ_i|). */
export type InitialState =
  | { kind: 'ket'; psi: Float64Array }
  | { kind: 'distribution'; states: Float64Array[]; probabilities: ArrayLike<number> };

export interface TrajectoryOptions {
  /** Number of trajectories. */
  count: number;
  /** Integer seed in [0, 2^53); trajectory k uses streamFor(seed, k). */
  seed: number;
  /**
   * Worker threads (default 1: run in this thread), or 'auto': start in this thread and, only when the
   * first ~0.2 s of CPU time project more than 1 s still to go, share the rest between this thread and
   * min(2, cores) − 1 workers, this thread taking over what a slow thread holds (jumps/parallel.ts).
   * Results are bit-identical for any value.
   */
  workers?: number | 'auto';
  /** Hermitian observables averaged at every time, by name. */
  observables?: Readonly<Record<string, Operator>>;
  /** An orthonormal basis (kets, computational basis) measured projectively after the last time. */
  finalMeasurement?: ReadonlyArray<Float64Array>;
  /**
   * No-jump propagator: 'auto' (normal fast path when [H, Σγo†o] = 0, adaptive Krylov otherwise), or
   * 'krylov' or 'grid' (the older fixed-step path, kept for comparisons) forced.
   */
  propagator?: DecayPropagatorKind;
  /** Keep every jump (default true); false saves memory for very many trajectories. */
  keepJumps?: boolean;
}

/** Ensemble mean and standard error σ/√count (σ the sample standard deviation) of one quantity per time. */
export interface EnsembleAverage {
  mean: Float64Array;
  error: Float64Array;
}

/** One jump: time, index into model.channels, and that channel's label and bath. */
export interface JumpRecord {
  time: number;
  channel: number;
  label: string;
  bath: string;
}

/** All jumps of all trajectories, stored by column; records(k) gives trajectory k's jumps. */
export class JumpLog {
  constructor(
    /** Jumps of trajectory k are entries offsets[k] … offsets[k+1]−1. */
    readonly offsets: Int32Array,
    readonly times: Float64Array,
    readonly channels: Int32Array,
    readonly channelInfo: ReadonlyArray<{ label: string; bath: string }>,
  ) {}

  /** Number of jumps of trajectory k. */
  count(k: number): number {
    return this.offsets[k + 1] - this.offsets[k];
  }

  records(k: number): JumpRecord[] {
    const out: JumpRecord[] = [];
    for (let p = this.offsets[k]; p < this.offsets[k + 1]; p++) {
      const ch = this.channels[p];
      out.push({ time: this.times[p], channel: ch, label: this.channelInfo[ch].label, bath: this.channelInfo[ch].bath });
    }
    return out;
  }
}

export interface TrajectoriesResult {
  times: Float64Array;
  count: number;
  seed: number;
  /** populations.mean[t][i] = ⟨i|ρ(times[t])|i⟩ in the computational basis, with standard errors (σ/√count, at least 1/count). */
  populations: { mean: Float64Array[]; error: Float64Array[] };
  observables: Record<string, EnsembleAverage>;
  /** Jumps per trajectory (empty columns when keepJumps is false; jumpCounts is always filled). */
  jumps: JumpLog;
  jumpCounts: Int32Array;
  /** Index of the initial ket drawn for each trajectory (0 for a single ket). */
  initialIndex: Int32Array;
  /** Final measurement outcome per trajectory, or null when no basis was given. */
  finalOutcome: Int32Array | null;
  stats: { propagator: 'normal' | 'grid' | 'krylov'; workers: number; elapsedMs: number };
}

/** Validates the inputs and turns them into plain data (see jumps-core.ts). */
export function jumpSpec(model: LindbladModel, initial: InitialState, times: ArrayLike<number>, options: TrajectoryOptions): JumpSpec {
  check(Array.isArray(times) || ArrayBuffer.isView(times), 'times', `expected an array of output times, got ${describe(times)}`);
  checkModel(model);
  check(isPlainObject(options), 'options', `expected an options object with count and seed, got ${describe(options)}`);
  checkKeys(options, ['count', 'seed', 'workers', 'observables', 'finalMeasurement', 'propagator', 'keepJumps'], 'options');
  const n = model.space.dim;
  model.channels.forEach((c, i) => {
    if (c.rate === Infinity && !c.operator.isZero()) {
      throw new LindbladError('unsupported', 'quantum jumps need finite rates (an infinitely fast channel has no unravelling; use steadyState for that limit)', `channels[${i}].rate`);
    }
  });
  decayOperator(model); // finite H and γ·o†o, or a LindbladError naming the term
  check(Number.isInteger(options.count) && options.count >= 1 && options.count <= 1e9, 'count', `expected an integer number of trajectories in [1, 1e9], got ${options.count}`);
  // per trajectory: initial index, final outcome, jump count and offset (4 × 4 bytes); 1e9 of them (16 GB) was an out-of-memory crash
  checkMemory(16 * options.count, `${options.count} trajectories keep 16 bytes each (initial state, final outcome, jump count, offset)`, 'count');
  check(Number.isSafeInteger(options.seed) && options.seed >= 0, 'seed', `expected an integer seed in [0, 2^53), got ${options.seed}`);
  const w = options.workers ?? 1;
  check(w === 'auto' || (Number.isInteger(w) && w >= 1 && w <= 256), 'workers', `expected "auto" or an integer number of workers in [1, 256], got ${w}`);
  check(times.length >= 1, 'times', 'expected at least one output time');
  for (let k = 0; k < times.length; k++) {
    check(Number.isFinite(times[k]) && times[k] >= 0, `times[${k}]`, `expected a finite time ≥ 0, got ${times[k]}`);
    check(k === 0 || times[k] >= times[k - 1], `times[${k}]`, 'times must be non-decreasing');
  }
  const ket = (psi: Float64Array, field: string): Float64Array => {
    check(psi instanceof Float64Array && psi.length === 2 * n, field, `expected an interleaved complex ket (Float64Array of length ${2 * n})`);
    let s = 0;
    for (let i = 0; i < psi.length; i++) s += psi[i] * psi[i];
    check(Number.isFinite(s) && s > 0, field, 'expected a non-zero ket with finite entries');
    return psi.map((x) => x / Math.sqrt(s));
  };
  let initialStates: Float64Array[], cumulative = new Float64Array(0);
  if (initial?.kind === 'ket' || initial?.kind === 'distribution') { // a misspelt or extra key was ignored
    checkKeys(initial, initial.kind === 'ket' ? ['kind', 'psi'] : ['kind', 'states', 'probabilities'], 'initial');
  }
  checkBoolean(options.keepJumps, 'keepJumps'); // "y" ran as true
  if (initial?.kind === 'ket') initialStates = [ket(initial.psi, 'initial.psi')];
  else if (initial?.kind === 'distribution') {
    const { states, probabilities: p } = initial;
    check(Array.isArray(states) && states.length >= 1 && p?.length === states.length, 'initial.probabilities', 'expected one probability per state (at least one state)');
    initialStates = states.map((s, i) => ket(s, `initial.states[${i}]`));
    cumulative = new Float64Array(p.length);
    let acc = 0;
    for (let i = 0; i < p.length; i++) {
      check(Number.isFinite(p[i]) && p[i] >= 0, `initial.probabilities[${i}]`, `expected a probability ≥ 0, got ${p[i]}`);
      cumulative[i] = acc += p[i];
    }
    check(Math.abs(acc - 1) <= 1e-9, 'initial.probabilities', `probabilities must sum to 1, got ${acc}`);
  } else {
    throw new LindbladError('invalid-input', 'expected { kind: "ket", psi } or { kind: "distribution", states, probabilities }', 'initial.kind');
  }
  // observables NaN, -1, [] or a function were ignored, "x" or { x: 1 } a TypeError; finalMeasurement NaN ignored
  check(options.observables == null || isPlainObject(options.observables), 'observables', `expected a record of named operators, got ${describe(options.observables)}`);
  check(options.finalMeasurement == null || Array.isArray(options.finalMeasurement), 'finalMeasurement', `expected an array of ${n} orthonormal kets, got ${describe(options.finalMeasurement)}`);
  const observables = Object.entries(options.observables ?? {}).map(([name, o]) => {
    check(o instanceof Operator, `observables.${name}`, `expected an Operator, got ${describe(o)}`);
    check(o.space.equals(model.space), `observables.${name}`, 'operator acts on a different space than the model');
    check(o.hermiticityError() <= 1e-12 * Math.max(1, o.matrix.normInf()), `observables.${name}`, 'expected a Hermitian operator');
    return csrToData(o.matrix);
  });
  let finalBasis: Float64Array[] | null = null;
  if (options.finalMeasurement) {
    const b = options.finalMeasurement;
    check(b.length === n, 'finalMeasurement', `expected ${n} orthonormal kets, got ${b.length}`);
    finalBasis = b.map((x, i) => ket(x, `finalMeasurement[${i}]`));
    checkOrthonormal(b, 'finalMeasurement');
  }
  const propagator = options.propagator ?? 'auto';
  check(propagator === 'auto' || propagator === 'krylov' || propagator === 'grid', 'propagator', `expected "auto", "krylov" or "grid", got ${JSON.stringify(propagator)}`);
  // running means and second moments (2 doubles per time and quantity) for every CHUNK trajectories (core.ts simulateRange):
  // 1e6 trajectories at 1000 times of a 10-level model asked for 2.5 GB without a check
  const width = times.length * (n + observables.length);
  checkMemory(16 * options.count + Math.ceil(options.count / CHUNK) * 16 * width, `${options.count} trajectories recording ${width} values (${times.length} times × ${n + observables.length} quantities) per block of ${CHUNK}`, 'count');
  return { initialStates, cumulative, times: Float64Array.from(times), observables, finalBasis, propagator, keepJumps: options.keepJumps ?? true };
}

/**
 * G = Σ_k γ_k o_k†o_k over the channels that fire (rate in the model's units), after checking that H,
 * every γ_k o_k†o_k and their norms are finite (entries near 1e308 overflow in these products and in the
 * Liouvillian's sums): LindbladError('invalid-input') naming the term otherwise.
 */
export function decayOperator(model: LindbladModel): CsrMatrix {
  const h = model.hamiltonian.matrix;
  check(h.isFinite() && Number.isFinite(h.normInf()), 'hamiltonian', 'overflows double precision (entries or row sums beyond ~1e308); rescale the model\'s units');
  let g = CsrMatrix.zeros(model.space.dim);
  model.channels.forEach((c, i) => {
    if (!(c.rate > 0) || c.operator.isZero()) return;
    const o = c.operator.matrix, term = o.adjoint().mul(o).scale(c.rate);
    check(o.isFinite() && term.isFinite(), `channels[${i}]`, `rate × o†o overflows double precision (rate ${c.rate}); rescale the model's units`);
    g = g.add(term);
    check(g.isFinite() && Number.isFinite(g.normInf()), `channels[${i}]`, 'Σ rate·o†o overflows double precision; rescale the model\'s units');
  });
  // H_eff = H − (i/2)G and the Liouvillian add these: their norms must stay finite too.
  check(Number.isFinite(2 * (h.normInf() + g.normInf())), 'hamiltonian', '‖H‖ + ‖Σ rate·o†o‖ overflows double precision; rescale the model\'s units');
  return g;
}

/** Jump rate Σ_k γ_k Tr(o_k ρ o_k†) = Tr(Gρ) of the state ρ (the steady one gives the long-run rate of every trajectory). */
export function jumpRate(model: LindbladModel, rho: DenseMatrix): number {
  const g = decayOperator(model);
  let s = 0;
  for (let i = 0; i < g.rows; i++) {
    for (let p = g.rowPtr[i]; p < g.rowPtr[i + 1]; p++) {
      const j = g.colIdx[p], [rr, ri] = rho.get(j, i);
      s += g.values[2 * p] * rr - g.values[2 * p + 1] * ri;
    }
  }
  return Math.max(0, s);
}

/**
 * Refuses a run expected to make more than MAX_TOTAL_JUMPS jumps: count·rate·t, rate a jump rate per
 * trajectory (e.g. jumpRate of ρ_ss). `field` names the time for the message.
 */
export function checkJumpBudget(count: number, rate: number, t: number, field = 'times'): void {
  const expected = count * rate * t;
  if (expected > MAX_TOTAL_JUMPS) {
    throw new LindbladError('unsupported', `about ${expected.toExponential(2)} jumps expected (${count} trajectories × jump rate ${rate.toPrecision(3)} × t = ${t}); `
      + `the limit is ${MAX_TOTAL_JUMPS.toExponential(0)}: use a shorter time or fewer trajectories`, field);
  }
}

/**
 * The general no-jump propagators (used when [H, G] ≠ 0, or on request) have a rounding error that grows
 * like ε‖A‖₁t (A = −iH − G/2: the grid's products, the Krylov path's small exponentials by squaring and its
 * rounding-level invariance threshold): times with ε‖A‖₁t > GRID_ERROR are refused, naming the first.
 */
const GRID_ERROR = 1e-6;
function checkReach(model: LindbladModel, spec: JumpSpec): void {
  const times = spec.times, tMax = times[times.length - 1];
  if (!(tMax > 0)) return;
  const h = model.hamiltonian.toDense(), g = decayOperator(model).toDense();
  if (spec.propagator === 'auto' && commonEigenbasis(h, g)) return; // exact diagonal propagation at any t
  const a = h.scale(0, -1).add(g, -0.5), reach = GRID_ERROR / (Number.EPSILON * norm1(a));
  const k = Array.from(times).findIndex((t) => t > reach);
  if (k >= 0) {
    throw new LindbladError('unsupported', `t = ${times[k]} is beyond what the no-jump propagator can reach accurately for this model `
      + `(H and Σγo†o do not commute, so it steps through time; its rounding error ε·‖H_eff‖₁·t exceeds ${GRID_ERROR} beyond t = ${reach.toExponential(3)})`, `times[${k}]`);
  }
}

function checkOrthonormal(b: ReadonlyArray<Float64Array>, field: string): void {
  for (let i = 0; i < b.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < b[i].length; k += 2) {
        re += b[i][k] * b[j][k] + b[i][k + 1] * b[j][k + 1];
        im += b[i][k] * b[j][k + 1] - b[i][k + 1] * b[j][k];
      }
      check(Math.hypot(re - (i === j ? 1 : 0), im) <= 1e-10, field, `kets ${i} and ${j} are not orthonormal`);
    }
  }
}

/**
 * Runs `count` quantum-jump trajectories from `initial` and returns, at each of `times`, ensemble
 * averages (with standard errors σ/√count, at least (range of the quantity)/count) of the computational-basis populations and of the given
 * observables, plus every trajectory's jumps. With workers > 1 (or 'auto' on a long run) the index range is
 * split over worker threads (jumps/parallel.ts); the numbers are bit-identical to a serial run.
 */
export async function trajectories(model: LindbladModel, initial: InitialState, times: ArrayLike<number>,
  options: TrajectoryOptions): Promise<TrajectoriesResult> {
  const spec = jumpSpec(model, initial, times, options);
  checkReach(model, spec);
  const t0 = performance.now();
  if (options.workers === 'auto') {
    const run = await runAuto(model, spec, options.seed, options.count);
    return assemble(model, spec, options, run.ranges, run.workers, performance.now() - t0);
  }
  const workers = Math.min(options.workers ?? 1, Math.ceil(options.count / CHUNK));
  const ranges = workers > 1
    ? await runParallel(model, spec, options.seed, options.count, workers)
    : [simulateRange(buildPlan(model, spec), options.seed, 0, options.count)];
  return assemble(model, spec, options, ranges, workers, performance.now() - t0);
}

/** The serial run as a plain function (no promise), for callers that need no threads. */
export function trajectoriesSync(model: LindbladModel, initial: InitialState, times: ArrayLike<number>,
  options: Omit<TrajectoryOptions, 'workers'>): TrajectoriesResult {
  const spec = jumpSpec(model, initial, times, options);
  checkReach(model, spec);
  const t0 = performance.now();
  const range = simulateRange(buildPlan(model, spec), options.seed, 0, options.count);
  return assemble(model, spec, options, [range], 1, performance.now() - t0);
}

/** Concatenates ranges (in index order) and merges their statistics blocks in order. */
function assemble(model: LindbladModel, spec: JumpSpec, options: TrajectoryOptions, ranges: RangeResult[],
  workers: number, elapsedMs: number): TrajectoriesResult {
  const stopped = ranges.find((r) => r.stopped !== null);
  if (stopped) throw new LindbladError('unsupported', `${stopped.stopped}: the work limit is reached; use a shorter time or fewer trajectories`, 'times');
  const n = model.space.dim, nt = spec.times.length, q = n + spec.observables.length, count = options.count;
  const stats = mergeBlocks(ranges.flatMap((r) => r.blocks), nt * q);
  const mean = (i: number) => stats.mean[i];
  // Spread of each recorded quantity: 1 for a population, λ_max − λ_min ≤ 2‖A‖_∞ for an observable.
  const range = Float64Array.from({ length: q }, (_, k) => (k < n ? 1 : 2 * Object.values(options.observables!)[k - n].matrix.normInf()));
  // σ/√count, never below range/count: an outcome rarer than ~1/count may not have happened in the sample, and
  // the spread of the sample cannot see it (every trajectory in one pure state: p = 7e-145 ± 2e-146 stated for
  // an exact 1.8e-4 at count 1000)
  const error = (i: number) => Math.max(count > 1 ? Math.sqrt(stats.m2[i] / (count - 1) / count) : 0, range[i % q] / count);
  const populations = {
    mean: Array.from({ length: nt }, (_, t) => Float64Array.from({ length: n }, (_, i) => mean(t * q + i))),
    error: Array.from({ length: nt }, (_, t) => Float64Array.from({ length: n }, (_, i) => error(t * q + i))),
  };
  const observables: Record<string, EnsembleAverage> = {};
  Object.keys(options.observables ?? {}).forEach((name, o) => {
    // defineProperty: a name like "__proto__" stays an own key
    Object.defineProperty(observables, name, { enumerable: true, writable: true, configurable: true, value: {
      mean: Float64Array.from({ length: nt }, (_, t) => mean(t * q + n + o)),
      error: Float64Array.from({ length: nt }, (_, t) => error(t * q + n + o)),
    } });
  });
  const cat = <T extends Int32Array | Float64Array>(parts: T[], make: (len: number) => T): T => {
    const out = make(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) { out.set(p as never, off); off += p.length; }
    return out;
  };
  const jumpCounts = cat(ranges.map((r) => r.jumpCounts), (l) => new Int32Array(l));
  const offsets = new Int32Array(count + 1);
  if (spec.keepJumps) for (let k = 0; k < count; k++) offsets[k + 1] = offsets[k] + jumpCounts[k];
  return {
    times: spec.times,
    count,
    seed: options.seed,
    populations,
    observables,
    jumps: new JumpLog(offsets, cat(ranges.map((r) => r.jumpTimes), (l) => new Float64Array(l)),
      cat(ranges.map((r) => r.jumpChannels), (l) => new Int32Array(l)), model.channels.map((c) => ({ label: c.label, bath: c.bath }))),
    jumpCounts,
    initialIndex: cat(ranges.map((r) => r.initialIndex), (l) => new Int32Array(l)),
    finalOutcome: spec.finalBasis ? cat(ranges.map((r) => r.finalOutcome), (l) => new Int32Array(l)) : null,
    stats: { propagator: ranges[0].propagator, workers, elapsedMs },
  };
}
