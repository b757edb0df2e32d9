/**
 * The unreduced route: the steady state from the whole Liouvillian (no symmetry sector), by a dense or
 * sparse factorisation of the trace-bordered system (linalg/bordered.ts), by a sparse factorisation with
 * one population pinned, or iteratively (iterative.ts); refined in extra precision and certified.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import { denseLu } from '../linalg/lu.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { attempt } from '../linalg/errors.ts';
import { refineSolution } from '../linalg/refine.ts';
import { borderedSystem, diagonalPositions, type BorderedSystem } from '../linalg/bordered.ts';
import { smallestEigenvalueEstimate } from '../linalg/inverse-iteration.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { certify } from './certificate.ts';
import { iterativeBorderedSolve } from './iterative.ts';
import { degenerate } from './degenerate.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import { normaliseHermitian, unvec, type SteadyStateResult } from './result.ts';

/** Dense LU below this many unknowns, sparse LU above. */
const DENSE_LIMIT = 256;

/** Factorises a square sparse matrix with the chosen direct solver. */
export function factorize(m: CsrMatrix, solver: 'auto' | 'dense' | 'sparse' = 'auto'): { lu: LinearSolver; kind: 'dense' | 'sparse' } {
  const kind = solver === 'auto' ? (m.rows <= DENSE_LIMIT ? 'dense' : 'sparse') : solver;
  return { lu: kind === 'dense' ? denseLu(m.toDense()) : sparseLu(m), kind };
}

/**
 * The unreduced system of the whole Liouvillian: sparse direct solves pin one population (pinnedSolve),
 * falling back to the trace-bordered system, which dense and iterative solves use directly; factorised
 * (and refined) or solved iteratively.
 */
export function fullSteadyState(model: LindbladModel, options: ResolvedSteadyOptions): SteadyStateResult {
  const method = options.method;
  const n = model.space.dim;
  const l = liouvillian(model);
  const norm = l.normInf(), scale = norm > 0 ? norm : 1; // the bordered system's scale s
  let sys: BorderedSystem | null = null;
  const bordered = (): BorderedSystem => (sys ??= borderedSystem(l, diagonalPositions(n)));
  const tol = options.degeneracyTolerance;
  let x: Float64Array | null = null;
  let smallest = 0, solver = 'dense';
  if (method.kind === 'iterative') {
    const b = bordered();
    ({ x, smallestEigenvalue: smallest, solver } = iterativeBorderedSolve(b.matrix, b.rhs, method));
  } else {
    const kind = options.solver !== 'auto' ? options.solver : n * n + 1 <= DENSE_LIMIT ? 'dense' : 'sparse';
    const pinned = kind === 'sparse' ? pinnedSolve(l, n, scale, tol) : null;
    if (pinned) ({ x, smallestEigenvalue: smallest, solver } = pinned);
    else {
      const b = bordered();
      solver = kind;
      x = attempt(() => {
        const fact = factorize(b.matrix, kind);
        smallest = smallestEigenvalueEstimate(fact.lu, n * n + 1);
        if (!(smallest > tol * scale)) return null;
        const y = fact.lu.solve(b.rhs);
        refineSolution(b.matrix, fact.lu, b.rhs, y);
        return y;
      });
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
  return attempt(() => {
    const lu = sparseLu(pm), smallest = smallestEigenvalueEstimate(lu, N);
    if (!(smallest > tol * scale)) return null;
    const x = lu.solve(rhs);
    refineSolution(pm, lu, rhs, x);
    return { x, smallestEigenvalue: smallest, solver: 'sparse (one population pinned)' };
  });
}

