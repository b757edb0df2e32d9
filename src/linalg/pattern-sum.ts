/**
 * Linear combinations S = Σ_k c_k A_k of sparse matrices with a fixed union pattern: the pattern and the
 * position ("slot") of every entry of every A_k in it are found once, after which each combination (and
 * its transpose) costs O(Σ nnz(A_k)) with no sorting or allocation beyond the value array. For sweeps
 * that re-form the same operator with new coefficients. Explicit zeros stay in the pattern. No physics.
 */
import { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';

export class PatternSum {
  /** The union pattern (its values are meaningless). */
  readonly pattern: CsrMatrix;
  /** slots[k][p] = position in `pattern` of the p-th stored entry of A_k. */
  readonly slots: Int32Array[];
  private readonly mats: readonly CsrMatrix[];
  private transposed: { pattern: CsrMatrix; at: Int32Array } | null = null;

  constructor(mats: readonly CsrMatrix[], rows = mats[0]?.rows ?? 0, cols = mats[0]?.cols ?? rows) {
    this.mats = mats;
    for (const m of mats) {
      if (m.rows !== rows || m.cols !== cols) throw new LinalgError(`PatternSum: shapes differ (${m.rows}×${m.cols} vs ${rows}×${cols})`);
    }
    const own = mats.length === 1 ? ownSlots(mats[0]) : null;
    if (own) {
      // One matrix with sorted, distinct columns per row: it is its own pattern (with its own values, which
      // the pattern's readers ignore), slot p for entry p.
      const m = mats[0];
      this.pattern = new CsrMatrix(rows, cols, m.rowPtr, m.colIdx, m.values);
      this.slots = [own];
      return;
    }
    // Which matrices have entries in each row (ascending k): many terms touch few rows each (a local
    // chain's hundreds of jump terms), so the per-row passes below visit only those, not every matrix.
    const count = new Int32Array(rows + 1);
    for (const m of mats) {
      const rp = m.rowPtr;
      for (let i = 0; i < rows; i++) if (rp[i + 1] > rp[i]) count[i + 1]++;
    }
    for (let i = 0; i < rows; i++) count[i + 1] += count[i];
    const rowMats = new Int32Array(count[rows]), fillAt = count.slice(0, rows);
    mats.forEach((m, k) => {
      const rp = m.rowPtr;
      for (let i = 0; i < rows; i++) if (rp[i + 1] > rp[i]) rowMats[fillAt[i]++] = k;
    });
    // Union of the rows' column sets (a marker per column, each row's list sorted), in typed arrays.
    let bound = 0;
    for (const m of mats) bound += m.nnz;
    const rowPtr = new Int32Array(rows + 1), all = new Int32Array(bound), mark = new Int32Array(cols).fill(-1);
    let nz = 0;
    for (let i = 0; i < rows; i++) {
      const start = nz;
      for (let t = count[i]; t < count[i + 1]; t++) {
        const m = mats[rowMats[t]], rp = m.rowPtr, ci = m.colIdx;
        for (let p = rp[i]; p < rp[i + 1]; p++) {
          const c = ci[p];
          if (c < 0 || c >= cols) throw new LinalgError(`PatternSum: column ${c} outside ${cols}`);
          if (mark[c] !== i) { mark[c] = i; all[nz++] = c; }
        }
      }
      all.subarray(start, nz).sort();
      rowPtr[i + 1] = nz;
    }
    const colIdx = all.slice(0, nz);
    const ones = new Float64Array(2 * nz);
    for (let p = 0; p < nz; p++) ones[2 * p] = 1;
    this.pattern = new CsrMatrix(rows, cols, rowPtr, colIdx, ones);
    // Slots: per row, the position of each column in the union (slotAt[c], valid for row i only).
    const slotAt = new Int32Array(cols);
    const slots = mats.map((m) => new Int32Array(m.nnz));
    for (let i = 0; i < rows; i++) {
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) slotAt[colIdx[p]] = p;
      for (let t = count[i]; t < count[i + 1]; t++) {
        const k = rowMats[t], s = slots[k], rp = mats[k].rowPtr, ci = mats[k].colIdx;
        for (let p = rp[i]; p < rp[i + 1]; p++) s[p] = slotAt[ci[p]];
      }
    }
    this.slots = slots;
  }

  /** The stored entries (interleaved) of the k-th matrix A_k, in its own order (see `slots`). */
  termValues(k: number): Float64Array {
    return this.mats[k].values;
  }

  /** Position of entry (i, j) in the pattern (binary search); throws if absent. */
  slotOf(i: number, j: number): number {
    const rp = this.pattern.rowPtr, cols = this.pattern.colIdx;
    let lo = rp[i], hi = rp[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cols[mid] === j) return mid;
      if (cols[mid] < j) lo = mid + 1; else hi = mid - 1;
    }
    throw new LinalgError(`PatternSum: (${i}, ${j}) is not in the pattern`);
  }

  /**
   * Interleaved values of Σ_k (re_k + i·im_k)·A_k on the pattern (terms with a zero coefficient skipped),
   * written into `out` when given (length 2·nnz, overwritten).
   */
  values(re: ArrayLike<number>, im?: ArrayLike<number>, out?: Float64Array): Float64Array {
    const v = out ? out.fill(0) : new Float64Array(2 * this.pattern.nnz);
    for (let k = 0; k < this.mats.length; k++) {
      const cr = re[k], ci = im ? im[k] : 0;
      if (cr === 0 && ci === 0) continue;
      const a = this.mats[k].values, s = this.slots[k];
      for (let p = 0; p < s.length; p++) {
        const ar = a[2 * p], ai = a[2 * p + 1], q = 2 * s[p];
        v[q] += cr * ar - ci * ai;
        v[q + 1] += cr * ai + ci * ar;
      }
    }
    return v;
  }

  /**
   * Real parts of Σ_k c_k·A_k (real coefficients) written into `out` (length nnz of the pattern, one value
   * per slot); the same sums as `values(c)` takes for the real parts, without allocating.
   */
  realValues(c: ArrayLike<number>, out: Float64Array): Float64Array {
    out.fill(0);
    for (let k = 0; k < this.mats.length; k++) {
      const cr = c[k];
      if (cr === 0) continue;
      const a = this.mats[k].values, s = this.slots[k];
      for (let p = 0; p < s.length; p++) out[s[p]] += cr * a[2 * p];
    }
    return out;
  }

  /** The pattern with the given values. */
  matrix(values: Float64Array): CsrMatrix {
    return new CsrMatrix(this.pattern.rows, this.pattern.cols, this.pattern.rowPtr, this.pattern.colIdx, values);
  }

  /**
   * The transpose of `matrix(values)` (same values moved, no conjugation), via a precomputed permutation;
   * its values are written into `out` when given (length 2·nnz).
   */
  transpose(values: Float64Array, out?: Float64Array): CsrMatrix {
    if (!this.transposed) {
      const t = this.pattern.transpose(), at = new Int32Array(this.pattern.nnz);
      const rp = this.pattern.rowPtr, ci = this.pattern.colIdx;
      const next = t.rowPtr.slice(0, t.rows);
      for (let i = 0; i < this.pattern.rows; i++) for (let p = rp[i]; p < rp[i + 1]; p++) at[p] = next[ci[p]]++;
      this.transposed = { pattern: t, at };
    }
    const { pattern: t, at } = this.transposed, v = out ?? new Float64Array(values.length);
    for (let p = 0; p < at.length; p++) { v[2 * at[p]] = values[2 * p]; v[2 * at[p] + 1] = values[2 * p + 1]; }
    return new CsrMatrix(t.rows, t.cols, t.rowPtr, t.colIdx, v);
  }
}

/**
 * Slot p for entry p of m when every row's column indices are strictly increasing and within the matrix (m is
 * then its own union pattern), else null. One pass.
 */
function ownSlots(m: CsrMatrix): Int32Array | null {
  const rp = m.rowPtr, ci = m.colIdx, slot = new Int32Array(m.nnz);
  for (let i = 0; i < m.rows; i++) {
    let last = -1;
    for (let p = rp[i]; p < rp[i + 1]; p++) {
      const c = ci[p];
      if (c <= last || c >= m.cols) return null;
      last = c;
      slot[p] = p;
    }
  }
  return slot;
}
