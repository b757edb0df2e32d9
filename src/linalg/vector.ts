/**
 * Small helpers for complex vectors stored interleaved (re, im) in a Float64Array of length 2n.
 * No physics lives here.
 */
import { LinalgError } from './errors.ts';
import { checkArgument } from './arguments.ts';

const SMALL_SUM = 2 ** -900, LARGE_SUM = 2 ** 900;

function sameLength(x: Float64Array, y: Float64Array, op: string): void {
  if (x.length !== y.length) throw new LinalgError(`${op}: vector lengths differ (${x.length / 2} vs ${y.length / 2})`);
}

/** Hermitian inner product ⟨x, y⟩ = Σ_i conj(x_i)·y_i, returned as [re, im]. */
export function cdot(x: Float64Array, y: Float64Array): [number, number] {
  checkArgument(x, 'vector', 'cdot', 'x');
  checkArgument(y, 'vector', 'cdot', 'y');
  sameLength(x, y, 'cdot');
  let re = 0, im = 0;
  for (let k = 0; k < x.length; k += 2) {
    const xr = x[k], xi = x[k + 1], yr = y[k], yi = y[k + 1];
    re += xr * yr + xi * yi;
    im += xr * yi - xi * yr;
  }
  return [re, im];
}

/**
 * Euclidean norm ‖x‖₂ = √(Σ_i |x_i|²), neither overflowing nor underflowing: one pass when the plain sum
 * of squares lies in [2⁻⁹⁰⁰, 2⁹⁰⁰] (then squares that underflow change it by less than n·2⁻¹⁰⁷⁴, far
 * below an ulp), else a second pass scaled by max |x_i|.
 */
export function norm2(x: Float64Array): number {
  checkArgument(x, 'vector', 'norm2', 'x');
  let s0 = 0;
  for (let k = 0; k < x.length; k++) s0 += x[k] * x[k];
  if (s0 >= SMALL_SUM && s0 <= LARGE_SUM) return Math.sqrt(s0);
  let scale = 0;
  for (let k = 0; k < x.length; k++) scale = Math.max(scale, Math.abs(x[k]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let k = 0; k < x.length; k++) {
    const t = x[k] / scale; // not x·(1/scale): 1/scale overflows for subnormal scales
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/**
 * norm2 of an interleaved complex vector that is exactly zero outside the given entries: `positions` are
 * entry indices p (components 2p and 2p + 1), ascending. The same sums in the same order as norm2 of the
 * whole vector (the zeros it skips add exactly nothing), so the same result.
 */
export function norm2At(x: Float64Array, positions: Int32Array): number {
  let s0 = 0;
  for (let k = 0; k < positions.length; k++) {
    const p = 2 * positions[k], a = x[p], b = x[p + 1];
    s0 += a * a;
    s0 += b * b;
  }
  if (s0 >= SMALL_SUM && s0 <= LARGE_SUM) return Math.sqrt(s0);
  let scale = 0;
  for (let k = 0; k < positions.length; k++) {
    const p = 2 * positions[k];
    scale = Math.max(scale, Math.abs(x[p]), Math.abs(x[p + 1]));
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let k = 0; k < positions.length; k++) {
    const p = 2 * positions[k], a = x[p] / scale, b = x[p + 1] / scale;
    s += a * a;
    s += b * b;
  }
  return scale * Math.sqrt(s);
}

/** y ← y + a·x for a complex scalar a = are + i·aim; returns y. */
export function axpy(are: number, aim: number, x: Float64Array, y: Float64Array): Float64Array {
  checkArgument(are, 'number', 'axpy', 'are');
  checkArgument(aim, 'number', 'axpy', 'aim');
  checkArgument(x, 'vector', 'axpy', 'x');
  checkArgument(y, 'vector', 'axpy', 'y');
  sameLength(x, y, 'axpy');
  for (let k = 0; k < x.length; k += 2) {
    const xr = x[k], xi = x[k + 1];
    y[k] += are * xr - aim * xi;
    y[k + 1] += are * xi + aim * xr;
  }
  return y;
}

/** x ← a·x for a complex scalar a = are + i·aim; returns x. */
export function scaleInPlace(x: Float64Array, are: number, aim = 0): Float64Array {
  checkArgument(x, 'vector', 'scaleInPlace', 'x');
  checkArgument(are, 'number', 'scaleInPlace', 'are');
  checkArgument(aim, 'number', 'scaleInPlace', 'aim');
  for (let k = 0; k < x.length; k += 2) {
    const xr = x[k], xi = x[k + 1];
    x[k] = are * xr - aim * xi;
    x[k + 1] = are * xi + aim * xr;
  }
  return x;
}

/** Max norm ‖x‖_∞ = max_i |x_i| (complex modulus). */
export function normInf(x: Float64Array): number {
  checkArgument(x, 'vector', 'normInf', 'x');
  let m = 0;
  for (let k = 0; k < x.length; k += 2) {
    const a = Math.hypot(x[k], x[k + 1]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}
