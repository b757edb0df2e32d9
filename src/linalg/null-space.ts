/**
 * Numerical null space of a square complex matrix A with a stated gap criterion.
 *
 * 1. Rank-revealing QR: A·P = Q·R (qr.ts). s = |R_00| = the largest column norm (σ_max ∈ [s, √n·s]).
 * 2. The smallest singular triplets of R (= those of A) by subspace inverse iteration on (R†R)⁻¹ with
 *    triangular solves (a diagonal entry of R below ε·s is raised to ε·s for the solves only), then
 *    Rayleigh–Ritz: the one-sided Jacobi SVD (svd.ts) of R·Z for the orthonormal block Z. This resolves
 *    singular values down to ~ε·s — unlike the eigenvalues of A†A, which see nothing below √ε·s.
 * 3. Criterion: σ is counted as zero when σ ≤ ζ·s, ζ = ZERO_FACTOR·n·ε (ε = 2⁻⁵²); the decision is
 *    accepted only when the smallest singular value not counted exceeds GAP·ζ·s. Otherwise the kernel
 *    dimension is ambiguous (a mode decaying at ~ζ‖A‖ cannot be told from a stationary one at this
 *    precision) and LinalgError(kind 'not-converged') is thrown. The gap is reported.
 * Left null vectors (u†A = 0) come from the same iteration on (RR†)⁻¹: u = Q·w with w†R = 0.
 * Cost: one QR (O(n³)) plus O(n²·b) per iteration for a block of b vectors. No physics.
 */
import { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';
import { svd } from './svd.ts';
import { applyQ, multiplyR, multiplyRAdjoint, pivotedQr, solveR, solveRAdjoint, type PivotedQr } from './qr.ts';

/** ζ = ZERO_FACTOR·n·ε relative to s: singular values at most this are zero. */
export const ZERO_FACTOR = 1000;
/** The smallest non-zero singular value must exceed GAP·ζ·s. */
export const GAP = 1000;

const EPS = 2 ** -52;
const ITERATIONS = 4;

export interface NullSpace {
  /** Orthonormal right null vectors (columns, n×k): A·x ≈ 0. */
  readonly right: DenseMatrix;
  /** Orthonormal left null vectors (columns, n×k): u†·A ≈ 0. */
  readonly left: DenseMatrix;
  /** s = largest column norm of A (the scale of the criterion). */
  readonly scale: number;
  /** Largest singular value counted as zero, relative to s (0 when k = 0). */
  readonly kernel: number;
  /** Smallest singular value not counted, relative to s (Infinity when every candidate is zero). */
  readonly next: number;
  /** The smallest singular values found, ascending, relative to s. */
  readonly smallest: Float64Array;
}

/**
 * Right null vectors of an m×n complex matrix (m ≥ n) by the same criterion, with an exact unit vector for
 * every column of A that is exactly zero (so entries that vanish structurally stay exactly 0) and the
 * rank-revealing computation on the other columns only.
 */
export function rightNullSpace(a: DenseMatrix): { vectors: DenseMatrix; kernel: number; next: number } {
  const m = a.rows, n = a.cols;
  const zero: number[] = [], rest: number[] = [];
  for (let j = 0; j < n; j++) {
    let nz = false;
    for (let i = 0; i < m && !nz; i++) nz = a.re(i, j) !== 0 || a.im(i, j) !== 0;
    (nz ? rest : zero).push(j);
  }
  let k = zero.length, kernel = 0, next = Infinity;
  let restVectors: DenseMatrix | null = null;
  if (rest.length > 0) {
    const sub = new DenseMatrix(m, rest.length);
    rest.forEach((j, b) => { for (let i = 0; i < m; i++) sub.set(i, b, a.re(i, j), a.im(i, j)); });
    const r = solveRight(sub);
    restVectors = r.vectors;
    kernel = r.kernel; next = r.next;
    k += r.vectors.cols;
  }
  const out = new DenseMatrix(n, k);
  zero.forEach((j, c) => out.set(j, c, 1));
  if (restVectors) {
    for (let c = 0; c < restVectors.cols; c++) rest.forEach((j, b) => out.set(j, zero.length + c, restVectors!.re(b, c), restVectors!.im(b, c)));
  }
  return { vectors: out, kernel, next };
}

/** The right null space of an m×n matrix (m ≥ n) from its pivoted QR (steps 1–3 of the module comment). */
function solveRight(a: DenseMatrix): { vectors: DenseMatrix; kernel: number; next: number; qr: PivotedQr; scale: number; smallest: Float64Array } {
  const n = a.cols;
  const qr = pivotedQr(a);
  const s = Math.hypot(qr.rr[0][0], qr.ri[0][0]);
  if (s === 0) return { vectors: DenseMatrix.identity(n), kernel: 0, next: Infinity, qr, scale: 0, smallest: new Float64Array(n) };
  const zeta = ZERO_FACTOR * Math.max(a.rows, n) * EPS;
  let candidates = 0;
  for (let j = 0; j < n; j++) if (Math.hypot(qr.rr[j][j], qr.ri[j][j]) <= 1e-3 * s) candidates++;
  let b = Math.min(n, candidates + 3);
  for (;;) {
    const right = smallestTriplets(qr, b, s, false);
    const k = countBelow(right.values, zeta * s);
    if (k === b && b < n) { b = Math.min(n, b + 4); continue; } // every candidate is zero: widen the block
    if (k < b && !(right.values[k] > GAP * zeta * s)) {
      throw new LinalgError(`nullSpace: no clear gap in the singular values (σ/s = ${Array.from(right.values.slice(0, Math.min(b, k + 2)), (x) => (x / s).toExponential(2)).join(', ')}; zero below ${zeta.toExponential(1)}, next must exceed ${(GAP * zeta).toExponential(1)})`, 'not-converged');
    }
    const vectors = new DenseMatrix(n, k);
    for (let c = 0; c < k; c++) for (let i = 0; i < n; i++) vectors.set(qr.perm[i], c, right.vectors[c].re[i], right.vectors[c].im[i]);
    return { vectors, kernel: k > 0 ? right.values[k - 1] / s : 0, next: k < b ? right.values[k] / s : Infinity, qr, scale: s, smallest: right.values.map((x) => x / s) };
  }
}

/** Null space of a square complex matrix (module comment). */
export function nullSpace(a: DenseMatrix): NullSpace {
  const n = a.rows;
  if (a.cols !== n) throw new LinalgError(`nullSpace: needs a square matrix, got ${a.rows}×${a.cols}`);
  if (n === 0) return { right: new DenseMatrix(0, 0), left: new DenseMatrix(0, 0), scale: 0, kernel: 0, next: Infinity, smallest: new Float64Array(0) };
  const r = solveRight(a);
  if (r.scale === 0) { // A = 0: everything is null
    const id = DenseMatrix.identity(n);
    return { right: id, left: id.clone(), scale: 0, kernel: 0, next: Infinity, smallest: new Float64Array(n) };
  }
  const k = r.vectors.cols, qr = r.qr;
  const left = smallestTriplets(qr, Math.max(k, 1), r.scale, true);
  const leftVectors = new DenseMatrix(n, k);
  for (let c = 0; c < k; c++) {
    const xr = Float64Array.from(left.vectors[c].re), xi = Float64Array.from(left.vectors[c].im);
    applyQ(qr, xr, xi);
    for (let i = 0; i < n; i++) leftVectors.set(i, c, xr[i], xi[i]);
  }
  return { right: r.vectors, left: leftVectors, scale: r.scale, kernel: r.kernel, next: r.next, smallest: r.smallest };
}

function countBelow(values: Float64Array, threshold: number): number {
  let k = 0;
  while (k < values.length && values[k] <= threshold) k++;
  return k;
}

interface Vec { re: Float64Array; im: Float64Array }

/**
 * The b smallest singular values of R (ascending) with their right (adjoint = false: R·x small) or left
 * (adjoint = true: R†·x small) singular vectors, by subspace inverse iteration and Rayleigh–Ritz.
 */
function smallestTriplets(qr: PivotedQr, b: number, s: number, adjoint: boolean): { values: Float64Array; vectors: Vec[] } {
  const n = qr.n, floor = EPS * s;
  const z: Vec[] = [];
  let seed = adjoint ? 0x51ed27 : 0x1234567;
  const rand = () => { seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0; return (seed >>> 0) / 4294967296 - 0.5; };
  for (let c = 0; c < b; c++) z.push({ re: Float64Array.from({ length: n }, rand), im: Float64Array.from({ length: n }, rand) });
  orthonormalise(z);
  for (let it = 0; it < ITERATIONS; it++) {
    for (const v of z) {
      if (adjoint) { solveR(qr, v.re, v.im, floor); solveRAdjoint(qr, v.re, v.im, floor); }
      else { solveRAdjoint(qr, v.re, v.im, floor); solveR(qr, v.re, v.im, floor); }
    }
    orthonormalise(z);
  }
  // Rayleigh–Ritz: the SVD of R·Z (or R†·Z), n×b.
  const m = new DenseMatrix(n, b), yr = new Float64Array(n), yi = new Float64Array(n);
  z.forEach((v, c) => {
    if (adjoint) multiplyRAdjoint(qr, v.re, v.im, yr, yi); else multiplyR(qr, v.re, v.im, yr, yi);
    for (let i = 0; i < n; i++) m.set(i, c, yr[i], yi[i]);
  });
  const d = svd(m);
  const values = Float64Array.from(d.values).reverse();
  const vectors: Vec[] = [];
  for (let k = 0; k < b; k++) {
    const col = b - 1 - k, re = new Float64Array(n), im = new Float64Array(n);
    for (let c = 0; c < b; c++) {
      const wr = d.v.re(c, col), wi = d.v.im(c, col), v = z[c];
      for (let i = 0; i < n; i++) { re[i] += v.re[i] * wr - v.im[i] * wi; im[i] += v.re[i] * wi + v.im[i] * wr; }
    }
    vectors.push({ re, im });
  }
  return { values, vectors };
}

/**
 * Orthonormalises the block in place: each vector is projected against the previous ones twice (modified
 * Gram–Schmidt, "twice is enough") and normalised. A vector that is numerically in the span of the previous
 * ones — the second projection removes more than half of what the first left (Kahan–Parlett), i.e. what was
 * left was rounding error of the projection, which lies in that span — is replaced by the unit vector e_j
 * least covered by the previous ones (j minimising Σ_p |u_p[j]|²), orthonormalised the same way. Inverse
 * iteration drives every vector of the block towards the null space; without the replacement a block of
 * (numerically) dependent vectors, e.g. two copies of a null vector with different phases, came out, and
 * the Rayleigh–Ritz step then counted one null vector twice (a qubit's D[σ⁻]† reported 2 null vectors).
 */
function orthonormalise(z: Vec[]): void {
  for (let c = 0; c < z.length; c++) {
    const v = z[c];
    let first = project(z, c, v), second = project(z, c, v);
    if (!Number.isFinite(first) || !Number.isFinite(second)) throw new LinalgError('nullSpace: the inverse iteration lost its block (non-finite vectors)', 'non-finite');
    if (!(second > 0.5 * first)) {
      const n = v.re.length, covered = new Float64Array(n);
      for (let p = 0; p < c; p++) for (let i = 0; i < n; i++) covered[i] += z[p].re[i] ** 2 + z[p].im[i] ** 2;
      let j = 0;
      for (let i = 1; i < n; i++) if (covered[i] < covered[j]) j = i;
      v.re.fill(0); v.im.fill(0); v.re[j] = 1;
      first = project(z, c, v); second = project(z, c, v);
      if (!(second > 0.5 * first)) throw new LinalgError('nullSpace: the inverse iteration lost its block (dependent vectors)', 'non-finite');
    }
    for (let i = 0; i < v.re.length; i++) { v.re[i] /= second; v.im[i] /= second; }
  }
}

/** v −= Σ_{p<c} z_p (z_p† v) (modified Gram–Schmidt); returns ‖v‖ after. */
function project(z: Vec[], c: number, v: Vec): number {
  const n = v.re.length;
  for (let p = 0; p < c; p++) {
    const u = z[p];
    let sr = 0, si = 0; // u† v
    for (let i = 0; i < n; i++) { sr += u.re[i] * v.re[i] + u.im[i] * v.im[i]; si += u.re[i] * v.im[i] - u.im[i] * v.re[i]; }
    for (let i = 0; i < n; i++) { v.re[i] -= u.re[i] * sr - u.im[i] * si; v.im[i] -= u.re[i] * si + u.im[i] * sr; }
  }
  let nrm = 0;
  for (let i = 0; i < n; i++) nrm += v.re[i] * v.re[i] + v.im[i] * v.im[i];
  return Math.sqrt(nrm);
}
