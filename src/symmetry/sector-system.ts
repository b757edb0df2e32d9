/**
 * The steady-state equations restricted to one sector, per Liouvillian term, so that a sweep can form
 * M(θ) = Σ_t θ_t M_t without re-assembling.
 *
 * Real parametrisation (self-conjugate sectors, e.g. the diagonal one): a Hermitian ρ has the real
 * unknowns ρ_kk and (Re ρ_jk, Im ρ_jk) for j < k, as many as the sector has complex unknowns, and
 * L(ρ) is Hermitian, so the equations Re L(ρ)_kk = 0, Re L(ρ)_jk = 0, Im L(ρ)_jk = 0 (j < k) form a square
 * real system — the same size, a quarter of the arithmetic of the complex one, and ρ comes out exactly
 * Hermitian. With z = L_(i,j),(k,l) and ρ_kl = a ± ib (+ for k < l, − for k > l via ρ_kl = conj ρ_lk):
 *     Re(zρ_kl) = Re z·a ∓ Im z·b,   Im(zρ_kl) = Im z·a ± Re z·b.
 * Unknown and equation r share one numbering. The complex form (any sector) numbers unknowns as the
 * Sector does. Units: those of L.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { LinalgError } from '../linalg/errors.ts';
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import type { Sector } from './symmetry.ts';

/** What the builders below need of a sector (symmetry.ts's Sector, or dicke-sector.ts's zero-charge sector). */
export type SectorIndex = Pick<Sector, 'size' | 'rowOf' | 'colOf' | 'index'>;
/** What they need of a Liouvillian: its rows term by term (FactoredLiouvillian, or liouvillian/dicke-cavity.ts). */
export type TermRows = Pick<FactoredLiouvillian, 'termRow'>;

/** Numbering of the real unknowns of a self-conjugate sector. */
export interface RealNumbering {
  /** Number of real unknowns (= sector size). */
  readonly size: number;
  /** For sector unknown u = (i, j): the real index of ρ_ii, or of Re ρ_min(i,j)max(i,j) (Im is the next one). */
  readonly realOf: Int32Array;
  /** (i, j), i ≤ j, of each real unknown r, and whether it is the imaginary part. */
  readonly rowOf: Int32Array;
  readonly colOf: Int32Array;
  readonly isImag: Uint8Array;
  /** Real indices of the diagonal unknowns ρ_kk. */
  readonly diagonal: Int32Array;
}

/** Numbers the real unknowns of a sector closed under (i, j) ↦ (j, i). */
export function realNumbering(s: SectorIndex): RealNumbering {
  const size = s.size, realOf = new Int32Array(size).fill(-1);
  const rowOf = new Int32Array(size), colOf = new Int32Array(size), isImag = new Uint8Array(size);
  const diagonal: number[] = [];
  let r = 0;
  for (let u = 0; u < size; u++) {
    const i = s.rowOf[u], j = s.colOf[u];
    if (i > j) continue;
    realOf[u] = r;
    rowOf[r] = i; colOf[r] = j;
    if (i === j) { diagonal.push(r); r++; continue; }
    const v = s.index(j, i);
    if (v < 0) throw new LinalgError(`sector is not closed under conjugation: (${j}, ${i}) is missing`);
    realOf[v] = r;
    rowOf[r + 1] = i; colOf[r + 1] = j; isImag[r + 1] = 1;
    r += 2;
  }
  return { size, realOf, rowOf, colOf, isImag, diagonal: Int32Array.from(diagonal) };
}

function leaves(k: number, l: number): never {
  throw new LinalgError(`internal error: L couples the sector to ρ_${k},${l} outside it`);
}

/** Real matrix M_t (unit coefficient) of term t on the sector's real unknowns (CSR, zero imaginary parts). */
export function realTermMatrix(lv: TermRows, t: number, s: SectorIndex, num: RealNumbering): CsrMatrix {
  let ri = new Int32Array(8 * num.size + 16), ci = new Int32Array(ri.length), val = new Float64Array(ri.length), nz = 0;
  const put = (r: number, c: number, v: number) => {
    if (v === 0) return;
    if (nz === ri.length) {
      const g = <T extends Int32Array | Float64Array>(a: T, b: T): T => { b.set(a); return b; };
      ri = g(ri, new Int32Array(2 * nz)); ci = g(ci, new Int32Array(2 * nz)); val = g(val, new Float64Array(2 * nz));
    }
    ri[nz] = r; ci[nz] = c; val[nz++] = v;
  };
  for (let r = 0; r < num.size; r++) {
    if (num.isImag[r]) continue;
    const i = num.rowOf[r], j = num.colOf[r], withImag = i !== j;
    lv.termRow(t, i, j, (k, l, zr, zi) => {
      const u = s.index(k, l);
      if (u < 0) leaves(k, l);
      const a = num.realOf[u];
      if (k === l) {
        put(r, a, zr);
        if (withImag) put(r + 1, a, zi);
        return;
      }
      const sg = k < l ? 1 : -1; // ρ_kl = a + i·sg·b
      put(r, a, zr); put(r, a + 1, -sg * zi);
      if (withImag) { put(r + 1, a, zi); put(r + 1, a + 1, sg * zr); }
    });
  }
  return CsrMatrix.fromTriplets(num.size, num.size, ri.subarray(0, nz), ci.subarray(0, nz), val.subarray(0, nz), new Float64Array(nz));
}

/** Complex matrix of term t (unit coefficient) on a sector's complex unknowns. */
export function complexTermMatrix(lv: TermRows, t: number, s: SectorIndex): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let u = 0; u < s.size; u++) {
    lv.termRow(t, s.rowOf[u], s.colOf[u], (k, l, zr, zi) => {
      const c = s.index(k, l);
      if (c < 0) leaves(k, l);
      ri.push(u); ci.push(c); re.push(zr); im.push(zi);
    });
  }
  return CsrMatrix.fromTriplets(s.size, s.size, ri, ci, re, im);
}

/** Σ_t θ_t M_t (terms with θ_t = 0 skipped). */
export function combine(size: number, terms: ReadonlyArray<CsrMatrix>, theta: ArrayLike<number>): CsrMatrix {
  const parts = terms.flatMap((m, t) => (theta[t] === 0 ? [] : [m.scale(theta[t])]));
  return parts.length === 0 ? CsrMatrix.zeros(size) : CsrMatrix.sum(parts);
}
