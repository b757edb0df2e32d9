/**
 * The propagation core shared by `evolve` (states) and the correlation functions (operands X = Bρ, which
 * are not states): y(t) = e^{Lt} vec X0 on the invariant block reachable from the support of vec X0 (exact
 * sector restriction), in the rotating frame that 'auto' finds (frame.ts; callers rotate back with the
 * BlockReader), with the method chosen as evolve.ts describes and long times as long-time.ts describes.
 * Nothing here assumes that X0 is Hermitian, positive or of unit trace; evolve.ts checks its states.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { principalSubmatrix, reachableSet } from '../linalg/pattern.ts';
import { OdeError, type IntegrateStats, type LinearMethod } from '../linalg/ode/index.ts';
import { LindbladError, check } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { rotatingFrame } from './frame.ts';
import { horizons, integrateLongTimes, type LongTimeInfo } from './long-time.ts';
import { BlockReader } from './block-reader.ts';
import type { EvolveMethod } from './input.ts';

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
export const AUTO_RTOL = 1e-10, AUTO_ATOL = 1e-12;

/** What `propagate` returns: block vectors y(t_k) (frame of the integration), and how they were obtained. */
export interface Propagated {
  states: Float64Array[];
  /** Reads the block vectors: toLab(y, t) restores the lab frame; traces and matrices. */
  reader: BlockReader;
  /** The integrator that ran ('auto' resolved). */
  linear: LinearMethod;
  /** Unknowns evolved. */
  unknowns: number;
  frame: string | null;
  stats: IntegrateStats;
  info: LongTimeInfo;
}

/**
 * y(t_k) = e^{L t_k} x0 for the column-stacked operand x0 (interleaved complex, length 2n²) and validated
 * times/method. Integration failures are LindbladError ('not-converged', or 'unsupported' for a size limit,
 * field 'method'); a Liouvillian beyond double range is LindbladError('invalid-input', field 'model').
 */
export function propagate(model: LindbladModel, full: Float64Array, ts: number[], method: EvolveMethod, restrictToSector = true): Propagated {
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
  const support: number[] = [];
  for (let v = 0; v < n * n; v++) if (full[2 * v] !== 0 || full[2 * v + 1] !== 0) support.push(v);
  const block = !restrictToSector ? Int32Array.from({ length: n * n }, (_, v) => v) : reachableSet(l, support);
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
  return {
    states: integrated.states, reader: new BlockReader(n, block, frequencies), linear, unknowns: m, frame: frameNote,
    stats: integrated.stats, info: integrated.info,
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
export function resolveMethod(method: EvolveMethod, a: CsrMatrix, times: number[]): LinearMethod {
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
