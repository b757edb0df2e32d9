/**
 * Stationary emission (power) spectra from the resolvent of the Liouvillian, never from a Fourier transform
 * of a time series. Convention — QuTiP's `spectrum(H, ω, c_ops, A†, A)`, sign of ω included:
 *
 *     S(ω) = ∫_{−∞}^{∞} e^{−iωτ} ⟨A†(τ) A(0)⟩_ss dτ = 2 Re ∫₀^∞ e^{−iωτ} ⟨A†(τ) A(0)⟩_ss dτ
 *          = 2π |⟨A⟩|² δ(ω) + S_inc(ω),
 *
 * so for A = a a mode at frequency +ω_c above the model's frame (a(τ) ∝ e^{−iω_cτ}) shows at ω = +ω_c.
 * (The expression 2 Re ∫₀^∞ e^{+iωτ}⟨A†(τ)A(0)⟩ dτ of issue 15 is S(−ω) in this convention.) The coherent
 * part, a δ-peak of weight |⟨A⟩|² at ω = 0 (in the model's frame), is returned separately as
 * `coherentWeight`; `spectrum` is the incoherent part, from the covariance:
 *
 *     S_inc(ω) = −2 Re Tr[A† (L − iω)⁻¹ X],   X = Aρ_ss − ⟨A⟩ρ_ss  (Tr X = 0),
 *
 * since ∫₀^∞ e^{−iωτ} e^{Lτ} X dτ = −(L − iω)⁻¹X on traceless X. Sum rule: ∫ S_inc dω/2π = ⟨A†A⟩ − |⟨A⟩|².
 *
 * Work: ρ_ss is the certified steady state (steady/); X lives in the symmetry sectors its support touches
 * (symmetry/: for a U(1)-symmetric model and A = a, the charge −1 sector, where L is invertible), so each
 * frequency is one sparse solve of that sector's size. When the sector holds the diagonal (A with a
 * charge-0 part, or no symmetry), L is singular there and the solve uses the trace-bordered system
 * [[L − iω, s·t], [s·tᵀ, 0]] (linalg/bordered.ts), whose solution for a traceless X is exact (the border
 * multiplier vanishes) and which stays invertible at ω = 0. One ordering and symbolic factorisation serve
 * all frequencies (linalg/shifted-lu.ts: numeric refactorisation only, fresh factorisation only when a
 * recorded pivot fails the threshold test); every solve is refined once (unless already backward stable to
 * rounding) and its relative residual checked.
 * Units: ω in the model's energy units (ħ = 1); S in units of ⟨A†A⟩ per unit ω (times 2π: ∫S dω/2π = ⟨A†A⟩).
 */
import { borderedSystem } from '../linalg/bordered.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import { ResolventWork, resolventError, spectrumStatus, stateErrorOfX, type ResolventBoundData } from './spectrum-error.ts';
import { ShiftedLu } from '../linalg/shifted-lu.ts';
import { isBreakdown } from '../linalg/errors.ts';
import { LindbladError, check, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { Sector } from '../symmetry/symmetry.ts';
import { combine, complexTermMatrix } from '../symmetry/sector-system.ts';
import { prepareSteadyState } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import { checkModel } from '../model/check-model.ts';

/** A solve whose refined relative residual exceeds this is refused (LindbladError 'not-converged'). */
export const SPECTRUM_RESIDUAL_LIMIT = 1e-8;

export interface SpectrumResult {
  omegas: number[];
  /** The incoherent part S_inc(ω) at each ω. */
  spectrum: number[];
  /**
   * First-order error bound δS(ω) of each value (units of S; spectrum-error.ts): the rounding of L's
   * entries and of the solve, and ρ_ss's estimated error, through the resolvent's adjoint.
   */
  errors: number[];
  /**
   * 'accurate': every δS(ω) ≤ 1e-6·max(|S(ω)|, 1e-6·max|S|); 'ill-conditioned' otherwise (a metastable model
   * at ω ≈ 0, the flanks of a line narrower than rounding resolves); 'not estimated' when ρ_ss's error is
   * not (an iterative steady state without conditioning estimate: its share is left out of the bounds).
   */
  status: 'accurate' | 'ill-conditioned' | 'not estimated';
  /** ⟨A⟩ in the steady state, [re, im]. */
  mean: [number, number];
  /** |⟨A⟩|²: the weight of the coherent part 2π|⟨A⟩|²δ(ω). */
  coherentWeight: number;
  /** ⟨A†A⟩ = |⟨A⟩|² + ∫ S_inc dω/2π. */
  total: number;
  certificate: Certificate;
  stats: {
    /** Unknowns of the sector solved per frequency, and the full n². */
    unknowns: number;
    fullUnknowns: number;
    /** True when the sector holds the diagonal and the trace-bordered system was solved. */
    bordered: boolean;
    factorizations: number;
    refactorizations: number;
    /** Largest relative residual ‖b − Mx‖∞/(‖M‖∞‖x‖∞ + ‖b‖∞) over the frequencies (after one refinement). */
    maxRelativeResidual: number;
    elapsedMs: number;
  };
}

function checkOmegas(omegas: unknown): number[] {
  check(Array.isArray(omegas) || ArrayBuffer.isView(omegas), 'omegas', `expected an array of frequencies, got ${describe(omegas)}`);
  const ws = Array.from(omegas as ArrayLike<number>);
  check(ws.length > 0, 'omegas', 'expected at least one frequency');
  ws.forEach((w, k) => check(typeof w === 'number' && Number.isFinite(w), `omegas[${k}]`, `expected a finite number, got ${describe(w)}`));
  return ws;
}

/**
 * max(‖L‖₁, ‖L‖_∞) of the sector matrix, a bound on ‖L‖₂. Beyond |ω| ≥ ‖L‖₂/ε (ε = 2⁻⁵²) L − iω is −iω to
 * double precision — the bordered solve then broke down (from ω ≈ 1e160 at the cavity model, reported as "an
 * undamped mode") or returned rounding noise of either sign — and S_inc(ω) is 0 to double precision: with
 * (L − iω)⁻¹ = −(iω)⁻¹ Σ_k (L/(iω))^k the k = 0 term gives 2 Im Tr[A†X]/ω = 0 (Tr[A†X] = ⟨A†A⟩ − |⟨A⟩|² is
 * real), so |S_inc(ω)| ≤ 2‖A‖_F‖X‖_F‖L‖₂/(|ω|(|ω| − ‖L‖₂)) ≤ 2.1 ε²‖A‖_F‖X‖_F/‖L‖₂ there: far below the
 * rounding of the solves at the model's own frequencies.
 */
function sectorNorm(l: CsrMatrix): number {
  return Math.max(l.normInf(), l.transpose().normInf());
}

/**
 * The stationary spectrum S(ω) = ∫ e^{−iωτ}⟨A†(τ)A(0)⟩_ss dτ = 2π|⟨A⟩|²δ(ω) + S_inc(ω), QuTiP's convention
 * (module comment): the incoherent part S_inc(ω) = −2 Re Tr[A†(L − iω)⁻¹(Aρ_ss − ⟨A⟩ρ_ss)] at each ω of
 * `omegas`, and the coherent weight |⟨A⟩|² of the δ-peak at ω = 0, separately. Units: ω in the model's
 * energy units (ħ = 1); S in units of ⟨A†A⟩ per unit ω (∫ S dω/2π = ⟨A†A⟩). Field names in errors: `a`,
 * `omegas[k]`, `model`.
 */
export function emissionSpectrum(model: LindbladModel, a: Operator, omegas: number[]): SpectrumResult {
  const start = performance.now();
  checkModel(model);
  if (!(a instanceof Operator)) throw new LindbladError('invalid-input', `expected an Operator, got ${describe(a)}`, 'a');
  if (!a.space.equals(model.space)) throw new LindbladError('dimension-mismatch', "operator acts on a different space than the model's", 'a');
  check(a.matrix.isFinite(), 'a', 'has a NaN or infinite entry');
  const ws = checkOmegas(omegas);
  if (model.hasInfiniteRates()) throw new LindbladError('unsupported', 'a channel has an infinite rate; spectra need the finite-rate Liouvillian', 'model');
  const prepared = prepareSteadyState(model, {}, 'active');
  const ss = prepared.solve(), plan = prepared.plan, rho = ss.rho, n = model.space.dim;
  const A = a.toDense(), arho = A.mul(rho), [mr, mi] = arho.trace();
  const x = arho.sub(rho.scale(mr, mi)); // X = Aρ − ⟨A⟩ρ
  const adagA = A.adjoint().mul(arho).trace()[0];

  // The sectors that X touches; L is block diagonal over them.
  const an = plan.analysis, m = an.classes, roots = new Set<number>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (x.re(i, j) !== 0 || x.im(i, j) !== 0) roots.add(an.classRoot[an.stateComponent[i] * m + an.stateComponent[j]]);
  }
  const spectrum = new Array<number>(ws.length).fill(0), errors = new Array<number>(ws.length).fill(0);
  let stateErrorKnown = ss.certificate.conditioning !== undefined;
  const stats = { unknowns: 0, fullUnknowns: n * n, bordered: false, factorizations: 0, refactorizations: 0, maxRelativeResidual: 0, elapsedMs: 0 };
  if (roots.size > 0) {
    const s = new Sector(an, Array.from(roots)), size = s.size;
    const lv = plan.liouvillian;
    const termMatrices = lv.terms.map((_, t) => complexTermMatrix(lv, t, s));
    const ls = combine(size, termMatrices, plan.coefficients);
    const diag = s.diagonalIndices(), bordered = diag.length > 0;
    const system = bordered ? borderedSystem(ls, diag).matrix : ls;
    const lu = new ShiftedLu(system, Int32Array.from({ length: size }, (_, u) => u));
    const rhs = new Float64Array(2 * system.rows), sol = new Float64Array(2 * system.rows), w = new Float64Array(2 * size);
    for (let u = 0; u < size; u++) {
      const i = s.rowOf[u], j = s.colOf[u];
      rhs[2 * u] = x.re(i, j); rhs[2 * u + 1] = x.im(i, j);
      w[2 * u] = A.re(i, j); w[2 * u + 1] = -A.im(i, j); // conj(A_ij): Tr(A†Y) = Σ_ij conj(A_ij) Y_ij
    }
    const lNorm = sectorNorm(ls), farOmega = lNorm / Number.EPSILON;
    const bound = boundData(termMatrices, plan.coefficients, s, A, rho, [mr, mi], w, system.rows, ss.certificate);
    stateErrorKnown = bound.xError !== null;
    const work = new ResolventWork(system.rows);
    const far = 2.1 * Number.EPSILON ** 2 * A.normFrobenius() * x.normFrobenius() / lNorm; // sectorNorm's bound
    // For |ω| ≥ 2‖L‖ (‖L‖₂ ≤ lNorm) L − iω is invertible, and there the border only hurts: its last pivot
    // ~ n s²/|ω| fell below the singularity test (ω ≈ 1e15 on a qubit: a false "undamped mode"). The plain
    // sector system is solved instead (made on first need); its solution is the same for traceless X.
    let plain: { lu: ShiftedLu; bound: ResolventBoundData; work: ResolventWork; rhs: Float64Array; sol: Float64Array } | null = null;
    ws.forEach((omega, k) => {
      if (Math.abs(omega) >= farOmega) { errors[k] = far; return; } // S_inc(ω) = 0 to double precision (sectorNorm)
      const usePlain = bordered && Math.abs(omega) >= 2 * lNorm;
      if (usePlain) {
        plain ??= { lu: new ShiftedLu(ls), bound: { ...bound, adjointRhs: bound.adjointRhs.slice(0, 2 * size) }, work: new ResolventWork(size), rhs: rhs.slice(0, 2 * size), sol: new Float64Array(2 * size) };
      }
      const cur = usePlain ? plain! : { lu, bound, work, rhs, sol };
      let res: number;
      try {
        cur.lu.factor(0, -omega);
        res = cur.lu.solve(cur.rhs, cur.sol).relativeResidual;
      } catch (e) {
        if (!isBreakdown(e)) throw e;
        throw new LindbladError('not-converged', `L − iω is singular at ω = ${omega}: the Liouvillian has an undamped mode at this frequency (a δ-peak the resolvent cannot resolve)`, `omegas[${k}]`);
      }
      if (!(res <= SPECTRUM_RESIDUAL_LIMIT)) {
        throw new LindbladError('not-converged', `the resolvent solve at ω = ${omega} left a relative residual ${res.toExponential(2)} (limit ${SPECTRUM_RESIDUAL_LIMIT.toExponential(0)}): L − iω is too ill-conditioned there`, `omegas[${k}]`);
      }
      let tr = 0;
      for (let u = 0; u < size; u++) tr += w[2 * u] * cur.sol[2 * u] - w[2 * u + 1] * cur.sol[2 * u + 1];
      spectrum[k] = -2 * tr;
      errors[k] = resolventError(cur.lu, cur.sol, cur.bound, cur.work);
      stats.maxRelativeResidual = Math.max(stats.maxRelativeResidual, res);
    });
    Object.assign(stats, { unknowns: size, bordered, factorizations: lu.stats.factorizations, refactorizations: lu.stats.refactorizations });
  }
  stats.elapsedMs = performance.now() - start;
  return {
    omegas: ws, spectrum, errors, status: spectrumStatus(spectrum, errors, stateErrorKnown),
    mean: [mr, mi], coherentWeight: mr * mr + mi * mi, total: adagA, certificate: ss.certificate, stats,
  };
}

/** The per-spectrum data of the error bound (spectrum-error.ts): T = Σ_t |θ_t||L_t|, conj(ŵ), |ŵ|, δx, η. */
function boundData(terms: readonly CsrMatrix[], theta: ArrayLike<number>, s: Sector, A: DenseMatrix, rho: DenseMatrix,
  mean: [number, number], w: Float64Array, rows: number, cert: Certificate): ResolventBoundData {
  const size = s.size;
  const magnitude = combine(size, terms.map((m) => {
    const v = new Float64Array(m.values.length);
    for (let p = 0; 2 * p < v.length; p++) v[2 * p] = Math.hypot(m.values[2 * p], m.values[2 * p + 1]);
    return new CsrMatrix(m.rows, m.cols, m.rowPtr, m.colIdx, v);
  }), Array.from(theta, Math.abs));
  const adjointRhs = new Float64Array(2 * rows), wAbs = new Float64Array(size);
  for (let u = 0; u < size; u++) {
    adjointRhs[2 * u] = w[2 * u]; adjointRhs[2 * u + 1] = -w[2 * u + 1];
    wAbs[u] = Math.hypot(w[2 * u], w[2 * u + 1]);
  }
  const c = cert.conditioning;
  const xError = stateErrorOfX(A, rho, mean, s.rowOf, s.colOf, c ? c.errorBound : null);
  return { size, magnitude, adjointRhs, wAbs, xError, eta: Math.max(8 * Number.EPSILON, c?.perturbation ?? 0) };
}
