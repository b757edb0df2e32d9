/**
 * Shifted sparse systems (A + σD) x = b for many complex shifts σ, D = diag(d) with d_r ∈ {0, 1} (the rows
 * that carry the shift), e.g. resolvents (L − iω)⁻¹ of a Liouvillian at many frequencies ω. No physics.
 *
 * One fill-reducing ordering (AMD of the pattern of A + D) and one symbolic factorisation (the patterns
 * of L and U, the pivot sequence and the topological order of every column's triangular solve, recorded
 * by the left-looking kernel of sparse-lu-factor.ts) serve every σ: a new shift is a numeric
 * refactorisation only — in pivot-step numbering, column k of (A + σD)Q is scattered into x and
 *
 *     for s ∈ U(:, k) in the recorded order:   U(s, k) = x_s,   x_r −= L(r, s)·x_s  (r ∈ L(:, s)),
 *     U(k, k) = x_k,   L(r, k) = x_r / x_k  (r ∈ L(:, k)),
 *
 * in complex arithmetic (RealLuRefactor does the same for real matrices). The recorded pivot of every
 * step is kept only while it passes the kernel's own threshold test against the step's candidates
 * (|x_piv| ≥ τ·max_c |x_c| and |x_piv| > tol·column scale); otherwise the matrix is factorised afresh
 * with the same ordering (counted in `stats.factorizations`), so a refactorisation is never less stable
 * than threshold partial pivoting. Solves are refined once with the residual b − (A + σD)x, unless the first
 * relative residual is within REFINE_BELOW.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';
import { computeOrdering } from './sparse-lu.ts';
import { factorGilbertPeierls, type LuFactors } from './sparse-lu-factor.ts';
import { SparseLu, solveAdjoint } from './sparse-lu.ts';
import { cscPattern, type CscPattern } from './csc-pattern.ts';

const PIVOT_THRESHOLD = 0.1, SINGULAR_TOLERANCE = 1e-14;
/** A solve whose relative residual is at most this (a few units of rounding) is not refined. */
const REFINE_BELOW = 4 * Number.EPSILON;

export interface ShiftedStats {
  /** Fresh factorisations (the first one, and those where a recorded pivot failed the threshold test). */
  factorizations: number;
  /** Numeric refactorisations on the recorded structure. */
  refactorizations: number;
}

/** A solution of (A + σD) x = b with its relative residual ‖b − (A + σD)x‖∞ / (‖A + σD‖∞‖x‖∞ + ‖b‖∞). */
export interface ShiftedSolution {
  x: Float64Array;
  relativeResidual: number;
}

export class ShiftedLu {
  readonly n: number;
  readonly stats: ShiftedStats = { factorizations: 0, refactorizations: 0 };
  /** Pattern of A + D (CSR) and the base values of A on it (zeros where only D has an entry). */
  private readonly rowPtr: Int32Array;
  private readonly colIdx: Int32Array;
  private readonly base: Float64Array;
  /** Slot of the shifted diagonal entry (r, r) for every shifted row r, or −1. */
  private readonly shiftSlot: Int32Array;
  private readonly values: Float64Array;
  private readonly csc: CscPattern;
  private readonly cscValues: Float64Array;
  private readonly ordering: Int32Array;
  private factors: LuFactors | null = null;
  private solver: SparseLu | null = null;
  /** Pivot step of every row (for scattering) and of each column's preferred pivot, for `factors`. */
  private rowStep: Int32Array | null = null;
  private diagStep: Int32Array | null = null;
  private readonly x: Float64Array;
  private readonly r: Float64Array;
  private readonly d: Float64Array;
  private normA = 0;
  /** |a_ij| of the base values, per slot (absApply). */
  private baseAbs: Float64Array | null = null;
  /** Σ_j |a_ij| over the entries of row i other than its shifted diagonal slot. */
  private offRowSums: Float64Array | null = null;

  /**
   * @param a the square complex matrix A (CSR); @param shifted the rows r with d_r = 1 (default: all).
   */
  constructor(a: CsrMatrix, shifted?: ArrayLike<number>) {
    if (a.rows !== a.cols) throw new LinalgError(`ShiftedLu needs a square matrix, got ${a.rows}×${a.cols}`);
    if (!a.isFinite()) throw new LinalgError('ShiftedLu: matrix has non-finite entries', 'non-finite');
    const n = (this.n = a.rows);
    const mark = new Uint8Array(n);
    if (shifted) for (let k = 0; k < shifted.length; k++) mark[shifted[k]] = 1;
    else mark.fill(1);
    // Pattern of A plus the missing shifted diagonal entries (kept even where A's value is zero).
    const rowPtr = new Int32Array(n + 1), cols: number[] = [], vals: number[] = [], slot = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      let placed = mark[i] === 0;
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
        const j = a.colIdx[p];
        if (!placed && j > i) { slot[i] = cols.length; cols.push(i); vals.push(0, 0); placed = true; }
        if (j === i && mark[i]) { slot[i] = cols.length; placed = true; }
        cols.push(j); vals.push(a.values[2 * p], a.values[2 * p + 1]);
      }
      if (!placed) { slot[i] = cols.length; cols.push(i); vals.push(0, 0); }
      rowPtr[i + 1] = cols.length;
    }
    this.rowPtr = rowPtr;
    this.colIdx = Int32Array.from(cols);
    this.base = Float64Array.from(vals);
    this.shiftSlot = slot;
    this.values = new Float64Array(this.base.length);
    this.csc = cscPattern(rowPtr, this.colIdx, n);
    this.cscValues = new Float64Array(this.base.length);
    this.ordering = computeOrdering(new CsrMatrix(n, n, rowPtr, this.colIdx, this.base), 'amd');
    this.x = new Float64Array(2 * n);
    this.r = new Float64Array(2 * n);
    this.d = new Float64Array(2 * n);
  }

  /**
   * Factorises A + σD (σ = sr + i·si): numeric refactorisation on the recorded structure when its pivots
   * pass the threshold test, else a fresh factorisation with the same ordering. Throws LinalgError
   * ('singular') for a singular matrix.
   */
  factor(sr: number, si: number): void {
    const v = this.values, n = this.n;
    v.set(this.base);
    for (let i = 0; i < n; i++) {
      const s = this.shiftSlot[i];
      if (s >= 0) { v[2 * s] += sr; v[2 * s + 1] += si; }
    }
    // ‖A + σD‖∞: the off-diagonal row sums are fixed, only the shifted diagonal entries change.
    const off = (this.offRowSums ??= this.offDiagonalRowSums());
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const s = this.shiftSlot[i];
      const row = s >= 0 ? off[i] + Math.sqrt(v[2 * s] * v[2 * s] + v[2 * s + 1] * v[2 * s + 1]) : off[i];
      if (row > norm) norm = row;
    }
    if (!Number.isFinite(norm)) throw new LinalgError('ShiftedLu: non-finite shift', 'non-finite');
    this.normA = norm;
    if (this.factors && this.refactor()) { this.stats.refactorizations++; return; }
    const { colPtr, rowIdx, src } = this.csc, z = this.cscValues;
    for (let t = 0; t < src.length; t++) { z[2 * t] = v[2 * src[t]]; z[2 * t + 1] = v[2 * src[t] + 1]; }
    this.factors = null;
    this.solver = null;
    const f = factorGilbertPeierls(new CsrMatrix(n, n, colPtr, rowIdx, z), this.ordering,
      { pivotThreshold: PIVOT_THRESHOLD, singularTolerance: SINGULAR_TOLERANCE, recordCandidates: true });
    this.stats.factorizations++;
    const pinv = new Int32Array(n);
    for (let k = 0; k < n; k++) pinv[f.prow[k]] = k;
    this.rowStep = Int32Array.from(rowIdx, (i) => pinv[i]);
    this.diagStep = Int32Array.from(f.q, (j) => pinv[j]);
    this.factors = f;
    this.solver = new SparseLu(f);
  }

  private offDiagonalRowSums(): Float64Array {
    const out = new Float64Array(this.n), b = this.base;
    for (let i = 0; i < this.n; i++) {
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) if (p !== this.shiftSlot[i]) out[i] += Math.sqrt(b[2 * p] * b[2 * p] + b[2 * p + 1] * b[2 * p + 1]);
    }
    return out;
  }

  /** Complex version of RealLuRefactor.refactor (module comment); false when a recorded pivot fails. */
  private refactor(): boolean {
    const f = this.factors!, { n, q, Lp, Li, Lx, Up, Ui, Ux, Ud } = f, { ptr: Cp, idx: Ci } = f.candidates!;
    const { colPtr, src } = this.csc, rowStep = this.rowStep!, diagStep = this.diagStep!, v = this.values, x = this.x;
    const tau2 = PIVOT_THRESHOLD * PIVOT_THRESHOLD, tol2 = SINGULAR_TOLERANCE * SINGULAR_TOLERANCE;
    x.fill(0);
    for (let k = 0; k < n; k++) {
      const j = q[k];
      let scale2 = 0;
      for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
        const s = 2 * rowStep[t], vr = v[2 * src[t]], vi = v[2 * src[t] + 1], m2 = vr * vr + vi * vi;
        x[s] = vr; x[s + 1] = vi;
        if (m2 > scale2) scale2 = m2;
      }
      for (let p = Up[k]; p < Up[k + 1]; p++) {
        const s = 2 * Ui[p], ur = x[s], ui = x[s + 1];
        if (ur === 0 && ui === 0) continue;
        for (let pp = Lp[Ui[p]]; pp < Lp[Ui[p] + 1]; pp++) {
          const r = 2 * Li[pp], lr = Lx[2 * pp], li = Lx[2 * pp + 1];
          x[r] -= lr * ur - li * ui;
          x[r + 1] -= lr * ui + li * ur;
        }
      }
      for (let p = Up[k]; p < Up[k + 1]; p++) {
        const s = 2 * Ui[p], ur = x[s], ui = x[s + 1], m2 = ur * ur + ui * ui;
        if (m2 > scale2) scale2 = m2;
        Ux[2 * p] = ur; Ux[2 * p + 1] = ui;
        x[s] = 0; x[s + 1] = 0;
      }
      let best2 = -1, first = -1;
      for (let t = Cp[k]; t < Cp[k + 1]; t++) {
        const c = 2 * Ci[t], m2 = x[c] * x[c] + x[c + 1] * x[c + 1];
        if (m2 > best2) { best2 = m2; first = Ci[t]; }
      }
      if (best2 > scale2) scale2 = best2;
      const pr = x[2 * k], pi = x[2 * k + 1], pivot2 = pr * pr + pi * pi, d = diagStep[k];
      const diag2 = d === k ? pivot2 : d > k ? x[2 * d] * x[2 * d] + x[2 * d + 1] * x[2 * d + 1] : -1;
      const keepDiagonal = diag2 >= 0 && diag2 >= tau2 * best2 && diag2 > tol2 * scale2;
      const same = keepDiagonal ? d === k : first === k;
      if (!same || !(best2 > tol2 * scale2) || !Number.isFinite(best2)) return false;
      Ud[2 * k] = pr; Ud[2 * k + 1] = pi;
      x[2 * k] = 0; x[2 * k + 1] = 0;
      const ir = pr / pivot2, ii = -pi / pivot2;
      for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) {
        const r = 2 * Li[pp], xr = x[r], xi = x[r + 1];
        Lx[2 * pp] = xr * ir - xi * ii;
        Lx[2 * pp + 1] = xr * ii + xi * ir;
        x[r] = 0; x[r + 1] = 0;
      }
    }
    return true;
  }

  /**
   * Solves (A + σD) x = b with the current factorisation and one step of iterative refinement (skipped when
   * the first relative residual is within REFINE_BELOW); returns x
   * and its relative residual. b and x are interleaved complex vectors of length 2n.
   */
  solve(b: Float64Array, x: Float64Array = new Float64Array(2 * this.n)): ShiftedSolution {
    const solver = this.solver;
    if (!solver) throw new LinalgError('ShiftedLu.solve: call factor(σ) first');
    solver.solve(b, x);
    let rn = this.residual(b, x, this.r), scale = this.scaleOf(b, x);
    // one refinement step, unless the first solve is backward stable to rounding already (it then changes
    // x only in its last bits, and costs a solve and a residual per frequency)
    if (!(rn <= REFINE_BELOW * scale)) {
      solver.solve(this.r, this.d);
      for (let k = 0; k < x.length; k++) x[k] += this.d[k];
      rn = this.residual(b, x, this.r);
      scale = this.scaleOf(b, x);
    }
    return { x, relativeResidual: scale > 0 ? rn / scale : 0 };
  }

  /** ‖A + σD‖∞‖x‖∞ + ‖b‖∞. */
  private scaleOf(b: Float64Array, x: Float64Array): number {
    let xn = 0, bn = 0;
    for (let k = 0; k < this.n; k++) {
      const x2 = x[2 * k] * x[2 * k] + x[2 * k + 1] * x[2 * k + 1], b2 = b[2 * k] * b[2 * k] + b[2 * k + 1] * b[2 * k + 1];
      if (x2 > xn) xn = x2;
      if (b2 > bn) bn = b2;
    }
    return this.normA * Math.sqrt(xn) + Math.sqrt(bn);
  }

  /**
   * The residual b − (A + σD)x of the last `solve` (after its refinement), interleaved complex; overwritten
   * by the next solve.
   */
  get lastResidual(): Float64Array {
    return this.r;
  }

  /** Solves (A + σD)ᴴ z = b with the current factorisation (no refinement: for error estimates). */
  solveAdjoint(b: Float64Array, z: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    if (!this.factors) throw new LinalgError('ShiftedLu.solveAdjoint: call factor(σ) first');
    return solveAdjoint(this.factors, b, z);
  }

  /**
   * out_i ← Σ_j |a_ij + σd_ij|·xAbs_j for the current shift: with xAbs_j = |x_j| the componentwise size of
   * (A + σD)x (error bounds). xAbs and out real, length n.
   */
  absApply(xAbs: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { rowPtr, colIdx, values: v } = this;
    // |a_ij| of the unshifted entries once (the shifted diagonal's modulus is taken per call)
    const mag = (this.baseAbs ??= Float64Array.from({ length: this.base.length / 2 }, (_, p) => Math.sqrt(this.base[2 * p] ** 2 + this.base[2 * p + 1] ** 2)));
    for (let i = 0; i < this.n; i++) {
      let sum = 0;
      const s = this.shiftSlot[i];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const m = p === s ? Math.sqrt(v[2 * p] * v[2 * p] + v[2 * p + 1] * v[2 * p + 1]) : mag[p];
        sum += m * xAbs[colIdx[p]];
      }
      out[i] = sum;
    }
    return out;
  }

  /** out ← b − (A + σD)x; returns ‖out‖∞. */
  private residual(b: Float64Array, x: Float64Array, out: Float64Array): number {
    const { rowPtr, colIdx, values: v } = this;
    let norm = 0;
    for (let i = 0; i < this.n; i++) {
      let sr = b[2 * i], si = b[2 * i + 1];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const j = 2 * colIdx[p], ar = v[2 * p], ai = v[2 * p + 1];
        sr -= ar * x[j] - ai * x[j + 1];
        si -= ar * x[j + 1] + ai * x[j];
      }
      out[2 * i] = sr; out[2 * i + 1] = si;
      const m2 = sr * sr + si * si;
      if (m2 > norm) norm = m2;
    }
    return Math.sqrt(norm);
  }
}
