/**
 * Householder QR with column pivoting of a complex m×n matrix (m ≥ n): A·P = Q·R with Q unitary (a product
 * of reflectors H_k = I − β_k v_k v_k†), R upper triangular with |R_00| ≥ |R_11| ≥ … (at step k the
 * remaining column of largest norm is moved to position k; partial norms are recomputed, not downdated,
 * so no cancellation can mislead the choice). Backward stable: Q·R = (A + δA)·P with ‖δA‖ ≲ p(n)·ε‖A‖.
 * Working storage is column-major (one re and one im array per column). Used to reveal the numerical
 * rank of a Liouvillian block (null-space.ts). No physics.
 */
import { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';

export interface PivotedQr {
  readonly m: number;
  readonly n: number;
  /** R by columns: rr[j][i], ri[j][i] for i ≤ j (entries below the diagonal are meaningless). */
  readonly rr: Float64Array[];
  readonly ri: Float64Array[];
  /** Column k of A·P is column perm[k] of A. */
  readonly perm: Int32Array;
  /** Reflector k acts on rows k…m−1: v_k (length m − k, real and imaginary parts) and β_k. */
  readonly vr: Float64Array[];
  readonly vi: Float64Array[];
  readonly beta: Float64Array;
}

/** A·P = Q·R (module comment). */
export function pivotedQr(a: DenseMatrix): PivotedQr {
  const m = a.rows, n = a.cols;
  if (m < n) throw new LinalgError(`pivotedQr: needs rows ≥ columns, got ${m}×${n}`);
  if (!a.isFinite()) throw new LinalgError('pivotedQr: matrix has non-finite entries', 'non-finite');
  const cr = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a.data[2 * (i * n + j)]));
  const ci = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a.data[2 * (i * n + j) + 1]));
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const vr: Float64Array[] = [], vi: Float64Array[] = [], beta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Pivot: the remaining column with the largest norm over rows k…m−1.
    let best = k, bestNorm = -1;
    for (let j = k; j < n; j++) {
      let s = 0;
      const xr = cr[j], xi = ci[j];
      for (let i = k; i < m; i++) s += xr[i] * xr[i] + xi[i] * xi[i];
      if (s > bestNorm) { bestNorm = s; best = j; }
    }
    if (best !== k) {
      [cr[k], cr[best]] = [cr[best], cr[k]];
      [ci[k], ci[best]] = [ci[best], ci[k]];
      const t = perm[k]; perm[k] = perm[best]; perm[best] = t;
    }
    // Reflector mapping x = A[k:, k] onto α e_0 with α = −e^{i arg x_0}‖x‖.
    const xr = cr[k], xi = ci[k], len = m - k;
    const norm = Math.sqrt(bestNorm);
    const v = new Float64Array(len), w = new Float64Array(len);
    for (let i = 0; i < len; i++) { v[i] = xr[k + i]; w[i] = xi[k + i]; }
    if (norm === 0) {
      vr.push(v); vi.push(w); beta[k] = 0;
      continue;
    }
    const x0 = Math.hypot(v[0], w[0]);
    const pr = x0 > 0 ? v[0] / x0 : 1, pi = x0 > 0 ? w[0] / x0 : 0; // phase of x_0
    const ar = -pr * norm, ai = -pi * norm;
    v[0] -= ar; w[0] -= ai;
    let vv = 0;
    for (let i = 0; i < len; i++) vv += v[i] * v[i] + w[i] * w[i];
    const b = vv > 0 ? 2 / vv : 0;
    vr.push(v); vi.push(w); beta[k] = b;
    xr[k] = ar; xi[k] = ai;
    for (let i = k + 1; i < m; i++) { xr[i] = 0; xi[i] = 0; }
    for (let j = k + 1; j < n; j++) reflect(v, w, b, cr[j], ci[j], k);
  }
  return { m, n, rr: cr, ri: ci, perm, vr, vi, beta };
}

/** y[off:] ← (I − β v v†) y[off:]. */
function reflect(v: Float64Array, w: Float64Array, b: number, yr: Float64Array, yi: Float64Array, off: number): void {
  if (b === 0) return;
  let sr = 0, si = 0; // v† y
  for (let i = 0; i < v.length; i++) {
    const a = yr[off + i], c = yi[off + i];
    sr += v[i] * a + w[i] * c;
    si += v[i] * c - w[i] * a;
  }
  sr *= b; si *= b;
  for (let i = 0; i < v.length; i++) {
    yr[off + i] -= v[i] * sr - w[i] * si;
    yi[off + i] -= v[i] * si + w[i] * sr;
  }
}

/** x ← Q·x (x of length m): the reflectors applied last to first. */
export function applyQ(qr: PivotedQr, xr: Float64Array, xi: Float64Array): void {
  for (let k = qr.n - 1; k >= 0; k--) reflect(qr.vr[k], qr.vi[k], qr.beta[k], xr, xi, k);
}

/** x ← Q†·x (x of length m). */
export function applyQAdjoint(qr: PivotedQr, xr: Float64Array, xi: Float64Array): void {
  for (let k = 0; k < qr.n; k++) reflect(qr.vr[k], qr.vi[k], qr.beta[k], xr, xi, k);
}

/**
 * x ← R⁻¹x (first n entries; R's diagonal entries of modulus below `floor` are raised to `floor`, keeping
 * their phase — a perturbation of R of that size, which keeps solves with a singular R finite).
 */
export function solveR(qr: PivotedQr, xr: Float64Array, xi: Float64Array, floor: number): void {
  const { n, rr, ri } = qr;
  for (let j = n - 1; j >= 0; j--) {
    const [dr, di] = pivot(rr[j][j], ri[j][j], floor);
    const d2 = dr * dr + di * di;
    const a = xr[j], b = xi[j];
    const yr = (a * dr + b * di) / d2, yi = (b * dr - a * di) / d2;
    xr[j] = yr; xi[j] = yi;
    const cr = rr[j], cim = ri[j];
    for (let i = 0; i < j; i++) {
      xr[i] -= cr[i] * yr - cim[i] * yi;
      xi[i] -= cr[i] * yi + cim[i] * yr;
    }
  }
}

/** x ← R⁻†x (first n entries; same floor as solveR). */
export function solveRAdjoint(qr: PivotedQr, xr: Float64Array, xi: Float64Array, floor: number): void {
  const { n, rr, ri } = qr;
  for (let j = 0; j < n; j++) {
    // (R†x)_j = Σ_{i ≤ j} conj(R_ij) x_i
    let sr = xr[j], si = xi[j];
    const cr = rr[j], cim = ri[j];
    for (let i = 0; i < j; i++) {
      sr -= cr[i] * xr[i] + cim[i] * xi[i];
      si -= cr[i] * xi[i] - cim[i] * xr[i];
    }
    const [dr, di] = pivot(cr[j], cim[j], floor);
    const d2 = dr * dr + di * di; // divide by conj(d)
    xr[j] = (sr * dr - si * di) / d2;
    xi[j] = (si * dr + sr * di) / d2;
  }
}

function pivot(dr: number, di: number, floor: number): [number, number] {
  const a = Math.hypot(dr, di);
  if (a >= floor) return [dr, di];
  return a > 0 ? [dr / a * floor, di / a * floor] : [floor, 0];
}

/** (R·x) into y, first n entries of x (y of length n). */
export function multiplyR(qr: PivotedQr, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { n, rr, ri } = qr;
  yr.fill(0, 0, n); yi.fill(0, 0, n);
  for (let j = 0; j < n; j++) {
    const a = xr[j], b = xi[j], cr = rr[j], cim = ri[j];
    for (let i = 0; i <= j; i++) {
      yr[i] += cr[i] * a - cim[i] * b;
      yi[i] += cr[i] * b + cim[i] * a;
    }
  }
}

/** (R†·x) into y. */
export function multiplyRAdjoint(qr: PivotedQr, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { n, rr, ri } = qr;
  for (let j = 0; j < n; j++) {
    let sr = 0, si = 0;
    const cr = rr[j], cim = ri[j];
    for (let i = 0; i <= j; i++) {
      sr += cr[i] * xr[i] + cim[i] * xi[i];
      si += cr[i] * xi[i] - cim[i] * xr[i];
    }
    yr[j] = sr; yi[j] = si;
  }
}
