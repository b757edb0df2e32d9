/**
 * Steady states of the emitters-in-cavity model (model/emitters-cavity.ts) on its reduced representation:
 * the zero-charge sector of the Dicke blocks ⊗ Fock (symmetry/dicke-sector.ts). Two routes: up to
 * DIRECT_LIMIT unknowns the same real sector solver as every other model (sector-solve.ts: one population
 * pinned in an equilibrated system, sparse LU with a fill-reducing ordering reused across a sweep,
 * refinement, componentwise error estimates); beyond, GMRES with an exact block-Jacobi preconditioner over
 * the spin blocks (dicke-iterative.ts; normwise error bound), with the LU deciding where that route cannot
 * (DIRECT_FALLBACK_LIMIT). Options: method { kind: 'direct' } (any solver) forces the LU, { kind:
 * 'iterative', solver: 'gmres' } the block-Jacobi route. The
 * trace functional is the plain sum of the populations of ρ̄ (ρ̄_j = d_j ρ_j).
 *
 * Certificate, on the reduced representation, in the terms of the full 2^N(cutoff+1)-dimensional ρ:
 *  - residual ‖L vec ρ‖₂ = (Σ_j ‖(L̄ρ̄)_j‖²_F / d_j)^½ (each block stands for d_j identical copies of ρ_j =
 *    ρ̄_j/d_j), relativeResidual = residual / (‖M‖_∞ ‖ρ‖_F) with M the solved real system (its rows are
 *    those of the reduced L̄, so ‖M‖_∞ is the scale of L̄'s action);
 *  - traceError |Σ_j Tr ρ̄_j − 1|; hermiticityError 0 (ρ̄ is parametrised Hermitian);
 *  - minEigenvalue: the smallest eigenvalue of ρ, i.e. min over blocks and excitation groups of λ(ρ̄_j)/d_j
 *    (the groups are the diagonal blocks of ρ̄_j); a state below −positivityTolerance is not returned;
 *  - uniqueness: as for every sector solve (rcond of the equilibrated pinned/bordered system, 'not-unique'
 *    refused, 'ill-conditioned' above ILL_CONDITIONED). It covers the permutation-invariant states: the
 *    zero-charge sector by the solve, the other charges of m + n by the U(1) argument of symmetry/charge.ts.
 *    A stationary state that is not permutation-invariant is not excluded (say so: `uniqueness.via`).
 */
import { eigvalsh } from '../linalg/eigh.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import type { EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { dickeCoefficients } from '../liouvillian/dicke-cavity.ts';
import { dickeSystem, DickeCavityState, type DickeSystem } from '../symmetry/dicke-sector.ts';
import { RealSectorSolver, ETA } from './sector-solve.ts';
import { markTruncation } from './truncation.ts';
import { conditioningOf, ILL_CONDITIONED, positivityToleranceOf, RELATIVE_TARGET, type Certificate, type Conditioning, type MethodChoice } from './certificate.ts';
import { DickeBlockJacobi } from './dicke-iterative.ts';
import { resolveSteadyOptions, type SteadyOptions } from './options.ts';
import { checkModel } from '../model/check-model.ts';

/** A steady state of the emitters-in-cavity model: the reduced state and its certificate. */
export interface EmittersSteadyState {
  state: DickeCavityState;
  certificate: Certificate;
}

/** What uniqueness covers (certificate.uniqueness.via). */
export const DICKE_UNIQUENESS = 'permutation-invariant states (zero charge of m + n solved; other charges by the U(1) argument); states that are not permutation-invariant are not covered';

const SECTOR_LABEL = 'zero charge of m + n in the Dicke blocks ⊗ Fock';

/**
 * Sector size (real unknowns) up to which the default solves the whole sector by sparse LU (certified with
 * componentwise error estimates); above it the block-Jacobi GMRES of dicke-iterative.ts (measured at
 * cutoff 8, CPU time on a busy machine: N = 12, 2,549 unknowns: LU 3.2 s, block-Jacobi 0.9 s; N = 20, 7,421
 * unknowns: LU ≈ 30 s, block-Jacobi 1.8 s).
 */
export const DIRECT_LIMIT = 1500;

/**
 * Sector size (real unknowns) up to which the direct route answers when the block-Jacobi route cannot:
 *  - its not-unique verdict, from min |λ| / ‖P‖ of the unequilibrated system, is decided again (with rates
 *    spanning many decades a unique state looks singular there: N = 3, cutoff 4, κ = 1e7, γ = 1e-7,
 *    p = 1e-8 gave 1.7e-15 ≤ 1e-14, while the equilibrated direct solve is certified);
 *  - with the default method, a GMRES that stalls (rates over 14 decades, N = 16, cutoff 6: relative
 *    residual 4e-9 after 3,000 iterations) is replaced by the LU. A requested 'iterative' method reports
 *    the stall instead.
 * The sparse LU took 0.6 s at N = 16, cutoff 6 (3,053 unknowns), 1.4 s at N = 20, cutoff 8 (7,421), on
 * the parameters where GMRES stalled; ≈ 30 s for the fill-heavy N = 20 of DIRECT_LIMIT's note.
 */
export const DIRECT_FALLBACK_LIMIT = 8000;

/**
 * Prepared steady-state solves for the family of one N and cutoff: the sector, its per-term real matrices
 * and the solver (pattern, ordering, pivots) are built once; `solve(θ)` takes the coefficients of
 * liouvillian/dicke-cavity.ts (dickeCoefficients) — a sweep changes only θ.
 */
export class PreparedEmittersSteady {
  readonly system: DickeSystem;
  readonly coefficients: Float64Array;
  /** 'direct': the sector solver (sparse or dense LU of the whole sector); 'block-jacobi': dicke-iterative.ts. */
  readonly route: 'direct' | 'block-jacobi';
  private solver: RealSectorSolver | null = null;
  private blockJacobi: DickeBlockJacobi | null = null;
  private readonly factorization: 'auto' | 'dense' | 'sparse';
  private readonly tol: number;
  /** What the caller asked for, reported when the direct route decides in the block-Jacobi route's place. */
  private readonly requested: MethodChoice['requested'];

  /** `select`: 'all' terms (default: a family whose rates may change from zero) or only the 'active' ones (θ_t ≠ 0; one-off solves). */
  constructor(model: EmittersInCavityModel, options: SteadyOptions = {}, select: 'all' | 'active' = 'all') {
    checkModel(model, ['emitters']);
    const o = resolveSteadyOptions(options, select), method = o.method;
    if (method.kind === 'iterative' && method.solver !== 'gmres') throw new LindbladError('unsupported', 'the emitters-in-cavity model is solved iteratively by GMRES only (solver "gmres")', 'method.solver');
    if (o.onDegenerate === 'basis') throw new LindbladError('unsupported', 'a stationary basis is not available for the emitters-in-cavity model', 'onDegenerate');
    this.coefficients = dickeCoefficients(model.params);
    this.system = dickeSystem(model.basis, select === 'all' ? undefined : Array.from(this.coefficients, (c) => c !== 0));
    this.factorization = o.solver;
    this.tol = o.degeneracyTolerance;
    // Default and solver 'auto': the whole-sector LU while it is cheap, the block-Jacobi GMRES beyond.
    // { kind: 'direct' } is always the LU (options.ts); the default and 'krylov' take block-Jacobi above DIRECT_LIMIT.
    this.route = method.kind === 'iterative' || (method.kind !== 'direct' && this.system.numbering.size > DIRECT_LIMIT) ? 'block-jacobi' : 'direct';
    this.requested = method.kind === 'iterative' || method.kind === 'krylov' ? method.kind : 'auto';
  }

  private direct(): RealSectorSolver {
    return (this.solver ??= new RealSectorSolver(this.system.realTerms, this.system.numbering, this.factorization, SECTOR_LABEL));
  }

  /** The certified steady state at θ (default: the model's). Throws 'not-unique' when the sector holds more than one. */
  solve(theta: ArrayLike<number> = this.coefficients): EmittersSteadyState {
    let instead = '';
    if (this.route === 'block-jacobi') {
      const r = this.iterative(theta);
      if (typeof r !== 'string') return r;
      if (r !== 'breakdown') instead = r;
    }
    const sys = this.system, num = sys.numbering, sol = this.direct().solve(theta, this.tol);
    if (!sol.x || !sol.errors) {
      throw new LindbladError('not-unique', `the permutation-invariant steady state is not unique, or too nearly degenerate to tell in double precision `
        + `(reciprocal condition ${sol.rcond.toExponential(2)} ≤ ${this.tol}): e.g. without local channels the spin blocks j do not exchange population; `
        + 'rates over many decades can also do this (local dephasing 1e15 times the cavity-mediated decay g²/γ_φ): the library option '
        + 'degeneracyTolerance set smaller (with solver "dense" where the sparse LU broke down, reciprocal condition 0) lets the solve answer with its error bound', 'model');
    }
    const x = Float64Array.from(sol.x), d = num.diagonal;
    let t = 0;
    for (let k = 0; k < d.length; k++) t += x[d[k]];
    if (!(Number.isFinite(t) && t !== 0)) throw new LindbladError('not-converged', `steady-state solve produced an unusable state (trace ${t})`, 'rho');
    const conditioning = conditioningOf(x, sol.errors, d, sol.rcond, sol.method, ETA);
    for (let r = 0; r < x.length; r++) x[r] /= t;
    const state = this.toState(x), certificate = this.certificate(theta, x, state, sol, conditioning);
    if (instead) certificate.method = { kind: 'direct', requested: this.requested, reason: instead };
    return { state, certificate };
  }

  /**
   * The block-Jacobi GMRES route; 'breakdown' when its preconditioner breaks down, or, in a sector of at most
   * DIRECT_FALLBACK_LIMIT unknowns, why the direct route decides instead: the system looks numerically
   * singular, or (default method) GMRES stalled.
   */
  private iterative(theta: ArrayLike<number>): EmittersSteadyState | string {
    const { numbering: num, sector } = this.system, B = sector.basis, small = num.size <= DIRECT_FALLBACK_LIMIT;
    if (!this.blockJacobi) {
      // Pin (drop the equation of) a population in the block of largest multiplicity d_j: the dropped
      // equation carries the solve's whole inconsistency (tᵀM = 0 only up to rounding), and in the full ρ
      // an entry of block j is ρ̄/d_j, so there it adds least to the residual of L vec ρ.
      let best = 0;
      for (let b = 1; b < B.blocks; b++) if (B.degeneracy[b] > B.degeneracy[best]) best = b;
      const pin = num.diagonal.find((d) => B.blockOf[num.rowOf[d]] === best)!;
      // Φ-parity of each real unknown (dicke-iterative.ts): (n_i − n_k + [imaginary part]) mod 2.
      const parity = Uint8Array.from({ length: num.size }, (_, r) => (B.photonsOf[num.rowOf[r]] - B.photonsOf[num.colOf[r]] + num.isImag[r]) & 1);
      this.blockJacobi = new DickeBlockJacobi(this.system.realTerms, num, Int32Array.from({ length: num.size }, (_, r) => B.blockOf[num.rowOf[r]]), pin, parity);
    }
    let sol;
    try {
      sol = this.blockJacobi.solve(theta, this.tol);
    } catch (e) {
      if (!(e instanceof LindbladError && e.code === 'not-converged' && small && this.requested !== 'iterative')) throw e;
      return `the block-Jacobi GMRES route did not converge (${e.message.replace(/^method: /, '').split('; use ')[0]}); the direct route decided`;
    }
    if (!sol) return 'breakdown';
    const rcond = sol.smallestEigenvalue / sol.scale;
    if (!(rcond > this.tol)) {
      if (small) return 'the block-Jacobi GMRES route found the unequilibrated system numerically singular; the direct route, which equilibrates it, decided';
      throw new LindbladError('not-unique', `the permutation-invariant steady state is not unique (min |λ| / ‖P‖ ≈ ${rcond.toExponential(2)} ≤ ${this.tol}, `
        + 'of the unequilibrated block-Jacobi system: with rates spanning many decades a unique state can look singular there; method { kind: "direct" } decides)', 'model');
    }
    const x = sol.x;
    let t = 0;
    for (const d of num.diagonal) t += x[d];
    for (let r = 0; r < x.length; r++) x[r] /= t;
    const conditioning: Conditioning = { rcond, method: 'estimate', errorBound: sol.errorBound, vouchedAbove: sol.errorBound / RELATIVE_TARGET, perturbation: ETA };
    const state = this.toState(x);
    return { state, certificate: this.certificate(theta, x, state, { rcond, smallestEigenvalue: sol.smallestEigenvalue, scale: sol.scale, solver: sol.solver }, conditioning) };
  }

  /** ρ̄ from the real unknowns (normalised). */
  private toState(x: Float64Array): DickeCavityState {
    const { sector, numbering: num } = this.system, values = new Float64Array(2 * sector.size);
    for (let u = 0; u < sector.size; u++) {
      const i = sector.rowOf[u], k = sector.colOf[u], r = num.realOf[u];
      values[2 * u] = x[r];
      if (i !== k) values[2 * u + 1] = i < k ? x[r + 1] : -x[r + 1];
    }
    return new DickeCavityState(sector, values);
  }

  private certificate(theta: ArrayLike<number>, x: Float64Array, state: DickeCavityState, sol: { rcond: number; smallestEigenvalue: number; scale: number; solver: string },
    conditioning: Conditioning): Certificate {
    const { realTerms, numbering: num, sector } = this.system, B = sector.basis, m = num.size;
    // Residual of the real system (rows: Re L̄_kk, Re/Im L̄_ik for i < k) and its ∞-norm, term by term.
    const xc = new Float64Array(2 * m), acc = new Float64Array(m), rowAbs = new Float64Array(m), y = new Float64Array(2 * m);
    for (let r = 0; r < m; r++) xc[2 * r] = x[r];
    realTerms.forEach((mt, ti) => {
      const c = theta[ti];
      if (c === 0) return;
      mt.matvec(xc, y);
      for (let r = 0; r < m; r++) acc[r] += c * y[2 * r];
      for (let r = 0; r < m; r++) for (let p = mt.rowPtr[r]; p < mt.rowPtr[r + 1]; p++) rowAbs[r] += Math.abs(c * mt.values[2 * p]);
    });
    let res2 = 0, rho2 = 0, trace = 0, scale = 0;
    for (let r = 0; r < m; r++) {
      const i = num.rowOf[r], k = num.colOf[r], w = (i === k ? 1 : 2) / B.degeneracy[B.blockOf[i]];
      res2 += w * acc[r] * acc[r];
      rho2 += w * x[r] * x[r];
      if (i === k) trace += x[r];
      scale = Math.max(scale, rowAbs[r]);
    }
    const residual = Math.sqrt(res2);
    let minEigenvalue = Infinity, largest = 1;
    sector.groupStates.forEach((states) => {
      const s = states.length, a = new DenseMatrix(s, s);
      largest = Math.max(largest, s);
      for (let p = 0; p < s; p++) for (let q = 0; q < s; q++) { const [re, im] = state.entry(states[p], states[q]); a.set(p, q, re, im); }
      const lam = s === 1 ? a.re(0, 0) : eigvalsh(a)[0];
      minEigenvalue = Math.min(minEigenvalue, lam / B.degeneracy[B.blockOf[states[0]]]);
    });
    const positivityTolerance = positivityToleranceOf(largest, conditioning.errorBound);
    if (!(minEigenvalue >= -positivityTolerance)) {
      throw new LindbladError('not-converged', `the computed steady state has an eigenvalue ${minEigenvalue.toExponential(3)} below −${positivityTolerance.toExponential(2)} `
        + `(estimated error ${conditioning.errorBound.toExponential(2)}, reciprocal condition ${conditioning.rcond.toExponential(2)}); it is not returned`, 'rho');
    }
    const cert: Certificate = {
      residual,
      relativeResidual: scale > 0 ? residual / (scale * Math.sqrt(rho2)) : residual,
      traceError: Math.abs(trace - 1),
      hermiticityError: 0,
      minEigenvalue,
      unique: true,
      status: conditioning.errorBound <= ILL_CONDITIONED ? 'unique' : 'ill-conditioned',
      uniqueness: { smallestEigenvalue: sol.smallestEigenvalue, scale: sol.scale, ratio: sol.smallestEigenvalue / sol.scale, kernelDimension: undefined, via: DICKE_UNIQUENESS, structural: false, gap: undefined },
      conditioning,
      positivityTolerance,
      solver: sol.solver,
      sector: SECTOR_LABEL,
      unknowns: m,
      method: undefined,
      truncation: undefined,
    };
    if (B.cutoff === 0) return cert; // no cavity mode kept
    return markTruncation(cert, [{ mode: 'cavity', cutoff: B.cutoff, topPopulation: Math.max(0, state.topFockPopulation()) }]);
  }
}

/** The certified steady state of the emitters-in-cavity model (module comment). */
export function emittersSteadyState(model: EmittersInCavityModel, options: SteadyOptions = {}): EmittersSteadyState {
  return new PreparedEmittersSteady(model, options, 'active').solve();
}
