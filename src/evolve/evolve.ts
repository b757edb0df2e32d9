/**
 * Time evolution of the Lindblad master equation dρ/dt = L(ρ) (ħ = 1; t in the inverse units of the
 * model's rates and energies), ρ(t) = e^{Lt} ρ0, column-stacked: d vec ρ/dt = L vec ρ.
 *
 * Structure is used before any integrator runs:
 * - Sector restriction (exact): only the unknowns reachable from the support of vec ρ0 along the non-zero
 *   pattern of L can ever become non-zero (e.g. for the cavity model from its ground state, the 68 "equal
 *   excitation number" entries of 400 at cutoff 4), so only that invariant block of L is evolved.
 * - 'auto' also moves to a rotating frame (frame.ts) when H has a part c·N with [ad_N, L] = 0 and N
 *   diagonal, which removes the fast phase rotation, and rotates back exactly: ρ_ij ↦ ρ_ij e^{−i(r_i−r_j)t}.
 * - 'auto' then propagates exactly with dense matrix exponentials of the block (one per distinct output
 *   gap) when that is cheap (few distinct gaps, ≲ 100 unknowns; see EXPM_BUDGET), and uses the L-stable
 *   implicit SDIRK4 with a sparse LU otherwise.
 * The explicit methods 'dopri5', 'implicit' and 'expm' use the sector restriction but no frame change.
 *
 * Long times (long-time.ts): beyond t_acc ≈ 1e-10/(ε‖L‖₁), where the matrix exponential's rounding error
 * ε‖L‖₁t becomes visible, outputs are the steady state once the evolved state is shown to have relaxed to
 * it (trace-norm contraction); until then 'auto' continues with the implicit scheme (error growing with
 * steps, not t), and 'expm' is refused beyond t_lost ≈ 1e-6/(ε‖L‖₁).
 * Every output is checked: |Tr ρ − 1| ≤ OUTPUT_TOLERANCE and λ_min(ρ) ≥ −OUTPUT_TOLERANCE (the latter for
 * n ≤ 512); a violation is LindbladError('not-converged') naming the time, never a returned state.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { principalSubmatrix, reachableSet } from '../linalg/pattern.ts';
import { OdeError, type IntegrateStats, type LinearMethod } from '../linalg/ode/index.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { LindbladError, check } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import type { Operator } from '../model/operator.ts';
import { liouvillian, vectorize } from '../liouvillian/liouvillian.ts';
import { rotatingFrame } from './frame.ts';
import { horizons, integrateLongTimes, type LongTimeInfo } from './long-time.ts';
import { checkInitialState, checkMethod, checkObservables, checkTimes, type EvolveMethod } from './input.ts';

export type { EvolveMethod } from './input.ts';

export interface EvolveOptions {
  /** Default { kind: 'auto' }. */
  method?: EvolveMethod;
  /** Operators A whose expectation values Tr(Aρ(t)) are returned. */
  observables?: Record<string, Operator>;
  /** Return the density matrices (default: true without observables, false with them). */
  keepStates?: boolean;
  /** Evolve only the invariant block reachable from the support of vec ρ0 (exact; default true). */
  restrictToSector?: boolean;
}

export interface EvolveStats {
  /** The method that actually ran ('auto' resolves to 'expm' or 'implicit'). */
  method: 'dopri5' | 'implicit' | 'expm';
  requested: EvolveMethod['kind'];
  /** Unknowns evolved (size of the invariant block) and the full n². */
  unknowns: number;
  fullUnknowns: number;
  /** The rotating frame 'auto' used internally (frame.ts note), or null. */
  frame: string | null;
  steps: number;
  rejected: number;
  factorizations: number;
  expms: number;
  matvecs: number;
  /** max_k |Tr ρ(t_k) − 1| (states are not renormalised); at most OUTPUT_TOLERANCE. */
  traceError: number;
  /** min_k λ_min(ρ(t_k)), at least −OUTPUT_TOLERANCE; null when not checked (n > 512). */
  minEigenvalue: number | null;
  /** Horizons and the steady-state switch for long times (long-time.ts). */
  longTime: LongTimeInfo;
  /** Wall-clock time of the whole call in milliseconds. */
  elapsedMs: number;
}

export interface EvolveResult {
  times: number[];
  /** ρ(t_k) (Hermitian part of the integrated state), when kept. */
  states?: DenseMatrix[];
  /** Re Tr(A ρ(t_k)) for each observable. */
  expectations?: Record<string, number[]>;
  /** Im Tr(A ρ(t_k)), only for observables that are not Hermitian. */
  expectationsImag?: Record<string, number[]>;
  stats: EvolveStats;
}

/**
 * 'auto' uses dense exponentials when their estimated cost, (distinct gaps)·(10 + s)·m³ complex multiply-adds
 * (s = squarings for ‖AΔt‖₁), stays below this budget (≈ 0.1 s); otherwise the implicit method, which was
 * measured faster beyond that (cavity model: 68 unknowns, 101 uniform outputs: expm 15 ms vs implicit 21 ms;
 * 241 log-spaced outputs: expm 3.7 s vs implicit 52 ms; 192 unknowns, uniform: 0.40 s vs 0.17 s).
 */
const EXPM_BUDGET = 3e7;
/** …and never for more than this many unknowns. */
const EXPM_AUTO_MAX = 400;
/** 'auto' integrates more tightly than the plain methods' 1e-8/1e-10: ~30× smaller errors for ≤ 1.6× the time. */
const AUTO_RTOL = 1e-10, AUTO_ATOL = 1e-12;
/** Largest |Tr ρ − 1| and −λ_min(ρ) accepted at an output: beyond it the state is refused as lost. */
export const OUTPUT_TOLERANCE = 1e-6;
/** Largest dimension n for which every output's λ_min(ρ) is computed (an n³ eigenvalue problem per output). */
const POSITIVITY_CHECK_LIMIT = 512;

/**
 * ρ(t_k) = e^{L t_k} ρ0 for the output times t_k (non-decreasing, ≥ 0; ρ0 is the state at t = 0), with
 * expectation values Tr(A ρ(t_k)) of the given observables. Validates every input (LindbladError naming
 * the field); integration failures are LindbladError 'not-converged'; results are always finite.
 */
export function evolve(model: LindbladModel, rho0: DenseMatrix, times: number[], options: EvolveOptions = {}): EvolveResult {
  const start = performance.now();
  checkInitialState(model, rho0);
  const ts = checkTimes(times);
  const method = checkMethod(options.method ?? { kind: 'auto' });
  const observables = checkObservables(model, options.observables ?? {});
  check(options.keepStates === undefined || typeof options.keepStates === 'boolean', 'keepStates', 'expected a boolean');
  check(options.restrictToSector === undefined || typeof options.restrictToSector === 'boolean', 'restrictToSector', 'expected a boolean');
  const keepStates = options.keepStates ?? observables.length === 0;
  const n = model.space.dim;

  // Rotating frame ('auto' only): phases r_i − r_j are restored exactly afterwards.
  let evoModel = model, frequencies: Float64Array | null = null, frameNote: string | null = null;
  if (method.kind === 'auto') {
    const frame = rotatingFrame(model);
    if (frame.frequencies && !frame.removed.isZero()) {
      evoModel = frame.model;
      frequencies = frame.frequencies;
      frameNote = frame.note;
    }
  }
  const l = liouvillian(evoModel);
  check(l.isFinite() && Number.isFinite(l.normInf()), 'model', "the Liouvillian overflows double precision (H entries or rate × |operator|² near 1e308); rescale the model's units");
  const full = vectorize(rho0);
  const support: number[] = [];
  for (let v = 0; v < n * n; v++) if (full[2 * v] !== 0 || full[2 * v + 1] !== 0) support.push(v);
  const block = options.restrictToSector === false ? Int32Array.from({ length: n * n }, (_, v) => v) : reachableSet(l, support);
  const m = block.length;
  const a = principalSubmatrix(l, block);
  const y0 = new Float64Array(2 * m);
  block.forEach((v, k) => { y0[2 * k] = full[2 * v]; y0[2 * k + 1] = full[2 * v + 1]; });

  // The method is chosen for the times up to the exponential's accurate horizon (long-time.ts handles later ones).
  const accurateUntil = horizons(a).accurate;
  const linear = resolveMethod(method, a, ts.map((t) => Math.min(t, accurateUntil)));
  const diag: number[] = [];
  block.forEach((v, k) => { if (v % n === Math.floor(v / n)) diag.push(k); });
  // Beyond the exponential's accurate horizon 'auto' keeps it up to t_lost, then goes on implicitly (long-time.ts).
  const implicit: LinearMethod = { kind: 'implicit', rtol: method.kind === 'auto' ? method.rtol ?? AUTO_RTOL : undefined, atol: method.kind === 'auto' ? method.atol ?? AUTO_ATOL : undefined };
  const far = (t: number): LinearMethod => (method.kind !== 'auto' || (linear.kind === 'expm' && t <= horizons(a).lost) ? linear : implicit);
  let integrated: { states: Float64Array[]; stats: IntegrateStats; info: LongTimeInfo };
  try {
    integrated = integrateLongTimes({ a, y0, times: ts, method: linear, farMethod: far, diag: Int32Array.from(diag), n });
  } catch (e) {
    if (e instanceof OdeError) { // its message names the integrator
      const code = /limit|maxDim/.test(e.message) ? 'unsupported' : 'not-converged';
      throw new LindbladError(code, `integration failed: ${e.message}`, 'method');
    }
    throw e;
  }

  const post = new BlockReader(n, block, frequencies);
  const states: DenseMatrix[] = [];
  const expectations: Record<string, number[]> = {}, expectationsImag: Record<string, number[]> = {};
  const weights = observables.map(([name, o]) => {
    own(expectations, name, []); // a name like "__proto__" stays an own key
    const hermitian = o.hermiticityError() <= 1e-12 * Math.max(1, o.matrix.normInf());
    if (!hermitian) own(expectationsImag, name, []);
    return { name, w: post.traceWeights(o), hermitian };
  });
  let traceError = 0, minEigenvalue: number | null = n <= POSITIVITY_CHECK_LIMIT ? Infinity : null;
  const lost = (k: number, what: string) => new LindbladError('not-converged', `the state at t = ${ts[k]} is not a density matrix: ${what} `
    + `(tolerance ${OUTPUT_TOLERANCE.toExponential(0)}); the integration lost accuracy: try smaller tolerances, another method or shorter times`, `times[${k}]`);
  integrated.states.forEach((y, k) => {
    for (let q = 0; q < y.length; q++) {
      if (!Number.isFinite(y[q])) throw lost(k, 'it has non-finite entries');
    }
    post.toLab(y, ts[k]);
    post.symmetrise(y);
    const [tr, ti] = post.trace(y), te = Math.hypot(tr - 1, ti);
    if (!(te <= OUTPUT_TOLERANCE)) throw lost(k, `|Tr ρ − 1| = ${te.toExponential(2)}`);
    traceError = Math.max(traceError, te);
    const rho = keepStates || minEigenvalue !== null ? post.toMatrix(y) : null;
    if (minEigenvalue !== null) {
      const lmin = minEigenvalueBlockwise(rho!);
      if (!(lmin >= -OUTPUT_TOLERANCE)) throw lost(k, `its smallest eigenvalue is ${lmin.toExponential(2)}`);
      minEigenvalue = Math.min(minEigenvalue, lmin);
    }
    for (const { name, w, hermitian } of weights) {
      const [re, im] = dot(w, y);
      expectations[name].push(re);
      if (!hermitian) expectationsImag[name].push(im);
    }
    if (keepStates) states.push(rho!);
  });
  const s = integrated.stats;
  return {
    times: ts,
    ...(keepStates ? { states } : {}),
    ...(weights.length > 0 ? { expectations } : {}),
    ...(Object.keys(expectationsImag).length > 0 ? { expectationsImag } : {}),
    stats: {
      method: linear.kind, requested: method.kind, unknowns: m, fullUnknowns: n * n, frame: frameNote,
      steps: s.steps, rejected: s.rejected, factorizations: s.factorizations, expms: s.expms, matvecs: s.matvecs,
      traceError, minEigenvalue, longTime: integrated.info, elapsedMs: performance.now() - start,
    },
  };
}

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

/** Maps the requested method to an integrator for the block matrix a. */
function resolveMethod(method: EvolveMethod, a: CsrMatrix, times: number[]): LinearMethod {
  switch (method.kind) {
    case 'auto': {
      const m = a.rows;
      let maxGap = 0;
      times.forEach((t, k) => { maxGap = Math.max(maxGap, t - (k === 0 ? 0 : times[k - 1])); });
      const squarings = Math.max(0, Math.ceil(Math.log2((a.transpose().normInf() * maxGap) / 5.37)));
      const cost = distinctGaps(times) * (10 + squarings) * m ** 3;
      if (m <= EXPM_AUTO_MAX && cost <= EXPM_BUDGET) return { kind: 'expm' };
      return { kind: 'implicit', rtol: method.rtol ?? AUTO_RTOL, atol: method.atol ?? AUTO_ATOL };
    }
    case 'dopri5':
    case 'implicit':
      return { kind: method.kind, rtol: method.rtol, atol: method.atol };
    case 'expm':
      return { kind: 'expm' };
  }
}

function dot(w: Float64Array, y: Float64Array): [number, number] {
  let re = 0, im = 0;
  for (let k = 0; k < w.length; k += 2) {
    re += w[k] * y[k] - w[k + 1] * y[k + 1];
    im += w[k] * y[k + 1] + w[k + 1] * y[k];
  }
  return [re, im];
}

/** Reads block vectors (entries ρ_ij, vec index i + n·j) back into lab-frame matrices and traces. */
class BlockReader {
  private readonly rows: Int32Array;
  private readonly cols: Int32Array;
  /** Block position of the transposed entry (j, i), or −1. */
  private readonly partner: Int32Array;

  constructor(private readonly n: number, block: Int32Array, private readonly frequencies: Float64Array | null) {
    const m = block.length;
    this.rows = new Int32Array(m);
    this.cols = new Int32Array(m);
    const pos = new Map<number, number>();
    block.forEach((v, k) => { this.rows[k] = v % n; this.cols[k] = Math.floor(v / n); pos.set(v, k); });
    this.partner = Int32Array.from({ length: m }, (_, k) => pos.get(this.cols[k] + n * this.rows[k]) ?? -1);
  }

  /** Rotating → lab frame in place: y_ij ← y_ij·e^{−i(r_i − r_j)t}. */
  toLab(y: Float64Array, t: number): void {
    const r = this.frequencies;
    if (!r) return;
    for (let k = 0; k < this.rows.length; k++) {
      const nu = r[this.rows[k]] - r[this.cols[k]];
      if (nu === 0) continue;
      const c = Math.cos(nu * t), s = -Math.sin(nu * t), a = y[2 * k], b = y[2 * k + 1];
      y[2 * k] = a * c - b * s;
      y[2 * k + 1] = a * s + b * c;
    }
  }

  /** ρ ← (ρ + ρ†)/2 in place (the block is closed under transposition for Hermitian ρ0). */
  symmetrise(y: Float64Array): void {
    for (let k = 0; k < this.rows.length; k++) {
      const p = this.partner[k];
      if (p < k) continue; // handled with its partner (or unpaired: left as is)
      const re = (y[2 * k] + y[2 * p]) / 2, im = (y[2 * k + 1] - y[2 * p + 1]) / 2;
      y[2 * k] = re; y[2 * k + 1] = im;
      y[2 * p] = re; y[2 * p + 1] = -im;
    }
  }

  trace(y: Float64Array): [number, number] {
    let re = 0, im = 0;
    for (let k = 0; k < this.rows.length; k++) if (this.rows[k] === this.cols[k]) { re += y[2 * k]; im += y[2 * k + 1]; }
    return [re, im];
  }

  /** Weights w with Tr(Aρ) = Σ_ij A_ji ρ_ij = Σ_k w_k y_k. */
  traceWeights(o: Operator): Float64Array {
    const w = new Float64Array(2 * this.rows.length);
    for (let k = 0; k < this.rows.length; k++) {
      const [re, im] = o.matrix.get(this.cols[k], this.rows[k]);
      w[2 * k] = re; w[2 * k + 1] = im;
    }
    return w;
  }

  toMatrix(y: Float64Array): DenseMatrix {
    const rho = new DenseMatrix(this.n, this.n);
    for (let k = 0; k < this.rows.length; k++) rho.set(this.rows[k], this.cols[k], y[2 * k], y[2 * k + 1]);
    return rho;
  }
}

/** Sets an own enumerable property (also for names such as "__proto__", which plain assignment would not store). */
function own<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { enumerable: true, writable: true, configurable: true, value });
}
