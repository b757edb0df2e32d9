/**
 * Periodic steady state of a T-periodic model: the fixed point ρ* = P_T ρ* of the one-period propagator
 * P_T = 𝒯 exp ∫₀ᵀ L(t) dt, computed directly instead of by integrating for many periods.
 *
 * Route (dense, chosen for the models this engine drives: blocks up to PERIODIC_MAX_UNKNOWNS): P_T is
 * built column by column in ONE integration of the m stacked unit vectors over one period (m = unknowns
 * of the block reachable from the diagonal of ρ, the block every density matrix's dynamics lives in);
 * then ρ* solves (P_T − 1 + v wᵀ) x = v, w the trace functional, v = w (non-singular exactly when the
 * trace-1 fixed point is unique, since wᵀ(P_T − 1) = 0). Cost: m single-state periods (plus an m³
 * solve and eigenvalues), independent of the relaxation time 1/gap — integrating to the limit costs
 * ~ln(1/ε)/(gap·T) periods, so the direct route wins by far when gap·T ≪ 1/m. A Krylov solve with P_T
 * applied by integration would scale to larger m; it is not implemented here (larger blocks are refused).
 *
 * The claimed period is checked on the coefficients (c(t + T) = c(t) at 64 points; otherwise a problem).
 * Certificate: periodicity residual ‖ρ(T) − ρ(0)‖₁ from a fresh single-state integration of ρ* over one
 * period (independent of the dense solve), max |Tr ρ − 1| and min λ_min(ρ) over the samples, uniqueness
 * from the second-largest |eigenvalue| of P_T (|λ₂| < 1; 1 − |λ₂| is the contraction per period) — on the
 * diagonal block and on the unknowns outside it (periodic-outside.ts: a conserved coherence there is a
 * second periodic state the block alone cannot see) — and the
 * error bound of ρ* itself: with r = ρ(T) − ρ(0) = (P_T − 1)ρ* on the block and e the integrator's error
 * over one period (ρ*(T) at the tolerances against ρ*(T) at 1/100 of them; the residual cannot see it),
 *     max |δρ*_jk| ≤ 2‖(P_T − 1 + w wᵀ)⁻¹‖_∞ · (‖r‖_∞ + ‖e‖_∞)   (first order, ×2 for margin; ≈ 2(‖r‖ + ‖e‖)/(1 − |λ₂|)),
 * since ρ* − ρ_exact is traceless and (P_T − 1 + w wᵀ) acts on traceless operators as P_T − 1. A small
 * residual alone does not make ρ* accurate when the model relaxes slowly (|λ₂| → 1): a residual 2e-13 at
 * 1 − |λ₂| = 4e-9 leaves ρ* wrong by 5e-5. ok requires errorBound ≤ PERIODIC_ERROR_LIMIT.
 */
import { densePopulations, fockModes, largestTruncation, TRUNCATION_LIMIT, type Truncation } from '../model/fock-cutoff.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { denseLu } from '../linalg/lu.ts';
import { eigvals } from '../linalg/eig.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { LindbladError, check, checkOptions } from '../errors.ts';
import { LinalgError } from '../linalg/errors.ts';
import { LindbladModel } from '../model/model.ts';
import { drivenModel, type DrivenModel } from '../model/driven.ts';
import { checkMethod, checkOutputMemory, checkTimes, type EvolveMethod } from './input.ts';
import { BlockReader } from './block-reader.ts';
import { DrivenGenerator } from './driven-generator.ts';
import { integrateDriven, type DrivenStats } from './driven-integrate.ts';
import { resolveDrivenMethod } from './driven-evolve.ts';
import { outsideSpectralRadius } from './periodic-outside.ts';
import { checkModel } from '../model/check-model.ts';

/** Largest block (unknowns m) for the dense route: m columns, an m×m LU and eigenvalue problem. */
export const PERIODIC_MAX_UNKNOWNS = 600;
/** Default tolerances: tighter than evolve's, because the fixed point's error is err(P_T)/(1 − |λ₂|). */
export const PERIODIC_RTOL = 1e-12, PERIODIC_ATOL = 1e-14;
/** Largest certified error bound max |δρ*_jk| of the fixed point (the periodicity residual's own limit is 1e-8). */
export const PERIODIC_ERROR_LIMIT = 1e-8;

export interface PeriodicOptions {
  /** Samples of ρ(t) at t_k = kT/N, k = 0…N (default N = 100). */
  samples?: number;
  /** Integrator (default auto); missing tolerances default to PERIODIC_RTOL/ATOL; 'expm' is refused. */
  method?: EvolveMethod;
}

export interface PeriodicCertificate {
  /** ‖ρ(T) − ρ(0)‖₁ (trace norm) from a fresh integration of ρ* over one period. */
  periodicityResidual: number;
  /** max_k |Tr ρ(t_k) − 1|. */
  traceError: number;
  /** min_k λ_min(ρ(t_k)); null when n > 512. */
  minEigenvalue: number | null;
  /**
   * |λ₂| of P_T (second-largest modulus, over the diagonal block and the unknowns outside it) and the
   * relaxation time −T/ln|λ₂| it implies.
   */
  secondEigenvalue: number;
  relaxationTime: number;
  /** First-order bound on max |ρ*_jk − exact| (module comment): 2‖(P_T − 1 + wwᵀ)⁻¹‖_∞·(‖ρ(T) − ρ(0)‖_∞ + the integrator's one-period error). */
  errorBound: number;
  /** |λ₁ − 1| for the eigenvalue of P_T closest to 1 (0 up to integration error). */
  unitEigenvalueError: number;
  /** |λ₂| < 1 − 1e-10 over all of P_T; false also when the unknowns outside the diagonal block were too many to check. */
  unique: boolean;
  /**
   * Models with fock(cutoff) subsystems: each mode's largest top-level population over the samples
   * (model/fock-cutoff.ts); above TRUNCATION_LIMIT = 1e-6 it is one of the `problems`.
   */
  truncation?: Truncation[];
  /** True when every check passed (thresholds in `problems`' messages). */
  ok: boolean;
  problems: string[];
}

export interface PeriodicResult {
  period: number;
  /** Sample times kT/N, k = 0…N, and ρ(t_k) (ρ(t_N) = ρ(T) ≈ ρ(0)). */
  times: number[];
  states: DenseMatrix[];
  certificate: PeriodicCertificate;
  stats: { method: 'dopri5' | 'implicit'; unknowns: number; fullUnknowns: number; propagator: DrivenStats; elapsedMs: number };
  /** The model and a single-state integrator over the period (for cycle thermodynamics). */
  model: DrivenModel;
  /** ρ(t) at any times in [0, T] from ρ(0) = ρ* (non-decreasing). */
  trajectory(times: number[]): DenseMatrix[];
}

/**
 * The periodic steady state of a model whose coefficients have period T (the caller asserts the
 * periodicity; it is not checked beyond the certificate). Units: T in the model's inverse rate units.
 */
export function periodicSteadyState(model: DrivenModel | LindbladModel, period: number, options: PeriodicOptions = {}): PeriodicResult {
  const start = performance.now();
  checkModel(model, ['driven', 'lindblad']);
  checkOptions(options, ['samples', 'method'], 'options');
  const driven = model instanceof LindbladModel ? drivenModel(model, {}) : model;
  check(typeof period === 'number' && Number.isFinite(period) && period > 0, 'period', `expected a finite period > 0, got ${period}`);
  const samples = options.samples ?? 100;
  check(Number.isInteger(samples) && samples >= 1 && samples <= 1_000_000, 'samples', `expected an integer in [1, 1000000], got ${samples}`);
  const method = checkMethod(options.method ?? { kind: 'auto', rtol: PERIODIC_RTOL, atol: PERIODIC_ATOL });
  const n = driven.space.dim;
  try {
    checkOutputMemory(n, samples + 1, true); // samples: 1e6 of a 24-level model asked for 9 GB of states
  } catch (e) {
    if (e instanceof LindbladError && e.field === 'times') throw new LindbladError(e.code, e.message.slice('times: '.length), 'samples');
    throw e;
  }
  const gen = new DrivenGenerator(driven, Array.from({ length: n }, (_, i) => i + n * i));
  const m = gen.m;
  if (m > PERIODIC_MAX_UNKNOWNS) {
    throw new LindbladError('unsupported', `the periodic steady state is computed densely for at most ${PERIODIC_MAX_UNKNOWNS} unknowns; this model's block has ${m}`, 'model');
  }
  const bps = driven.breakpoints(0, period);
  const tight: EvolveMethod = method.kind === 'expm' || method.kind === 'krylov' ? method : { kind: method.kind, rtol: method.rtol ?? PERIODIC_RTOL, atol: method.atol ?? PERIODIC_ATOL };
  const linear = resolveDrivenMethod(tight, gen, 0, period, bps);
  // P_T column by column: the m unit vectors integrated together.
  const eye = new Float64Array(2 * m * m);
  for (let c = 0; c < m; c++) eye[2 * (c * m + c)] = 1;
  const prop = integrateDriven(gen, eye, [period], linear, bps, m);
  const pt = new DenseMatrix(m, m), cols = prop.states[0];
  for (let c = 0; c < m; c++) for (let r = 0; r < m; r++) pt.set(r, c, cols[2 * (c * m + r)], cols[2 * (c * m + r) + 1]);
  for (let q = 0; q < cols.length; q++) if (!Number.isFinite(cols[q])) throw new LindbladError('not-converged', 'the one-period propagator has non-finite entries', 'method');
  // Fixed point: (P_T − 1 + w wᵀ) x = w.
  const isDiag = Array.from(gen.block, (v) => v % n === Math.floor(v / n));
  const sys = pt.clone();
  for (let r = 0; r < m; r++) {
    sys.addAt(r, r, -1);
    if (isDiag[r]) for (let c = 0; c < m; c++) if (isDiag[c]) sys.addAt(r, c, 1);
  }
  const rhs = new Float64Array(2 * m);
  isDiag.forEach((d, r) => { if (d) rhs[2 * r] = 1; });
  let lu;
  try {
    lu = denseLu(sys);
  } catch (e) {
    if (!(e instanceof LinalgError)) throw e;
    let move = 0; // max |P_T − 1|: 0 when the period is too short for one period to change any state in double precision
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) move = Math.max(move, Math.hypot(pt.re(r, c) - (r === c ? 1 : 0), pt.im(r, c)));
    if (move <= 1e-13) throw new LindbladError('invalid-input', `one period ${period} changes no state in double precision (max |P_T − 1| = ${move.toExponential(2)}): the period is too short for this model's rates`, 'period');
    throw new LindbladError('not-unique', 'P_T − 1 is singular on the trace-1 states: the periodic steady state is not unique', 'model');
  }
  const x = lu.solve(rhs.slice());
  const res = sys.matvec(x); // one step of iterative refinement
  for (let q = 0; q < res.length; q++) res[q] = rhs[q] - res[q];
  const dx = lu.solve(res);
  for (let q = 0; q < x.length; q++) x[q] += dx[q];
  let tr = 0;
  isDiag.forEach((d, r) => { if (d) tr += x[2 * r]; });
  for (let q = 0; q < x.length; q++) x[q] /= tr;
  const reader = new BlockReader(n, gen.block, null);
  reader.symmetrise(x);
  // Uniqueness from the spectrum of P_T.
  const ev = eigvals(pt);
  const mods = Array.from(ev.re, (re, k) => ({ mod: Math.hypot(re, ev.im[k]), dist: Math.hypot(re - 1, ev.im[k]) }));
  let one = 0;
  mods.forEach((e, k) => { if (e.dist < mods[one].dist) one = k; });
  const inside = mods.reduce((s, e, k) => (k === one ? s : Math.max(s, e.mod)), 0);
  // …and outside the diagonal block, where a unit eigenvalue is a second periodic state (periodic-outside.ts)
  const outside = outsideSpectralRadius(driven, gen.block, period, tight, bps, PERIODIC_MAX_UNKNOWNS ** 2);
  const second = Math.max(inside, outside.radius ?? 0);
  const trajectory = (times: number[]): DenseMatrix[] => {
    const ts = checkTimes(times); // evolve's check (finite, ≥ 0, non-decreasing): unsorted or NaN times returned no states
    const last = ts[ts.length - 1];
    check(last <= period, `times[${ts.length - 1}]`, `expected times in [0, ${period}] (one period; the breakpoints are those of one period), got ${last}`);
    const r = integrateDriven(gen, x, ts, linear, bps);
    return r.states.map((y) => { reader.symmetrise(y); return reader.toMatrix(y); });
  };
  const times = Array.from({ length: samples + 1 }, (_, k) => (k === samples ? period : (period * k) / samples));
  const states = trajectory(times);
  const problems: string[] = [];
  let traceError = 0, minEig: number | null = n <= 512 ? Infinity : null;
  for (const rho of states) {
    const [a, b] = rho.trace();
    traceError = Math.max(traceError, Math.hypot(a - 1, b));
    if (minEig !== null) minEig = Math.min(minEig, minEigenvalueBlockwise(rho));
  }
  const diff = states[samples].add(states[0], -1);
  const dEig = eigvalsHermitianAbsSum(diff);
  let diffMax = 0;
  for (let q = 0; q < diff.data.length; q += 2) diffMax = Math.max(diffMax, Math.hypot(diff.data[q], diff.data[q + 1]));
  // The residual cannot see the integrator's own error (the fresh integration repeats it): estimate it by
  // one more period of ρ* at 1/100 of the tolerances (not below 1e-14 relative) and half the drive's step
  // cap (where the cap, not the tolerance, set the steps, both runs took the same ones: e = 0, errorBound 0
  // for a ρ* wrong by 1.4e-10).
  const fine = integrateDriven(gen, x, [period], { kind: linear.kind, rtol: Math.max(linear.rtol / 100, 1e-14), atol: linear.atol / 100 }, bps, 1, 0, 0.5).states[0];
  const coarse = integrateDriven(gen, x, [period], linear, bps).states[0];
  let integrationError = 0;
  for (let q = 0; q < fine.length; q += 2) integrationError = Math.max(integrationError, Math.hypot(fine[q] - coarse[q], fine[q + 1] - coarse[q + 1]));
  // ×2: a first-order estimate, and the one-state run's error stands in for that of P_T's stacked columns
  // (measured against exact answers: the error reached 1.17× the unscaled estimate)
  const errorBound = 2 * inverseNormInf(lu, m) * (diffMax + integrationError);
  const unique = second < 1 - 1e-10 && outside.radius !== null;
  if (!(dEig <= 1e-8)) problems.push(`periodicity residual ‖ρ(T) − ρ(0)‖₁ = ${dEig.toExponential(2)} exceeds 1e-8`);
  if (!(errorBound <= PERIODIC_ERROR_LIMIT)) problems.push(`the fixed point's error bound ‖(P_T − 1 + wwᵀ)⁻¹‖·‖ρ(T) − ρ(0)‖ = ${errorBound.toExponential(2)} exceeds ${PERIODIC_ERROR_LIMIT} (1 − |λ₂| = ${(1 - second).toExponential(2)}: slow relaxation amplifies the residual)`);
  if (!(traceError <= 1e-9)) problems.push(`|Tr ρ − 1| reaches ${traceError.toExponential(2)} (limit 1e-9)`);
  if (minEig !== null && !(minEig >= -1e-9)) problems.push(`ρ(t) has an eigenvalue ${minEig.toExponential(2)} < −1e-9 at a sample`);
  for (const { field, f } of driven.coefficients()) { // the period is the caller's claim: check it on a grid
    let worst = 0, scale = 0;
    for (let k = 0; k < 64; k++) {
      const t = (period * (k + 0.5)) / 64, a = f.value(t), b = f.value(t + period);
      worst = Math.max(worst, Math.abs(b - a));
      scale = Math.max(scale, Math.abs(a));
    }
    if (!(worst <= 1e-9 * Math.max(scale, 1e-300))) problems.push(`${field} is not periodic with period ${period}: |c(t + T) − c(t)| reaches ${worst.toExponential(2)}`);
  }
  const truncation = largestTruncation(fockModes(driven.space), states, densePopulations);
  for (const t of truncation) {
    if (!(t.topPopulation <= TRUNCATION_LIMIT)) problems.push(`Fock cutoff of ${t.mode}: its top level |${t.cutoff}⟩ holds up to ${t.topPopulation.toExponential(2)} (limit ${TRUNCATION_LIMIT.toExponential(0)}): the truncated model is not a faithful stand-in; raise the cutoff`);
  }
  if (outside.radius === null) problems.push(`uniqueness not checked: the ${outside.unknowns} unknowns outside the diagonal block (coherences no population reaches) are beyond the dense limit; a second periodic state there is not excluded`);
  else if (!unique) problems.push(`P_T has a second eigenvalue of modulus ${second.toPrecision(12)} ≈ 1: the periodic steady state is not unique (or relaxes too slowly to tell)`);
  return {
    period, times, states,
    certificate: {
      periodicityResidual: dEig, traceError, minEigenvalue: minEig, secondEigenvalue: second, relaxationTime: second > 0 ? -period / Math.log(second) : 0,
      errorBound, unitEigenvalueError: mods[one].dist, unique, ...(truncation.length > 0 ? { truncation } : {}), ok: problems.length === 0, problems,
    },
    stats: { method: linear.kind, unknowns: m, fullUnknowns: n * n, propagator: prop.stats, elapsedMs: performance.now() - start },
    model: driven,
    trajectory,
  };
}

/** ‖A⁻¹‖_∞ (max row sum of moduli) of an m×m complex system from its LU: m solves for the columns. */
function inverseNormInf(lu: { solve(b: Float64Array): Float64Array }, m: number): number {
  const rows = new Float64Array(m), e = new Float64Array(2 * m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[2 * c] = 1;
    const col = lu.solve(e);
    for (let r = 0; r < m; r++) rows[r] += Math.hypot(col[2 * r], col[2 * r + 1]);
  }
  return rows.reduce((a, b) => Math.max(a, b), 0);
}

/** ‖D‖₁ = Σ|λ_i| of a Hermitian matrix D (via its eigenvalues). */
function eigvalsHermitianAbsSum(d: DenseMatrix): number {
  const ev = eigvals(d.hermitianPart());
  let s = 0;
  for (let k = 0; k < ev.re.length; k++) s += Math.abs(ev.re[k]);
  return s;
}
