/**
 * The bordered steady-state system (bordered.ts) on the real unknowns of the diagonal sector:
 *
 *     B = [ M(θ)   s·t ]   B [x; λ] = [0; s],   M(θ) = Σ_t θ_t M_t,  t = indicator of the ρ_kk,
 *         [ s·tᵀ   0   ]
 *
 * with s = ‖M‖_∞. B is non-singular exactly when the sector holds a single stationary state; the
 * evidence is min |λ(B)| by inverse iteration (uniqueness.ts). Two factorisations, chosen by size:
 * the real dense LU (`denseLuReal`), or the sparse LU with a fill-reducing ordering computed once for the
 * fixed pattern of all terms and reused at every θ (real entries, zero imaginary parts: a real sparse
 * kernel was measured not to pay at these sizes, see bench/sweep.bench.ts). Both solutions get the
 * extra-precise iterative refinement of refine.ts, so small populations are accurate relative to
 * themselves. No physics beyond bordered.ts.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { PatternSum } from '../linalg/pattern-sum.ts';
import { denseLuReal } from '../linalg/lu.ts';
import { estimateFill, sparseLu } from '../linalg/sparse-lu.ts';
import { LinalgError } from '../linalg/errors.ts';
import { refineSolution } from '../linalg/refine.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import type { RealNumbering } from './sector-system.ts';
import { smallestEigenvalueEstimate, smallestEigenvalueEstimateReal } from './uniqueness.ts';

/** Real dense LU up to this many real unknowns, sparse LU above (measured crossover, bench/sweep.bench.ts). */
export const DENSE_REAL_LIMIT = 24;

export type SectorFactorization = 'dense' | 'sparse';

/**
 * Inverse-iteration steps for the uniqueness estimate of a sector system (uniqueness.ts uses up to 12):
 * a numerically singular system already shows min |λ| ≈ ε·s after the first solve, so 4 steps decide
 * as reliably and the reported estimate is within a small factor of min |λ|.
 */
const UNIQUENESS_STEPS = 4;

export interface SectorSolution {
  /** Real unknowns (any normalisation), or null when the system is (numerically) singular: more than one stationary state. */
  x: Float64Array | null;
  smallestEigenvalue: number;
  scale: number;
  solver: string;
}

/** The terms' union pattern plus some extra positions (pins, border); values and LU for any θ. */
class SystemPattern {
  readonly sum: PatternSum;
  /** Slots of the extra positions. */
  readonly extra: Int32Array;
  private readonly terms: number;
  private ordering: Int32Array | null = null;

  constructor(size: number, terms: readonly CsrMatrix[], extraRows: number[], extraCols: number[]) {
    const extras = CsrMatrix.fromTriplets(size, size, extraRows, extraCols, extraRows.map(() => 1), extraRows.map(() => 0));
    this.terms = terms.length;
    this.sum = new PatternSum([...terms, extras], size, size);
    this.extra = Int32Array.from(extraRows, (r, k) => this.sum.slotOf(r, extraCols[k]));
  }

  /** Interleaved values of Σ_t θ_t M_t (extras 0) and ‖·‖_∞ over rows and columns < `rows`. */
  values(theta: ArrayLike<number>, rows: number): { v: Float64Array; scale: number } {
    const c = new Float64Array(this.terms + 1);
    for (let t = 0; t < this.terms; t++) c[t] = theta[t];
    const v = this.sum.values(c), pat = this.sum.pattern;
    let scale = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let p = pat.rowPtr[r]; p < pat.rowPtr[r + 1]; p++) if (pat.colIdx[p] < rows) s += Math.abs(v[2 * p]);
      if (s > scale) scale = s;
    }
    return { v, scale: scale > 0 ? scale : 1 };
  }

  /** Sparse LU with values v; the ordering depends on the pattern only and is computed once. */
  factor(v: Float64Array): { matrix: CsrMatrix; lu: LinearSolver } {
    const matrix = this.sum.matrix(v);
    this.ordering ??= chooseOrdering(matrix);
    return { matrix, lu: sparseLu(matrix, { ordering: this.ordering }) };
  }
}

/**
 * Solves the real sector system for any coefficients θ, reusing patterns and orderings.
 * Dense: the trace-bordered system B of bordered.ts. Sparse: the trace border is a dense row that the
 * threshold pivoting pulls in early whenever a nearly closed block makes a diagonal pivot small, which
 * fills U almost completely (measured: 256k instead of 29k entries at cutoff 128). So the sparse path
 * first "pins" one population: the (redundant) equation of ρ_rr, r the population with the smallest
 * |M_rr| (slowest to leave, so well populated), becomes s·x_r = s, and x is normalised afterwards. The
 * pinned matrix is non-singular iff the sector's stationary state is unique and has ρ_rr ≠ 0; if it
 * looks singular, the trace-bordered system decides.
 */
export class RealSectorSolver {
  readonly size: number;
  readonly kind: SectorFactorization;
  private readonly terms: readonly CsrMatrix[];
  private readonly diagonal: Int32Array;
  private readonly dense: Float64Array | null = null;
  private pinned: SystemPattern | null = null;
  private bordered: SystemPattern | null = null;

  constructor(terms: readonly CsrMatrix[], numbering: RealNumbering, kind: 'auto' | SectorFactorization = 'auto') {
    const m = numbering.size;
    this.size = m;
    this.terms = terms;
    this.diagonal = numbering.diagonal;
    this.kind = kind === 'auto' ? (m <= DENSE_REAL_LIMIT ? 'dense' : 'sparse') : kind;
    if (this.kind === 'dense') this.dense = new Float64Array((m + 1) * (m + 1));
  }

  /** The trace-bordered pattern (size m + 1), built on first use. */
  private borderedPattern(): SystemPattern {
    const m = this.size, d = Array.from(this.diagonal);
    return (this.bordered ??= new SystemPattern(m + 1, this.terms.map((t) => resized(t, m + 1)), [...d, ...d.map(() => m)], [...d.map(() => m), ...d]));
  }

  /** Solves for θ; x = null when the sector holds more than one stationary state (min |λ| ≤ tol·s). */
  solve(theta: ArrayLike<number>, tol = 1e-14): SectorSolution {
    if (this.kind === 'dense') return this.solveDense(theta, tol);
    return this.solvePinned(theta, tol) ?? this.solveBordered(theta, tol);
  }

  private solveDense(theta: ArrayLike<number>, tol: number): SectorSolution {
    const m = this.size, N = m + 1, b = this.dense!, sys = this.borderedPattern();
    const { v, scale } = sys.values(theta, m);
    for (const p of sys.extra) v[2 * p] = scale;
    const pat = sys.sum.pattern;
    b.fill(0);
    for (let r = 0; r < N; r++) for (let p = pat.rowPtr[r]; p < pat.rowPtr[r + 1]; p++) b[r * N + pat.colIdx[p]] = v[2 * p];
    const solver = 'dense LU (real sector)';
    let lu;
    try {
      lu = denseLuReal(N, b);
    } catch (e) {
      if (e instanceof LinalgError) return { x: null, smallestEigenvalue: 0, scale, solver };
      throw e;
    }
    const smallest = smallestEigenvalueEstimateReal((w) => lu.solve(w), N, UNIQUENESS_STEPS);
    if (!(smallest > tol * scale)) return { x: null, smallestEigenvalue: smallest, scale, solver };
    // Refinement uses the CSR form of B and applies the real LU to real and imaginary parts.
    const part = new Float64Array(N);
    const asComplex: LinearSolver = {
      n: N,
      solve: (w, out = new Float64Array(2 * N)) => {
        for (let k = 0; k < 2; k++) {
          for (let r = 0; r < N; r++) part[r] = w[2 * r + k];
          lu.solve(part, part);
          for (let r = 0; r < N; r++) out[2 * r + k] = part[r];
        }
        return out;
      },
    };
    return { x: refined(sys.sum.matrix(v), asComplex, m, scale, m), smallestEigenvalue: smallest, scale, solver };
  }

  /** The pinned system, or null when it is singular (then the bordered system decides). */
  private solvePinned(theta: ArrayLike<number>, tol: number): SectorSolution | null {
    const m = this.size, d = this.diagonal;
    this.pinned ??= new SystemPattern(m, this.terms, Array.from(d), Array.from(d));
    const pat = this.pinned.sum.pattern, { v, scale } = this.pinned.values(theta, m);
    let r0 = -1, best = Infinity;
    for (let k = 0; k < d.length; k++) {
      const a = Math.abs(v[2 * this.pinned.extra[k]]);
      if (a < best) { best = a; r0 = d[k]; }
    }
    for (let p = pat.rowPtr[r0]; p < pat.rowPtr[r0 + 1]; p++) v[2 * p] = pat.colIdx[p] === r0 ? scale : 0;
    try {
      const { matrix, lu } = this.pinned.factor(v);
      const smallest = smallestEigenvalueEstimate(lu, m, UNIQUENESS_STEPS);
      if (!(smallest > tol * scale)) return null;
      return { x: refined(matrix, lu, r0, scale, m), smallestEigenvalue: smallest, scale, solver: 'sparse LU (real sector, one population pinned)' };
    } catch (e) {
      if (e instanceof LinalgError) return null;
      throw e;
    }
  }

  private solveBordered(theta: ArrayLike<number>, tol: number): SectorSolution {
    const m = this.size, sys = this.borderedPattern();
    const { v, scale } = sys.values(theta, m);
    for (const p of sys.extra) v[2 * p] = scale;
    const solver = 'sparse LU (real sector, trace-bordered)';
    try {
      const { matrix, lu } = sys.factor(v);
      const smallest = smallestEigenvalueEstimate(lu, m + 1, UNIQUENESS_STEPS);
      if (!(smallest > tol * scale)) return { x: null, smallestEigenvalue: smallest, scale, solver };
      return { x: refined(matrix, lu, m, scale, m), smallestEigenvalue: smallest, scale, solver };
    } catch (e) {
      if (e instanceof LinalgError) return { x: null, smallestEigenvalue: 0, scale, solver };
      throw e;
    }
  }
}

/** The first `keep` real parts of z solving matrix·z = s·e_at, refined with extra-precise residuals. */
function refined(matrix: CsrMatrix, lu: LinearSolver, at: number, scale: number, keep: number): Float64Array {
  const rhs = new Float64Array(2 * matrix.rows);
  rhs[2 * at] = scale;
  const z = lu.solve(rhs);
  refineSolution(matrix, lu, rhs, z);
  const x = new Float64Array(keep);
  for (let r = 0; r < keep; r++) x[r] = z[2 * r];
  return x;
}

/** The same entries in a larger (size × size) matrix. */
function resized(a: CsrMatrix, size: number): CsrMatrix {
  const rowPtr = new Int32Array(size + 1);
  rowPtr.set(a.rowPtr);
  for (let i = a.rows + 1; i <= size; i++) rowPtr[i] = a.rowPtr[a.rows];
  return new CsrMatrix(size, size, rowPtr, a.colIdx, a.values);
}

/**
 * Fill-reducing ordering from the pattern: reverse Cuthill–McKee when its predicted fill (symbolic,
 * estimateFill) is at most 4·nnz(A) + n — the sectors of chain-like models (excitation ladders) are
 * banded, and RCM costs a fraction of AMD there (0.5 vs 2.7 ms at 516 unknowns, same fill) — else the
 * better of RCM and AMD.
 */
function chooseOrdering(a: CsrMatrix): Int32Array {
  const rcm = estimateFill(a, 'rcm');
  if (rcm.nnzLU <= 4 * a.nnz + a.rows) return rcm.ordering;
  const amd = estimateFill(a, 'amd');
  return amd.nnzLU <= rcm.nnzLU ? amd.ordering : rcm.ordering;
}
