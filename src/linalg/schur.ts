/**
 * Complex Schur decomposition A = Q·T·Q† of a square complex dense matrix: Q unitary, T upper triangular
 * with the eigenvalues of A on its diagonal. Unlike an eigendecomposition it exists for every A (defective
 * or not) and transforms by a unitary, so it loses no accuracy to ill-conditioned eigenvectors.
 *
 * The same two stages as eigvals (eig.ts), but on the whole matrix and with Q accumulated (LAPACK zgehrd +
 * zunghr + zhseqr with wantt and wantz): Householder reduction to upper Hessenberg form, then implicit
 * single-shift complex QR (Wilkinson shifts, exceptional shifts after 10 stagnant sweeps, deflation when
 * |h_{k,k−1}| ≤ ε(|h_{k−1,k−1}| + |h_kk|)), every rotation applied to the full rows and columns of T and
 * to the columns of Q. No balancing (it is not a unitary similarity). Backward stable: Q·T·Q† = A + E,
 * ‖E‖ = O(n·ε·‖A‖). Cost ≈ 25n³ flops. No physics lives here.
 */
import type { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';
import { hessenberg, wilkinsonShift } from './eig.ts';

const EPS = 2 ** -52;
const SAFE_MIN = 2 ** -1022;

export interface Schur {
  readonly n: number;
  /** Upper triangular T, row-major interleaved (entries below the diagonal are exact zeros). */
  readonly t: Float64Array;
  /** Unitary Q, row-major interleaved. */
  readonly q: Float64Array;
}

const cabs1 = (re: number, im: number) => Math.abs(re) + Math.abs(im);

/** The complex Schur form of A (A itself is not modified); throws LinalgError for non-square or non-finite input. */
export function complexSchur(a: DenseMatrix): Schur {
  if (a.rows !== a.cols) throw new LinalgError(`complexSchur: matrix must be square, got ${a.rows}×${a.cols}`);
  if (!a.isFinite()) throw new LinalgError('complexSchur: matrix has non-finite entries', 'non-finite');
  const n = a.rows, h = a.data.slice(), q = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) q[2 * (i * n + i)] = 1;
  hessenberg(h, n, q);
  schurQr(h, q, n, 30 * Math.max(10, n));
  return { n, t: h, q };
}

/** Shifted QR on the Hessenberg h until it is upper triangular, rotations applied to all of h and to q. */
function schurQr(h: Float64Array, q: Float64Array, n: number, maxSweeps: number): void {
  const R = (i: number, j: number) => 2 * (i * n + j);
  let norm = 0;
  for (let k = 0; k < h.length; k += 2) norm = Math.max(norm, cabs1(h[k], h[k + 1]));
  let hi = n - 1, sweeps = 0, stagnant = 0;
  while (hi > 0) {
    let l = hi;
    for (; l > 0; l--) {
      const s = R(l, l - 1), sub = cabs1(h[s], h[s + 1]);
      let diag = cabs1(h[R(l - 1, l - 1)], h[R(l - 1, l - 1) + 1]) + cabs1(h[R(l, l)], h[R(l, l) + 1]);
      if (diag === 0) diag = norm;
      if (sub <= Math.max(EPS * diag, SAFE_MIN)) { h[s] = 0; h[s + 1] = 0; break; }
    }
    if (l === hi) { hi--; stagnant = 0; continue; }
    if (++sweeps > maxSweeps) throw new LinalgError(`complexSchur: QR iteration did not converge (${hi + 1} eigenvalues left)`, 'not-converged');
    stagnant++;
    let mr: number, mi: number;
    if (stagnant % 10 === 0) {
      mr = h[R(hi, hi)] + 0.75 * Math.abs(h[R(hi, hi - 1)]);
      mi = h[R(hi, hi) + 1];
    } else {
      [mr, mi] = wilkinsonShift(h[R(hi - 1, hi - 1)], h[R(hi - 1, hi - 1) + 1], h[R(hi - 1, hi)], h[R(hi - 1, hi) + 1],
        h[R(hi, hi - 1)], h[R(hi, hi - 1) + 1], h[R(hi, hi)], h[R(hi, hi) + 1]);
    }
    for (let k = l; k < hi; k++) {
      let xr: number, xi: number, yr: number, yi: number;
      if (k === l) {
        xr = h[R(l, l)] - mr; xi = h[R(l, l) + 1] - mi; yr = h[R(l + 1, l)]; yi = h[R(l + 1, l) + 1];
      } else {
        xr = h[R(k, k - 1)]; xi = h[R(k, k - 1) + 1]; yr = h[R(k + 1, k - 1)]; yi = h[R(k + 1, k - 1) + 1];
      }
      const ax = Math.hypot(xr, xi), nu = Math.hypot(ax, Math.hypot(yr, yi));
      if (nu === 0) continue;
      let c: number, sr: number, si: number;
      if (ax === 0) { c = 0; sr = 1; si = 0; } else {
        c = ax / nu;
        const ur = xr / ax, ui = xi / ax;
        sr = (ur * yr + ui * yi) / nu;
        si = (ui * yr - ur * yi) / nu;
      }
      for (let j = Math.max(l, k - 1); j < n; j++) { // rows k, k+1 ← G·rows (every column to the right)
        const p = R(k, j), o = R(k + 1, j), pr = h[p], pi = h[p + 1], qr = h[o], qi = h[o + 1];
        h[p] = c * pr + (sr * qr - si * qi);
        h[p + 1] = c * pi + (sr * qi + si * qr);
        h[o] = -(sr * pr + si * pi) + c * qr;
        h[o + 1] = -(sr * pi - si * pr) + c * qi;
      }
      if (k > l) { h[R(k + 1, k - 1)] = 0; h[R(k + 1, k - 1) + 1] = 0; }
      const last = Math.min(k + 2, hi);
      for (let i = 0; i <= last; i++) rotateColumns(h, R(i, k), R(i, k + 1), c, sr, si);
      for (let i = 0; i < n; i++) rotateColumns(q, R(i, k), R(i, k + 1), c, sr, si);
    }
  }
}

/** [p, q] ← [p, q]·G† = [c·p + s̄·q, −s·p + c·q] for the entries at offsets p and q. */
function rotateColumns(m: Float64Array, p: number, o: number, c: number, sr: number, si: number): void {
  const pr = m[p], pi = m[p + 1], qr = m[o], qi = m[o + 1];
  m[p] = c * pr + (sr * qr + si * qi);
  m[p + 1] = c * pi + (sr * qi - si * qr);
  m[o] = -(sr * pr - si * pi) + c * qr;
  m[o + 1] = -(sr * pi + si * pr) + c * qi;
}
