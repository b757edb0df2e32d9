/**
 * The scaled cumulant generating function θ(s) = lim (1/t) ln E[e^{s N_t}] of a counted current: the
 * rightmost eigenvalue of the tilted Liouvillian L(s) on the steady state's sector (counting.ts), with
 * a certificate per point, and the large-deviation rate function I(j) = sup_s [s j − θ(s)] by the
 * parametric Legendre transform j = θ'(s), I = s θ'(s) − θ(s), where θ'(s) = Tr[Λ L'(s) X]/Tr[Λ X]
 * (Hellmann–Feynman with the left and right eigenvectors Λ, X — no finite differences).
 *
 * Certificate: the relative residuals of both eigenvectors, the gap to the next eigenvalue (exact on the
 * dense route, a lower-bound estimate on the shift-invert route, linalg/dominant-eig.ts), and whether the
 * eigenvalue is proved to be the rightmost one of the whole L(s) (every sector, not only the one solved):
 * L(s) generates a completely positive semigroup T_t, so a left eigenvector Λ that is a positive definite
 * operator gives Tr T_t(Y) ≤ e^{θt}‖Λ‖ Tr Y/λ_min(Λ) for every Y ≥ 0, hence no eigenvalue has a larger real
 * part ('proved'); otherwise 'not proved' (e.g. transient states, where Λ is only semidefinite).
 *
 * Accuracy: `error` bounds |θ − θ_exact| to first order by κ·η·‖L(s)‖_∞, with κ = ‖Λ‖₂‖X‖₂/|Tr ΛX| the
 * condition number of the simple eigenvalue and η = max(residual, m·ε) the relative backward error (m real
 * unknowns); `currentError` bounds θ'(s) likewise, adding the eigenvector errors η‖L(s)‖/gap:
 *     δθ' ≤ κ·η·(‖L'(s)‖ + 2(‖L'(s)‖ + |θ'|)·‖L(s)‖/gap),
 * each also in a diagonally balanced basis, the smaller bound kept (thermo/eigen-bound.ts).
 * A strong tilt (e^{s·w} over many decades) or stiff rates make κ·‖L(s)‖ large: θ then carries an error far
 * above ‖L‖·ε, which these fields state (a vanishing θ can come out as −6.8 with residual 1e-11).
 *
 * Gallavotti–Cohen (sign convention of θ above): for the entropy flow with every channel paired with a
 * reverse channel at rate ratio e^{βω}, θ(s) = θ(−1−s). It holds for negative β too (only the rate ratio
 * enters); a channel without its reverse breaks it (checked numerically by gallavottiCohenCheck).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { DominantEigen } from '../linalg/dominant-eig.ts';
import { dotReal, realMatvec } from '../linalg/group-inverse.ts';
import { LinalgError } from '../linalg/errors.ts';
import { LindbladError, check, checkFinite, checkInstance, checkNumberList, describe } from '../errors.ts';
import { TiltedSystem } from './counting.ts';
import { eigenvalueBounds } from './eigen-bound.ts';

/** Largest number of real sector unknowns for the dense route (every eigenvalue by QR). */
export const SCGF_DENSE_LIMIT = 64;

/** Largest |s·w| allowed (e^{s·w} and the tilted rates stay far from overflow). */
export const MAX_EXPONENT = 600;

/** λ_min(Λ)/λ_max(Λ) above which the left eigenvector counts as positive definite. */
const DEFINITE = 1e-10;

export interface ScgfPoint {
  s: number;
  /** θ(s) in the model's rate units. */
  theta: number;
  /** θ'(s): the current j whose rate function value is `rate`. */
  current: number;
  /** I(j) = s·θ'(s) − θ(s) ≥ 0 (rate units). */
  rate: number;
  certificate: ScgfCertificate;
}

export interface ScgfCertificate {
  /** Max relative residual of the right and left eigenvectors. */
  residual: number;
  /** Distance to the nearest other eigenvalue of the sector (exact: dense; lower-bound estimate: shift-invert). */
  gap: number;
  /** θ − max Re of the other eigenvalues of the sector (dense route), null otherwise. */
  realGap: number | null;
  route: 'dense' | 'shift-invert';
  /** 'proved': rightmost eigenvalue of the whole L(s) (positive definite left eigenvector); else 'not proved'. */
  dominance: 'proved' | 'not proved';
  /** λ_min(Λ)/‖Λ‖_∞ of the left eigenvector as an operator (a lower bound on λ_min/λ_max; > 1e-10: positive definite). */
  leftDefiniteness: number;
  /** First-order bound on |θ − θ_exact| (rate units): κ·η·‖L(s)‖_∞ (module comment). */
  error: number;
  /** First-order bound on |θ'(s) − θ'_exact| (units of the current; module comment). */
  currentError: number;
}

/** A reusable θ(s) evaluator for one tilted system (its sparse patterns and orderings are kept). */
export class Scgf {
  private readonly eig: DominantEigen;
  private readonly norm: number;
  private lambda: DenseMatrix | null = null;
  private support: { rows: Int32Array; cols: Int32Array } | null = null;

  /** `denseLimit`: largest sector (real unknowns) solved by the dense route (default SCGF_DENSE_LIMIT). */
  constructor(private readonly sys: TiltedSystem, denseLimit = SCGF_DENSE_LIMIT) {
    checkInstance(sys, TiltedSystem, 'system', 'a TiltedSystem (new TiltedSystem(model, field))');
    check(Number.isInteger(denseLimit) && denseLimit >= 0, 'denseLimit', `expected an integer ≥ 0 (real unknowns), got ${describe(denseLimit)}`);
    this.eig = new DominantEigen([sys.noJump(), ...sys.jumps.map((j) => j.matrix)], denseLimit); // L(s) = L₀ + Σ e^{sw}𝒥 (counting.ts noJump)
    this.norm = Math.max(sys.generator.normInf(), 1e-300);
  }

  /** θ(s) with certificate; `guess` (an estimate of θ(s)) places the shift of the shift-invert route. */
  at(s: number, guess = 0, spread = 0): ScgfPoint {
    checkFinite(s, 's'); // NaN was reported as an overflow, null ran as s = 0
    checkFinite(guess, 'guess');
    checkFinite(spread, 'spread');
    const sys = this.sys, c = [1, ...sys.jumps.map((j) => Math.exp(s * j.weight))];
    const big = sys.jumps.find((j) => !(Math.abs(s * j.weight) <= MAX_EXPONENT));
    if (big) throw new LindbladError('invalid-input', `s = ${s}: e^{s·w} overflows for the weight w = ${big.weight} of channel ${big.channel} (|s·w| must stay ≤ ${MAX_EXPONENT})`, 'scgf');
    const sigma = guess + Math.max(0.5 * Math.abs(spread), 1e-6 * this.norm);
    let pair;
    try {
      pair = this.eig.solve(c, sigma);
    } catch (e) {
      if (e instanceof LinalgError) throw new LindbladError('not-converged', `θ(${s}): the dominant eigenvalue could not be computed (${e.message})`, 'scgf');
      throw e;
    }
    const d = sys.tiltedDerivative(s);
    const overlap = dotReal(pair.left, pair.right);
    const current = dotReal(pair.left, realMatvec(d, pair.right)) / overlap;
    // Error bounds (module comment; thermo/eigen-bound.ts): plain and diagonally balanced, the smaller.
    const { error, currentError } = eigenvalueBounds(sys.tilted(s), d, pair.value, current, pair.right, pair.left, pair.gap);
    const definiteness = this.definiteness(pair.left);
    if (!Number.isFinite(pair.value) || !Number.isFinite(current)) throw new LindbladError('not-converged', `θ(${s}) is not finite (overflow of e^{s·w})`, 'scgf');
    return {
      s, theta: pair.value, current, rate: s * current - pair.value,
      certificate: {
        residual: pair.residual, gap: pair.gap, realGap: Number.isNaN(pair.realGap) ? null : pair.realGap, route: pair.route,
        dominance: definiteness > DEFINITE && Math.abs(pair.imag) <= 1e-12 * this.norm ? 'proved' : 'not proved', leftDefiniteness: definiteness,
        error, currentError,
      },
    };
  }

  /**
   * θ over a list of s, warm-started along s from the point nearest 0 (the first guess from the cumulants
   * c_1…: θ ≈ Σ c_n sⁿ/n!), then from the tangent at the previous point (θ is convex, so that guess is
   * from below and the shift sits above it).
   */
  over(values: readonly number[], cumulants: readonly number[] = []): ScgfPoint[] {
    values = checkNumberList(values, 'values');
    cumulants = checkNumberList(cumulants, 'cumulants');
    const order = values.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s);
    const out: ScgfPoint[] = new Array(values.length);
    if (order.length === 0) return out;
    let start = 0;
    for (let k = 1; k < order.length; k++) if (Math.abs(order[k].s) < Math.abs(order[start].s)) start = k;
    const taylor = (s: number) => cumulants.reduce((acc, c, n) => acc + (c * s ** (n + 1)) / factorial(n + 1), 0);
    const first = this.at(order[start].s, taylor(order[start].s), Math.abs(taylor(order[start].s)));
    out[order[start].i] = first;
    for (const dir of [1, -1]) {
      let prev = first;
      for (let k = start + dir; k >= 0 && k < order.length; k += dir) {
        const s = order[k].s, step = (s - prev.s) * prev.current;
        const p = this.at(s, prev.theta + step, step);
        out[order[k].i] = p;
        prev = p;
      }
    }
    return out;
  }

  /**
   * λ_min(Λ)/‖Λ‖_∞ (a lower bound on λ_min/λ_max) of the left eigenvector read as a Hermitian operator Λ
   * with Tr(ΛX) = Σ_r y_r x_r, its sign chosen so that Tr Λ > 0; ≤ 0 when Λ is not positive definite.
   * Blockwise (Λ vanishes outside the sector's positions).
   */
  private definiteness(y: Float64Array): number {
    const num = this.sys.numbering, n = this.sys.model.space.dim, lam = (this.lambda ??= new DenseMatrix(n, n));
    let trace = 0;
    for (const d of num.diagonal) trace += y[d];
    const f = trace < 0 ? -1 : 1;
    for (let r = 0; r < num.size; r++) {
      const i = num.rowOf[r], j = num.colOf[r];
      if (i === j) lam.set(i, i, f * y[r]);
      else if (!num.isImag[r]) {
        lam.set(i, j, (f * y[r]) / 2, (f * y[r + 1]) / 2);
        lam.set(j, i, (f * y[r]) / 2, (-f * y[r + 1]) / 2);
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.hypot(lam.re(i, j), lam.im(i, j));
      norm = Math.max(norm, s);
    }
    return norm > 0 ? minEigenvalueBlockwise(lam, (this.support ??= supportOf(num))) / norm : 0;
  }
}

/** Positions (i < j) where a sector operator may be non-zero. */
function supportOf(num: TiltedSystem['numbering']): { rows: Int32Array; cols: Int32Array } {
  const rows: number[] = [], cols: number[] = [];
  for (let r = 0; r < num.size; r++) if (num.rowOf[r] < num.colOf[r] && !num.isImag[r]) { rows.push(num.rowOf[r]); cols.push(num.colOf[r]); }
  return { rows: Int32Array.from(rows), cols: Int32Array.from(cols) };
}

/**
 * The largest |θ(s) − θ(−1−s)| over the given s, relative to `scale` (‖L‖_∞), and the verdict: the symmetry
 * holds when every deviation is within max(1e-9·scale, 4·(error(s) + error(−1−s))), the rounding the two
 * eigenvalues carry (ScgfCertificate.error; a strong tilt makes it far exceed ε‖L‖). `resolution` is the
 * largest such threshold: a violation smaller than it cannot be detected from these points, so when it
 * exceeds 1e-3 of the largest |θ| on the grid the verdict is null (undetermined) rather than true.
 */
export function gallavottiCohenCheck(scgf: Scgf, values: readonly number[], cumulants: readonly number[], scale: number): { maxDeviation: number; relative: number; holds: boolean | null; resolution: number } {
  checkInstance(scgf, Scgf, 'scgf', 'an Scgf (new Scgf(system))');
  values = checkNumberList(values, 'values');
  check(typeof scale === 'number' && Number.isFinite(scale) && scale > 0, 'scale', `expected a finite norm > 0 (e.g. ‖L‖_∞), got ${describe(scale)}`);
  const mirrored = values.map((s) => -1 - s);
  const a = scgf.over(values, cumulants), b = scgf.over(mirrored, cumulants);
  let dev = 0, resolution = 0, holds = true, size = 0;
  const floor = 1e-9 * Math.max(scale, 1e-300);
  for (let k = 0; k < values.length; k++) {
    const d = Math.abs(a[k].theta - b[k].theta), allowed = Math.max(floor, 4 * (a[k].certificate.error + b[k].certificate.error));
    dev = Math.max(dev, d);
    resolution = Math.max(resolution, allowed);
    size = Math.max(size, Math.abs(a[k].theta), Math.abs(b[k].theta));
    if (!(d <= allowed)) holds = false;
  }
  const undetermined = holds && resolution > 1e-3 * size && resolution > 1e-9 * Math.max(scale, 1e-300);
  return { maxDeviation: dev, relative: dev / Math.max(scale, 1e-300), holds: undetermined ? null : holds, resolution };
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}
