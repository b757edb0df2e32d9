/**
 * The steady state of a real sector system M(θ) = Σ_t θ_t M_t (sector-system.ts) — the diagonal symmetry
 * sector, or every unknown of ρ when no reduction applies — with the trace functional Σ_k w_k x_d(k) as
 * its known left null vector. One population x_q is pinned: its (redundant) equation becomes y_q = 1 in
 * the equilibrated system A = R·M·C (powers of two, linalg/equilibrate.ts), and x = C·y is normalised
 * afterwards. Why pinning and not the trace border for the answer: the stored M is trace-preserving only
 * up to rounding (wᵀM = δᵀ ≠ 0, |δ_j| ~ ε|M_jj|); the bordered system absorbs δᵀx into a Lagrange
 * multiplier that enters every equation, so a population far below ε·max_k x_k is swamped (measured: a
 * thermal ladder at βω = 20 got −2e-26 for 9e-27). Pinning q puts the whole inconsistency into the one
 * dropped equation of q. In the equilibrated variables y_k is the flux scale of population k (its rate
 * times its population), and the error the dropped equation causes is relative to the flux through q, so q
 * is the population with the largest flux: after a first solve with a guess (the recurrent population
 * with the smallest |M_qq|, likely well populated), the solve is repeated once, pinning the largest-flux
 * population, when the guess carries less than 1/FLUX_FRACTION of it and the first answer's error
 * estimate leaves something to gain. All choices depend on θ only, so a sweep's numbers do not depend on
 * the order of its points.
 *
 * The pinned system is non-singular iff the stationary state is unique and has x_q ≠ 0. Verdicts:
 *  - structural (symmetry/structural.ts: a populations-only sector whose chain has one closed class): the
 *    state is unique whatever the numbers, and M is a Markov generator, solved by GTH (linalg/gth.ts) on
 *    the closed class — every population to relative (n+3)n²u + 2(n−1)η, however stiff or nearly
 *    decoupled the chain (transient states exactly 0); should GTH break down, the pinned LU runs with q in
 *    the closed class and the numbers only enter the conditioning and error estimates;
 *  - otherwise numerical: rcond = 1/(‖A‖‖A⁻¹‖) of the equilibrated pinned system above `tol`; when it is
 *    not, the equilibrated trace-bordered system (non-singular exactly when the state is unique, whatever
 *    x_q) decides, and a unique answer is re-pinned at its largest-flux population.
 * Equilibration makes the verdict scale-aware: rates spanning hundreds of decades give a well-conditioned
 * A whenever the chain of transitions between them is (the unreduced diamond model at β = ±700: rcond ≈ 0.07–0.16).
 *
 * Each solution comes with the first-order error estimate |δx| ≲ C·|A⁻¹|(|r| + η|A||y|) per unknown
 * (exact for the dense backend, an estimate from three signed perturbations for the sparse one;
 * linalg/condition.ts) for relative data errors η = ETA in every entry of M (the rounding of Σ_t θ_t M_t)
 * and the extra-precise residual r of the refined solution. No physics beyond the trace functional.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { DenseLuReal } from '../linalg/lu.ts';
import { attempt, LinalgError } from '../linalg/errors.ts';
import { equilibrateCsr, equilibrateDense } from '../linalg/equilibrate.ts';
import { denseInverse, normOneDense } from '../linalg/condition.ts';
import { LindbladError } from '../errors.ts';
import type { RealNumbering } from '../symmetry/sector-system.ts';
import type { Conditioning, SectorBackend } from './sector-backend.ts';
import { DenseBackend } from './sector-dense.ts';
import { SparseBackend } from './sector-sparse.ts';
import { SystemPattern } from '../linalg/pattern-system.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';

/** Real dense LU up to this many real unknowns, sparse LU above (measured crossover, bench/sweep.bench.ts). */
export const DENSE_REAL_LIMIT = 24;

export type SectorFactorization = 'dense' | 'sparse';

/** Relative error assumed in every entry of the assembled M(θ) (a few roundings of Σ_t θ_t M_t): 2⁻⁵⁰ ≈ 8.9e-16. */
export const ETA = 2 ** -50;

/**
 * Re-pin when the pinned population's flux is below 1/FLUX_FRACTION of the largest one — unless every
 * population's estimated relative error is already below REPIN_GAIN (≈ 1e-12): then a second
 * factorisation could not improve the answer noticeably.
 */
const FLUX_FRACTION = 8, REPIN_GAIN = 2 ** -40;

export interface SectorSolution {
  /**
   * Real unknowns (any normalisation), or null when the system is (numerically) singular: more than one
   * stationary state. A view of the solver's buffer: valid until its next solve.
   */
  x: Float64Array | null;
  /** Estimated |δx| per unknown, same normalisation as x (null with x). */
  errors: Float64Array | null;
  /** 1/‖A⁻¹‖ of the equilibrated system that decided (pinned or bordered). */
  smallestEigenvalue: number;
  /** ‖A‖ of that system (1-norm for dense, ∞-norm for sparse): ratio = rcond. */
  scale: number;
  solver: string;
  /**
   * How the conditioning and the errors were obtained: 'exact' (dense LU: from A⁻¹ itself), 'estimate'
   * (sparse LU: inverse iteration and signed perturbations), 'markov' (GTH on a Markov generator:
   * componentwise relative bounds, linalg/gth.ts).
   */
  method: 'exact' | 'estimate' | 'markov';
  /** Reciprocal condition number reported in the certificate (for 'markov': 1/(2(n−1)), the componentwise relative one). */
  rcond: number;
  /** True when uniqueness was decided by the structure of the chain (symmetry/structural.ts). */
  structural: boolean;
  /**
   * The LU that produced x (pinned or trace-bordered, dense or sparse) as a handle for further solves with
   * M(θ) (the Drazin inverse of thermo/counting.ts), valid until this solver's next solve; null for GTH
   * (no LU) and without x.
   */
  factorisation: PinnedFactorisation | null;
}

/**
 * Solves the real sector system for any coefficients θ, reusing patterns, orderings, pivots and buffers
 * (module comment). `numbering`: the size, the indices of the populations and optionally their trace
 * weights (an exchange-reduced unknown standing for two populations has weight 2, exchange.ts); `what`
 * names the system in the solver label.
 */
export class RealSectorSolver {
  readonly size: number;
  readonly kind: SectorFactorization;
  private readonly diagonal: Int32Array;
  private readonly backend: SectorBackend;
  /** The recurrent populations' unknowns per mask (masks are kept by the caller per structure). */
  private readonly states = new WeakMap<Uint8Array, Int32Array>();

  constructor(terms: readonly CsrMatrix[], numbering: Pick<RealNumbering, 'size' | 'diagonal'> & { traceWeights?: Float64Array },
    kind: 'auto' | SectorFactorization = 'auto', what = 'real sector') {
    const m = numbering.size;
    this.size = m;
    this.diagonal = numbering.diagonal;
    const weights = numbering.traceWeights ?? new Float64Array(numbering.diagonal.length).fill(1);
    this.kind = kind === 'auto' ? (m <= DENSE_REAL_LIMIT ? 'dense' : 'sparse') : kind;
    this.backend = this.kind === 'dense' ? new DenseBackend(terms, numbering.diagonal, weights, m, what) : new SparseBackend(terms, numbering.diagonal, weights, what);
  }

  /** Whether this system's factorisation is fill-heavy (SectorBackend.fillHeavy; computes the ordering the solve then uses). */
  fillHeavy(): boolean {
    return this.backend.fillHeavy();
  }

  /**
   * Solves for θ. `recurrent` (per population of `numbering.diagonal`, 1 = in the closed class), when given,
   * says uniqueness is already known structurally and restricts the pin to those populations. Otherwise
   * x = null when the sector holds more than one stationary state (rcond ≤ tol).
   */
  solve(theta: ArrayLike<number>, tol = 1e-14, recurrent: Uint8Array | null = null): SectorSolution {
    const b = this.backend, d = this.diagonal, structural = recurrent !== null;
    b.assemble(theta);
    if (recurrent && this.diagonal.length === this.size) {
      const gth = this.markov(recurrent);
      if (gth) return gth;
    }
    let k = this.guess(recurrent);
    if (k < 0) throw new LindbladError('internal', 'sector solve: no population to pin', 'model');
    let fallback: SectorSolution | null = null, borderedForced = false;
    for (let round = 0; round < 2; round++) {
      const c = b.factor(d[k]) ?? (structural ? b.factor(d[k], true) : null);
      const rc = c ? rcond(c) : 0;
      if (c && (structural || rc > tol)) {
        const sol = b.solve(ETA);
        if (sol) {
          const best = this.largestFlux(sol.y, recurrent);
          if (round === 0 && best >= 0 && Math.abs(sol.y[d[k]]) * FLUX_FRACTION < Math.abs(sol.y[d[best]]) && !this.accurate(sol)) { k = best; continue; }
          return this.result(sol.x, sol.errors, c, structural);
        }
      }
      if (fallback) {
        // The re-pinned system failed: keep the bordered answer, whose factorisation the attempt replaced.
        // Factored again (same matrix, same factors) so that its handle is valid for the caller's error
        // propagation (assembly-error.ts) and group inverse.
        const again = b.factor(-1, borderedForced);
        if (!again) throw new LinalgError('internal error: the trace-bordered system no longer factors');
        return { ...fallback, factorisation: b.factorisation(again) };
      }
      // The pinned system is singular (or broke down): the trace-bordered system decides.
      let cb = b.factor(-1);
      if (!cb && structural) { cb = b.factor(-1, true); borderedForced = true; }
      const rb = cb ? rcond(cb) : 0;
      if (!cb || (!structural && !(rb > tol))) {
        if (structural) throw new LindbladError('not-converged', 'the stationary state is unique (one closed class of transitions), but its linear system is numerically singular', 'model');
        return { x: null, errors: null, smallestEigenvalue: cb ? 1 / cb.inverseNorm : 0, scale: cb ? cb.norm : 1, solver: b.label, method: cb && !cb.exact ? 'estimate' : 'exact', rcond: rb, structural, factorisation: null };
      }
      const sol = b.solve(ETA);
      if (!sol) throw new LindbladError('not-converged', 'the steady-state solve broke down (overflow)', 'model');
      fallback = this.result(Float64Array.from(sol.x), Float64Array.from(sol.errors), cb, structural);
      const best = this.largestFlux(sol.y, recurrent);
      if (round === 1 || best < 0 || best === k) return fallback;
      k = best;
    }
    return fallback!;
  }

  private result(x: Float64Array, errors: Float64Array, c: Conditioning, structural: boolean): SectorSolution {
    return { x, errors, smallestEigenvalue: 1 / c.inverseNorm, scale: c.norm, solver: this.backend.label, method: c.exact ? 'exact' : 'estimate', rcond: rcond(c), structural, factorisation: this.backend.factorisation(c) };
  }

  /**
   * A structurally unique populations-only system solved as a Markov generator by GTH (dense or sparse),
   * or null on a breakdown (then the LU route runs).
   */
  private markov(recurrent: Uint8Array): SectorSolution | null {
    const b = this.backend;
    let states = this.states.get(recurrent);
    if (!states) {
      const list: number[] = [];
      for (let k = 0; k < this.diagonal.length; k++) if (recurrent[k]) list.push(this.diagonal[k]);
      this.states.set(recurrent, (states = Int32Array.from(list)));
    }
    const r = b.markov(states, ETA);
    if (!r) return null;
    const { x, errors } = r.solution, n = states.length;
    return { x, errors, smallestEigenvalue: r.smallestPivot, scale: r.largestPivot, solver: b.label, method: 'markov', rcond: 1 / (2 * Math.max(1, n - 1)), structural: true, factorisation: null };
  }

  /** The first pin: among the allowed populations, the one with the smallest |M_qq| (slowest to leave). */
  private guess(recurrent: Uint8Array | null): number {
    let k = -1, best = Infinity;
    for (let j = 0; j < this.diagonal.length; j++) {
      if (recurrent && !recurrent[j]) continue;
      const a = this.backend.diagonalMagnitude(j);
      if (a < best || k < 0) { best = a; k = j; }
    }
    return k;
  }

  /** True when every population's estimated relative error is below REPIN_GAIN (re-pinning has nothing to gain). */
  private accurate(sol: { x: Float64Array; errors: Float64Array }): boolean {
    const d = this.diagonal;
    for (let k = 0; k < d.length; k++) if (!(sol.errors[d[k]] <= REPIN_GAIN * Math.abs(sol.x[d[k]]))) return false;
    return true;
  }

  /** Index (into the populations) of the largest |y| among the allowed ones, or −1. */
  private largestFlux(y: Float64Array, recurrent: Uint8Array | null): number {
    let k = -1, best = -1;
    for (let j = 0; j < this.diagonal.length; j++) {
      if (recurrent && !recurrent[j]) continue;
      const a = Math.abs(y[this.diagonal[j]]);
      if (a > best) { best = a; k = j; }
    }
    return best > 0 ? k : -1;
  }
}

/** 1/(‖A‖‖A⁻¹‖). */
function rcond(c: Conditioning): number {
  return c.norm > 0 && c.inverseNorm > 0 ? 1 / (c.norm * c.inverseNorm) : 0;
}

/**
 * Non-singularity evidence for a real square block M(θ) = Σ_t θ_t M_t without a trace border (e.g. the
 * exchange-antisymmetric part of a sector, exchange.ts): the reciprocal condition number of its
 * power-of-two equilibration (exact 1-norm from A⁻¹ up to DENSE_REAL_LIMIT unknowns, else ‖A‖_∞ and the
 * inverse-iteration estimate of ‖A⁻¹‖ on the refactorised sparse LU), compared with tol.
 */
export class RealBlockCheck {
  readonly size: number;
  private readonly sys: SystemPattern;
  private readonly dense: Float64Array | null;
  private readonly denseLu: DenseLuReal | null;
  private readonly scratch: { inv: Float64Array; rows: Float64Array; cols: Float64Array; b: Float64Array; x: Float64Array } | null;

  constructor(terms: readonly CsrMatrix[], size: number) {
    this.size = size;
    this.sys = new SystemPattern(size, terms, [], []);
    const dense = size <= DENSE_REAL_LIMIT;
    this.dense = dense ? new Float64Array(size * size) : null;
    this.denseLu = dense ? DenseLuReal.workspace(size) : null;
    this.scratch = dense ? { inv: new Float64Array(size * size), rows: new Float64Array(size), cols: new Float64Array(size), b: new Float64Array(size), x: new Float64Array(size) } : null;
  }

  /** 1/‖A⁻¹‖ and ‖A‖ of the equilibrated block; `singular` when rcond ≤ tol (or the LU breaks down). */
  check(theta: ArrayLike<number>, tol: number): { smallest: number; scale: number; singular: boolean } {
    const m = this.size, sys = this.sys;
    sys.assemble(theta);
    let c: Conditioning | null;
    if (this.dense) {
      const a = this.dense, s = this.scratch!, { rowPtr, colIdx } = sys.real, v = sys.raw;
      a.fill(0);
      for (let r = 0; r < m; r++) for (let p = rowPtr[r]; p < rowPtr[r + 1]; p++) a[r * m + colIdx[p]] = v[p];
      equilibrateDense(a, m, s.rows, s.cols);
      c = attempt(() => {
        const inverseNorm = denseInverse(this.denseLu!.refactor(a), m, s.inv, s);
        return Number.isFinite(inverseNorm) ? { norm: normOneDense(a, m), inverseNorm, exact: true } : null;
      });
    } else {
      const { rowPtr, colIdx, values } = sys.real;
      equilibrateCsr(m, rowPtr, colIdx, sys.raw, sys.rowScale, sys.colScale, values);
      c = sys.factorAndEstimate();
    }
    if (!c) return { smallest: 0, scale: 1, singular: true };
    return { smallest: 1 / c.inverseNorm, scale: c.norm, singular: !(rcond(c) > tol) };
  }
}
