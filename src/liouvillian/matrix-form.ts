/**
 * L(θ) of a FactoredLiouvillian (factored.ts) applied in matrix form, for operators that are dense or
 * nearly so:
 *
 *     L(ρ) = A·ρ + ρ·A† + Σ_k γ_k J_k·ρ·J_k†,   A = −iθ_H H − ½ Σ_k γ_k J_k†J_k,
 *
 * with ρ the n×n matrix whose column-major storage is vec ρ (vec(ρ)[i + n·j] = ρ_ij). Each operator is kept
 * dense (column-major) when more than a quarter of its entries are non-zero, sparse (CSR) otherwise
 * (linalg/colmajor.ts), so one application costs 2·c(A) + Σ_k 2·c(J_k) complex multiply-adds, c = n³ for a
 * dense factor and n·nnz for a sparse one: O(K·n³) for K dense jumps, against O(K·n⁴) for the entrywise
 * matrix-free operator (matrix-free.ts), which stays the right choice for very sparse models. Units: rate units.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { colMajorFactor, mulAdd, mulAdjointAdd, type ColMajorFactor } from '../linalg/colmajor.ts';
import type { FactoredLiouvillian } from './factored.ts';

export class MatrixFormLiouvillian {
  readonly n: number;
  /** n², the length of vec ρ. */
  readonly rows: number;
  /** A = −iθ_H H − ½ Σ γ_k J_k†J_k as a factor, and as a row-major dense matrix (for its Schur form). */
  readonly a: ColMajorFactor;
  readonly aDense: DenseMatrix;
  /** The jumps with γ_k ≠ 0 and their rates. */
  readonly jumps: readonly ColMajorFactor[];
  readonly rates: Float64Array;
  private readonly tmp: Float64Array;
  private norm: number | undefined;

  constructor(lv: FactoredLiouvillian, theta: ArrayLike<number>) {
    const n = lv.n;
    this.n = n;
    this.rows = n * n;
    const am = lv.aMatrix(theta).a;
    this.a = colMajorFactor(am);
    this.aDense = am.toDense();
    const jumps: ColMajorFactor[] = [], rates: number[] = [];
    lv.terms.forEach((t, k) => {
      if (t.kind === 'channel' && theta[k] !== 0) { jumps.push(colMajorFactor(t.o)); rates.push(theta[k]); }
    });
    this.jumps = jumps;
    this.rates = Float64Array.from(rates);
    this.tmp = new Float64Array(2 * n * n);
  }

  /** y = L(x) for x = vec ρ (column-major, interleaved, length 2n²); y is overwritten and must not alias x. */
  apply(x: Float64Array, y: Float64Array): Float64Array {
    y.fill(0);
    mulAdd(this.a, x, y);
    mulAdjointAdd(x, this.a, y);
    const t = this.tmp;
    for (let k = 0; k < this.jumps.length; k++) {
      t.fill(0);
      mulAdd(this.jumps[k], x, t);
      mulAdjointAdd(t, this.jumps[k], y, this.rates[k], 0);
    }
    return y;
  }

  /**
   * ‖L‖_∞ = max over rows (i, j) of Σ_kl |L_(ij),(kl)|, the row as the n×n matrix
   * M_kl = A_ik δ_lj + δ_ik conj(A_jl) + Σ_c γ_c J_c[i,k] conj(J_c[j,l]), summed exactly (O(K·n⁴) in all).
   * Dense operators only (a sparse one is densified for this); matrix-free.ts bounds rows first instead,
   * which pays for sparse models.
   */
  normInf(): number {
    if (this.norm !== undefined) return this.norm;
    const n = this.n, a = this.aDense.data, m = new Float64Array(2 * n * n);
    const rows = this.jumps.map((j) => rowMajor(j, n));
    let best = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        m.fill(0);
        for (let c = 0; c < rows.length; c++) {
          const o = rows[c], g = this.rates[c], oi = 2 * n * i, oj = 2 * n * j;
          for (let k = 0; k < n; k++) {
            const xr = g * o[oi + 2 * k], xi = g * o[oi + 2 * k + 1];
            if (xr === 0 && xi === 0) continue;
            for (let l = 0; l < n; l++) {
              const yr = o[oj + 2 * l], yi = -o[oj + 2 * l + 1], w = 2 * (k * n + l);
              m[w] += xr * yr - xi * yi;
              m[w + 1] += xr * yi + xi * yr;
            }
          }
        }
        for (let k = 0; k < n; k++) { m[2 * (k * n + j)] += a[2 * (i * n + k)]; m[2 * (k * n + j) + 1] += a[2 * (i * n + k) + 1]; }
        for (let l = 0; l < n; l++) { m[2 * (i * n + l)] += a[2 * (j * n + l)]; m[2 * (i * n + l) + 1] -= a[2 * (j * n + l) + 1]; }
        let s = 0;
        for (let w = 0; w < m.length; w += 2) s += Math.sqrt(m[w] * m[w] + m[w + 1] * m[w + 1]);
        if (s > best) best = s;
      }
    }
    return (this.norm = best);
  }
}

/** Row-major interleaved dense copy of a factor. */
function rowMajor(f: ColMajorFactor, n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  if (f.kind === 'dense') {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { out[2 * (i * n + j)] = f.data[2 * (i + n * j)]; out[2 * (i * n + j) + 1] = f.data[2 * (i + n * j) + 1]; }
  } else {
    const { rowPtr, colIdx, values } = f.csr;
    for (let i = 0; i < n; i++) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) { out[2 * (i * n + colIdx[p])] += values[2 * p]; out[2 * (i * n + colIdx[p]) + 1] += values[2 * p + 1]; }
  }
  return out;
}
