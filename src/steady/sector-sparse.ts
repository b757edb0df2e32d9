/**
 * The sparse backend of the sector solver (sector-solve.ts): M(θ) = Σ_t θ_t M_t on the terms' union
 * pattern, equilibrated by powers of two (linalg/equilibrate.ts; the pinned system by columns only, which
 * leaves the threshold pivoting's choices unchanged), with one population pinned or, as a fallback,
 * trace-bordered; factorised by the sparse LU with a fill-reducing ordering computed once for
 * the fixed pattern, its pivots and L/U patterns reused at later θ by a real numeric refactorisation
 * (RealLuRefactor) while a fresh factorisation would choose the same pivots, else recomputed (same factors
 * either way, so a sweep's numbers do not depend on the order of its points). Conditioning: ‖A‖_∞ and a
 * lower-bound estimate of ‖A⁻¹‖₂ by inverse iteration; componentwise errors by the signed-perturbation estimate
 * of linalg/condition.ts. No physics beyond sector-solve.ts.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { RealLuRefactor } from '../linalg/sparse-lu-refactor.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { equilibrateCsr } from '../linalg/equilibrate.ts';
import { gthRelativeError, gthSparse } from '../linalg/gth.ts';
import type { BackendSolution, Conditioning, SectorBackend } from './sector-backend.ts';
import { SystemPattern, resized } from '../linalg/pattern-system.ts';
import { equilibratedFactorisation, type PinnedFactorisation } from '../linalg/group-inverse.ts';

/**
 * Sparse backend: the pinned pattern (size m, the population diagonals as extra positions so that any of
 * them can be pinned) and, built on first use, the trace-bordered pattern (size m + 1).
 */
export class SparseBackend implements SectorBackend {
  readonly size: number;
  readonly kind = 'sparse' as const;
  private readonly terms: readonly CsrMatrix[];
  private readonly diagonal: Int32Array;
  private readonly weights: Float64Array;
  private readonly pinned: SystemPattern;
  private bordered: SystemPattern | null = null;
  private slotMap: Int32Array | null = null;
  private state: { pin: number; sys: SystemPattern } | null = null;
  private readonly x: Float64Array;
  private readonly errors: Float64Array;
  private readonly y: Float64Array;
  /** Set by markov(), cleared by factor(). */
  private lastLabel: string | null = null;
  /** Counts assemble/factor/markov calls: a factorisation handle is valid while it is unchanged. */
  private epoch = 0;

  /** `what`: the system's name in the solver label (e.g. 'real sector'). */
  constructor(terms: readonly CsrMatrix[], diagonal: Int32Array, weights: Float64Array, private readonly what: string) {
    const m = terms.length > 0 ? terms[0].rows : diagonal.length;
    this.size = m;
    this.terms = terms;
    this.diagonal = diagonal;
    this.weights = weights;
    this.pinned = new SystemPattern(m, terms, Array.from(diagonal), Array.from(diagonal));
    this.x = new Float64Array(m);
    this.errors = new Float64Array(m);
    this.y = new Float64Array(m);
  }

  get label(): string {
    if (this.lastLabel) return `${this.lastLabel}, ${this.what}`;
    return `sparse LU (${this.what}, ${this.state && this.state.pin < 0 ? 'trace-bordered' : 'one population pinned'})`;
  }

  assemble(theta: ArrayLike<number>): void {
    this.epoch++;
    this.pinned.assemble(theta);
    this.state = null;
  }

  fillHeavy(): boolean {
    return this.pinned.fillHeavy(); // the pinned pattern is the one factorised first (its ordering is kept)
  }

  diagonalMagnitude(k: number): number {
    return Math.abs(this.pinned.raw[this.pinned.extra[k]]);
  }

  factor(pin: number, tolerant = false): Conditioning | null {
    const m = this.size;
    this.lastLabel = null;
    this.epoch++;
    if (pin >= 0) {
      const sys = this.pinned, { rowPtr, colIdx, values } = sys.real;
      // Columns only: the pivots then stay those of M itself, so refactorisations keep passing along a sweep.
      equilibrateCsr(m, rowPtr, colIdx, sys.raw, sys.rowScale, sys.colScale, values, pin, false);
      for (let p = rowPtr[pin]; p < rowPtr[pin + 1]; p++) values[p] = colIdx[p] === pin ? 1 : 0;
      this.state = { pin, sys };
      return sys.factorAndEstimate(tolerant);
    }
    const sys = this.borderedPattern(), { rowPtr, colIdx, values } = sys.real;
    // raw of the bordered pattern: the pinned pattern's M values copied slot by slot, then the border.
    sys.raw.fill(0);
    const src = this.pinned.raw, map = this.slotMap!;
    for (let p = 0; p < map.length; p++) if (map[p] >= 0) sys.raw[map[p]] = src[p];
    const nd = this.weights.length;
    for (let k = 0; k < sys.extra.length; k++) sys.raw[sys.extra[k]] = this.weights[k % nd];
    equilibrateCsr(m + 1, rowPtr, colIdx, sys.raw, sys.rowScale, sys.colScale, values);
    this.state = { pin: -1, sys };
    return sys.factorAndEstimate(tolerant);
  }

  /**
   * The stationary vector of M as a Markov generator on its closed class `states` by sparse GTH
   * (linalg/gth.ts), zero elsewhere, with the componentwise relative bound gthRelativeError; null when GTH
   * breaks down. Pivot range not reported (1, 1).
   */
  markov(states: Int32Array, eta: number): { solution: BackendSolution; smallestPivot: number; largestPivot: number } | null {
    this.epoch++;
    const m = this.size, sys = this.pinned, raw = sys.raw, z = new Float64Array(2 * raw.length);
    for (let p = 0; p < raw.length; p++) z[2 * p] = raw[p];
    const q = new CsrMatrix(m, m, sys.real.rowPtr, sys.real.colIdx, z);
    this.x.fill(0);
    const lost = attempt(() => gthSparse(q, states, this.x));
    if (lost === null) return null;
    let top = 0;
    for (let k = 0; k < m; k++) top = Math.max(top, Math.abs(this.x[k]));
    const rel = gthRelativeError(states.length, eta), inClass = new Uint8Array(m);
    for (const k of states) inClass[k] = 1;
    for (let k = 0; k < m; k++) { this.errors[k] = rel * Math.abs(this.x[k]) + (lost > 0 && inClass[k] ? lost * top : 0); this.y[k] = this.x[k]; }
    this.state = null;
    this.lastLabel = 'sparse GTH (Markov generator)';
    return { solution: { x: this.x, errors: this.errors, y: this.y }, smallestPivot: 1, largestPivot: 1 };
  }

  solve(eta: number): BackendSolution | null {
    const st = this.state;
    if (!st) throw new LinalgError('internal error: SparseBackend.solve before factor');
    const m = this.size, sys = st.sys;
    const out = st.pin >= 0
      ? sys.solveWithErrors(st.pin, 1, eta, m, st.pin)
      : sys.solveWithErrors(m, sys.rowScale[m], eta, m, m);
    if (!out) return null;
    const c = sys.colScale;
    for (let k = 0; k < m; k++) {
      this.y[k] = out.z[k];
      this.x[k] = c[k] * out.z[k];
      this.errors[k] = c[k] * out.e[k];
    }
    return { x: this.x, errors: this.errors, y: this.y };
  }

  factorisation(conditioning: Conditioning): PinnedFactorisation {
    const st = this.state;
    if (!st) throw new LinalgError('internal error: SparseBackend.factorisation before factor');
    const { pin, sys } = st, epoch = this.epoch;
    return equilibratedFactorisation({ size: this.size, pin, conditioning, valid: () => this.epoch === epoch,
      matrix: sys.real, factors: sys.realSolver, rowScale: sys.rowScale, colScale: sys.colScale });
  }

  private borderedPattern(): SystemPattern {
    if (this.bordered) return this.bordered;
    const m = this.size, d = Array.from(this.diagonal);
    const sys = new SystemPattern(m + 1, this.terms.map((t) => resized(t, m + 1)), [...d, ...d.map(() => m)], [...d.map(() => m), ...d]);
    // Slot of each pinned-pattern position in the bordered pattern (−1 for a pin-only diagonal slot).
    const sr = this.pinned.real, map = new Int32Array(sr.colIdx.length).fill(-1);
    for (let i = 0; i < m; i++) for (let p = sr.rowPtr[i]; p < sr.rowPtr[i + 1]; p++) {
      try { map[p] = sys.sum.slotOf(i, sr.colIdx[p]); } catch { /* a pin slot no term uses: value 0 */ }
    }
    this.slotMap = map;
    return (this.bordered = sys);
  }
}

