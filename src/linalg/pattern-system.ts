/**
 * A family of sparse real systems A(θ) = Σ_t θ_t M_t on one fixed pattern (the union of the terms' patterns
 * plus extra positions, e.g. a pinned equation or a border), in buffers allocated once: assembly for any θ,
 * the equilibrated values, a sparse LU reused by numeric refactorisation while its pivots still pass, an
 * ‖A⁻¹‖ estimate, and refined solves with componentwise error estimates. Physics-free (the steady-state
 * sector systems of src/steady/ are its main user).
 */
import { CsrMatrix } from './sparse.ts';
import { PatternCache } from './pattern-cache.ts';
import { PatternSum } from './pattern-sum.ts';
import { bandedFillBound, bandedOrdering, estimateFill, orderingBySmallestFill, type FillEstimate, type SparseOrdering } from './sparse-lu.ts';
import { chooseDenseFrom } from './sparse-lu-tail.ts';
import { factorGilbertPeierls } from './sparse-lu-factor.ts';
import { RealLuRefactor, structureBytes, type LuStructure } from './sparse-lu-refactor.ts';
import { cscPattern, type CscPattern } from './csc-pattern.ts';
import { attempt, LinalgError } from './errors.ts';
import { refineSolutionReal, residualExtendedReal, type RealCsr } from './refine.ts';
import { componentwiseEstimate, inverseNormEstimate, normInfCsr, perturbationCsr, type Conditioning } from './condition.ts';

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
  /** The fill-reducing ordering and the step where the dense tail starts (pattern only, computed once). */
  private ordering: Ordering | null = null;
  /** This pattern's entry in PATTERN_FACTS (looked up once: the lookup hashes and compares the pattern). */
  private facts: PatternFacts | null = null;
  private readonly orderingChoice: 'auto' | SparseOrdering;
  private lu: RealLuRefactor | null = null;
  private csc: CscPattern | null = null;
  readonly work: { rhs: Float64Array; r: Float64Array; d: Float64Array; z: Float64Array; g: Float64Array; e: Float64Array; b: Float64Array; x: Float64Array };
  /** Real solves with the current sparse factorisation. */
  readonly realSolver: { solve(b: Float64Array, out: Float64Array): Float64Array };

  /**
   * `ordering`: the fill-reducing ordering of the LU ('auto': chooseOrdering below; or one of sparse-lu.ts's,
   * e.g. 'natural' for a pattern whose own numbering is already banded, which saves the ordering's cost).
   */
  constructor(size: number, terms: readonly CsrMatrix[], extraRows: number[], extraCols: number[], ordering: 'auto' | SparseOrdering = 'auto') {
    this.orderingChoice = ordering;
    this.coefficients = new Float64Array(terms.length + 1);
    // One term that already holds every extra position (a one-off system whose pinned diagonals are
    // non-zero): its own pattern, no union with an extras matrix.
    const alone = terms.length === 1 ? new PatternSum(terms, size, size) : null;
    const found = alone ? extraSlots(alone, extraRows, extraCols) : null;
    if (alone && found) {
      this.sum = alone;
      this.extra = found;
    } else {
      const extras = CsrMatrix.fromTriplets(size, size, extraRows, extraCols, extraRows.map(() => 1), extraRows.map(() => 0));
      this.sum = new PatternSum([...terms, extras], size, size);
      this.extra = Int32Array.from(extraRows, (r, k) => this.sum.slotOf(r, extraCols[k]));
    }
    const pat = this.sum.pattern;
    this.real = { rows: size, rowPtr: pat.rowPtr, colIdx: pat.colIdx, values: new Float64Array(pat.nnz) };
    this.raw = new Float64Array(pat.nnz);
    this.rowScale = new Float64Array(size);
    this.colScale = new Float64Array(size);
    const v = () => new Float64Array(size);
    this.work = { rhs: v(), r: v(), d: v(), z: v(), g: v(), e: v(), b: v(), x: v() };
    this.realSolver = { solve: (r, out) => this.lu!.solveReal(r, out) };
  }

  /** raw ← Σ_t θ_t M_t (extras 0 unless a term holds them). */
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
    const facts = this.lu === null && this.orderingChoice === 'auto' ? this.patternFacts() : null;
    if (facts?.lu && facts.luMisses <= LU_MISSES + facts.luHits) {
      // A structure kept from an earlier system of this pattern: refactorised in buffers of this system's
      // own when its pivots still pass, which gives the factors a fresh factorisation would (module comment
      // of sparse-lu-refactor.ts). Patterns whose pivots keep changing stop being tried.
      const lu = new RealLuRefactor(this.real.rowPtr, this.real.colIdx, facts.lu);
      if (lu.refactor(v, PIVOT_THRESHOLD, singularTolerance)) { facts.luHits++; return (this.lu = lu); }
      facts.luMisses++;
    }
    const n = this.real.rows;
    const ordering = (this.ordering ??= this.orderingFromPattern());
    const csc = (this.csc ??= cscPattern(this.real.rowPtr, this.real.colIdx, n));
    const z = new Float64Array(v.length); // the kernel's real mode: one value per entry, in column order
    for (let t = 0; t < v.length; t++) z[t] = v[csc.src[t]];
    const { q, denseFrom, capacity, supernodes } = ordering;
    const factors = factorGilbertPeierls({ rows: n, rowPtr: csc.colPtr, colIdx: csc.rowIdx, values: z, nnz: v.length }, q,
      { pivotThreshold: PIVOT_THRESHOLD, singularTolerance, recordCandidates: true, denseFrom, capacity, real: true, supernodes });
    this.lu = null;
    const lu = new RealLuRefactor(this.real.rowPtr, this.real.colIdx, factors, csc);
    lu.completeTail(v, singularTolerance);
    if (this.orderingChoice === 'auto') keepStructure(this.patternFacts(), lu.structure());
    return (this.lu = lu);
  }

  /**
   * The LU's ordering, dense-tail start and capacity, from the pattern (computed once per system; an 'auto'
   * choice also kept for the pattern in PATTERN_FACTS, so a later system of the same pattern reuses it).
   */
  private orderingFromPattern(): NonNullable<SystemPattern['ordering']> {
    const { rowPtr, colIdx, rows: n } = this.real;
    if (this.orderingChoice !== 'auto') return orderingOf(estimateFill(this.complex(), this.orderingChoice), n);
    const facts = this.patternFacts();
    return orderingOf((facts.choice ??= chooseOrdering(rowPtr, colIdx, n)), n);
  }

  private patternFacts(): PatternFacts {
    return (this.facts ??= PATTERN_FACTS.entry(this.real.rows, this.real.rowPtr, this.real.colIdx));
  }

  /**
   * True when the LU of this pattern is fill-heavy: a dense pattern, or one that no banded order (its own
   * numbering or RCM) keeps within the banded bound 4·nnz + n (sparse-lu.ts bandedOrdering), so its cost
   * grows faster than the pattern's size. The ordering found here is the one the factorisation then uses
   * (chooseOrdering would pick the same banded order); an 'auto' pattern found fill-heavy leaves its
   * ordering (AMD's work) to the factorisation.
   */
  fillHeavy(): boolean {
    const { rowPtr, colIdx, rows: n } = this.real;
    if (!this.ordering && this.orderingChoice === 'auto' && rowPtr[n] < DENSE_PATTERN * n * n) {
      const facts = this.patternFacts();
      if (facts.banded === undefined) facts.banded = bandedOrdering(n, rowPtr, colIdx);
      const band = facts.banded;
      if (!band) return true;
      this.ordering = orderingOf((facts.choice ??= band), n); // chooseOrdering's first choice: the same estimate
    }
    const ordering = (this.ordering ??= this.orderingFromPattern());
    return ordering.nnzLU > bandedFillBound(n, rowPtr[n]);
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

/** Slots of the positions (rows[k], cols[k]) in the pattern, or null when one of them is missing. */
function extraSlots(sum: PatternSum, rows: readonly number[], cols: readonly number[]): Int32Array | null {
  const rp = sum.pattern.rowPtr, ci = sum.pattern.colIdx, out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    let lo = rp[rows[k]], hi = rp[rows[k] + 1] - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, c = ci[mid];
      if (c === cols[k]) { at = mid; break; }
      if (c < cols[k]) lo = mid + 1; else hi = mid - 1;
    }
    if (at < 0) return null;
    out[k] = at;
  }
  return out;
}

/** The same entries in a larger (size × size) matrix. */
export function resized(a: CsrMatrix, size: number): CsrMatrix {
  const rowPtr = new Int32Array(size + 1);
  rowPtr.set(a.rowPtr);
  for (let i = a.rows + 1; i <= size; i++) rowPtr[i] = a.rowPtr[a.rows];
  return new CsrMatrix(size, size, rowPtr, a.colIdx, a.values);
}

/** The factorisation's ordering, dense-tail start, capacity (predicted nnz of L(:, 0 … k0−1), as much again for U) and supernode choice. */
interface Ordering { q: Int32Array; denseFrom: number; capacity: number; nnzLU: number; supernodes: boolean }

/**
 * Sparse steps predicted to cost at least this many multiply–adds are factorised with supernodes
 * (supernodes.ts). Below it their bookkeeping costs more than it saves while V8 is still compiling: local
 * n = 40 (0.5 M in the sparse steps) took 163 against 143 ms in its first call with them, and saved 0.5 ms
 * per refactorisation once compiled; local n = 80 (6 M) saves 5 ms per refactorisation, n = 120 19 ms.
 */
const SUPERNODE_WORK = 2e6;

function orderingOf(est: FillEstimate, n: number): Ordering {
  const denseFrom = chooseDenseFrom(est.colCount);
  let capacity = n + 1, work = 0;
  for (let k = 0; k < denseFrom; k++) { capacity += est.colCount[k]; work += (est.colCount[k] - 1) ** 2; }
  return { q: est.ordering, denseFrom, capacity, nnzLU: est.nnzLU, supernodes: work >= SUPERNODE_WORK };
}

/**
 * Fill-reducing ordering from the pattern, with the Cholesky column counts that place the dense tail
 * (sparse-lu-tail.ts). A pattern with at least DENSE_PATTERN·n² entries fills in completely under any
 * ordering: natural order, counts n − k (one dense factorisation, no symbolic work). Otherwise the
 * candidate with the smallest predicted fill (orderingBySmallestFill: RCM or AMD, or nested dissection
 * where that lowers the modelled cost of a fill-heavy factorisation).
 */
function chooseOrdering(rowPtr: Int32Array, colIdx: Int32Array, n: number): FillEstimate {
  if (rowPtr[n] >= DENSE_PATTERN * n * n) {
    const colCount = Int32Array.from({ length: n }, (_, k) => n - k);
    return { ordering: Int32Array.from({ length: n }, (_, k) => k), nnzLU: n * n, mulAdds: n * (n - 1) * (2 * n - 1) / 6, colCount };
  }
  return orderingBySmallestFill(n, rowPtr, colIdx);
}

/** Fraction of n² entries from which a pattern is factored as dense. */
const DENSE_PATTERN = 0.25;

/** What 'auto' systems learnt of a pattern: its banded ordering (or null: none), and chooseOrdering's result. */
interface PatternFacts {
  banded?: FillEstimate | null;
  choice?: FillEstimate;
  /** The kept LU structure (keepStructure), and how often a later system's refactorisation with it passed or failed. */
  lu?: LuStructure | undefined;
  luHits: number;
  luMisses: number;
}

/**
 * The facts of recently factorised patterns (pattern-cache.ts): a pattern solved again (the same model, or
 * a loop of one-off solves over a parameter) skips the ordering's graph work. At most 32 patterns, 64 MB of
 * pattern copies, per thread (one solve of six emitters ⊗ Fock(4) factorises 9 distinct patterns — its
 * symmetry eigenspaces — each call: with 8 entries, least-recently-used, every call missed them all); the
 * estimates are never modified after they are computed (the kept LU structure and its counts are, below).
 */
const PATTERN_FACTS = new PatternCache<PatternFacts>(32, 64 * 2 ** 20, () => ({ luHits: 0, luMisses: 0 }));

/**
 * LU structures are kept for the last LU_STRUCTURES patterns factorised afresh, each at most
 * LU_STRUCTURE_BYTES and together at most LU_STRUCTURES_TOTAL of index arrays: a pattern solved again (the
 * same model, or a loop of one-off solves over a parameter) is then refactorised numerically, as a sweep's
 * points are, instead of factorised with the symbolic reach of every column.
 */
const LU_STRUCTURES = 16, LU_STRUCTURE_BYTES = 32 * 2 ** 20, LU_STRUCTURES_TOTAL = 64 * 2 ** 20;
/** Failed refactorisations with a kept structure allowed beyond the passed ones (each costs up to a numeric factorisation). */
const LU_MISSES = 2;
const STRUCTURES_KEPT: PatternFacts[] = [];

function keepStructure(facts: PatternFacts, s: LuStructure): void {
  const at = STRUCTURES_KEPT.indexOf(facts);
  if (at >= 0) STRUCTURES_KEPT.splice(at, 1);
  if (structureBytes(s) > LU_STRUCTURE_BYTES) { facts.lu = undefined; return; }
  facts.lu = s;
  STRUCTURES_KEPT.push(facts);
  let bytes = 0;
  for (const f of STRUCTURES_KEPT) bytes += structureBytes(f.lu!);
  while (STRUCTURES_KEPT.length > LU_STRUCTURES || bytes > LU_STRUCTURES_TOTAL) {
    const oldest = STRUCTURES_KEPT.shift()!;
    bytes -= structureBytes(oldest.lu!);
    oldest.lu = undefined;
  }
}

/** Forgets the kept pattern facts (their memory; the next system of each pattern computes its ordering again). */
export function forgetPatternFacts(): void {
  PATTERN_FACTS.clear();
  for (const f of STRUCTURES_KEPT) f.lu = undefined;
  STRUCTURES_KEPT.length = 0;
}
