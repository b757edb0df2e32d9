/**
 * Numeric-only refactorisation of real sparse matrices that share one pattern (parameter sweeps).
 * No physics lives here.
 *
 * A left-looking LU P·A·Q = L·U (sparse-lu-factor.ts) decides three things: the column order Q, the
 * pivot rows P, and — from those and the pattern of A alone — the patterns of L and U (the reach of
 * every column, Gilbert–Peierls). With P, Q and the patterns recorded from one factorisation, a matrix
 * A' of the same pattern is refactored by arithmetic only. In pivot-step numbering (row i ↦ step
 * pinv[i]), column k of A'Q is scattered into a dense work vector x and
 *
 *     for s ∈ pattern U(:, k), ascending:   U(s, k) = x_s,   x_r −= L(r, s)·x_s  (r ∈ pattern L(:, s)),
 *     U(k, k) = x_k,   L(r, k) = x_r / x_k  (r ∈ pattern L(:, k)).
 *
 * Ascending s is a topological order of the sparse triangular solve because L(:, s) only has rows
 * r > s. The reused pivot must pass the same test a threshold-pivoted factorisation applies,
 *
 *     |x_k| ≥ τ·max_{r ∈ L(:, k)} |x_r|   and   |x_k| > tol·(largest magnitude in column k of A', U, L),
 *
 * so every accepted refactorisation is as stable as a fresh one with threshold τ; otherwise `refactor`
 * returns false and the caller factorises afresh (new pivots, new patterns). All work arrays are
 * allocated once; a refactorisation allocates nothing.
 */
import { LinalgError } from './errors.ts';
import type { LinearSolver } from './solver.ts';
import type { LuFactors } from './sparse-lu-factor.ts';

export class RealLuRefactor implements LinearSolver {
  readonly n: number;
  /** A' in compressed columns: column j has pivot steps rowStep[colPtr[j] .. colPtr[j+1]) and CSR positions src[…]. */
  private readonly colPtr: Int32Array;
  private readonly rowStep: Int32Array;
  private readonly src: Int32Array;
  private readonly q: Int32Array;
  private readonly prow: Int32Array;
  private readonly Lp: Int32Array;
  private readonly Li: Int32Array;
  private readonly Up: Int32Array;
  private readonly Ui: Int32Array;
  private readonly Lx: Float64Array;
  private readonly Ux: Float64Array;
  private readonly Ud: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  /** min_k |U(k, k)| and max_k |U(k, k)| of the last accepted refactorisation. */
  minPivot = 0;
  maxPivot = 0;

  /**
   * Records the structure of `factors` (a factorisation of a matrix with CSR pattern rowPtr/colIdx,
   * n×n) for refactorising matrices of that pattern.
   */
  constructor(rowPtr: Int32Array, colIdx: Int32Array, factors: LuFactors) {
    const n = factors.n, nnz = rowPtr[n];
    this.n = n;
    this.q = factors.q;
    this.prow = factors.prow;
    const pinv = new Int32Array(n);
    for (let k = 0; k < n; k++) pinv[factors.prow[k]] = k;
    this.colPtr = new Int32Array(n + 1);
    for (let p = 0; p < nnz; p++) this.colPtr[colIdx[p] + 1]++;
    for (let j = 0; j < n; j++) this.colPtr[j + 1] += this.colPtr[j];
    this.rowStep = new Int32Array(nnz);
    this.src = new Int32Array(nnz);
    const next = this.colPtr.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const t = next[colIdx[p]]++;
        this.rowStep[t] = pinv[i];
        this.src[t] = p;
      }
    }
    this.Lp = factors.Lp;
    this.Li = factors.Li;
    this.Up = factors.Up;
    this.Ui = factors.Ui.slice();
    for (let k = 0; k < n; k++) this.Ui.subarray(this.Up[k], this.Up[k + 1]).sort();
    this.Lx = new Float64Array(this.Li.length);
    this.Ux = new Float64Array(this.Ui.length);
    this.Ud = new Float64Array(n);
    this.x = new Float64Array(n);
    this.y = new Float64Array(2 * n);
  }

  /** Off-diagonal nonzeros of L plus U, diagonal counted once. */
  get nnzLU(): number {
    return this.Li.length + this.Ui.length + this.n;
  }

  /**
   * Refactors with real values (values[p] the entry at CSR position p of the recorded pattern). Returns
   * false, leaving the factors unusable until the next successful call, when a reused pivot fails the
   * threshold test with τ = `pivotThreshold` or the singularity test with `singularTolerance`.
   */
  refactor(values: Float64Array, pivotThreshold: number, singularTolerance: number): boolean {
    const { n, colPtr, rowStep, src, q, Lp, Li, Up, Ui, Lx, Ux, Ud, x } = this;
    let minPivot = Infinity, maxPivot = 0;
    for (let k = 0; k < n; k++) {
      const j = q[k];
      let scale = 0;
      for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
        const v = values[src[t]];
        x[rowStep[t]] = v;
        const a = Math.abs(v);
        if (a > scale) scale = a;
      }
      for (let p = Up[k]; p < Up[k + 1]; p++) {
        const s = Ui[p], u = x[s];
        x[s] = 0;
        Ux[p] = u;
        if (u === 0) continue;
        const a = Math.abs(u);
        if (a > scale) scale = a;
        for (let pp = Lp[s]; pp < Lp[s + 1]; pp++) x[Li[pp]] -= Lx[pp] * u;
      }
      const piv = x[k];
      x[k] = 0;
      let largest = 0;
      for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) {
        const a = Math.abs(x[Li[pp]]);
        if (a > largest) largest = a;
      }
      const pm = Math.abs(piv);
      if (largest > scale) scale = largest;
      if (pm > scale) scale = pm;
      if (!(pm >= pivotThreshold * largest && pm > singularTolerance * scale && Number.isFinite(pm))) {
        for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) x[Li[pp]] = 0;
        return false;
      }
      Ud[k] = piv;
      if (pm < minPivot) minPivot = pm;
      if (pm > maxPivot) maxPivot = pm;
      for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) {
        const r = Li[pp];
        Lx[pp] = x[r] / piv;
        x[r] = 0;
      }
    }
    this.minPivot = n === 0 ? 0 : minPivot;
    this.maxPivot = maxPivot;
    return true;
  }

  /**
   * Solves A'·x = b for complex interleaved b (length 2n; the real factors act on real and imaginary
   * parts alike): x = Q·U⁻¹·L⁻¹·P·b. x may alias b.
   */
  solve(b: Float64Array, out: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q, y } = this;
    if (b.length !== 2 * n || out.length !== 2 * n) throw new LinalgError(`solve: vector length ${b.length / 2} (out ${out.length / 2}) ≠ ${n}`);
    for (let k = 0; k < n; k++) {
      const i = 2 * prow[k];
      y[2 * k] = b[i];
      y[2 * k + 1] = b[i + 1];
    }
    for (let k = 0; k < n; k++) {
      const yr = y[2 * k], yi = y[2 * k + 1];
      if (yr === 0 && yi === 0) continue;
      for (let p = Lp[k]; p < Lp[k + 1]; p++) {
        const r = 2 * Li[p], l = Lx[p];
        y[r] -= l * yr;
        y[r + 1] -= l * yi;
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      const d = Ud[k], yr = y[2 * k] / d, yi = y[2 * k + 1] / d;
      y[2 * k] = yr;
      y[2 * k + 1] = yi;
      if (yr === 0 && yi === 0) continue;
      for (let p = Up[k]; p < Up[k + 1]; p++) {
        const r = 2 * Ui[p], u = Ux[p];
        y[r] -= u * yr;
        y[r + 1] -= u * yi;
      }
    }
    for (let k = 0; k < n; k++) {
      const j = 2 * q[k], vr = y[2 * k], vi = y[2 * k + 1];
      if (!Number.isFinite(vr) || !Number.isFinite(vi)) throw new LinalgError('solve: non-finite solution (non-finite right-hand side or overflow)');
      out[j] = vr;
      out[j + 1] = vi;
    }
    return out;
  }

  /** Solves A'·x = b for real b (length n); x may alias b. */
  solveReal(b: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q, y } = this;
    if (b.length !== n || out.length !== n) throw new LinalgError(`solve: vector length ${b.length} (out ${out.length}) ≠ ${n}`);
    for (let k = 0; k < n; k++) y[k] = b[prow[k]];
    for (let k = 0; k < n; k++) {
      const v = y[k];
      if (v === 0) continue;
      for (let p = Lp[k]; p < Lp[k + 1]; p++) y[Li[p]] -= Lx[p] * v;
    }
    for (let k = n - 1; k >= 0; k--) {
      const v = y[k] / Ud[k];
      y[k] = v;
      if (v === 0) continue;
      for (let p = Up[k]; p < Up[k + 1]; p++) y[Ui[p]] -= Ux[p] * v;
    }
    for (let k = 0; k < n; k++) {
      const v = y[k];
      if (!Number.isFinite(v)) throw new LinalgError('solve: non-finite solution (non-finite right-hand side or overflow)');
      out[q[k]] = v;
    }
    return out;
  }
}
