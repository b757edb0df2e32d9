/**
 * The certificate's measurements of a sector solution made in the sector, in time and memory proportional
 * to the sector: L maps the sector S to itself (its unknowns form components of L's coupling graph,
 * symmetry.ts / charge-sectors.ts) and ρ vanishes outside S, so L vec ρ vanishes outside S too and
 *     ‖L vec ρ‖₂² = Σ_{(i,j) ∈ S} |L(ρ)_ij|² = Σ_{i ∈ S} |L(ρ)_ii|² + 2 Σ_{(i,j) ∈ S, i<j} |L(ρ)_ij|²
 * (L(ρ) is Hermitian for Hermitian ρ). Each L(ρ)_ij is evaluated from the operators (liouvillian/row-entries.ts), independently of the
 * sector matrices the solve used (sector-system.ts), reading ρ from its final block form:
 *     L(ρ)_ij = Σ_k A_ik ρ_kj + Σ_l ρ_il conj(A_jl) + Σ_c γ_c Σ_kl o_ik ρ_kl conj(o_jl),
 * A = −iθ_H H − ½ Σ_c γ_c o_c†o_c — so a wrong sector matrix, numbering or block layout shows up in the
 * residual. Every entry of a row of S must land in S (else the sector argument failed: internal error).
 * The operator norm reported with it is ‖L_S‖_∞, the exact row-sum norm of L restricted to S (merged
 * entries), the norm of the operator ρ is a solution of; it is at most the full ‖L‖_∞, so the relative
 * residual is never smaller than the full-space one. Units: rate units.
 */
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { LiouvillianRowEntries } from '../liouvillian/row-entries.ts';
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
  /** The current row's entries before merging: coefficient z = (re, im) of ρ_kl. */
  private readonly entries = new LiouvillianRowEntries();

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
    const entries = this.entries;
    entries.prepare(lv, this.a, theta);
    const data = rho.entries, rowOf = s.rowOf, colOf = s.colOf;
    let sum = 0, norm = 0;
    mark.fill(-1);
    for (let u = 0; u < s.size; u++) {
      const i = rowOf[u], j = colOf[u];
      if (i > j) continue;
      // The entries of row (i, j) of L from the operators, unmerged; merged and numbered here, apart from the assembly.
      const m = entries.row(i, j), ek = entries.k, el = entries.l, ez = entries.z;
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

/** |a + ib|: √(a² + b²) where that neither overflows nor underflows (Math.hypot, slower, elsewhere). */
function modulus(a: number, b: number): number {
  const m2 = a * a + b * b;
  return m2 > 1e-290 && m2 < 1e290 ? Math.sqrt(m2) : Math.hypot(a, b);
}
