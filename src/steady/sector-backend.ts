/**
 * What the sector solver (sector-solve.ts) needs from a factorisation backend (dense: sector-dense.ts,
 * sparse: sector-sparse.ts). The system is M(θ) = Σ_t θ_t M_t on m real unknowns, with a known left null
 * vector (the trace weights w on the populations: wᵀM = 0 in exact arithmetic). A backend factors either
 *   - the pinned system: R·M·C with row `pin` (a population) replaced by e_pinᵀ, right-hand side e_pin, or
 *   - the trace-bordered system R·[[M, w], [wᵀ, 0]]·C, right-hand side e_m (pin = −1),
 * R and C the power-of-two equilibration (linalg/equilibrate.ts), and reports the conditioning of the
 * equilibrated matrix A and the solution x = C·y (y the solution of the equilibrated system) with a
 * first-order estimate of its componentwise error (linalg/condition.ts).
 */

/** ‖A‖ and ‖A⁻¹‖ of the equilibrated factored system: exact 1-norms (dense) or estimates (sparse). */
export type { Conditioning } from '../linalg/condition.ts';
import type { Conditioning } from '../linalg/condition.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';

/** Views of the backend's buffers (valid until its next solve). */
export interface BackendSolution {
  /** The unknowns x = C·y (length m; any normalisation: y_pin = 1 or the trace border's). */
  readonly x: Float64Array;
  /** Estimated |δx| per unknown, same normalisation. */
  readonly errors: Float64Array;
  /** The equilibrated unknowns y (length m): for a population, its flux scale (rate × population). */
  readonly y: Float64Array;
}

export interface SectorBackend {
  readonly size: number;
  readonly kind: 'dense' | 'sparse';
  /** Which factorisation produced the last solution (for the certificate). */
  readonly label: string;
  /** M(θ) into the backend's buffer. */
  assemble(theta: ArrayLike<number>): void;
  /** Whether factorising this system is fill-heavy (a dense backend: false, its cost is fixed by its size). */
  fillHeavy(): boolean;
  /** |M_dd| of the k-th population d (the pin heuristic). */
  diagonalMagnitude(k: number): number;
  /**
   * Factors the pinned (pin ≥ 0, a population's unknown index) or bordered (pin = −1) system; null on a
   * breakdown. `tolerant`: the system is known to be non-singular, so only an exactly zero pivot counts.
   */
  factor(pin: number, tolerant?: boolean): Conditioning | null;
  /** Solves the factored system with refinement and error estimate (relative data error eta); null on a breakdown. */
  solve(eta: number): BackendSolution | null;
  /**
   * The current factorisation (pinned or bordered; conditioning `c` as factor() returned it) as a handle
   * that solves other right-hand sides (linalg/group-inverse.ts: the Drazin inverse reuses it), valid until
   * the next assemble, factor or markov call.
   */
  factorisation(c: Conditioning): PinnedFactorisation;
  /**
   * M as a Markov generator (off-diagonal entries ≥ 0) solved by GTH on its closed class `states`, zero
   * elsewhere, with componentwise relative error bounds; the smallest and largest elimination pivot where
   * known. Null on a breakdown.
   */
  markov(states: Int32Array, eta: number): { solution: BackendSolution; smallestPivot: number; largestPivot: number } | null;
}
