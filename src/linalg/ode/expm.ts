/**
 * Dense complex matrix exponential by scaling and squaring with diagonal Padé approximants
 * (Higham, "The scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix
 * Anal. Appl. 26 (2005)), and exact-in-time propagation of a linear constant-coefficient system
 * y' = A y on a list of output times. No physics lives here.
 */
import { DenseMatrix } from '../dense.ts';
import { denseLu } from '../lu.ts';
import { OdeError, validateState, validateTimes, type OdeResult } from './common.ts';

/**
 * Largest ‖A‖₁ for which the [m/m] Padé approximant r_m(A) meets unit-roundoff backward error
 * (Higham 2005, Table 2.3), for m = 3, 5, 7, 9, 13.
 */
const THETA: ReadonlyArray<readonly [number, number]> = [
  [3, 1.495585217958292e-2],
  [5, 2.539398330063230e-1],
  [7, 9.504178996162932e-1],
  [9, 2.097847961257068e0],
];
const THETA_13 = 5.371920351148152e0;

/**
 * Coefficients of the [m/m] Padé numerator p_m(x) = Σ_j b_j x^j of e^x, normalised to b_0 = 1:
 *   b_j = (2m − j)!·m! / ((2m)!·j!·(m − j)!),  via  b_{j+1} = b_j·(m − j)/((j + 1)(2m − j)).
 * The denominator is q_m(x) = p_m(−x).
 */
export function padeCoefficients(m: number): number[] {
  const b = [1];
  for (let j = 0; j < m; j++) b.push(b[j] * (m - j) / ((j + 1) * (2 * m - j)));
  return b;
}

/** ‖A‖₁ = max_j Σ_i |a_ij| (largest absolute column sum, complex modulus; Infinity if it overflows, NaN for NaN entries). */
export function norm1(a: DenseMatrix): number {
  const n = a.rows, c = a.cols, d = a.data, sums = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) {
      const k = 2 * (i * c + j);
      sums[j] += Math.hypot(d[k], d[k + 1]); // hypot: no overflow of the squares for entries up to ~1e308
    }
  }
  let best = 0;
  for (let j = 0; j < c; j++) if (!(sums[j] <= best)) best = sums[j];
  return best;
}

/** Σ_k c_k M_k + c_I·I for real coefficients c_k (one pass, no temporaries). */
function combine(n: number, terms: ReadonlyArray<readonly [number, DenseMatrix]>, cI: number): DenseMatrix {
  const out = new DenseMatrix(n, n), o = out.data;
  for (const [c, m] of terms) {
    const d = m.data;
    for (let k = 0; k < o.length; k++) o[k] += c * d[k];
  }
  for (let i = 0; i < n; i++) o[2 * (i * n + i)] += cI;
  return out;
}

/**
 * r_m(A) = q_m(A)⁻¹ p_m(A) with the even/odd split p_m(A) = V + U, q_m(A) = V − U,
 *   U = A·Σ_k b_{2k+1} A^{2k},  V = Σ_k b_{2k} A^{2k};
 * for m = 13, U = A[A⁶(b₁₃A⁶ + b₁₁A⁴ + b₉A²) + b₇A⁶ + b₅A⁴ + b₃A² + b₁I] and
 * V = A⁶(b₁₂A⁶ + b₁₀A⁴ + b₈A²) + b₆A⁶ + b₄A⁴ + b₂A² + b₀I (6 products + 1 LU solve).
 */
function padeApproximant(a: DenseMatrix, m: number): DenseMatrix {
  const n = a.rows, b = padeCoefficients(m);
  const a2 = a.mul(a);
  let u: DenseMatrix, v: DenseMatrix;
  if (m === 13) {
    const a4 = a2.mul(a2), a6 = a4.mul(a2);
    const uInner = a6.mul(combine(n, [[b[13], a6], [b[11], a4], [b[9], a2]], 0));
    u = a.mul(combine(n, [[1, uInner], [b[7], a6], [b[5], a4], [b[3], a2]], b[1]));
    const vInner = a6.mul(combine(n, [[b[12], a6], [b[10], a4], [b[8], a2]], 0));
    v = combine(n, [[1, vInner], [b[6], a6], [b[4], a4], [b[2], a2]], b[0]);
  } else {
    const powers = [a2]; // A², A⁴, …, A^{m−1}
    while (2 * (powers.length + 1) <= m - 1) powers.push(powers[powers.length - 1].mul(a2));
    const odd: Array<[number, DenseMatrix]> = [], even: Array<[number, DenseMatrix]> = [];
    powers.forEach((p, k) => { odd.push([b[2 * k + 3], p]); even.push([b[2 * k + 2], p]); });
    u = a.mul(combine(n, odd, b[1]));
    v = combine(n, even, b[0]);
  }
  return denseLu(v.sub(u)).solveMatrix(v.add(u));
}

/**
 * Matrix exponential exp(A) = Σ_k A^k/k! of a square complex matrix by scaling and squaring:
 * with ‖A‖₁ ≤ θ_m for the smallest m ∈ {3, 5, 7, 9} return r_m(A); otherwise
 * s = ⌈log₂(‖A‖₁/θ₁₃)⌉ and exp(A) ≈ r₁₃(A/2^s)^{2^s} (s repeated squarings).
 * Throws OdeError for non-square or non-finite input and when the result overflows.
 */
export function expm(a: DenseMatrix): DenseMatrix {
  if (!a.isSquare) throw new OdeError(`expm: matrix must be square, got ${a.rows}×${a.cols}`);
  if (!a.isFinite()) throw new OdeError('expm: matrix has non-finite entries');
  const n = a.rows;
  if (n === 0) return new DenseMatrix(0, 0);
  const nrm = norm1(a);
  if (nrm === 0) return DenseMatrix.identity(n);
  if (!Number.isFinite(nrm)) throw new OdeError('expm: ‖A‖₁ overflows double precision');
  for (const [m, theta] of THETA) if (nrm <= theta) return checked(padeApproximant(a, m));
  // s ≤ log2(1.8e308/θ₁₃) < 1022; the scaling 2^−s is applied in two factors (2^−s alone underflows for s > 1022).
  const s = Math.max(0, Math.ceil(Math.log2(nrm / THETA_13)));
  const half = Math.floor(s / 2);
  let r = padeApproximant(s === 0 ? a : a.scale(Math.pow(2, -half)).scale(Math.pow(2, half - s)), 13);
  for (let k = 0; k < s; k++) {
    r = r.mul(r);
    if (!r.isFinite()) break; // it only grows from here: stop at once (checked() reports it)
  }
  return checked(r);
}

function checked(r: DenseMatrix): DenseMatrix {
  if (!r.isFinite()) throw new OdeError('expm: result overflowed (‖A‖ too large for double precision)');
  return r;
}

export interface PropagateStats {
  /** Matrix exponentials computed (one per distinct time gap). */
  expms: number;
  /** Matrix–vector products with a propagator. */
  matvecs: number;
}

export interface PropagateOptions {
  /** Time at which y0 is given (default 0). */
  t0?: number;
}

/** Gaps and times closer than this many ε of the largest |t| are one (propagateLinear). */
const TIME_ULPS = 8;

/**
 * Exact propagation of y' = A y, y(t0) = y0:  y(t_k) = exp(A·(t_k − t_{k−1}))·y(t_{k−1}).
 * When every t_k lies within TIME_ULPS·ε of the time scale of t_first + (k − 1)·Δt, Δt = (t_last − t_first)/(K − 1)
 * (a uniform grid, up to the rounding of the times themselves), P = exp(A·Δt) is computed once and applied
 * repeatedly; otherwise one exponential is computed per distinct gap (gaps equal to that tolerance share it).
 * A gap within it copies the state. The tolerance is the resolution of the times, so a merged gap moves a
 * state by at most ~‖A‖·TIME_ULPS·ε·max|t|, the order of the rounding already in t (at 1e-12 of the scale, a
 * 5e-8 gap at t = 1e5 was copied: an error 5e-4 for ‖A‖ = 1e4).
 */
export function propagateLinear(a: DenseMatrix, y0: Float64Array, times: ArrayLike<number>,
  opts: PropagateOptions = {}): OdeResult<PropagateStats> {
  if (!a.isSquare) throw new OdeError(`propagateLinear: matrix must be square, got ${a.rows}×${a.cols}`);
  const t0 = opts.t0 ?? 0;
  validateState(y0, a.rows);
  validateTimes(times, t0);
  const stats: PropagateStats = { expms: 0, matvecs: 0 };
  const states: Float64Array[] = [];
  const nOut = times.length;
  if (nOut === 0) return { states, stats };
  let scale = Math.abs(t0);
  for (let k = 0; k < nOut; k++) scale = Math.max(scale, Math.abs(times[k]));
  const tol = TIME_ULPS * Number.EPSILON * scale;

  // Gap k leads from times[k−1] (or t0) to times[k].
  const gaps = new Float64Array(nOut);
  for (let k = 0; k < nOut; k++) gaps[k] = times[k] - (k === 0 ? t0 : times[k - 1]);
  if (nOut > 2) {
    const mean = (times[nOut - 1] - times[0]) / (nOut - 1);
    let uniform = true; // each time on the uniform grid (no drift accumulated over the gaps)
    for (let k = 1; k < nOut && uniform; k++) uniform = Math.abs(times[k] - (times[0] + k * mean)) <= tol;
    if (uniform) for (let k = 1; k < nOut; k++) gaps[k] = mean;
  }

  const cache: Array<{ gap: number; p: DenseMatrix }> = [];
  const propagator = (gap: number): DenseMatrix => {
    for (const c of cache) if (Math.abs(c.gap - gap) <= tol) return c.p;
    const p = expm(a.scale(gap));
    stats.expms++;
    cache.push({ gap, p });
    return p;
  };
  let y: Float64Array = y0.slice();
  for (let k = 0; k < nOut; k++) {
    if (Math.abs(gaps[k]) > tol) {
      y = propagator(gaps[k]).matvec(y);
      stats.matvecs++;
    }
    states.push(y.slice());
  }
  return { states, stats };
}
