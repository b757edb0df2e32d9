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
 * The Arnoldi segment and its step control are krylov-segment.ts (shared with the evolution's Krylov method).
 * Vectors are interleaved complex Float64Arrays. No physics lives here.
 */
import type { CsrMatrix } from './sparse.ts';
import { KrylovSegment, type KrylovStats } from './krylov-segment.ts';

export type { KrylovStats } from './krylov-segment.ts';

/** Largest Krylov dimension per segment. */
const M_MAX = 30;
/** Local error per segment, relative to the segment's starting norm β. */
const TOL = 1e-13;

/** The Krylov no-jump propagator for A (sparse); same contract as DecayPropagator in decay-propagator.ts. */
export class KrylovDecayPropagator {
  readonly kind = 'krylov';
  readonly basis = null;
  private readonly seg: KrylovSegment;
  /** Position of the last output in the current segment. */
  private pos = 0;
  /** The vector handed out at `pos`, to recognise a continuation. */
  private readonly last: Float64Array;
  private open = false;

  constructor(a: CsrMatrix) {
    let norm = 0;
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) s += Math.hypot(a.values[2 * p], a.values[2 * p + 1]);
      norm = Math.max(norm, s);
    }
    this.seg = new KrylovSegment(a, norm, TOL, M_MAX);
    this.last = new Float64Array(2 * a.rows);
  }

  get stats(): KrylovStats { return this.seg.stats; }

  /**
   * Evolves c in place until ‖c‖² = r or for tauMax, whichever comes first. Returns the crossing time
   * τ* ∈ [0, tauMax] (c then holds y(τ*)), or −1 if ‖c‖² stays above r (c then holds y(tauMax)).
   */
  evolveUntil(c: Float64Array, r: number, tauMax: number): number {
    if (!this.continues(c)) this.start(c);
    let elapsed = 0, remaining = tauMax;
    for (;;) {
      if (this.seg.beta === 0) { this.open = false; return 0; } // nothing left (r > 0)
      const end = Math.min(this.seg.len, this.pos + remaining);
      const nEnd = this.normAt(end);
      if (nEnd > r) {
        if (end === this.pos + remaining) {
          this.seg.stateAt(end, c);
          this.pos = end;
          this.last.set(c);
          this.open = true;
          return -1;
        }
        // The segment ends before tauMax: restart from its end.
        this.seg.stateAt(end, c);
        elapsed += end - this.pos;
        remaining -= end - this.pos;
        this.start(c);
        continue;
      }
      const tau = this.solve(r, this.pos, end);
      this.seg.stateAt(tau, c);
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

  /** A new segment from c. */
  private start(c: Float64Array): void {
    this.seg.start(c);
    this.pos = 0;
  }

  /** N(τ) = β²‖exp(τH_m)e₁‖² (τ finite; for m = 1 in closed form, β²e^{2Re(h₁₁)τ}, without the rounding of |e^{h₁₁τ}|²). */
  private normAt(tau: number): number {
    if (this.seg.m === 1) return this.seg.beta2 * Math.exp(2 * this.seg.h[0] * tau);
    const s = this.seg.smallAt(tau);
    let q = 0;
    for (let i = 0; i < 2 * this.seg.m; i++) q += s[i] * s[i];
    return this.seg.beta2 * q;
  }

  /** Root of ln N(τ) = ln r in (lo, hi] (N(lo) > r ≥ N(hi)): bracketed Newton, bisection when it leaves the bracket. */
  private solve(r: number, lo: number, hi: number): number {
    const seg = this.seg, lnr = Math.log(r), m = seg.m, h = seg.h, ld = seg.ld;
    let tau = lo;
    for (let it = 0; it < 200; it++) {
      let q = 0, dq = 0;
      if (m === 1) { // closed form: q = e^{2Re(h₁₁)τ}
        q = Math.exp(2 * h[0] * tau);
        dq = 2 * h[0] * q;
      }
      const s = m === 1 ? seg.small : seg.smallAt(tau), rows = m === 1 ? 0 : m;
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
      const f = Math.log(seg.beta2 * q) - lnr;
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
