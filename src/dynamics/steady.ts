/**
 * Steady states of Lindblad models: one entry point, `steadyState(model, options)`, returning ρ_ss with a
 * certificate (residual, trace error, Hermiticity, smallest eigenvalue, uniqueness verdict). Channels with
 * rate = Infinity are handled in the infinitely-fast limit (fast-limit.ts).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import { denseLu } from '../linalg/lu.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { LinalgError } from '../linalg/errors.ts';
import { refineSolution } from '../linalg/refine.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from './liouvillian.ts';
import { borderedSystem, diagonalPositions } from './bordered.ts';
import { certify, type Certificate } from './certificate.ts';
import { stationaryBasis } from './kernel.ts';
import { smallestEigenvalueEstimate } from './uniqueness.ts';
import { fastLimitSteadyState } from './fast-limit.ts';

/** How the linear system is solved. */
export type SteadyMethod =
  | { kind: 'direct'; solver?: 'auto' | 'dense' | 'sparse' };

export interface SteadyOptions {
  method?: SteadyMethod;
  /** What to do when the stationary state is not unique: throw (default) or return a basis. */
  onDegenerate?: 'error' | 'basis';
  /** Relative threshold below which the bordered system counts as singular (default 1e-14). */
  degeneracyTolerance?: number;
}

export interface SteadyStateResult {
  /** ρ_ss, Hermitian and of unit trace, full space, rho[i][j] = ⟨i|ρ|j⟩. */
  rho: DenseMatrix;
  certificate: Certificate;
  /** Only when onDegenerate = 'basis' and the state is not unique: a Hermitian basis of ker L. */
  stationaryBasis?: DenseMatrix[];
}

/** Dense LU below this many unknowns, sparse LU above. */
const DENSE_LIMIT = 256;

/** Factorises a square sparse matrix with the chosen direct solver. */
export function factorize(m: CsrMatrix, solver: 'auto' | 'dense' | 'sparse' = 'auto'): { lu: LinearSolver; kind: 'dense' | 'sparse' } {
  const kind = solver === 'auto' ? (m.rows <= DENSE_LIMIT ? 'dense' : 'sparse') : solver;
  return { lu: kind === 'dense' ? denseLu(m.toDense()) : sparseLu(m), kind };
}

/**
 * Solves L vec(ρ) = 0 with Tr ρ = 1 through the bordered system of `bordered.ts` (plus extra-precise
 * iterative refinement, so small populations are accurate relative to themselves), symmetrises and
 * normalises ρ, and certifies the result. Units: ρ is dimensionless; the residual is in the model's rate units.
 */
export function steadyState(model: LindbladModel, options: SteadyOptions = {}): SteadyStateResult {
  const method = options.method ?? { kind: 'direct' };
  if (method.kind !== 'direct') throw new LindbladError('unsupported', `unknown steady-state method ${JSON.stringify((method as { kind: unknown }).kind)}`, 'method.kind');
  if (model.hasInfiniteRates()) return fastLimitSteadyState(model, options.degeneracyTolerance);
  const n = model.space.dim;
  const l = liouvillian(model);
  const sys = borderedSystem(l, diagonalPositions(n));
  const tol = options.degeneracyTolerance ?? 1e-14;

  let fact: { lu: LinearSolver; kind: 'dense' | 'sparse' } | null = null;
  let smallest = 0;
  try {
    fact = factorize(sys.matrix, method.solver);
    smallest = smallestEigenvalueEstimate(fact.lu, n * n + 1);
  } catch (e) {
    if (!(e instanceof LinalgError)) throw e;
  }
  const degenerate = fact === null || !(smallest > tol * sys.scale);
  if (degenerate) {
    const message = 'the Liouvillian has more than one stationary state (the steady state is not unique); '
      + 'check for missing dissipation, decoupled blocks or conserved quantities, or pass onDegenerate: "basis"';
    if (options.onDegenerate !== 'basis') throw new LindbladError('not-unique', message, 'model');
    const basis = stationaryBasis(l, n);
    const rho = basis.find((b) => Math.abs(b.trace()[0]) > 1e-8) ?? basis[0];
    const tr = rho.trace()[0];
    const normalised = Math.abs(tr) > 1e-8 ? rho.scale(1 / tr) : rho;
    return {
      rho: normalised,
      certificate: certify(l, normalised, { unique: false, smallestEigenvalue: smallest, scale: sys.scale, solver: fact?.kind ?? 'dense', dimensionOfKernel: basis.length }),
      stationaryBasis: basis,
    };
  }
  const x = fact!.lu.solve(sys.rhs);
  refineSolution(sys.matrix, fact!.lu, sys.rhs, x);
  const rho = unvec(x, n);
  return {
    rho: normaliseHermitian(rho),
    certificate: certify(l, normaliseHermitian(rho), {
      unique: true, smallestEigenvalue: smallest, scale: sys.scale, solver: fact!.kind, hermiticityBefore: rho.hermiticityError(),
    }),
  };
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
