/**
 * exp(τB)·e₁ for a small dense complex matrix B (a Krylov method's projected matrix, m ≲ 30), without
 * allocation: the many evaluations a jump-time search makes cost O(m²)–O(m³) flops each, where the
 * general expm (ode/expm.ts: Padé, LU, fresh matrices) is dominated by allocation at these sizes.
 *
 * Scaling and squaring with a Taylor polynomial: s = max(0, ⌈log₂(‖τB‖₁/½)⌉), C = τB/2^s (‖C‖₁ ≤ ½),
 * T(C) = Σ_{k≤K} C^k/k! with K = 18 (remainder ≤ ‖C‖^{19}/19!·e^{‖C‖} < 2e-23: below rounding), and
 * exp(τB)e₁ = T(C)^{2^s}e₁: for s = 0 by Horner on the vector (K products m×m·vector), otherwise T(C) by
 * Horner on matrices (K products) and s squarings. Rounding error O(ε·(K + s)·‖·‖), as for the Padé route.
 * Matrices are row-major interleaved (re, im), leading dimension `ld` (≥ dim). No physics lives here.
 */
import { LinalgError } from './errors.ts';

const DEGREE = 18;

/** Workspace for smallExpColumn: matrices of up to `maxDim` × `maxDim`. */
export class SmallExpWorkspace {
  readonly maxDim: number;
  readonly c: Float64Array;
  readonly r: Float64Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly u: Float64Array;
  /** A spare vector of maxDim entries for callers. */
  readonly u2: Float64Array;

  constructor(maxDim: number) {
    this.maxDim = maxDim;
    const sq = 2 * maxDim * maxDim;
    this.c = new Float64Array(sq);
    this.r = new Float64Array(sq);
    this.t = new Float64Array(sq);
    this.v = new Float64Array(2 * maxDim);
    this.u = new Float64Array(2 * maxDim);
    this.u2 = new Float64Array(2 * maxDim);
  }
}

/**
 * Writes exp(τB)e₁ (the first column of the exponential) into out[0 … 2·dim), for the dim × dim matrix
 * B stored row-major interleaved in `b` with leading dimension ld. τ ≥ 0 finite, entries finite.
 */
export function smallExpColumn(b: Float64Array, ld: number, dim: number, tau: number, out: Float64Array, ws: SmallExpWorkspace): void {
  const c = ws.c, n2 = 2 * dim, s = scaledInto(b, ld, dim, tau, c);
  if (s === 0) {
    // Horner on the vector: v ← e₁ + C·v/k, k = K … 1.
    const v = ws.v, u = ws.u;
    v.fill(0, 0, n2);
    v[0] = 1;
    for (let k = DEGREE; k >= 1; k--) {
      const inv = 1 / k;
      for (let i = 0; i < dim; i++) {
        let re = 0, im = 0;
        for (let j = 0; j < dim; j++) {
          const ar = c[2 * (i * dim + j)], ai = c[2 * (i * dim + j) + 1], xr = v[2 * j], xi = v[2 * j + 1];
          re += ar * xr - ai * xi;
          im += ar * xi + ai * xr;
        }
        u[2 * i] = re * inv;
        u[2 * i + 1] = im * inv;
      }
      for (let i = 0; i < n2; i++) v[i] = u[i];
      v[0] += 1;
    }
    for (let i = 0; i < n2; i++) out[i] = v[i];
    return;
  }
  const r = hornerSquare(c, dim, s, ws);
  for (let i = 0; i < dim; i++) {
    out[2 * i] = r[2 * i * dim];
    out[2 * i + 1] = r[2 * i * dim + 1];
  }
}

/**
 * Writes the whole exp(τB) (dim × dim, row-major interleaved, leading dimension dim) into out, by the same
 * scaling and squaring as smallExpColumn's matrix branch (for s = 0 too). τ ≥ 0 finite, entries finite.
 */
export function smallExpMatrix(b: Float64Array, ld: number, dim: number, tau: number, out: Float64Array, ws: SmallExpWorkspace): void {
  const c = ws.c, s = scaledInto(b, ld, dim, tau, c);
  const r = hornerSquare(c, dim, s, ws);
  for (let k = 0; k < 2 * dim * dim; k++) out[k] = r[k];
}

/** C = τB/2^s into c (leading dimension dim) with s = max(0, ⌈log₂(‖τB‖₁/½)⌉); returns s. */
function scaledInto(b: Float64Array, ld: number, dim: number, tau: number, c: Float64Array): number {
  let norm = 0;
  for (let j = 0; j < dim; j++) {
    let col = 0;
    for (let i = 0; i < dim; i++) {
      const re = tau * b[2 * (i * ld + j)], im = tau * b[2 * (i * ld + j) + 1];
      c[2 * (i * dim + j)] = re;
      c[2 * (i * dim + j) + 1] = im;
      col += Math.abs(re) + Math.abs(im);
    }
    if (col > norm || col !== col) norm = col; // a NaN column stays NaN: refused below
  }
  // an overflowed (∞) or NaN norm would ask for infinitely many squarings
  if (!Number.isFinite(norm)) throw new LinalgError(`smallExpMatrix: ‖τB‖₁ is not finite (τ = ${tau}; entries overflow)`, 'non-finite');
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  if (s > 0) {
    const f = Math.pow(2, -s);
    for (let k = 0; k < 2 * dim * dim; k++) c[k] *= f;
  }
  return s;
}

/** T(C)^{2^s}: Horner on matrices R ← I + C·R/k (k = K … 1), then s squarings; returns ws.r or ws.t. */
function hornerSquare(c: Float64Array, dim: number, s: number, ws: SmallExpWorkspace): Float64Array {
  const n2 = 2 * dim;
  let r = ws.r, t = ws.t;
  r.fill(0, 0, n2 * dim);
  for (let i = 0; i < dim; i++) r[2 * (i * dim + i)] = 1;
  for (let k = DEGREE; k >= 1; k--) {
    multiply(c, r, t, dim, 1 / k);
    for (let i = 0; i < dim; i++) t[2 * (i * dim + i)] += 1;
    const x = r; r = t; t = x;
  }
  for (let q = 0; q < s; q++) {
    multiply(r, r, t, dim, 1);
    const x = r; r = t; t = x;
  }
  return r;
}

/** z = f·x·y for dim × dim row-major interleaved matrices (z distinct from x and y). */
function multiply(x: Float64Array, y: Float64Array, z: Float64Array, dim: number, f: number): void {
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < dim; k++) {
        const ar = x[2 * (i * dim + k)], ai = x[2 * (i * dim + k) + 1], br = y[2 * (k * dim + j)], bi = y[2 * (k * dim + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      z[2 * (i * dim + j)] = re * f;
      z[2 * (i * dim + j) + 1] = im * f;
    }
  }
}
