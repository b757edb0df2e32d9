/**
 * The group (Drazin) inverse M^# of a singular real square matrix with a one-dimensional null space whose
 * left and right null vectors are known: wᵀM = 0, M x0 = 0, wᵀx0 = 1. For any b,
 *     x = M^# b   is the unique solution of   M x = Q b,  wᵀx = 0,   Q = I − x0 wᵀ
 * (Q projects onto the range of M along x0). It is computed through one pinned factorisation: equation q
 * (one with w_q ≠ 0, chosen where |x0_q·M_qq| is largest) is replaced by x_q = 0 in the column-equilibrated
 * system A = M·C (powers of two, equilibrate.ts); because wᵀ(Qb) = 0 and wᵀM = 0 the dropped equation
 * holds automatically, and x − x0·(wᵀx) is the answer. Every solve is refined with extra-precise residuals
 * (refine.ts). The factorisation is done once; each application costs one sparse triangular solve pair.
 * No physics.
 */
import type { CsrMatrix } from './sparse.ts';
import { SystemPattern } from './pattern-system.ts';
import { equilibrateCsr } from './equilibrate.ts';
import { refineSolutionReal } from './refine.ts';
import { LinalgError } from './errors.ts';
import type { Conditioning } from './condition.ts';

/** y ← A x for a real matrix stored as complex CSR (imaginary parts ignored). */
export function realMatvec(a: CsrMatrix, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.rows)): Float64Array {
  const { rowPtr, colIdx, values } = a;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += values[2 * p] * x[colIdx[p]];
    y[i] = s;
  }
  return y;
}

/** Σ_i a_i b_i. */
export function dotReal(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export class GroupInverse {
  readonly size: number;
  /** The pinned equation. */
  readonly pin: number;
  /** ‖A‖_∞ and the estimate of ‖A⁻¹‖ of the equilibrated pinned system. */
  readonly conditioning: Conditioning;
  private readonly sys: SystemPattern;
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly work: { r: Float64Array; d: Float64Array; c: Float64Array };

  /**
   * `m`: the singular matrix (real values in the real parts of a complex CSR); `left` = w and `right` = x0
   * its null vectors (dense, wᵀx0 = 1 is enforced by rescaling x0). Throws LinalgError when the pinned
   * system is singular (the null space is not one-dimensional) or not finite.
   */
  constructor(m: CsrMatrix, left: Float64Array, right: Float64Array) {
    const n = m.rows;
    if (m.cols !== n || left.length !== n || right.length !== n) throw new LinalgError(`group inverse: sizes ${m.rows}×${m.cols}, w ${left.length}, x0 ${right.length}`, 'argument');
    const norm = dotReal(left, right);
    if (!(Math.abs(norm) > 0) || !Number.isFinite(norm)) throw new LinalgError('group inverse: wᵀx0 = 0 (null vectors do not pair)', 'singular');
    this.size = n;
    this.left = Float64Array.from(left);
    this.right = Float64Array.from(right, (v) => v / norm);
    let q = -1, best = -1;
    for (let i = 0; i < n; i++) {
      if (left[i] === 0) continue;
      const mii = Math.abs(m.get(i, i)[0]), f = Math.abs(this.right[i]) * (mii > 0 ? mii : 1);
      if (f > best) { best = f; q = i; }
    }
    if (q < 0) throw new LinalgError('group inverse: the left null vector is zero', 'argument');
    this.pin = q;
    const sys = (this.sys = new SystemPattern(n, [m], [q], [q]));
    sys.assemble([1]);
    const { rowPtr, colIdx, values } = sys.real;
    equilibrateCsr(n, rowPtr, colIdx, sys.raw, sys.rowScale, sys.colScale, values, q, false);
    for (let p = rowPtr[q]; p < rowPtr[q + 1]; p++) values[p] = colIdx[p] === q ? 1 : 0;
    const c = sys.factorAndEstimate();
    if (!c) throw new LinalgError('group inverse: the pinned system is singular (null space not one-dimensional)', 'singular');
    this.conditioning = c;
    this.work = { r: new Float64Array(n), d: new Float64Array(n), c: new Float64Array(n) };
  }

  /** x = M^# b (b is not modified; out may not alias b). */
  apply(b: ArrayLike<number>, out: Float64Array = new Float64Array(this.size)): Float64Array {
    const n = this.size, w = this.left, x0 = this.right, c = this.work.c, sys = this.sys;
    const tb = dotReal(w, b);
    for (let i = 0; i < n; i++) c[i] = b[i] - x0[i] * tb; // Q b (row scales are 1: columns-only equilibration)
    c[this.pin] = 0;
    sys.realSolver.solve(c, out);
    refineSolutionReal(sys.real, sys.realSolver, c, out, 3, this.work);
    const cs = sys.colScale;
    for (let i = 0; i < n; i++) out[i] *= cs[i];
    const tx = dotReal(w, out);
    for (let i = 0; i < n; i++) out[i] -= x0[i] * tx;
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) throw new LinalgError('group inverse: non-finite solution', 'non-finite');
    return out;
  }
}
