/**
 * Incomplete LU preconditioners for complex CSR matrices: A ≈ L·U with L unit lower triangular and
 * U upper triangular, both stored in one CSR structure (row i: L part with columns < i, the
 * diagonal U_ii, then the U part). `ilu0` keeps the sparsity pattern of A (plus the diagonal);
 * `ilut` is Saad's dual-threshold ILUT(τ, p). Both implement `LinearSolver`: solve(b) returns
 * U⁻¹·L⁻¹·b, the preconditioner application M⁻¹·b. No physics lives here.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';
import type { LinearSolver } from './solver.ts';
import { complexReciprocal } from './lu-kernels.ts';
import { checkArgument } from './arguments.ts';

/** The factors of an incomplete LU, M = L·U ≈ A. */
export class IncompleteLu implements LinearSolver {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** L below, U on and above the diagonal, interleaved (re, im). */
  readonly values: Float64Array;
  /** Position of the diagonal entry of each row in colIdx/values. */
  readonly diagPos: Int32Array;
  /** 1/U_ii, interleaved. */
  private readonly invDiag: Float64Array;

  constructor(n: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array, diagPos: Int32Array, invDiag: Float64Array) {
    this.n = n;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
    this.diagPos = diagPos;
    this.invDiag = invDiag;
  }

  /** Number of stored entries of L + U. */
  get nnz(): number {
    return this.rowPtr[this.n];
  }

  /** x = U⁻¹·L⁻¹·b by forward then backward substitution; x may alias b. */
  solve(b: Float64Array, x: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const n = this.n, rp = this.rowPtr, ci = this.colIdx, v = this.values, dp = this.diagPos, inv = this.invDiag;
    if (b.length !== 2 * n || x.length !== 2 * n) throw new LinalgError(`ILU solve: vector length ${b.length / 2} ≠ ${n}`);
    if (x !== b) x.set(b);
    for (let i = 0; i < n; i++) {
      let sr = x[2 * i], si = x[2 * i + 1];
      for (let p = rp[i]; p < dp[i]; p++) {
        const c = 2 * ci[p], lr = v[2 * p], li = v[2 * p + 1];
        sr -= lr * x[c] - li * x[c + 1];
        si -= lr * x[c + 1] + li * x[c];
      }
      x[2 * i] = sr;
      x[2 * i + 1] = si;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sr = x[2 * i], si = x[2 * i + 1];
      for (let p = dp[i] + 1; p < rp[i + 1]; p++) {
        const c = 2 * ci[p], ur = v[2 * p], ui = v[2 * p + 1];
        sr -= ur * x[c] - ui * x[c + 1];
        si -= ur * x[c + 1] + ui * x[c];
      }
      const qr = inv[2 * i], qi = inv[2 * i + 1];
      x[2 * i] = sr * qr - si * qi;
      x[2 * i + 1] = sr * qi + si * qr;
    }
    return x;
  }
}

function checkSquare(a: CsrMatrix, what: string): void {
  if (a.rows !== a.cols) throw new LinalgError(`${what} of a non-square ${a.rows}×${a.cols} matrix`);
  if (!a.isFinite()) throw new LinalgError(`${what}: matrix has non-finite entries`, 'non-finite');
}

/**
 * ILU(0): L·U with the sparsity pattern of A ∪ diag, such that (L·U)_ij = a_ij on that pattern
 * (IKJ elimination, fill outside the pattern discarded). Exact (L·U = A) when the elimination
 * makes no fill, e.g. for tridiagonal A. Throws LinalgError on an exactly zero (or non-finite) pivot.
 */
export function ilu0(a: CsrMatrix): IncompleteLu {
  checkArgument(a, 'csr', 'ilu0', 'a');
  checkSquare(a, 'ILU(0)');
  const n = a.rows;
  // Pattern of A with the diagonal inserted where it is missing.
  let extra = 0;
  for (let i = 0; i < n; i++) if (!hasEntry(a, i, i)) extra++;
  const rowPtr = new Int32Array(n + 1), colIdx = new Int32Array(a.nnz + extra), val = new Float64Array(2 * (a.nnz + extra));
  const diagPos = new Int32Array(n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const c = a.colIdx[p];
      if (!placed && c >= i) {
        placed = true;
        diagPos[i] = q;
        if (c !== i) colIdx[q++] = i;
      }
      colIdx[q] = c;
      val[2 * q] = a.values[2 * p];
      val[2 * q + 1] = a.values[2 * p + 1];
      q++;
    }
    if (!placed) {
      diagPos[i] = q;
      colIdx[q++] = i;
    }
    rowPtr[i + 1] = q;
  }
  const pos = new Int32Array(n).fill(-1), invDiag = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = p;
    for (let p = rowPtr[i]; p < diagPos[i]; p++) {
      const k = colIdx[p], dr = invDiag[2 * k], di = invDiag[2 * k + 1];
      const lr = val[2 * p] * dr - val[2 * p + 1] * di, li = val[2 * p] * di + val[2 * p + 1] * dr;
      val[2 * p] = lr;
      val[2 * p + 1] = li;
      for (let r = diagPos[k] + 1; r < rowPtr[k + 1]; r++) {
        const t = pos[colIdx[r]];
        if (t < 0) continue;
        const ur = val[2 * r], ui = val[2 * r + 1];
        val[2 * t] -= lr * ur - li * ui;
        val[2 * t + 1] -= lr * ui + li * ur;
      }
    }
    const d = diagPos[i], pr = val[2 * d], pi = val[2 * d + 1];
    if (!(Math.abs(pr) + Math.abs(pi) > 0) || !Number.isFinite(pr + pi)) {
      throw new LinalgError(`ILU(0): zero or non-finite pivot at row ${i} of ${n}`, 'singular');
    }
    complexReciprocal(pr, pi, invDiag, 2 * i);
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = -1;
  }
  return new IncompleteLu(n, rowPtr, colIdx, val, diagPos, invDiag);
}

function hasEntry(a: CsrMatrix, i: number, j: number): boolean {
  for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) if (a.colIdx[p] === j) return true;
  return false;
}

export interface IlutOptions {
  /** Relative drop tolerance τ: entries below τ·‖row i of A‖₂ are dropped (default 1e-4). */
  dropTol?: number;
  /** At most this many entries are kept in each of the L and U parts of a row (default 20). */
  fill?: number;
}

/**
 * ILUT(τ, p) (Saad): row-wise elimination w ← a_i − Σ_k w_k·u_k with dual dropping — multipliers
 * and fill below τ·‖a_i‖₂ are dropped and only the p largest entries of each of L and U are kept.
 * A zero pivot is replaced by (τ + 1e-8)·‖a_i‖₂ (or 1 for an empty row), so it never throws on
 * singular A; it throws LinalgError for non-square or non-finite input.
 */
export function ilut(a: CsrMatrix, opts: IlutOptions = {}): IncompleteLu {
  checkArgument(a, 'csr', 'ilut', 'a');
  checkArgument(opts, 'options', 'ilut', 'opts');
  checkSquare(a, 'ILUT');
  const n = a.rows, tau = opts.dropTol ?? 1e-4, fill = Math.max(0, Math.floor(opts.fill ?? 20));
  const w = new Float64Array(2 * n), mag2 = new Float64Array(n), inW = new Uint8Array(n), invDiag = new Float64Array(2 * n);
  const rowPtr = new Int32Array(n + 1), diagPos = new Int32Array(n);
  const cols: number[] = [], vals: number[] = [];
  const lower: number[] = [], upper: number[] = [], keptL: number[] = [];
  for (let i = 0; i < n; i++) {
    lower.length = 0;
    upper.length = 0;
    keptL.length = 0;
    let rnorm = 0;
    inW[i] = 1;
    w[2 * i] = 0;
    w[2 * i + 1] = 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const j = a.colIdx[p], vr = a.values[2 * p], vi = a.values[2 * p + 1];
      if (j < i) lower.push(j); // CSR columns are sorted, so `lower` starts sorted
      else if (j > i) upper.push(j);
      inW[j] = 1;
      w[2 * j] = vr;
      w[2 * j + 1] = vi;
      rnorm += vr * vr + vi * vi;
    }
    rnorm = Math.sqrt(rnorm);
    const tol = tau * rnorm, tol2 = tol * tol;
    // Eliminate with earlier rows in increasing column order; fill-in k' > k is inserted in order.
    for (let done = 0; done < lower.length; done++) {
      const k = lower[done], dr = invDiag[2 * k], di = invDiag[2 * k + 1];
      const lr = w[2 * k] * dr - w[2 * k + 1] * di, li = w[2 * k] * di + w[2 * k + 1] * dr;
      w[2 * k] = lr;
      w[2 * k + 1] = li;
      if (lr * lr + li * li <= tol2) continue;
      keptL.push(k);
      for (let r = diagPos[k] + 1; r < rowPtr[k + 1]; r++) {
        const j = cols[r], ur = vals[2 * r], ui = vals[2 * r + 1];
        if (!inW[j]) {
          inW[j] = 1;
          w[2 * j] = 0;
          w[2 * j + 1] = 0;
          if (j > i) upper.push(j);
          else if (j < i) insertSorted(lower, j, done + 1);
        }
        w[2 * j] -= lr * ur - li * ui;
        w[2 * j + 1] -= lr * ui + li * ur;
      }
    }
    const keepL = largest(keptL, w, mag2, tol2, fill);
    const keepU = largest(upper, w, mag2, tol2, fill);
    for (const j of keepL) push(cols, vals, j, w);
    diagPos[i] = cols.length;
    let pr = w[2 * i], pi = w[2 * i + 1];
    if (!(Math.abs(pr) + Math.abs(pi) > 0)) {
      pr = rnorm > 0 ? (tau + 1e-8) * rnorm : 1;
      pi = 0;
    }
    cols.push(i);
    vals.push(pr, pi);
    complexReciprocal(pr, pi, invDiag, 2 * i);
    for (const j of keepU) push(cols, vals, j, w);
    rowPtr[i + 1] = cols.length;
    inW[i] = 0;
    for (const j of lower) inW[j] = 0;
    for (const j of upper) inW[j] = 0;
  }
  return new IncompleteLu(n, rowPtr, Int32Array.from(cols), Float64Array.from(vals), diagPos, invDiag);
}

/** Inserts j into the ascending tail list[from…] (j is not yet present). */
function insertSorted(list: number[], j: number, from: number): void {
  let t = list.length;
  list.push(j);
  while (t > from && list[t - 1] > j) {
    list[t] = list[t - 1];
    t--;
  }
  list[t] = j;
}

function push(cols: number[], vals: number[], j: number, w: Float64Array): void {
  cols.push(j);
  vals.push(w[2 * j], w[2 * j + 1]);
}

/** The (at most `count`) indices j with the largest |w_j|² above tol2, in ascending index order. */
function largest(idx: number[], w: Float64Array, mag2: Float64Array, tol2: number, count: number): number[] {
  const above: number[] = [];
  for (const j of idx) {
    const m = w[2 * j] * w[2 * j] + w[2 * j + 1] * w[2 * j + 1];
    if (m > tol2) {
      mag2[j] = m;
      above.push(j);
    }
  }
  if (above.length > count) {
    above.sort((x, y) => mag2[y] - mag2[x]);
    above.length = count;
  }
  return above.sort((x, y) => x - y);
}
