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
 * for s all +1 (exact when A⁻¹ ≥ 0) and two random sign vectors; the largest, times SAFETY (an estimate,
 * not a bound: for a mixed-sign A⁻¹ the worst case can exceed a random one by up to √n). No physics.
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

/**
 * Estimate of |A⁻¹|·g (module comment): SAFETY · max over three right-hand sides s∘g of |A⁻¹(s∘g)|, into e:
 * s = all +1 (exact when A⁻¹ ≥ 0, as for the M-matrices of Markov-like systems, where errors add up with
 * one sign) and two random sign vectors (typical for mixed-sign A⁻¹). `work` holds two vectors of length n.
 */
export function componentwiseEstimate(lu: RealSolve, n: number, g: Float64Array, e: Float64Array, work: { b: Float64Array; x: Float64Array }): void {
  const { b, x } = work;
  e.fill(0, 0, n);
  for (let draw = 0; draw < 3; draw++) {
    if (draw === 0) b.fill(1, 0, n); else signs(n, draw, b);
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
