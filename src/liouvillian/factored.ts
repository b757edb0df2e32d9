/**
 * The Liouvillian as a linear combination of fixed terms, never assembled as an n²×n² matrix:
 *
 *     L(ρ) = Σ_t θ_t L_t(ρ),   L_H(ρ) = −i(Hρ − ρH),   L_k(ρ) = o_k ρ o_k† − ½{o_k†o_k, ρ},
 *
 * θ_H the Hamiltonian's coefficient (1 for a model as given), θ_k = γ_k the channel rates. Equivalently
 * L(ρ) = Aρ + ρA† + Σ_k γ_k o_k ρ o_k† with A = −iθ_H H − ½ Σ_k γ_k o_k†o_k. With column stacking,
 * vec(ρ)[i + n·j] = ρ_ij, row (i, j) of L has the entries
 *     ((i,j),(k,j)) ∋ A_ik,   ((i,j),(i,l)) ∋ conj(A_jl),   ((i,j),(k,l)) ∋ γ_k o_ik conj(o_jl),
 * so a row costs O(nnz of a few operator rows) and L·vec ρ costs O(nnz(ρ)·nnz per column). Keeping the
 * terms apart lets a sweep change rates without rebuilding anything. Units: the model's rate units.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { PatternSum } from '../linalg/pattern-sum.ts';
import { lowPart, productError, sumError } from '../linalg/double-double.ts';
import { jumpFacts, jumpProductFrom, jumpProductLowFrom, jumpRowDataFrom, jumpTransposeFrom, type JumpFacts, type JumpRowData } from './jump-facts.ts';

export type { JumpRowData } from './jump-facts.ts';
import type { LindbladModel } from '../model/model.ts';

/** One fixed term L_t of the combination. */
export type LiouvillianTerm =
  | { readonly kind: 'hamiltonian'; readonly h: CsrMatrix }
  | { readonly kind: 'channel'; readonly o: CsrMatrix; readonly k: CsrMatrix; readonly channel: number };

/**
 * Receives one entry (k, l, re, im) of a row of L: the coefficient of ρ_kl. `reLo`, `imLo` (when given):
 * the rounding error of re, im, so that re + reLo is the entry to about twice the working precision (a
 * sink that sums entries exactly — sector-system.ts RealRows — keeps cancellations exact; others ignore it).
 */
export type EntrySink = (k: number, l: number, re: number, im: number, reLo?: number, imLo?: number) => void;

/** Which channels become terms: only those acting now (rate > 0), or every non-zero operator (sweeps). */
export type TermSelection = 'active' | 'all';

export class FactoredLiouvillian {
  readonly n: number;
  readonly terms: readonly LiouvillianTerm[];

  /** Lazily built: the union pattern of the A-parts (H and every o†o) and each jump's transpose. */
  private aSum: PatternSum | null = null;
  /** Scratch coefficients of A(θ) (re, im per term), reused by aMatrix. */
  private aCoefficients: { re: Float64Array; im: Float64Array } | null = null;
  /** Per channel term, the rounding errors of its k = o†o (kLow). */
  private readonly kLows: Array<Float64Array | undefined> = [];

  /** Per channel term, its operator's kept data (jump-facts.ts), checked once: on first use or by fromModel. */
  private readonly facts: Array<JumpFacts | undefined>;

  constructor(n: number, terms: readonly LiouvillianTerm[], facts: Array<JumpFacts | undefined> = []) {
    this.n = n;
    this.terms = terms;
    this.facts = facts;
  }

  /** The kept data of channel term t's operator. */
  private factsOf(t: number, what: string): { f: JumpFacts; o: CsrMatrix } {
    const term = this.terms[t];
    if (term.kind !== 'channel') throw new Error(`${what} of a Hamiltonian term`);
    return { f: (this.facts[t] ??= jumpFacts(term.o)), o: term.o };
  }

  /**
   * A(θ) = −iθ_H H − ½ Σ_k θ_k o_k†o_k and its transpose, on a pattern fixed for all θ; with `into` (an
   * earlier result) the values are written into its arrays instead of new ones.
   */
  aMatrix(theta: ArrayLike<number>, into?: { a: CsrMatrix; aT: CsrMatrix }): { a: CsrMatrix; aT: CsrMatrix } {
    if (into) {
      this.aOnly(theta, into.a.values);
      this.aSum!.transpose(into.a.values, into.aT.values);
      return into;
    }
    const a = this.aOnly(theta);
    return { a, aT: this.aSum!.transpose(a.values) };
  }

  /** A(θ) alone (aMatrix without the transpose); its values written into `into` when given (length 2·nnz). */
  aOnly(theta: ArrayLike<number>, into?: Float64Array): CsrMatrix {
    this.aSum ??= new PatternSum(this.terms.map((t) => (t.kind === 'hamiltonian' ? t.h : t.k)), this.n, this.n);
    const nt = this.terms.length, co = (this.aCoefficients ??= { re: new Float64Array(nt), im: new Float64Array(nt) }), re = co.re, im = co.im;
    for (let k = 0; k < nt; k++) {
      if (this.terms[k].kind === 'hamiltonian') { re[k] = 0; im[k] = -theta[k]; } else { re[k] = -0.5 * theta[k]; im[k] = 0; }
    }
    return this.aSum.matrix(this.aSum.values(re, im, into));
  }

  /**
   * The rounding errors of aOnly(θ)'s values `a` (interleaved re, im, aligned with them): a + aLow is
   * A(θ) = −iθ_H H − ½ Σ_c θ_c o_c†o_c to about twice the working precision (every product and sum
   * error-free, o†o's own errors from kLow). 0 where a sum overflowed.
   */
  aLow(theta: ArrayLike<number>, a: Float64Array): Float64Array {
    const sum = this.aSum;
    if (!sum || sum.pattern.nnz * 2 !== a.length) throw new Error('internal error: aLow needs the values of aOnly(θ)');
    const hi = new Float64Array(a.length), lo = new Float64Array(a.length);
    for (let t = 0; t < this.terms.length; t++) {
      const term = this.terms[t], slots = sum.slots[t], th = +theta[t];
      if (th === 0) continue;
      // (re, im) of coefficient × entry: −iθ·h = (θ·h_im, −θ·h_re) for H; −½θ·k for a channel (−½θ exact)
      const isH = term.kind === 'hamiltonian', v = isH ? term.h.values : term.k.values, kl = isH ? null : this.kLow(t);
      const c = isH ? th : -0.5 * th;
      for (let p = 0; p < slots.length; p++) {
        const at = 2 * slots[p];
        const u = isH ? v[2 * p + 1] : v[2 * p], w = isH ? -v[2 * p] : v[2 * p + 1];
        const x = c * u, y = c * w;
        const ex = productError(c, u, x) + (kl ? c * kl[2 * p] : 0), ey = productError(c, w, y) + (kl ? c * kl[2 * p + 1] : 0);
        let sNew = hi[at] + x;
        lo[at] += sumError(hi[at], x, sNew) + ex;
        hi[at] = sNew;
        sNew = hi[at + 1] + y;
        lo[at + 1] += sumError(hi[at + 1], y, sNew) + ey;
        hi[at + 1] = sNew;
      }
    }
    for (let q = 0; q < a.length; q++) lo[q] = lowPart(hi[q], lo[q], a[q]);
    return lo;
  }

  /** Row data of the jump of term t for ‖L‖_∞ bounds (independent of θ; kept per operator, jump-facts.ts). */
  jumpRowData(t: number): JumpRowData {
    const { f, o } = this.factsOf(t, 'jumpRowData');
    return jumpRowDataFrom(f, o, this.n);
  }

  /** oᵀ of the jump of term t (kept per operator, jump-facts.ts). */
  jumpTranspose(t: number): CsrMatrix {
    const { f, o } = this.factsOf(t, 'jumpTranspose');
    return jumpTransposeFrom(f, o);
  }

  /**
   * The terms of a model (Hamiltonian first when non-zero, then channels in order) and the model's own
   * coefficients θ (1 for H, γ_k for channel k). Channels with infinite rates are not representable.
   */
  static fromModel(model: LindbladModel, select: TermSelection = 'active'): { liouvillian: FactoredLiouvillian; coefficients: Float64Array } {
    const terms: LiouvillianTerm[] = [], facts: Array<JumpFacts | undefined> = [];
    const coefficients: number[] = [];
    if (model.hamiltonian.matrix.nnz > 0) {
      terms.push({ kind: 'hamiltonian', h: model.hamiltonian.matrix });
      facts.push(undefined);
      coefficients.push(1);
    }
    model.channels.forEach((c, index) => {
      if (c.operator.isZero() || (select === 'active' && !(c.rate > 0))) return;
      const o = c.operator.matrix, f = jumpFacts(o);
      terms.push({ kind: 'channel', o, k: jumpProductFrom(f, o), channel: index });
      facts.push(f);
      coefficients.push(c.rate);
    });
    return { liouvillian: new FactoredLiouvillian(model.space.dim, terms, facts), coefficients: Float64Array.from(coefficients) };
  }

  /**
   * The coefficients θ that make this combination equal to `model`'s Liouvillian, or null when the model
   * does not belong to the family: same space, every channel operator the same (by reference or value) as
   * the term's, and a Hamiltonian proportional to the family's (the ratio is θ_H). Channels without a
   * term must be inactive (rate 0 or zero operator). O(nnz of the operators).
   */
  coefficientsOf(model: LindbladModel): Float64Array | null {
    if (model.space.dim !== this.n) return null;
    const theta = new Float64Array(this.terms.length);
    const covered = new Set<number>();
    for (let t = 0; t < this.terms.length; t++) {
      const term = this.terms[t];
      if (term.kind === 'hamiltonian') {
        const ratio = proportionality(model.hamiltonian.matrix, term.h);
        if (ratio === null) return null;
        theta[t] = ratio;
      } else {
        const c = model.channels[term.channel];
        if (!c || !(c.rate < Infinity) || !sameMatrix(c.operator.matrix, term.o)) return null;
        theta[t] = c.rate;
        covered.add(term.channel);
      }
    }
    if (!this.terms.some((t) => t.kind === 'hamiltonian') && model.hamiltonian.matrix.nnz > 0) return null;
    for (let c = 0; c < model.channels.length; c++) {
      const ch = model.channels[c];
      if (!covered.has(c) && ch.rate > 0 && !ch.operator.isZero()) return null;
    }
    return theta;
  }

  /** Emits the entries of row (i, j) of the single term t (unit coefficient); duplicates are not merged. */
  termRow(t: number, i: number, j: number, emit: EntrySink): void {
    const term = this.terms[t];
    if (term.kind === 'hamiltonian') {
      const h = term.h, rp = h.rowPtr, ci = h.colIdx, v = h.values;
      for (let p = rp[i]; p < rp[i + 1]; p++) emit(ci[p], j, v[2 * p + 1], -v[2 * p]); // −i H_ik
      for (let p = rp[j]; p < rp[j + 1]; p++) emit(i, ci[p], v[2 * p + 1], v[2 * p]); // i conj(H_jl)
      return;
    }
    const k = term.k, kp = k.rowPtr, kc = k.colIdx, kv = k.values, kl = this.kLow(t);
    for (let p = kp[i]; p < kp[i + 1]; p++) emit(kc[p], j, -0.5 * kv[2 * p], -0.5 * kv[2 * p + 1], -0.5 * kl[2 * p], -0.5 * kl[2 * p + 1]);
    for (let p = kp[j]; p < kp[j + 1]; p++) emit(i, kc[p], -0.5 * kv[2 * p], 0.5 * kv[2 * p + 1], -0.5 * kl[2 * p], 0.5 * kl[2 * p + 1]);
    const o = term.o, op = o.rowPtr, oc = o.colIdx, ov = o.values;
    for (let p = op[i]; p < op[i + 1]; p++) {
      const a = ov[2 * p], b = ov[2 * p + 1];
      for (let q = op[j]; q < op[j + 1]; q++) {
        const c = ov[2 * q], d = ov[2 * q + 1];
        // o_ik · conj(o_jl), with the exact rounding errors of its products and sums
        const p1 = a * c, p2 = b * d, re = p1 + p2, q1 = b * c, q2 = a * d, im = q1 - q2;
        emit(oc[p], oc[q], re, im,
          productError(a, c, p1) + productError(b, d, p2) + sumError(p1, p2, re),
          productError(b, c, q1) - productError(a, d, q2) + sumError(q1, -q2, im));
      }
    }
  }

  /**
   * The rounding errors of channel term t's k = o†o (values aligned with k's entries, interleaved re, im):
   * k_il + kLow_il = Σ_q conj(o_qi) o_ql to about twice the working precision (double-double dot products,
   * linalg/double-double.ts). Kept per operator (jump-facts.ts), and per term here.
   */
  private kLow(t: number): Float64Array {
    const cached = this.kLows[t];
    if (cached) return cached;
    const term = this.terms[t] as Extract<LiouvillianTerm, { kind: 'channel' }>, { f } = this.factsOf(t, 'kLow');
    return (this.kLows[t] = jumpProductLowFrom(f, term.o, term.k));
  }

}

/** True if two sparse matrices are the same object or have identical pattern and values. */
export function sameMatrix(a: CsrMatrix, b: CsrMatrix): boolean {
  if (a === b) return true;
  if (a.rows !== b.rows || a.cols !== b.cols || a.nnz !== b.nnz) return false;
  for (let i = 0; i <= a.rows; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return false;
  for (let p = 0; p < a.nnz; p++) {
    if (a.colIdx[p] !== b.colIdx[p] || a.values[2 * p] !== b.values[2 * p] || a.values[2 * p + 1] !== b.values[2 * p + 1]) return false;
  }
  return true;
}

/** The real c with a = c·b entry by entry (same pattern; 0 when a = 0), or null. Relative tolerance 1e-14. */
function proportionality(a: CsrMatrix, b: CsrMatrix): number | null {
  if (a === b) return 1;
  if (a.nnz === 0) return 0;
  if (a.nnz !== b.nnz || a.rows !== b.rows) return null;
  let c = NaN;
  for (let i = 0; i <= a.rows; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return null;
  for (let p = 0; p < a.nnz; p++) {
    if (a.colIdx[p] !== b.colIdx[p]) return null;
    const br = b.values[2 * p], bi = b.values[2 * p + 1], ar = a.values[2 * p], ai = a.values[2 * p + 1];
    if (Number.isNaN(c)) c = Math.abs(br) >= Math.abs(bi) ? ar / br : ai / bi;
    const tol = 1e-14 * Math.hypot(ar, ai);
    if (Math.abs(ar - c * br) > tol || Math.abs(ai - c * bi) > tol) return null;
  }
  return Number.isFinite(c) ? c : null;
}
