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
import { PatternSum } from '../linalg/pattern-sum.ts';
import { estimateFill } from '../linalg/sparse-lu.ts';
import { factorGilbertPeierls } from '../linalg/sparse-lu-factor.ts';
import { RealLuRefactor, cscPattern, type CscPattern } from '../linalg/sparse-lu-refactor.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { refineSolutionReal, residualExtendedReal, type RealCsr } from '../linalg/refine.ts';
import { equilibrateCsr } from '../linalg/equilibrate.ts';
import { componentwiseEstimate, inverseNormEstimate, normInfCsr, perturbationCsr } from '../linalg/condition.ts';
import { gthRelativeError, gthSparse } from '../linalg/gth.ts';
import type { BackendSolution, Conditioning, SectorBackend } from './sector-backend.ts';

/** Threshold pivoting and singularity tolerance of the sparse factorisations (sparseLu's defaults). */
const PIVOT_THRESHOLD = 0.1, SINGULAR_TOLERANCE = 1e-14;

/** Inverse-iteration steps of the ‖A⁻¹‖ estimate (a singular A shows ‖A⁻¹v‖ ≈ 1/(ε‖A‖) after one). */
const ESTIMATE_STEPS = 4;

/**
 * The terms' union pattern plus some extra positions (pins, border); raw values M(θ), their equilibrated
 * form and the LU for any θ, in buffers allocated once.
 */
export class SystemPattern {
  readonly sum: PatternSum;
  /** Slots of the extra positions. */
  readonly extra: Int32Array;
  /** The pattern with the current (equilibrated) values, one per slot. */
  readonly real: RealCsr;
  /** Σ_t θ_t M_t before equilibration (extras 0). */
  readonly raw: Float64Array;
  readonly rowScale: Float64Array;
  readonly colScale: Float64Array;
  private readonly coefficients: Float64Array;
  private ordering: Int32Array | null = null;
  private lu: RealLuRefactor | null = null;
  private csc: CscPattern | null = null;
  readonly work: { rhs: Float64Array; r: Float64Array; d: Float64Array; z: Float64Array; g: Float64Array; e: Float64Array; b: Float64Array; x: Float64Array };
  /** Real solves with the current sparse factorisation. */
  readonly realSolver: { solve(b: Float64Array, out: Float64Array): Float64Array };

  constructor(size: number, terms: readonly CsrMatrix[], extraRows: number[], extraCols: number[]) {
    const extras = CsrMatrix.fromTriplets(size, size, extraRows, extraCols, extraRows.map(() => 1), extraRows.map(() => 0));
    this.coefficients = new Float64Array(terms.length + 1);
    this.sum = new PatternSum([...terms, extras], size, size);
    this.extra = Int32Array.from(extraRows, (r, k) => this.sum.slotOf(r, extraCols[k]));
    const pat = this.sum.pattern;
    this.real = { rows: size, rowPtr: pat.rowPtr, colIdx: pat.colIdx, values: new Float64Array(pat.nnz) };
    this.raw = new Float64Array(pat.nnz);
    this.rowScale = new Float64Array(size);
    this.colScale = new Float64Array(size);
    const v = () => new Float64Array(size);
    this.work = { rhs: v(), r: v(), d: v(), z: v(), g: v(), e: v(), b: v(), x: v() };
    this.realSolver = { solve: (r, out) => this.lu!.solveReal(r, out) };
  }

  /** raw ← Σ_t θ_t M_t (extras 0). */
  assemble(theta: ArrayLike<number>): void {
    const c = this.coefficients;
    for (let t = 0; t < c.length - 1; t++) c[t] = theta[t];
    c[c.length - 1] = 0;
    this.sum.realValues(c, this.raw);
  }

  /** The current values interleaved with zero imaginary parts, as a complex CSR matrix. */
  complex(): CsrMatrix {
    const v = this.real.values, z = new Float64Array(2 * v.length);
    for (let p = 0; p < v.length; p++) z[2 * p] = v[p];
    return this.sum.matrix(z);
  }

  /**
   * Sparse LU of the current values: a numeric refactorisation when the recorded pivots still pass,
   * else a fresh factorisation (the ordering depends on the pattern only and is computed once).
   * Throws LinalgError for a singular matrix.
   */
  factor(singularTolerance = SINGULAR_TOLERANCE): RealLuRefactor {
    const v = this.real.values;
    if (this.lu?.refactor(v, PIVOT_THRESHOLD, singularTolerance)) return this.lu;
    for (let p = 0; p < v.length; p++) if (!Number.isFinite(v[p])) throw new LinalgError('sparse sector system: matrix has non-finite entries', 'non-finite');
    this.ordering ??= chooseOrdering(this.complex());
    const n = this.real.rows, csc = (this.csc ??= cscPattern(this.real.rowPtr, this.real.colIdx, n));
    const z = new Float64Array(2 * v.length);
    for (let t = 0; t < v.length; t++) z[2 * t] = v[csc.src[t]];
    const factors = factorGilbertPeierls(new CsrMatrix(n, n, csc.colPtr, csc.rowIdx, z), this.ordering,
      { pivotThreshold: PIVOT_THRESHOLD, singularTolerance, recordCandidates: true });
    return (this.lu = new RealLuRefactor(this.real.rowPtr, this.real.colIdx, factors, csc));
  }

  /**
   * Factorises the current values: ‖A‖_∞ and the ‖A⁻¹‖ estimate, or null on a breakdown (`tolerant`:
   * only an exactly zero pivot is one, for systems known to be non-singular).
   */
  factorAndEstimate(tolerant = false): Conditioning | null {
    return attempt(() => {
      this.factor(tolerant ? 0 : SINGULAR_TOLERANCE);
      const w = this.work, n = this.real.rows;
      const inverseNorm = inverseNormEstimate(this.realSolver, n, ESTIMATE_STEPS, { b: w.b, x: w.x });
      if (!Number.isFinite(inverseNorm) || inverseNorm === 0) return null;
      return { norm: normInfCsr(n, this.real.rowPtr, this.real.values), inverseNorm, exact: false };
    });
  }

  /**
   * z solving A z = s·e_at with the current factorisation, refined with extra-precise residuals; then the
   * residual at z and the signed-perturbation error estimate e (equation `exactRow` carries no data error).
   */
  solveWithErrors(at: number, s: number, eta: number, keep: number, exactRow: number): { z: Float64Array; e: Float64Array } | null {
    return attempt(() => {
      const n = this.real.rows, w = this.work;
      w.rhs.fill(0);
      w.rhs[at] = s;
      this.realSolver.solve(w.rhs, w.z);
      refineSolutionReal(this.real, this.realSolver, w.rhs, w.z, 3, w, keep);
      residualExtendedReal(this.real, w.z, w.rhs, w.r);
      perturbationCsr(n, this.real.rowPtr, this.real.colIdx, this.real.values, w.z, w.r, eta, w.g, exactRow);
      componentwiseEstimate(this.realSolver, n, w.g, w.e, { b: w.b, x: w.x });
      return { z: w.z, e: w.e };
    });
  }
}

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
    this.pinned.assemble(theta);
    this.state = null;
  }

  diagonalMagnitude(k: number): number {
    return Math.abs(this.pinned.raw[this.pinned.extra[k]]);
  }

  factor(pin: number, tolerant = false): Conditioning | null {
    const m = this.size;
    this.lastLabel = null;
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

/** The same entries in a larger (size × size) matrix. */
export function resized(a: CsrMatrix, size: number): CsrMatrix {
  const rowPtr = new Int32Array(size + 1);
  rowPtr.set(a.rowPtr);
  for (let i = a.rows + 1; i <= size; i++) rowPtr[i] = a.rowPtr[a.rows];
  return new CsrMatrix(size, size, rowPtr, a.colIdx, a.values);
}

/**
 * Fill-reducing ordering from the pattern: reverse Cuthill–McKee when its predicted fill (symbolic,
 * estimateFill) is at most 4·nnz(A) + n — the sectors of chain-like models (excitation ladders) are
 * banded, and RCM costs a fraction of AMD there (0.5 vs 2.7 ms at 516 unknowns, same fill) — else the
 * better of RCM and AMD.
 */
function chooseOrdering(a: CsrMatrix): Int32Array {
  const rcm = estimateFill(a, 'rcm');
  if (rcm.nnzLU <= 4 * a.nnz + a.rows) return rcm.ordering;
  const amd = estimateFill(a, 'amd');
  return amd.nnzLU <= rcm.nnzLU ? amd.ordering : rcm.ordering;
}
