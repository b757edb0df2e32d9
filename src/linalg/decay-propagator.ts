/**
 * Propagation of y' = A·y with A = −i·H − ½·G (H, G Hermitian, G ⪰ 0), for which the squared norm
 * N(τ) = ‖y(τ)‖² is non-increasing (N' = −⟨y|G|y⟩ ≤ 0), together with the location of the first time
 * N(τ) = r. Three implementations behind one interface (the adaptive Krylov one in decay-krylov.ts):
 *
 * - 'normal' (A normal, i.e. [H, G] = 0): a common unitary eigenbasis V, V†HV = diag(h), V†GV = diag(g),
 *   so that in coordinates c = V†y, c_j(τ) = e^{−i h_j τ − g_j τ/2}·c_j and N(τ) = Σ_j |c_j|² e^{−g_j τ}.
 *   ln N is convex and decreasing, so Newton's method from τ = 0 converges monotonically to the root.
 * - 'grid' (any A): P = exp(A·Δ) by Padé (ode/expm.ts) on a grid of step Δ with ‖A‖₁Δ ≤ ½, walked with
 *   the powers P^(2^j), j ≤ MAX_LEVEL (level doubled after each step that stays above r, halved when one
 *   would cross it: O(log) products per waiting time, also through long dark stretches); inside the grid
 *   step that crosses r, y(τ) = Σ_k τ^k v_k with v_k = A^k y/k! (a Taylor polynomial accurate to rounding)
 *   and a bracketed Newton iteration on ln N(τ) − ln r. Its rounding error grows like ε‖A‖₁τ (callers
 *   bound τ: jumps.ts).
 * Vectors are interleaved complex Float64Arrays. No physics lives here.
 */
import { DenseMatrix } from './dense.ts';
import { eigh } from './eigh.ts';
import { expm, norm1 } from './ode/expm.ts';
import { CsrMatrix } from './sparse.ts';
import { KrylovDecayPropagator } from './decay-krylov.ts';

export interface DecayPropagator {
  readonly kind: 'normal' | 'grid' | 'krylov';
  /** Unitary V with internal coordinates c = V†y, or null for the identity. */
  readonly basis: DenseMatrix | null;
  /**
   * Evolves c (internal coordinates, in place) until ‖c‖² = r or for tauMax, whichever comes first.
   * Returns the crossing time τ* ∈ [0, tauMax] (c then holds y(τ*)), or −1 if ‖c‖² stays above r
   * (c then holds y(tauMax)). Crossing times are located to ~1e-15 relative.
   */
  evolveUntil(c: Float64Array, r: number, tauMax: number): number;
  /**
   * Forgets any state carried between calls (the Krylov path's open segment), so that what follows depends
   * only on the next vector: called at the start of every trajectory.
   */
  reset?(): void;
}

/** ‖c‖² of an interleaved complex vector. */
export function normSquared(c: Float64Array): number {
  let s = 0;
  for (let k = 0; k < c.length; k++) s += c[k] * c[k];
  return s;
}

/** Relative size of [H, G] below which A counts as normal. */
const COMMUTE_TOL = 1e-12;

/** Which no-jump propagator: 'auto' (normal when [H, G] = 0, else Krylov), or one forced. */
export type DecayPropagatorKind = 'auto' | 'krylov' | 'grid';

/**
 * A propagator for A = −iH − ½G: the normal fast path when [H, G] = 0 to rounding and a common
 * eigenbasis is found (checked), the adaptive Krylov path (decay-krylov.ts) otherwise; 'krylov' or the
 * older fixed-grid path ('grid', kept for comparisons) can be forced.
 */
export function decayPropagator(h: DenseMatrix, g: DenseMatrix, kind: DecayPropagatorKind = 'auto'): DecayPropagator {
  if (kind === 'auto') {
    const normal = commonEigenbasis(h, g);
    if (normal) return new NormalPropagator(normal.v, normal.h, normal.g);
  }
  const a = h.scale(0, -1).add(g, -0.5);
  return kind === 'grid' ? new GridPropagator(a) : new KrylovDecayPropagator(CsrMatrix.fromDense(a));
}

/** V, h, g with V†HV = diag(h), V†GV = diag(g) (V null: the identity, when H and G are diagonal), or null when H and G do not commute (to tolerance). */
export function commonEigenbasis(h: DenseMatrix, g: DenseMatrix): { v: DenseMatrix | null; h: Float64Array; g: Float64Array } | null {
  const n = h.rows;
  if (isDiagonal(h) && isDiagonal(g)) { // the identity (null): O(n²) instead of eigh's O(n³) (a Fock ladder of 3,000 levels)
    return { v: null, h: Float64Array.from({ length: n }, (_, j) => h.re(j, j)), g: Float64Array.from({ length: n }, (_, j) => Math.max(0, g.re(j, j))) };
  }
  const hn = h.normFrobenius(), gn = g.normFrobenius(), tiny = 1e-300;
  const comm = h.mul(g).sub(g.mul(h)).normFrobenius();
  if (comm > COMMUTE_TOL * (hn * gn + tiny)) return null;
  // Eigenbasis of G, then H diagonalised inside each (numerically) degenerate eigenspace of G.
  const eg = eigh(g);
  const v = eg.vectors.clone();
  const clusterTol = 1e-10 * Math.max(gn, tiny);
  for (let lo = 0; lo < n;) {
    let hi = lo + 1;
    while (hi < n && eg.values[hi] - eg.values[hi - 1] <= clusterTol) hi++;
    if (hi - lo > 1) {
      const w = columns(eg.vectors, lo, hi);
      const block = w.adjoint().mul(h).mul(w);
      const u = w.mul(eigh(block).vectors);
      for (let i = 0; i < n; i++) for (let j = lo; j < hi; j++) v.set(i, j, u.re(i, j - lo), u.im(i, j - lo));
    }
    lo = hi;
  }
  const dh = v.adjoint().mul(h).mul(v), dg = v.adjoint().mul(g).mul(v);
  if (offDiagonal(dh) > 1e-10 * (hn + tiny) || offDiagonal(dg) > 1e-10 * (gn + tiny)) return null;
  const hv = new Float64Array(n), gv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    hv[j] = dh.re(j, j);
    gv[j] = Math.max(0, dg.re(j, j));
  }
  return { v, h: hv, g: gv };
}

/** True when every off-diagonal entry of m is exactly zero. */
function isDiagonal(m: DenseMatrix): boolean {
  const n = m.rows, d = m.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && (d[2 * (i * n + j)] !== 0 || d[2 * (i * n + j) + 1] !== 0)) return false;
  return true;
}

function columns(m: DenseMatrix, lo: number, hi: number): DenseMatrix {
  const out = new DenseMatrix(m.rows, hi - lo);
  for (let i = 0; i < m.rows; i++) for (let j = lo; j < hi; j++) out.set(i, j - lo, m.re(i, j), m.im(i, j));
  return out;
}

function offDiagonal(m: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) if (i !== j) s += m.re(i, j) ** 2 + m.im(i, j) ** 2;
  return Math.sqrt(s);
}

/** The normal fast path: diagonal propagation in a common eigenbasis. */
class NormalPropagator implements DecayPropagator {
  readonly kind = 'normal';
  readonly basis: DenseMatrix | null;
  private readonly h: Float64Array;
  private readonly g: Float64Array;
  private readonly a: Float64Array;

  constructor(v: DenseMatrix | null, h: Float64Array, g: Float64Array) {
    this.basis = v;
    this.h = h;
    this.g = g;
    this.a = new Float64Array(h.length);
  }

  evolveUntil(c: Float64Array, r: number, tauMax: number): number {
    const n = this.h.length, a = this.a, g = this.g;
    let end = 0;
    for (let j = 0; j < n; j++) {
      a[j] = c[2 * j] * c[2 * j] + c[2 * j + 1] * c[2 * j + 1];
      end += a[j] * Math.exp(-g[j] * tauMax);
    }
    if (end > r) {
      this.advance(c, tauMax);
      return -1;
    }
    // Newton on F(τ) = ln N(τ) − ln r, F convex and decreasing: iterates increase monotonically to the root.
    const lnr = Math.log(r);
    let tau = 0;
    for (let it = 0; it < 200; it++) {
      let nn = 0, dn = 0;
      for (let j = 0; j < n; j++) {
        const e = a[j] * Math.exp(-g[j] * tau);
        nn += e;
        dn += g[j] * e;
      }
      const f = Math.log(nn) - lnr;
      if (!(f > 0) || !(dn > 0)) break;
      const step = (f * nn) / dn;
      tau += step;
      if (step <= 1e-15 * tau) break;
    }
    if (tau > tauMax) tau = tauMax;
    this.advance(c, tau);
    return tau;
  }

  private advance(c: Float64Array, tau: number): void {
    if (tau === 0) return;
    for (let j = 0; j < this.h.length; j++) {
      const m = Math.exp(-0.5 * this.g[j] * tau), ph = this.h[j] * tau;
      const cr = m * Math.cos(ph), ci = -m * Math.sin(ph);
      const xr = c[2 * j], xi = c[2 * j + 1];
      c[2 * j] = cr * xr - ci * xi;
      c[2 * j + 1] = cr * xi + ci * xr;
    }
  }
}

/** Taylor terms kept at most; with ‖A‖Δ ≤ ½ the remainder after 24 terms is below 1e-31. */
const MAX_TERMS = 24;
/** Largest power P^(2^j) used: 2^20 grid steps at once (its rounding error, ~2^20·ε ≈ 2e-10, stays small). */
const MAX_LEVEL = 20;

/** The general path: exp(AΔ) on a grid, Taylor polynomial plus bracketed Newton inside a crossing step. */
class GridPropagator implements DecayPropagator {
  readonly kind = 'grid';
  readonly basis = null;
  private readonly a: DenseMatrix;
  private readonly dt: number;
  private readonly p: DenseMatrix | null;
  /** powers[j] = P^(2^j), built on demand. */
  private readonly powers: DenseMatrix[] = [];
  private readonly y: Float64Array;
  private readonly terms: Float64Array[];
  private readonly d: Float64Array;
  private nTerms = 0;

  constructor(a: DenseMatrix) {
    const n = a.rows, nrm = norm1(a);
    this.a = a;
    this.dt = nrm > 0 ? 0.5 / nrm : Infinity;
    this.p = nrm > 0 ? expm(a.scale(this.dt)) : null;
    this.y = new Float64Array(2 * n);
    this.d = new Float64Array(2 * n);
    this.terms = Array.from({ length: MAX_TERMS + 1 }, () => new Float64Array(2 * n));
  }

  evolveUntil(c: Float64Array, r: number, tauMax: number): number {
    if (!this.p) return normSquared(c) > r ? -1 : 0; // A = 0: nothing moves
    let elapsed = 0, level = 0;
    // Whole grid steps, 2^level at a time; N(τ) is non-increasing, so N > r at a span's end means no crossing inside.
    while (tauMax - elapsed >= this.dt) {
      const span = 2 ** level * this.dt;
      if (level > 0 && elapsed + span > tauMax) { level--; continue; }
      this.power(level).matvec(c, this.y);
      if (normSquared(this.y) > r) {
        c.set(this.y);
        elapsed += span;
        if (level < MAX_LEVEL) level++;
        continue;
      }
      if (level > 0) { level--; continue; }
      this.expand(c, this.dt);
      const tau = this.solve(c, r, this.dt);
      this.evaluate(tau, c, null);
      return elapsed + tau;
    }
    const rest = tauMax - elapsed; // < Δ
    if (!(rest > 0)) return -1;
    this.expand(c, rest);
    this.evaluate(rest, this.y, null);
    if (normSquared(this.y) > r) {
      c.set(this.y);
      return -1;
    }
    const tau = this.solve(c, r, rest);
    this.evaluate(tau, c, null);
    return elapsed + tau;
  }

  /** P^(2^j) (j ≤ MAX_LEVEL), by repeated squaring, kept. */
  private power(j: number): DenseMatrix {
    if (this.powers.length === 0) this.powers.push(this.p!);
    while (this.powers.length <= j) {
      const last = this.powers[this.powers.length - 1];
      this.powers.push(last.mul(last));
    }
    return this.powers[j];
  }

  /** Taylor terms v_k = A^k c / k! until ‖v_k‖τ^k is negligible against ‖c‖. */
  private expand(c: Float64Array, tau: number): void {
    const t = this.terms;
    t[0].set(c);
    const c0 = Math.sqrt(normSquared(c));
    let k = 0, scale = 1;
    while (k < MAX_TERMS) {
      this.a.matvec(t[k], t[k + 1]);
      k++;
      const inv = 1 / k;
      for (let i = 0; i < t[k].length; i++) t[k][i] *= inv;
      scale *= tau;
      if (Math.sqrt(normSquared(t[k])) * scale <= 1e-18 * c0) break;
    }
    this.nTerms = k + 1;
  }

  /** y(τ) = Σ τ^k v_k and, if `dy` is given, y'(τ) = Σ k τ^{k−1} v_k (Horner). */
  private evaluate(tau: number, y: Float64Array, dy: Float64Array | null): void {
    const t = this.terms, m = this.nTerms, len = y.length;
    y.set(t[m - 1]);
    for (let k = m - 2; k >= 0; k--) for (let i = 0; i < len; i++) y[i] = y[i] * tau + t[k][i];
    if (!dy) return;
    dy.fill(0);
    for (let k = m - 1; k >= 1; k--) for (let i = 0; i < len; i++) dy[i] = dy[i] * tau + k * t[k][i];
  }

  /** Root of ln N(τ) = ln r in (0, step], bracketed Newton (bisection when Newton leaves the bracket). */
  private solve(c: Float64Array, r: number, step: number): number {
    const y = this.y, d = this.d, lnr = Math.log(r);
    let lo = 0, hi = step;
    const f0 = Math.log(normSquared(c)) - lnr;
    this.evaluate(step, y, null);
    const f1 = Math.log(normSquared(y)) - lnr;
    let tau = f0 - f1 > 0 ? step * (f0 / (f0 - f1)) : step;
    for (let it = 0; it < 100; it++) {
      this.evaluate(tau, y, d);
      const nn = normSquared(y);
      let dn = 0;
      for (let i = 0; i < y.length; i++) dn += 2 * y[i] * d[i];
      const f = Math.log(nn) - lnr;
      if (f > 0) lo = tau; else hi = tau;
      if (f === 0 || hi - lo <= 1e-16 * hi) break;
      let next = tau - (f * nn) / dn;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const moved = Math.abs(next - tau);
      tau = next;
      if (moved <= 1e-15 * tau) break;
    }
    return tau;
  }
}
