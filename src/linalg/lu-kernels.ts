/**
 * In-place blocked LU kernels with partial pivoting (P·A = L·U) on row-major arrays, used by lu.ts.
 * Columns are processed in panels of NB = 4: the panel is factorised with a right-looking
 * elimination restricted to its own columns, the matching block row of U is formed
 * (U12 = L11⁻¹ A12), and the trailing matrix gets one rank-4 update A22 −= L21·U12. The
 * rank-4 update is register-blocked (two rows of A22 per pass), which cuts memory traffic about
 * threefold versus the textbook rank-1 loop. No allocation happens inside the loops. No physics.
 *
 * Every update subtracts its terms one at a time in increasing pivot order, in the blocked kernels
 * exactly as in the rank-1 loops, so rows that are exactly equal stay bitwise equal and eliminate to
 * an exactly zero row: duplicated rows are reported as singular rather than as a tiny pivot.
 */
import { LinalgError } from './errors.ts';
import { unrolledLuFactor } from './unrolled.ts';

const NB = 4;

/** 1/(re + i·im) by Smith's method (no intermediate overflow/underflow); writes [re, im] into out. */
export function complexReciprocal(re: number, im: number, out: Float64Array, at = 0): void {
  if (Math.abs(re) >= Math.abs(im)) {
    const r = im / re, d = re + im * r;
    out[at] = 1 / d;
    out[at + 1] = -r / d;
  } else {
    const r = re / im, d = re * r + im;
    out[at] = r / d;
    out[at + 1] = -1 / d;
  }
}

/** The power of two 2^−e closest to 1/x (x > 0 finite), so that x·2^−e ∈ [0.5, 2). */
function powerOfTwoScale(x: number): number {
  return 2 ** -Math.round(Math.log2(x));
}

function swapRows(m: Float64Array, r1: number, r2: number, len: number): void {
  for (let j = 0; j < len; j++) {
    const t = m[r1 + j];
    m[r1 + j] = m[r2 + j];
    m[r2 + j] = t;
  }
}

/** checkPivot's error for the generated real LU (called only on a bad pivot). */
function realPivotFailure(best: number, k: number, n: number): void {
  checkPivot(best, k, n, 'real LU');
}

function checkPivot(best: number, k: number, n: number, what: string): void {
  if (!(best > 0)) throw new LinalgError(`${what}: matrix is singular (zero pivot in column ${k} of ${n})`, 'singular');
  if (!Number.isFinite(best)) throw new LinalgError(`${what}: non-finite pivot in column ${k} (overflow)`, 'non-finite');
}

/**
 * Complex in-place LU of the interleaved row-major n×n array m; perm must hold the identity on
 * entry and receives the row permutation. Returns sign(P). Throws LinalgError on a zero pivot.
 */
export function luComplexInPlace(m: Float64Array, n: number, perm: Int32Array): number {
  const rl = 2 * n;
  let sign = 1;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    // Panel factorisation (columns k0..k1−1, all rows ≥ k).
    for (let k = k0; k < k1; k++) {
      let piv = k, best = -1;
      for (let i = k; i < n; i++) {
        const t = Math.abs(m[i * rl + 2 * k]) + Math.abs(m[i * rl + 2 * k + 1]);
        if (t > best) { best = t; piv = i; }
      }
      checkPivot(best, k, n, 'LU');
      if (piv !== k) {
        swapRows(m, k * rl, piv * rl, rl);
        const t = perm[k]; perm[k] = perm[piv]; perm[piv] = t;
        sign = -sign;
      }
      // l = a/p = (a·σ)·conj(p·σ)/|p·σ|² with σ an exact power of two (no overflow; a = p gives l = 1 exactly).
      const kr = k * rl, sg = powerOfTwoScale(Math.max(Math.abs(m[kr + 2 * k]), Math.abs(m[kr + 2 * k + 1])));
      const pr = m[kr + 2 * k] * sg, pi = m[kr + 2 * k + 1] * sg, den = pr * pr + pi * pi;
      for (let i = k + 1; i < n; i++) {
        const row = i * rl, ar = m[row + 2 * k] * sg, ai = m[row + 2 * k + 1] * sg;
        const lr = (ar * pr + ai * pi) / den, li = (ai * pr - ar * pi) / den;
        m[row + 2 * k] = lr;
        m[row + 2 * k + 1] = li;
        for (let j = 2 * (k + 1); j < 2 * k1; j += 2) {
          const ur = m[kr + j], ui = m[kr + j + 1];
          m[row + j] -= lr * ur - li * ui;
          m[row + j + 1] -= lr * ui + li * ur;
        }
      }
    }
    // U12 = L11⁻¹ A12 (forward substitution on the panel's block row).
    for (let r = k0 + 1; r < k1; r++) {
      for (let p = k0; p < r; p++) complexRank1(m, r * rl, p * rl, 2 * k1, rl, m[r * rl + 2 * p], m[r * rl + 2 * p + 1]);
    }
    // A22 −= L21·U12, two pivot rows × two target rows per pass.
    let p = k0;
    for (; p + 2 <= k1; p += 2) {
      const u0 = p * rl, u1 = u0 + rl;
      let i = k1;
      for (; i + 1 < n; i += 2) complexTwoByTwo(m, i * rl, rl, u0, 2 * p, 2 * k1);
      for (; i < n; i++) {
        complexRank1(m, i * rl, u0, 2 * k1, rl, m[i * rl + 2 * p], m[i * rl + 2 * p + 1]);
        complexRank1(m, i * rl, u1, 2 * k1, rl, m[i * rl + 2 * p + 2], m[i * rl + 2 * p + 3]);
      }
    }
    for (; p < k1; p++) {
      for (let i = k1; i < n; i++) complexRank1(m, i * rl, p * rl, 2 * k1, rl, m[i * rl + 2 * p], m[i * rl + 2 * p + 1]);
    }
  }
  return sign;
}

/**
 * Rows ra and ra + rl of m: m[r + j] −= l_r0·m[u0 + j] + l_r1·m[u0 + rl + j] for interleaved j ∈ [from, rl),
 * with the multipliers l_r0, l_r1 read at m[r + c], m[r + c + 2] (terms subtracted one at a time).
 */
function complexTwoByTwo(m: Float64Array, ra: number, rl: number, u0: number, c: number, from: number): void {
  const rb = ra + rl, u1 = u0 + rl, ca = ra + c, cb = rb + c;
  const a0r = m[ca], a0i = m[ca + 1], a1r = m[ca + 2], a1i = m[ca + 3];
  const b0r = m[cb], b0i = m[cb + 1], b1r = m[cb + 2], b1i = m[cb + 3];
  for (let j = from; j < rl; j += 2) {
    const x0r = m[u0 + j], x0i = m[u0 + j + 1], x1r = m[u1 + j], x1i = m[u1 + j + 1];
    m[ra + j] = m[ra + j] - (a0r * x0r - a0i * x0i) - (a1r * x1r - a1i * x1i);
    m[ra + j + 1] = m[ra + j + 1] - (a0r * x0i + a0i * x0r) - (a1r * x1i + a1i * x1r);
    m[rb + j] = m[rb + j] - (b0r * x0r - b0i * x0i) - (b1r * x1r - b1i * x1i);
    m[rb + j + 1] = m[rb + j + 1] - (b0r * x0i + b0i * x0r) - (b1r * x1i + b1i * x1r);
  }
}

/** m[dst + j] −= (cr + i·ci)·m[src + j] for interleaved offsets j ∈ [from, to). */
function complexRank1(m: Float64Array, dst: number, src: number, from: number, to: number, cr: number, ci: number): void {
  if (cr === 0 && ci === 0) return;
  for (let j = from; j < to; j += 2) {
    const ur = m[src + j], ui = m[src + j + 1];
    m[dst + j] -= cr * ur - ci * ui;
    m[dst + j + 1] -= cr * ui + ci * ur;
  }
}

/** Rows ra and ra + n of m: m[r + j] −= Σ_{p=k0}^{k0+3} m[r + p]·m[p·n + j] for j ∈ [k1, n), term by term. */
function realTwoByFour(m: Float64Array, ra: number, n: number, k0: number, k1: number): void {
  const rb = ra + n, u0 = k0 * n, u1 = u0 + n, u2 = u1 + n, u3 = u2 + n;
  const a0 = m[ra + k0], a1 = m[ra + k0 + 1], a2 = m[ra + k0 + 2], a3 = m[ra + k0 + 3];
  const b0 = m[rb + k0], b1 = m[rb + k0 + 1], b2 = m[rb + k0 + 2], b3 = m[rb + k0 + 3];
  for (let j = k1; j < n; j++) {
    const x0 = m[u0 + j], x1 = m[u1 + j], x2 = m[u2 + j], x3 = m[u3 + j];
    m[ra + j] = m[ra + j] - a0 * x0 - a1 * x1 - a2 * x2 - a3 * x3;
    m[rb + j] = m[rb + j] - b0 * x0 - b1 * x1 - b2 * x2 - b3 * x3;
  }
}

/** m[dst + j] −= c·m[src + j] for j ∈ [from, to). */
function realRank1(m: Float64Array, dst: number, src: number, from: number, to: number, c: number): void {
  if (c === 0) return;
  for (let j = from; j < to; j++) m[dst + j] -= c * m[src + j];
}

/**
 * Real in-place LU of the row-major n×n array m; perm must hold the identity on entry and receives
 * the row permutation. Returns sign(P). Throws LinalgError on a zero pivot.
 */
export function luRealInPlace(m: Float64Array, n: number, perm: Int32Array): number {
  // Small n: the same elimination as straight-line code (unrolled.ts), where panels cost more than they save.
  const kernel = n <= 2 * NB ? unrolledLuFactor(n) : null;
  if (kernel) return kernel(m, perm, realPivotFailure);
  let sign = 1;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    for (let k = k0; k < k1; k++) {
      let piv = k, best = -1;
      for (let i = k; i < n; i++) {
        const t = Math.abs(m[i * n + k]);
        if (t > best) { best = t; piv = i; }
      }
      checkPivot(best, k, n, 'real LU');
      if (piv !== k) {
        swapRows(m, k * n, piv * n, n);
        const t = perm[k]; perm[k] = perm[piv]; perm[piv] = t;
        sign = -sign;
      }
      const kr = k * n, pv = m[kr + k];
      for (let i = k + 1; i < n; i++) {
        const l = m[i * n + k] / pv;
        m[i * n + k] = l;
        realRank1(m, i * n, kr, k + 1, k1, l);
      }
    }
    for (let r = k0 + 1; r < k1; r++) {
      for (let p = k0; p < r; p++) realRank1(m, r * n, p * n, k1, n, m[r * n + p]);
    }
    if (k1 - k0 === NB) {
      let i = k1;
      for (; i + 1 < n; i += 2) realTwoByFour(m, i * n, n, k0, k1);
      for (; i < n; i++) {
        for (let p = k0; p < k1; p++) realRank1(m, i * n, p * n, k1, n, m[i * n + p]);
      }
    } else {
      for (let i = k1; i < n; i++) {
        for (let p = k0; p < k1; p++) realRank1(m, i * n, p * n, k1, n, m[i * n + p]);
      }
    }
  }
  return sign;
}
