/**
 * Numeric kernel of the complex sparse LU: left-looking Gilbert–Peierls factorization with threshold
 * partial pivoting. No physics lives here.
 *
 * For k = 0 … n−1 the column j = q[k] of A is processed as follows (rows keep their original
 * numbering during the factorization; pinv[i] = step at which row i became pivotal, −1 if not yet):
 *
 *  1. Symbolic: the nonzero pattern of x = L_k⁻¹ A(:, j), with L_k the unit lower triangular factor
 *     computed so far, is Reach_L(pattern of A(:, j)) in the graph with edges i → r for r ∈ L(:, pinv[i])
 *     (Gilbert & Peierls 1988). A depth-first search gives the reach in topological order.
 *  2. Numeric sparse triangular solve in that order: for each reached pivotal row i (step s = pinv[i]),
 *     U(s, k) = x_i and x_r −= L(r, s)·x_i for r ∈ L(:, s).
 *     Symmetric pruning (Eisenstat & Liu) shortens the L columns the DFS has to walk. Supernodes (steps
 *     whose L columns continue each other, supernodes.ts `SupernodeTracker`) are closed in a canonical row
 *     order; in real mode a stretch of their members met in turn is applied at once (sparse-kernels.ts
 *     `runUpdate`: same operations in the same order as column by column, so the same bits).
 *  3. Pivot among the non-pivotal reached rows: the "diagonal" row j is kept when
 *     |x_j| ≥ τ·max_i |x_i| (threshold pivoting, which preserves the symmetric fill-reducing ordering);
 *     otherwise the row of largest magnitude is taken. U(k, k) = x_piv and L(i, k) = x_i / x_piv.
 *
 * The result satisfies P·A·Q = L·U with P the row permutation (step k ↦ row prow[k]) and Q the
 * column permutation (step k ↦ column q[k]).
 *
 * Real mode (`real: true`, for real matrices): values, work vector and factors hold one real number per
 * entry instead of an interleaved pair. Every operation is the complex one with its imaginary parts
 * (exact zeros) dropped — x − (l·u − 0·0) = x − l·u, |z|² = re² + 0, z·conj(p)/|p|² = re·(p/p²) — so the
 * factors are bit for bit the real parts of the complex mode's, at half the memory traffic and a quarter
 * of the multiplications.
 */
import { LinalgError } from './errors.ts';
import type { CsrMatrix } from './sparse.ts';
import { runUpdate, scatterAxpy } from './sparse-kernels.ts';
import { SupernodeTracker } from './supernodes.ts';
import { invertPermutation } from './ordering.ts';

/** Factors of P·A·Q = L·U in compressed-column form, indices in pivot-step numbering. */
export interface LuFactors {
  readonly n: number;
  /** Strictly lower part of the unit lower triangular L: column k has rows Li[Lp[k] .. Lp[k+1]) (> k). */
  readonly Lp: Int32Array;
  readonly Li: Int32Array;
  readonly Lx: Float64Array;
  /** Strictly upper part of U: column k has rows Ui[Up[k] .. Up[k+1]) (< k). */
  readonly Up: Int32Array;
  readonly Ui: Int32Array;
  readonly Ux: Float64Array;
  /** Diagonal of U, interleaved complex, length 2n. */
  readonly Ud: Float64Array;
  /** Real mode: Lx, Ux and Ud hold one real value per entry (not interleaved complex pairs). */
  readonly real?: boolean;
  /** Row permutation: step k ↦ original row prow[k]. */
  readonly prow: Int32Array;
  /** Column permutation: step k ↦ original column q[k]. */
  readonly q: Int32Array;
  /** min_k |U(k, k)| and max_k |U(k, k)|. */
  readonly minPivot: number;
  readonly maxPivot: number;
  /** Number of steps whose pivot was not the preferred diagonal row. */
  readonly offDiagonalPivots: number;
  /** Complex multiply–adds spent in the triangular solves (Σ_k Σ_{s: U(s,k) ≠ 0} nnz L(:, s)). */
  readonly flops: number;
  /**
   * With `recordCandidates`: the pivot candidates of step k (pivot-step numbering), in the order the
   * pivot search met them, are idx[ptr[k] .. ptr[k+1]) — what decides ties between equal candidates.
   */
  readonly candidates?: { readonly ptr: Int32Array; readonly idx: Int32Array };
  /**
   * With `denseFrom` = k0 < n: only steps 0 … k0−1 are factored. Columns k ≥ k0 carry in U(:, k) the
   * pattern of their partial solve with L(:, 0 … k0−1) (rows s < k0, topological order, values not
   * computed) and L(:, k) is empty; the n − k0 rows left non-pivotal got the positions k0 … n−1 —
   * row q[k] at k when it is still free, the others in increasing row order — for a dense factorisation
   * of the Schur complement (sparse-lu-refactor.ts). Absent (= n) for a complete factorisation.
   */
  readonly denseFrom?: number;
  /**
   * The supernodes of L (supernodes.ts): steps supernodes[t] … supernodes[t+1] − 1 of 0 … k0 − 1, every
   * one's rows in canonical order (the kernel closes them so: SupernodeTracker). With `supernodes: false`,
   * every step is one of its own.
   */
  readonly supernodes: Int32Array;
}

/** Numeric options of the kernel. */
export interface FactorOptions {
  /** Threshold τ ∈ (0, 1] for keeping the diagonal pivot. */
  pivotThreshold: number;
  /** A pivot with |u_kk| ≤ tol·(largest magnitude seen in column k of A and U) counts as zero. */
  singularTolerance: number;
  /** Initial capacity guess for nnz(L) and nnz(U) (each). */
  capacity?: number;
  /** Abort with LinalgError once nnz(L) + nnz(U) (off-diagonal) exceeds this. */
  maxNonzeros?: number;
  /** Record every step's pivot candidates in search order (LuFactors.candidates). */
  recordCandidates?: boolean;
  /** Stop the numeric factorisation at this step, leaving a dense Schur complement (LuFactors.denseFrom). */
  denseFrom?: number;
  /** Real mode: `csc.values` holds one real value per stored entry (see the module comment). */
  real?: boolean;
  /** Track L's supernodes (module comment; default true): worth it for large factorisations. */
  supernodes?: boolean;
}

/** A copy of `a` with room for at least `need` entries (×1.6 growth); LinalgError when out of memory. */
function grow<T extends Int32Array | Float64Array>(a: T, need: number): T {
  let size = Math.max(16, a.length);
  while (size < need) size = Math.ceil(size * 1.6);
  let b: T;
  try {
    b = new (a.constructor as { new(n: number): T })(size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new LinalgError(`sparseLu: out of memory growing the factors to ${need} entries (${e.message})`, 'too-large');
  }
  b.set(a);
  return b;
}

/**
 * The factorisation in progress: inputs, work arrays, the growing factors and the running counts. A class
 * (not an object literal, whose allocation site V8 tracks: its pretenuring decision once discarded the
 * compiled per-column functions between calls), its fields fixed in the constructor, so the per-column
 * functions below stay monomorphic.
 */
class Gp {
  readonly n: number; readonly real: boolean; readonly w: number; readonly record: boolean; readonly k0: number;
  readonly Ap: Int32Array; readonly Ai: Int32Array; readonly Ax: Float64Array; readonly q: Int32Array;
  /**
   * The real numbers, kept out of the object's fields (whose representation V8 would generalise, e.g. a
   * threshold of 1 stored as an integer, discarding compiled code that relied on it): τ², tol², the fill
   * budget, then min and max |pivot| and the multiply–add count, updated per column.
   */
  readonly num: Float64Array;
  readonly Lp: Int32Array; readonly Up: Int32Array; readonly Cp: Int32Array; readonly Lpruned: Int32Array; readonly Ud: Float64Array;
  readonly pinv: Int32Array; readonly x: Float64Array; readonly mark: Int32Array; readonly xi: Int32Array; readonly stack: Int32Array; readonly pstack: Int32Array;
  Li: Int32Array; Lx: Float64Array; Ui: Int32Array; Ux: Float64Array; Ci: Int32Array;
  readonly sn: SupernodeTracker;
  lnz = 0; unz = 0; cnz = 0; offDiag = 0;

  constructor(csc: Pick<CsrMatrix, 'rows' | 'rowPtr' | 'colIdx' | 'values' | 'nnz'>, q: Int32Array, opts: FactorOptions) {
    const n = csc.rows, real = opts.real === true, w = real ? 1 : 2; // w: numbers per value
    const maxNz = opts.maxNonzeros ?? Infinity;
    const cap = Math.max(Math.min(opts.capacity ?? 4 * csc.nnz + n, maxNz), n + 1);
    const record = opts.recordCandidates === true;
    this.n = n; this.real = real; this.w = w; this.record = record; this.k0 = Math.min(n, Math.max(0, opts.denseFrom ?? n));
    this.Ap = csc.rowPtr; this.Ai = csc.colIdx; this.Ax = csc.values; this.q = q;
    this.num = Float64Array.of(opts.pivotThreshold * opts.pivotThreshold, opts.singularTolerance * opts.singularTolerance, maxNz, Infinity, 0, 0);
    this.Lp = new Int32Array(n + 1); this.Up = new Int32Array(n + 1); this.Cp = new Int32Array(record ? n + 1 : 0);
    this.Lpruned = new Int32Array(n).fill(-1); // end of the pruned prefix of L(:, s), −1 if unpruned
    this.Ud = new Float64Array(w * n); this.pinv = new Int32Array(n).fill(-1); this.x = new Float64Array(w * n); this.mark = new Int32Array(n).fill(-1);
    this.xi = new Int32Array(n); // reach stack: xi[top .. n) in topological order
    this.stack = new Int32Array(n); this.pstack = new Int32Array(n);
    this.Li = new Int32Array(cap); this.Lx = new Float64Array(w * cap); this.Ui = new Int32Array(cap); this.Ux = new Float64Array(w * cap);
    this.Ci = new Int32Array(record ? cap : 0);
    this.sn = new SupernodeTracker(n, w, opts.supernodes !== false);
  }
}

/** Slots of Gp.num. */
const TAU2 = 0, TOL2 = 1, MAX_NZ = 2, MIN_PIVOT = 3, MAX_PIVOT = 4, FLOPS = 5;

/**
 * Factors the square matrix whose CSC form is `csc` (= CSR of Aᵀ: column j of A is row j of `csc`),
 * columns taken in the order q. Throws LinalgError for a (structurally or numerically) singular matrix.
 * Each step is a function call of its own (reach, then the Schur pattern or the numeric column): V8
 * compiles them as ordinary hot functions after a few hundred columns, where one function holding the
 * whole loop was compiled on-stack and deoptimised at each call's end for several calls (cavity sector of
 * 16k unknowns: 32–85 ms in calls 2–4 of a process against 10 ms compiled).
 */
export function factorGilbertPeierls(csc: Pick<CsrMatrix, 'rows' | 'rowPtr' | 'colIdx' | 'values' | 'nnz'>, q: Int32Array, opts: FactorOptions): LuFactors {
  const st = new Gp(csc, q, opts), n = st.n;
  for (let k = 0; k < n; k++) {
    if (k === st.k0 && k > 0) st.sn.close(k - 1, st.Lp, st.Li, st.Lx, st.Lpruned); // the tail's reach meets it closed
    const top = reach(st, k);
    if (k >= st.k0) schurColumn(st, k, top);
    else numericColumn(st, k, top);
  }
  if (st.k0 === n && n > 0) st.sn.close(n - 1, st.Lp, st.Li, st.Lx, st.Lpruned);
  return finish(st);
}

/** 1. Reach of A(:, q[k]) in the graph of L (iterative DFS, finished nodes pushed onto xi): returns top, the reach being xi[top .. n). */
function reach(st: Gp, k: number): number {
  const { n, Ap, Ai, mark, stack, pstack, pinv, Lp, Lpruned, Li, xi } = st, col = st.q[k];
  let top = n;
  for (let t = Ap[col]; t < Ap[col + 1]; t++) {
    const start = Ai[t];
    if (mark[start] === k) continue;
    let head = 0;
    stack[0] = start;
    while (head >= 0) {
      const i = stack[head];
      const s = pinv[i];
      if (mark[i] !== k) {
        mark[i] = k;
        pstack[head] = s < 0 ? 0 : Lp[s];
      }
      const end = s < 0 ? 0 : Lpruned[s] >= 0 ? Lpruned[s] : Lp[s + 1];
      let pp = pstack[head];
      for (; pp < end; pp++) {
        const r = Li[pp];
        if (mark[r] !== k) break;
      }
      if (pp < end) {
        pstack[head] = pp + 1;
        stack[++head] = Li[pp];
      } else {
        head--;
        xi[--top] = i;
      }
    }
  }
  return top;
}

/** Schur column k ≥ k0: the pattern of U(0 … k0−1, k) only. */
function schurColumn(st: Gp, k: number, top: number): void {
  const { n, xi, pinv } = st;
  let nu = 0;
  for (let t = top; t < n; t++) if (pinv[xi[t]] >= 0) nu++;
  if (st.unz + nu > st.Ui.length) { st.Ui = grow(st.Ui, st.unz + nu); st.Ux = grow(st.Ux, st.w * st.Ui.length); }
  const Ui = st.Ui;
  let unz = st.unz;
  for (let t = top; t < n; t++) { const s = pinv[xi[t]]; if (s >= 0) Ui[unz++] = s; }
  st.unz = unz;
  st.Up[k + 1] = unz;
  st.Lp[k + 1] = st.lnz;
  if (st.record) st.Cp[k + 1] = st.cnz;
  if (st.lnz + unz > st.num[MAX_NZ]) {
    throw new LinalgError(`sparseLu: fill exceeds maxNonzeros = ${st.num[MAX_NZ]} at elimination step ${k} of ${n}`, 'too-large');
  }
}

/** 2.–4. Column k < k0: sparse triangular solve, U(:, k), the pivot, L(:, k), symmetric pruning. */
function numericColumn(st: Gp, k: number, top: number): void {
  const { n, real, w, Ap, Ai, Ax, x, xi, pinv, Lp, Up, Ud, Lpruned, record } = st, col = st.q[k];
  // 2. Scatter A(:, col) and solve with the computed part of L.
  for (let t = top; t < n; t++) {
    const i2 = w * xi[t];
    x[i2] = 0;
    if (!real) x[i2 + 1] = 0;
  }
  let scale2 = 0;
  for (let t = Ap[col]; t < Ap[col + 1]; t++) {
    const i2 = w * Ai[t], vr = Ax[w * t], vi = real ? 0 : Ax[2 * t + 1];
    x[i2] = vr;
    if (!real) x[i2 + 1] = vi;
    const m2 = vr * vr + vi * vi;
    if (m2 > scale2) scale2 = m2;
  }
  let nu = 0, nl = 0, work = 0;
  {
    const Li = st.Li, Lx = st.Lx;
    for (let t = top; t < n; t++) {
      const i = xi[t], s = pinv[i];
      if (s < 0) { nl++; continue; }
      nu++;
      if (real) {
        // A run of members s, s + 1, … of a closed supernode (met consecutively: SupernodeTracker) at once.
        let len = 1;
        for (const last = st.sn.last[s]; s + len <= last && t + len < n && pinv[xi[t + len]] === s + len;) len++;
        if (len > 1) { work += runUpdate(x, Lp, Li, Lx, s, len, i); nu += len - 1; t += len - 1; continue; }
        const xr = x[i];
        if (xr === 0) continue;
        work += Lp[s + 1] - Lp[s];
        scatterAxpy(x, Li, Lx, Lp[s], Lp[s + 1], xr);
        continue;
      }
      const xr = x[2 * i], xim = x[2 * i + 1];
      if (xr === 0 && xim === 0) continue;
      work += Lp[s + 1] - Lp[s];
      for (let pp = Lp[s], end = Lp[s + 1]; pp < end; pp++) {
        const r2 = 2 * Li[pp], lr = Lx[2 * pp], li = Lx[2 * pp + 1];
        x[r2] -= lr * xr - li * xim;
        x[r2 + 1] -= lr * xim + li * xr;
      }
    }
  }
  st.num[FLOPS] += work;
  // 3. Store U(:, k) and choose the pivot.
  if (st.unz + nu > st.Ui.length) { st.Ui = grow(st.Ui, st.unz + nu); st.Ux = grow(st.Ux, w * st.Ui.length); }
  if (record && st.cnz + nl > st.Ci.length) st.Ci = grow(st.Ci, st.cnz + nl);
  const Ui = st.Ui, Ux = st.Ux, Ci = st.Ci;
  let unz = st.unz, cnz = st.cnz;
  let piv = -1, best2 = -1, diag2 = -1;
  for (let t = top; t < n; t++) {
    const i = xi[t], s = pinv[i];
    const xr = x[w * i], xim = real ? 0 : x[2 * i + 1];
    const m2 = xr * xr + xim * xim;
    if (m2 > scale2) scale2 = m2;
    if (s >= 0) {
      Ui[unz] = s;
      Ux[w * unz] = xr;
      if (!real) Ux[2 * unz + 1] = xim;
      unz++;
    } else {
      if (m2 > best2) { best2 = m2; piv = i; }
      if (i === col) diag2 = m2;
      if (record) Ci[cnz++] = i;
    }
  }
  st.unz = unz;
  st.cnz = cnz;
  Up[k + 1] = unz;
  if (record) st.Cp[k + 1] = cnz;
  checkStep(st, k, col, nl, piv, best2, scale2);
  if (diag2 >= 0 && diag2 >= st.num[TAU2] * best2 && diag2 > st.num[TOL2] * scale2) piv = col;
  else st.offDiag++;
  const pr = x[w * piv], pim = real ? 0 : x[2 * piv + 1];
  const pm2 = pr * pr + pim * pim;
  const pm = Math.sqrt(pm2);
  if (pm < st.num[MIN_PIVOT]) st.num[MIN_PIVOT] = pm;
  if (pm > st.num[MAX_PIVOT]) st.num[MAX_PIVOT] = pm;
  Ud[w * k] = pr;
  if (!real) Ud[2 * k + 1] = pim;
  pinv[piv] = k;
  // L(:, k) = x(non-pivotal rows) / pivot, multiplying by conj(pivot)/|pivot|².
  const ir = pr / pm2, ii = -pim / pm2;
  if (st.lnz + nl > st.Li.length) { st.Li = grow(st.Li, st.lnz + nl); st.Lx = grow(st.Lx, w * st.Li.length); }
  const Li = st.Li, Lx = st.Lx;
  let lnz = st.lnz;
  for (let t = top; t < n; t++) {
    const i = xi[t];
    if (pinv[i] >= 0) continue;
    Li[lnz] = i;
    if (real) {
      Lx[lnz] = x[i] * ir;
    } else {
      const xr = x[2 * i], xim = x[2 * i + 1];
      Lx[2 * lnz] = xr * ir - xim * ii;
      Lx[2 * lnz + 1] = xr * ii + xim * ir;
    }
    lnz++;
  }
  st.lnz = lnz;
  Lp[k + 1] = lnz;
  // 4. Symmetric pruning (Eisenstat & Liu), then the supernode bookkeeping.
  st.sn.prune(Up[k], unz, Ui, piv, pinv, Lp, Li, Lx, Lpruned);
  st.sn.step(k, piv, k > 0 && st.mark[st.sn.prow[k - 1]] === k, Lp, Li, Lx, Lpruned);
}

/** The fill budget and the pivot of step k (throws LinalgError: too much fill, structurally or numerically singular). */
function checkStep(st: Gp, k: number, col: number, nl: number, piv: number, best2: number, scale2: number): void {
  if (st.lnz + st.unz + nl - 1 > st.num[MAX_NZ]) { // nl − 1: the pivot row leaves the L candidates
    throw new LinalgError(`sparseLu: fill exceeds maxNonzeros = ${st.num[MAX_NZ]} at elimination step ${k} of ${st.n} `
      + `(off-diagonal nnz(L) + nnz(U) ≥ ${st.lnz + st.unz + nl - 1}); use an iterative solver or a better ordering`, 'too-large');
  }
  if (piv < 0) {
    throw new LinalgError(`sparseLu: matrix is structurally singular (column ${col} has no entry in a `
      + `non-pivotal row at elimination step ${k})`, 'singular');
  }
  if (!(best2 > st.num[TOL2] * scale2) || !Number.isFinite(best2)) {
    throw new LinalgError(`sparseLu: matrix is numerically singular (column ${col}, elimination step ${k}: `
      + `largest pivot candidate |u| = ${Math.sqrt(best2).toExponential(3)}, column scale `
      + `${Math.sqrt(scale2).toExponential(3)})`, 'singular');
  }
}

/** The factors in pivot-step numbering (rows of a dense Schur tail placed as LuFactors.denseFrom says). */
function finish(st: Gp): LuFactors {
  const { n, k0, q, pinv, Li, Ci, lnz, unz, cnz, w } = st;
  if (k0 < n) placeTailRows(pinv, q, k0, n);
  // Renumber L's rows (and the pivot candidates) from original rows to pivot steps. Each loop is a function
  // of its own: compiled as such after its first calls, not on-stack with the code around it.
  renumber(Li, lnz, pinv);
  renumber(Ci, cnz, pinv);
  const prow = invertPermutation(pinv);
  return {
    n, Lp: st.Lp, Li: fit(Li, lnz), Lx: fit(st.Lx, w * lnz), Up: st.Up, Ui: fit(st.Ui, unz), Ux: fit(st.Ux, w * unz),
    Ud: st.Ud, ...(st.real ? { real: true } : {}), prow, q, minPivot: k0 === 0 ? 0 : st.num[MIN_PIVOT], maxPivot: st.num[MAX_PIVOT], offDiagonalPivots: st.offDiag, flops: st.num[FLOPS],
    ...(st.record ? { candidates: { ptr: st.Cp, idx: fit(Ci, cnz) } } : {}),
    ...(k0 < n ? { denseFrom: k0 } : {}), supernodes: st.sn.starts(k0),
  };
}

/** Rows left for the dense Schur complement: row q[k] keeps position k when free, the rest fill up in order. */
function placeTailRows(pinv: Int32Array, q: Int32Array, k0: number, n: number): void {
  const taken = new Uint8Array(n - k0);
  for (let k = k0; k < n; k++) if (pinv[q[k]] < 0) { pinv[q[k]] = k; taken[k - k0] = 1; }
  let free = 0;
  for (let i = 0; i < n; i++) {
    if (pinv[i] >= 0) continue;
    while (taken[free]) free++;
    taken[free] = 1;
    pinv[i] = k0 + free;
  }
}

/** The first `count` entries: a view when they fill ≥ 1/2 of `a` (a large fresh copy's first touch cost 8–15 ms in early calls), else a copy. */
function fit<T extends Int32Array | Float64Array>(a: T, count: number): T {
  return (2 * count >= a.length ? a.subarray(0, count) : a.slice(0, count)) as T;
}

/** a[t] ← map[a[t]] for t < count. */
function renumber(a: Int32Array, count: number, map: Int32Array): void { for (let t = 0; t < count; t++) a[t] = map[a[t]]; }
