/**
 * The dense backend of the sector solver (sector-solve.ts) for small sectors: M(θ) = Σ_t θ_t M_t assembled
 * from per-term positions into a row-major m×m array, equilibrated by powers of two, pinned (or
 * trace-bordered as a fallback), factorised by the real dense LU (DenseLuReal, reused buffers), and
 * inverted explicitly (m solves): that gives the exact 1-norm condition number of the equilibrated system
 * and the exact componentwise first-order error bound |A⁻¹|(|r| + η|A||y|) (linalg/condition.ts). The
 * assembly and the extra-precise refinement residual run as generated straight-line code from the second
 * solve on (unrolled.ts; the loops give the same numbers), so one-off solves never pay for the code
 * generation.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { DenseLuReal } from '../linalg/lu.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { unrolledCombination, unrolledResidual, type CombinationKernel } from '../linalg/unrolled.ts';
import { refineSolutionReal, residualExtendedReal, type RealCsr } from '../linalg/refine.ts';
import { equilibrateDense } from '../linalg/equilibrate.ts';
import { componentwiseBound, denseInverse, normOneDense, perturbationDense } from '../linalg/condition.ts';
import { gth, gthRelativeError } from '../linalg/gth.ts';
import type { BackendSolution, Conditioning, SectorBackend } from './sector-backend.ts';
import { equilibratedFactorisation, type PinnedFactorisation } from '../linalg/group-inverse.ts';

/** One dense system (pinned: size m; bordered: size m + 1) with its buffers. */
class DenseSystem {
  readonly n: number;
  readonly a: Float64Array;
  readonly lu: DenseLuReal;
  readonly inv: Float64Array;
  readonly rowScale: Float64Array;
  readonly colScale: Float64Array;
  /** A seen as CSR with every position stored (zeros are skipped by the residual), for the refinement. */
  csr: RealCsr;
  readonly work: { rhs: Float64Array; y: Float64Array; r: Float64Array; d: Float64Array; g: Float64Array; e: Float64Array; b: Float64Array; x: Float64Array };

  constructor(n: number) {
    this.n = n;
    this.a = new Float64Array(n * n);
    this.lu = DenseLuReal.workspace(n);
    this.inv = new Float64Array(n * n);
    this.rowScale = new Float64Array(n);
    this.colScale = new Float64Array(n);
    this.csr = { rows: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i * n), colIdx: Int32Array.from({ length: n * n }, (_, k) => k % n), values: this.a };
    const v = () => new Float64Array(n);
    this.work = { rhs: v(), y: v(), r: v(), d: v(), g: v(), e: v(), b: v(), x: v() };
  }

  /** LU of `a`, then A⁻¹ and the two 1-norms; null on a breakdown or a non-finite inverse. */
  factor(): Conditioning | null {
    const n = this.n, w = this.work;
    return attempt(() => {
      const lu = this.lu.refactor(this.a);
      const inverseNorm = denseInverse(lu, n, this.inv, { b: w.b, x: w.x });
      if (!Number.isFinite(inverseNorm)) return null;
      return { norm: normOneDense(this.a, n), inverseNorm, exact: true };
    });
  }

  /** y solving A y = s·e_at (refined), the residual at y, and the exact first-order error bound. */
  solve(at: number, s: number, eta: number, judged: number, exactRow: number): { y: Float64Array; e: Float64Array } {
    const n = this.n, w = this.work, { rhs, y } = w;
    for (let i = 0; i < n; i++) rhs[i] = 0;
    rhs[at] = s;
    this.lu.solve(rhs, y);
    refineSolutionReal(this.csr, this.lu, rhs, y, 3, w, judged);
    residualExtendedReal(this.csr, y, rhs, w.r);
    perturbationDense(this.a, n, y, w.r, eta, w.g, exactRow);
    componentwiseBound(this.inv, n, w.g, w.e);
    return { y, e: w.e };
  }
}

export class DenseBackend implements SectorBackend {
  readonly size: number;
  readonly kind = 'dense' as const;
  private readonly terms: readonly CsrMatrix[];
  private readonly diagonal: Int32Array;
  private readonly weights: Float64Array;
  /** M(θ), row-major m×m; zero wherever no term has an entry. */
  private readonly raw: Float64Array;
  /** Each term's entries as positions r·m + c of `raw`, and their values. */
  private readonly at: Int32Array[];
  private readonly val: Float64Array[];
  private assembleKernel: CombinationKernel | null = null;
  private solves = 0;
  private readonly pinned: DenseSystem;
  private bordered: DenseSystem | null = null;
  private state: { pin: number; sys: DenseSystem } | null = null;
  private readonly x: Float64Array;
  private readonly errors: Float64Array;
  private readonly y: Float64Array;
  private gthWork: Float64Array | null = null;
  private readonly markovResult: { solution: BackendSolution; smallestPivot: number; largestPivot: number };
  /** Set by markov(), cleared by factor(). */
  private lastLabel: string | null = null;
  /** Counts assemble/factor/markov calls: a factorisation handle is valid while it is unchanged. */
  private epoch = 0;

  /** `what`: the system's name in the solver label (e.g. 'real sector'). */
  constructor(terms: readonly CsrMatrix[], diagonal: Int32Array, weights: Float64Array, size: number, private readonly what: string) {
    const m = size;
    this.size = m;
    this.terms = terms;
    this.diagonal = diagonal;
    this.weights = weights;
    this.raw = new Float64Array(m * m);
    this.at = terms.map((t) => { const a = new Int32Array(t.nnz); for (let r = 0; r < m; r++) for (let p = t.rowPtr[r]; p < t.rowPtr[r + 1]; p++) a[p] = r * m + t.colIdx[p]; return a; });
    this.val = terms.map((t) => Float64Array.from({ length: t.nnz }, (_, p) => t.values[2 * p]));
    this.pinned = new DenseSystem(m);
    this.x = new Float64Array(m);
    this.errors = new Float64Array(m);
    this.y = new Float64Array(m);
    this.markovResult = { solution: { x: this.x, errors: this.errors, y: this.y }, smallestPivot: 0, largestPivot: 0 };
  }

  get label(): string {
    if (this.lastLabel) return `${this.lastLabel}, ${this.what}`;
    return `dense LU (${this.what}, ${this.state && this.state.pin < 0 ? 'trace-bordered' : 'one population pinned'})`;
  }

  /**
   * Straight-line forms (unrolled.ts) of the assembly Σ_t θ_t M_t and of the pinned system's refinement
   * residual over its structural entries (the terms' positions and every population's diagonal, which a
   * pin may occupy), generated at the second solve.
   */
  private generate(): void {
    const m = this.size;
    const structural = [...new Set([...this.at.flatMap((a) => Array.from(a)), ...Array.from(this.diagonal, (d) => d * m + d)])].sort((p, q) => p - q);
    const residual = unrolledResidual(m, structural.map((p) => Math.floor(p / m)), structural.map((p) => p % m), structural);
    this.pinned.csr = { ...this.pinned.csr, residual };
    this.assembleKernel = unrolledCombination(m * m, this.at.map((a, t) => ({ slots: a, values: this.terms[t].values })), true);
  }

  assemble(theta: ArrayLike<number>): void {
    this.epoch++;
    if (++this.solves === 2) this.generate();
    const b = this.raw;
    this.state = null;
    if (this.assembleKernel) { this.assembleKernel(theta, b); return; }
    for (let k = 0; k < b.length; k++) b[k] = 0;
    for (let t = 0; t < this.at.length; t++) {
      const c = +theta[t], pos = this.at[t], v = this.val[t];
      if (c === 0) continue;
      for (let p = 0; p < pos.length; p++) b[pos[p]] += c * v[p];
    }
  }

  fillHeavy(): boolean {
    return false;
  }

  diagonalMagnitude(k: number): number {
    const d = this.diagonal[k];
    return Math.abs(this.raw[d * this.size + d]);
  }

  factor(pin: number, _tolerant = false): Conditioning | null { // dense LU: only exactly zero pivots break down anyway
    const m = this.size, raw = this.raw;
    this.lastLabel = null;
    this.epoch++;
    if (pin >= 0) {
      const sys = this.pinned, a = sys.a;
      for (let k = 0; k < a.length; k++) a[k] = raw[k];
      equilibrateDense(a, m, sys.rowScale, sys.colScale, pin);
      for (let j = 0; j < m; j++) a[pin * m + j] = 0;
      a[pin * m + pin] = 1;
      this.state = { pin, sys };
      return sys.factor();
    }
    const N = m + 1, sys = (this.bordered ??= new DenseSystem(N)), a = sys.a;
    a.fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a[i * N + j] = raw[i * m + j];
    const d = this.diagonal, w = this.weights;
    for (let k = 0; k < d.length; k++) { a[d[k] * N + m] = w[k]; a[m * N + d[k]] = w[k]; }
    equilibrateDense(a, N, sys.rowScale, sys.colScale);
    this.state = { pin: -1, sys };
    return sys.factor();
  }

  /**
   * The stationary vector of M as a Markov generator (off-diagonal entries ≥ 0, structural.ts) on the
   * given unknowns — its single closed class — by GTH (linalg/gth.ts), zero elsewhere (transient states),
   * with the componentwise relative error bound gthRelativeError. Also returns the smallest and largest
   * elimination pivot (escape rates). Null when GTH breaks down.
   */
  markov(states: Int32Array, eta: number): { solution: BackendSolution; smallestPivot: number; largestPivot: number } | null {
    this.epoch++;
    const m = this.size, n = states.length;
    this.gthWork = this.gthWork && this.gthWork.length >= n * n + n ? this.gthWork : new Float64Array(n * n + n);
    const w = this.gthWork;
    this.x.fill(0);
    const lost = attempt(() => gth(this.raw, m, states, this.x, w));
    if (lost === null) return null;
    let top = 0;
    for (let k = 0; k < m; k++) top = Math.max(top, Math.abs(this.x[k]));
    let lo = Infinity, hi = 0;
    for (let k = 1; k < n; k++) { const s = w[k * n + k]; if (s < lo) lo = s; if (s > hi) hi = s; }
    if (n === 1) { lo = 1; hi = 1; }
    const rel = gthRelativeError(n, eta);
    // Below `lost`·max (values beyond the range of doubles) nothing is vouched for; transient states are exactly 0.
    for (let k = 0; k < m; k++) { this.errors[k] = rel * Math.abs(this.x[k]) + (lost > 0 && states.includes(k) ? lost * top : 0); this.y[k] = this.x[k]; }
    this.state = null;
    this.lastLabel = 'GTH (Markov generator)';
    const r = this.markovResult;
    r.smallestPivot = lo;
    r.largestPivot = hi;
    return r;
  }

  factorisation(conditioning: Conditioning): PinnedFactorisation {
    const st = this.state;
    if (!st) throw new LinalgError('internal error: DenseBackend.factorisation before factor');
    const { pin, sys } = st, epoch = this.epoch;
    return equilibratedFactorisation({ size: this.size, pin, conditioning, valid: () => this.epoch === epoch,
      matrix: sys.csr, factors: sys.lu, rowScale: sys.rowScale, colScale: sys.colScale });
  }

  solve(eta: number): BackendSolution | null {
    const st = this.state;
    if (!st) throw new LinalgError('internal error: DenseBackend.solve before factor');
    const m = this.size, sys = st.sys;
    const out = attempt(() => (st.pin >= 0 ? sys.solve(st.pin, 1, eta, m, st.pin) : sys.solve(m, sys.rowScale[m], eta, m, m)));
    if (!out) return null;
    const c = sys.colScale;
    for (let k = 0; k < m; k++) {
      this.y[k] = out.y[k];
      this.x[k] = c[k] * out.y[k];
      this.errors[k] = c[k] * out.e[k];
    }
    return { x: this.x, errors: this.errors, y: this.y };
  }
}
