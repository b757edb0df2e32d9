/**
 * The entries of one row (i, j) of L(θ) straight from a FactoredLiouvillian's operators, unmerged, as
 * coefficients z of ρ_kl:
 *     L(ρ)_ij = Σ_k A_ik ρ_kj + Σ_l ρ_il conj(A_jl) + Σ_c θ_c Σ_kl o_ik conj(o_jl) ρ_kl,
 * A = aOnly(θ) = −iθ_H H − ½ Σ_c θ_c o_c†o_c. The one-off sector assembly (symmetry/sector-system.ts) and the
 * in-sector residual (steady/sector-certificate.ts) both read rows through it; each merges and numbers the
 * entries its own way. Given A's rounding errors (FactoredLiouvillian.aLow), each entry also comes with its
 * own (zLo: exact product and sum errors), so that a sum of entries that cancels exactly can be formed
 * exactly (the assembly's compensated sums). Units: the model's rate units.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { FactoredLiouvillian } from './factored.ts';
import { productError, sumError } from '../linalg/double-double.ts';
import { jumpIndexByRow } from './jump-facts.ts';

export class LiouvillianRowEntries {
  /** Entry t of the current row: coefficient (z[2t], z[2t+1]) of ρ_{k[t], l[t]}. */
  k = new Int32Array(64);
  l = new Int32Array(64);
  z = new Float64Array(128);
  /** The rounding errors of z (filled only when prepare was given A's: aLow). */
  zLo = new Float64Array(128);
  private a: CsrMatrix | null = null;
  private aLo: Float64Array | null = null;
  private jumps: CsrMatrix[] = [];
  private rates: number[] = [];
  /**
   * The jumps with a non-empty row i (jump-facts.ts jumpIndexByRow): a row (i, j) visits only those. Same
   * entries in the same order as visiting them all.
   */
  private byRow: { ptr: Int32Array; idx: Int32Array } = { ptr: new Int32Array(1), idx: new Int32Array(0) };

  /**
   * Take A = aOnly(θ) (and its rounding errors `aLo`, when the entries' errors are wanted) and the channels
   * acting at θ; scratch grown to the longest possible row.
   */
  prepare(lv: FactoredLiouvillian, a: CsrMatrix, theta: ArrayLike<number>, aLo: Float64Array | null = null): void {
    const jumps: CsrMatrix[] = [], rates: number[] = [];
    let width = 2 * longestRow(a); // entries of a row of L at most: 2·(longest row of A) + Σ_c (longest row of o_c)²
    for (let t = 0; t < lv.terms.length; t++) {
      const term = lv.terms[t];
      if (term.kind === 'channel' && theta[t] !== 0) { jumps.push(term.o); rates.push(+theta[t]); width += longestRow(term.o) ** 2; }
    }
    if (width > this.k.length) { this.k = new Int32Array(width); this.l = new Int32Array(width); this.z = new Float64Array(2 * width); this.zLo = new Float64Array(2 * width); }
    this.a = a; this.aLo = aLo; this.jumps = jumps; this.rates = rates;
    this.byRow = jumpIndexByRow(a.rows, jumps.map((o) => o.rowPtr));
  }

  /** Fill k, l, z with the entries of row (i, j) of L(θ) (module formula, in emission order); returns their count. */
  row(i: number, j: number): number {
    const { rowPtr: ap, colIdx: ac, values: av } = this.a!, ek = this.k, el = this.l, ez = this.z, jumps = this.jumps, rates = this.rates;
    const { ptr: jp, idx: jx } = this.byRow;
    let m = 0;
    for (let p = ap[i]; p < ap[i + 1]; p++) { ek[m] = ac[p]; el[m] = j; ez[2 * m] = av[2 * p]; ez[2 * m + 1] = av[2 * p + 1]; m++; } // A_ik ρ_kj
    for (let p = ap[j]; p < ap[j + 1]; p++) { ek[m] = i; el[m] = ac[p]; ez[2 * m] = av[2 * p]; ez[2 * m + 1] = -av[2 * p + 1]; m++; } // ρ_il conj(A_jl)
    for (let h = jp[i]; h < jp[i + 1]; h++) {
      const c = jx[h], o = jumps[c], op = o.rowPtr, oc = o.colIdx, ov = o.values, rate = rates[c];
      for (let p = op[i]; p < op[i + 1]; p++) {
        const a = rate * ov[2 * p], b = rate * ov[2 * p + 1];
        for (let q = op[j]; q < op[j + 1]; q++) {
          const x = ov[2 * q], y = ov[2 * q + 1];
          ek[m] = oc[p]; el[m] = oc[q]; ez[2 * m] = a * x + b * y; ez[2 * m + 1] = b * x - a * y; m++; // θ_c o_ik conj(o_jl) ρ_kl
        }
      }
    }
    if (this.aLo) this.rowLow(i, j);
    return m;
  }

  /** zLo of row (i, j), in row()'s order: A's errors, and each jump product's exact errors. */
  private rowLow(i: number, j: number): void {
    const { rowPtr: ap, values: av } = this.a!, al = this.aLo!, zl = this.zLo, ez = this.z, jumps = this.jumps, rates = this.rates;
    const { ptr: jp, idx: jx } = this.byRow;
    let m = 0;
    for (let p = ap[i]; p < ap[i + 1]; p++) { zl[2 * m] = al[2 * p]; zl[2 * m + 1] = al[2 * p + 1]; m++; }
    for (let p = ap[j]; p < ap[j + 1]; p++) { zl[2 * m] = al[2 * p]; zl[2 * m + 1] = -al[2 * p + 1]; m++; }
    for (let h = jp[i]; h < jp[i + 1]; h++) {
      const c = jx[h], o = jumps[c], op = o.rowPtr, ov = o.values, rate = rates[c];
      for (let p = op[i]; p < op[i + 1]; p++) {
        const a = rate * ov[2 * p], b = rate * ov[2 * p + 1];
        const ea = productError(rate, ov[2 * p], a), eb = productError(rate, ov[2 * p + 1], b);
        for (let q = op[j]; q < op[j + 1]; q++) {
          const x = ov[2 * q], y = ov[2 * q + 1];
          const p1 = a * x, p2 = b * y, q1 = b * x, q2 = a * y;
          zl[2 * m] = productError(a, x, p1) + productError(b, y, p2) + sumError(p1, p2, ez[2 * m]) + (ea * x + eb * y);
          zl[2 * m + 1] = productError(b, x, q1) - productError(a, y, q2) + sumError(q1, -q2, ez[2 * m + 1]) + (eb * x - ea * y);
          m++;
        }
      }
    }
  }
}

/** The largest number of stored entries in a row of a. */
function longestRow(a: CsrMatrix): number {
  let w = 0;
  for (let i = 0; i < a.rows; i++) w = Math.max(w, a.rowPtr[i + 1] - a.rowPtr[i]);
  return w;
}
