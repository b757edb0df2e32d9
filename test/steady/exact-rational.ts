/**
 * Exact stationary states of small Lindblad models, for checking certificates against the truth (test
 * helper, no engine code): the model's floats are taken as the exact dyadic rationals they are, L is built
 * from H, the jump operators and the rates in exact arithmetic, and the trace-bordered system
 *     [ L  t ] [ρ]   [0]
 *     [ tᵀ 0 ] [λ] = [1],   t = vec I,
 * which is non-singular exactly when the stationary state is unique (tᵀL = 0, so t ∉ range L), is solved
 * by fraction-free (Bareiss) elimination over the Gaussian integers (BigInt). Column stacking, vec(ρ)[i + n·j].
 */

/** A dyadic complex number (re + i·im)·2^exp with BigInt re, im. */
interface Dyadic { re: bigint; im: bigint; exp: number }

const view = new DataView(new ArrayBuffer(8));

/** The exact value of a finite double as m·2^e. */
function exactReal(v: number): { m: bigint; e: number } {
  if (!Number.isFinite(v)) throw new Error(`exact-rational: ${v} is not finite`);
  if (v === 0) return { m: 0n, e: 0 };
  view.setFloat64(0, v);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n, biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074; else { mant |= 1n << 52n; e = biased - 1075; }
  return { m: sign * mant, e };
}

function dyadic(re: number, im = 0): Dyadic {
  const a = exactReal(re), b = exactReal(im);
  const e = Math.min(a.m === 0n ? Infinity : a.e, b.m === 0n ? Infinity : b.e);
  if (e === Infinity) return { re: 0n, im: 0n, exp: 0 };
  return { re: a.m << BigInt(a.e - e), im: b.m << BigInt(b.e - e), exp: e };
}

function mul(x: Dyadic, y: Dyadic): Dyadic {
  return { re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re, exp: x.exp + y.exp };
}

function add(x: Dyadic, y: Dyadic): Dyadic {
  if (x.re === 0n && x.im === 0n) return y;
  if (y.re === 0n && y.im === 0n) return x;
  const e = Math.min(x.exp, y.exp), sx = BigInt(x.exp - e), sy = BigInt(y.exp - e);
  return { re: (x.re << sx) + (y.re << sy), im: (x.im << sx) + (y.im << sy), exp: e };
}

const conj = (x: Dyadic): Dyadic => ({ re: x.re, im: -x.im, exp: x.exp });
const scale = (x: Dyadic, re: number, im = 0): Dyadic => mul(x, dyadic(re, im));
const ZERO: Dyadic = { re: 0n, im: 0n, exp: 0 };

/** A small model as plain dense data: H and jump operators as rows of [re, im], and the rates. */
export interface DenseModel {
  n: number;
  hamiltonian: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  channels: ReadonlyArray<{ operator: ReadonlyArray<ReadonlyArray<readonly [number, number]>>; rate: number }>;
}

/** L as an N×N matrix of dyadics (N = n²), exactly. */
function exactLiouvillian(m: DenseModel): Dyadic[][] {
  const n = m.n, N = n * n, at = (i: number, j: number) => i + n * j;
  const L: Dyadic[][] = Array.from({ length: N }, () => Array.from({ length: N }, () => ZERO));
  const put = (r: number, c: number, v: Dyadic) => { L[r][c] = add(L[r][c], v); };
  const H = m.hamiltonian.map((row) => row.map(([re, im]) => dyadic(re, im)));
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) {
    const col = at(k, l);
    for (let i = 0; i < n; i++) put(at(i, l), col, scale(H[i][k], 0, -1)); // −i H E_kl
    for (let j = 0; j < n; j++) put(at(k, j), col, scale(H[l][j], 0, 1)); // +i E_kl H
  }
  for (const ch of m.channels) {
    const C = ch.operator.map((row) => row.map(([re, im]) => dyadic(re, im))), g = dyadic(ch.rate);
    const A: Dyadic[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let s = ZERO;
      for (let p = 0; p < n; p++) s = add(s, mul(conj(C[p][i]), C[p][j]));
      return s;
    }));
    const half = scale(g, -0.5);
    for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) {
      const col = at(k, l);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) put(at(i, j), col, mul(g, mul(C[i][k], conj(C[j][l]))));
      for (let i = 0; i < n; i++) put(at(i, l), col, mul(half, A[i][k]));
      for (let j = 0; j < n; j++) put(at(k, j), col, mul(half, A[l][j]));
    }
  }
  return L;
}

/** Gaussian integers (BigInt re, im). */
interface GInt { re: bigint; im: bigint }
const gmul = (a: GInt, b: GInt): GInt => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const gsub = (a: GInt, b: GInt): GInt => ({ re: a.re - b.re, im: a.im - b.im });
const gzero = (a: GInt) => a.re === 0n && a.im === 0n;
/** a / b, which must be exact. */
function gdiv(a: GInt, b: GInt): GInt {
  const d = b.re * b.re + b.im * b.im, nr = a.re * b.re + a.im * b.im, ni = a.im * b.re - a.re * b.im;
  if (nr % d !== 0n || ni % d !== 0n) throw new Error('exact-rational: inexact Bareiss division');
  return { re: nr / d, im: ni / d };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A BigInt fraction p/q (q > 0) as the nearest double (to within an ulp or two). */
function toNumber(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const neg = p < 0n, a = neg ? -p : p;
  const shift = a.toString(2).length - q.toString(2).length - 60; // keep ~60 significant bits
  const r = shift >= 0 ? a / (q << BigInt(shift)) : (a << BigInt(-shift)) / q;
  const v = Number(r) * 2 ** shift;
  return neg ? -v : v;
}

/**
 * The exact stationary state of a small model: ρ as rows of [re, im] (rounded to doubles at the very end),
 * or null when the stationary state is not unique.
 */
export function exactSteadyState(m: DenseModel): Array<Array<[number, number]>> | null {
  const n = m.n, N = n * n, size = N + 1;
  const L = exactLiouvillian(m);
  // bordered system over dyadics, then a common exponent makes it Gaussian-integer
  const D: Dyadic[][] = Array.from({ length: size }, (_, r) => Array.from({ length: size + 1 }, (_, c) => {
    if (r < N && c < N) return L[r][c];
    const one = { re: 1n, im: 0n, exp: 0 };
    if (r < N && c === N) return r % (n + 1) === 0 ? one : ZERO; // t = vec I
    if (r === N && c < N) return c % (n + 1) === 0 ? one : ZERO;
    if (r === N && c === size) return one; // right-hand side
    return ZERO;
  }));
  let e = Infinity;
  for (const row of D) for (const x of row) if (x.re !== 0n || x.im !== 0n) e = Math.min(e, x.exp);
  const M: GInt[][] = D.map((row) => row.map((x) => (x.re === 0n && x.im === 0n ? { re: 0n, im: 0n } : { re: x.re << BigInt(x.exp - e), im: x.im << BigInt(x.exp - e) })));
  // Bareiss elimination on the augmented matrix
  let prev: GInt = { re: 1n, im: 0n };
  for (let k = 0; k < size; k++) {
    let p = k;
    while (p < size && gzero(M[p][k])) p++;
    if (p === size) return null; // singular: not unique
    if (p !== k) [M[p], M[k]] = [M[k], M[p]];
    for (let i = k + 1; i < size; i++) {
      for (let j = k + 1; j <= size; j++) M[i][j] = gdiv(gsub(gmul(M[i][j], M[k][k]), gmul(M[i][k], M[k][j])), prev);
      M[i][k] = { re: 0n, im: 0n };
    }
    prev = M[k][k];
  }
  // back substitution in Gaussian rationals x_i = num_i / den (one common real denominator per step)
  const num: GInt[] = new Array(size), den: bigint[] = new Array(size);
  for (let i = size - 1; i >= 0; i--) {
    // x_i = (b_i − Σ_j U_ij x_j) / U_ii with x_j = num_j/den_j
    let accNum: GInt = M[i][size], accDen = 1n;
    for (let j = i + 1; j < size; j++) {
      if (gzero(M[i][j])) continue;
      const t = gmul(M[i][j], num[j]);
      accNum = gsub({ re: accNum.re * den[j], im: accNum.im * den[j] }, { re: t.re * accDen, im: t.im * accDen });
      accDen *= den[j];
    }
    const u = M[i][i], nu = u.re * u.re + u.im * u.im; // divide by u: multiply by conj(u)/|u|²
    const x = gmul(accNum, { re: u.re, im: -u.im }), d = accDen * nu;
    const g = gcd(gcd(x.re < 0n ? -x.re : x.re, x.im < 0n ? -x.im : x.im), d); // keep the fraction reduced
    num[i] = g > 1n ? { re: x.re / g, im: x.im / g } : x;
    den[i] = g > 1n ? d / g : d;
  }
  const rho: Array<Array<[number, number]>> = [];
  for (let i = 0; i < n; i++) {
    rho.push([]);
    for (let j = 0; j < n; j++) { const q = i + n * j; rho[i].push([toNumber(num[q].re, den[q]), toNumber(num[q].im, den[q])]); }
  }
  return rho;
}
