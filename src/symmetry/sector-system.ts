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
import { productError } from '../linalg/double-double.ts';
import { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { LiouvillianRowEntries } from '../liouvillian/row-entries.ts';

/** 2⁻⁸ of the relative data error ETA = 2⁻⁵⁰ that the steady solve assumes in every entry (steady/sector-solve.ts). */
const RELATIVE_SHARE = 2 ** -58;
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
  return realCombination(lv, [t], [1], s, num).matrix;
}

/**
 * M(θ) = Σ_t θ_t M_t on the sector's real unknowns in one pass, for a system solved at one θ only (no
 * per-term matrices); terms with θ_t = 0 are skipped. A FactoredLiouvillian's rows come from its operators
 * (realFromOperators), others' from termRow. Either way every entry arrives with the exact rounding errors
 * of its products and partial sums (A's by aLow, o†o's by kLow) and RealRows sums them compensated: an
 * entry that cancels in exact arithmetic — a population's dephasing γ − ½γ − ½γ over several channels, or
 * |o_kk|² − Σ_p |o_pk|² of a near-projector — comes out exact, not a rounding residue ~1e-16·max γ, which
 * against transfer rates ~|H|²/γ had moved populations by up to 8e-7 while the certificate vouched for
 * 1e-15 (test/steady/assembly-cancellation.test.ts). The values can differ from summing the per-term
 * matrices in the last bit.
 */
export function realSectorMatrix(lv: TermRows & { readonly terms: readonly unknown[] }, theta: ArrayLike<number>, s: SectorIndex, num: RealNumbering): CsrMatrix {
  return realSectorSystem(lv, theta, s, num).matrix;
}

/**
 * Entries of an assembled M whose compensated sum may be off by more than a small part of ETA·|M_ij| (the
 * relative data error the solve's error estimate assumes): (row, col, bound on |error|), in M's units. A
 * sum that cancels by a factor beyond ~1e10–1e14 (rates spanning that many decades on terms that cancel
 * exactly, e.g. a channel proportional to the identity) leaves an error ~(n·u)²·Σ|summands| (Neumaier's
 * sum of n double-double summands, u = 2⁻⁵³) that no relative bound covers. Empty for most models.
 */
export interface AssemblyErrors { rows: number[]; cols: number[]; bounds: number[] }

/** realSectorMatrix with the entries whose assembly error exceeds the relative one (AssemblyErrors). */
export function realSectorSystem(lv: TermRows & { readonly terms: readonly unknown[] }, theta: ArrayLike<number>, s: SectorIndex, num: RealNumbering): { matrix: CsrMatrix; errors: AssemblyErrors } {
  if (lv instanceof FactoredLiouvillian) return realFromOperators(lv, theta, s, num);
  const ts: number[] = [], cs: number[] = [];
  for (let t = 0; t < lv.terms.length; t++) if (theta[t] !== 0) { ts.push(t); cs.push(+theta[t]); }
  return realCombination(lv, ts, cs, s, num);
}

/**
 * realSectorMatrix of a FactoredLiouvillian from L(ρ) = Aρ + ρA† + Σ_c θ_c o_c ρ o_c† (A = aOnly(θ)):
 * row (i, j) has A_ik at (k, j), conj(A_jl) at (i, l) and θ_c o_ik conj(o_jl) at (k, l), each with its
 * rounding error (LiouvillianRowEntries.zLo).
 */
function realFromOperators(lv: FactoredLiouvillian, theta: ArrayLike<number>, s: SectorIndex, num: RealNumbering): { matrix: CsrMatrix; errors: AssemblyErrors } {
  const entries = new LiouvillianRowEntries(), a = lv.aOnly(theta);
  entries.prepare(lv, a, theta, lv.aLow(theta, a.values));
  const rows = new RealRows(s, num);
  for (let r = 0; r < num.size; r++) {
    if (num.isImag[r]) continue;
    const i = num.rowOf[r], j = num.colOf[r];
    // The entries of complex row (i, j) of L, added in emission order (one call site).
    const m = entries.row(i, j), ek = entries.k, el = entries.l, ez = entries.z, lo = entries.zLo;
    rows.begin(r, i !== j);
    for (let t = 0; t < m; t++) rows.add(ek[t], el[t], ez[2 * t], ez[2 * t + 1], lo[2 * t], lo[2 * t + 1]);
    rows.end();
  }
  return { matrix: rows.matrix(), errors: rows.errors };
}

/** Σ_k c_k M_{t_k} from the terms' rows (termRow), row by row in RealRows. */
function realCombination(lv: TermRows, ts: readonly number[], cs: readonly number[], s: SectorIndex, num: RealNumbering): { matrix: CsrMatrix; errors: AssemblyErrors } {
  const rows = new RealRows(s, num);
  let c = 1;
  // c·z with the exact errors of both products (and of z itself, when the term row gives them)
  const emit = (k: number, l: number, zr: number, zi: number, zrLo = 0, ziLo = 0) => {
    if (c === 1) { rows.add(k, l, zr, zi, zrLo, ziLo); return; }
    const pr = c * zr, pi = c * zi;
    rows.add(k, l, pr, pi, productError(c, zr, pr) + c * zrLo, productError(c, zi, pi) + c * ziLo);
  };
  for (let r = 0; r < num.size; r++) {
    if (num.isImag[r]) continue;
    const i = num.rowOf[r], j = num.colOf[r];
    rows.begin(r, i !== j);
    for (let k = 0; k < ts.length; k++) { c = cs[k]; lv.termRow(ts[k], i, j, emit); }
    rows.end();
  }
  return { matrix: rows.matrix(), errors: rows.errors };
}

/**
 * The real rows of a sector matrix built in order: the entries of complex row (i, j) of L, added as
 * coefficients z of ρ_kl, go to real row r (Re of equation (i, j)) and, for i < j, to r + 1 (Im),
 *     Re(zρ_kl) = Re z·a ∓ Im z·b,   Im(zρ_kl) = Im z·a ± Re z·b   (module comment),
 * merged per column with Neumaier's compensated sum (each addition's rounding error, exact by TwoSum, is
 * summed apart and added back at the end: a sum that cancels exactly in exact arithmetic comes out 0, not
 * a rounding residue of its largest term), exact zeros dropped. O(entries) time, no triplet buffers.
 */
class RealRows {
  private readonly s: SectorIndex;
  private readonly realOf: Int32Array;
  private readonly rowPtr: Int32Array;
  private colIdx: Int32Array;
  private values: Float64Array;
  private nz = 0;
  private readonly acc0: Float64Array;
  private readonly acc1: Float64Array;
  /** Neumaier compensations of acc0 / acc1: the rounding errors of their additions, summed. */
  private readonly comp0: Float64Array;
  private readonly comp1: Float64Array;
  /** Σ|summand| per column of the current row(s), and the number of summands of each real row. */
  private readonly mag0: Float64Array;
  private readonly mag1: Float64Array;
  private puts0 = 0;
  private puts1 = 0;
  /** Entries whose compensated sum may be off by more than the relative data error (AssemblyErrors). */
  readonly errors: AssemblyErrors = { rows: [], cols: [], bounds: [] };
  private readonly mark0: Int32Array;
  private readonly mark1: Int32Array;
  private readonly cols0: Int32Array;
  private readonly cols1: Int32Array;
  private n0 = 0;
  private n1 = 0;
  private row = 0;
  private withImag = false;

  constructor(s: SectorIndex, num: RealNumbering) {
    const size = num.size;
    this.s = s;
    this.realOf = num.realOf;
    this.rowPtr = new Int32Array(size + 1);
    this.colIdx = new Int32Array(4 * size + 16);
    this.values = new Float64Array(2 * this.colIdx.length);
    this.acc0 = new Float64Array(size); this.acc1 = new Float64Array(size);
    this.comp0 = new Float64Array(size); this.comp1 = new Float64Array(size);
    this.mag0 = new Float64Array(size); this.mag1 = new Float64Array(size);
    this.mark0 = new Int32Array(size).fill(-1); this.mark1 = new Int32Array(size).fill(-1);
    this.cols0 = new Int32Array(size); this.cols1 = new Int32Array(size);
  }

  /** Starts real row r (and r + 1 when `withImag`). */
  begin(r: number, withImag: boolean): void {
    this.row = r; this.withImag = withImag; this.n0 = 0; this.n1 = 0; this.puts0 = 0; this.puts1 = 0;
  }

  /**
   * Adds z = zr + i·zi as the coefficient of ρ_kl in the current complex row; zrLo, ziLo: the rounding
   * errors of zr, zi (summed too, so that the entry is z's exact sum to about twice the working precision).
   */
  add(k: number, l: number, zr: number, zi: number, zrLo = 0, ziLo = 0): void {
    const u = this.s.index(k, l);
    if (u < 0) leaves(k, l);
    const a = this.realOf[u];
    if (k === l) {
      this.put0(a, zr); this.put0(a, zrLo);
      if (this.withImag) { this.put1(a, zi); this.put1(a, ziLo); }
      return;
    }
    const sg = k < l ? 1 : -1; // ρ_kl = a + i·sg·b
    this.put0(a, zr); this.put0(a, zrLo); this.put0(a + 1, -sg * zi); this.put0(a + 1, -sg * ziLo);
    if (this.withImag) { this.put1(a, zi); this.put1(a, ziLo); this.put1(a + 1, sg * zr); this.put1(a + 1, sg * zrLo); }
  }

  /** Writes the current row(s). */
  end(): void {
    this.flush(this.cols0, this.acc0, this.comp0, this.mag0, this.puts0, this.n0, this.row);
    if (this.withImag) this.flush(this.cols1, this.acc1, this.comp1, this.mag1, this.puts1, this.n1, this.row + 1);
  }

  matrix(): CsrMatrix {
    const size = this.rowPtr.length - 1;
    return new CsrMatrix(size, size, this.rowPtr, this.colIdx.slice(0, this.nz), this.values.slice(0, 2 * this.nz));
  }

  private put0(col: number, v: number): void {
    if (v === 0) return;
    if (this.mark0[col] !== this.row) { this.mark0[col] = this.row; this.acc0[col] = 0; this.comp0[col] = 0; this.mag0[col] = 0; this.cols0[this.n0++] = col; }
    this.mag0[col] += Math.abs(v);
    this.puts0++;
    const a = this.acc0[col], t = a + v;
    this.comp0[col] += Math.abs(a) >= Math.abs(v) ? (a - t) + v : (v - t) + a;
    this.acc0[col] = t;
  }

  private put1(col: number, v: number): void {
    if (v === 0) return;
    if (this.mark1[col] !== this.row) { this.mark1[col] = this.row; this.acc1[col] = 0; this.comp1[col] = 0; this.mag1[col] = 0; this.cols1[this.n1++] = col; }
    this.mag1[col] += Math.abs(v);
    this.puts1++;
    const a = this.acc1[col], t = a + v;
    this.comp1[col] += Math.abs(a) >= Math.abs(v) ? (a - t) + v : (v - t) + a;
    this.acc1[col] = t;
  }

  /**
   * Writes row r's entries (exact zeros dropped) and records in `errors` those whose sum may be off by more
   * than 2⁻⁸·ETA·|M_rc| (for an entry that came out 0: 2⁻²⁰·ETA·max_c |M_rc|): bound (puts² + 4)·u²·Σ|summands|.
   */
  private flush(cols: Int32Array, acc: Float64Array, comp: Float64Array, mag: Float64Array, puts: number, m: number, r: number): void {
    sortShort(cols, m);
    const unit = (puts * puts + 4) * 2 ** -106;
    let top = 0;
    for (let q = 0; q < m; q++) {
      const col = cols[q], e = comp[col], v = e - e === 0 ? acc[col] + e : acc[col]; // a sum that overflowed keeps its ±∞
      acc[col] = v;
      if (Math.abs(v) > top) top = Math.abs(v);
    }
    for (let q = 0; q < m; q++) {
      const col = cols[q], v = acc[col], bound = unit * mag[col];
      if (bound > RELATIVE_SHARE * (v === 0 ? 2 ** -12 * top : Math.abs(v))) { this.errors.rows.push(r); this.errors.cols.push(col); this.errors.bounds.push(bound); }
    }
    if (this.nz + m > this.colIdx.length) {
      const grown = new Int32Array(2 * (this.nz + m)), gv = new Float64Array(2 * grown.length);
      grown.set(this.colIdx); gv.set(this.values);
      this.colIdx = grown; this.values = gv;
    }
    let nz = this.nz;
    for (let q = 0; q < m; q++) {
      const col = cols[q], v = acc[col];
      if (v === 0) continue;
      this.colIdx[nz] = col; this.values[2 * nz] = v; nz++;
    }
    this.nz = nz;
    this.rowPtr[r + 1] = nz;
  }
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
