/**
 * No-jump propagation of y' = A·y, A = −iH − ½G (H, G Hermitian, G ⪰ 0, so ‖exp(τA)‖₂ ≤ 1 and
 * N(τ) = ‖y(τ)‖² is non-increasing) by Krylov exponential actions with error control, and the first time
 * N(τ) = r. The cost follows the dynamics, not ‖A‖:
 *
 * - A segment starts at a state y₀ (β = ‖y₀‖): Arnoldi (two-pass Gram–Schmidt) builds an orthonormal
 *   V_m = [v₁ … v_m] of K_m(A, y₀) and H_m = V_m†AV_m (upper Hessenberg), m ≤ min(30, n), and
 *   y(τ) ≈ β·V_m·exp(τH_m)·e₁ for every τ in the segment [0, L] (dense output for free).
 * - Invariant subspace (h_{m+1,m} at rounding level, or m = n): the formula is exact for every τ, L = ∞
 *   (e.g. a model whose H_eff conserves an excitation number: one Arnoldi per jump).
 * - Otherwise L is the largest τ found with the local error estimate
 *   err(τ) = β·max(|h_{m+1,m}·∫₀^τ e_mᵀexp(sH_m)e₁ ds|, h_{m+1,m}·τ·|e_mᵀexp(τH_m)e₁|) ≤ TOL·β
 *   (the residual of the Krylov solution is −β·h_{m+1,m}·(e_mᵀexp(sH_m)e₁)·v_{m+1}, and exp(τA) is a
 *   contraction; the integral is the last entry of exp(τĤ)e₁ with Ĥ = [[H_m, 0], [h_{m+1,m}e_mᵀ, 0]],
 *   as in Sidje's Expokit). L depends only on the segment, never on the output times or on earlier
 *   trajectories, so a trajectory's numbers do not depend on where or after what it runs.
 * - Since H_m is dissipative too (its numerical range lies in A's), the projected N(τ) = β²‖exp(τH_m)e₁‖²
 *   is non-increasing: a crossing of r lies in the first segment whose end is at or below r, and is located
 *   by a bracketed Newton iteration on ln N(τ) − ln r to ~1e-15 relative (N' = 2β²Re⟨w, H_m w⟩).
 * A call that ends without a crossing leaves the segment open: the next call continues it when it is
 * handed back the same vector (outputs between jumps then cost one small exponential each).
 * Vectors are interleaved complex Float64Arrays. No physics lives here.
 */
import type { CsrMatrix } from './sparse.ts';
import { LinalgError } from './errors.ts';
import { SmallExpWorkspace, smallExpColumn } from './expm-small.ts';

/** Largest Krylov dimension per segment. */
const M_MAX = 30;
/** Local error per segment, relative to the segment's starting norm β. */
const TOL = 1e-13;

/** Work counters, for benches and tests. */
export interface KrylovStats {
  /** Segments started (Arnoldi runs). */
  segments: number;
  /** Products A·v. */
  matvecs: number;
  /** Segments whose Krylov space was invariant (exact for all τ). */
  invariant: number;
}

/** The Krylov no-jump propagator for A (sparse); same contract as DecayPropagator in decay-propagator.ts. */
export class KrylovDecayPropagator {
  readonly kind = 'krylov';
  readonly basis = null;
  readonly stats: KrylovStats = { segments: 0, matvecs: 0, invariant: 0 };
  private readonly a: CsrMatrix;
  private readonly n: number;
  private readonly mMax: number;
  private readonly breakTol: number;
  private readonly v: Float64Array[];
  private readonly w: Float64Array;
  /** H_m with its subdiagonal row m: (mMax+1) × (mMax+1), row-major interleaved, leading dimension ld (= Ĥ when read as (m+1) × (m+1)). */
  private readonly h: Float64Array;
  private readonly ld: number;
  private readonly ws: SmallExpWorkspace;
  private m = 0;
  private beta = 0;
  /** β² = ‖y₀‖² summed directly (N(0) is then exactly the start vector's squared norm). */
  private beta2 = 0;
  private hNext = 0;
  /** Segment length L (Infinity for an invariant space) and the position of the last output in it. */
  private len = 0;
  private pos = 0;
  /** The vector handed out at `pos`, to recognise a continuation. */
  private readonly last: Float64Array;
  private open = false;
  private readonly small: Float64Array;
  /** τ of the vector in `small` (NaN: none). */
  private smallTau = NaN;

  constructor(a: CsrMatrix) {
    this.a = a;
    this.n = a.rows;
    this.mMax = Math.min(M_MAX, this.n);
    let norm = 0;
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) s += Math.hypot(a.values[2 * p], a.values[2 * p + 1]);
      norm = Math.max(norm, s);
    }
    this.breakTol = 16 * Number.EPSILON * norm;
    this.v = Array.from({ length: this.mMax + 1 }, () => new Float64Array(2 * this.n));
    this.w = new Float64Array(2 * this.n);
    this.ld = this.mMax + 1;
    this.h = new Float64Array(2 * this.ld * this.ld);
    this.ws = new SmallExpWorkspace(this.ld);
    this.last = new Float64Array(2 * this.n);
    this.small = new Float64Array(2 * (this.mMax + 1));
  }

  /**
   * Evolves c in place until ‖c‖² = r or for tauMax, whichever comes first. Returns the crossing time
   * τ* ∈ [0, tauMax] (c then holds y(τ*)), or −1 if ‖c‖² stays above r (c then holds y(tauMax)).
   */
  evolveUntil(c: Float64Array, r: number, tauMax: number): number {
    if (!this.continues(c)) this.start(c);
    let elapsed = 0, remaining = tauMax;
    for (;;) {
      if (this.beta === 0) { this.open = false; return 0; } // nothing left (r > 0)
      const end = Math.min(this.len, this.pos + remaining);
      const nEnd = this.normAt(end);
      if (nEnd > r) {
        if (end === this.pos + remaining) {
          this.stateAt(end, c);
          this.pos = end;
          this.last.set(c);
          this.open = true;
          return -1;
        }
        // The segment ends before tauMax: restart from its end.
        this.stateAt(end, c);
        elapsed += end - this.pos;
        remaining -= end - this.pos;
        this.start(c);
        continue;
      }
      const tau = this.solve(r, this.pos, end);
      this.stateAt(tau, c);
      this.open = false;
      return Math.min(tauMax, elapsed + (tau - this.pos));
    }
  }

  /** Closes the open segment: the next call starts a new one from its vector. */
  reset(): void {
    this.open = false;
  }

  /** True when c is the vector this propagator handed out last and its segment is still open. */
  private continues(c: Float64Array): boolean {
    if (!this.open) return false;
    const l = this.last;
    for (let i = 0; i < l.length; i++) if (c[i] !== l[i]) return false;
    return true;
  }

  /** Arnoldi from c: V, H_m, β, and the segment length L. */
  private start(c: Float64Array): void {
    const n2 = 2 * this.n, mMax = this.mMax, h = this.h, v = this.v, w = this.w, cols = this.ld;
    this.stats.segments++;
    h.fill(0);
    let beta2 = 0;
    for (let i = 0; i < n2; i++) beta2 += c[i] * c[i];
    const beta = Math.sqrt(beta2);
    this.beta = beta;
    this.beta2 = beta2;
    this.pos = 0;
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
   * The largest step found with errorAt(τ) ≤ TOL: from the leading Taylor term
   * err ≈ τ^m/m!·Π_{j≤m} h_{j+1,j}, then grown or shrunk by (TOL/err)^{1/m} (a few small exponentials).
   */
  private stepLength(): number {
    const m = this.m, h = this.h, ld = this.ld;
    let logProd = Math.log(this.hNext), logFact = 0;
    for (let j = 1; j < m; j++) logProd += Math.log(h[2 * (j * ld + j - 1)]);
    for (let j = 2; j <= m; j++) logFact += Math.log(j);
    let tau = Math.exp((Math.log(TOL) + logFact - logProd) / m);
    if (!(tau > 0 && Number.isFinite(tau))) tau = 1 / Math.max(this.hNext, Number.MIN_VALUE);
    let accepted = 0;
    for (let it = 0; it < 60; it++) {
      const err = this.errorAt(tau);
      const ratio = err > 0 ? TOL / err : Infinity;
      if (err <= TOL) {
        accepted = tau;
        if (err >= 0.05 * TOL || it >= 8) break;
        tau *= Math.min(10, 0.9 * Math.pow(ratio, 1 / m));
      } else {
        if (accepted > 0) break;
        tau *= Math.max(0.1, Math.min(0.9, 0.9 * Math.pow(ratio, 1 / m)));
      }
    }
    if (!(accepted > 0)) throw new LinalgError(`Krylov no-jump step control found no step with local error ≤ ${TOL} (h_{m+1,m} = ${this.hNext})`); // err → 0 as τ → 0
    return accepted;
  }

  /** exp(τH_m)e₁ into `small` (m entries, interleaved). */
  private smallAt(tau: number): Float64Array {
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

  /** N(τ) = β²‖exp(τH_m)e₁‖² (τ finite; for m = 1 in closed form, β²e^{2Re(h₁₁)τ}, without the rounding of |e^{h₁₁τ}|²). */
  private normAt(tau: number): number {
    if (this.m === 1) return this.beta2 * Math.exp(2 * this.h[0] * tau);
    const s = this.smallAt(tau);
    let q = 0;
    for (let i = 0; i < 2 * this.m; i++) q += s[i] * s[i];
    return this.beta2 * q;
  }

  /** y(τ) = β·V·exp(τH_m)e₁ into out. */
  private stateAt(tau: number, out: Float64Array): void {
    const s = this.smallAt(tau), n2 = 2 * this.n, b = this.beta;
    out.fill(0);
    for (let j = 0; j < this.m; j++) {
      const re = b * s[2 * j], im = b * s[2 * j + 1], vj = this.v[j];
      for (let k = 0; k < n2; k += 2) {
        out[k] += re * vj[k] - im * vj[k + 1];
        out[k + 1] += re * vj[k + 1] + im * vj[k];
      }
    }
  }

  /** Root of ln N(τ) = ln r in (lo, hi] (N(lo) > r ≥ N(hi)): bracketed Newton, bisection when it leaves the bracket. */
  private solve(r: number, lo: number, hi: number): number {
    const lnr = Math.log(r), m = this.m, h = this.h, ld = this.ld;
    let tau = lo;
    for (let it = 0; it < 200; it++) {
      let q = 0, dq = 0;
      if (m === 1) { // closed form: q = e^{2Re(h₁₁)τ}
        q = Math.exp(2 * h[0] * tau);
        dq = 2 * h[0] * q;
      }
      const s = m === 1 ? this.small : this.smallAt(tau), rows = m === 1 ? 0 : m;
      for (let i = 0; i < rows; i++) {
        const xr = s[2 * i], xi = s[2 * i + 1];
        q += xr * xr + xi * xi;
        let yr = 0, yi = 0; // (H_m w)_i
        for (let j = 0; j < m; j++) {
          const ar = h[2 * (i * ld + j)], ai = h[2 * (i * ld + j) + 1], wr = s[2 * j], wi = s[2 * j + 1];
          yr += ar * wr - ai * wi;
          yi += ar * wi + ai * wr;
        }
        dq += 2 * (xr * yr + xi * yi);
      }
      const f = Math.log(this.beta2 * q) - lnr;
      if (f > 0) lo = tau; else hi = tau;
      if (f === 0 || hi - lo <= 1e-16 * hi) break;
      let next = dq < 0 ? tau - (f * q) / dq : NaN;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const moved = Math.abs(next - tau);
      tau = next;
      if (moved <= 1e-15 * tau) break;
    }
    return tau;
  }
}
