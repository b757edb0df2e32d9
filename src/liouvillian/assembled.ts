/**
 * L(θ) = Σ_t θ_t L_t of a FactoredLiouvillian assembled as a sparse n²×n² matrix on the union pattern of
 * its terms (vec ρ column-stacked, vec(ρ)[i + n·j] = ρ_ij): for small Hilbert spaces, where the factored
 * operator's per-row bookkeeping costs more than the few hundred entries of L. Same contract as
 * LiouvillianOperator (matvec, exact ‖L‖_∞ = max_row Σ_c |L_rc| over merged entries, setCoefficients
 * re-targets without allocating). Stored column-wise (CSR of Lᵀ), so a matvec visits only the columns of
 * non-zero entries of vec ρ. Units: rate units.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { PatternSum } from '../linalg/pattern-sum.ts';
import { unrolledCombination, unrolledGroupNorm, type CombinationKernel, type GroupNormKernel } from '../linalg/unrolled.ts';
import type { FactoredLiouvillian } from './factored.ts';
import type { LiouvillianFamilyOperator } from './operator.ts';

/** Use the assembled operator up to this Hilbert-space dimension (measured, bench/sweep.bench.ts (b)). */
export const ASSEMBLED_LIMIT = 8;

export class AssembledLiouvillian implements LiouvillianFamilyOperator {
  readonly rows: number;
  /** Σ_t θ_t L_tᵀ on the union pattern: row c of it is column c of L. */
  private readonly sum: PatternSum;
  private readonly values: Float64Array;
  /** Each term's entries of Lᵀ (interleaved) and their slots in the union pattern. */
  private readonly terms: Array<{ slots: Int32Array; values: Float64Array }>;
  /** Absolute row sums of L (scratch of normInf). */
  private readonly rowSums: Float64Array;
  private norm: number | undefined;
  /**
   * Straight-line forms of setCoefficients' sum and of normInf when the pattern is small (unrolled.ts),
   * generated at the first re-targeting (a one-off solve never pays for the code generation).
   */
  private combination: CombinationKernel | null = null;
  private rowNorm: GroupNormKernel | null = null;
  private generated = false;

  constructor(lv: FactoredLiouvillian, theta: ArrayLike<number>) {
    const n = lv.n, n2 = n * n;
    this.rows = n2;
    // Lᵀ of each term: row (k, l) of Lᵀ holds L_(i,j),(k,l) at column (i, j).
    const transposed = lv.terms.map((_, t) => {
      const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
        lv.termRow(t, i, j, (k, l, zr, zi) => { ri.push(k + n * l); ci.push(i + n * j); re.push(zr); im.push(zi); });
      }
      return CsrMatrix.fromTriplets(n2, n2, ri, ci, re, im);
    });
    this.sum = new PatternSum(transposed, n2, n2);
    this.values = new Float64Array(2 * this.sum.pattern.nnz);
    this.terms = transposed.map((m, t) => ({ slots: this.sum.slots[t], values: m.values }));
    this.rowSums = new Float64Array(n2);
    this.setCoefficients(theta, false);
  }

  /** Re-targets the operator to coefficients θ of the same family (buffers reused). */
  setCoefficients(theta: ArrayLike<number>, generate = true): this {
    this.norm = undefined;
    if (generate && !this.generated) {
      this.generated = true;
      this.combination = unrolledCombination(this.sum.pattern.nnz, this.terms);
      this.rowNorm = unrolledGroupNorm(this.rows, this.sum.pattern.colIdx);
    }
    if (this.combination) {
      this.combination(theta, this.values);
      return this;
    }
    // PatternSum.values for real coefficients, written out: this runs once per point of a sweep.
    const v = this.values;
    for (let p = 0; p < v.length; p++) v[p] = 0; // loops rather than fill: cheaper at these sizes
    for (let t = 0; t < this.terms.length; t++) {
      const c = +theta[t], { slots: s, values: a } = this.terms[t];
      if (c === 0) continue;
      for (let p = 0; p < s.length; p++) {
        const q = 2 * s[p];
        v[q] += c * a[2 * p];
        v[q + 1] += c * a[2 * p + 1];
      }
    }
    return this;
  }

  /**
   * y = L·x for x = vec ρ (interleaved, length 2n²); zero entries of x cost nothing, and with `support`
   * (ascending entry indices outside which x is zero) only those are looked at (the same y).
   */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(2 * this.rows), support?: Int32Array): Float64Array {
    const { rowPtr, colIdx } = this.sum.pattern, v = this.values;
    for (let k = 0; k < y.length; k++) y[k] = 0;
    const count = support ? support.length : this.rows;
    for (let s = 0; s < count; s++) {
      const c = support ? support[s] : s, xr = x[2 * c], xi = x[2 * c + 1];
      if (xr === 0 && xi === 0) continue;
      for (let p = rowPtr[c]; p < rowPtr[c + 1]; p++) {
        const w = 2 * colIdx[p], ar = v[2 * p], ai = v[2 * p + 1];
        y[w] += ar * xr - ai * xi;
        y[w + 1] += ar * xi + ai * xr;
      }
    }
    return y;
  }

  /** Exact ‖L‖_∞ = max_r Σ_c |L_rc| (entries of all terms merged before taking moduli). */
  normInf(): number {
    if (this.norm !== undefined) return this.norm;
    if (this.rowNorm) return (this.norm = this.rowNorm(this.values));
    const { colIdx } = this.sum.pattern, v = this.values, s = this.rowSums;
    for (let k = 0; k < s.length; k++) s[k] = 0;
    for (let p = 0; p < colIdx.length; p++) {
      const a = v[2 * p], b = v[2 * p + 1], q = a * a + b * b;
      s[colIdx[p]] += q > 1e-290 && q < 1e290 ? Math.sqrt(q) : Math.hypot(a, b); // hypot only where q under/overflows
    }
    let best = 0;
    for (let r = 0; r < s.length; r++) if (s[r] > best) best = s[r];
    this.norm = best;
    return best;
  }
}
