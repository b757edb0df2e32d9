/**
 * Options of `steadyState` / `prepareSteadyState` and their defaults, resolved in one place
 * (`resolveSteadyOptions`): every other module of the steady-state stage reads the resolved form.
 */
import { LindbladError, check, checkBoolean, checkKeys, checkOneOf, checkOptions, describe, isPlainObject } from '../errors.ts';
import type { IterativeMethod } from './iterative.ts';
import type { TermSelection } from '../liouvillian/factored.ts';

/**
 * How the linear system is solved. `sectors` (default: on whenever the diagonal symmetry sector is smaller
 * than the full system) restricts the solve to that sector; uniqueness beyond it follows from a U(1)
 * charge (charge.ts), with the coherence blocks of charge 0 checked numerically; `false` solves the full
 * system; `true` also reduces when no charge can be verified, checking every coherence block.
 * Direct: `solver` picks the factorisation (the sector uses a real dense or real-valued sparse LU).
 * `exchange`: when identical subsystems can be swapped without changing the model, solve only in the
 * exchange-symmetric part of the sector (exchange.ts; k disjoint swaps: about 1/2^k of its unknowns), the
 * other parts checked. Default: on for prepared solves (prepareSteadyState, sweeps); for one-off
 * `steadyState` calls on when the sector's LU is fill-heavy (predicted fill above the banded bound 4·nnz + n) and the
 * sector has more than 64 unknowns — a banded sector factorises in time about proportional to its size, so
 * preparing the parts costs about what the smaller factorisations save (measured: cavity cutoff 32–128,
 * bench/sweep.bench.ts), while a fill-heavy one's cost grows much faster (five qubits ⊗ Fock(4), 3,860
 * sector unknowns: 1.8 s unreduced, 0.3 s in the e1↔e2, e3↔e4-symmetric part).
 * Iterative: GMRES or BiCGSTAB with an ILU(0) preconditioner (default) to relative residual `tol`.
 * Krylov: matrix-free GMRES preconditioned by the inverse of the Sylvester part of L, on all n² unknowns
 * (krylov-steady.ts), for dense models. Auto (the default): the direct method, except that a model solved
 * without a symmetry sector goes to Krylov when its predicted cost is lower (choice.ts); the certificate's
 * `method` says which and why. `{ kind: 'direct' }` is always direct.
 */
export type SteadyMethod =
  | { kind: 'auto'; sectors?: boolean; exchange?: boolean }
  | { kind: 'direct'; solver?: 'auto' | 'dense' | 'sparse'; sectors?: boolean; exchange?: boolean }
  | IterativeMethod
  | KrylovMethod;

/** The method kinds, for validation. */
export const STEADY_METHOD_KINDS = ['auto', 'direct', 'iterative', 'krylov'] as const;

export interface SteadyOptions {
  method?: SteadyMethod;
  /**
   * What to do when the stationary state is not unique: throw (default), or return a basis of the
   * stationary states and, as `rho`, the one reached from the maximally mixed state (stationary-basis.ts).
   */
  onDegenerate?: 'error' | 'basis';
  /**
   * Numerical uniqueness verdict, where it is not decided structurally: the system counts as singular when
   * the reciprocal condition number of its power-of-two equilibration is at most this (default 1e-14).
   */
  degeneracyTolerance?: number;
}

/** The Krylov method's options (defaults: resolveKrylov). */
export interface KrylovMethod {
  kind: 'krylov';
  /** Relative residual ‖u − K·y‖/‖u‖ to reach, in (0, 1) (default 1e-13). */
  tol?: number;
  /** GMRES iterations allowed (default 600). */
  maxIterations?: number;
}

/** Default relative residual of the Krylov solve, and iterations allowed. */
export const KRYLOV_TOL = 1e-13, KRYLOV_MAX_ITERATIONS = 600;
/** Validated tolerance and iteration limit of a KrylovMethod. */
export function resolveKrylov(method: KrylovMethod): { tol: number; maxIter: number } {
  const tol = method.tol ?? KRYLOV_TOL, maxIter = method.maxIterations ?? KRYLOV_MAX_ITERATIONS;
  if (!(typeof tol === 'number' && tol > 0 && tol < 1)) throw new LindbladError('invalid-input', `expected a relative residual in (0, 1), got ${String(tol)}`, 'method.tol');
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new LindbladError('invalid-input', `expected a positive integer, got ${String(maxIter)}`, 'method.maxIterations');
  return { tol, maxIter };
}

/** Every option with its default filled in. */
export interface ResolvedSteadyOptions {
  readonly method: SteadyMethod;
  /** The direct solver's factorisation (unused by the iterative and Krylov methods). */
  readonly solver: 'auto' | 'dense' | 'sparse';
  /** Sector restriction: 'auto' (when the diagonal sector is smaller), 'forced' (true) or 'off' (false). */
  readonly sectors: 'auto' | 'forced' | 'off';
  /**
   * Exchange reduction (direct and auto solves only): default on for prepared families, 'fill-heavy' for
   * one-off solves (on when the sector's LU is fill-heavy).
   */
  readonly exchange: boolean | 'fill-heavy';
  readonly onDegenerate: 'error' | 'basis';
  readonly degeneracyTolerance: number;
}

/** Default threshold of the numerical uniqueness verdict (rcond of the equilibrated system ≤ tol counts as singular). */
export const DEFAULT_DEGENERACY_TOLERANCE = 1e-14;

/** The keys each method kind accepts (an unknown key is an error, not silently ignored). */
const METHOD_KEYS: Record<SteadyMethod['kind'], readonly string[]> = {
  auto: ['kind', 'sectors', 'exchange'],
  direct: ['kind', 'solver', 'sectors', 'exchange'],
  iterative: ['kind', 'solver', 'preconditioner', 'tol', 'sectors', 'restart', 'maxIterations'],
  krylov: ['kind', 'tol', 'maxIterations'],
};

/**
 * Checks a caller's steady-state options (from JavaScript, any value): a plain object with known keys, a
 * method of a known kind with that kind's keys, enumerations and booleans as documented, and a degeneracy
 * tolerance in [0, 1). The iterative and Krylov methods' numbers are checked where they are resolved
 * (iterative.ts, resolveKrylov). Throws LindbladError ('unsupported' for an unknown method kind).
 */
export function checkSteadyOptions(options: unknown): asserts options is SteadyOptions {
  const o = checkOptions(options, ['method', 'onDegenerate', 'degeneracyTolerance'], 'options');
  const m = o.method;
  if (m !== undefined) {
    if (!isPlainObject(m)) check(false, 'method', `expected a method object such as { kind: "direct" }, got ${describe(m)}`);
    const kind = m.kind;
    if (!(STEADY_METHOD_KINDS as readonly unknown[]).includes(kind)) {
      throw new LindbladError('unsupported', `unknown steady-state method ${JSON.stringify(kind)} (expected ${STEADY_METHOD_KINDS.map((k) => JSON.stringify(k)).join(', ')})`, 'method.kind');
    }
    checkKeys(m, METHOD_KEYS[kind as SteadyMethod['kind']], 'method');
    checkBoolean(m.sectors, 'method.sectors');
    checkBoolean(m.exchange, 'method.exchange');
    if (kind === 'direct') checkOneOf(m.solver, ['auto', 'dense', 'sparse'], 'method.solver');
  }
  checkOneOf(o.onDegenerate, ['error', 'basis'], 'onDegenerate');
  const tol = o.degeneracyTolerance;
  if (!(tol === undefined || (typeof tol === 'number' && tol >= 0 && tol < 1))) check(false, 'degeneracyTolerance', `expected a number in [0, 1), got ${describe(tol)}`);
}

/**
 * The options with all defaults resolved (checked first: checkSteadyOptions); `select` is the term
 * selection of the family ('all' for prepared solves).
 */
export function resolveSteadyOptions(options: SteadyOptions, select: TermSelection): ResolvedSteadyOptions {
  checkSteadyOptions(options);
  const method: SteadyMethod = options.method ?? { kind: 'auto' };
  const direct = method.kind === 'direct' ? method : null, sectors = method.kind === 'krylov' ? false : method.sectors;
  return {
    method,
    solver: direct?.solver === 'dense' || direct?.solver === 'sparse' ? direct.solver : 'auto',
    sectors: sectors === false ? 'off' : sectors === true ? 'forced' : 'auto',
    exchange: (method.kind === 'direct' || method.kind === 'auto') && (method.exchange ?? (select === 'all' ? true : 'fill-heavy')),
    onDegenerate: options.onDegenerate ?? 'error',
    degeneracyTolerance: options.degeneracyTolerance ?? DEFAULT_DEGENERACY_TOLERANCE,
  };
}
