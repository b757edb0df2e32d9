/**
 * The shifted Lyapunov operator X ↦ A·X + X·A† − σ·X of a complex n×n matrix A and its inverse, applied
 * in O(n³) through the complex Schur form A = Q·T·Q† (schur.ts; Bartels–Stewart): with W = Q†·C·Q the
 * equation becomes T·Y + Y·T† − σ·Y = W, solved column by column from the last,
 *
 *     (T + (conj T_jj − σ)·I)·Y_j = W_j − Σ_{k>j} conj(T_jk)·Y_k      (a triangular solve per column),
 *
 * and X = Q·Y·Q†. It is solvable exactly when no λ_i + conj λ_j − σ vanishes (λ the eigenvalues of A);
 * `smallestPivot` is min |λ_i + conj λ_j − σ|. Matrices are column-major interleaved (colmajor.ts).
 * Cost per solve: 4n³ (the two unitary transforms) + n³ complex multiply-adds. No physics lives here.
 */
import type { Schur } from './schur.ts';
import { adjointMul, mulAdd, mulAdjointAdd, toColMajor, type ColMajorFactor } from './colmajor.ts';
import { LinalgError } from './errors.ts';

export class ShiftedLyapunovInverse {
  readonly n: number;
  readonly shift: number;
  /** min over i, j of |λ_i + conj λ_j − σ|. */
  readonly smallestPivot: number;
  /** Eigenvalues of A (the diagonal of T), interleaved. */
  readonly eigenvalues: Float64Array;
  private readonly t: Float64Array;
  private readonly q: Extract<ColMajorFactor, { kind: 'dense' }>;
  private readonly qh: ColMajorFactor;
  private readonly w1: Float64Array;
  private readonly w2: Float64Array;
  private readonly col: Float64Array;
  private w3: Float64Array | null = null;

  /** Prepares the inverse of X ↦ A·X + X·A† − σ·X (σ real) from the Schur form of A (complexSchur); throws LinalgError when it is singular. */
  constructor(s: Schur, shift: number) {
    const n = s.n;
    this.n = n;
    this.shift = shift;
    this.t = toColMajor(s.t, n);
    const q = toColMajor(s.q, n), qh = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { qh[2 * (j + n * i)] = q[2 * (i + n * j)]; qh[2 * (j + n * i) + 1] = -q[2 * (i + n * j) + 1]; }
    this.q = { kind: 'dense', n, data: q };
    this.qh = { kind: 'dense', n, data: qh };
    this.eigenvalues = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { this.eigenvalues[2 * i] = this.t[2 * (i + n * i)]; this.eigenvalues[2 * i + 1] = this.t[2 * (i + n * i) + 1]; }
    let pivot = Infinity;
    const e = this.eigenvalues;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pivot = Math.min(pivot, Math.hypot(e[2 * i] + e[2 * j] - shift, e[2 * i + 1] - e[2 * j + 1]));
    if (!(pivot > 0)) throw new LinalgError('shifted Lyapunov operator is singular (λ_i + conj λ_j = σ)', 'singular');
    this.smallestPivot = pivot;
    this.w1 = new Float64Array(2 * n * n);
    this.w2 = new Float64Array(2 * n * n);
    this.col = new Float64Array(2 * n);
  }

  /** X = solution of A·X + X·A† − σ·X = C (column-major, length 2n²); writes into `out` (may not alias c). */
  solve(c: Float64Array, out: Float64Array = new Float64Array(2 * this.n * this.n)): Float64Array {
    this.toSchur(c, this.w2);
    this.solveSchur(this.w2, this.w1);
    return this.fromSchur(this.w1, out);
  }

  /** Q†·C·Q (the Schur basis), written into `out` (must not alias c). */
  toSchur(c: Float64Array, out: Float64Array): Float64Array {
    const t = (this.w3 ??= new Float64Array(2 * this.n * this.n));
    adjointMul(this.q.data, this.n, c, t);
    out.fill(0);
    mulAdjointAdd(t, this.qh, out);
    return out;
  }

  /** Q·Y·Q† (back from the Schur basis), written into `out` (must not alias y). */
  fromSchur(y: Float64Array, out: Float64Array): Float64Array {
    const t = (this.w3 ??= new Float64Array(2 * this.n * this.n));
    t.fill(0);
    mulAdd(this.q, y, t);
    out.fill(0);
    mulAdjointAdd(t, this.q, out);
    return out;
  }

  /** Y with T·Y + Y·T† − σ·Y = W in the Schur basis (n³ multiply-adds); y is overwritten and must not alias w. */
  solveSchur(w: Float64Array, y: Float64Array): Float64Array {
    const n = this.n, t = this.t, b = this.col, sigma = this.shift;
    for (let j = n - 1; j >= 0; j--) {
      const cj = 2 * n * j;
      for (let i = 0; i < 2 * n; i++) b[i] = w[cj + i];
      for (let k = j + 1; k < n; k++) { // b −= conj(T_jk)·Y_k
        const tr = t[2 * (j + n * k)], ti = -t[2 * (j + n * k) + 1], yk = 2 * n * k;
        if (tr === 0 && ti === 0) continue;
        for (let i = 0; i < 2 * n; i += 2) {
          const yr = y[yk + i], yi = y[yk + i + 1];
          b[i] -= tr * yr - ti * yi;
          b[i + 1] -= tr * yi + ti * yr;
        }
      }
      const sr = t[2 * (j + n * j)] - sigma, si = -t[2 * (j + n * j) + 1];
      for (let i = n - 1; i >= 0; i--) { // back substitution with T + (conj T_jj − σ)·I, by columns of T
        const ti = 2 * n * i, dr = t[ti + 2 * i] + sr, di = t[ti + 2 * i + 1] + si, den = dr * dr + di * di;
        const br = b[2 * i], bi = b[2 * i + 1];
        const xr = (br * dr + bi * di) / den, xi = (bi * dr - br * di) / den;
        y[cj + 2 * i] = xr;
        y[cj + 2 * i + 1] = xi;
        for (let r = 0; r < 2 * i; r += 2) {
          const mr = t[ti + r], mi = t[ti + r + 1];
          b[r] -= mr * xr - mi * xi;
          b[r + 1] -= mr * xi + mi * xr;
        }
      }
    }
    return y;
  }
}
