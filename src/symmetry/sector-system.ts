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
import { CsrMatrix, sortShort } from '../linalg/sparse.ts';
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
  return realCombination(lv, [t], [1], s, num);
}

/**
 * M(θ) = Σ_t θ_t M_t on the sector's real unknowns in one pass, for a system solved at one θ only (no
 * per-term matrices); terms with θ_t = 0 are skipped. Entries are summed in term order, so the values
 * can differ from summing separately merged per-term matrices in the last bit.
 */
export function realSectorMatrix(lv: TermRows & { readonly terms: readonly unknown[] }, theta: ArrayLike<number>, s: SectorIndex, num: RealNumbering): CsrMatrix {
  const ts: number[] = [], cs: number[] = [];
  for (let t = 0; t < lv.terms.length; t++) if (theta[t] !== 0) { ts.push(t); cs.push(+theta[t]); }
  return realCombination(lv, ts, cs, s, num);
}

/**
 * Σ_k c_k M_{t_k} built row by row: real unknown r = (i, j) and, for i < j, its imaginary partner r + 1
 * share one pass over L's row (i, j) of each term, merged in two column accumulators in emission order
 * (the same sums as collecting triplets and merging them), exact zeros dropped. O(entries of the rows).
 */
function realCombination(lv: TermRows, ts: readonly number[], cs: readonly number[], s: SectorIndex, num: RealNumbering): CsrMatrix {
  const size = num.size, rowPtr = new Int32Array(size + 1), realOf = num.realOf;
  let colIdx = new Int32Array(4 * size + 16), values = new Float64Array(2 * colIdx.length), nz = 0;
  const acc0 = new Float64Array(size), acc1 = new Float64Array(size), mark0 = new Int32Array(size).fill(-1), mark1 = new Int32Array(size).fill(-1);
  const cols0 = new Int32Array(size), cols1 = new Int32Array(size);
  let row = 0, n0 = 0, n1 = 0, c = 1, withImag = false;
  const put0 = (col: number, v: number) => {
    if (v === 0) return;
    if (mark0[col] !== row) { mark0[col] = row; acc0[col] = 0; cols0[n0++] = col; }
    acc0[col] += v;
  };
  const put1 = (col: number, v: number) => {
    if (v === 0) return;
    if (mark1[col] !== row) { mark1[col] = row; acc1[col] = 0; cols1[n1++] = col; }
    acc1[col] += v;
  };
  const flush = (cols: Int32Array, acc: Float64Array, m: number, r: number) => {
    sortShort(cols, m);
    if (nz + m > colIdx.length) {
      const grown = new Int32Array(2 * (nz + m)), gv = new Float64Array(2 * grown.length);
      grown.set(colIdx); gv.set(values);
      colIdx = grown; values = gv;
    }
    for (let q = 0; q < m; q++) {
      const col = cols[q];
      if (acc[col] === 0) continue;
      colIdx[nz] = col; values[2 * nz] = acc[col]; nz++;
    }
    rowPtr[r + 1] = nz;
  };
  const emit = (k: number, l: number, zr: number, zi: number) => {
    const u = s.index(k, l);
    if (u < 0) leaves(k, l);
    const a = realOf[u];
    zr *= c; zi *= c;
    if (k === l) {
      put0(a, zr);
      if (withImag) put1(a, zi);
      return;
    }
    const sg = k < l ? 1 : -1; // ρ_kl = a + i·sg·b
    put0(a, zr); put0(a + 1, -sg * zi);
    if (withImag) { put1(a, zi); put1(a + 1, sg * zr); }
  };
  for (let r = 0; r < size; r++) {
    if (num.isImag[r]) continue;
    const i = num.rowOf[r], j = num.colOf[r];
    withImag = i !== j;
    row = r; n0 = 0; n1 = 0;
    for (let k = 0; k < ts.length; k++) { c = cs[k]; lv.termRow(ts[k], i, j, emit); }
    flush(cols0, acc0, n0, r);
    if (withImag) flush(cols1, acc1, n1, r + 1);
  }
  return new CsrMatrix(size, size, rowPtr, colIdx.slice(0, nz), values.slice(0, 2 * nz));
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
