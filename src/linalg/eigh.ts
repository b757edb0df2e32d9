/**
 * Hermitian eigendecomposition A = V·Λ·V† of a complex dense matrix.
 *
 * 1. H = (A + A†)/2, scaled by an exact power of two so that max |h_ij| ≈ 1.
 * 2. Householder reduction H = Q·T·Q†, Q = H₀H₁…H_{n−3}, H_k = I − β_k u_k u_k†, to a Hermitian
 *    tridiagonal T with real diagonal d and complex sub-diagonal t_k.
 * 3. A diagonal unitary D = diag(φ), φ₀ = 1, φ_{k+1} = φ_k·t_k/|t_k|, makes S = D†·T·D real symmetric
 *    tridiagonal with sub-diagonal |t_k|.
 * 4. Implicit symmetric QR steps with Wilkinson shifts and Givens rotations give S = Wᵀ·Λ·W.
 * 5. V = Q·D·Wᵀ (columns are orthonormal eigenvectors), eigenvalues sorted ascending.
 * Every transformation is unitary, so ‖V·Λ·V† − H‖ and ‖V†V − I‖ are O(n·ε·‖H‖). No physics lives here.
 */
import { DenseMatrix } from './dense.ts';
import { LinalgError } from './errors.ts';
import { checkArgument } from './arguments.ts';

export interface EighResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n×n unitary matrix whose column j is the eigenvector of values[j]. */
  vectors: DenseMatrix;
}

const EPS = 2 ** -52;

/** Tridiagonal form H = Q·D·S·D†·Q†: real diagonal d, real sub-diagonal e (|t_k|), phases φ, reflectors. */
interface Tridiagonal {
  d: Float64Array;
  e: Float64Array;
  phase: Float64Array;
  /** Row k holds u_k (entries k+1…n−1 used), interleaved. */
  house: Float64Array;
  beta: Float64Array;
}

/**
 * Symmetrised copy (A + A†)/2 divided by `scale` = 2^e, exactly; diagonal imaginary parts are dropped.
 * The halving comes first and 2^−e is applied in two factors, so nothing overflows even for entries
 * near the largest or smallest (subnormal) doubles.
 */
function hermitianCopy(a: DenseMatrix, scale: number): Float64Array {
  const n = a.rows, s = a.data, h = new Float64Array(2 * n * n);
  const e = Math.log2(scale), f1 = 2 ** -Math.trunc(e / 2), f2 = 2 ** -(e - Math.trunc(e / 2));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = 2 * (i * n + j), q = 2 * (j * n + i);
      h[p] = (0.5 * s[p] + 0.5 * s[q]) * f1 * f2;
      h[p + 1] = (0.5 * s[p + 1] - 0.5 * s[q + 1]) * f1 * f2;
    }
    h[2 * (i * n + i) + 1] = 0;
  }
  return h;
}

/** Householder reduction of the Hermitian n×n array h (overwritten) to tridiagonal form. */
function tridiagonalize(h: Float64Array, n: number): Tridiagonal {
  const rl = 2 * n;
  const d = new Float64Array(n), e = new Float64Array(n), phase = new Float64Array(2 * n);
  const house = new Float64Array(2 * n * n), beta = new Float64Array(n);
  const sub = new Float64Array(2 * n); // complex sub-diagonal t_k
  const p = new Float64Array(2 * n);
  for (let k = 0; k + 2 < n; k++) {
    const u = house.subarray(k * rl, (k + 1) * rl);
    // Work with x/s, s = max |component| of x: sums of squares and the phase of x₀ then never
    // underflow into subnormals (which would make the reflector non-unitary) or overflow β.
    let s = 0, tailMax = 0;
    for (let i = k + 1; i < n; i++) {
      const xr = h[i * rl + 2 * k], xi = h[i * rl + 2 * k + 1];
      u[2 * i] = xr;
      u[2 * i + 1] = xi;
      const m = Math.max(Math.abs(xr), Math.abs(xi));
      s = Math.max(s, m);
      if (i > k + 1) tailMax = Math.max(tailMax, m);
    }
    const x0r = u[2 * k + 2], x0i = u[2 * k + 3];
    if (tailMax === 0) {
      sub[2 * k] = x0r;
      sub[2 * k + 1] = x0i;
      continue; // column already reduced: H_k = I
    }
    let tail = 0;
    for (let i = k + 1; i < n; i++) {
      u[2 * i] /= s;
      u[2 * i + 1] /= s;
      if (i > k + 1) tail += u[2 * i] * u[2 * i] + u[2 * i + 1] * u[2 * i + 1];
    }
    const ax0 = Math.hypot(u[2 * k + 2], u[2 * k + 3]), xnorm = Math.sqrt(ax0 * ax0 + tail);
    // Phase of x₀ from x₀ divided by its own largest component (exact for subnormal x₀ too).
    const m0 = Math.max(Math.abs(x0r), Math.abs(x0i));
    let phr = 1, phi = 0;
    if (m0 > 0) {
      const r = x0r / m0, i = x0i / m0, a = Math.hypot(r, i);
      phr = r / a;
      phi = i / a;
    }
    // H_k x = α e₁ with α = −(x₀/|x₀|)·‖x‖; u = (x − α e₁)/s; β = 2/(u†u) = 1/(‖x/s‖(‖x/s‖ + |x₀/s|)).
    sub[2 * k] = -phr * xnorm * s;
    sub[2 * k + 1] = -phi * xnorm * s;
    u[2 * k + 2] = phr * (ax0 + xnorm);
    u[2 * k + 3] = phi * (ax0 + xnorm);
    const b = 1 / (xnorm * (xnorm + ax0));
    beta[k] = b;
    // p = β·H₂₂·u;  w = p − (β·u†p/2)·u;  H₂₂ ← H₂₂ − u·w† − w·u†.
    let c = 0;
    for (let i = k + 1; i < n; i++) {
      rowTimesVector(h, i * rl, u, 2 * (k + 1), rl, p, 2 * i);
      p[2 * i] *= b;
      p[2 * i + 1] *= b;
      c += u[2 * i] * p[2 * i] + u[2 * i + 1] * p[2 * i + 1];
    }
    const kk = 0.5 * b * c;
    for (let i = k + 1; i < n; i++) {
      p[2 * i] -= kk * u[2 * i];
      p[2 * i + 1] -= kk * u[2 * i + 1];
    }
    for (let i = k + 1; i < n; i++) {
      hermitianRank2Row(h, i * rl, u, p, 2 * i, 2 * (k + 1), rl);
      h[i * rl + 2 * i + 1] = 0;
    }
  }
  if (n >= 2) {
    sub[2 * (n - 2)] = h[(n - 1) * rl + 2 * (n - 2)];
    sub[2 * (n - 2) + 1] = h[(n - 1) * rl + 2 * (n - 2) + 1];
  }
  for (let i = 0; i < n; i++) d[i] = h[i * rl + 2 * i];
  phase[0] = 1;
  for (let k = 0; k + 1 < n; k++) {
    const tr = sub[2 * k], ti = sub[2 * k + 1], t = Math.hypot(tr, ti);
    e[k] = t;
    let qr = phase[2 * k], qi = phase[2 * k + 1];
    if (t > 0) {
      const cr = tr / t, ci = ti / t, nr = qr * cr - qi * ci, ni = qr * ci + qi * cr, m = Math.hypot(nr, ni);
      qr = nr / m;
      qi = ni / m;
    }
    phase[2 * k + 2] = qr;
    phase[2 * k + 3] = qi;
  }
  return { d, e, phase, house, beta };
}

/** out[at] = Σ_j h[row + j]·u[j] over interleaved offsets j ∈ [from, to) (complex dot, no conjugation). */
function rowTimesVector(h: Float64Array, row: number, u: Float64Array, from: number, to: number, out: Float64Array, at: number): void {
  let sr = 0, si = 0;
  for (let j = from; j < to; j += 2) {
    const ar = h[row + j], ai = h[row + j + 1], vr = u[j], vi = u[j + 1];
    sr += ar * vr - ai * vi;
    si += ar * vi + ai * vr;
  }
  out[at] = sr;
  out[at + 1] = si;
}

/** Row i of H ← H − u·w† − w·u†: h_ij −= u_i·conj(w_j) + w_i·conj(u_j) for interleaved j ∈ [from, to). */
function hermitianRank2Row(h: Float64Array, row: number, u: Float64Array, w: Float64Array, i: number, from: number, to: number): void {
  const uir = u[i], uii = u[i + 1], wir = w[i], wii = w[i + 1];
  for (let j = from; j < to; j += 2) {
    const ujr = u[j], uji = u[j + 1], wjr = w[j], wji = w[j + 1];
    h[row + j] -= uir * wjr + uii * wji + wir * ujr + wii * uji;
    h[row + j + 1] -= uii * wjr - uir * wji + wii * ujr - wir * uji;
  }
}

/** Rows (r1, r2) of w ← (c·w_r1 + s·w_r2, c·w_r2 − s·w_r1), length n (a Givens rotation of two rows). */
function rotateRows(w: Float64Array, r1: number, r2: number, n: number, c: number, s: number): void {
  for (let j = 0; j < n; j++) {
    const p = w[r1 + j], q = w[r2 + j];
    w[r1 + j] = c * p + s * q;
    w[r2 + j] = c * q - s * p;
  }
}

/** acc[j] += conj(u)·m[row + j] for a complex scalar u = (ur, ui) over interleaved j ∈ [0, len). */
function addConjScaledRow(acc: Float64Array, m: Float64Array, row: number, len: number, ur: number, ui: number): void {
  for (let j = 0; j < len; j += 2) {
    const xr = m[row + j], xi = m[row + j + 1];
    acc[j] += ur * xr + ui * xi;
    acc[j + 1] += ur * xi - ui * xr;
  }
}

/** m[row + j] −= (ur + i·ui)·s[j] over interleaved j ∈ [0, len). */
function subScaledRow(m: Float64Array, row: number, s: Float64Array, len: number, ur: number, ui: number): void {
  for (let j = 0; j < len; j += 2) {
    m[row + j] -= ur * s[j] - ui * s[j + 1];
    m[row + j + 1] -= ur * s[j + 1] + ui * s[j];
  }
}

/**
 * Eigenvalues (in d, unsorted) of the real symmetric tridiagonal matrix (d, e) by implicit QR with
 * Wilkinson shifts. If w (n×n, row-major) is given it is premultiplied by every rotation, so starting
 * from I it ends as W with S = Wᵀ·Λ·W (row j of W is the eigenvector of d[j]).
 */
function tridiagonalQr(d: Float64Array, e: Float64Array, w: Float64Array | null): void {
  const n = d.length;
  let tnorm = 0;
  for (let i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const negligible = (i: number) => {
    const t = Math.abs(e[i]);
    return t <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1])) || t <= EPS * tnorm;
  };
  let hi = n - 1, steps = 0;
  while (hi > 0) {
    if (negligible(hi - 1)) {
      e[hi - 1] = 0;
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(lo - 1)) lo--;
    if (lo > 0) e[lo - 1] = 0;
    if (++steps > 30 * n) throw new LinalgError(`eigh: tridiagonal QR did not converge in ${30 * n} steps`, 'not-converged');
    // Wilkinson shift: eigenvalue of the trailing 2×2 block closer to d[hi].
    const a = d[hi - 1], b = e[hi - 1], c0 = d[hi], delta = 0.5 * (a - c0), r0 = Math.hypot(delta, b);
    const mu = c0 - b * (b / (delta + (delta >= 0 ? r0 : -r0)));
    let x = d[lo] - mu, z = e[lo];
    for (let k = lo; k < hi; k++) {
      // Rotation G = [[c, s], [−s, c]] on (k, k+1) with G·[x, z]ᵀ = [r, 0]ᵀ; S ← G·S·Gᵀ.
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r, s = r === 0 ? 0 : z / r;
      if (k > lo) e[k - 1] = r;
      const dk = d[k], dk1 = d[k + 1], ek = e[k];
      d[k] = c * c * dk + 2 * c * s * ek + s * s * dk1;
      d[k + 1] = s * s * dk - 2 * c * s * ek + c * c * dk1;
      e[k] = c * s * (dk1 - dk) + (c * c - s * s) * ek;
      if (k + 1 < hi) {
        x = e[k];
        z = s * e[k + 1];
        e[k + 1] *= c;
      }
      if (w) rotateRows(w, k * n, (k + 1) * n, n, c, s);
    }
  }
}

function prepare(a: DenseMatrix, what: string): { n: number; scale: number } {
  if (!a.isSquare) throw new LinalgError(`${what} of a non-square ${a.rows}×${a.cols} matrix`);
  if (!a.isFinite()) throw new LinalgError(`${what}: matrix has non-finite entries`, 'non-finite');
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k]));
  // An exact power of two (≤ m, so finite) keeps the scaling free of rounding.
  return { n: a.rows, scale: m === 0 ? 0 : 2 ** Math.floor(Math.log2(m)) };
}

/**
 * Eigen-decomposition of the Hermitian part H = (A + A†)/2 of a square complex matrix:
 * H = V·diag(λ)·V† with λ ascending and V unitary. Throws LinalgError if A is not square or not finite.
 */
export function eigh(a: DenseMatrix): EighResult {
  checkArgument(a, 'dense', 'eigh', 'a');
  const { n, scale } = prepare(a, 'eigh');
  if (scale === 0) return { values: new Float64Array(n), vectors: DenseMatrix.identity(n) };
  const h = hermitianCopy(a, scale);
  const { d, e, phase, house, beta } = tridiagonalize(h, n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  tridiagonalQr(d, e, w);
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = d[order[j]] * scale;
  // M = D·Wᵀ with columns sorted: M_lj = φ_l·W[order[j]][l].
  const v = new DenseMatrix(n, n), m = v.data, rl = 2 * n;
  for (let l = 0; l < n; l++) {
    const pr = phase[2 * l], pi = phase[2 * l + 1];
    for (let j = 0; j < n; j++) {
      const x = w[order[j] * n + l];
      m[l * rl + 2 * j] = pr * x;
      m[l * rl + 2 * j + 1] = pi * x;
    }
  }
  // V = H₀·H₁⋯H_{n−3}·M, applied right to left: M ← M − β·u·(u†M).
  const s = new Float64Array(rl);
  for (let k = n - 3; k >= 0; k--) {
    const b = beta[k];
    if (b === 0) continue;
    const u = house.subarray(k * rl, (k + 1) * rl);
    s.fill(0);
    for (let i = k + 1; i < n; i++) addConjScaledRow(s, m, i * rl, rl, u[2 * i], u[2 * i + 1]);
    for (let i = k + 1; i < n; i++) subScaledRow(m, i * rl, s, rl, b * u[2 * i], b * u[2 * i + 1]);
  }
  return { values, vectors: v };
}

/** Eigenvalues (ascending) of the Hermitian part (A + A†)/2 of a square complex matrix, without vectors. */
export function eigvalsh(a: DenseMatrix): Float64Array {
  checkArgument(a, 'dense', 'eigvalsh', 'a');
  const { n, scale } = prepare(a, 'eigvalsh');
  if (scale === 0) return new Float64Array(n);
  const { d, e } = tridiagonalize(hermitianCopy(a, scale), n);
  tridiagonalQr(d, e, null);
  const out = d.slice().sort();
  for (let j = 0; j < n; j++) out[j] *= scale;
  return out;
}

function ascendingOrder(x: Float64Array): Int32Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((i, j) => x[i] - x[j] || i - j);
  return Int32Array.from(idx);
}

/**
 * Matrix function of a Hermitian matrix: f(H) = V·diag(f(λ_k))·V† for H = (A + A†)/2 = V·diag(λ)·V†
 * (e.g. √ρ with f = λ ↦ √max(λ, 0), since rounding can make a zero eigenvalue −1e-17; log ρ with
 * f = Math.log on a full-rank ρ). The result is exactly Hermitian. Throws LinalgError if some f(λ_k)
 * is not finite, rather than returning NaN/∞ entries.
 */
export function hermitianFunction(a: DenseMatrix, f: (lambda: number) => number): DenseMatrix {
  checkArgument(a, 'dense', 'hermitianFunction', 'a');
  checkArgument(f, 'function', 'hermitianFunction', 'f');
  const { values, vectors } = eigh(a);
  const n = values.length, v = vectors.data, rl = 2 * n;
  const fv = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    fv[k] = f(values[k]);
    if (!Number.isFinite(fv[k])) throw new LinalgError(`hermitianFunction: f(${values[k]}) = ${fv[k]} is not finite`);
  }
  const out = new DenseMatrix(n, n), o = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      // (V f V†)_ij = Σ_k V_ik f_k conj(V_jk)
      let sr = 0, si = 0;
      const ri = i * rl, rj = j * rl;
      for (let k = 0; k < n; k++) {
        const ar = v[ri + 2 * k] * fv[k], ai = v[ri + 2 * k + 1] * fv[k], br = v[rj + 2 * k], bi = v[rj + 2 * k + 1];
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      o[2 * (i * n + j)] = sr;
      o[2 * (i * n + j) + 1] = i === j ? 0 : si;
      o[2 * (j * n + i)] = sr;
      o[2 * (j * n + i) + 1] = i === j ? 0 : -si;
    }
  }
  return out;
}
