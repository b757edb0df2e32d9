/**
 * Single entry point for linear constant-coefficient evolution y' = A y (e.g. d vec(ρ)/dt = L vec(ρ))
 * with a sparse complex A, sampled at a list of output times. No physics lives here.
 */
import { CsrMatrix } from '../sparse.ts';
import type { KrylovSegment, LinearAction } from '../krylov-segment.ts';
import { OdeError, validateState, validateTimes, validateTolerances, type OdeResult } from './common.ts';
import { dopri5 } from './dopri5.ts';
import { propagateLinear } from './expm.ts';
import { implicitLinear, type SolverFactory } from './implicit.ts';
import { krylovExpmv } from './krylov.ts';
import type { LinearStepScheme } from './schemes.ts';

export { OdeError, type OdeResult } from './common.ts';
export { dopri5, type Dopri5Options, type Dopri5Stats, type OdeRhs } from './dopri5.ts';
export { expm, propagateLinear, padeCoefficients, norm1, type PropagateStats } from './expm.ts';
export { implicitLinear, shiftedIdentity, type ImplicitOptions, type ImplicitStats, type SolverFactory } from './implicit.ts';
export { krylovExpmv, KRYLOV_DEFAULT_DIM, KRYLOV_DEFAULT_TOL, type KrylovExpmvOptions } from './krylov.ts';
export type { LinearAction, KrylovStats } from '../krylov-segment.ts';
export { RATIONAL6, SDIRK4, SDIRK4_TABLEAU, laguerre, type LinearStepScheme } from './schemes.ts';

export const DEFAULT_RTOL = 1e-8;
export const DEFAULT_ATOL = 1e-10;
/** Largest dimension accepted by the dense 'expm' method unless `maxDim` is raised. */
export const EXPM_DEFAULT_MAX_DIM = 2000;

/** How to integrate (discriminated on `kind`). Tolerances default to rtol 1e-8, atol 1e-10. */
export type LinearMethod =
  | { kind: 'dopri5'; rtol?: number; atol?: number; maxSteps?: number }
  | { kind: 'implicit'; rtol?: number; atol?: number; maxSteps?: number; factor?: SolverFactory; scheme?: LinearStepScheme['name'] }
  | { kind: 'expm'; maxDim?: number }
  /**
   * Krylov exponential action (krylov.ts): tol = local error per segment (default 1e-12), norm = a bound of
   * ‖A‖ (computed for a CSR matrix), first = a segment already started from y₀ (KrylovExpmvOptions.first).
   */
  | { kind: 'krylov'; tol?: number; norm?: number; maxSegments?: number; first?: KrylovSegment };

export interface IntegrateStats {
  method: LinearMethod['kind'];
  /** Accepted steps (dopri5, implicit), output intervals propagated (expm) or Krylov segments (krylov). */
  steps: number;
  /** Rejected step attempts. */
  rejected: number;
  /** Products A·v (dopri5: f-evaluations; krylov: Arnoldi; implicit: start-up only). */
  matvecs: number;
  /** Factorisations of I − γhA (implicit). */
  factorizations: number;
  /** Triangular solve pairs (implicit). */
  solves: number;
  /** Dense matrix exponentials (expm). */
  expms: number;
  /** Wall-clock time of the integration in milliseconds. */
  elapsedMs: number;
}

/**
 * Solves y' = A y, y(0) = y0 and returns states[k] ≈ y(times[k]) = exp(A·times[k])·y0.
 * times must be finite, non-decreasing and start at ≥ 0 (y0 is the state at t = 0).
 * - 'dopri5': explicit Dormand–Prince 5(4), f(t, y) = A·y; for non-stiff problems.
 * - 'implicit': L-stable order-6 single-pole rational scheme (or SDIRK4) with one sparse factorisation of
 *   I − γhA per step size; for stiff problems.
 * - 'expm': exact propagation with dense exp(A·Δt) (one per distinct gap); for small dimensions.
 * - 'krylov': Krylov exponential action with error control (krylov.ts); for non-stiff spans, any size.
 * 'dopri5' and 'krylov' need only the action of A (a CsrMatrix or any LinearAction, e.g. a matrix-free
 * Liouvillian); 'implicit' and 'expm' need A as a CsrMatrix (OdeError otherwise).
 * Throws OdeError for invalid input or integration failure; results are always finite.
 */
export function integrateLinear(a: CsrMatrix | LinearAction, y0: Float64Array, times: ArrayLike<number>,
  method: LinearMethod = { kind: 'implicit' }): OdeResult<IntegrateStats> {
  if (a instanceof CsrMatrix && a.rows !== a.cols) throw new OdeError(`integrateLinear: matrix must be square, got ${a.rows}×${a.cols}`);
  if (!(a instanceof CsrMatrix) && (method.kind === 'implicit' || method.kind === 'expm')) {
    throw new OdeError(`integrateLinear: '${method.kind}' needs the matrix (CsrMatrix), not only its action`);
  }
  validateState(y0, a.rows);
  validateTimes(times, 0);
  const start = performance.now();
  const stats: IntegrateStats = {
    method: method.kind, steps: 0, rejected: 0, matvecs: 0, factorizations: 0, solves: 0, expms: 0, elapsedMs: 0,
  };
  let states: Float64Array[], errors: number[] | undefined;
  switch (method.kind) {
    case 'dopri5': {
      const rtol = method.rtol ?? DEFAULT_RTOL, atol = method.atol ?? DEFAULT_ATOL;
      validateTolerances(rtol, atol);
      const r = dopri5((_t, y, dy) => { a.matvec(y, dy); }, y0, times, { rtol, atol, maxSteps: method.maxSteps });
      states = r.states;
      errors = r.errors;
      stats.steps = r.stats.steps;
      stats.rejected = r.stats.rejected;
      stats.matvecs = r.stats.fevals;
      break;
    }
    case 'krylov': {
      const norm = method.norm ?? (a instanceof CsrMatrix ? a.normInf() : NaN);
      const r = krylovExpmv(a, y0, times, { tol: method.tol, norm, maxSegments: method.maxSegments, first: method.first });
      states = r.states;
      errors = r.errors;
      stats.steps = r.stats.segments;
      stats.matvecs = r.stats.matvecs;
      break;
    }
    case 'implicit': {
      const rtol = method.rtol ?? DEFAULT_RTOL, atol = method.atol ?? DEFAULT_ATOL;
      validateTolerances(rtol, atol);
      const r = implicitLinear(a as CsrMatrix, y0, times, {
        rtol, atol, maxSteps: method.maxSteps, factor: method.factor, scheme: method.scheme,
      });
      states = r.states;
      errors = r.errors;
      Object.assign(stats, r.stats);
      break;
    }
    case 'expm': {
      const maxDim = method.maxDim ?? EXPM_DEFAULT_MAX_DIM;
      if (a.rows > maxDim) {
        throw new OdeError(`integrateLinear: 'expm' builds dense ${a.rows}×${a.rows} matrices (limit ${maxDim}); `
          + "use { kind: 'implicit' } or raise maxDim");
      }
      const r = propagateLinear((a as CsrMatrix).toDense(), y0, times);
      states = r.states;
      stats.steps = r.stats.matvecs;
      stats.matvecs = r.stats.matvecs;
      stats.expms = r.stats.expms;
      break;
    }
    default: {
      const never: never = method;
      throw new OdeError(`integrateLinear: unknown method ${JSON.stringify(never)}`);
    }
  }
  stats.elapsedMs = performance.now() - start;
  return errors ? { states, stats, errors } : { states, stats };
}
