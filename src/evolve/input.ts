/**
 * Input validation for `evolve` (evolve.ts): every failure is a LindbladError naming the field.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkKeys, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { POSITIVITY_CHECK_LIMIT } from './samples.ts';
import { checkMemory } from '../io/memory-budget.ts';

/**
 * How the master equation is integrated (discriminated on `kind`). Tolerances default to rtol 1e-8, atol 1e-10
 * for 'dopri5' and 'implicit', and to rtol 1e-10, atol 1e-12 when 'auto' integrates; 'expm' is exact.
 * 'krylov': the exponential action e^{Lt}·vec ρ0 by Arnoldi segments (linalg/ode/krylov.ts; QuTiP 5's
 * krylovsolve), `tol` the local error per segment relative to ‖ρ‖ (default 1e-12); constant models only.
 */
export type EvolveMethod =
  | { kind: 'auto'; rtol?: number; atol?: number }
  | { kind: 'dopri5'; rtol?: number; atol?: number }
  | { kind: 'implicit'; rtol?: number; atol?: number }
  | { kind: 'expm' }
  | { kind: 'krylov'; tol?: number };

export const EVOLVE_METHODS = ['auto', 'dopri5', 'implicit', 'expm', 'krylov'] as const;

/** Relative tolerance on Tr ρ0 = 1, ρ0 = ρ0† and λ_min(ρ0) ≥ 0. */
export const STATE_TOLERANCE = 1e-9;
/** Largest dimension for which ρ0 ≥ 0 is checked (an n³ eigenvalue computation). */

/** Checks ρ0: an n×n finite, Hermitian matrix of unit trace without negative eigenvalues (n ≤ 512). */
export function checkInitialState(model: LindbladModel, rho0: unknown): DenseMatrix {
  const n = model.space.dim;
  if (!(rho0 instanceof DenseMatrix)) throw new LindbladError('invalid-input', `expected a density matrix (DenseMatrix), got ${describe(rho0)}`, 'rho0');
  if (rho0.rows !== n || rho0.cols !== n) {
    throw new LindbladError('dimension-mismatch', `expected a ${n}×${n} density matrix (the model's dimension), got ${rho0.rows}×${rho0.cols}`, 'rho0');
  }
  const finite = rho0.isFinite();
  checkStateNumbers('rho0', finite, finite ? rho0.hermiticityError() : NaN, rho0.trace());
  if (n <= POSITIVITY_CHECK_LIMIT) {
    const lmin = minEigenvalueBlockwise(rho0.hermitianPart());
    check(lmin >= -STATE_TOLERANCE, 'rho0', `expected a positive semidefinite matrix, but its smallest eigenvalue is ${lmin.toExponential(3)}`);
  }
  return rho0;
}

/**
 * Refuses (on `field`) a state with a NaN or infinite entry, max |ρ_ij − conj(ρ_ji)| (`herm`) or
 * |Tr ρ − 1| above STATE_TOLERANCE: what a density matrix handed to evolve or the heat currents must pass.
 */
export function checkStateNumbers(field: string, finite: boolean, herm: number, trace: readonly [number, number]): void {
  check(finite, field, 'has a NaN or infinite entry');
  check(herm <= STATE_TOLERANCE, field, `expected a Hermitian matrix, but max |ρ_ij − conj(ρ_ji)| = ${herm.toExponential(2)}`);
  const [tr, ti] = trace;
  check(Math.hypot(tr - 1, ti) <= STATE_TOLERANCE, field, `expected trace 1, got ${tr}${ti !== 0 ? ` + ${ti}i` : ''}`);
}

/** Checks the output times: a non-empty array of finite numbers ≥ 0, non-decreasing. */
export function checkTimes(times: unknown): number[] {
  check(Array.isArray(times) || ArrayBuffer.isView(times), 'times', `expected an array of times, got ${describe(times)}`);
  const ts = Array.from(times as ArrayLike<number>);
  check(ts.length > 0, 'times', 'expected at least one output time');
  ts.forEach((t, k) => {
    // the messages are built only for a failing time (a long list of good times builds none)
    if (!(typeof t === 'number' && Number.isFinite(t))) check(false, `times[${k}]`, `expected a finite number, got ${describe(t)}`);
    if (!(t >= 0)) check(false, `times[${k}]`, `expected a time ≥ 0 (ρ0 is the state at t = 0), got ${t}`);
    if (k > 0 && !(t >= ts[k - 1]!)) check(false, `times[${k}]`, `times must be non-decreasing, but ${t} < times[${k - 1}] = ${ts[k - 1]}`);
  });
  return ts;
}

/**
 * The outputs of an evolution fit the memory budget (io/limits.ts): one stored vector of at least n entries
 * per output time, and a dense n×n matrix per time when the states are kept (16 bytes per complex entry).
 * 10⁶ output times of a 100-level model asked for 160 GB of states without a check.
 */
export function checkOutputMemory(n: number, times: number, keepStates: boolean): void {
  const bytes = times * 16 * (keepStates ? n * n + n : n);
  checkMemory(bytes, `${times} output times of a ${n}-level model${keepStates ? ' with their density matrices' : ''}`, 'times');
}

/** Checks the method: a known kind and, where allowed, finite positive tolerances. */
export function checkMethod(method: unknown): EvolveMethod {
  check(typeof method === 'object' && method !== null, 'method', `expected { kind: ${EVOLVE_METHODS.map((m) => `"${m}"`).join(' | ')} }, got ${describe(method)}`);
  const m = method as { kind?: unknown; rtol?: unknown; atol?: unknown; tol?: unknown };
  check((EVOLVE_METHODS as readonly unknown[]).includes(m.kind), 'method.kind', `expected one of ${EVOLVE_METHODS.join(', ')}, got ${describe(m.kind)}`);
  if (m.kind === 'krylov') {
    for (const key of ['rtol', 'atol'] as const) check(m[key] === undefined, `method.${key}`, "the 'krylov' method takes tol (the local error per segment), not rtol/atol");
    check(m.tol === undefined || (typeof m.tol === 'number' && m.tol > 0 && m.tol < 1), 'method.tol', `expected a number in (0, 1), got ${describe(m.tol)}`);
    checkKeys(method, ['kind', 'tol'], 'method');
    return method as EvolveMethod;
  }
  for (const key of ['rtol', 'atol'] as const) {
    if (m[key] === undefined) continue;
    check(m.kind !== 'expm', `method.${key}`, "the 'expm' method is exact and takes no tolerances");
    const v = m[key];
    check(typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1, `method.${key}`, `expected a number in (0, 1), got ${describe(v)}`);
  }
  checkKeys(method, ['kind', 'rtol', 'atol'], 'method');
  return method as EvolveMethod;
}

/** Checks the observables: operators on the model's space, keyed by name. */
export function checkObservables(model: LindbladModel, obs: unknown): Array<[string, Operator]> {
  check(typeof obs === 'object' && obs !== null && !Array.isArray(obs), 'observables', `expected a record of named operators, got ${describe(obs)}`);
  return Object.entries(obs as Record<string, unknown>).map(([name, o]) => {
    if (!(o instanceof Operator)) throw new LindbladError('invalid-input', `expected an Operator, got ${describe(o)}`, `observables.${name}`);
    if (!o.space.equals(model.space)) throw new LindbladError('dimension-mismatch', "operator acts on a different space than the model's", `observables.${name}`);
    check(o.matrix.isFinite(), `observables.${name}`, 'has a NaN or infinite entry');
    return [name, o];
  });
}
