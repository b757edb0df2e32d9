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
import type { Sector } from './symmetry.ts';

/** 2⁻⁸ of the relative data error ETA = 2⁻⁵⁰ that the steady solve assumes in every entry (steady/sector-solve.ts). */
const RELATIVE_SHARE = 2 ** -58;

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
 * sum of n double-double summands, u = 2⁻⁵³) that no relative bound covers. Empty for most models, and
 * always for a Liouvillian that is not a FactoredLiouvillian (its rows come by termRow: not checked).
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
    let total = 0;
    for (let t = 0; t < m; t++) {
      rows.add(ek[t], el[t], ez[2 * t], ez[2 * t + 1], lo[2 * t], lo[2 * t + 1]);
      total += Math.abs(ez[2 * t]) + Math.abs(ez[2 * t + 1]);
    }
    if (rows.end(total, m)) { // rare: an entry might carry an assembly error beyond the relative one
      for (let t = 0; t < m; t++) rows.addMagnitude(ek[t], el[t], ez[2 * t], ez[2 * t + 1], lo[2 * t], lo[2 * t + 1]);
      rows.recordErrors();
    }
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

/** Where RealRows sends a summand v (with its rounding error lo) of column col of one real row. */
interface RowSink { put(col: number, v: number, lo: number): void }

/**
 * One real row's entries being summed: per column, Neumaier's compensated sum of the summands (each
 * addition's rounding error, exact by TwoSum, summed apart and added back at the end: a sum that cancels
 * exactly in exact arithmetic comes out 0, not a rounding residue of its largest term), and the columns
 * touched. After RealRows.flush, acc holds each column's value.
 */
class RowSum implements RowSink {
  readonly acc: Float64Array;
  readonly comp: Float64Array;
  private readonly mark: Int32Array;
  readonly cols: Int32Array;
  count = 0;
  /** max |value| of the flushed row. */
  top = 0;
  private row = -1;

  constructor(size: number) {
    this.acc = new Float64Array(size); this.comp = new Float64Array(size);
    this.mark = new Int32Array(size).fill(-1); this.cols = new Int32Array(size);
  }

  begin(r: number): void {
    this.row = r; this.count = 0;
  }

  /** Adds v + lo (a summand and its rounding error) to column col: v, then lo, each by TwoSum (zeros skipped). */
  put(col: number, v: number, lo: number): void {
    if (v === 0 && lo === 0) return;
    if (this.mark[col] !== this.row) { this.mark[col] = this.row; this.acc[col] = 0; this.comp[col] = 0; this.cols[this.count++] = col; }
    let a = this.acc[col], c = this.comp[col];
    if (v !== 0) { const t = a + v; c += Math.abs(a) >= Math.abs(v) ? (a - t) + v : (v - t) + a; a = t; }
    if (lo !== 0) { const t = a + lo; c += Math.abs(a) >= Math.abs(lo) ? (a - t) + lo : (lo - t) + a; a = t; }
    this.acc[col] = a;
    this.comp[col] = c;
  }
}

/**
 * Σ|summand| per column of one real row and the number of summands: a second pass over a row's entries,
 * for rows that need it only, on the columns its RowSum touched (reset first).
 */
class RowMagnitude implements RowSink {
  readonly mag: Float64Array;
  puts = 0;

  constructor(size: number) {
    this.mag = new Float64Array(size);
  }

  reset(row: RowSum): void {
    for (let q = 0; q < row.count; q++) this.mag[row.cols[q]] = 0;
    this.puts = 0;
  }

  put(col: number, v: number, lo: number): void {
    if (v === 0 && lo === 0) return;
    this.mag[col] += Math.abs(v);
    this.puts += 2;
  }
}

/** (P² + 4)·u², u = 2⁻⁵³: Neumaier's sum of P exact summands is within u|s| + (P² + 4)u²·Σ|summands| of it. */
const neumaierUnit = (puts: number): number => (puts * puts + 4) * 2 ** -106;

/**
 * The real rows of a sector matrix built in order: the entries of complex row (i, j) of L, added as
 * coefficients z of ρ_kl, go to real row r (Re of equation (i, j)) and, for i < j, to r + 1 (Im),
 *     Re(zρ_kl) = Re z·a ∓ Im z·b,   Im(zρ_kl) = Im z·a ± Re z·b   (module comment),
 * merged per column by compensated sums (RowSum), exact zeros dropped. O(entries) time, no triplet buffers.
 * Assembly errors (AssemblyErrors): `end(total, m)` flags a row where some entry might exceed the relative
 * share from the row's Σ|z| (`total`, at most m complex entries); only such rows are added again as
 * magnitudes (addMagnitude, then recordErrors), which gives each entry's own bound.
 */
class RealRows {
  private readonly s: SectorIndex;
  private readonly realOf: Int32Array;
  private readonly rowPtr: Int32Array;
  private colIdx: Int32Array;
  private values: Float64Array;
  private nz = 0;
  /** Row r (Re of the equation) and r + 1 (Im), and their magnitudes when a row is checked. */
  private readonly re: RowSum;
  private readonly im: RowSum;
  private magnitudes: { re: RowMagnitude; im: RowMagnitude } | null = null;
  /** Entries whose compensated sum may be off by more than the relative data error (AssemblyErrors). */
  readonly errors: AssemblyErrors = { rows: [], cols: [], bounds: [] };
  private row = 0;
  private withImag = false;

  constructor(s: SectorIndex, num: RealNumbering) {
    const size = num.size;
    this.s = s;
    this.realOf = num.realOf;
    this.rowPtr = new Int32Array(size + 1);
    this.colIdx = new Int32Array(4 * size + 16);
    this.values = new Float64Array(2 * this.colIdx.length);
    this.re = new RowSum(size);
    this.im = new RowSum(size);
  }

  /** Starts real row r (and r + 1 when `withImag`). */
  begin(r: number, withImag: boolean): void {
    this.row = r; this.withImag = withImag; this.re.begin(r); this.im.begin(r);
  }

  /**
   * Adds z = zr + i·zi as the coefficient of ρ_kl in the current complex row; zrLo, ziLo: the rounding
   * errors of zr, zi (summed too, so that the entry is z's exact sum to about twice the working precision).
   */
  add(k: number, l: number, zr: number, zi: number, zrLo = 0, ziLo = 0): void {
    this.addTo(this.re, this.im, k, l, zr, zi, zrLo, ziLo);
  }

  /** add, into the magnitudes of the row (after end() flagged it). */
  addMagnitude(k: number, l: number, zr: number, zi: number, zrLo = 0, ziLo = 0): void {
    const m = this.magnitudes!;
    this.addTo(m.re, m.im, k, l, zr, zi, zrLo, ziLo);
  }

  private addTo(re: RowSink, im: RowSink, k: number, l: number, zr: number, zi: number, zrLo: number, ziLo: number): void {
    const u = this.s.index(k, l);
    if (u < 0) leaves(k, l);
    const a = this.realOf[u];
    if (k === l) {
      re.put(a, zr, zrLo);
      if (this.withImag) im.put(a, zi, ziLo);
      return;
    }
    const sg = k < l ? 1 : -1; // ρ_kl = a + i·sg·b
    re.put(a, zr, zrLo); re.put(a + 1, -sg * zi, -sg * ziLo);
    if (this.withImag) { im.put(a, zi, ziLo); im.put(a + 1, sg * zr, sg * zrLo); }
  }

  /**
   * Writes the current row(s). `total`: Σ (|Re z| + |Im z|) over the row's m complex entries, a bound on
   * Σ|summands| of any of its entries (0: not checked). True when an entry's assembly error might exceed
   * the relative share: then add the row's entries again with addMagnitude and call recordErrors.
   */
  end(total = 0, m = 0): boolean {
    const bound = neumaierUnit(4 * m) * total;
    let flagged = this.flush(this.re, this.row, bound);
    if (this.withImag) flagged = this.flush(this.im, this.row + 1, bound) || flagged;
    if (!flagged) return false;
    const size = this.rowPtr.length - 1;
    const mags = (this.magnitudes ??= { re: new RowMagnitude(size), im: new RowMagnitude(size) });
    mags.re.reset(this.re); mags.im.reset(this.im);
    return true;
  }

  /** After a flagged row's addMagnitude calls: records its entries whose bound exceeds the relative share. */
  recordErrors(): void {
    const m = this.magnitudes!;
    this.record(this.re, m.re, this.row);
    if (this.withImag) this.record(this.im, m.im, this.row + 1);
  }

  matrix(): CsrMatrix {
    const size = this.rowPtr.length - 1;
    return new CsrMatrix(size, size, this.rowPtr, this.colIdx.slice(0, this.nz), this.values.slice(0, 2 * this.nz));
  }

  /** Whether an assembly error `bound` exceeds the relative share of entry value v (row maximum `top`). */
  private static exceeds(bound: number, v: number, top: number): boolean {
    return bound > RELATIVE_SHARE * (v === 0 ? 2 ** -12 * top : Math.abs(v));
  }

  private record(row: RowSum, mag: RowMagnitude, r: number): void {
    const unit = neumaierUnit(mag.puts);
    for (let q = 0; q < row.count; q++) {
      const col = row.cols[q], bound = unit * mag.mag[col];
      if (RealRows.exceeds(bound, row.acc[col], row.top)) { this.errors.rows.push(r); this.errors.cols.push(col); this.errors.bounds.push(bound); }
    }
  }

  /**
   * Writes row r's entries (exact zeros dropped); true when an entry's value is small enough against the
   * row's error `bound` (an upper bound for every entry) that its own bound must be looked at.
   */
  private flush(row: RowSum, r: number, bound: number): boolean {
    const { cols, acc, comp, count: m } = row;
    sortShort(cols, m);
    let top = 0;
    for (let q = 0; q < m; q++) {
      const col = cols[q], e = comp[col], v = e - e === 0 ? acc[col] + e : acc[col]; // a sum that overflowed keeps its ±∞
      acc[col] = v;
      if (Math.abs(v) > top) top = Math.abs(v);
    }
    row.top = top;
    if (this.nz + m > this.colIdx.length) {
      const grown = new Int32Array(2 * (this.nz + m)), gv = new Float64Array(2 * grown.length);
      grown.set(this.colIdx); gv.set(this.values);
      this.colIdx = grown; this.values = gv;
    }
    let nz = this.nz, flagged = false;
    for (let q = 0; q < m; q++) {
      const col = cols[q], v = acc[col];
      if (bound > 0 && !flagged && RealRows.exceeds(bound, v, top)) flagged = true;
      if (v === 0) continue;
      this.colIdx[nz] = col; this.values[2 * nz] = v; nz++;
    }
    this.nz = nz;
    this.rowPtr[r + 1] = nz;
    return flagged;
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
