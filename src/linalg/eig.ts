/**
 * Eigenvalues of a general (non-Hermitian) complex dense matrix.
 *
 * 1. Balancing (EISPACK `balanc`, radix 2): A ← D⁻¹·A·D with D diagonal, powers of two only, so that
 *    row and column norms of each index are comparable. Exact similarity: the eigenvalues are unchanged,
 *    and their round-off error (∝ ε·‖A‖) shrinks for badly scaled matrices.
 * 2. Householder reduction to upper Hessenberg form H = Q†·A·Q (unitary).
 * 3. Complex single-shift QR iteration on H (as LAPACK `zlahqr`): implicit bulge chasing with complex
 *    Givens rotations, Wilkinson shifts from the trailing 2×2 block, exceptional shifts after 10 and 20
 *    stagnant sweeps, deflation when |h_{k,k−1}| ≤ ε·(|h_{k−1,k−1}| + |h_kk|).
 * Backward stable: the computed eigenvalues are exact for A + E with ‖E‖ = O(n·ε·‖A‖). Eigenvalues of a
 * defective (Jordan) block of size k are only accurate to O(ε^{1/k}), as for any backward-stable method.
 * Only eigenvalues are computed (no vectors). No physics lives here.
 */
import type { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';
import { checkArgument } from './arguments.ts';

const EPS = 2 ** -52;
const SAFE_MIN = 2 ** -1022;

/** Eigenvalues as parallel arrays of real and imaginary parts (in no particular order). */
export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

/** Options of {@link eigvals}. */
export interface EigOptions {
  /** Balance the matrix first (default true). */
  balance?: boolean;
  /** QR sweeps allowed per eigenvalue before giving up (default 30·max(10, n) in total, like LAPACK). */
  maxSweeps?: number;
}

/**
 * All n eigenvalues λ of a square complex matrix A (A v = λ v), by balancing, Hessenberg reduction and
 * shifted complex QR. Throws LinalgError for non-square or non-finite input and if the QR iteration does
 * not converge (never observed for finite input, but guarded).
 */
export function eigvals(a: DenseMatrix, options: EigOptions = {}): Eigenvalues {
  checkArgument(a, 'dense', 'eigvals', 'a');
  checkArgument(options, 'options', 'eigvals', 'options');
  if (a.rows !== a.cols) throw new LinalgError(`eigvals: matrix must be square, got ${a.rows}×${a.cols}`);
  if (!a.isFinite()) throw new LinalgError('eigvals: matrix has non-finite entries', 'non-finite');
  const n = a.rows;
  const h = a.data.slice();
  if (options.balance ?? true) balance(h, n);
  hessenberg(h, n);
  return hessenbergQr(h, n, options.maxSweeps ?? 30 * Math.max(10, n));
}

/** |re| + |im|: the cheap complex magnitude LAPACK uses in convergence tests. */
const cabs1 = (re: number, im: number) => Math.abs(re) + Math.abs(im);

/**
 * In-place balancing of the interleaved row-major n×n array h: repeatedly scale row i by 1/f and column i
 * by f (f a power of 2) while that lowers the sum of the off-diagonal 1-norms of row and column i by 5 %.
 */
export function balance(h: Float64Array, n: number): void {
  const radix = 2, b2 = radix * radix;
  let noconv = true;
  for (let sweep = 0; noconv && sweep < 100; sweep++) {
    noconv = false;
    for (let i = 0; i < n; i++) {
      let c = 0, r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += cabs1(h[2 * (j * n + i)], h[2 * (j * n + i) + 1]);
        r += cabs1(h[2 * (i * n + j)], h[2 * (i * n + j) + 1]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / radix, f = 1;
      const s = c + r;
      while (c < g) { f *= radix; c *= b2; }
      g = r * radix;
      while (c >= g) { f /= radix; c /= b2; }
      if ((c + r) / f < 0.95 * s) {
        noconv = true;
        const inv = 1 / f;
        for (let j = 0; j < n; j++) {
          h[2 * (i * n + j)] *= inv; h[2 * (i * n + j) + 1] *= inv; // row i / f
          h[2 * (j * n + i)] *= f; h[2 * (j * n + i) + 1] *= f; //    column i · f
        }
      }
    }
  }
}

/**
 * In-place Householder reduction of the interleaved row-major n×n array h to upper Hessenberg form:
 * for k = 0…n−3, P_k = I − 2 v v†/(v†v) zeroes column k below the sub-diagonal, h ← P_k h P_k.
 * Entries below the sub-diagonal are set to exact zeros. With `q` (interleaved row-major n×n, e.g. the
 * identity), the reflections are accumulated: q ← q P_0 P_1 ⋯, so that h_in = q h_out q†.
 */
export function hessenberg(h: Float64Array, n: number, q?: Float64Array): void {
  const v = new Float64Array(2 * n);
  for (let k = 0; k + 2 < n; k++) {
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(h[2 * (i * n + k)]), Math.abs(h[2 * (i * n + k) + 1]));
    if (scale === 0) continue;
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      const xr = h[2 * (i * n + k)] / scale, xi = h[2 * (i * n + k) + 1] / scale;
      v[2 * i] = xr; v[2 * i + 1] = xi;
      norm2 += xr * xr + xi * xi;
    }
    const norm = Math.sqrt(norm2);
    const x0r = v[2 * (k + 1)], x0i = v[2 * (k + 1) + 1], x0 = Math.hypot(x0r, x0i);
    // α = −e^{i arg x0}‖x‖, v = x − α e1 (no cancellation in v_0).
    const pr = x0 === 0 ? 1 : x0r / x0, pi = x0 === 0 ? 0 : x0i / x0;
    v[2 * (k + 1)] += pr * norm;
    v[2 * (k + 1) + 1] += pi * norm;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1];
    const beta = 2 / vv;
    // Left: h ← (I − β v v†) h on rows k+1…n−1, columns k…n−1.
    for (let j = k; j < n; j++) {
      let sr = 0, si = 0; // v† h[:, j]
      for (let i = k + 1; i < n; i++) {
        const hr = h[2 * (i * n + j)], hi = h[2 * (i * n + j) + 1], vr = v[2 * i], vi = v[2 * i + 1];
        sr += vr * hr + vi * hi;
        si += vr * hi - vi * hr;
      }
      sr *= beta; si *= beta;
      for (let i = k + 1; i < n; i++) {
        const vr = v[2 * i], vi = v[2 * i + 1];
        h[2 * (i * n + j)] -= vr * sr - vi * si;
        h[2 * (i * n + j) + 1] -= vr * si + vi * sr;
      }
    }
    reflectRight(h, n, v, beta, k + 1); // h ← h (I − β v v†) on all rows, columns k+1…n−1
    if (q) reflectRight(q, n, v, beta, k + 1);
    for (let i = k + 2; i < n; i++) { h[2 * (i * n + k)] = 0; h[2 * (i * n + k) + 1] = 0; }
  }
}

/** m ← m (I − β v v†) on columns from…n−1 (all rows); m interleaved row-major n×n. */
function reflectRight(m: Float64Array, n: number, v: Float64Array, beta: number, from: number): void {
  for (let i = 0; i < n; i++) {
    let sr = 0, si = 0; // m[i, :] v
    for (let j = from; j < n; j++) {
      const mr = m[2 * (i * n + j)], mi = m[2 * (i * n + j) + 1], vr = v[2 * j], vi = v[2 * j + 1];
      sr += mr * vr - mi * vi;
      si += mr * vi + mi * vr;
    }
    sr *= beta; si *= beta;
    for (let j = from; j < n; j++) {
      const vr = v[2 * j], vi = -v[2 * j + 1]; // conj(v_j)
      m[2 * (i * n + j)] -= sr * vr - si * vi;
      m[2 * (i * n + j) + 1] -= sr * vi + si * vr;
    }
  }
}

/** Eigenvalue of the 2×2 block [[a, b], [c, d]] closer to d (the Wilkinson shift). */
export function wilkinsonShift(ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number): [number, number] {
  // λ = d + t − sqrt(t² + bc) with t = (a − d)/2, choosing the root closer to d.
  const tr = (ar - dr) / 2, ti = (ai - di) / 2;
  const qr = tr * tr - ti * ti + (br * cr - bi * ci), qi = 2 * tr * ti + (br * ci + bi * cr);
  let [sr, si] = csqrt(qr, qi);
  if (tr * sr + ti * si < 0) { sr = -sr; si = -si; } // make t + s the larger one in modulus
  const denr = tr + sr, deni = ti + si, den2 = denr * denr + deni * deni;
  if (den2 === 0) return [dr, di];
  // d − bc/(t + s): the root closer to d, computed without cancellation.
  const bcr = br * cr - bi * ci, bci = br * ci + bi * cr;
  return [dr - (bcr * denr + bci * deni) / den2, di - (bci * denr - bcr * deni) / den2];
}

/** Principal square root of a complex number. */
function csqrt(re: number, im: number): [number, number] {
  const m = Math.hypot(re, im);
  if (m === 0) return [0, 0];
  const r = Math.sqrt((m + Math.abs(re)) / 2);
  return re >= 0 ? [r, im / (2 * r)] : [Math.abs(im) / (2 * r), im >= 0 ? r : -r];
}

/**
 * Eigenvalues of the upper Hessenberg array h (destroyed) by shifted complex QR on the active window
 * [lo, hi], deflating from the bottom. Only the window is updated (no Schur vectors are kept).
 */
function hessenbergQr(h: Float64Array, n: number, maxSweeps: number): Eigenvalues {
  const re = new Float64Array(n), im = new Float64Array(n);
  const R = (i: number, j: number) => 2 * (i * n + j);
  let norm = 0;
  for (let k = 0; k < h.length; k += 2) norm = Math.max(norm, cabs1(h[k], h[k + 1]));
  let hi = n - 1, sweeps = 0, stagnant = 0;
  while (hi >= 0) {
    // Find the start l of the unreduced block ending at hi.
    let l = hi;
    for (; l > 0; l--) {
      const s = R(l, l - 1);
      const sub = cabs1(h[s], h[s + 1]);
      let diag = cabs1(h[R(l - 1, l - 1)], h[R(l - 1, l - 1) + 1]) + cabs1(h[R(l, l)], h[R(l, l) + 1]);
      if (diag === 0) diag = norm;
      if (sub <= Math.max(EPS * diag, SAFE_MIN)) { h[s] = 0; h[s + 1] = 0; break; }
    }
    if (l === hi) { // 1×1 block: an eigenvalue
      re[hi] = h[R(hi, hi)];
      im[hi] = h[R(hi, hi) + 1];
      hi--;
      stagnant = 0;
      continue;
    }
    if (++sweeps > maxSweeps) throw new LinalgError(`eigvals: QR iteration did not converge (${hi + 1} eigenvalues left)`, 'not-converged');
    stagnant++;
    let mr: number, mi: number;
    if (stagnant % 10 === 0) { // exceptional shift (LAPACK: 0.75·|Re h(i,i−1)| added to h(i,i))
      const s = R(hi, hi - 1);
      mr = h[R(hi, hi)] + 0.75 * Math.abs(h[s]);
      mi = h[R(hi, hi) + 1];
    } else {
      [mr, mi] = wilkinsonShift(h[R(hi - 1, hi - 1)], h[R(hi - 1, hi - 1) + 1], h[R(hi - 1, hi)], h[R(hi - 1, hi) + 1],
        h[R(hi, hi - 1)], h[R(hi, hi - 1) + 1], h[R(hi, hi)], h[R(hi, hi) + 1]);
    }
    qrSweep(h, n, l, hi, mr, mi);
  }
  return { re, im };
}

/**
 * One implicit single-shift QR sweep on the block [l, hi] of the Hessenberg array h with shift μ:
 * the first rotation is the one that zeroes the (l+1, l) entry of H − μI, then the bulge is chased down.
 */
function qrSweep(h: Float64Array, n: number, l: number, hi: number, mr: number, mi: number): void {
  const R = (i: number, j: number) => 2 * (i * n + j);
  for (let k = l; k < hi; k++) {
    let xr: number, xi: number, yr: number, yi: number;
    if (k === l) {
      xr = h[R(l, l)] - mr; xi = h[R(l, l) + 1] - mi;
      yr = h[R(l + 1, l)]; yi = h[R(l + 1, l) + 1];
    } else {
      xr = h[R(k, k - 1)]; xi = h[R(k, k - 1) + 1];
      yr = h[R(k + 1, k - 1)]; yi = h[R(k + 1, k - 1) + 1];
    }
    // G = [[c, s], [−s̄, c]] with G·[x; y] = [r; 0]: c = |x|/ν, s = (x/|x|)·ȳ/ν.
    const ax = Math.hypot(xr, xi), nu = Math.hypot(ax, Math.hypot(yr, yi));
    if (nu === 0) continue;
    let c: number, sr: number, si: number;
    if (ax === 0) { c = 0; sr = 1; si = 0; } else {
      c = ax / nu;
      const ur = xr / ax, ui = xi / ax; // x/|x|
      sr = (ur * yr + ui * yi) / nu; //   (x/|x|)·ȳ
      si = (ui * yr - ur * yi) / nu;
    }
    // Rows k, k+1 (columns from max(l, k−1) to hi): [p; q] ← G [p; q].
    for (let j = Math.max(l, k - 1); j <= hi; j++) {
      const p = R(k, j), q = R(k + 1, j);
      const pr = h[p], pi = h[p + 1], qr = h[q], qi = h[q + 1];
      h[p] = c * pr + (sr * qr - si * qi);
      h[p + 1] = c * pi + (sr * qi + si * qr);
      h[q] = -(sr * pr + si * pi) + c * qr; // −s̄·p + c·q
      h[q + 1] = -(sr * pi - si * pr) + c * qi;
    }
    if (k > l) { h[R(k + 1, k - 1)] = 0; h[R(k + 1, k - 1) + 1] = 0; }
    // Columns k, k+1 (rows l to min(k+2, hi)): [p, q] ← [p, q]·G† = [c p + s̄ q, −s p + c q].
    const last = Math.min(k + 2, hi);
    for (let i = l; i <= last; i++) {
      const p = R(i, k), q = R(i, k + 1);
      const pr = h[p], pi = h[p + 1], qr = h[q], qi = h[q + 1];
      h[p] = c * pr + (sr * qr + si * qi);
      h[p + 1] = c * pi + (sr * qi - si * qr);
      h[q] = -(sr * pr - si * pi) + c * qr;
      h[q + 1] = -(sr * pi + si * pr) + c * qi;
    }
  }
}
