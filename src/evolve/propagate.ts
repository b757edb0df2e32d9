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
import { candidateMethod, cheapExpm, chooseMethod, type MethodChoice } from './choice.ts';
import { matrixFormPropagation } from './matrix-route.ts';

export { distinctGaps } from './choice.ts';

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
  /** 'auto' only: the method chosen by predicted cost, the predictions and why (choice.ts). */
  choice: MethodChoice | null;
  /**
   * Per output, the integrators' accumulated local errors (l1 over the block's entries, OdeResult.errors; a
   * relaxed output's distance bound to ρ_ss), or null when the dense exponential ran (it reports none).
   */
  localErrors: number[] | null;
  /** How L was applied: assembled (CSR block) or in matrix form, never assembled (matrix-route.ts). */
  operator: 'assembled' | 'matrix-form';
}

/**
 * y(t_k) = e^{L t_k} x0 for the column-stacked operand x0 (interleaved complex, length 2n²) and validated
 * times/method. Integration failures are LindbladError ('not-converged', or 'unsupported' for a size limit,
 * field 'method'); a Liouvillian beyond double range is LindbladError('invalid-input', field 'model').
 */
export function propagate(model: LindbladModel, full: Float64Array, ts: number[], method: EvolveMethod, restrictToSector = true): Propagated {
  try {
    return propagateWith(model, full, ts, method, restrictToSector);
  } catch (e) {
    if (e instanceof OdeError) { // its message names the integrator
      const code = /limit|maxDim/.test(e.message) ? 'unsupported' : 'not-converged';
      throw new LindbladError(code, `integration failed: ${e.message}`, 'method');
    }
    throw e;
  }
}

function propagateWith(model: LindbladModel, full: Float64Array, ts: number[], method: EvolveMethod, restrictToSector: boolean): Propagated {
  const n = model.space.dim;
  let forced: MethodChoice | null = null;
  if (method.kind === 'auto' || method.kind === 'dopri5') {
    const direct = matrixFormPropagation(model, full, ts, method, { rtol: AUTO_RTOL, atol: AUTO_ATOL });
    if (direct && 'states' in direct) {
      return { ...direct, reader: new BlockReader(n, Int32Array.from({ length: n * n }, (_, v) => v), null), unknowns: n * n, frame: null, operator: 'matrix-form' };
    }
    if (direct) forced = direct.choice;
  }
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
  const { linear, choice } = resolveMethod(method, a, y0, ts.map((t) => Math.min(t, accurateUntil)), forced);
  const diag: number[] = [];
  block.forEach((v, k) => { if (v % n === Math.floor(v / n)) diag.push(k); });
  // Beyond the exponential's accurate horizon 'auto' keeps it up to t_lost, then goes on implicitly (long-time.ts).
  const implicit: LinearMethod = { kind: 'implicit', rtol: method.kind === 'auto' ? method.rtol ?? AUTO_RTOL : undefined, atol: method.kind === 'auto' ? method.atol ?? AUTO_ATOL : undefined };
  const far = (t: number): LinearMethod => (method.kind !== 'auto' || (linear.kind === 'expm' && t <= horizons(a).lost) ? linear : implicit);
  const integrated = integrateLongTimes({ a, y0, times: ts, method: linear, farMethod: far, diag: Int32Array.from(diag), n });
  return {
    states: integrated.states, reader: new BlockReader(n, block, frequencies), linear, unknowns: m, frame: frameNote,
    stats: integrated.stats, info: integrated.info, choice, operator: 'assembled', localErrors: integrated.errors,
  };
}

/**
 * Maps the requested method to an integrator for the block matrix a (y0 the block's start vector, times
 * capped at the accurate horizon): 'auto' takes dense exponentials when cheap (choice.ts cheapExpm), else
 * the cheapest by predicted cost (choice.ts), or `forced` when the matrix-form route already chose.
 */
export function resolveMethod(method: EvolveMethod, a: CsrMatrix, y0: Float64Array, times: number[], forced: MethodChoice | null = null): { linear: LinearMethod; choice: MethodChoice | null } {
  switch (method.kind) {
    case 'auto': {
      const m = a.rows, norm1 = a.transpose().normInf();
      const rtol = method.rtol ?? AUTO_RTOL, atol = method.atol ?? AUTO_ATOL;
      if (forced) return { linear: candidateMethod(forced.method, rtol, atol, norm1), choice: forced };
      const expm = cheapExpm(m, norm1, times);
      if (expm) return { linear: { kind: 'expm' }, choice: expm };
      const { choice, segment } = chooseMethod({ action: a, unknowns: m, productCost: a.nnz, matrixNnz: a.nnz, assembled: true, norm1, y0, times, rtol });
      return { linear: candidateMethod(choice.method, rtol, atol, norm1, segment), choice };
    }
    case 'dopri5':
    case 'implicit':
      return { linear: { kind: method.kind, rtol: method.rtol, atol: method.atol }, choice: null };
    case 'expm':
      return { linear: { kind: 'expm' }, choice: null };
    case 'krylov':
      return { linear: { kind: 'krylov', norm: a.transpose().normInf(), ...(method.tol !== undefined ? { tol: method.tol } : {}) }, choice: null };
  }
}
