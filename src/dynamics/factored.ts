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
import { CsrMatrix } from '../linalg/sparse.ts';
import { PatternSum } from '../linalg/pattern-sum.ts';
import type { LindbladModel } from '../model/model.ts';

/** One fixed term L_t of the combination. */
export type LiouvillianTerm =
  | { readonly kind: 'hamiltonian'; readonly h: CsrMatrix }
  | { readonly kind: 'channel'; readonly o: CsrMatrix; readonly k: CsrMatrix; readonly channel: number };

/** Receives one entry (k, l, re, im) of a row of L: the coefficient of ρ_kl. */
export type EntrySink = (k: number, l: number, re: number, im: number) => void;

/** Which channels become terms: only those acting now (rate > 0), or every non-zero operator (sweeps). */
export type TermSelection = 'active' | 'all';

export class FactoredLiouvillian {
  readonly n: number;
  readonly terms: readonly LiouvillianTerm[];

  /** Lazily built: the union pattern of the A-parts (H and every o†o) and each jump's transpose. */
  private aSum: PatternSum | null = null;
  private jumpsT: Map<number, CsrMatrix> | null = null;
  private jumpRows: Map<number, JumpRowData> | null = null;

  constructor(n: number, terms: readonly LiouvillianTerm[]) {
    this.n = n;
    this.terms = terms;
  }

  /** A(θ) = −iθ_H H − ½ Σ_k θ_k o_k†o_k and its transpose, on a pattern fixed for all θ. */
  aMatrix(theta: ArrayLike<number>): { a: CsrMatrix; aT: CsrMatrix } {
    this.aSum ??= new PatternSum(this.terms.map((t) => (t.kind === 'hamiltonian' ? t.h : t.k)), this.n, this.n);
    const re = this.terms.map((t, k) => (t.kind === 'hamiltonian' ? 0 : -0.5 * theta[k]));
    const im = this.terms.map((t, k) => (t.kind === 'hamiltonian' ? -theta[k] : 0));
    const v = this.aSum.values(re, im);
    return { a: this.aSum.matrix(v), aT: this.aSum.transpose(v) };
  }

  /** Row data of the jump of term t for ‖L‖_∞ bounds (cached; independent of θ). */
  jumpRowData(t: number): JumpRowData {
    this.jumpRows ??= new Map();
    let r = this.jumpRows.get(t);
    if (!r) {
      const term = this.terms[t];
      if (term.kind !== 'channel') throw new Error('jumpRowData of a Hamiltonian term');
      const { d, off } = splitDiagonal(term.o, this.n), mag = new Float64Array(this.n), full = new Float64Array(this.n);
      let diagonal = false;
      for (let i = 0; i < this.n; i++) {
        mag[i] = Math.hypot(d[2 * i], d[2 * i + 1]);
        full[i] = off[i] + mag[i];
        if (mag[i] > 0) diagonal = true;
      }
      r = { d, mag, full, diagonal };
      this.jumpRows.set(t, r);
    }
    return r;
  }

  /** oᵀ of the jump of term t (cached). */
  jumpTranspose(t: number): CsrMatrix {
    this.jumpsT ??= new Map();
    const term = this.terms[t];
    if (term.kind !== 'channel') throw new Error('jumpTranspose of a Hamiltonian term');
    let m = this.jumpsT.get(t);
    if (!m) { m = term.o.transpose(); this.jumpsT.set(t, m); }
    return m;
  }

  /**
   * The terms of a model (Hamiltonian first when non-zero, then channels in order) and the model's own
   * coefficients θ (1 for H, γ_k for channel k). Channels with infinite rates are not representable.
   */
  static fromModel(model: LindbladModel, select: TermSelection = 'active'): { liouvillian: FactoredLiouvillian; coefficients: Float64Array } {
    const terms: LiouvillianTerm[] = [];
    const coefficients: number[] = [];
    if (model.hamiltonian.matrix.nnz > 0) {
      terms.push({ kind: 'hamiltonian', h: model.hamiltonian.matrix });
      coefficients.push(1);
    }
    model.channels.forEach((c, index) => {
      if (c.operator.isZero() || (select === 'active' && !(c.rate > 0))) return;
      const o = c.operator.matrix;
      terms.push({ kind: 'channel', o, k: o.adjoint().mul(o), channel: index });
      coefficients.push(c.rate);
    });
    return { liouvillian: new FactoredLiouvillian(model.space.dim, terms), coefficients: Float64Array.from(coefficients) };
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
    const k = term.k, kp = k.rowPtr, kc = k.colIdx, kv = k.values;
    for (let p = kp[i]; p < kp[i + 1]; p++) emit(kc[p], j, -0.5 * kv[2 * p], -0.5 * kv[2 * p + 1]);
    for (let p = kp[j]; p < kp[j + 1]; p++) emit(i, kc[p], -0.5 * kv[2 * p], 0.5 * kv[2 * p + 1]);
    const o = term.o, op = o.rowPtr, oc = o.colIdx, ov = o.values;
    for (let p = op[i]; p < op[i + 1]; p++) {
      const a = ov[2 * p], b = ov[2 * p + 1];
      for (let q = op[j]; q < op[j + 1]; q++) {
        const c = ov[2 * q], d = ov[2 * q + 1];
        emit(oc[p], oc[q], a * c + b * d, b * c - a * d); // o_ik · conj(o_jl)
      }
    }
  }

  /** The operator v ↦ L(θ)·v on full vectors vec ρ (length n²), with its exact ∞-norm; see LiouvillianOperator. */
  at(theta: ArrayLike<number>): LiouvillianOperator {
    return new LiouvillianOperator(this, theta);
  }
}

/** ‖·‖ of a complex entry. */
const abs = (v: Float64Array, p: number): number => Math.hypot(v[2 * p], v[2 * p + 1]);

/**
 * L(θ) for fixed coefficients, applied without assembling it: `matvec` visits only the non-zero entries
 * of vec ρ, and `normInf` gives the exact ‖L‖_∞ = max_row Σ|L_rc| (rows bounded first, then only the rows
 * whose bound beats the best exact sum are merged exactly). Usable wherever a CsrMatrix is used for
 * residuals (`rows`, `matvec`, `normInf`).
 */
export class LiouvillianOperator {
  readonly rows: number;
  private readonly n: number;
  /** A = −iθ_H H − ½ Σ γ_k o_k†o_k and its transpose (column access). */
  private readonly a: CsrMatrix;
  private readonly aT: CsrMatrix;
  private readonly jumps: Array<{ o: CsrMatrix; oT: CsrMatrix; rate: number; rows: JumpRowData }>;
  private norm: number | undefined;

  constructor(lv: FactoredLiouvillian, theta: ArrayLike<number>) {
    const n = lv.n;
    this.n = n;
    this.rows = n * n;
    ({ a: this.a, aT: this.aT } = lv.aMatrix(theta));
    this.jumps = [];
    lv.terms.forEach((term, t) => {
      if (term.kind === 'channel' && theta[t] !== 0) this.jumps.push({ o: term.o, oT: lv.jumpTranspose(t), rate: theta[t], rows: lv.jumpRowData(t) });
    });
  }

  /** y = L·x for x = vec ρ (interleaved, length 2n²); only non-zero entries of x cost work. */
  matvec(x: Float64Array, y: Float64Array = new Float64Array(2 * this.rows)): Float64Array {
    const n = this.n, at = this.aT, ap = at.rowPtr, ac = at.colIdx, av = at.values;
    y.fill(0);
    for (let l = 0; l < n; l++) {
      for (let k = 0; k < n; k++) {
        const u = 2 * (k + n * l), xr = x[u], xi = x[u + 1];
        if (xr === 0 && xi === 0) continue;
        for (let p = ap[k]; p < ap[k + 1]; p++) { // (Aρ)_il += A_ik ρ_kl
          const w = 2 * (ac[p] + n * l), ar = av[2 * p], ai = av[2 * p + 1];
          y[w] += ar * xr - ai * xi;
          y[w + 1] += ar * xi + ai * xr;
        }
        for (let p = ap[l]; p < ap[l + 1]; p++) { // (ρA†)_kj += ρ_kl conj(A_jl)
          const w = 2 * (k + n * ac[p]), ar = av[2 * p], ai = -av[2 * p + 1];
          y[w] += ar * xr - ai * xi;
          y[w + 1] += ar * xi + ai * xr;
        }
        for (const { oT, rate } of this.jumps) { // (oρo†)_ij += γ o_ik ρ_kl conj(o_jl)
          const op = oT.rowPtr, oc = oT.colIdx, ov = oT.values;
          for (let p = op[k]; p < op[k + 1]; p++) {
            const sr = rate * (ov[2 * p] * xr - ov[2 * p + 1] * xi), si = rate * (ov[2 * p] * xi + ov[2 * p + 1] * xr);
            const i = oc[p];
            for (let q = op[l]; q < op[l + 1]; q++) {
              const cr = ov[2 * q], cm = -ov[2 * q + 1], w = 2 * (i + n * oc[q]);
              y[w] += sr * cr - si * cm;
              y[w + 1] += sr * cm + si * cr;
            }
          }
        }
      }
    }
    return y;
  }

  /** Exact ‖L‖_∞ (largest absolute row sum of the merged entries). */
  normInf(): number {
    if (this.norm !== undefined) return this.norm;
    const n = this.n, A = splitDiagonal(this.a, n), ad = A.d, aoff = A.off;
    const J = this.jumps, nj = J.length;
    const rate = Float64Array.from(J, (j) => j.rate), anyDiagonal = J.some((j) => j.rows.diagonal);
    // Bound per row (i, j): the merged diagonal entry exactly, the triangle inequality for the rest.
    const bound = (i: number, j: number): number => {
      let dr = ad[2 * i] + ad[2 * j], di = ad[2 * i + 1] - ad[2 * j + 1], rest = aoff[i] + aoff[j];
      for (let c = 0; c < nj; c++) rest += rate[c] * J[c].rows.full[i] * J[c].rows.full[j];
      if (anyDiagonal) {
        for (let c = 0; c < nj; c++) {
          const { d, mag } = J[c].rows, ar = d[2 * i], ai = d[2 * i + 1], br = d[2 * j], bi = d[2 * j + 1];
          dr += rate[c] * (ar * br + ai * bi);
          di += rate[c] * (ai * br - ar * bi);
          rest -= rate[c] * mag[i] * mag[j];
        }
      }
      return Math.sqrt(dr * dr + di * di) + rest;
    };
    let top = 0, topBound = -1;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      const b = bound(i, j);
      if (b > topBound) { topBound = b; top = i + n * j; }
    }
    let best = this.exactRowSum(top % n, Math.floor(top / n));
    if (topBound > best * (1 + 1e-15)) {
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
        if (bound(i, j) > best * (1 + 1e-15)) best = Math.max(best, this.exactRowSum(i, j));
      }
    }
    this.norm = best;
    return best;
  }

  /** Σ_c |L_(i,j),c| with duplicate entries merged (entries gathered in small arrays, merged by linear search). */
  private exactRowSum(i: number, j: number): number {
    const n = this.n, keys: number[] = [], re: number[] = [], im: number[] = [];
    const add = (k: number, l: number, x: number, y: number) => {
      const key = k + n * l, at = keys.indexOf(key);
      if (at >= 0) { re[at] += x; im[at] += y; } else { keys.push(key); re.push(x); im.push(y); }
    };
    const a = this.a;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) add(a.colIdx[p], j, a.values[2 * p], a.values[2 * p + 1]);
    for (let p = a.rowPtr[j]; p < a.rowPtr[j + 1]; p++) add(i, a.colIdx[p], a.values[2 * p], -a.values[2 * p + 1]);
    for (const { o, rate } of this.jumps) {
      for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) {
        const x = o.values[2 * p], y = o.values[2 * p + 1];
        for (let q = o.rowPtr[j]; q < o.rowPtr[j + 1]; q++) {
          const c = o.values[2 * q], d = o.values[2 * q + 1];
          add(o.colIdx[p], o.colIdx[q], rate * (x * c + y * d), rate * (y * c - x * d));
        }
      }
    }
    let s = 0;
    for (let k = 0; k < keys.length; k++) s += Math.hypot(re[k], im[k]);
    return s;
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

/** Per-state data of a jump operator o: its diagonal entries, their moduli, and the absolute row sums. */
export interface JumpRowData {
  readonly d: Float64Array;
  readonly mag: Float64Array;
  readonly full: Float64Array;
  /** Whether o has any non-zero diagonal entry. */
  readonly diagonal: boolean;
}

/** Diagonal entries (interleaved) and off-diagonal absolute row sums of a square CSR matrix. */
function splitDiagonal(a: CsrMatrix, n: number): { d: Float64Array; off: Float64Array } {
  const d = new Float64Array(2 * n), off = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.colIdx[p] === i) { d[2 * i] = a.values[2 * p]; d[2 * i + 1] = a.values[2 * p + 1]; } else off[i] += abs(a.values, p);
    }
  }
  return { d, off };
}
