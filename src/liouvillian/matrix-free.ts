/**
 * L(θ) = Σ_t θ_t L_t of a FactoredLiouvillian (factored.ts) as an operator on full vectors vec ρ
 * (column stacking, vec(ρ)[i + n·j] = ρ_ij, length n²), never assembled:
 *
 *     L(ρ) = Aρ + ρA† + Σ_k γ_k o_k ρ o_k†,   A = −iθ_H H − ½ Σ_k γ_k o_k†o_k.
 *
 * `matvec` visits only the non-zero entries of vec ρ; `normInf` gives the exact ‖L‖_∞ = max_row Σ_c |L_rc|
 * (every row bounded first, then only the rows whose bound beats the best exact sum are merged exactly).
 * One operator can be re-targeted to other coefficients of the same family (`setCoefficients`), reusing
 * all its buffers, so a sweep certifies every point without allocating operators. Units: rate units.
 */
import { splitDiagonal, type CsrMatrix } from '../linalg/sparse.ts';
import type { LiouvillianFamilyOperator } from './operator.ts';
import type { FactoredLiouvillian, JumpRowData } from './factored.ts';
import { TermRowSums } from './term-row-sums.ts';
import { jumpIndexByRow } from './jump-facts.ts';

/** One channel term: its jump o, oᵀ (column access) and θ-independent row data. */
interface Jump {
  readonly o: CsrMatrix;
  readonly oT: CsrMatrix;
  readonly rows: JumpRowData;
}

export class LiouvillianOperator implements LiouvillianFamilyOperator {
  readonly rows: number;
  private readonly n: number;
  private readonly lv: FactoredLiouvillian;
  /** A and its transpose; their value arrays are overwritten by setCoefficients. */
  private readonly am: { a: CsrMatrix; aT: CsrMatrix };
  /** Every channel term with its term index; `rate` holds θ for the current coefficients. */
  private readonly all: Array<Jump & { term: number }>;
  /** The channel terms with θ_t ≠ 0, in term order, and their rates. */
  private jumps: Jump[] = [];
  private rate = new Float64Array(0);
  private norm: number | undefined;
  /** Entries in the merge scratch of exactRowSum. */
  private count = 0;
  /** normInf scratch: diagonal and off-diagonal row sums of A, bounds per row, merge buffers. */
  private scratch: { ad: Float64Array; aoff: Float64Array; bounds: Float64Array; keys: Int32Array; re: Float64Array; im: Float64Array; slot: Int32Array } | null = null;
  /**
   * The selected jumps with a non-empty row i (Σ_k |o_ik| ≠ 0): indices into `jumps`, ascending, at
   * idx[ptr[i] .. ptr[i+1]). Built by normInf for the current selection; null after setCoefficients.
   */
  private rowJumps: { ptr: Int32Array; idx: Int32Array } | null = null;
  /** The selected jumps with a non-empty column k (oᵀ row k), as `rowJumps`: matvec's index. Null after a selection change. */
  private columnJumps: { ptr: Int32Array; idx: Int32Array } | null = null;
  /** |θ_t| of every term (normInf's family bounds); `finite` false when some θ_t is not finite. */
  private readonly absTheta: Float64Array;
  private finite = true;
  /**
   * Re-targeted at least once (a family): normInf then bounds rows by the per-term row sums (term-row-sums.ts,
   * built on first need; null: too large) and starts from the previous argmax row `lastTop` (−1: none).
   */
  private retargeted = false;
  private termSums: TermRowSums | null | undefined = undefined;
  private lastTop = -1;

  constructor(lv: FactoredLiouvillian, theta: ArrayLike<number>) {
    const n = lv.n;
    this.n = n;
    this.rows = n * n;
    this.lv = lv;
    this.am = lv.aMatrix(theta);
    this.absTheta = new Float64Array(lv.terms.length);
    this.all = [];
    lv.terms.forEach((term, t) => {
      if (term.kind === 'channel') this.all.push({ o: term.o, oT: lv.jumpTranspose(t), rows: lv.jumpRowData(t), term: t });
    });
    this.selectJumps(theta);
  }

  /** Re-targets the operator to coefficients θ of the same family (no new operator, buffers reused). */
  setCoefficients(theta: ArrayLike<number>): this {
    this.lv.aMatrix(theta, this.am);
    this.selectJumps(theta);
    this.norm = undefined;
    this.retargeted = true;
    return this;
  }

  /**
   * Keeps the channel terms with θ_t ≠ 0 (arrays reused across calls); the rows' jump lists are dropped
   * only when that selection changes. Records |θ_t|.
   */
  private selectJumps(theta: ArrayLike<number>): void {
    const all = this.all, jumps = this.jumps, abs = this.absTheta;
    if (this.rate.length !== all.length) this.rate = new Float64Array(all.length);
    let count = 0, same = true;
    for (let k = 0; k < all.length; k++) {
      const j = all[k], r = theta[j.term];
      if (r !== 0) {
        this.rate[count] = r;
        if (count < jumps.length) { if (jumps[count] !== j) { jumps[count] = j; same = false; } } else { jumps.push(j); same = false; }
        count++;
      }
    }
    if (count !== jumps.length) { jumps.length = count; same = false; }
    if (!same) { this.rowJumps = null; this.columnJumps = null; }
    let finite = true;
    for (let t = 0; t < abs.length; t++) { const a = Math.abs(theta[t]); abs[t] = a; if (!(a < Infinity)) finite = false; }
    this.finite = finite;
  }

  /**
   * y = L·x for x = vec ρ (interleaved, length 2n²); only non-zero entries of x cost work, and with
   * `support` (ascending entry indices outside which x is zero) only those entries are looked at — the
   * same columns in the same order, so the same y.
   */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(2 * this.rows), support?: Int32Array): Float64Array {
    const n = this.n, at = this.am.aT, ap = at.rowPtr, ac = at.colIdx, av = at.values;
    const jumps = this.jumps, rates = this.rate, cj = this.jumpsByColumn(), cp = cj.ptr, cx = cj.idx;
    y.fill(0);
    const count = support ? support.length : n * n;
    for (let s = 0; s < count; s++) { // column k + n·l of L, ascending
      const col = support ? support[s] : s, u = 2 * col, xr = x[u], xi = x[u + 1];
      if (xr === 0 && xi === 0) continue;
      const k = col % n, l = (col - k) / n;
      for (let p = ap[k]; p < ap[k + 1]; p++) { // (Aρ)_il += A_ik ρ_kl
        const w = 2 * (ac[p] + n * l), ar = av[2 * p], ai = av[2 * p + 1];
        y[w] += ar * xr - ai * xi;
        y[w + 1] += ar * xi + ai * xr;
      }
      for (let p = ap[l]; p < ap[l + 1]; p++) { // (ρA†)_kj += ρ_kl conj(A_jl)
        const w = 2 * (k + n * ac[p]), ar = av[2 * p], ai = -av[2 * p + 1];
        y[w] += ar * xr - ai * xi;
        y[w + 1] += ar * xi + ai * xr;
      }
      for (let h = cp[k]; h < cp[k + 1]; h++) { // (oρo†)_ij += γ o_ik ρ_kl conj(o_jl), over the jumps with o_·k ≠ 0 (ascending)
        const c = cx[h], oT = jumps[c].oT, rate = rates[c], op = oT.rowPtr, oc = oT.colIdx, ov = oT.values;
        for (let p = op[k]; p < op[k + 1]; p++) {
          const sr = rate * (ov[2 * p] * xr - ov[2 * p + 1] * xi), si = rate * (ov[2 * p] * xi + ov[2 * p + 1] * xr);
          const i = oc[p];
          for (let q = op[l]; q < op[l + 1]; q++) {
            const cr = ov[2 * q], cm = -ov[2 * q + 1], w = 2 * (i + n * oc[q]);
            y[w] += sr * cr - si * cm;
            y[w + 1] += sr * cm + si * cr;
          }
        }
      }
    }
    return y;
  }

  /**
   * Exact ‖L‖_∞ (largest absolute row sum of the merged entries). The bound of row (i, j) takes the
   * merged diagonal entry A_ii + conj A_jj + Σ_c γ_c o_ii conj(o_jj) exactly and the triangle inequality
   * for the rest: off-diagonal row sums of A at i and j, Σ_c γ_c (full_c(i)·full_c(j) − |o_ii||o_jj|).
   */
  normInf(): number {
    if (this.norm !== undefined) return this.norm;
    if (this.retargeted && this.finite && this.termSums === undefined) this.termSums = TermRowSums.of(this.lv);
    const sums = this.retargeted && this.finite ? this.termSums : null;
    return (this.norm = sums ? this.normBySums(sums) : this.normByBounds());
  }

  /**
   * ‖L‖_∞ for a family member (see TermRowSums): the previous member's argmax row summed exactly first,
   * then exact sums only on rows whose bound Σ_t |θ_t| S_t(r) beats the best sum so far (the same slack
   * of 1e-15 relative as normByBounds), blocks of rows skipped whole by Σ_t |θ_t| B_t(j).
   */
  private normBySums(sums: TermRowSums): number {
    const n = this.n, n2 = n * n, nt = sums.terms, a = this.absTheta, S = sums.rows, B = sums.blocks;
    this.scratchFor(n);
    this.jumpsByRow();
    let top = this.lastTop, best = top >= 0 ? this.exactRowSum(top % n, (top - (top % n)) / n) : -1;
    const first = top;
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let t = 0; t < nt; t++) g += a[t] * B[t * n + j];
      if (!(g > best * (1 + 1e-15))) continue;
      for (let i = 0; i < n; i++) {
        const r = i + n * j;
        if (r === first) continue;
        let b = 0;
        for (let t = 0; t < nt; t++) b += a[t] * S[t * n2 + r];
        if (b > best * (1 + 1e-15)) {
          const e = this.exactRowSum(i, j);
          if (e > best) { best = e; top = r; }
        }
      }
    }
    this.lastTop = top;
    return best;
  }

  /** normInf scratch (see `scratch`), allocated once. */
  private scratchFor(n: number): NonNullable<LiouvillianOperator['scratch']> {
    return (this.scratch ??= { ad: new Float64Array(2 * n), aoff: new Float64Array(n), bounds: new Float64Array(n * n), keys: new Int32Array(16), re: new Float64Array(16), im: new Float64Array(16), slot: new Int32Array(n * n).fill(-1) });
  }

  /** ‖L‖_∞ from per-row bounds computed from θ (the module comment). */
  private normByBounds(): number {
    const n = this.n, J = this.jumps, nj = J.length, rate = this.rate;
    const sc = this.scratchFor(n);
    const { ad, aoff, bounds } = sc;
    splitDiagonal(this.am.a, n, ad, aoff);
    const rj = this.jumpsByRow();
    let anyDiagonal = false;
    for (let c = 0; c < nj; c++) if (J[c].rows.diagonal) anyDiagonal = true;
    let top = 0, topBound = -1;
    if (!anyDiagonal) {
      // The same sums in the same order as below, term by term over all rows (no per-row term loop).
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) bounds[i + n * j] = aoff[i] + aoff[j];
      for (let c = 0; c < nj; c++) {
        const f = J[c].rows.full, r = rate[c];
        for (let j = 0; j < n; j++) {
          const fj = f[j];
          if (fj === 0) continue; // adds r·f_i·0 = +0: no change
          for (let i = 0; i < n; i++) bounds[i + n * j] += r * f[i] * fj;
        }
      }
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
        const dr = ad[2 * i] + ad[2 * j], di = ad[2 * i + 1] - ad[2 * j + 1];
        const b = Math.sqrt(dr * dr + di * di) + bounds[i + n * j];
        bounds[i + n * j] = b;
        if (b > topBound) { topBound = b; top = i + n * j; }
      }
    } else for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      // Only the jumps with a non-empty row i: the others add exact zeros (f_i = d_i = mag_i = 0).
      let dr = ad[2 * i] + ad[2 * j], di = ad[2 * i + 1] - ad[2 * j + 1], rest = aoff[i] + aoff[j];
      for (let t = rj.ptr[i]; t < rj.ptr[i + 1]; t++) { const c = rj.idx[t], f = J[c].rows.full; rest += rate[c] * f[i] * f[j]; }
      for (let t = rj.ptr[i]; t < rj.ptr[i + 1]; t++) {
        const c = rj.idx[t], { d, mag } = J[c].rows, ar = d[2 * i], ai = d[2 * i + 1], br = d[2 * j], bi = d[2 * j + 1];
        dr += rate[c] * (ar * br + ai * bi);
        di += rate[c] * (ai * br - ar * bi);
        rest -= rate[c] * mag[i] * mag[j];
      }
      const b = Math.sqrt(dr * dr + di * di) + rest;
      bounds[i + n * j] = b;
      if (b > topBound) { topBound = b; top = i + n * j; }
    }
    let best = this.exactRowSum(top % n, Math.floor(top / n));
    if (topBound > best * (1 + 1e-15)) {
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
        if (bounds[i + n * j] > best * (1 + 1e-15)) best = Math.max(best, this.exactRowSum(i, j));
      }
    }
    return best;
  }

  /**
   * Σ_c |L_(i,j),c| with duplicate entries merged: entries are kept in insertion order in small scratch
   * arrays, found through a column → slot table (O(1) per entry; a linear search made a dense row of
   * K·n² entries cost O(K²n⁴), 16 s for ‖L‖_∞ of a dense n = 40 model).
   */
  private exactRowSum(i: number, j: number): number {
    const n = this.n, a = this.am.a;
    this.count = 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) this.merge(a.colIdx[p] + n * j, a.values[2 * p], a.values[2 * p + 1]);
    for (let p = a.rowPtr[j]; p < a.rowPtr[j + 1]; p++) this.merge(i + n * a.colIdx[p], a.values[2 * p], -a.values[2 * p + 1]);
    const rj = this.rowJumps!; // only the jumps with a non-empty row i contribute
    for (let t = rj.ptr[i]; t < rj.ptr[i + 1]; t++) {
      const c = rj.idx[t], o = this.jumps[c].o, rate = this.rate[c];
      for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) {
        const x = o.values[2 * p], y = o.values[2 * p + 1];
        for (let q = o.rowPtr[j]; q < o.rowPtr[j + 1]; q++) {
          const c2 = o.values[2 * q], d = o.values[2 * q + 1];
          this.merge(o.colIdx[p] + n * o.colIdx[q], rate * (x * c2 + y * d), rate * (y * c2 - x * d));
        }
      }
    }
    const { re, im, keys, slot } = this.scratch!;
    let s = 0;
    for (let k = 0; k < this.count; k++) { s += Math.hypot(re[k], im[k]); slot[keys[k]] = -1; }
    return s;
  }

  /**
   * The selected jumps by non-empty row (see `rowJumps`), built once per selection in O(n·K): a row sum
   * then visits only the jumps acting on its row (a local chain's 3n jumps touch ≤ 4 rows each), where
   * visiting all K per row made ‖L‖_∞ cost O(n²·K) (60 ms at n = 80, K = 237).
   */
  private jumpsByRow(): { ptr: Int32Array; idx: Int32Array } {
    if (this.rowJumps) return this.rowJumps;
    const n = this.n, J = this.jumps, ptr = new Int32Array(n + 1);
    for (let c = 0; c < J.length; c++) { const f = J[c].rows.full; for (let i = 0; i < n; i++) if (f[i] !== 0) ptr[i + 1]++; }
    for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
    const idx = new Int32Array(ptr[n]), next = ptr.slice(0, n);
    for (let c = 0; c < J.length; c++) { const f = J[c].rows.full; for (let i = 0; i < n; i++) if (f[i] !== 0) idx[next[i]++] = c; }
    return (this.rowJumps = { ptr, idx });
  }

  /**
   * The selected jumps by non-empty column (see `columnJumps`; jump-facts.ts jumpIndexByRow on oᵀ), built
   * once per selection: matvec then visits, for an entry ρ_kl, only the jumps with a column k (the local
   * n = 40 model's 117 one-entry jumps: the certificate's residual was 1.3 ms of a 7–9 ms steady state).
   * The same jumps in the same order as visiting them all: the same y, bit for bit.
   */
  private jumpsByColumn(): { ptr: Int32Array; idx: Int32Array } {
    return (this.columnJumps ??= jumpIndexByRow(this.n, this.jumps.map((j) => j.oT.rowPtr)));
  }

  /** Adds (x + iy) to the scratch entry of column `key` (appended if new). */
  private merge(key: number, x: number, y: number): void {
    const sc = this.scratch!, t = sc.slot[key];
    if (t >= 0) { sc.re[t] += x; sc.im[t] += y; return; }
    if (this.count === sc.keys.length) {
      const keys = new Int32Array(2 * this.count), re = new Float64Array(2 * this.count), im = new Float64Array(2 * this.count);
      keys.set(sc.keys); re.set(sc.re); im.set(sc.im);
      sc.keys = keys; sc.re = re; sc.im = im;
    }
    sc.keys[this.count] = key; sc.re[this.count] = x; sc.im[this.count] = y;
    sc.slot[key] = this.count;
    this.count++;
  }
}
