/**
 * The Liouvillian (spectral) gap: the slowest non-zero relaxation rate
 *
 *     gap = −max { Re λ : λ ∈ spec(L), λ ≠ 0 },    relaxation time τ = 1/gap,
 *
 * in the model's rate units (τ in the inverse units). Every λ has Re λ ≤ 0; a stationary state is an
 * eigenvalue 0. The unknowns are first split into the strongly connected components of L's non-zero
 * pattern (a permutation making L block upper triangular, so the spectrum is the union of the diagonal
 * blocks' spectra; e.g. the excitation-number sectors of the cavity model, or single entries). Each block
 * gets dense eigenvalues (balancing + Hessenberg QR, exact up to round-off) when small, or shift-invert
 * Arnoldi with a sparse LU when large: eigenvalues nearest σ = δ + i·(mean Im of the block's diagonal),
 * δ > 0 small, which are the slowest modes of that block unless a slow mode sits far up the imaginary axis
 * (then `certified` is false: the Arnoldi result is the best of the eigenvalues it found).
 *
 * Zero or slow? |λ| ≤ zeroTolerance·‖L‖_∞ counts as stationary. A computed eigenvalue that is 0 in exact
 * arithmetic comes out at the round-off level, below `resolution` = 10·ε·(‖L‖_∞ + m·‖B‖_∞) for a block B of m
 * unknowns (the ‖L‖ term for the rounding of L's entries, the m·‖B‖ term for the dense eigensolver's backward
 * error; measured ≤ 2.5·ε·‖L‖ on random models up to 400-unknown blocks). An eigenvalue between the two
 * thresholds is a slow mode that the tolerance would count as stationary (or, if the tolerance is below the
 * round-off level, possibly a zero counted as a mode): it is counted in `unresolved` and the result is not
 * certified, since the stationary count and the gap may then both be wrong (a rate 1e-9 next to rates 1e2
 * was counted as a stationary state, and the gap reported as the next rate, 50, with `certified: true`).
 * A mode slower than `resolution` cannot be told from a stationary state in double precision; it is counted
 * as stationary, and the result says where that limit lies.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { eigvals } from '../linalg/eig.ts';
import { arnoldiLargest } from '../linalg/arnoldi.ts';
import { sparseLu } from '../linalg/sparse-lu.ts';
import { principalSubmatrix, reachableSet, stronglyConnectedComponents } from '../linalg/pattern.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkKeys, checkOptions, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { isEmittersInCavity, type EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { emittersLiouvillian } from './dicke-evolve.ts';
import { liouvillian, vectorize } from '../liouvillian/liouvillian.ts';
import { checkModel } from '../model/check-model.ts';
import { checkMemory } from '../io/memory-budget.ts';

/** How each diagonal block's eigenvalues are found. */
export type GapMethod =
  | { kind: 'auto'; denseLimit?: number }
  | { kind: 'dense' }
  | { kind: 'arnoldi'; eigenvalues?: number; krylovDim?: number; tol?: number };

export interface GapOptions {
  method?: GapMethod;
  /**
   * Only the modes an initial state can excite: L restricted to the unknowns reachable from the support of
   * vec ρ0 (as in evolve). E.g. from the cavity model's ground state only the equal-excitation sector.
   */
  from?: DenseMatrix;
  /**
   * |λ| ≤ zeroTolerance·‖L‖_∞ counts as a stationary eigenvalue (default 1e-10). An eigenvalue counted so that is
   * above the round-off level of 0 is a slow mode: it makes the result `unresolved` (not certified).
   */
  zeroTolerance?: number;
}

export interface GapResult {
  /** −max Re λ over λ ≠ 0, clipped at 0; 0 also when L has no non-zero eigenvalue. */
  gap: number;
  /** 1/gap (Infinity for gap = 0). */
  relaxationTime: number;
  /** An eigenvalue attaining the gap, [re, im], or null. */
  slowest: [number, number] | null;
  /** Number of eigenvalues counted as zero among those computed (1 for a unique steady state). */
  stationary: number;
  /**
   * Eigenvalues that cannot be classified: above the round-off level of a zero eigenvalue (`resolution`)
   * yet within the zero tolerance, so counted in `stationary` though they are slow modes (decay rate
   * ≤ zeroTolerance·‖L‖); or, for a tolerance below the round-off level, counted as modes though they may be
   * zero. When non-zero the result is not certified: the true number of stationary states may be as low as
   * stationary − unresolved and the true gap as small as the slowest of these (≤ zeroTolerance·‖L‖).
   */
  unresolved: number;
  /**
   * Round-off level of the eigenvalues, 10·ε·(‖L‖_∞ + m·‖B‖_∞) for the largest such over blocks B of m unknowns:
   * a mode with |λ| below it cannot be told from a stationary state and is counted as one.
   */
  resolution: number;
  /** Diagonal blocks (strongly connected components) and the size of the largest. */
  blocks: number;
  largestBlock: number;
  /** Blocks done densely / by Arnoldi. */
  denseBlocks: number;
  arnoldiBlocks: number;
  /**
   * True when every block was done densely (the whole spectrum was computed) and no eigenvalue is
   * unresolved (each is either at the round-off level of 0 or beyond the zero tolerance).
   */
  certified: boolean;
}

const EPS = 2 ** -52;

/** Blocks up to this many unknowns get dense eigenvalues under 'auto' (≈ 1 s at 400). */
const DENSE_LIMIT = 400;

/**
 * A dense eigenvalue problem of an m×m block needs at least 32·m² bytes (the complex matrix and its Schur
 * form): checked against the memory budget (io/limits.ts) before allocating. A forced dense method (or a
 * large denseLimit / maxBlock) on a block of 40,000 unknowns asked for 25 GB and crashed.
 */
function checkDenseBlock(m: number, field: string): void {
  checkMemory(32 * m * m, `the dense eigenvalue problem of a block of ${m} unknowns`, field);
}

/** Eigenvalues of a block, dense or by shift-invert Arnoldi; `all` says whether the whole block spectrum is returned. */
function blockEigenvalues(a: CsrMatrix, method: GapMethod): { re: Float64Array; im: Float64Array; all: boolean } {
  const m = a.rows;
  const dense = method.kind === 'dense' || (method.kind === 'auto' && m <= (method.denseLimit ?? DENSE_LIMIT));
  if (dense || m <= 2) {
    checkDenseBlock(m, 'method');
    return { ...eigvals(a.toDense()), all: true };
  }
  const opts: { eigenvalues?: number; krylovDim?: number; tol?: number } = method.kind === 'arnoldi' ? method : {};
  // Shift σ = δ + iμ: δ > 0 keeps A − σI non-singular (Re λ ≤ 0); μ centres the block's oscillation frequency.
  let mu = 0;
  for (let i = 0; i < m; i++) mu += a.get(i, i)[1];
  mu /= m;
  const delta = 1e-4 * Math.max(a.normInf(), 1e-300);
  const shifted = a.add(CsrMatrix.identity(m), -delta, -mu);
  const lu = sparseLu(shifted);
  const count = Math.min(m - 1, opts.eigenvalues ?? 12);
  const r = arnoldiLargest((x) => lu.solve(x), m, { count, maxDim: opts.krylovDim, tol: opts.tol });
  const re = new Float64Array(count), im = new Float64Array(count);
  for (let k = 0; k < count; k++) { // λ = σ + 1/θ
    const t2 = r.re[k] ** 2 + r.im[k] ** 2;
    re[k] = delta + r.re[k] / t2;
    im[k] = mu - r.im[k] / t2;
  }
  return { re, im, all: false };
}

function checkMethod(method: GapMethod): void {
  check(typeof method === 'object' && method !== null && ['auto', 'dense', 'arnoldi'].includes(method.kind), 'method.kind',
    `expected "auto", "dense" or "arnoldi", got ${JSON.stringify((method as { kind?: unknown })?.kind)}`);
  // a misspelt key was ignored, a string tolerance or limit compared as a number
  checkKeys(method, method.kind === 'arnoldi' ? ['kind', 'eigenvalues', 'krylovDim', 'tol'] : method.kind === 'auto' ? ['kind', 'denseLimit'] : ['kind'], 'method');
  if (method.kind === 'arnoldi') {
    if (method.eigenvalues !== undefined) check(Number.isInteger(method.eigenvalues) && method.eigenvalues >= 1, 'method.eigenvalues', 'expected a positive integer');
    if (method.krylovDim !== undefined) check(Number.isInteger(method.krylovDim) && method.krylovDim >= 2, 'method.krylovDim', 'expected an integer ≥ 2');
    if (method.tol !== undefined) check(typeof method.tol === 'number' && method.tol > 0 && method.tol < 1, 'method.tol', 'expected a number in (0, 1)');
  }
  if (method.kind === 'auto' && method.denseLimit !== undefined) check(Number.isInteger(method.denseLimit) && method.denseLimit >= 0, 'method.denseLimit', 'expected an integer ≥ 0');
}

/** The gap of a sparse Liouvillian matrix (see the module comment). */
export function gapOfMatrix(l: CsrMatrix, options: GapOptions = {}): GapResult {
  const method = options.method === undefined ? { kind: 'auto' as const } : options.method; // null ran as the default
  checkMethod(method);
  const zt = options.zeroTolerance ?? 1e-10;
  check(typeof zt === 'number' && zt > 0 && zt < 1, 'zeroTolerance', `expected a number in (0, 1), got ${zt}`);
  const norm = l.normInf();
  const zero = zt * Math.max(norm, 1e-300);
  const comps = stronglyConnectedComponents(l);
  let best = -Infinity, slowest: [number, number] | null = null, stationary = 0, unresolved = 0, resolution = 0;
  let denseBlocks = 0, arnoldiBlocks = 0;
  for (const c of comps) {
    const b = c.length === l.rows ? l : principalSubmatrix(l, c);
    const ev = blockEigenvalues(b, method);
    if (ev.all) denseBlocks++; else arnoldiBlocks++;
    const roundoff = 10 * EPS * (norm + c.length * b.normInf());
    resolution = Math.max(resolution, roundoff);
    for (let k = 0; k < ev.re.length; k++) {
      const abs = Math.hypot(ev.re[k], ev.im[k]);
      if (abs > roundoff !== abs > zero) unresolved++; // between the round-off level and the zero tolerance
      if (abs <= zero) { stationary++; continue; }
      if (ev.re[k] > best) { best = ev.re[k]; slowest = [ev.re[k], ev.im[k]]; }
    }
  }
  const gap = slowest === null ? 0 : Math.max(0, -best);
  return {
    gap, relaxationTime: gap > 0 ? 1 / gap : Infinity, slowest, stationary, unresolved, resolution,
    blocks: comps.length, largestBlock: Math.max(...comps.map((c) => c.length)),
    denseBlocks, arnoldiBlocks, certified: arnoldiBlocks === 0 && unresolved === 0,
  };
}

/** Liouvillian gap and relaxation time of a model (finite rates only), optionally of the sector of `from`. */
export function liouvillianGap(model: LindbladModel | EmittersInCavityModel, options: GapOptions = {}): GapResult {
  checkModel(model, ['lindblad', 'emitters']);
  checkOptions(options, ['method', 'from', 'zeroTolerance'], 'options');
  if (isEmittersInCavity(model)) { // the reduced L̄ on its zero-charge sector (dicke-evolve.ts)
    if (options.from !== undefined) throw new LindbladError('unsupported', 'the emitters-in-cavity gap is always that of the permutation-invariant zero-charge sector; omit from', 'from');
    return gapOfMatrix(emittersLiouvillian(model).matrix, options);
  }
  const l = liouvillian(model);
  if (options.from === undefined) return gapOfMatrix(l, options);
  const n = model.space.dim, rho = options.from;
  if (!(rho instanceof DenseMatrix) || rho.rows !== n || rho.cols !== n) {
    throw new LindbladError('dimension-mismatch', `expected a ${n}×${n} density matrix`, 'from');
  }
  const v = vectorize(rho), support: number[] = [];
  for (let k = 0; k < n * n; k++) if (v[2 * k] !== 0 || v[2 * k + 1] !== 0) support.push(k);
  check(support.length > 0, 'from', 'expected a non-zero matrix');
  return gapOfMatrix(principalSubmatrix(l, reachableSet(l, support)), options);
}

/** All eigenvalues of L (dense, block by block), as [re, im] pairs sorted by decreasing real part. */
export function liouvillianSpectrum(model: LindbladModel, maxBlock = 2000): Array<[number, number]> {
  checkModel(model);
  check(Number.isInteger(maxBlock) && maxBlock >= 1, 'maxBlock', `expected a positive integer, got ${describe(maxBlock)}`);
  const l = liouvillian(model);
  const out: Array<[number, number]> = [];
  for (const c of stronglyConnectedComponents(l)) {
    if (c.length > maxBlock) throw new LindbladError('unsupported', `a diagonal block of L has ${c.length} unknowns (dense limit ${maxBlock}); use liouvillianGap`, 'model');
    checkDenseBlock(c.length, 'maxBlock');
    const ev = eigvals(principalSubmatrix(l, c).toDense());
    for (let k = 0; k < ev.re.length; k++) out.push([ev.re[k], ev.im[k]]);
  }
  return out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
}
