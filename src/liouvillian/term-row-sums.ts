/**
 * Per-term absolute row sums of a factored Liouvillian (factored.ts), for ‖L(θ)‖_∞ across a family:
 *
 *     S_t(r) = Σ_c |(L_t)_rc|   (the entries of one term merged),   r = i + n·j the row of ρ_ij,
 *
 * and their maxima over each block of n rows with the same j, B_t(j) = max_i S_t(i + n·j). By the triangle
 * inequality every row of L(θ) = Σ_t θ_t L_t has Σ_c |L(θ)_rc| ≤ Σ_t |θ_t| S_t(r) ≤ Σ_t |θ_t| B_t(j), so
 * the exact ‖L(θ)‖_∞ needs exact row sums only on the rows whose bound beats the best exact sum found so
 * far (matrix-free.ts): per θ that is T·n block bounds, T per row of the blocks that survive, and a few
 * exact rows — where bounding all n² rows from θ costs O(n²·jumps per row) at every point of a sweep.
 * Built once per family in O(n² · entries per row); stored inflated by (1 + 2⁻⁴⁰) so that the rounding of
 * the sums (a few ulps) can never make a bound fall below the row it bounds. Units: rate units per unit
 * coefficient θ_t.
 */
import type { FactoredLiouvillian } from './factored.ts';

/** Largest table (terms × n² entries) built; larger families bound their rows from θ instead. */
export const TERM_ROW_SUMS_LIMIT = 1 << 20;

const INFLATE = 1 + 2 ** -40;

export class TermRowSums {
  readonly n: number;
  readonly terms: number;
  /** S_t(r) at [t·n² + r]. */
  readonly rows: Float64Array;
  /** B_t(j) at [t·n + j]. */
  readonly blocks: Float64Array;

  /** The table of `lv`, or null when it would exceed TERM_ROW_SUMS_LIMIT entries. */
  static of(lv: FactoredLiouvillian): TermRowSums | null {
    return lv.terms.length * lv.n * lv.n <= TERM_ROW_SUMS_LIMIT ? new TermRowSums(lv) : null;
  }

  private constructor(lv: FactoredLiouvillian) {
    const n = lv.n, n2 = n * n, nt = lv.terms.length;
    this.n = n;
    this.terms = nt;
    this.rows = new Float64Array(nt * n2);
    this.blocks = new Float64Array(nt * n);
    // Merge scratch: entries of the current row in insertion order, found through a column → slot table.
    const slot = new Int32Array(n2).fill(-1);
    let keys = new Int32Array(16), re = new Float64Array(16), im = new Float64Array(16), count = 0;
    const sink = (k: number, l: number, x: number, y: number): void => {
      const key = k + n * l, s = slot[key];
      if (s >= 0) { re[s] += x; im[s] += y; return; }
      if (count === keys.length) {
        const k2 = new Int32Array(2 * count), r2 = new Float64Array(2 * count), i2 = new Float64Array(2 * count);
        k2.set(keys); r2.set(re); i2.set(im);
        keys = k2; re = r2; im = i2;
      }
      keys[count] = key; re[count] = x; im[count] = y; slot[key] = count++;
    };
    for (let t = 0; t < nt; t++) {
      for (let j = 0; j < n; j++) {
        let top = 0;
        for (let i = 0; i < n; i++) {
          count = 0;
          lv.termRow(t, i, j, sink);
          let s = 0;
          for (let q = 0; q < count; q++) { s += Math.hypot(re[q], im[q]); slot[keys[q]] = -1; }
          s *= INFLATE;
          this.rows[t * n2 + i + n * j] = s;
          if (s > top) top = s;
        }
        this.blocks[t * n + j] = top;
      }
    }
  }
}
