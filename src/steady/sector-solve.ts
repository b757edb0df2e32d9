/**
 * The bordered steady-state system (bordered.ts) on the real unknowns of the diagonal sector:
 *
 *     B = [ M(θ)   s·t ]   B [x; λ] = [0; s],   M(θ) = Σ_t θ_t M_t,  t = indicator of the ρ_kk,
 *         [ s·tᵀ   0   ]
 *
 * with s = ‖M‖_∞. B is non-singular exactly when the sector holds a single stationary state; the
 * evidence is min |λ(B)| by inverse iteration (uniqueness.ts). Two factorisations, chosen by size:
 * the real dense LU (`denseLuReal`), or the sparse LU with a fill-reducing ordering computed once for the
 * fixed pattern of all terms; its pivots and L/U patterns are reused at later θ by a real numeric
 * refactorisation (RealLuRefactor) while a fresh factorisation would choose the same pivots, else
 * recomputed (same factors either way). Both get the
 * extra-precise iterative refinement of refine.ts, so small populations are accurate relative to
 * themselves. No physics beyond bordered.ts.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { PatternSum } from '../linalg/pattern-sum.ts';
import { DenseLuReal } from '../linalg/lu.ts';
import { estimateFill } from '../linalg/sparse-lu.ts';
import { factorGilbertPeierls } from '../linalg/sparse-lu-factor.ts';
import { RealLuRefactor, cscPattern, type CscPattern } from '../linalg/sparse-lu-refactor.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { unrolledCombination, unrolledResidual, type CombinationKernel } from '../linalg/unrolled.ts';
import { refineSolutionReal, type RealCsr } from '../linalg/refine.ts';
import type { RealNumbering } from '../symmetry/sector-system.ts';
import { smallestEigenvalueEstimateReal } from '../linalg/inverse-iteration.ts';

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
  /**
   * Real unknowns (any normalisation), or null when the system is (numerically) singular: more than one
   * stationary state. A view of the solver's buffer: valid until its next solve.
   */
  x: Float64Array | null;
  smallestEigenvalue: number;
  scale: number;
  solver: string;
}

/** Real solves x = A⁻¹b into `out`. */
interface RealSolver {
  solve(b: Float64Array, out: Float64Array): Float64Array;
}

/** Threshold pivoting and singularity tolerance of the sparse factorisations (sparseLu's defaults). */
const PIVOT_THRESHOLD = 0.1, SINGULAR_TOLERANCE = 1e-14;

/**
 * The terms' union pattern plus some extra positions (pins, border); real values and LU for any θ.
 * Values, the factorisation and the refinement work live in buffers allocated once. A sparse
 * factorisation (complex kernel, sparse-lu.ts) fixes pivots and patterns; later θ only refactor
 * numerically (RealLuRefactor) as long as a fresh factorisation would choose the same pivots, so every
 * θ gets bit-for-bit the factors a fresh factorisation gives — whatever was solved before (sweeps stay
 * reproducible when resumed or split across workers).
 */
class SystemPattern {
  readonly sum: PatternSum;
  /** Slots of the extra positions. */
  readonly extra: Int32Array;
  /** The pattern with the current real values (one per slot). */
  readonly real: RealCsr;
  private readonly coefficients: Float64Array;
  private ordering: Int32Array | null = null;
  private lu: RealLuRefactor | null = null;
  private csc: CscPattern | null = null;
  /** Right-hand side, residual, correction and solution of `refined`. */
  private readonly work: { rhs: Float64Array; r: Float64Array; d: Float64Array; z: Float64Array };
  /** Real solves with the current sparse factorisation. */
  readonly realSolver: RealSolver;

  constructor(size: number, terms: readonly CsrMatrix[], extraRows: number[], extraCols: number[]) {
    const extras = CsrMatrix.fromTriplets(size, size, extraRows, extraCols, extraRows.map(() => 1), extraRows.map(() => 0));
    this.coefficients = new Float64Array(terms.length + 1);
    this.sum = new PatternSum([...terms, extras], size, size);
    this.extra = Int32Array.from(extraRows, (r, k) => this.sum.slotOf(r, extraCols[k]));
    const pat = this.sum.pattern;
    this.real = { rows: size, rowPtr: pat.rowPtr, colIdx: pat.colIdx, values: new Float64Array(pat.nnz) };
    this.work = { rhs: new Float64Array(size), r: new Float64Array(size), d: new Float64Array(size), z: new Float64Array(size) };
    this.realSolver = { solve: (r, out) => this.lu!.solveReal(r, out) };
  }

  /** Fills `real.values` with Σ_t θ_t M_t (extras 0); returns ‖·‖_∞ over rows and columns < `rows` (1 if 0). */
  values(theta: ArrayLike<number>, rows: number): number {
    const c = this.coefficients;
    for (let t = 0; t < c.length - 1; t++) c[t] = theta[t];
    const v = this.sum.realValues(c, this.real.values), { rowPtr, colIdx } = this.real;
    let scale = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let p = rowPtr[r]; p < rowPtr[r + 1]; p++) if (colIdx[p] < rows) s += Math.abs(v[p]);
      if (s > scale) scale = s;
    }
    return scale > 0 ? scale : 1;
  }

  /** The current values interleaved with zero imaginary parts, as a complex CSR matrix. */
  complex(): CsrMatrix {
    const v = this.real.values, z = new Float64Array(2 * v.length);
    for (let p = 0; p < v.length; p++) z[2 * p] = v[p];
    return this.sum.matrix(z);
  }

  /**
   * Sparse LU of the current values: a numeric refactorisation when the recorded pivots still pass,
   * else a fresh factorisation (the ordering depends on the pattern only and is computed once).
   * Throws LinalgError for a singular matrix.
   */
  factor(): RealLuRefactor {
    const v = this.real.values;
    if (this.lu?.refactor(v, PIVOT_THRESHOLD, SINGULAR_TOLERANCE)) return this.lu;
    // A fresh factorisation: sparseLu's kernel on Aᵀ (CSR of Aᵀ = CSC of A), built from the pattern's
    // cached column form instead of a transposition.
    for (let p = 0; p < v.length; p++) if (!Number.isFinite(v[p])) throw new LinalgError('sparse sector system: matrix has non-finite entries', 'non-finite');
    this.ordering ??= chooseOrdering(this.complex());
    const n = this.real.rows, csc = (this.csc ??= cscPattern(this.real.rowPtr, this.real.colIdx, n));
    const z = new Float64Array(2 * v.length);
    for (let t = 0; t < v.length; t++) z[2 * t] = v[csc.src[t]];
    const factors = factorGilbertPeierls(new CsrMatrix(n, n, csc.colPtr, csc.rowIdx, z), this.ordering,
      { pivotThreshold: PIVOT_THRESHOLD, singularTolerance: SINGULAR_TOLERANCE, recordCandidates: true });
    return (this.lu = new RealLuRefactor(this.real.rowPtr, this.real.colIdx, factors, csc));
  }

  /**
   * The first `keep` entries of z solving A z = s·e_at with the current factorisation, refined with
   * extra-precise residuals (refine.ts). The result is a view of a buffer that the next call overwrites.
   */
  refined(at: number, scale: number, keep: number, lu: RealSolver = this.realSolver): Float64Array {
    const n = this.real.rows, rhs = this.work.rhs, z = this.work.z;
    rhs.fill(0);
    rhs[at] = scale;
    lu.solve(rhs, z);
    refineSolutionReal(this.real, lu, rhs, z, 3, this.work, keep);
    return keep === n ? z : z.subarray(0, keep);
  }
}

/**
 * Solves the real sector system for any coefficients θ, reusing patterns, orderings, pivots and buffers.
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
  /** Weight w_k of population k in the trace functional Σ_k w_k x_d(k) (1 each unless given). */
  private readonly weights: Float64Array;
  private readonly dense: Float64Array | null = null;
  private readonly denseLu: DenseLuReal | null = null;
  private pinned: SystemPattern | null = null;
  private bordered: SystemPattern | null = null;
  private denseData: ReturnType<RealSectorSolver['denseTerms']> | null = null;

  /**
   * `numbering`: the size, the indices of the populations and optionally their trace weights (an
   * exchange-reduced unknown standing for two populations has weight 2, exchange.ts).
   */
  constructor(terms: readonly CsrMatrix[], numbering: Pick<RealNumbering, 'size' | 'diagonal'> & { traceWeights?: Float64Array }, kind: 'auto' | SectorFactorization = 'auto') {
    const m = numbering.size;
    this.size = m;
    this.terms = terms;
    this.diagonal = numbering.diagonal;
    this.weights = numbering.traceWeights ?? new Float64Array(numbering.diagonal.length).fill(1);
    this.kind = kind === 'auto' ? (m <= DENSE_REAL_LIMIT ? 'dense' : 'sparse') : kind;
    if (this.kind === 'dense') {
      this.dense = new Float64Array((m + 1) * (m + 1));
      this.denseLu = DenseLuReal.workspace(m + 1);
    }
  }

  /** The trace-bordered pattern (size m + 1), built on first use. */
  private borderedPattern(): SystemPattern {
    if (this.bordered) return this.bordered;
    const m = this.size, d = Array.from(this.diagonal);
    return (this.bordered = new SystemPattern(m + 1, this.terms.map((t) => resized(t, m + 1)), [...d, ...d.map(() => m)], [...d.map(() => m), ...d]));
  }

  /** Writes the trace border s·w_k into the extra slots (column border first, then the row border). */
  private border(sys: SystemPattern, scale: number): void {
    const v = sys.real.values, nd = this.weights.length;
    for (let k = 0; k < sys.extra.length; k++) v[sys.extra[k]] = scale * this.weights[k % nd];
  }

  /** Solves for θ; x = null when the sector holds more than one stationary state (min |λ| ≤ tol·s). */
  solve(theta: ArrayLike<number>, tol = 1e-14): SectorSolution {
    if (this.kind === 'dense') return this.solveDense(theta, tol);
    return this.solvePinned(theta, tol) ?? this.solveBordered(theta, tol);
  }

  /**
   * The dense path's fixed data, built once: each term's entries as positions r·N + c of the row-major
   * bordered matrix (N = m + 1) with their values, the border positions, B seen as a CSR matrix with
   * every position stored (for the refinement's residual), and the generated kernels (generateDense).
   */
  private denseTerms(): { at: Int32Array[]; val: Float64Array[]; border: Int32Array; csr: RealCsr; assemble: CombinationKernel | null; solves: number; rhs: Float64Array; z: Float64Array; work: { r: Float64Array; d: Float64Array } } {
    if (this.denseData) return this.denseData;
    const m = this.size, N = m + 1;
    const at = this.terms.map((t) => { const a = new Int32Array(t.nnz); for (let r = 0; r < m; r++) for (let p = t.rowPtr[r]; p < t.rowPtr[r + 1]; p++) a[p] = r * N + t.colIdx[p]; return a; });
    const val = this.terms.map((t) => Float64Array.from({ length: t.nnz }, (_, p) => t.values[2 * p]));
    const d = Array.from(this.diagonal), border = Int32Array.from([...d.map((k) => k * N + m), ...d.map((k) => m * N + k)]);
    // B's structural entries in row-major order, for a straight-line refinement residual (unrolled.ts);
    // the dense view (every position, zeros skipped) gives the same residual where none is generated.
    const csr: RealCsr = { rows: N, rowPtr: Int32Array.from({ length: N + 1 }, (_, i) => i * N), colIdx: Int32Array.from({ length: N * N }, (_, k) => k % N), values: this.dense! };
    return (this.denseData = { at, val, border, csr, assemble: null, solves: 0, rhs: new Float64Array(N), z: new Float64Array(N), work: { r: new Float64Array(N), d: new Float64Array(N) } });
  }

  /**
   * Straight-line forms (unrolled.ts) of the dense path's assembly Σ_t θ_t M_t and of its refinement
   * residual over B's structural entries, generated at the second solve (a one-off solve never pays for the
   * code generation); where none is generated the loops give the same numbers.
   */
  private generateDense(dd: NonNullable<RealSectorSolver['denseData']>): void {
    const N = this.size + 1, { at, border } = dd;
    const structural = [...new Set([...at.flatMap((a) => Array.from(a)), ...border])].sort((p, q) => p - q);
    const residual = unrolledResidual(N, structural.map((p) => Math.floor(p / N)), structural.map((p) => p % N), structural);
    dd.csr = { ...dd.csr, residual };
    dd.assemble = unrolledCombination(N * N, at.map((a, t) => ({ slots: a, values: this.terms[t].values })), true);
  }

  private solveDense(theta: ArrayLike<number>, tol: number): SectorSolution {
    const m = this.size, N = m + 1, b = this.dense!, dd = this.denseTerms(), { at, val } = dd;
    if (++dd.solves === 2) this.generateDense(dd);
    if (dd.assemble) dd.assemble(theta, b); // writes the terms' positions; B is zero elsewhere but on the border
    else {
      for (let k = 0; k < b.length; k++) b[k] = 0; // loops, not fill: cheaper at this size
      for (let t = 0; t < at.length; t++) {
        const c = +theta[t], pos = at[t], v = val[t];
        if (c === 0) continue;
        for (let p = 0; p < pos.length; p++) b[pos[p]] += c * v[p];
      }
    }
    let scale = 0;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += Math.abs(b[r * N + c]);
      if (s > scale) scale = s;
    }
    if (!(scale > 0)) scale = 1;
    const w = this.weights, nd = w.length, border = dd.border;
    for (let k = 0; k < border.length; k++) b[border[k]] = scale * w[k % nd];
    const solver = 'dense LU (real sector)';
    const lu = attempt(() => this.denseLu!.refactor(b));
    if (!lu) return { x: null, smallestEigenvalue: 0, scale, solver };
    const smallest = smallestEigenvalueEstimateReal(lu, N, UNIQUENESS_STEPS);
    if (!(smallest > tol * scale)) return { x: null, smallestEigenvalue: smallest, scale, solver };
    const rhs = dd.rhs, z = dd.z;
    for (let k = 0; k < m; k++) rhs[k] = 0;
    rhs[m] = scale;
    lu.solve(rhs, z);
    refineSolutionReal(dd.csr, lu, rhs, z, 3, dd.work, m);
    return { x: z.subarray(0, m), smallestEigenvalue: smallest, scale, solver };
  }

  /** The pinned system, or null when it is singular (then the bordered system decides). */
  private solvePinned(theta: ArrayLike<number>, tol: number): SectorSolution | null {
    const m = this.size, d = this.diagonal;
    const sys = (this.pinned ??= new SystemPattern(m, this.terms, Array.from(d), Array.from(d)));
    const scale = sys.values(theta, m), v = sys.real.values, { rowPtr, colIdx } = sys.real;
    let r0 = -1, best = Infinity;
    for (let k = 0; k < d.length; k++) {
      const a = Math.abs(v[sys.extra[k]]);
      if (a < best) { best = a; r0 = d[k]; }
    }
    for (let p = rowPtr[r0]; p < rowPtr[r0 + 1]; p++) v[p] = colIdx[p] === r0 ? scale : 0;
    return attempt(() => {
      sys.factor();
      const smallest = smallestEigenvalueEstimateReal(sys.realSolver, m, UNIQUENESS_STEPS);
      if (!(smallest > tol * scale)) return null;
      return { x: sys.refined(r0, scale, m), smallestEigenvalue: smallest, scale, solver: 'sparse LU (real sector, one population pinned)' };
    });
  }

  private solveBordered(theta: ArrayLike<number>, tol: number): SectorSolution {
    const m = this.size, sys = this.borderedPattern();
    const scale = sys.values(theta, m), v = sys.real.values;
    this.border(sys, scale);
    const solver = 'sparse LU (real sector, trace-bordered)';
    return attempt(() => {
      sys.factor();
      const smallest = smallestEigenvalueEstimateReal(sys.realSolver, m + 1, UNIQUENESS_STEPS);
      if (!(smallest > tol * scale)) return { x: null, smallestEigenvalue: smallest, scale, solver };
      return { x: sys.refined(m, scale, m), smallestEigenvalue: smallest, scale, solver };
    }) ?? { x: null, smallestEigenvalue: 0, scale, solver };
  }
}

/**
 * Non-singularity evidence for a real square block M(θ) = Σ_t θ_t M_t without a trace border (e.g. the
 * exchange-antisymmetric part of a sector, exchange.ts): min |λ(M)| by inverse iteration on its LU (real
 * dense up to DENSE_REAL_LIMIT unknowns, else the refactorised sparse LU), compared with tol·‖M‖_∞. The
 * iteration runs on real vectors: it only has to tell a numerically singular M (‖M⁻¹v‖ ≈ 1/(ε‖M‖) after
 * one solve) from a regular one, which it does whether or not the smallest eigenvalues form a complex pair.
 */
export class RealBlockCheck {
  readonly size: number;
  private readonly sys: SystemPattern;
  private readonly dense: Float64Array | null;
  private readonly denseLu: DenseLuReal | null;

  constructor(terms: readonly CsrMatrix[], size: number) {
    this.size = size;
    this.sys = new SystemPattern(size, terms, [], []);
    this.dense = size <= DENSE_REAL_LIMIT ? new Float64Array(size * size) : null;
    this.denseLu = this.dense ? DenseLuReal.workspace(size) : null;
  }

  /** min |λ| estimate and the scale ‖M‖_∞; `singular` when min |λ| ≤ tol·scale (or the LU breaks down). */
  check(theta: ArrayLike<number>, tol: number): { smallest: number; scale: number; singular: boolean } {
    const m = this.size, sys = this.sys, scale = sys.values(theta, m);
    const smallest = attempt(() => {
      if (this.dense) {
        const b = this.dense, v = sys.real.values, { rowPtr, colIdx } = sys.real;
        b.fill(0);
        for (let r = 0; r < m; r++) for (let p = rowPtr[r]; p < rowPtr[r + 1]; p++) b[r * m + colIdx[p]] = v[p];
        return smallestEigenvalueEstimateReal(this.denseLu!.refactor(b), m, UNIQUENESS_STEPS);
      }
      sys.factor();
      return smallestEigenvalueEstimateReal(sys.realSolver, m, UNIQUENESS_STEPS);
    }) ?? 0;
    return { smallest, scale, singular: !(smallest > tol * scale) };
  }
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
