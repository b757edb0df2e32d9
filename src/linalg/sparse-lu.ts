/**
 * Complex sparse LU factorization P·A·Q = L·U and the corresponding `LinearSolver`.
 * Columns are pre-ordered by a fill-reducing ordering of A + Aᵀ (AMD by default) and factored by the
 * left-looking Gilbert–Peierls algorithm with threshold partial pivoting (`sparse-lu-factor.ts`).
 * No physics lives here.
 */
import { LinalgError } from './errors.ts';
import { LindbladError } from '../errors.ts';
import { amdOrdering, isPermutation, naturalOrdering, patternAdjacency, rcmFromAdjacency, reverseCuthillMcKee, symmetricAdjacency, type Adjacency } from './ordering.ts';
import { amdFromAdjacency } from './amd.ts';
import { nestedDissection } from './nested-dissection.ts';
import { symbolicCholesky } from './symbolic.ts';
import { denseTail } from './sparse-lu-tail.ts';
import type { LinearSolver } from './solver.ts';
import type { CsrMatrix } from './sparse.ts';
import { factorGilbertPeierls, type LuFactors } from './sparse-lu-factor.ts';
import { checkArgument } from './arguments.ts';

/** Column ordering: a named method ('nd': nested dissection) or a precomputed permutation (new k ↦ old p[k]). */
export type SparseOrdering = 'amd' | 'rcm' | 'natural' | 'nd' | Int32Array;

export interface SparseLuOptions {
  /**
   * Fill-reducing column ordering, applied symmetrically (default 'amd'). A precomputed permutation,
   * e.g. `lu.ordering` of an earlier factorization, can be reused for matrices of the same pattern.
   */
  ordering?: SparseOrdering;
  /**
   * Threshold τ ∈ (0, 1] of partial pivoting: the diagonal entry is kept as pivot when
   * |a_kk| ≥ τ·max_i |a_ik| over the candidate rows (default 0.1; τ = 1 is classical partial pivoting).
   */
  pivotThreshold?: number;
  /**
   * A pivot with |u_kk| ≤ tol·s_k, s_k the largest magnitude in column k of A and of U, is treated as
   * zero and the matrix reported singular (default 1e-14; 0 rejects only exactly zero pivots). Rounding
   * leaves pivots of ≈ 1e-16 … 1e-13·s_k in exactly singular matrices (growing with size and fill), so
   * large exactly singular systems may pass; check `minPivot / maxPivot` if that matters.
   */
  singularTolerance?: number;
  /**
   * Fill budget: throw LinalgError as soon as the off-diagonal nonzeros of L and U exceed this
   * (default unlimited), so a caller can fall back to an iterative method instead of running out of
   * time or memory. `estimateFill` predicts the fill before factoring.
   */
  maxNonzeros?: number;
  /** Record each step's pivot candidates in search order (`factors.candidates`, for RealLuRefactor). */
  recordCandidates?: boolean;
}

/** Computes the named ordering of A (or validates a given permutation). */
export function computeOrdering(a: CsrMatrix, ordering: SparseOrdering = 'amd'): Int32Array {
  checkArgument(a, 'csr', 'computeOrdering', 'a');
  if (ordering instanceof Int32Array) {
    if (!isPermutation(ordering, a.rows)) {
      throw new LinalgError(`ordering is not a permutation of 0…${a.rows - 1} (length ${ordering.length})`);
    }
    return ordering;
  }
  switch (ordering) {
    case 'amd': return amdOrdering(a);
    case 'rcm': return reverseCuthillMcKee(a);
    case 'nd': return nestedDissection(symmetricAdjacency(a));
    case 'natural': return naturalOrdering(a.rows);
    default: throw new LinalgError(`unknown ordering '${String(ordering)}'`);
  }
}

/** Predicted size of an LU factorization with diagonal pivots (symbolic, no arithmetic). */
export interface FillEstimate {
  /** The column ordering analysed. */
  ordering: Int32Array;
  /** nnz(L + U) (each diagonal entry counted once) = 2·nnz(chol(A + Aᵀ)) − n. */
  nnzLU: number;
  /** Complex multiply–adds of the factorization, Σ_k (c_k − 1)², c_k the Cholesky column counts. */
  mulAdds: number;
  /** The Cholesky column counts c_k (diagonal included), in the new order. */
  colCount: Int32Array;
}

/**
 * Predicts the fill and work of `sparseLu(a, { ordering })` from the elimination tree and Cholesky
 * column counts of P(A + Aᵀ)Pᵀ. When every pivot stays on the diagonal this is an upper bound, exact
 * for a symmetric pattern; off-diagonal pivots change it. Costs O(nnz(L)) integer work.
 */
export function estimateFill(a: CsrMatrix, ordering: SparseOrdering = 'amd'): FillEstimate {
  checkArgument(a, 'csr', 'estimateFill', 'a');
  return fillOf(symmetricAdjacency(a), computeOrdering(a, ordering));
}

function fillOf(g: Adjacency, q: Int32Array): FillEstimate {
  return fillWithin(g, q, Infinity)!;
}

/** fillOf when the Cholesky factor has at most `limitL` entries (diagonal included), else null (counted only that far). */
function fillWithin(g: Adjacency, q: Int32Array, limitL: number): FillEstimate | null {
  const s = symbolicCholesky(g, q, limitL);
  if (!s.complete) return null;
  let mulAdds = 0;
  for (let k = 0; k < s.colCount.length; k++) mulAdds += (s.colCount[k] - 1) ** 2;
  return { ordering: q, nnzLU: 2 * s.nnzL - g.n, mulAdds, colCount: s.colCount };
}

/**
 * The fill-reducing ordering of the n×n pattern (rowPtr, colIdx) with the smallest predicted fill
 * (estimateFill's symbolic count, the adjacency of A + Aᵀ built once). A banded fill — at most
 * 4·nnz(A) + n — is accepted without looking further, trying first the pattern's own numbering (a
 * symmetry sector numbered by charge is block-tridiagonal: no ordering work at all, and at 16k unknowns
 * of the cavity sector its LU ran in half the time of RCM's, 21 vs 43 ms, although RCM's predicted fill
 * is 20 % lower), then reverse Cuthill–McKee (chain-like models' sectors, where RCM costs a fraction of
 * AMD: 0.5 vs 2.7 ms at 516 unknowns, same fill); otherwise the better of RCM and AMD — and, where that
 * one's predicted work is large (≥ DISSECTION_WORK multiply–adds per entry of A + Aᵀ), nested dissection
 * when the modelled cost of its factorisation (sparse steps and dense tail, sparse-lu-tail.ts denseTail) is
 * lower.
 */
export function orderingBySmallestFill(n: number, rowPtr: Int32Array, colIdx: Int32Array): FillEstimate {
  const g = patternAdjacency(n, rowPtr, colIdx), bandedL = (bandedFillBound(n, rowPtr[n]) + n) / 2;
  const band = bandedWithin(g, bandedL);
  if (band.fill) return band.fill;
  const rcmOrder = band.rcm, amd = fillOf(g, amdFromAdjacency(g.n, g.ptr, g.idx));
  // RCM's count already passed bandedL: it cannot beat an AMD fill within that bound (no second count).
  if ((amd.nnzLU + n) / 2 <= bandedL) return amd;
  const rcmFull = fillWithin(g, rcmOrder, (amd.nnzLU + n) / 2); // complete only when RCM's fill ≤ AMD's
  const best = rcmFull && rcmFull.nnzLU < amd.nnzLU ? rcmFull : amd;
  if (best.mulAdds < DISSECTION_WORK * g.idx.length) return best;
  const nd = fillWithin(g, nestedDissection(g), (DISSECTION_FILL * best.nnzLU + n) / 2);
  return nd && denseTail(nd.colCount).cost < denseTail(best.colCount).cost ? nd : best;
}

/**
 * Nested dissection (nested-dissection.ts) costs 1–6× AMD's graph work; it is tried only where the LU is
 * far from sparse, at least this many predicted multiply–adds per entry of A + Aᵀ. The sectors of six
 * emitters ⊗ Fock(4) pass (3,514 unknowns: AMD 4.3e8, ≈ 10⁴ per entry; dissection 1.5e8 and a factorisation
 * in 0.24 instead of 0.46 s), chain-local random models do not (n = 120: 130 per entry; dissection 0.87×).
 */
const DISSECTION_WORK = 1000;
/** A dissection order is taken only with at most this multiple of the best order's fill (memory). */
const DISSECTION_FILL = 1.25;

/** The banded fill bound of an n×n pattern with nnz entries: at most this many entries in L + U (4·nnz + n). */
export function bandedFillBound(n: number, nnz: number): number {
  return 4 * nnz + n;
}

/**
 * The natural order's fill estimate, else reverse Cuthill–McKee's, if it stays within the Cholesky bound
 * `limitL` (each count stops as soon as it passes the bound, so a fill-heavy pattern costs O(bound), not
 * O(its fill)); otherwise no estimate, and the RCM order computed on the way.
 */
function bandedWithin(g: Adjacency, limitL: number): { fill: FillEstimate } | { fill: null; rcm: Int32Array } {
  const natural = fillWithin(g, naturalOrdering(g.n), limitL);
  if (natural) return { fill: natural };
  const rcm = rcmFromAdjacency(g), fill = fillWithin(g, rcm, limitL);
  return fill ? { fill } : { fill: null, rcm };
}

/**
 * The n×n pattern's fill estimate when its own numbering or RCM keeps the LU banded — within bandedFillBound, orderingBySmallestFill's first choices, which it then returns too — else null: a
 * fill-heavy pattern, whose factorisation cost grows faster than its size. O(nnz(A)) integer work.
 */
export function bandedOrdering(n: number, rowPtr: Int32Array, colIdx: Int32Array): FillEstimate | null {
  return bandedWithin(patternAdjacency(n, rowPtr, colIdx), (bandedFillBound(n, rowPtr[n]) + n) / 2).fill;
}

/** A computed sparse LU factorization P·A·Q = L·U; solves A x = b. */
export class SparseLu implements LinearSolver {
  readonly n: number;
  /** Column ordering Q used (new k ↦ old column ordering[k]); reusable via `options.ordering`. */
  readonly ordering: Int32Array;
  /** Row permutation P (step k ↦ original row rowPermutation[k]). */
  readonly rowPermutation: Int32Array;
  /** Nonzeros of L, unit diagonal included. */
  readonly nnzL: number;
  /** Nonzeros of U, diagonal included. nnz(L + U) = nnzL + nnzU − n. */
  readonly nnzU: number;
  /** Smallest and largest pivot magnitude min/max_k |u_kk|. */
  readonly minPivot: number;
  readonly maxPivot: number;
  /** Steps at which the preferred (diagonal) pivot was rejected by the threshold test. */
  readonly offDiagonalPivots: number;
  /** Complex multiply–adds of the numeric factorization. */
  readonly flops: number;
  private readonly f: LuFactors;
  private readonly work: Float64Array;

  /** Made by sparseLu(a); checked, since the class is public. */
  constructor(factors: LuFactors) {
    if (typeof factors !== 'object' || factors === null || !Number.isInteger(factors.n) || !(factors.Lp instanceof Int32Array) || !(factors.Ud instanceof Float64Array)) {
      throw new LindbladError('invalid-input', 'expected LU factors (a SparseLu comes from sparseLu(a))', 'SparseLu');
    }
    this.f = factors;
    this.n = factors.n;
    this.ordering = factors.q;
    this.rowPermutation = factors.prow;
    this.nnzL = factors.Li.length + factors.n;
    this.nnzU = factors.Ui.length + factors.n;
    this.minPivot = factors.minPivot;
    this.maxPivot = factors.maxPivot;
    this.offDiagonalPivots = factors.offDiagonalPivots;
    this.flops = factors.flops;
    this.work = new Float64Array(2 * factors.n);
  }

  /** The factors themselves (patterns, pivots and values), e.g. to record the structure for RealLuRefactor. */
  get factors(): LuFactors {
    return this.f;
  }

  /**
   * Solves A x = b via x = Q·U⁻¹·L⁻¹·P·b: permute, forward substitution with the unit lower L
   * (column-oriented), back substitution with U, permute back. x may alias b.
   */
  solve(b: Float64Array, x: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q } = this.f;
    if (b.length !== 2 * n) throw new LinalgError(`solve: right-hand side has length ${b.length / 2}, expected ${n}`);
    if (x.length !== 2 * n) throw new LinalgError(`solve: output has length ${x.length / 2}, expected ${n}`);
    const y = this.work;
    for (let k = 0; k < n; k++) {
      const i = prow[k];
      y[2 * k] = b[2 * i];
      y[2 * k + 1] = b[2 * i + 1];
    }
    for (let k = 0; k < n; k++) {
      const yr = y[2 * k], yi = y[2 * k + 1];
      if (yr === 0 && yi === 0) continue;
      for (let p = Lp[k], end = Lp[k + 1]; p < end; p++) {
        const r = 2 * Li[p], lr = Lx[2 * p], li = Lx[2 * p + 1];
        y[r] -= lr * yr - li * yi;
        y[r + 1] -= lr * yi + li * yr;
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      const dr = Ud[2 * k], di = Ud[2 * k + 1], d2 = dr * dr + di * di;
      const tr = y[2 * k], ti = y[2 * k + 1];
      const yr = (tr * dr + ti * di) / d2, yi = (ti * dr - tr * di) / d2;
      y[2 * k] = yr;
      y[2 * k + 1] = yi;
      if (yr === 0 && yi === 0) continue;
      for (let p = Up[k], end = Up[k + 1]; p < end; p++) {
        const r = 2 * Ui[p], ur = Ux[2 * p], ui = Ux[2 * p + 1];
        y[r] -= ur * yr - ui * yi;
        y[r + 1] -= ur * yi + ui * yr;
      }
    }
    for (let k = 0; k < n; k++) {
      const j = q[k], vr = y[2 * k], vi = y[2 * k + 1];
      if (!Number.isFinite(vr) || !Number.isFinite(vi)) {
        throw new LinalgError('solve: non-finite solution (non-finite right-hand side or overflow)', 'non-finite');
      }
      x[2 * j] = vr;
      x[2 * j + 1] = vi;
    }
    return x;
  }
}

/**
 * Solves Aᴴ z = b (conjugate transpose) with the factors of A = Pᵀ L U Qᵀ of complex-mode LuFactors:
 * v = Qᵀb; Uᴴ t = v (forward, U's columns read as rows); Lᴴ u = t (backward); z = Pᵀu. b and z are
 * interleaved complex vectors of length 2n; z may alias b. For error estimates (the adjoint of a resolvent).
 */
export function solveAdjoint(f: LuFactors, b: Float64Array, z: Float64Array = new Float64Array(2 * f.n)): Float64Array {
  const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q } = f;
  if (f.real) throw new LinalgError('solveAdjoint: real-mode factors (use the complex kernel)');
  if (b.length !== 2 * n || z.length !== 2 * n) throw new LinalgError(`solveAdjoint: vectors of length ${b.length / 2} and ${z.length / 2}, expected ${n}`);
  const t = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let sr = b[2 * q[k]], si = b[2 * q[k] + 1];
    for (let p = Up[k], end = Up[k + 1]; p < end; p++) { // conj(U(s, k))·t_s
      const s = 2 * Ui[p], ur = Ux[2 * p], ui = Ux[2 * p + 1];
      sr -= ur * t[s] + ui * t[s + 1];
      si -= ur * t[s + 1] - ui * t[s];
    }
    const dr = Ud[2 * k], di = -Ud[2 * k + 1], d2 = dr * dr + di * di; // conj(U(k, k))
    t[2 * k] = (sr * dr + si * di) / d2;
    t[2 * k + 1] = (si * dr - sr * di) / d2;
  }
  for (let k = n - 1; k >= 0; k--) {
    let sr = t[2 * k], si = t[2 * k + 1];
    for (let p = Lp[k], end = Lp[k + 1]; p < end; p++) { // conj(L(r, k))·u_r
      const r = 2 * Li[p], lr = Lx[2 * p], li = Lx[2 * p + 1];
      sr -= lr * t[r] + li * t[r + 1];
      si -= lr * t[r + 1] - li * t[r];
    }
    t[2 * k] = sr;
    t[2 * k + 1] = si;
  }
  for (let k = 0; k < n; k++) {
    const i = prow[k], vr = t[2 * k], vi = t[2 * k + 1];
    if (!Number.isFinite(vr) || !Number.isFinite(vi)) throw new LinalgError('solveAdjoint: non-finite solution (non-finite right-hand side or overflow)', 'non-finite');
    z[2 * i] = vr;
    z[2 * i + 1] = vi;
  }
  return z;
}

/**
 * Sparse LU of a square complex CSR matrix: ordering Q from `options.ordering` (AMD of A + Aᵀ by
 * default), then left-looking Gilbert–Peierls with threshold partial pivoting on A(:, Q), preferring
 * the symmetric (diagonal) pivot A(q_k, q_k). Throws LinalgError for non-square, non-finite or
 * singular input.
 */
export function sparseLu(a: CsrMatrix, options: SparseLuOptions = {}): SparseLu {
  checkArgument(a, 'csr', 'sparseLu', 'a');
  checkArgument(options, 'options', 'sparseLu', 'options');
  if (a.rows !== a.cols) throw new LinalgError(`sparseLu needs a square matrix, got ${a.rows}×${a.cols}`);
  if (!a.isFinite()) throw new LinalgError('sparseLu: matrix has non-finite entries', 'non-finite');
  const tau = options.pivotThreshold ?? 0.1;
  if (!(tau > 0 && tau <= 1)) throw new LinalgError(`pivotThreshold must lie in (0, 1], got ${tau}`);
  const tol = options.singularTolerance ?? 1e-14;
  if (!(tol >= 0 && tol < 1)) throw new LinalgError(`singularTolerance must lie in [0, 1), got ${tol}`);
  const maxNonzeros = options.maxNonzeros ?? Infinity;
  if (!(maxNonzeros >= 0)) throw new LinalgError(`maxNonzeros must be ≥ 0, got ${maxNonzeros}`);
  const q = computeOrdering(a, options.ordering);
  const factors = factorGilbertPeierls(a.transpose(), q, { pivotThreshold: tau, singularTolerance: tol, maxNonzeros, recordCandidates: options.recordCandidates });
  return new SparseLu(factors);
}
