/**
 * The group (Drazin) inverse M^# of a singular real square matrix with a one-dimensional null space whose
 * left and right null vectors are known: wᵀM = 0, M x0 = 0, wᵀx0 = 1. For any b,
 *     x = M^# b   is the unique solution of   M x = Q b,  wᵀx = 0,   Q = I − x0 wᵀ
 * (Q projects onto the range of M along x0). It is applied through one factorisation that solves M x = c on
 * every equation but one (a PinnedFactorisation): equation q (with w_q ≠ 0) is replaced by x_q = 0; because
 * wᵀ(Qb) = 0 and wᵀM = 0 the dropped equation holds automatically, and x − x0·(wᵀx) is the answer. A
 * trace-bordered factorisation [[M, w], [wᵀ, 0]] serves as well (pin −1: its multiplier is 0 for c = Qb and
 * wᵀx = 0 already). The factorisation is either handed in — the steady-state solve's own, already made
 * (steady/sector-solve.ts) — or made here (`ownPinnedFactorisation`: q where |x0_q·M_qq| is largest, in the
 * column-equilibrated system A = M·C, powers of two, equilibrate.ts). Every solve is refined with
 * extra-precise residuals (refine.ts); each application costs one triangular solve pair. No physics.
 */
import type { CsrMatrix } from './sparse.ts';
import { SystemPattern } from './pattern-system.ts';
import { equilibrateCsr } from './equilibrate.ts';
import { refineSolutionReal, type RealCsr } from './refine.ts';
import { LinalgError } from './errors.ts';
import type { Conditioning } from './condition.ts';

/**
 * A factorised square system that solves M x = c on every equation except `pin` (where the answer has
 * x_pin = 0; c_pin must be 0), or, with pin = −1, the trace-bordered system [[M, w], [wᵀ, 0]] [x; λ] = [c; 0].
 * `valid()` is false once the owner has refactorised (the handle must then not be used).
 */
export interface PinnedFactorisation {
  readonly size: number;
  readonly pin: number;
  /** ‖A‖ and ‖A⁻¹‖ (exact or estimated) of the equilibrated factorised system. */
  readonly conditioning: Conditioning;
  valid(): boolean;
  /**
   * out ← x (c is not modified; out may not alias c). Throws LinalgError when no longer valid. `refine`:
   * steps of extended-precision refinement (default 3; 0 for a first-order estimate that needs few digits).
   */
  solve(c: ArrayLike<number>, out: Float64Array, refine?: number): Float64Array;
}

/** An equilibrated factorised system D_r M D_c (bordered when it has more rows than `size`) and its owner's validity. */
export interface EquilibratedSystem {
  readonly size: number;
  readonly pin: number;
  readonly conditioning: Conditioning;
  valid(): boolean;
  /** The equilibrated matrix (size rows, or size + 1 when bordered) and its factors. */
  readonly matrix: RealCsr;
  readonly factors: { solve(r: Float64Array, out: Float64Array): Float64Array };
  readonly rowScale: ArrayLike<number>;
  readonly colScale: ArrayLike<number>;
}

/**
 * The PinnedFactorisation of an equilibrated system: x = D_c y with (D_r M D_c) y = D_r c (bordered: the
 * border equation wᵀx = 0), three steps of extended-precision refinement on the `size` equations. Work
 * buffers are allocated on the first solve (most handles are never used).
 */
export function equilibratedFactorisation(sys: EquilibratedSystem): PinnedFactorisation {
  const { size: m, pin, conditioning, valid, matrix, factors, rowScale: r, colScale: cs } = sys, n = matrix.rows;
  let buf: { rhs: Float64Array; y: Float64Array; work: { r: Float64Array; d: Float64Array } } | null = null;
  return {
    size: m, pin, conditioning, valid,
    solve(c: ArrayLike<number>, out: Float64Array, refine = 3): Float64Array {
      if (!valid()) throw new LinalgError('internal error: the sector factorisation was replaced');
      const { rhs, y, work } = (buf ??= { rhs: new Float64Array(n), y: new Float64Array(n), work: { r: new Float64Array(n), d: new Float64Array(n) } });
      for (let i = 0; i < m; i++) rhs[i] = r[i]! * c[i]!;
      if (n > m) rhs[m] = 0; // bordered: wᵀx = 0
      factors.solve(rhs, y);
      if (refine > 0) refineSolutionReal(matrix, factors, rhs, y, refine, work, m);
      for (let i = 0; i < m; i++) out[i] = cs[i]! * y[i]!;
      return out;
    },
  };
}

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
  /** The pinned equation (−1: a trace-bordered factorisation). */
  readonly pin: number;
  /** ‖A‖ and the estimate of ‖A⁻¹‖ of the equilibrated factorised system. */
  readonly conditioning: Conditioning;
  /** Whose factorisation is applied: one handed in ('shared') or made by the constructor ('own'). */
  readonly source: 'shared' | 'own';
  private readonly fact: PinnedFactorisation;
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly c: Float64Array;

  /**
   * `m`: the singular matrix (real values in the real parts of a complex CSR); `left` = w and `right` = x0
   * its null vectors (dense, wᵀx0 = 1 is enforced by rescaling x0); `shared`: a valid factorisation of the
   * pinned (at a w_pin ≠ 0) or w-bordered M to use instead of making one. Throws LinalgError when the pinned
   * system is singular (the null space is not one-dimensional) or not finite.
   */
  constructor(m: CsrMatrix, left: Float64Array, right: Float64Array, shared: PinnedFactorisation | null = null) {
    const n = m.rows;
    if (m.cols !== n || left.length !== n || right.length !== n) throw new LinalgError(`group inverse: sizes ${m.rows}×${m.cols}, w ${left.length}, x0 ${right.length}`, 'argument');
    const norm = dotReal(left, right);
    if (!(Math.abs(norm) > 0) || !Number.isFinite(norm)) throw new LinalgError('group inverse: wᵀx0 = 0 (null vectors do not pair)', 'singular');
    this.size = n;
    this.left = Float64Array.from(left);
    this.right = Float64Array.from(right, (v) => v / norm);
    if (shared && (shared.size !== n || !shared.valid() || (shared.pin >= 0 && left[shared.pin] === 0))) {
      throw new LinalgError('group inverse: the shared factorisation does not fit (size, validity or pinned equation)', 'argument');
    }
    this.fact = shared ?? ownPinnedFactorisation(m, this.left, this.right);
    this.source = shared ? 'shared' : 'own';
    this.pin = this.fact.pin;
    this.conditioning = this.fact.conditioning;
    this.c = new Float64Array(n);
  }

  /** x = M^# b (b is not modified; out may not alias b); `refine` as PinnedFactorisation.solve (default 3). */
  apply(b: ArrayLike<number>, out: Float64Array = new Float64Array(this.size), refine = 3): Float64Array {
    const n = this.size, w = this.left, x0 = this.right, c = this.c;
    const tb = dotReal(w, b);
    for (let i = 0; i < n; i++) c[i] = b[i] - x0[i] * tb; // Q b
    if (this.pin >= 0) c[this.pin] = 0;
    this.fact.solve(c, out, refine);
    const tx = dotReal(w, out);
    for (let i = 0; i < n; i++) out[i] -= x0[i] * tx;
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) throw new LinalgError('group inverse: non-finite solution', 'non-finite');
    return out;
  }
}

/**
 * A pinned factorisation of M made for the group inverse alone: equation q (w_q ≠ 0, largest |x0_q·M_qq|)
 * replaced by x_q = 0 in the column-equilibrated A = M·C; solves refined (refine.ts). Throws LinalgError
 * when the pinned system is singular or not finite.
 */
export function ownPinnedFactorisation(m: CsrMatrix, left: Float64Array, right: Float64Array): PinnedFactorisation {
  const n = m.rows;
  let q = -1, best = -1;
  for (let i = 0; i < n; i++) {
    if (left[i] === 0) continue;
    const mii = Math.abs(m.get(i, i)[0]), f = Math.abs(right[i]) * (mii > 0 ? mii : 1);
    if (f > best) { best = f; q = i; }
  }
  if (q < 0) throw new LinalgError('group inverse: the left null vector is zero', 'argument');
  const sys = new SystemPattern(n, [m], [q], [q]);
  sys.assemble([1]);
  const { rowPtr, colIdx, values } = sys.real;
  equilibrateCsr(n, rowPtr, colIdx, sys.raw, sys.rowScale, sys.colScale, values, q, false);
  for (let p = rowPtr[q]; p < rowPtr[q + 1]; p++) values[p] = colIdx[p] === q ? 1 : 0;
  const conditioning = sys.factorAndEstimate();
  if (!conditioning) throw new LinalgError('group inverse: the pinned system is singular (null space not one-dimensional)', 'singular');
  const work = { r: new Float64Array(n), d: new Float64Array(n) }, rhs = new Float64Array(n);
  return {
    size: n, pin: q, conditioning,
    valid: () => true,
    solve(c: ArrayLike<number>, out: Float64Array, refine = 3): Float64Array {
      for (let i = 0; i < n; i++) rhs[i] = c[i]; // row scales are 1: columns-only equilibration
      sys.realSolver.solve(rhs, out);
      if (refine > 0) refineSolutionReal(sys.real, sys.realSolver, rhs, out, refine, work);
      const cs = sys.colScale;
      for (let i = 0; i < n; i++) out[i] *= cs[i];
      return out;
    },
  };
}
