/**
 * What a steady-state solve returns, and the two steps that turn the solver's unknowns into ρ: unvec
 * (column-stacked vector → matrix) and normaliseHermitian ((ρ + ρ†)/2 / Tr).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import type { Certificate } from './certificate.ts';
import type { SectorPlan } from './plan.ts';
import type { BlockDiagonalState } from './block-state.ts';

export interface SteadyStateResult {
  /** ρ_ss, Hermitian and of unit trace, full space, rho[i][j] = ⟨i|ρ|j⟩. */
  rho: DenseMatrix;
  certificate: Certificate;
  /**
   * ρ_ss in block-diagonal form (block-state.ts), when the solve produced it (direct solves: a symmetry
   * sector, or every unknown): entries, populations, expectation values and the smallest eigenvalue
   * without the n×n matrix — for large models read this instead of `rho`, which is then built on first read.
   */
  state?: BlockDiagonalState;
  /** Only when onDegenerate = 'basis' and the state is not unique: a Hermitian basis of ker L. */
  stationaryBasis?: DenseMatrix[];
}

/** A steady-state solve prepared for one family of models (same operators; rates and H scale vary). */
export interface PreparedSteadyState {
  /** Sectors, terms and the route chosen for the whole family. */
  readonly plan: SectorPlan;
  /** Steady state at coefficients θ (default: the model the plan was prepared from); see SectorPlan.modelAt. */
  solve(theta?: ArrayLike<number>): SteadyStateResult;
  /**
   * The same solve and certificate, but a sector solution's dense ρ is built only when `rho` is first read
   * (a getter on the result's prototype, so `{...result}` does not copy it): for sweeps whose outputs may
   * not need ρ.
   */
  solveDeferred(theta?: ArrayLike<number>): SteadyStateResult;
}

/** The n×n matrix whose column-stacked entries are the first n² entries of x. */
export function unvec(x: Float64Array, n: number): DenseMatrix {
  const rho = new DenseMatrix(n, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) rho.set(i, j, x[2 * (i + n * j)], x[2 * (i + n * j) + 1]);
  }
  return rho;
}

/** (ρ + ρ†)/2 divided by its trace; throws (never NaN) if the trace vanishes or is not finite. */
export function normaliseHermitian(rho: DenseMatrix): DenseMatrix {
  const h = rho.hermitianPart();
  const tr = h.trace()[0];
  if (!Number.isFinite(tr) || Math.abs(tr) < 1e-300 || !h.isFinite()) {
    throw new LindbladError('not-converged', `steady-state solve produced an unusable matrix (trace ${tr})`, 'rho');
  }
  return h.scale(1 / tr);
}
