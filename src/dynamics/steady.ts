/**
 * Steady states of Lindblad models: one entry point, `steadyState(model, options)`, returning ρ_ss with a
 * certificate (residual, trace error, Hermiticity, smallest eigenvalue, uniqueness verdict). Channels with
 * rate = Infinity are handled in the infinitely-fast limit (fast-limit.ts). By default the solve is
 * restricted to the diagonal symmetry sector when that shrinks the system (steady-plan.ts, sectors.ts);
 * `prepareSteadyState` keeps that preparation for repeated solves with other rates (sweeps).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import { denseLu } from '../linalg/lu.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { LinalgError } from '../linalg/errors.ts';
import { refineSolution } from '../linalg/refine.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from './liouvillian.ts';
import { borderedSystem, diagonalPositions, type BorderedSystem } from './bordered.ts';
import { certify, type Certificate } from './certificate.ts';
import { stationaryBasis } from './kernel.ts';
import { smallestEigenvalueEstimate } from './uniqueness.ts';
import { fastLimitSteadyState } from './fast-limit.ts';
import type { TermSelection } from './factored.ts';
import { SectorPlan, SectorSolved } from './steady-plan.ts';
import { iterativeBorderedSolve, type IterativeMethod } from './steady-iterative.ts';

/**
 * How the linear system is solved. `sectors` (default: on whenever the diagonal symmetry sector is smaller
 * than the full system) restricts the solve to that sector; uniqueness beyond it follows from a U(1)
 * charge (charge.ts), with the coherence blocks of charge 0 checked numerically; `false` solves the full
 * system; `true` also reduces when no charge can be verified, checking every coherence block.
 * Direct: `solver` picks the factorisation (the sector uses a real dense or real-valued sparse LU).
 * `exchange`: when two identical subsystems can be swapped without changing the model, solve only in the
 * exchange-symmetric half of the sector (exchange.ts), the other half checked. Default: on for prepared
 * solves (prepareSteadyState, sweeps), off for one-off `steadyState` calls, where preparing the two halves
 * costs about what the smaller factorisations save (measured: cavity cutoff 32–128, bench/sweep.bench.ts).
 * Iterative: GMRES or BiCGSTAB with an ILU(0) preconditioner (default) to relative residual `tol`.
 */
export type SteadyMethod =
  | { kind: 'direct'; solver?: 'auto' | 'dense' | 'sparse'; sectors?: boolean; exchange?: boolean }
  | IterativeMethod;

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
 * Solves L vec(ρ) = 0 with Tr ρ = 1 through the bordered system of `bordered.ts` (restricted to the
 * diagonal symmetry sector when that pays, see SteadyMethod; plus extra-precise iterative refinement, so
 * small populations are accurate relative to themselves), symmetrises and normalises ρ, and certifies the
 * result against the full Liouvillian. Units: ρ is dimensionless; the residual is in the model's rate units.
 */
export function steadyState(model: LindbladModel, options: SteadyOptions = {}): SteadyStateResult {
  const method = options.method ?? { kind: 'direct' };
  if (method.kind !== 'direct' && method.kind !== 'iterative') {
    throw new LindbladError('unsupported', `unknown steady-state method ${JSON.stringify((method as { kind: unknown }).kind)}`, 'method.kind');
  }
  if (model.hasInfiniteRates()) return fastLimitSteadyState(model, options.degeneracyTolerance);
  return prepareSteadyState(model, options, 'active').solve();
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

/**
 * Prepares steady-state solves for the family of `model`: with select = 'all' (default) every channel with
 * a non-zero operator is a term, so rates may later become non-zero; 'active' keeps only channels with
 * rate > 0 (finest sectors, one-off solves). Sectors, charge argument, per-term sector matrices and the
 * sparse ordering are computed once and reused by every `solve(θ)`.
 */
export function prepareSteadyState(model: LindbladModel, options: SteadyOptions = {}, select: TermSelection = 'all'): PreparedSteadyState {
  const method = options.method ?? { kind: 'direct' };
  const plan = new SectorPlan(model, select, {
    sectors: method.sectors === false ? 'off' : method.sectors === true ? 'forced' : 'auto',
    solve: method.kind === 'direct' ? { kind: 'direct', factorization: method.solver === 'dense' || method.solver === 'sparse' ? method.solver : 'auto' } : method,
    tol: options.degeneracyTolerance ?? 1e-14,
    exchange: method.kind === 'direct' && (method.exchange ?? select === 'all'),
  });
  const deferred = (theta?: ArrayLike<number>): SteadyStateResult => {
    if (plan.route === 'full') return fullSteadyState(theta === undefined ? model : plan.modelAt(theta), method, options);
    if (plan.route === 'split') return degenerate(theta === undefined ? model : plan.modelAt(theta), options, { smallestEigenvalue: 0, scale: 1, solver: 'sector analysis', reason: plan.splitReason() });
    const out = plan.solve(theta ?? plan.coefficients);
    if (out.kind === 'degenerate') return degenerate(theta === undefined ? model : plan.modelAt(theta), options, out);
    return out; // SectorSolved: certificate now, ρ built on first access
  };
  return {
    plan,
    solveDeferred: deferred,
    solve(theta?: ArrayLike<number>): SteadyStateResult {
      const r = deferred(theta);
      return r instanceof SectorSolved ? { rho: r.rho, certificate: r.certificate } : r;
    },
  };
}

/**
 * The unreduced system of the whole Liouvillian: sparse direct solves pin one population (pinnedSolve),
 * falling back to the trace-bordered system, which dense and iterative solves use directly; factorised
 * (and refined) or solved iteratively.
 */
function fullSteadyState(model: LindbladModel, method: SteadyMethod, options: SteadyOptions): SteadyStateResult {
  const n = model.space.dim;
  const l = liouvillian(model);
  const norm = l.normInf(), scale = norm > 0 ? norm : 1; // the bordered system's scale s
  let sys: BorderedSystem | null = null;
  const bordered = (): BorderedSystem => (sys ??= borderedSystem(l, diagonalPositions(n)));
  const tol = options.degeneracyTolerance ?? 1e-14;
  let x: Float64Array | null = null;
  let smallest = 0, solver = 'dense';
  if (method.kind === 'iterative') {
    const b = bordered();
    ({ x, smallestEigenvalue: smallest, solver } = iterativeBorderedSolve(b.matrix, b.rhs, method));
  } else {
    const kind = method.solver === 'dense' || method.solver === 'sparse' ? method.solver : n * n + 1 <= DENSE_LIMIT ? 'dense' : 'sparse';
    const pinned = kind === 'sparse' ? pinnedSolve(l, n, scale, tol) : null;
    if (pinned) ({ x, smallestEigenvalue: smallest, solver } = pinned);
    else try {
      const b = bordered(), fact = factorize(b.matrix, kind);
      solver = fact.kind;
      smallest = smallestEigenvalueEstimate(fact.lu, n * n + 1);
      if (smallest > tol * scale) {
        x = fact.lu.solve(b.rhs);
        refineSolution(b.matrix, fact.lu, b.rhs, x);
      }
    } catch (e) {
      if (!(e instanceof LinalgError)) throw e;
    }
  }
  if (x === null || !(smallest > tol * scale)) {
    return degenerate(model, options, { smallestEigenvalue: smallest, scale, solver, reason: '' }, l);
  }
  const raw = unvec(x, n), rho = normaliseHermitian(raw);
  return {
    rho,
    certificate: certify(l, rho, { unique: true, smallestEigenvalue: smallest, scale, solver, hermiticityBefore: raw.hermiticityError() }),
  };
}

/**
 * The sparse unreduced solve with one population pinned instead of the trace border (whose dense row the
 * threshold pivoting pulls into U, filling it): the equation of ρ_rr, r the population with the smallest
 * |L_(rr),(rr)| (slowest to leave, so well populated), becomes s·ρ_rr = s, and ρ is normalised afterwards.
 * The pinned matrix P is non-singular iff the stationary state is unique and has ρ_rr ≠ 0 (a stationary
 * y with y_rr = 0 solves P y = 0; conversely P y = 0 gives (Ly)_kk = 0 for k ≠ r, and then also for r since
 * Tr L(y) = 0). Returns null when P looks singular; then the bordered system decides.
 */
function pinnedSolve(l: CsrMatrix, n: number, scale: number, tol: number): { x: Float64Array; smallestEigenvalue: number; solver: string } | null {
  const N = l.rows;
  let r = 0, best = Infinity;
  for (let k = 0; k < n; k++) {
    const d = k + n * k, [re, im] = l.get(d, d), a = Math.hypot(re, im);
    if (a < best) { best = a; r = d; }
  }
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < N; i++) {
    if (i === r) { ri.push(r); ci.push(r); re.push(scale); im.push(0); continue; }
    for (let p = l.rowPtr[i]; p < l.rowPtr[i + 1]; p++) { ri.push(i); ci.push(l.colIdx[p]); re.push(l.values[2 * p]); im.push(l.values[2 * p + 1]); }
  }
  const pm = CsrMatrix.fromTriplets(N, N, ri, ci, re, im), rhs = new Float64Array(2 * N);
  rhs[2 * r] = scale;
  try {
    const lu = sparseLu(pm), smallest = smallestEigenvalueEstimate(lu, N);
    if (!(smallest > tol * scale)) return null;
    const x = lu.solve(rhs);
    refineSolution(pm, lu, rhs, x);
    return { x, smallestEigenvalue: smallest, solver: 'sparse (one population pinned)' };
  } catch (e) {
    if (e instanceof LinalgError) return null;
    throw e;
  }
}

/** Not unique: a clear error, or (onDegenerate = 'basis') a Hermitian basis of ker L with its certificate. */
function degenerate(model: LindbladModel, options: SteadyOptions,
  info: { smallestEigenvalue: number; scale: number; solver: string; reason: string }, l: CsrMatrix = liouvillian(model)): SteadyStateResult {
  const message = 'the Liouvillian has more than one stationary state (the steady state is not unique)'
    + (info.reason ? ` — ${info.reason}` : '')
    + '; check for missing dissipation, decoupled blocks or conserved quantities, or pass onDegenerate: "basis"';
  if (options.onDegenerate !== 'basis') throw new LindbladError('not-unique', message, 'model');
  const n = model.space.dim;
  const basis = stationaryBasis(l, n);
  const rho = basis.find((b) => Math.abs(b.trace()[0]) > 1e-8) ?? basis[0];
  const tr = rho.trace()[0];
  const normalised = Math.abs(tr) > 1e-8 ? rho.scale(1 / tr) : rho;
  return {
    rho: normalised,
    certificate: certify(l, normalised, { unique: false, smallestEigenvalue: info.smallestEigenvalue, scale: info.scale, solver: info.solver, dimensionOfKernel: basis.length }),
    stationaryBasis: basis,
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
