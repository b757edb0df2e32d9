/**
 * The options of a SectorPlan (plan.ts): how far to reduce by symmetry, how to solve the sector system, the
 * singularity threshold, the exchange reduction and whether only the template's own θ will be solved.
 */
import type { SectorFactorization } from './sector-solve.ts';
import type { IterativeMethod } from './iterative.ts';

export interface SectorPlanOptions {
  /**
   * 'auto': reduce when the sector is smaller and a U(1) charge (charge.ts) is verified — its charge-0
   * coherence blocks are then checked numerically; 'forced': reduce whenever smaller, checking every
   * coherence block if no charge is verified; 'off': never.
   */
  sectors: 'auto' | 'forced' | 'off';
  /** Direct factorisation of the sector system, or an iterative method. */
  solve: { kind: 'direct'; factorization: 'auto' | SectorFactorization } | IterativeMethod;
  /** Relative threshold below which a bordered system counts as singular. */
  tol: number;
  /**
   * Solve in the exchange-symmetric subspace when the family and θ allow it (direct solves; default true);
   * 'fill-heavy': only when the sector's LU would be fill-heavy (RealSectorSolver.fillHeavy) and it has more than
   * EXCHANGE_MIN_UNKNOWNS unknowns.
   */
  exchange?: boolean | 'fill-heavy';
  /**
   * The caller solves the template's own θ once (steadyState): a direct solve at that θ assembles the sector
   * system M(θ) in one pass (realSectorMatrix) instead of the per-term matrices a family reuses; any other
   * θ still builds those (default false).
   */
  oneOff?: boolean;
}
