/**
 * Conditioning and first-order forward error of a factorised real square system A y = b.
 *
 * If the entries of A carry relative errors |δA| ≤ η|A| (rounding of the data) and the computed y has
 * residual r = b − A y (computed in extra precision, refine.ts), then to first order
 *     y_exact − y = A⁻¹(r + δA·y),   so   |y_exact − y| ≤ |A⁻¹|·(|r| + η|A||y|)   componentwise
 * (the Oettli–Prager / Skeel bound). With A⁻¹ at hand (small dense systems: n solves) the bound is computed
 * exactly, and so is the 1-norm reciprocal condition number rcond = 1/(‖A‖₁‖A⁻¹‖₁). For large sparse
 * systems both are estimated from a few solves: ‖A⁻¹‖ from below by the largest growth ‖A⁻¹v‖/‖v‖ seen in
 * a few steps of inverse power iteration, and the componentwise error by |A⁻¹(s∘g)| (g = |r| + η|A||y|)
 * for s all +1 (exact when A⁻¹ ≥ 0) and 1 + ⌈log₂ n⌉ sign vectors that give every pair of unknowns both
 * relative signs; the largest, times SAFETY (an estimate, not a bound: for a mixed-sign A⁻¹ the worst case
 * can exceed these by up to √n). Small systems (n ≤ EXACT_COMPONENTWISE) get |A⁻¹|·g exactly. No physics.
 */
import { norm2 } from './vector.ts';

/** Real solves x = A⁻¹b into `out` (out is returned). */
export interface RealSolve {
  solve(b: Float64Array, out: Float64Array): Float64Array;
}

/** Factor on the estimate of the componentwise error (see the module comment). */
export const SAFETY = 10;

/** ‖A‖₁ = max_j Σ_i |A_ij| of a row-major n×n matrix. */
export function normOneDense(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    if (s > best) best = s;
  }
  return best;
}

/** ‖A‖_∞ = max_i Σ_j |A_ij| of a real CSR matrix. */
export function normInfCsr(n: number, rowPtr: Int32Array, values: Float64Array): number {
  let best = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += Math.abs(values[p]);
    if (s > best) best = s;
  }
  return best;
}

/**
 * A⁻¹ of a factorised n×n matrix, column by column (n solves), into `inv` row-major: inv[i·n + j] = (A⁻¹)_ij.
 * `work` holds two vectors of length n. Returns ‖A⁻¹‖₁.
 */
export function denseInverse(lu: RealSolve, n: number, inv: Float64Array, work: { b: Float64Array; x: Float64Array }): number {
  const { b, x } = work;
  let norm = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) b[i] = 0;
    b[j] = 1;
    lu.solve(b, x);
    let s = 0;
    for (let i = 0; i < n; i++) {
      inv[i * n + j] = x[i];
      s += Math.abs(x[i]);
    }
    if (!(s <= norm)) norm = s; // NaN propagates
  }
  return norm;
}

/**
 * g = |r| + η|A||y| for a row-major n×n A (rows in `exact` get only |r|: equations known without error).
 */
export function perturbationDense(a: Float64Array, n: number, y: Float64Array, r: Float64Array, eta: number, g: Float64Array, exactRow = -1): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i !== exactRow) {
      const row = i * n;
      for (let j = 0; j < n; j++) s += Math.abs(a[row + j] * y[j]);
    }
    g[i] = Math.abs(r[i]) + eta * s;
  }
}

/** The same for a real CSR A. */
export function perturbationCsr(n: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float64Array,
  y: Float64Array, r: Float64Array, eta: number, g: Float64Array, exactRow = -1): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i !== exactRow) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += Math.abs(values[p] * y[colIdx[p]]);
    g[i] = Math.abs(r[i]) + eta * s;
  }
}

/** e = |A⁻¹|·g with A⁻¹ row-major (denseInverse). */
export function componentwiseBound(inv: Float64Array, n: number, g: Float64Array, e: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += Math.abs(inv[row + j]) * g[j];
    e[i] = s;
  }
}

/** Deterministic ±1 signs (fixed seed per draw: certificates are reproducible). */
function signs(n: number, draw: number, out: Float64Array): void {
  let s = (0x2545f491 + 0x9e3779b9 * draw) | 0;
  for (let k = 0; k < n; k++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    out[k] = (s & 0x10000) ? 1 : -1;
  }
}

/** Number of sign draws of componentwiseEstimate for n unknowns: all +1, r, and r∘w_b for b < ⌈log₂ n⌉. */
function signDrawCount(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n)) + 2;
}

/**
 * Sign vector number `draw` (< signDrawCount(n)) of the family of componentwiseEstimate into out[0 … n):
 * 0 all +1, 1 a fixed pseudo-random r, 2 + b the product r∘w_b, w_b(j) = (−1)^(bit b of j).
 */
function signDraw(n: number, draw: number, out: Float64Array): void {
  if (draw === 0) { out.fill(1, 0, n); return; }
  signs(n, 1, out);
  if (draw >= 2) for (let k = 0; k < n; k++) if ((k >>> (draw - 2)) & 1) out[k] = -out[k];
}

/** Systems up to this size get the exact |A⁻¹|·g from n solves (componentwiseEstimate). */
export const EXACT_COMPONENTWISE = 64;

/**
 * Estimate of |A⁻¹|·g (module comment) into e. For n ≤ EXACT_COMPONENTWISE it is exact: Σ_j |A⁻¹e_j|·g_j
 * from n solves. Above, SAFETY · max over the right-hand sides s∘g of |A⁻¹(s∘g)|, s running over: all +1
 * (exact when A⁻¹ ≥ 0, as for the M-matrices of Markov-like systems, where errors add up with one sign), a
 * random sign vector r, and r∘w_b for b = 0 … ⌈log₂ n⌉ − 1 with w_b(j) = (−1)^(bit b of j). Any two
 * unknowns j ≠ j' differ in some bit, so some draw gives them equal and some opposite relative signs: a row
 * of A⁻¹ dominated by two terms (A⁻¹)_ij g_j that cancel in one draw cannot cancel in all. With the
 * all-+1 and one random draw only, such rows were underestimated 3e4-fold (a qubit with H ~ 1e10: 1.9e-14
 * against the exact 5.2e-10). `work` holds two vectors of length n.
 */
export function componentwiseEstimate(lu: RealSolve, n: number, g: Float64Array, e: Float64Array, work: { b: Float64Array; x: Float64Array }): void {
  const { b, x } = work;
  e.fill(0, 0, n);
  if (n <= EXACT_COMPONENTWISE) {
    for (let j = 0; j < n; j++) {
      if (g[j] === 0) continue;
      b.fill(0, 0, n);
      b[j] = 1;
      lu.solve(b, x);
      for (let k = 0; k < n; k++) e[k] += Math.abs(x[k]) * g[j];
    }
    return;
  }
  for (let draw = 0, draws = signDrawCount(n); draw < draws; draw++) {
    signDraw(n, draw, b);
    for (let k = 0; k < n; k++) b[k] *= g[k];
    lu.solve(b, x);
    for (let k = 0; k < n; k++) {
      const v = SAFETY * Math.abs(x[k]);
      if (!(v <= e[k])) e[k] = v;
    }
  }
}

/**
 * A lower bound on ‖A⁻¹‖₂ (and an estimate within a small factor for most matrices): the largest growth
 * ‖A⁻¹v‖/‖v‖ over `steps` steps of inverse power iteration from a fixed pseudo-random start; Infinity
 * when a solve overflowed (treat A as singular). `work` holds two vectors of length n.
 */
export function inverseNormEstimate(lu: RealSolve, n: number, steps: number, work: { b: Float64Array; x: Float64Array }): number {
  let v = work.b, w = work.x;
  signs(n, 7, v);
  let nv = norm2(v), best = 0;
  for (let it = 0; it < steps; it++) {
    const out = lu.solve(v, w);
    if (out !== w) w.set(out);
    const g = norm2(w);
    if (!Number.isFinite(g)) return Infinity;
    const growth = g / nv;
    if (growth > best) best = growth;
    if (g === 0) break;
    for (let k = 0; k < n; k++) w[k] /= g;
    nv = 1;
    const t = v; v = w; w = t;
  }
  return best;
}

/** ‖A‖_∞ and ‖A⁻¹‖_∞ of a factorised system (exact, or an estimate). */
export interface Conditioning {
  readonly norm: number;
  readonly inverseNorm: number;
  /** True when both are exact (dense: from A⁻¹ itself). */
  readonly exact: boolean;
}
