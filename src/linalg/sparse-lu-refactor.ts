/**
 * Numeric-only refactorisation of real sparse matrices that share one pattern (parameter sweeps).
 * No physics lives here.
 *
 * A left-looking LU P·A·Q = L·U (sparse-lu-factor.ts) decides three things: the column order Q, the
 * pivot rows P, and — from those and the pattern of A alone — the patterns of L and U (the reach of
 * every column, Gilbert–Peierls) together with the topological order in which each column's triangular
 * solve visits U(:, k). With all of that recorded from one factorisation, a matrix A' of the same
 * pattern is refactored by arithmetic only. In pivot-step numbering (row i ↦ step pinv[i]), column k
 * of A'Q is scattered into a dense work vector x and
 *
 *     for s ∈ U(:, k) in the recorded order:   U(s, k) = x_s,   x_r −= L(r, s)·x_s  (r ∈ L(:, s)),
 *     U(k, k) = x_k,   L(r, k) = x_r·(x_k / x_k²)  (r ∈ L(:, k)).
 *
 * Every operation is the one the complex kernel performs on a real matrix (its imaginary parts are
 * exact zeros), in the same order, so the factors are bit-for-bit those of a fresh factorisation —
 * provided the fresh one would pick the same pivots. `refactor` checks exactly that at every step, with
 * the kernel's own rule on the candidates c ∈ {k} ∪ L(:, k) (squared moduli m_c = x_c²):
 *
 *     the preferred (diagonal) row d = pinv[q_k] is kept iff it is a candidate, m_d ≥ τ²·max_c m_c and
 *     m_d > tol²·s², s the largest magnitude in column k of A', U and the candidates; otherwise the
 *     first row of largest m_c in the kernel's search order (recorded with the factors) is taken;
 *
 * and returns false (the caller then factorises afresh) when that rule picks another row or the column
 * is numerically singular (max_c m_c ≤ tol²·s²). Solves likewise repeat the complex kernel's arithmetic
 * with zero imaginary parts of the factors. Consecutive members of a supernode of L met in turn are applied
 * at once (supernodes.ts, sparse-kernels.ts `runUpdate`: same operations, same order, same bits). All work
 * arrays are allocated once; a refactorisation allocates nothing.
 */
import { LinalgError } from './errors.ts';
import type { LinearSolver } from './solver.ts';
import { DenseTail } from './sparse-lu-tail.ts';
import type { LuFactors } from './sparse-lu-factor.ts';
import { runUpdate, scatterAxpy } from './sparse-kernels.ts';
import { supernodeRuns } from './supernodes.ts';
import { invertPermutation } from './ordering.ts';
import { cscPattern, type CscPattern } from './csc-pattern.ts';

export class RealLuRefactor implements LinearSolver {
  readonly n: number;
  /** A' in compressed columns: column j has pivot steps rowStep[colPtr[j] .. colPtr[j+1]) and CSR positions src[…]. */
  private readonly colPtr: Int32Array;
  private readonly rowStep: Int32Array;
  private readonly src: Int32Array;
  private readonly q: Int32Array;
  private readonly prow: Int32Array;
  /** Step of the preferred (diagonal) pivot row of column k: pinv[q[k]]. */
  private readonly diagStep: Int32Array;
  /** Pivot candidates of every step in the kernel's search order (LuFactors.candidates). */
  private readonly candidates: { readonly ptr: Int32Array; readonly idx: Int32Array };
  private readonly Lp: Int32Array;
  private readonly Li: Int32Array;
  private readonly Up: Int32Array;
  private readonly Ui: Int32Array;
  /** Supernodes of L (supernodes.ts): steps supernodes[t] … supernodes[t+1] − 1; L's rows in their canonical order. */
  private readonly supernodes: Int32Array;
  /** Run lengths of consecutive supernode members in U's column patterns (supernodes.ts `supernodeRuns`). */
  private readonly Urun: Int32Array;
  private readonly Lx: Float64Array;
  private readonly Ux: Float64Array;
  private readonly Ud: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  /** The dense Schur-complement block of steps k0 … n−1 (LuFactors.denseFrom), null for a fully sparse LU. */
  private readonly tail: DenseTail | null;
  /** The dense tail holds the factors of the current values (completeTail or an accepted refactor). */
  private tailReady = false;
  /** k0: the sparse steps are 0 … k0−1 (n without a dense tail). */
  readonly denseFrom: number;
  /** min_k |U(k, k)| and max_k |U(k, k)| of the last accepted refactorisation. */
  minPivot = 0;
  maxPivot = 0;

  /**
   * Records the structure of `factors` (a factorisation of a real matrix with CSR pattern rowPtr/colIdx,
   * n×n, by factorGilbertPeierls) for refactorising matrices of that pattern; the factors' values are
   * taken over, so the object solves with them right away. `csc`: that pattern's cscPattern, if at hand.
   * From a `LuStructure` (another object's `structure()`) instead: that structure, shared, with value
   * buffers of its own — unusable until a `refactor` succeeds (rowPtr, colIdx and csc are then unused).
   */
  constructor(rowPtr: Int32Array, colIdx: Int32Array, factors: LuFactors | LuStructure, csc?: CscPattern) {
    const from = isStructure(factors) ? factors : structureOf(factors, csc ?? cscPattern(rowPtr, colIdx, factors.n));
    const n = from.n;
    this.n = n;
    this.q = from.q;
    this.prow = from.prow;
    this.colPtr = from.colPtr;
    this.src = from.src;
    this.rowStep = from.rowStep;
    this.Lp = from.Lp;
    this.Li = from.Li;
    this.Up = from.Up;
    this.Ui = from.Ui;
    this.supernodes = from.supernodes;
    this.Urun = from.Urun;
    this.candidates = from.candidates;
    this.diagStep = from.diagStep;
    if (isStructure(factors)) {
      this.Lx = new Float64Array(this.Li.length);
      this.Ux = new Float64Array(this.Ui.length);
      this.Ud = new Float64Array(n);
    } else if (factors.real) {
      // The factors' own values: taken over from a real-mode factorisation, else their real parts (the
      // imaginary parts are zero for a real matrix).
      this.Lx = factors.Lx;
      this.Ux = factors.Ux;
      this.Ud = factors.Ud;
      this.minPivot = factors.minPivot;
      this.maxPivot = factors.maxPivot;
    } else {
      this.Lx = realParts(factors.Lx, this.Li.length);
      this.Ux = realParts(factors.Ux, this.Ui.length);
      this.Ud = realParts(factors.Ud, n);
      this.minPivot = factors.minPivot;
      this.maxPivot = factors.maxPivot;
    }
    this.x = new Float64Array(n);
    this.y = new Float64Array(2 * n);
    this.denseFrom = from.denseFrom;
    this.tail = this.denseFrom < n ? new DenseTail(this.denseFrom, n) : null;
  }

  /**
   * The recorded structure (pivot order, L and U patterns, pivot candidates), immutable: a RealLuRefactor
   * made from it refactors a matrix of the same pattern with the same arithmetic as this one.
   */
  structure(): LuStructure {
    const { n, q, prow, colPtr, src, rowStep, Lp, Li, Up, Ui, supernodes, Urun, candidates, diagStep, denseFrom } = this;
    return { n, q, prow, colPtr, src, rowStep, Lp, Li, Up, Ui, supernodes, Urun, candidates, diagStep, denseFrom };
  }

  /**
   * With a dense tail: completes a fresh factorisation (whose sparse steps the factors hold) from the
   * matrix's values — the Schur complement and its dense LU, exactly as `refactor` computes them.
   * Throws LinalgError ('singular') when the dense block is numerically singular. No-op without a tail.
   */
  completeTail(values: Float64Array, singularTolerance: number): void {
    if (!this.tail) return;
    const failure = this.factorTail(values, singularTolerance);
    if (failure) throw new LinalgError(`sparseLu: matrix is numerically singular (${failure})`, 'singular');
  }

  /**
   * Column k of the recorded elimination: scatters column q[k] of `values` into the work vector x, applies
   * the recorded L columns (U's pattern in recorded order), stores U(·, k) in Ux and clears those rows of x.
   * Leaves L's candidates of column k in x; returns the largest squared modulus met (the column's scale²).
   */
  private eliminateColumn(k: number, values: Float64Array): number {
    const { colPtr, rowStep, src, q, Lp, Li, Up, Ui, Urun, Lx, Ux, x } = this;
    const j = q[k];
    let scale2 = 0;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const v = values[src[t]], m2 = v * v;
      x[rowStep[t]] = v;
      if (m2 > scale2) scale2 = m2;
    }
    for (let p = Up[k], e = Up[k + 1]; p < e;) {
      const s = Ui[p], len = Urun[p];
      if (len > 1) {
        runUpdate(x, Lp, Li, Lx, s, len, s);
      } else {
        const u = x[s];
        if (u !== 0) scatterAxpy(x, Li, Lx, Lp[s], Lp[s + 1], u);
      }
      p += len;
    }
    for (let p = Up[k]; p < Up[k + 1]; p++) {
      const s = Ui[p], u = x[s], m2 = u * u;
      if (m2 > scale2) scale2 = m2;
      Ux[p] = u;
      x[s] = 0;
    }
    return scale2;
  }

  /**
   * Columns k0 … n−1: U(0 … k0−1, k) by the partial solve with L (recorded order), the remaining rows
   * into the dense block, then its LU (DenseTail). Returns null, or why the block is singular.
   */
  private factorTail(values: Float64Array, singularTolerance: number): string | null {
    const tail = this.tail!, { n, x, denseFrom: k0 } = this;
    for (let k = k0; k < n; k++) {
      const scale2 = this.eliminateColumn(k, values);
      tail.takeColumn(k - k0, x, scale2);
    }
    this.tailReady = false;
    const failure = tail.factor(singularTolerance);
    if (failure) return failure;
    this.tailReady = true;
    this.minPivot = Math.min(k0 === 0 ? Infinity : this.minPivot, tail.minPivot);
    this.maxPivot = Math.max(this.maxPivot, tail.maxPivot);
    return null;
  }

  /** Off-diagonal nonzeros of L plus U, diagonal counted once. */
  get nnzLU(): number {
    const m = this.n - this.denseFrom;
    return this.Li.length + this.Ui.length + this.denseFrom + m * m;
  }

  /**
   * Refactors with real values (values[p] the entry at CSR position p of the recorded pattern) if a fresh
   * factorisation with threshold τ = `pivotThreshold` and `singularTolerance` would choose the recorded
   * pivots (see the module comment); otherwise returns false and leaves the factors unusable until the
   * next successful call.
   */
  refactor(values: Float64Array, pivotThreshold: number, singularTolerance: number): boolean {
    const { Lp, Li, Lx, Ud, x, diagStep } = this, { ptr: Cp, idx: Ci } = this.candidates;
    const tau2 = pivotThreshold * pivotThreshold, tol2 = singularTolerance * singularTolerance;
    let minPivot = Infinity, maxPivot = 0;
    this.tailReady = false;
    for (let k = 0, k0 = this.denseFrom; k < k0; k++) {
      let scale2 = this.eliminateColumn(k, values);
      // The kernel's pivot rule on the candidates {k} ∪ L(:, k), met in its search order: first row of
      // largest modulus, replaced by the preferred row d when that passes the threshold test.
      let best2 = -1, first = -1;
      for (let t = Cp[k]; t < Cp[k + 1]; t++) {
        const v = x[Ci[t]], m2 = v * v;
        if (m2 > best2) { best2 = m2; first = Ci[t]; }
      }
      if (best2 > scale2) scale2 = best2;
      const piv = x[k], pivot2 = piv * piv, d = diagStep[k];
      const diag2 = d === k ? pivot2 : d > k ? x[d] * x[d] : -1; // x_d = 0 when d is no candidate
      const keepDiagonal = diag2 >= 0 && diag2 >= tau2 * best2 && diag2 > tol2 * scale2;
      const same = keepDiagonal ? d === k : first === k;
      if (!same || !(best2 > tol2 * scale2) || !Number.isFinite(best2)) {
        x[k] = 0;
        for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) x[Li[pp]] = 0;
        return false;
      }
      const pm = Math.sqrt(pivot2), ir = piv / pivot2;
      Ud[k] = piv;
      if (pm < minPivot) minPivot = pm;
      if (pm > maxPivot) maxPivot = pm;
      x[k] = 0;
      for (let pp = Lp[k]; pp < Lp[k + 1]; pp++) {
        const r = Li[pp];
        Lx[pp] = x[r] * ir;
        x[r] = 0;
      }
    }
    this.minPivot = this.denseFrom === 0 ? 0 : minPivot;
    this.maxPivot = maxPivot;
    return this.tail === null || this.factorTail(values, singularTolerance) === null;
  }

  /**
   * Solves A'·x = b for complex interleaved b (length 2n; the real factors act on real and imaginary
   * parts alike): x = Q·U⁻¹·L⁻¹·P·b. x may alias b.
   */
  solve(b: Float64Array, out: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q, y } = this;
    if (b.length !== 2 * n || out.length !== 2 * n) throw new LinalgError(`solve: vector length ${b.length / 2} (out ${out.length / 2}) ≠ ${n}`);
    if (this.tail) return this.solveSplit(b, out);
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
      const d = Ud[k], d2 = d * d, yr = (y[2 * k] * d) / d2, yi = (y[2 * k + 1] * d) / d2; // as (t·conj d)/|d|²
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
      if (!Number.isFinite(vr) || !Number.isFinite(vi)) throw new LinalgError('solve: non-finite solution (non-finite right-hand side or overflow)', 'non-finite');
      out[j] = vr;
      out[j + 1] = vi;
    }
    return out;
  }

  /** The complex solve with a dense tail: real and imaginary parts by solveReal (the same operations on each). */
  private solveSplit(b: Float64Array, out: Float64Array): Float64Array {
    const n = this.n, re = new Float64Array(n), im = new Float64Array(n);
    for (let k = 0; k < n; k++) { re[k] = b[2 * k]; im[k] = b[2 * k + 1]; }
    this.solveReal(re, re);
    this.solveReal(im, im);
    for (let k = 0; k < n; k++) { out[2 * k] = re[k]; out[2 * k + 1] = im[k]; }
    return out;
  }

  /**
   * Solves A'·x = b for real b (length n); x may alias b. With a dense tail (steps k0 … n−1):
   * forward with L(:, 0 … k0−1), the dense block's solve, then back substitution with U12 and U11.
   */
  solveReal(b: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q, y, denseFrom: k0, supernodes: sn } = this;
    if (b.length !== n || out.length !== n) throw new LinalgError(`solve: vector length ${b.length} (out ${out.length}) ≠ ${n}`);
    for (let k = 0; k < n; k++) y[k] = b[prow[k]];
    for (let t = 0; t + 1 < sn.length; t++) {
      const k = sn[t], len = sn[t + 1] - k;
      if (len > 1) { runUpdate(y, Lp, Li, Lx, k, len, k); continue; }
      const v = y[k];
      if (v !== 0) scatterAxpy(y, Li, Lx, Lp[k], Lp[k + 1], v);
    }
    if (this.tail) {
      if (!this.tailReady) throw new LinalgError('internal error: RealLuRefactor with a dense tail solved before completeTail');
      this.tail.solve(y);
    }
    for (let k = n - 1; k >= k0; k--) {
      const v = y[k];
      if (v === 0) continue;
      scatterAxpy(y, Ui, Ux, Up[k], Up[k + 1], v);
    }
    for (let k = k0 - 1; k >= 0; k--) {
      const d = Ud[k], v = (y[k] * d) / (d * d);
      y[k] = v;
      if (v === 0) continue;
      scatterAxpy(y, Ui, Ux, Up[k], Up[k + 1], v);
    }
    for (let k = 0; k < n; k++) {
      const v = y[k];
      if (!Number.isFinite(v)) throw new LinalgError('solve: non-finite solution (non-finite right-hand side or overflow)', 'non-finite');
      out[q[k]] = v;
    }
    return out;
  }
}

/** A factorisation's recorded structure (RealLuRefactor.structure): index arrays only, never modified. */
export interface LuStructure {
  readonly n: number;
  readonly q: Int32Array;
  readonly prow: Int32Array;
  readonly colPtr: Int32Array;
  readonly src: Int32Array;
  readonly rowStep: Int32Array;
  readonly Lp: Int32Array;
  readonly Li: Int32Array;
  readonly Up: Int32Array;
  readonly Ui: Int32Array;
  /** Supernodes of L and U's runs of their members (supernodes.ts); L's rows (Li) in canonical order. */
  readonly supernodes: Int32Array;
  readonly Urun: Int32Array;
  readonly candidates: { readonly ptr: Int32Array; readonly idx: Int32Array };
  readonly diagStep: Int32Array;
  readonly denseFrom: number;
}

/** Bytes of a structure's own index arrays (colPtr and src belong to the pattern's CscPattern too). */
export function structureBytes(s: LuStructure): number {
  return 4 * (s.q.length + s.prow.length + s.rowStep.length + s.Lp.length + s.Li.length + s.Up.length + s.Ui.length + s.supernodes.length + s.Urun.length
    + s.candidates.ptr.length + s.candidates.idx.length + s.diagStep.length);
}

function isStructure(f: LuFactors | LuStructure): f is LuStructure {
  return 'rowStep' in f;
}

/** The structure recorded from a factorisation (candidates required; L's rows in the canonical order of its supernodes). */
function structureOf(factors: LuFactors, csc: CscPattern): LuStructure {
  if (!factors.candidates) throw new LinalgError('RealLuRefactor needs factors with recorded pivot candidates (recordCandidates)');
  const n = factors.n, pinv = invertPermutation(factors.prow), denseFrom = factors.denseFrom ?? n, supernodes = factors.supernodes;
  return {
    n, q: factors.q, prow: factors.prow, colPtr: csc.colPtr, src: csc.src, rowStep: gather(pinv, csc.rowIdx),
    Lp: factors.Lp, Li: factors.Li, Up: factors.Up, Ui: factors.Ui, supernodes, Urun: supernodeRuns(factors.Up, factors.Ui, supernodes, denseFrom),
    candidates: factors.candidates, diagStep: gather(pinv, factors.q), denseFrom,
  };
}

// The constructor's index maps are functions of their own, with no code after their loops (compiled as
// such after a few calls, not on-stack and discarded at each call's end).

/** map[idx[t]] for every t. */
function gather(map: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let t = 0; t < idx.length; t++) out[t] = map[idx[t]];
  return out;
}

/** The real parts of `count` interleaved complex numbers. */
function realParts(z: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let p = 0; p < count; p++) out[p] = z[2 * p];
  return out;
}
