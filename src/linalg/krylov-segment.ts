/**
 * One segment of a Krylov exponential action y(τ) = exp(τA)·y₀ with a posteriori error control, shared by
 * the no-jump propagator of the trajectories (decay-krylov.ts) and the time evolution's Krylov method
 * (ode/krylov.ts). A is given only by its action (a CSR matrix or any matrix-free operator).
 *
 * - start(y₀) (β = ‖y₀‖₂): Arnoldi (modified Gram–Schmidt, two passes) builds an orthonormal
 *   V_m = [v₁ … v_m] of K_m(A, y₀) and H_m = V_m†AV_m (upper Hessenberg), m ≤ mMax, and
 *   y(τ) ≈ β·V_m·exp(τH_m)·e₁ for every τ in the segment [0, len] (dense output for free).
 * - Invariant subspace (h_{m+1,m} ≤ 16ε‖A‖, or m = n): the formula is exact for every τ, len = ∞.
 * - Otherwise len is the largest τ found with the local error estimate
 *   err(τ) = β·max(|h_{m+1,m}·∫₀^τ e_mᵀexp(sH_m)e₁ ds|, h_{m+1,m}·τ·|e_mᵀexp(τH_m)e₁|) ≤ tol·β
 *   (the residual of the Krylov solution is −β·h_{m+1,m}·(e_mᵀexp(sH_m)e₁)·v_{m+1}; the error of y(τ) is
 *   the residual propagated by exp((τ−s)A), hence ≤ err(τ)·max_s ‖exp(sA)‖₂; the integral is the last entry
 *   of exp(τĤ)e₁ with Ĥ = [[H_m, 0], [h_{m+1,m}e_mᵀ, 0]], as in Sidje's Expokit). len depends only on the
 *   segment's start vector, never on output times.
 * Vectors are interleaved complex Float64Arrays. No physics lives here.
 */
import { LinalgError } from './errors.ts';
import { SmallExpWorkspace, smallExpColumn } from './expm-small.ts';

/** A square linear operator y = A·x on interleaved complex vectors (CsrMatrix is one). */
export interface LinearAction {
  readonly rows: number;
  matvec(x: Float64Array, y: Float64Array): unknown;
}

/** Work counters, for benches and tests. */
export interface KrylovStats {
  /** Segments started (Arnoldi runs). */
  segments: number;
  /** Products A·v. */
  matvecs: number;
  /** Segments whose Krylov space was invariant (exact for all τ). */
  invariant: number;
}

export class KrylovSegment {
  readonly stats: KrylovStats = { segments: 0, matvecs: 0, invariant: 0 };
  /** Krylov dimension of the current segment, β = ‖y₀‖, β², h_{m+1,m}, and the segment length. */
  m = 0;
  beta = 0;
  beta2 = 0;
  hNext = 0;
  len = 0;
  /** H_m with its subdiagonal row m: (mMax+1) × (mMax+1), row-major interleaved, leading dimension ld (= Ĥ when read as (m+1) × (m+1)). */
  readonly h: Float64Array;
  readonly ld: number;
  readonly ws: SmallExpWorkspace;
  /** exp(τH_m)e₁ for τ = smallTau (NaN: none). */
  readonly small: Float64Array;
  smallTau = NaN;
  /** The vector the current segment started from (by reference; callers must not change it meanwhile). */
  origin: Float64Array | null = null;
  private readonly a: LinearAction;
  private readonly n: number;
  private readonly mMax: number;
  private readonly breakTol: number;
  private readonly v: Float64Array[];
  private readonly w: Float64Array;

  /** A, an upper bound of ‖A‖ (for the breakdown test), the local tolerance relative to β, and the largest m. */
  constructor(a: LinearAction, norm: number, readonly tol: number, mMax = 30) {
    this.a = a;
    this.n = a.rows;
    this.mMax = Math.min(mMax, this.n);
    this.breakTol = 16 * Number.EPSILON * norm;
    this.v = Array.from({ length: this.mMax + 1 }, () => new Float64Array(2 * this.n));
    this.w = new Float64Array(2 * this.n);
    this.ld = this.mMax + 1;
    this.h = new Float64Array(2 * this.ld * this.ld);
    this.ws = new SmallExpWorkspace(this.ld);
    this.small = new Float64Array(2 * (this.mMax + 1));
  }

  /** Arnoldi from c: V, H_m, β, and the segment length len. */
  start(c: Float64Array): void {
    const n2 = 2 * this.n, mMax = this.mMax, h = this.h, v = this.v, w = this.w, cols = this.ld;
    this.stats.segments++;
    this.origin = c;
    h.fill(0);
    let beta2 = 0;
    for (let i = 0; i < n2; i++) beta2 += c[i] * c[i];
    const beta = Math.sqrt(beta2);
    this.beta = beta;
    this.beta2 = beta2;
    this.smallTau = NaN;
    if (beta === 0) { this.m = 0; this.len = Infinity; return; }
    for (let i = 0; i < n2; i++) v[0][i] = c[i] / beta;
    let m = 0, hNext = 0;
    for (let j = 0; j < mMax; j++) {
      this.a.matvec(v[j], w);
      this.stats.matvecs++;
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i <= j; i++) {
          const vi = v[i];
          let re = 0, im = 0;
          for (let k = 0; k < n2; k += 2) {
            re += vi[k] * w[k] + vi[k + 1] * w[k + 1];
            im += vi[k] * w[k + 1] - vi[k + 1] * w[k];
          }
          for (let k = 0; k < n2; k += 2) {
            w[k] -= re * vi[k] - im * vi[k + 1];
            w[k + 1] -= re * vi[k + 1] + im * vi[k];
          }
          h[2 * (i * cols + j)] += re;
          h[2 * (i * cols + j) + 1] += im;
        }
      }
      let s = 0;
      for (let k = 0; k < n2; k++) s += w[k] * w[k];
      hNext = Math.sqrt(s);
      m = j + 1;
      if (hNext <= this.breakTol || m === this.n) { hNext = 0; break; }
      h[2 * ((j + 1) * cols + j)] = hNext;
      if (j + 1 < mMax) for (let k = 0; k < n2; k++) v[j + 1][k] = w[k] / hNext;
    }
    this.m = m;
    this.hNext = hNext;
    if (hNext === 0) {
      this.stats.invariant++;
      this.len = Infinity;
    } else {
      this.len = this.stepLength();
    }
  }

  /** The error estimate err(τ)/β of the current segment (see the module comment). */
  private errorAt(tau: number): number {
    const m = this.m, e = this.ws.u2;
    smallExpColumn(this.h, this.ld, m + 1, tau, e, this.ws);
    const integral = Math.hypot(e[2 * m], e[2 * m + 1]);
    const end = this.hNext * tau * Math.hypot(e[2 * m - 2], e[2 * m - 1]);
    return Math.max(integral, end);
  }

  /**
   * The largest step found with errorAt(τ) ≤ tol: from the leading Taylor term
   * err ≈ τ^m/m!·Π_{j≤m} h_{j+1,j}, then grown or shrunk by (tol/err)^{1/m} (a few small exponentials).
   */
  private stepLength(): number {
    const m = this.m, h = this.h, ld = this.ld, tol = this.tol;
    let logProd = Math.log(this.hNext), logFact = 0;
    for (let j = 1; j < m; j++) logProd += Math.log(h[2 * (j * ld + j - 1)]);
    for (let j = 2; j <= m; j++) logFact += Math.log(j);
    let tau = Math.exp((Math.log(tol) + logFact - logProd) / m);
    if (!(tau > 0 && Number.isFinite(tau))) tau = 1 / Math.max(this.hNext, Number.MIN_VALUE);
    let accepted = 0;
    for (let it = 0; it < 60; it++) {
      const err = this.errorAt(tau);
      const ratio = err > 0 ? tol / err : Infinity;
      if (err <= tol) {
        accepted = tau;
        if (err >= 0.05 * tol || it >= 8) break;
        tau *= Math.min(10, 0.9 * Math.pow(ratio, 1 / m));
      } else {
        if (accepted > 0) break;
        tau *= Math.max(0.1, Math.min(0.9, 0.9 * Math.pow(ratio, 1 / m)));
      }
    }
    if (!(accepted > 0)) throw new LinalgError(`Krylov step control found no step with local error ≤ ${tol} (h_{m+1,m} = ${this.hNext})`); // err → 0 as τ → 0
    return accepted;
  }

  /** exp(τH_m)e₁ into `small` (m entries, interleaved). */
  smallAt(tau: number): Float64Array {
    const m = this.m, h = this.h, s = this.small;
    if (tau === this.smallTau) return s;
    this.smallTau = tau;
    if (tau === 0) { s.fill(0); s[0] = 1; return s; }
    if (m === 1) {
      const g = Math.exp(h[0] * tau), ph = h[1] * tau;
      s[0] = g * Math.cos(ph);
      s[1] = g * Math.sin(ph);
      return s;
    }
    smallExpColumn(h, this.ld, m, tau, s, this.ws);
    return s;
  }

  /** y(τ) = β·V·exp(τH_m)e₁ into out. */
  stateAt(tau: number, out: Float64Array): void {
    this.combine(this.smallAt(tau), out);
  }

  /** out = β·V_m·s for a small vector s (m entries, interleaved), e.g. exp(τH_m)e₁. */
  combine(s: Float64Array, out: Float64Array): void {
    const n2 = 2 * this.n, b = this.beta;
    out.fill(0);
    for (let j = 0; j < this.m; j++) {
      const re = b * s[2 * j], im = b * s[2 * j + 1], vj = this.v[j];
      for (let k = 0; k < n2; k += 2) {
        out[k] += re * vj[k] - im * vj[k + 1];
        out[k + 1] += re * vj[k + 1] + im * vj[k];
      }
    }
  }
}
