/**
 * Complex sparse matrices in compressed sparse row (CSR) form. Column indices within a row are
 * strictly increasing; values are interleaved (re, im). A CSC matrix is the CSR form of the transpose
 * (see `transpose()`), so no separate class is needed. No physics lives here.
 */
import { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';

export class CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** Interleaved (re, im), length 2·nnz. */
  readonly values: Float64Array;

  /**
   * Wraps CSR arrays (not copied). Checked in O(rows + nnz): a non-negative integer shape, rowPtr[0] = 0 and
   * non-decreasing, arrays at least nnz (values 2·nnz) long, column indices inside the shape. A malformed
   * matrix is a LinalgError here, not a wrong answer later. (Sorted rows are the kernels' convention, not
   * checked: PatternSum, for one, accepts unsorted rows.)
   */
  constructor(rows: number, cols: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new LinalgError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
    }
    if (!(rowPtr instanceof Int32Array) || !(colIdx instanceof Int32Array) || !(values instanceof Float64Array)) {
      throw new LinalgError('CSR arrays must be Int32Array (rowPtr, colIdx) and Float64Array (values)');
    }
    if (rowPtr.length !== rows + 1) throw new LinalgError(`rowPtr length ${rowPtr.length} ≠ rows+1 = ${rows + 1}`);
    const nnz = rowPtr[rows];
    if (rowPtr[0] !== 0) throw new LinalgError(`rowPtr[0] must be 0, got ${rowPtr[0]}`);
    if (colIdx.length < nnz || values.length < 2 * nnz) throw new LinalgError('CSR arrays shorter than nnz');
    for (let r = 0; r < rows; r++) {
      const start = rowPtr[r], end = rowPtr[r + 1];
      if (end < start) throw new LinalgError(`rowPtr decreases at row ${r} (${start} → ${end})`);
      for (let p = start; p < end; p++) {
        const c = colIdx[p];
        if (c < 0 || c >= cols) throw new LinalgError(`row ${r}: column index ${c} outside ${cols} columns`);
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
  }

  get nnz(): number {
    return this.rowPtr[this.rows];
  }

  /**
   * Builds from (row, col, re, im) triplets; duplicates are summed, entries that sum to exactly zero are
   * dropped. Indices must lie inside the shape.
   */
  static fromTriplets(rows: number, cols: number, ri: ArrayLike<number>, ci: ArrayLike<number>,
    re: ArrayLike<number>, im: ArrayLike<number>): CsrMatrix {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new LinalgError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
    }
    const n = ri.length;
    if (ci.length !== n || re.length !== n || im.length !== n) {
      throw new LinalgError(`triplet arrays differ in length (rows ${n}, cols ${ci.length}, re ${re.length}, im ${im.length})`);
    }
    const count = new Int32Array(rows + 1);
    for (let k = 0; k < n; k++) {
      const r = ri[k], c = ci[k];
      if (r < 0 || r >= rows || c < 0 || c >= cols || !Number.isInteger(r) || !Number.isInteger(c)) {
        throw new LinalgError(`triplet (${r}, ${c}) outside a ${rows}×${cols} matrix`);
      }
      count[r + 1]++;
    }
    for (let r = 0; r < rows; r++) count[r + 1] += count[r];
    const pos = count.slice(0, rows);
    const tmpCol = new Int32Array(n);
    const tmpVal = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const p = pos[ri[k]]++;
      tmpCol[p] = ci[k];
      tmpVal[2 * p] = re[k];
      tmpVal[2 * p + 1] = im[k];
    }
    // Sort each row by column, merge duplicates.
    const rowPtr = new Int32Array(rows + 1);
    const colIdx = new Int32Array(n);
    const values = new Float64Array(2 * n);
    const acc = new Float64Array(2 * cols);
    const mark = new Int32Array(cols).fill(-1);
    const rowCols = new Int32Array(cols);
    let nz = 0;
    for (let r = 0; r < rows; r++) {
      let m = 0;
      for (let p = count[r]; p < count[r + 1]; p++) {
        const c = tmpCol[p];
        if (mark[c] !== r) {
          mark[c] = r;
          acc[2 * c] = 0;
          acc[2 * c + 1] = 0;
          rowCols[m++] = c;
        }
        acc[2 * c] += tmpVal[2 * p];
        acc[2 * c + 1] += tmpVal[2 * p + 1];
      }
      sortShort(rowCols, m);
      for (let q = 0; q < m; q++) {
        const c = rowCols[q];
        if (acc[2 * c] === 0 && acc[2 * c + 1] === 0) continue;
        colIdx[nz] = c;
        values[2 * nz] = acc[2 * c];
        values[2 * nz + 1] = acc[2 * c + 1];
        nz++;
      }
      rowPtr[r + 1] = nz;
    }
    return new CsrMatrix(rows, cols, rowPtr, colIdx.slice(0, nz), values.slice(0, 2 * nz));
  }

  static fromDense(a: DenseMatrix): CsrMatrix {
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < a.cols; j++) {
        const r = a.re(i, j), m = a.im(i, j);
        if (r !== 0 || m !== 0) {
          ri.push(i); ci.push(j); re.push(r); im.push(m);
        }
      }
    }
    return CsrMatrix.fromTriplets(a.rows, a.cols, ri, ci, re, im);
  }

  static identity(n: number): CsrMatrix {
    const rowPtr = new Int32Array(n + 1);
    const colIdx = new Int32Array(n);
    const values = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      rowPtr[i + 1] = i + 1;
      colIdx[i] = i;
      values[2 * i] = 1;
    }
    return new CsrMatrix(n, n, rowPtr, colIdx, values);
  }

  static zeros(rows: number, cols: number = rows): CsrMatrix {
    return new CsrMatrix(rows, cols, new Int32Array(rows + 1), new Int32Array(0), new Float64Array(0));
  }

  toDense(): DenseMatrix {
    const out = new DenseMatrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
        out.addAt(i, this.colIdx[p], this.values[2 * p], this.values[2 * p + 1]);
      }
    }
    return out;
  }

  /** Entry (i, j) as [re, im] (binary search in row i). */
  get(i: number, j: number): [number, number] {
    let lo = this.rowPtr[i], hi = this.rowPtr[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.colIdx[mid];
      if (c === j) return [this.values[2 * mid], this.values[2 * mid + 1]];
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return [0, 0];
  }

  /** y = A·x for interleaved complex x (length 2·cols); y is overwritten. */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(2 * this.rows)): Float64Array {
    if (x.length < 2 * this.cols) throw new LinalgError(`matvec: vector length ${x.length / 2} < ${this.cols}`);
    const rp = this.rowPtr, ci = this.colIdx, v = this.values;
    for (let i = 0; i < this.rows; i++) {
      let sr = 0, si = 0;
      for (let p = rp[i]; p < rp[i + 1]; p++) {
        const c = 2 * ci[p], ar = v[2 * p], ai = v[2 * p + 1], xr = x[c], xi = x[c + 1];
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      y[2 * i] = sr;
      y[2 * i + 1] = si;
    }
    return y;
  }

  /** Plain transpose Aᵀ (equivalently, this matrix in CSC form). */
  transpose(): CsrMatrix {
    return this.transposeImpl(false);
  }

  /** Conjugate transpose A†. */
  adjoint(): CsrMatrix {
    return this.transposeImpl(true);
  }

  private transposeImpl(conjugate: boolean): CsrMatrix {
    const nnz = this.nnz;
    const rowPtr = new Int32Array(this.cols + 1);
    for (let p = 0; p < nnz; p++) rowPtr[this.colIdx[p] + 1]++;
    for (let c = 0; c < this.cols; c++) rowPtr[c + 1] += rowPtr[c];
    const pos = rowPtr.slice(0, this.cols);
    const colIdx = new Int32Array(nnz);
    const values = new Float64Array(2 * nnz);
    const s = conjugate ? -1 : 1;
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
        const q = pos[this.colIdx[p]]++;
        colIdx[q] = i;
        values[2 * q] = this.values[2 * p];
        values[2 * q + 1] = s * this.values[2 * p + 1];
      }
    }
    return new CsrMatrix(this.cols, this.rows, rowPtr, colIdx, values);
  }

  /** Entry-wise complex conjugate. */
  conj(): CsrMatrix {
    const v = this.values.slice();
    for (let k = 1; k < v.length; k += 2) v[k] = -v[k];
    return new CsrMatrix(this.rows, this.cols, this.rowPtr, this.colIdx, v);
  }

  /** Scalar multiple (re + i·im)·A. */
  scale(re: number, im = 0): CsrMatrix {
    if (re === 0 && im === 0) return CsrMatrix.zeros(this.rows, this.cols);
    const a = this.values, v = new Float64Array(a.length);
    for (let k = 0; k < a.length; k += 2) {
      v[k] = re * a[k] - im * a[k + 1];
      v[k + 1] = re * a[k + 1] + im * a[k];
    }
    return new CsrMatrix(this.rows, this.cols, this.rowPtr, this.colIdx, v);
  }

  /** A + s·B for a complex scalar s (default 1); exact cancellations are dropped. */
  add(b: CsrMatrix, sre = 1, sim = 0): CsrMatrix {
    if (this.rows !== b.rows || this.cols !== b.cols) {
      throw new LinalgError(`add: shapes differ (${this.rows}×${this.cols} vs ${b.rows}×${b.cols})`);
    }
    const bs = sre === 1 && sim === 0 ? b : b.scale(sre, sim);
    return CsrMatrix.sum([this, bs]);
  }

  /** Σ_k A_k for matrices of one shape, in a single merge. */
  static sum(ms: ReadonlyArray<CsrMatrix>): CsrMatrix {
    if (ms.length === 0) throw new LinalgError('sum of no matrices');
    const { rows, cols } = ms[0];
    let total = 0;
    for (const m of ms) {
      if (m.rows !== rows || m.cols !== cols) throw new LinalgError('sum: shapes differ');
      total += m.nnz;
    }
    const ri = new Int32Array(total), ci = new Int32Array(total);
    const re = new Float64Array(total), im = new Float64Array(total);
    let k = 0;
    for (const m of ms) {
      for (let i = 0; i < rows; i++) {
        for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++, k++) {
          ri[k] = i;
          ci[k] = m.colIdx[p];
          re[k] = m.values[2 * p];
          im[k] = m.values[2 * p + 1];
        }
      }
    }
    return CsrMatrix.fromTriplets(rows, cols, ri, ci, re, im);
  }

  /** Sparse product A·B (Gustavson's row-by-row algorithm). */
  mul(b: CsrMatrix): CsrMatrix {
    if (this.cols !== b.rows) throw new LinalgError(`mul: inner dimensions differ (${this.cols} vs ${b.rows})`);
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    const acc = new Float64Array(2 * b.cols);
    const mark = new Int32Array(b.cols).fill(-1);
    const touched: number[] = [];
    for (let i = 0; i < this.rows; i++) {
      touched.length = 0;
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
        const k = this.colIdx[p], ar = this.values[2 * p], ai = this.values[2 * p + 1];
        for (let q = b.rowPtr[k]; q < b.rowPtr[k + 1]; q++) {
          const j = b.colIdx[q], br = b.values[2 * q], bi = b.values[2 * q + 1];
          if (mark[j] !== i) {
            mark[j] = i;
            acc[2 * j] = 0;
            acc[2 * j + 1] = 0;
            touched.push(j);
          }
          acc[2 * j] += ar * br - ai * bi;
          acc[2 * j + 1] += ar * bi + ai * br;
        }
      }
      for (const j of touched) {
        ri.push(i); ci.push(j); re.push(acc[2 * j]); im.push(acc[2 * j + 1]);
      }
    }
    return CsrMatrix.fromTriplets(this.rows, b.cols, ri, ci, re, im);
  }

  /** Kronecker product A ⊗ B. */
  kron(b: CsrMatrix): CsrMatrix {
    const rows = this.rows * b.rows, cols = this.cols * b.cols;
    const nnz = this.nnz * b.nnz;
    const rowPtr = new Int32Array(rows + 1);
    const colIdx = new Int32Array(nnz);
    const values = new Float64Array(2 * nnz);
    let k = 0;
    for (let i = 0; i < this.rows; i++) {
      for (let r = 0; r < b.rows; r++) {
        for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
          const ar = this.values[2 * p], ai = this.values[2 * p + 1], base = this.colIdx[p] * b.cols;
          for (let q = b.rowPtr[r]; q < b.rowPtr[r + 1]; q++, k++) {
            const br = b.values[2 * q], bi = b.values[2 * q + 1];
            colIdx[k] = base + b.colIdx[q];
            values[2 * k] = ar * br - ai * bi;
            values[2 * k + 1] = ar * bi + ai * br;
          }
        }
        rowPtr[i * b.rows + r + 1] = k;
      }
    }
    return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
  }

  /** Largest absolute row sum ‖A‖_∞ (an operator norm, cheap to compute). */
  normInf(): number {
    let best = 0;
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) s += Math.hypot(this.values[2 * p], this.values[2 * p + 1]);
      best = Math.max(best, s);
    }
    return best;
  }

  /** Frobenius norm. */
  normFrobenius(): number {
    let s = 0;
    for (let k = 0; k < 2 * this.nnz; k++) s += this.values[k] * this.values[k];
    return Math.sqrt(s);
  }

  /** True if every stored value is finite. */
  isFinite(): boolean {
    for (let k = 0; k < 2 * this.nnz; k++) if (!Number.isFinite(this.values[k])) return false;
    return true;
  }
}

/** Sorts a[0..m) ascending: insertion sort for short rows, the typed array's numeric sort otherwise. */
export function sortShort(a: Int32Array, m: number): void {
  if (m > 16) { a.subarray(0, m).sort(); return; }
  for (let k = 1; k < m; k++) {
    const c = a[k];
    let q = k;
    while (q > 0 && a[q - 1] > c) { a[q] = a[q - 1]; q--; }
    a[q] = c;
  }
}

/**
 * Diagonal entries (interleaved) and off-diagonal absolute row sums of a square CSR matrix, written into
 * `d` (length 2n) and `off` (length n) when given.
 */
export function splitDiagonal(a: CsrMatrix, n: number, d: Float64Array = new Float64Array(2 * n), off: Float64Array = new Float64Array(n)): { d: Float64Array; off: Float64Array } {
  d.fill(0);
  off.fill(0);
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.colIdx[p] === i) { d[2 * i] = a.values[2 * p]; d[2 * i + 1] = a.values[2 * p + 1]; } else off[i] += Math.hypot(a.values[2 * p], a.values[2 * p + 1]);
    }
  }
  return { d, off };
}
