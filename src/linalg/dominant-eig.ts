/**
 * The eigenvalue of largest real part of a real matrix family A(c) = Σ_t c_t A_t (one sparse pattern),
 * with its right and left eigenvectors and evidence: the relative residuals ‖Av − λv‖_∞/(‖A‖_∞‖v‖_∞)
 * (and the same for the left vector), and the separation from the rest of the spectrum.
 *
 *  - dense route (m ≤ denseLimit): every eigenvalue (eig.ts, complex QR); λ = the largest real part, the
 *    gap = min_{μ≠λ} |μ − λ| and the real gap λ − max_{μ≠λ} Re μ are exact up to rounding;
 *  - shift-invert route: Arnoldi (arnoldi.ts) on (A − σI)⁻¹ through one sparse LU (pattern-system.ts),
 *    which returns the `count` eigenvalues nearest σ; λ = the one of largest real part among them. The
 *    gap is then estimated as min_{others found} |μ − σ| − |σ − λ|, a lower bound on the distance from λ
 *    to every eigenvalue Arnoldi did not return; the real gap is not known (NaN). The caller supplies σ
 *    (e.g. warm-started from a neighbouring λ) and must verify that λ is the rightmost eigenvalue by a
 *    property the kernel does not know (e.g. positivity of the left eigenvector).
 * Eigenvectors by three steps of inverse iteration with an LU shifted to λ + 1e-10‖A‖. No physics.
 */
import { DenseMatrix } from './dense.ts';
import type { CsrMatrix } from './sparse.ts';
import { CsrMatrix as Csr } from './sparse.ts';
import { SystemPattern } from './pattern-system.ts';
import { DenseLuReal } from './lu.ts';
import { eigvals } from './eig.ts';
import { arnoldiLargest } from './arnoldi.ts';
import { attempt, LinalgError } from './errors.ts';
import { dotReal, realMatvec } from './group-inverse.ts';

export interface DominantEigenpair {
  value: number;
  /** Imaginary part of the computed eigenvalue (0 for the real Perron-type eigenvalue; reported, not dropped). */
  imag: number;
  right: Float64Array;
  left: Float64Array;
  /** Relative residuals of the right and left eigenvectors (max of the two). */
  residual: number;
  /** Distance to the nearest other eigenvalue: exact (dense) or the lower-bound estimate (shift-invert). */
  gap: number;
  /** λ − max Re μ over the other eigenvalues (dense route); NaN on the shift-invert route. */
  realGap: number;
  route: 'dense' | 'shift-invert';
}

export class DominantEigen {
  readonly size: number;
  private readonly terms: readonly CsrMatrix[];
  private readonly denseLimit: number;
  private right: SystemPattern | null = null;
  private left: SystemPattern | null = null;

  constructor(terms: readonly CsrMatrix[], denseLimit = 64) {
    if (terms.length === 0) throw new LinalgError('dominant eigenvalue: no terms', 'argument');
    this.size = terms[0].rows;
    this.terms = terms;
    this.denseLimit = denseLimit;
  }

  get route(): 'dense' | 'shift-invert' {
    return this.size <= this.denseLimit ? 'dense' : 'shift-invert';
  }

  /** The rightmost eigenpair of A(c); `shift` σ is used by the shift-invert route only. */
  solve(c: ArrayLike<number>, shift: number, count = 2): DominantEigenpair {
    const a = Csr.sum(this.terms.map((t, k) => t.scale(c[k])));
    const norm = Math.max(a.normInf(), 1e-300);
    return this.route === 'dense' ? this.dense(a, norm) : this.shiftInvert(a, c, shift, norm, count);
  }

  private dense(a: CsrMatrix, norm: number): DominantEigenpair {
    const m = this.size;
    const ev = eigvals(a.toDense());
    let k = 0;
    for (let i = 1; i < m; i++) if (ev.re[i] > ev.re[k]) k = i;
    const value = ev.re[k], imag = ev.im[k];
    let gap = Infinity, realGap = Infinity;
    for (let i = 0; i < m; i++) {
      if (i === k) continue;
      gap = Math.min(gap, Math.hypot(ev.re[i] - value, ev.im[i] - imag));
      realGap = Math.min(realGap, value - ev.re[i]);
    }
    const delta = 1e-10 * norm;
    const shifted = (transpose: boolean) => {
      const d = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
          const j = a.colIdx[p];
          d[transpose ? j * m + i : i * m + j] += a.values[2 * p];
        }
        d[i * m + i] -= value + delta;
      }
      const lu = attempt(() => DenseLuReal.workspace(m).refactor(d));
      if (!lu) throw new LinalgError('dominant eigenvalue: the shifted matrix is exactly singular', 'singular');
      return (b: Float64Array, out: Float64Array) => lu.solve(b, out);
    };
    const right = inverseIteration(shifted(false), m), left = inverseIteration(shifted(true), m);
    const residual = Math.max(relResidual(a, right, value, norm, false), relResidual(a, left, value, norm, true));
    return { value, imag, right, left, residual, gap, realGap, route: 'dense' };
  }

  private shiftInvert(a: CsrMatrix, c: ArrayLike<number>, sigma: number, norm: number, count: number): DominantEigenpair {
    const m = this.size;
    const factor = (sys: SystemPattern, shift: number) => {
      sys.assemble([...Array.from(c), -shift]);
      sys.real.values.set(sys.raw);
      let ok = attempt(() => sys.factor(0));
      if (!ok) { // the shift hit an eigenvalue exactly: move it by a relative 1e-8
        sys.assemble([...Array.from(c), -(shift + 1e-8 * Math.max(Math.abs(shift), norm))]);
        sys.real.values.set(sys.raw);
        ok = attempt(() => sys.factor(0));
      }
      if (!ok) throw new LinalgError('dominant eigenvalue: the shift is an eigenvalue', 'singular');
      return (b: Float64Array, out: Float64Array) => sys.realSolver.solve(b, out);
    };
    const id = Csr.identity(m);
    const right0 = (this.right ??= new SystemPattern(m, [...this.terms, id], [], []));
    const solveR = factor(right0, sigma);
    const re = new Float64Array(m), im = new Float64Array(m), xr = new Float64Array(m), xi = new Float64Array(m);
    const apply = (z: Float64Array) => {
      for (let i = 0; i < m; i++) { re[i] = z[2 * i]; im[i] = z[2 * i + 1]; }
      solveR(re, xr); solveR(im, xi);
      const out = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) { out[2 * i] = xr[i]; out[2 * i + 1] = xi[i]; }
      return out;
    };
    // Arnoldi only locates λ and its neighbours (tolerance 1e-9); λ itself is then the Rayleigh quotient
    // of the left and right vectors from inverse iteration next to it (error ~ residual²).
    const ar = arnoldiLargest(apply, m, { count: Math.min(count, m), tol: 1e-9, maxDim: Math.min(m, 20) });
    const lambdas = Array.from(ar.re, (r, k) => { const d = r * r + ar.im[k] ** 2; return { re: sigma + r / d, im: -ar.im[k] / d }; });
    let k = 0;
    for (let i = 1; i < lambdas.length; i++) if (lambdas[i].re > lambdas[k].re) k = i;
    const located = lambdas[k].re, imag = lambdas[k].im;
    // Vectors at a shift next to λ (one more factorisation each way: converges in a step or two).
    const near = located + 1e-10 * norm;
    const right = inverseIteration(factor(right0, near), m);
    const solveL = factor((this.left ??= new SystemPattern(m, [...this.terms.map((t) => t.transpose()), id], [], [])), near);
    const left = inverseIteration(solveL, m);
    const rq = dotReal(left, realMatvec(a, right)) / dotReal(left, right);
    const refined = Number.isFinite(rq) && Math.abs(rq - located) <= 1e-6 * norm;
    const value = refined ? rq : located;
    let gap = Infinity;
    for (let i = 0; i < lambdas.length; i++) if (i !== k) gap = Math.min(gap, Math.hypot(lambdas[i].re - sigma, lambdas[i].im) - Math.abs(sigma - value));
    const residual = Math.max(relResidual(a, right, value, norm, false), relResidual(a, left, value, norm, true));
    // A real Rayleigh quotient of real vectors with a small residual is a real eigenvalue: Arnoldi's imaginary part is noise then.
    return { value, imag: refined ? 0 : imag, right, left, residual, gap: Math.max(gap, 0), realGap: NaN, route: 'shift-invert' };
  }
}

/** Three steps of inverse iteration from a fixed positive start; the vector is scaled to max |v_i| = 1. */
function inverseIteration(solve: (b: Float64Array, out: Float64Array) => Float64Array, m: number): Float64Array {
  let v = new Float64Array(m).fill(1), w = new Float64Array(m);
  for (let it = 0; it < 3; it++) {
    solve(v, w);
    let top = 0, at = 0;
    for (let i = 0; i < m; i++) if (Math.abs(w[i]) > top) { top = Math.abs(w[i]); at = i; }
    if (!(top > 0) || !Number.isFinite(top)) throw new LinalgError('dominant eigenvalue: inverse iteration broke down', 'non-finite');
    const f = 1 / w[at];
    for (let i = 0; i < m; i++) w[i] *= f;
    [v, w] = [w, v];
  }
  return v;
}

/** ‖Av − λv‖_∞ / (‖A‖_∞ ‖v‖_∞) (Aᵀ for a left vector). */
function relResidual(a: CsrMatrix, v: Float64Array, value: number, norm: number, transpose: boolean): number {
  const av = transpose ? realMatvec(a.transpose(), v) : realMatvec(a, v);
  let r = 0, nv = 0;
  for (let i = 0; i < v.length; i++) { r = Math.max(r, Math.abs(av[i] - value * v[i])); nv = Math.max(nv, Math.abs(v[i])); }
  return r / (Math.max(norm, Math.abs(value)) * nv);
}
