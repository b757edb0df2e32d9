/**
 * Long output times for evolve.ts. Any double-precision propagation of y' = A·y (y = vec ρ on the evolved
 * block, t in the model's inverse rate units) makes an error of about ε·‖A‖₁·t at time t: the stationary
 * eigenvalue 0 is only zero to ~ε‖A‖, and the error of e^{At} grows with it (measured on a thermal qubit,
 * ‖A‖₁ ≈ 0.3: |Tr ρ − 1| = 1.3e-7 at t = 1e10 and a trace of 1e-41 at t = 1e20). Hence two horizons,
 *
 *     t_acc  = ACCURATE_ERROR/(ε‖A‖₁)   (direct propagation accurate to ~1e-10),
 *     t_lost = LOST_ERROR/(ε‖A‖₁)       (beyond it the rounding error alone exceeds 1e-6, the tolerance of evolve's output checks),
 *
 * and the steady state for outputs beyond t_acc: when the block has a unique stationary state y_ss and the
 * evolved state is within δ of it at some t*, in the trace norm, then every later output is ρ_ss to within
 * δ. Reason: e^{Lt} is completely positive and trace preserving, hence a contraction of the trace norm on
 * Hermitian matrices, and fixes the exact stationary state ρ°: ‖ρ(t) − ρ°‖₁ ≤ ‖ρ(t*) − ρ°‖₁ for t ≥ t*.
 * The bound used is √n·(‖y(t*) − y_ss‖₂ + 2·e_ss) (‖X‖₁ ≤ √n‖X‖_F; e_ss = ‖B y_ss − b‖/σ the error of the
 * computed y_ss, σ the inverse-iteration estimate of min |λ(B)| for the bordered system B).
 * Beyond t_acc the walk goes on through checkpoints 4^j·t₀ (and the outputs between them), checking
 * relaxation at each, with the far method for that time (evolve.ts: 'auto' keeps the exponential up to
 * t_lost and then continues with the implicit scheme, whose rounding error grows with its steps, not with
 * t); 'expm' is refused beyond t_lost unless relaxed before.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { borderedSystem } from '../linalg/bordered.ts';
import { denseLu } from '../linalg/lu.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { attempt } from '../linalg/errors.ts';
import { refineSolution, residualExtended } from '../linalg/refine.ts';
import { smallestEigenvalueEstimate } from '../linalg/inverse-iteration.ts';
import { norm2 } from '../linalg/vector.ts';
import { DEFAULT_RTOL, KRYLOV_DEFAULT_TOL, integrateLinear, type IntegrateStats, type LinearMethod } from '../linalg/ode/index.ts';
import { LindbladError } from '../errors.ts';
import { checkMemory } from '../io/memory-budget.ts';

/** Rounding error allowed for direct propagation (t_acc), and the one beyond which outputs are refused (t_lost). */
export const ACCURATE_ERROR = 1e-10, LOST_ERROR = 1e-6;
/** Smallest relaxation tolerance δ (trace norm); see integrateLongTimes for the larger ones. */
export const RELAXED_FLOOR = 1e-10;
/** Bordered systems up to this size are factorised densely. */
const DENSE_LIMIT = 256;

export interface LongTimeInfo {
  /** t_acc and t_lost of this block (Infinity for A = 0). */
  accurateUntil: number;
  lostAfter: number;
  /** t* at which the state was found within `distance` (trace norm) of ρ_ss, when outputs beyond t_acc needed it. */
  steadyFrom: number | null;
  distance: number | null;
  /**
   * ε·‖A‖₁·t for the latest time t the matrix exponential propagated to (0 if it was not used): its estimated
   * rounding error. The integrators' rounding error grows with their steps instead; evolve's checks bound it.
   */
  roundingError: number;
}

/** The two horizons for a block matrix a. */
export function horizons(a: CsrMatrix): { accurate: number; lost: number; norm: number } {
  const norm = a.transpose().normInf(); // ‖A‖₁
  if (!(norm > 0)) return { accurate: Infinity, lost: Infinity, norm };
  return { accurate: ACCURATE_ERROR / (Number.EPSILON * norm), lost: LOST_ERROR / (Number.EPSILON * norm), norm };
}

/**
 * The block's stationary state y_ss with trace 1 (trace positions `diag`) and the bound e_ss on its error,
 * or null when the bordered system is singular or breaks down (no unique stationary state in the block).
 */
export function blockSteadyState(a: CsrMatrix, diag: ArrayLike<number>): { y: Float64Array; error: number } | null {
  const sys = borderedSystem(a, diag), b = sys.matrix, rows = b.rows;
  return attempt(() => {
    const lu = rows <= DENSE_LIMIT ? denseLu(b.toDense()) : sparseLu(b);
    const sigma = smallestEigenvalueEstimate(lu, rows);
    if (!(sigma > 0) || !Number.isFinite(sigma)) return null;
    const x = lu.solve(sys.rhs);
    refineSolution(b, lu, sys.rhs, x);
    const error = norm2(residualExtended(b, x, sys.rhs)) / sigma;
    if (!Number.isFinite(error)) return null;
    return { y: x.subarray(0, 2 * a.rows).slice(), error };
  });
}

/** √n·‖y − y_ss‖₂ (≥ ‖ρ − ρ_ss‖₁ for n×n matrices). */
function traceDistanceBound(y: Float64Array, yss: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < y.length; k++) s += (y[k] - yss[k]) ** 2;
  return Math.sqrt(n * s);
}

export interface LongTimeInput {
  a: CsrMatrix;
  y0: Float64Array;
  times: number[];
  /** The method for outputs up to t_acc, and the one for a walk beyond t_acc to time t (evolve.ts). */
  method: LinearMethod;
  farMethod: (t: number) => LinearMethod;
  /** Block positions of the diagonal entries ρ_ii, and the dimension n of ρ. */
  diag: Int32Array;
  n: number;
}

/** Relative tolerance of a method (0 for the exact 'expm'; the local tolerance for 'krylov'). */
function rtolOf(m: LinearMethod): number {
  return m.kind === 'expm' ? 0 : m.kind === 'krylov' ? m.tol ?? KRYLOV_DEFAULT_TOL : m.rtol ?? DEFAULT_RTOL;
}

/**
 * states[k] ≈ y(times[k]) as integrateLinear gives them: outputs up to t_acc directly; later ones by walking
 * on with the far method through checkpoints 4^j·t₀ (and the outputs between them), serving every output
 * after the first checkpoint at which the state has relaxed from the steady state. Relaxation at t means
 * √n·(‖y(t) − y_ss‖₂ + 2e_ss) ≤ δ = max(RELAXED_FLOOR, 10·rtol of the method used, ε‖A‖₁t' for the latest
 * t' the exponential propagated to) and δ ≤ LOST_ERROR.
 * 'expm' never propagates past t_lost (LindbladError 'not-converged', field times[k]); the integrators are
 * bounded by their step limits and by evolve's output checks. Stats add up over the integrations made.
 */
export function integrateLongTimes(input: LongTimeInput): { states: Float64Array[]; stats: IntegrateStats; info: LongTimeInfo; errors: number[] | null } {
  const { a, y0, times, method, farMethod, diag, n } = input;
  if (method.kind === 'expm') { // forced on a large block it allocated dense m×m matrices without a check (m = 40,000: > 100 GB)
    checkMemory(64 * a.rows * a.rows, `the dense exponential of ${a.rows} unknowns (at least four dense m×m complex matrices)`, 'method');
  }
  const { accurate, lost, norm } = horizons(a);
  const rounding = (t: number) => Number.EPSILON * norm * t;
  const near = times.filter((t) => t <= accurate);
  const info: LongTimeInfo = { accurateUntil: accurate, lostAfter: lost, steadyFrom: null, distance: null, roundingError: 0 };
  const first = integrateLinear(a, y0, near, method);
  const stats = first.stats, states = first.states;
  // the accumulated local errors per output (OdeResult.errors), while every integration made reports them
  let errors: number[] | null = near.length === 0 ? [] : first.errors ? first.errors.slice() : null;
  let tPrev = near.length > 0 ? near[near.length - 1] : 0, yPrev = near.length > 0 ? states[states.length - 1] : y0;
  let errorPrev = errors && errors.length > 0 ? errors[errors.length - 1] : 0;
  if (method.kind === 'expm') info.roundingError = rounding(tPrev);
  if (near.length === times.length) return { states, stats, info, errors };
  const add = (s: IntegrateStats) => {
    stats.steps += s.steps; stats.rejected += s.rejected; stats.matvecs += s.matvecs;
    stats.factorizations += s.factorizations; stats.solves += s.solves; stats.expms += s.expms; stats.elapsedMs += s.elapsedMs;
  };
  const ss = blockSteadyState(a, diag);
  /** The distance bound at (t, y) reached with method m, if it shows relaxation, else null. */
  const relaxedAt = (t: number, y: Float64Array, m: LinearMethod): number | null => {
    if (!ss) return null;
    const d = traceDistanceBound(y, ss.y, n) + 2 * Math.sqrt(n) * ss.error;
    const delta = Math.max(RELAXED_FLOOR, 10 * rtolOf(m), info.roundingError);
    return d <= delta && delta <= LOST_ERROR ? d : null;
  };
  let used = method;
  let idx = near.length, c = Math.max(4 * tPrev, 4 / norm);
  while (idx < times.length) {
    const d = relaxedAt(tPrev, yPrev, used);
    if (d !== null) {
      info.steadyFrom = tPrev;
      info.distance = d;
      for (; idx < times.length; idx++) { states.push(ss!.y.slice()); errors?.push(d); } // (d bounds ‖ρ_ss − ρ(t)‖₁ itself)
      break;
    }
    c = Math.min(Math.max(c, tPrev), times[times.length - 1]);
    used = farMethod(c);
    if (used.kind === 'expm' && c > lost) {
      const k = times.findIndex((t) => t > lost);
      const why = ss ? `the state has not come within the tolerance of the steady state by t = ${tPrev.toExponential(3)}`
        : 'the evolved block has no unique stationary state to relax to';
      throw new LindbladError('not-converged', `t = ${times[k]} is beyond what the matrix exponential can propagate for this model: its rounding error grows `
        + `like ε·‖L‖₁·t and reaches ${LOST_ERROR.toExponential(0)} at t = ${lost.toExponential(3)}, and ${why}; use the 'implicit' or 'auto' method`, `times[${k}]`);
    }
    const batch: number[] = [];
    while (idx + batch.length < times.length && times[idx + batch.length] <= c) batch.push(times[idx + batch.length] - tPrev);
    const targets = batch.length > 0 && batch[batch.length - 1] === c - tPrev ? batch : [...batch, c - tPrev];
    const step = integrateLinear(a, yPrev, targets, used);
    add(step.stats);
    for (let k = 0; k < batch.length; k++) states.push(step.states[k]);
    if (errors && step.errors) {
      for (let k = 0; k < batch.length; k++) errors.push(errorPrev + step.errors[k]);
      errorPrev += step.errors[step.errors.length - 1];
    } else errors = null;
    idx += batch.length;
    tPrev = c;
    yPrev = step.states[step.states.length - 1];
    if (used.kind === 'expm') info.roundingError = rounding(tPrev);
    c *= 4;
  }
  return { states, stats, info, errors };
}
