/**
 * Dense LU factorisation with partial (row) pivoting, P·A = L·U, for complex matrices (interleaved
 * row-major, see dense.ts) and for real matrices (plain row-major Float64Array).
 * L is unit lower triangular and U upper triangular; both are stored in one n×n array.
 * The blocked elimination kernels live in lu-kernels.ts.
 * No physics lives here.
 */
import { DenseMatrix, type ComplexPair } from './dense.ts';
import { LinalgError } from './errors.ts';
import type { LinearSolver } from './solver.ts';
import { unrolledLuSolve, type LuSolveKernel } from './unrolled.ts';
import { complexReciprocal, luComplexInPlace, luRealInPlace } from './lu-kernels.ts';
import { checkArgument } from './arguments.ts';

/** A complex dense LU factorisation P·A = L·U; usable wherever a `LinearSolver` is expected. */
export class DenseLu implements LinearSolver {
  readonly n: number;
  /** L (strictly below the diagonal, unit diagonal implied) and U (on and above), interleaved row-major. */
  readonly lu: Float64Array;
  /** perm[i] = index of the row of A that became row i of P·A. */
  readonly perm: Int32Array;
  /** Sign of the permutation P (±1). */
  readonly permSign: number;
  /** min_i |U_ii| and max_i |U_ii|: their ratio is a cheap (lower-bound-ish) conditioning hint. */
  readonly minPivot: number;
  readonly maxPivot: number;
  private readonly work: Float64Array;
  /** 1/U_ii, interleaved. */
  private readonly invDiag: Float64Array;

  constructor(n: number, lu: Float64Array, perm: Int32Array, permSign: number) {
    this.n = n;
    this.lu = lu;
    this.perm = perm;
    this.permSign = permSign;
    this.invDiag = new Float64Array(2 * n);
    let lo = Infinity, hi = 0;
    for (let i = 0; i < n; i++) {
      const dr = lu[2 * (i * n + i)], di = lu[2 * (i * n + i) + 1], a = Math.hypot(dr, di);
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
      complexReciprocal(dr, di, this.invDiag, 2 * i);
    }
    this.minPivot = n === 0 ? 0 : lo;
    this.maxPivot = hi;
    this.work = new Float64Array(2 * n);
  }

  /** Solves A·x = b, i.e. x = U⁻¹ L⁻¹ P b; x may alias b. */
  solve(b: Float64Array, x: Float64Array = new Float64Array(2 * this.n)): Float64Array {
    const n = this.n;
    if (b.length !== 2 * n || x.length !== 2 * n) {
      throw new LinalgError(`LU solve: vector length ${b.length / 2} (out ${x.length / 2}) ≠ ${n}`);
    }
    const w = this.work, a = this.lu, p = this.perm;
    for (let i = 0; i < n; i++) {
      w[2 * i] = b[2 * p[i]];
      w[2 * i + 1] = b[2 * p[i] + 1];
    }
    // Forward: y_i = (Pb)_i − Σ_{j<i} L_ij y_j.
    for (let i = 1; i < n; i++) {
      const row = 2 * i * n;
      let sr = w[2 * i], si = w[2 * i + 1];
      for (let j = 0; j < i; j++) {
        const lr = a[row + 2 * j], li = a[row + 2 * j + 1], yr = w[2 * j], yi = w[2 * j + 1];
        sr -= lr * yr - li * yi;
        si -= lr * yi + li * yr;
      }
      w[2 * i] = sr;
      w[2 * i + 1] = si;
    }
    // Backward: x_i = (y_i − Σ_{j>i} U_ij x_j) / U_ii.
    for (let i = n - 1; i >= 0; i--) {
      const row = 2 * i * n;
      let sr = w[2 * i], si = w[2 * i + 1];
      for (let j = i + 1; j < n; j++) {
        const ur = a[row + 2 * j], ui = a[row + 2 * j + 1], xr = w[2 * j], xi = w[2 * j + 1];
        sr -= ur * xr - ui * xi;
        si -= ur * xi + ui * xr;
      }
      const qr = this.invDiag[2 * i], qi = this.invDiag[2 * i + 1];
      w[2 * i] = sr * qr - si * qi;
      w[2 * i + 1] = sr * qi + si * qr;
    }
    x.set(w);
    return x;
  }

  /** Solves A·X = B for an n×m right-hand side, X = U⁻¹ L⁻¹ P B (row-oriented sweeps). */
  solveMatrix(bm: DenseMatrix): DenseMatrix {
    const n = this.n, m = bm.cols;
    if (bm.rows !== n) throw new LinalgError(`LU solveMatrix: right-hand side has ${bm.rows} rows, expected ${n}`);
    const out = new DenseMatrix(n, m);
    const x = out.data, a = this.lu, bd = bm.data, rl = 2 * m;
    for (let i = 0; i < n; i++) x.set(bd.subarray(this.perm[i] * rl, (this.perm[i] + 1) * rl), i * rl);
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const lr = a[2 * (i * n + j)], li = a[2 * (i * n + j) + 1];
        if (lr !== 0 || li !== 0) csubRow(x, i * rl, j * rl, rl, lr, li);
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) {
        const ur = a[2 * (i * n + j)], ui = a[2 * (i * n + j) + 1];
        if (ur !== 0 || ui !== 0) csubRow(x, i * rl, j * rl, rl, ur, ui);
      }
      const qr = this.invDiag[2 * i], qi = this.invDiag[2 * i + 1];
      for (let k = i * rl; k < (i + 1) * rl; k += 2) {
        const vr = x[k], vi = x[k + 1];
        x[k] = vr * qr - vi * qi;
        x[k + 1] = vr * qi + vi * qr;
      }
    }
    return out;
  }

  /** det A = sign(P)·Π_i U_ii as [re, im] (may overflow/underflow for large n; see logAbsDeterminant). */
  determinant(): ComplexPair {
    let re = this.permSign, im = 0;
    const n = this.n, a = this.lu;
    for (let i = 0; i < n; i++) {
      const dr = a[2 * (i * n + i)], di = a[2 * (i * n + i) + 1];
      const t = re * dr - im * di;
      im = re * di + im * dr;
      re = t;
    }
    return [re, im];
  }

  /** log|det A| = Σ_i log|U_ii| (overflow-free). */
  logAbsDeterminant(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += Math.log(Math.hypot(this.lu[2 * (i * this.n + i)], this.lu[2 * (i * this.n + i) + 1]));
    return s;
  }
}

/** x[dst..dst+len) −= (cr + i·ci)·x[src..src+len) on interleaved data. */
function csubRow(x: Float64Array, dst: number, src: number, len: number, cr: number, ci: number): void {
  for (let k = 0; k < len; k += 2) {
    const vr = x[src + k], vi = x[src + k + 1];
    x[dst + k] -= cr * vr - ci * vi;
    x[dst + k + 1] -= cr * vi + ci * vr;
  }
}

/**
 * Complex LU with partial pivoting: finds P, L, U with P·A = L·U (pivot = largest |Re|+|Im| in the column).
 * Throws LinalgError if A is not square, has non-finite entries, or a pivot is exactly zero (A singular).
 */
export function denseLu(a: DenseMatrix): DenseLu {
  checkArgument(a, 'dense', 'denseLu', 'a');
  if (!a.isSquare) throw new LinalgError(`LU of a non-square ${a.rows}×${a.cols} matrix`);
  if (!a.isFinite()) throw new LinalgError('LU: matrix has non-finite entries', 'non-finite');
  const n = a.rows, m = a.data.slice(), perm = identityPerm(n);
  const sign = luComplexInPlace(m, n, perm);
  return new DenseLu(n, m, perm, sign);
}

function identityPerm(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/**
 * A real dense LU factorisation P·A = L·U. `refactor` factors another matrix of the same size into the
 * same buffers (no allocation), for callers that factor many small systems in a row.
 */
export class DenseLuReal {
  readonly n: number;
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  permSign: number;
  minPivot = 0;
  maxPivot = 0;
  private readonly work: Float64Array;
  /** The straight-line solve for n ≤ UNROLL_LIMIT (same operations, unrolled.ts), else null. */
  private readonly kernel: LuSolveKernel | null;

  constructor(n: number, lu: Float64Array, perm: Int32Array, permSign: number) {
    this.n = n;
    this.lu = lu;
    this.perm = perm;
    this.permSign = permSign;
    this.work = new Float64Array(n);
    this.kernel = unrolledLuSolve(n);
    this.pivots();
  }

  /** An unfactored workspace of size n, to be filled by `refactor`. */
  static workspace(n: number): DenseLuReal {
    if (!Number.isInteger(n) || n < 0) throw new LinalgError(`real LU: bad dimension ${n}`);
    return new DenseLuReal(n, new Float64Array(n * n), identityPerm(n), 1);
  }

  /**
   * Factors the row-major n×n matrix `data` (not modified) into this object's buffers, replacing the
   * previous factors. Throws LinalgError on a wrong length, non-finite entries or an exactly zero pivot.
   */
  refactor(data: Float64Array): this {
    const n = this.n, m = this.lu, perm = this.perm;
    if (data.length !== n * n) throw new LinalgError(`real LU: data length ${data.length} ≠ ${n}² = ${n * n}`);
    for (let k = 0; k < m.length; k++) {
      const x = data[k];
      if (!Number.isFinite(x)) throw new LinalgError('real LU: matrix has non-finite entries', 'non-finite');
      m[k] = x;
    }
    for (let i = 0; i < n; i++) perm[i] = i;
    this.permSign = luRealInPlace(m, n, perm);
    this.pivots();
    return this;
  }

  private pivots(): void {
    const n = this.n, lu = this.lu;
    let lo = Infinity, hi = 0;
    for (let i = 0; i < n; i++) {
      const t = Math.abs(lu[i * n + i]);
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    this.minPivot = n === 0 ? 0 : lo;
    this.maxPivot = hi;
  }

  /** Solves A·x = b for real b (length n); x may alias b. */
  solve(b: Float64Array, x: Float64Array = new Float64Array(this.n)): Float64Array {
    const n = this.n, a = this.lu, w = this.work;
    if (b.length !== n || x.length !== n) throw new LinalgError(`real LU solve: vector length ${b.length} (out ${x.length}) ≠ ${n}`);
    const kernel = this.kernel;
    if (kernel) {
      kernel(a, this.perm, b, x);
      return x;
    }
    for (let i = 0; i < n; i++) w[i] = b[this.perm[i]];
    for (let i = 1; i < n; i++) {
      let s = w[i];
      const row = i * n;
      for (let j = 0; j < i; j++) s -= a[row + j] * w[j];
      w[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = w[i];
      const row = i * n;
      for (let j = i + 1; j < n; j++) s -= a[row + j] * w[j];
      w[i] = s / a[row + i];
    }
    for (let i = 0; i < n; i++) x[i] = w[i]; // a loop: TypedArray.set costs more for the small n of sweeps
    return x;
  }

  /** det A = sign(P)·Π_i U_ii. */
  determinant(): number {
    let d = this.permSign;
    for (let i = 0; i < this.n; i++) d *= this.lu[i * this.n + i];
    return d;
  }
}

/**
 * Real LU with partial pivoting of the row-major n×n matrix `data` (not modified): P·A = L·U.
 * Throws LinalgError on a wrong length, non-finite entries or an exactly zero pivot.
 */
export function denseLuReal(n: number, data: Float64Array): DenseLuReal {
  return DenseLuReal.workspace(n).refactor(data);
}
