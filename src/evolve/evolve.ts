/**
 * Time evolution of the Lindblad master equation dρ/dt = L(ρ) (ħ = 1; t in the inverse units of the
 * model's rates and energies), ρ(t) = e^{Lt} ρ0, column-stacked: d vec ρ/dt = L vec ρ.
 *
 * Structure is used before any integrator runs:
 * - Sector restriction (exact): only the unknowns reachable from the support of vec ρ0 along the non-zero
 *   pattern of L can ever become non-zero (e.g. for the cavity model from its ground state, the 68 "equal
 *   excitation number" entries of 400 at cutoff 4), so only that invariant block of L is evolved.
 * - 'auto' also moves to a rotating frame (frame.ts) when H has a part c·N with [ad_N, L] = 0 and N
 *   diagonal, which removes the fast phase rotation, and rotates back exactly: ρ_ij ↦ ρ_ij e^{−i(r_i−r_j)t}.
 * - 'auto' then propagates exactly with dense matrix exponentials of the block (one per distinct output
 *   gap) when that is cheap (few distinct gaps, ≲ 100 unknowns; choice.ts EXPM_BUDGET), and otherwise runs
 *   the method of least predicted cost (choice.ts): the Krylov exponential action, dopri5, or the L-stable
 *   implicit scheme with a sparse LU; stats.choice says which, why, and the predictions.
 * - Dense models (A = −iH − ½Σγ J†J structurally dense) skip the assembly of L altogether: L is applied in
 *   matrix form, O(n³) per product (matrix-route.ts; stats.operator = 'matrix-form').
 * The requested methods 'dopri5', 'implicit' and 'expm' use the sector restriction but no frame change
 * ('dopri5' on a dense model also uses the matrix-form products).
 *
 * Long times (long-time.ts): beyond t_acc ≈ 1e-10/(ε‖L‖₁), where the matrix exponential's rounding error
 * ε‖L‖₁t becomes visible, outputs are the steady state once the evolved state is shown to have relaxed to
 * it (trace-norm contraction); until then 'auto' continues with the implicit scheme (error growing with
 * steps, not t), and 'expm' is refused beyond t_lost ≈ 1e-6/(ε‖L‖₁).
 * The propagation itself (sector, frame, method, long times) is propagate.ts, shared with the correlation
 * functions, which evolve operands that are not states.
 * Every output is checked: |Tr ρ − 1| ≤ OUTPUT_TOLERANCE and λ_min(ρ) ≥ −OUTPUT_TOLERANCE (the latter for
 * n ≤ 512); a violation is LindbladError('not-converged') naming the time, never a returned state.
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkOptions } from '../errors.ts';
import { checkModel } from '../model/check-model.ts';
import type { LindbladModel } from '../model/model.ts';
import { isEmittersInCavity, type EmittersInCavityModel } from '../model/emitters-cavity.ts';
import type { DickeCavityState } from '../symmetry/dicke-sector.ts';
import { evolveEmitters, type EmittersEvolveResult } from './dicke-evolve.ts';
import type { Operator } from '../model/operator.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import type { LongTimeInfo } from './long-time.ts';
import { checkInitialState, checkMethod, checkObservables, checkOutputMemory, checkTimes, type EvolveMethod } from './input.ts';
import { propagate } from './propagate.ts';
import type { MethodChoice } from './choice.ts';
import { readSamples } from './samples.ts';
import { fockModes, type Truncation } from '../model/fock-cutoff.ts';
import { isDriven, type DrivenModel } from '../model/driven.ts';
import { evolveDriven, type DrivenEvolveResult } from './driven-evolve.ts';

export type { EvolveMethod } from './input.ts';
export type { MethodChoice, CandidateMethod } from './choice.ts';
export { distinctGaps } from './propagate.ts';

export interface EvolveOptions {
  /** Default { kind: 'auto' }. */
  method?: EvolveMethod;
  /** Operators A whose expectation values Tr(Aρ(t)) are returned. */
  observables?: Record<string, Operator>;
  /** Return the density matrices (default: true without observables, false with them). */
  keepStates?: boolean;
  /** Evolve only the invariant block reachable from the support of vec ρ0 (exact; default true). */
  restrictToSector?: boolean;
}

export interface EvolveStats {
  /** The method that actually ran ('auto' resolves to 'expm', 'krylov', 'dopri5' or 'implicit'). */
  method: 'dopri5' | 'implicit' | 'expm' | 'krylov';
  requested: EvolveMethod['kind'];
  /**
   * 'auto' only (else null): why this method ran — predicted costs of the candidates in complex
   * multiply-adds, the probe's Krylov span and spectral-radius estimate, and a sentence (choice.ts).
   */
  choice: MethodChoice | null;
  /** How L was applied: the assembled (CSR) block, or in matrix form without assembling it (matrix-route.ts). */
  operator: 'assembled' | 'matrix-form';
  /** Unknowns evolved (size of the invariant block) and the full n². */
  unknowns: number;
  fullUnknowns: number;
  /** The rotating frame 'auto' used internally (frame.ts note), or null. */
  frame: string | null;
  steps: number;
  rejected: number;
  factorizations: number;
  expms: number;
  matvecs: number;
  /** max_k |Tr ρ(t_k) − 1| (states are not renormalised); at most OUTPUT_TOLERANCE. */
  traceError: number;
  /** min_k λ_min(ρ(t_k)), at least −OUTPUT_TOLERANCE; null when not checked (n > 512). */
  minEigenvalue: number | null;
  /**
   * Models with fock(cutoff) subsystems: each mode's largest top-level population over the output times
   * (model/fock-cutoff.ts). Above TRUNCATION_LIMIT (1e-6) the truncated model is not a faithful stand-in for
   * the untruncated one at those times: raise the cutoff. The integration error estimates do not see this.
   */
  truncation?: Truncation[];
  /** Horizons and the steady-state switch for long times (long-time.ts). */
  longTime: LongTimeInfo;
  /**
   * Where only adaptive integrators ran (dopri5, implicit, krylov; also the relaxed long-time outputs): an
   * estimate of max_k ‖ρ(t_k) − ρ_exact(t_k)‖₁, the sum of every accepted step's local error estimate (l1
   * over the entries; a Krylov segment's a-posteriori bound), each carried forward by e^{Lt}, which
   * contracts the trace norm (of the Hermitian part returned); so |⟨A⟩ error| ≤ ‖A‖·this. Their tolerances
   * are per step, and a phase can drift far beyond them over many periods: this is the number to read.
   * null where the dense exponential ran (exact to rounding: longTime.roundingError).
   */
  errorEstimate: number | null;
  /** Wall-clock time of the whole call in milliseconds. */
  elapsedMs: number;
}

export interface EvolveResult {
  times: number[];
  /** ρ(t_k) (Hermitian part of the integrated state), when kept. */
  states?: DenseMatrix[];
  /** Re Tr(A ρ(t_k)) for each observable. */
  expectations?: Record<string, number[]>;
  /** Im Tr(A ρ(t_k)), only for observables that are not Hermitian. */
  expectationsImag?: Record<string, number[]>;
  stats: EvolveStats;
}

export { OUTPUT_TOLERANCE } from './samples.ts';

/** The emitters-in-cavity model: its reduced state ρ̄(t) (dicke-evolve.ts; options.method only). */
export function evolve(model: EmittersInCavityModel, rho0: DickeCavityState, times: number[], options?: Pick<EvolveOptions, 'method'>): EmittersEvolveResult;
/**
 * ρ(t_k) = e^{L t_k} ρ0 for the output times t_k (non-decreasing, ≥ 0; ρ0 is the state at t = 0), with
 * expectation values Tr(A ρ(t_k)) of the given observables. Validates every input (LindbladError naming
 * the field); integration failures are LindbladError 'not-converged'; results are always finite.
 */
export function evolve(model: LindbladModel, rho0: DenseMatrix, times: number[], options?: EvolveOptions): EvolveResult;
/** A time-dependent model (model/driven.ts): driven-evolve.ts (restrictToSector is always on). */
export function evolve(model: DrivenModel, rho0: DenseMatrix, times: number[], options?: EvolveOptions): DrivenEvolveResult;
export function evolve(model: LindbladModel | EmittersInCavityModel | DrivenModel, rho0: DenseMatrix | DickeCavityState, times: number[], options: EvolveOptions = {}): EvolveResult | EmittersEvolveResult | DrivenEvolveResult {
  checkModel(model, ['lindblad', 'driven', 'emitters']);
  checkOptions(options, isEmittersInCavity(model) ? ['method'] : ['method', 'observables', 'keepStates', 'restrictToSector'], 'options');
  if (isEmittersInCavity(model)) return evolveEmitters(model, rho0 as DickeCavityState, times, options);
  if (isDriven(model)) return evolveDriven(model, rho0 as DenseMatrix, times, options);
  return evolveLindblad(model, rho0 as DenseMatrix, times, options);
}

function evolveLindblad(model: LindbladModel, rho0: DenseMatrix, times: number[], options: EvolveOptions): EvolveResult {
  const start = performance.now();
  checkInitialState(model, rho0);
  const ts = checkTimes(times);
  const method = checkMethod(options.method ?? { kind: 'auto' });
  const observables = checkObservables(model, options.observables ?? {});
  check(options.keepStates === undefined || typeof options.keepStates === 'boolean', 'keepStates', 'expected a boolean');
  check(options.restrictToSector === undefined || typeof options.restrictToSector === 'boolean', 'restrictToSector', 'expected a boolean');
  const keepStates = options.keepStates ?? observables.length === 0;
  const n = model.space.dim;
  checkOutputMemory(n, ts.length, keepStates);
  const run = propagate(model, vectorize(rho0), ts, method, options.restrictToSector ?? true);
  const out = readSamples(run.reader, n, run.states, ts, observables, keepStates,
    'the integration lost accuracy: try smaller tolerances, another method or shorter times', fockModes(model.space), (y, k) => run.reader.toLab(y, ts[k]));
  const s = run.stats, { traceError, minEigenvalue, truncation, ...outputs } = out;
  return {
    times: ts,
    ...outputs,
    stats: {
      method: run.linear.kind, requested: method.kind, choice: run.choice, operator: run.operator, unknowns: run.unknowns, fullUnknowns: n * n, frame: run.frame,
      steps: s.steps, rejected: s.rejected, factorizations: s.factorizations, expms: s.expms, matvecs: s.matvecs,
      traceError, minEigenvalue, ...(truncation.length > 0 ? { truncation } : {}), longTime: run.info,
      errorEstimate: run.localErrors ? run.localErrors.reduce((a, b) => Math.max(a, b), 0) : null,
      elapsedMs: performance.now() - start,
    },
  };
}
