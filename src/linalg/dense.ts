/**
 * Dense complex matrices stored row-major on an interleaved Float64Array:
 * entry (i, j) has real part data[2(i·cols + j)] and imaginary part data[2(i·cols + j) + 1].
 * No physics lives here.
 */
import { LinalgError } from './errors.ts';

/** A complex number as a [re, im] pair (the JSON form used across the project). */
export type ComplexPair = [number, number];

export class DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Interleaved (re, im), row-major, length 2·rows·cols. */
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new LinalgError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    if (data) {
      if (data.length !== 2 * rows * cols) {
        throw new LinalgError(`data length ${data.length} does not match shape ${rows}×${cols}`);
      }
      this.data = data;
    } else {
      this.data = new Float64Array(2 * rows * cols);
    }
  }

  static zeros(rows: number, cols: number = rows): DenseMatrix {
    return new DenseMatrix(rows, cols);
  }

  /** The n×n identity. */
  static identity(n: number): DenseMatrix {
    const m = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) m.data[2 * (i * n + i)] = 1;
    return m;
  }

  /** From an array of rows of [re, im] pairs (or real numbers). */
  static fromRows(rows: ReadonlyArray<ReadonlyArray<ComplexPair | number>>): DenseMatrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const m = new DenseMatrix(r, c);
    for (let i = 0; i < r; i++) {
      if (rows[i].length !== c) throw new LinalgError(`row ${i} has ${rows[i].length} entries, expected ${c}`);
      for (let j = 0; j < c; j++) {
        const z = rows[i][j];
        const k = 2 * (i * c + j);
        if (typeof z === 'number') m.data[k] = z;
        else {
          m.data[k] = z[0];
          m.data[k + 1] = z[1];
        }
      }
    }
    return m;
  }

  /** Diagonal matrix from real or complex diagonal entries. */
  static diagonal(diag: ReadonlyArray<number | ComplexPair>): DenseMatrix {
    const n = diag.length;
    const m = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) {
      const z = diag[i];
      const k = 2 * (i * n + i);
      if (typeof z === 'number') m.data[k] = z;
      else {
        m.data[k] = z[0];
        m.data[k + 1] = z[1];
      }
    }
    return m;
  }

  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  re(i: number, j: number): number {
    return this.data[2 * (i * this.cols + j)];
  }

  im(i: number, j: number): number {
    return this.data[2 * (i * this.cols + j) + 1];
  }

  get(i: number, j: number): ComplexPair {
    const k = 2 * (i * this.cols + j);
    return [this.data[k], this.data[k + 1]];
  }

  set(i: number, j: number, re: number, im = 0): void {
    const k = 2 * (i * this.cols + j);
    this.data[k] = re;
    this.data[k + 1] = im;
  }

  /** Adds (re + i·im) to entry (i, j). */
  addAt(i: number, j: number, re: number, im = 0): void {
    const k = 2 * (i * this.cols + j);
    this.data[k] += re;
    this.data[k + 1] += im;
  }

  clone(): DenseMatrix {
    return new DenseMatrix(this.rows, this.cols, this.data.slice());
  }

  /** Array of rows of [re, im] pairs (the JSON form). */
  toRows(): ComplexPair[][] {
    const out: ComplexPair[][] = [];
    for (let i = 0; i < this.rows; i++) {
      const row: ComplexPair[] = [];
      for (let j = 0; j < this.cols; j++) row.push(this.get(i, j));
      out.push(row);
    }
    return out;
  }

  /** Conjugate transpose A†. */
  adjoint(): DenseMatrix {
    return this.transposeWithSign(-1);
  }

  /** Plain transpose Aᵀ. */
  transpose(): DenseMatrix {
    return this.transposeWithSign(1);
  }

  /** Transpose, multiplying imaginary parts by `imSign` (−1 gives the adjoint). */
  private transposeWithSign(imSign: number): DenseMatrix {
    const out = new DenseMatrix(this.cols, this.rows);
    const a = this.data, o = out.data, r = this.rows, c = this.cols;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        const s = 2 * (i * c + j), t = 2 * (j * r + i);
        o[t] = a[s];
        o[t + 1] = imSign * a[s + 1];
      }
    }
    return out;
  }

  /** Entry-wise complex conjugate A*. */
  conj(): DenseMatrix {
    const out = this.clone();
    for (let k = 1; k < out.data.length; k += 2) out.data[k] = -out.data[k];
    return out;
  }

  /** Scalar multiple (re + i·im)·A. */
  scale(re: number, im = 0): DenseMatrix {
    const out = new DenseMatrix(this.rows, this.cols);
    const a = this.data, o = out.data;
    for (let k = 0; k < a.length; k += 2) {
      o[k] = re * a[k] - im * a[k + 1];
      o[k + 1] = re * a[k + 1] + im * a[k];
    }
    return out;
  }

  /** A + s·B with a complex scalar s (default 1). */
  add(b: DenseMatrix, sre = 1, sim = 0): DenseMatrix {
    assertSameShape(this, b, 'add');
    const out = this.clone();
    const o = out.data, d = b.data;
    for (let k = 0; k < o.length; k += 2) {
      o[k] += sre * d[k] - sim * d[k + 1];
      o[k + 1] += sre * d[k + 1] + sim * d[k];
    }
    return out;
  }

  sub(b: DenseMatrix): DenseMatrix {
    return this.add(b, -1, 0);
  }

  /** Matrix product A·B. */
  mul(b: DenseMatrix): DenseMatrix {
    if (this.cols !== b.rows) throw new LinalgError(`mul: inner dimensions differ (${this.rows}×${this.cols} · ${b.rows}×${b.cols})`);
    const n = this.rows, m = this.cols, p = b.cols;
    const out = new DenseMatrix(n, p);
    const a = this.data, bd = b.data, o = out.data;
    for (let i = 0; i < n; i++) {
      const orow = 2 * i * p;
      for (let k = 0; k < m; k++) {
        const ar = a[2 * (i * m + k)], ai = a[2 * (i * m + k) + 1];
        if (ar === 0 && ai === 0) continue;
        const brow = 2 * k * p;
        for (let j = 0; j < p; j++) {
          const br = bd[brow + 2 * j], bi = bd[brow + 2 * j + 1];
          o[orow + 2 * j] += ar * br - ai * bi;
          o[orow + 2 * j + 1] += ar * bi + ai * br;
        }
      }
    }
    return out;
  }

  /** y = A·x for an interleaved complex vector x (length 2·cols). */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(2 * this.rows)): Float64Array {
    if (x.length !== 2 * this.cols) throw new LinalgError(`matvec: vector length ${x.length / 2} ≠ ${this.cols}`);
    const a = this.data, c = this.cols;
    for (let i = 0; i < this.rows; i++) {
      let sr = 0, si = 0;
      const row = 2 * i * c;
      for (let j = 0; j < c; j++) {
        const ar = a[row + 2 * j], ai = a[row + 2 * j + 1], xr = x[2 * j], xi = x[2 * j + 1];
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      y[2 * i] = sr;
      y[2 * i + 1] = si;
    }
    return y;
  }

  /** Kronecker product A ⊗ B. */
  kron(b: DenseMatrix): DenseMatrix {
    const out = new DenseMatrix(this.rows * b.rows, this.cols * b.cols);
    const oc = out.cols;
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        const ar = this.re(i, j), ai = this.im(i, j);
        if (ar === 0 && ai === 0) continue;
        for (let k = 0; k < b.rows; k++) {
          for (let l = 0; l < b.cols; l++) {
            const br = b.re(k, l), bi = b.im(k, l);
            const t = 2 * ((i * b.rows + k) * oc + j * b.cols + l);
            out.data[t] = ar * br - ai * bi;
            out.data[t + 1] = ar * bi + ai * br;
          }
        }
      }
    }
    return out;
  }

  /** Tr A as [re, im]. */
  trace(): ComplexPair {
    if (!this.isSquare) throw new LinalgError(`trace of a non-square ${this.rows}×${this.cols} matrix`);
    let re = 0, im = 0;
    for (let i = 0; i < this.rows; i++) {
      re += this.re(i, i);
      im += this.im(i, i);
    }
    return [re, im];
  }

  /** Frobenius norm ‖A‖_F = √(Σ|a_ij|²). */
  normFrobenius(): number {
    let s = 0;
    for (let k = 0; k < this.data.length; k++) s += this.data[k] * this.data[k];
    return Math.sqrt(s);
  }

  /** max_ij |a_ij − a_ji*|: distance from Hermiticity. */
  hermiticityError(): number {
    if (!this.isSquare) return Infinity;
    let e = 0;
    for (let i = 0; i < this.rows; i++) {
      for (let j = i; j < this.cols; j++) {
        const dr = this.re(i, j) - this.re(j, i), di = this.im(i, j) + this.im(j, i);
        e = Math.max(e, Math.hypot(dr, di));
      }
    }
    return e;
  }

  /** (A + A†)/2. */
  hermitianPart(): DenseMatrix {
    if (!this.isSquare) throw new LinalgError(`Hermitian part of a non-square ${this.rows}×${this.cols} matrix`);
    const n = this.rows, d = this.data, out = new DenseMatrix(n, n), o = out.data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = 2 * (i * n + j), q = 2 * (j * n + i);
        // (a_ij + conj a_ji)·½, rounded as add-then-scale
        o[p] = (d[p] + d[q]) * 0.5;
        o[p + 1] = (d[p + 1] - d[q + 1]) * 0.5;
      }
    }
    return out;
  }

  /** True if every entry is a finite number. */
  isFinite(): boolean {
    for (let k = 0; k < this.data.length; k++) if (!Number.isFinite(this.data[k])) return false;
    return true;
  }
}

function assertSameShape(a: DenseMatrix, b: DenseMatrix, op: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new LinalgError(`${op}: shapes differ (${a.rows}×${a.cols} vs ${b.rows}×${b.cols})`);
  }
}
