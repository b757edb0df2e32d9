/**
 * The certificate's measurements of a sector solution made in the sector, in time and memory proportional
 * to the sector: L maps the sector S to itself (its unknowns form components of L's coupling graph,
 * symmetry.ts / charge-sectors.ts) and ρ vanishes outside S, so L vec ρ vanishes outside S too and
 *     ‖L vec ρ‖₂² = Σ_{(i,j) ∈ S} |L(ρ)_ij|² = Σ_{i ∈ S} |L(ρ)_ii|² + 2 Σ_{(i,j) ∈ S, i<j} |L(ρ)_ij|²
 * (L(ρ) is Hermitian for Hermitian ρ). Each L(ρ)_ij is evaluated from the operators, independently of the
 * sector matrices the solve used (sector-system.ts), reading ρ from its final block form:
 *     L(ρ)_ij = Σ_k A_ik ρ_kj + Σ_l ρ_il conj(A_jl) + Σ_c γ_c Σ_kl o_ik ρ_kl conj(o_jl),
 * A = −iθ_H H − ½ Σ_c γ_c o_c†o_c — so a wrong sector matrix, numbering or block layout shows up in the
 * residual. Every entry of a row of S must land in S (else the sector argument failed: internal error).
 * The operator norm reported with it is ‖L_S‖_∞, the exact row-sum norm of L restricted to S (merged
 * entries), the norm of the operator ρ is a solution of; it is at most the full ‖L‖_∞, so the relative
 * residual is never smaller than the full-space one. Units: rate units.
 */
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { LinalgError } from '../linalg/errors.ts';
import type { Sector } from '../symmetry/symmetry.ts';
import type { BlockDiagonalState } from './block-state.ts';

export class SectorResidual {
  private readonly lv: FactoredLiouvillian;
  private readonly sector: Sector;
  private a: CsrMatrix | null = null;
  /** Row accumulator of merged entries per sector column (re, im), and the columns touched. */
  private readonly acc: Float64Array;
  private readonly mark: Int32Array;
  private readonly touched: Int32Array;
  /** The current row's entries before merging: coefficient z = (re, im) of ρ_kl (grown on demand). */
  private ek = new Int32Array(64);
  private el = new Int32Array(64);
  private ez = new Float64Array(128);

  constructor(lv: FactoredLiouvillian, sector: Sector) {
    this.lv = lv;
    this.sector = sector;
    this.acc = new Float64Array(2 * sector.size);
    this.mark = new Int32Array(sector.size).fill(-1);
    this.touched = new Int32Array(sector.size);
  }

  /** ‖L(θ) vec ρ‖₂ and ‖L_S(θ)‖_∞ for ρ supported in the sector (module comment). */
  measure(theta: ArrayLike<number>, rho: BlockDiagonalState): { residual: number; norm: number } {
    const lv = this.lv, s = this.sector, acc = this.acc, mark = this.mark, touched = this.touched;
    this.a = lv.aOnly(theta, this.a?.values);
    const { rowPtr: ap, colIdx: ac, values: av } = this.a;
    const jumps: CsrMatrix[] = [], rates: number[] = [];
    let width = 0; // entries of a row of L at most: 2·(longest row of A) + Σ_c (longest row of o_c)²
    for (let k = 0; k < lv.terms.length; k++) {
      const t = lv.terms[k];
      if (t.kind === 'channel' && theta[k] !== 0) { jumps.push(t.o); rates.push(+theta[k]); width += longestRow(t.o) ** 2; }
    }
    width += 2 * longestRow(this.a);
    if (width > this.ek.length) { this.ek = new Int32Array(width); this.el = new Int32Array(width); this.ez = new Float64Array(2 * width); }
    const ek = this.ek, el = this.el, ez = this.ez, data = rho.entries, rowOf = s.rowOf, colOf = s.colOf;
    let sum = 0, norm = 0;
    mark.fill(-1);
    for (let u = 0; u < s.size; u++) {
      const i = rowOf[u], j = colOf[u];
      if (i > j) continue;
      // The entries of row (i, j) of L, unmerged (the same formula as the assembly, written out independently).
      let m = 0;
      for (let p = ap[i]; p < ap[i + 1]; p++) { ek[m] = ac[p]; el[m] = j; ez[2 * m] = av[2 * p]; ez[2 * m + 1] = av[2 * p + 1]; m++; } // A_ik ρ_kj
      for (let p = ap[j]; p < ap[j + 1]; p++) { ek[m] = i; el[m] = ac[p]; ez[2 * m] = av[2 * p]; ez[2 * m + 1] = -av[2 * p + 1]; m++; } // ρ_il conj(A_jl)
      for (let c = 0; c < jumps.length; c++) {
        const o = jumps[c], op = o.rowPtr, oc = o.colIdx, ov = o.values, rate = rates[c];
        for (let p = op[i]; p < op[i + 1]; p++) {
          const a = rate * ov[2 * p], b = rate * ov[2 * p + 1];
          for (let q = op[j]; q < op[j + 1]; q++) {
            const x = ov[2 * q], y = ov[2 * q + 1];
            ek[m] = oc[p]; el[m] = oc[q]; ez[2 * m] = a * x + b * y; ez[2 * m + 1] = b * x - a * y; m++; // γ o_ik conj(o_jl) ρ_kl
          }
        }
      }
      // Merge per sector column (the row's norm) and add z·ρ_kl to L(ρ)_ij.
      let nt = 0, rr = 0, ri = 0;
      for (let t = 0; t < m; t++) {
        const k = ek[t], l = el[t], zr = ez[2 * t], zi = ez[2 * t + 1], v = s.index(k, l);
        if (v < 0) throw new LinalgError(`internal error: L couples the sector to ρ_${k},${l} outside it`);
        if (mark[v] !== u) { mark[v] = u; touched[nt++] = v; acc[2 * v] = 0; acc[2 * v + 1] = 0; }
        acc[2 * v] += zr; acc[2 * v + 1] += zi;
        const q = rho.slot(k, l);
        if (q < 0) continue; // ρ_kl = 0 (between blocks)
        const xr = data[q], xi = data[q + 1];
        rr += zr * xr - zi * xi; ri += zr * xi + zi * xr;
      }
      sum += (i === j ? 1 : 2) * (rr * rr + ri * ri);
      let row = 0;
      for (let t = 0; t < nt; t++) { const v = touched[t]; row += modulus(acc[2 * v], acc[2 * v + 1]); }
      if (row > norm) norm = row;
    }
    return { residual: Math.sqrt(sum), norm };
  }
}

/** The largest number of stored entries in a row of a. */
function longestRow(a: CsrMatrix): number {
  let w = 0;
  for (let i = 0; i < a.rows; i++) w = Math.max(w, a.rowPtr[i + 1] - a.rowPtr[i]);
  return w;
}

/** |a + ib|: √(a² + b²) where that neither overflows nor underflows (Math.hypot, slower, elsewhere). */
function modulus(a: number, b: number): number {
  const m2 = a * a + b * b;
  return m2 > 1e-290 && m2 < 1e290 ? Math.sqrt(m2) : Math.hypot(a, b);
}
