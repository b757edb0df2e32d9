/**
 * Steady states of Lindblad models: one entry point, `steadyState(model, options)`, returning ρ_ss with a
 * certificate (residual, trace error, Hermiticity, smallest eigenvalue, uniqueness verdict). Channels with
 * rate = Infinity are handled in the infinitely-fast limit (fast-limit.ts). By default the solve is
 * restricted to the diagonal symmetry sector when that shrinks the system (plan.ts, symmetry/); otherwise
 * the whole Liouvillian is solved (full.ts). `prepareSteadyState` keeps the preparation for repeated solves
 * with other rates (sweeps). Options and their defaults: options.ts.
 */
import { LindbladError, check, describe } from '../errors.ts';
import { LinalgError } from '../linalg/errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { FactoredLiouvillian, type TermSelection } from '../liouvillian/factored.ts';
import { nonzeroBound } from './choice.ts';
import { fastLimitSteadyState } from './fast-limit.ts';
import { SectorPlan } from './plan.ts';
import { SectorSolved } from './sector-solved.ts';
import { fullSteadyState } from './full.ts';
import { degenerate } from './degenerate.ts';
import { checkSteadyOptions, resolveSteadyOptions, type SteadyOptions } from './options.ts';
import type { MethodChoice } from './certificate.ts';
import { checkModel } from '../model/check-model.ts';
import { KrylovSteady } from './krylov-steady.ts';
import { AutoChoice } from './auto.ts';
import type { PreparedSteadyState, SteadyStateResult } from './result.ts';
import { isEmittersInCavity, type EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { emittersSteadyState, type EmittersSteadyState } from './dicke.ts';
import { fockModes, markTruncation, truncationOf, type PopulationVisitor } from './truncation.ts';
import { densePopulations, type FockMode } from '../model/fock-cutoff.ts';

export type { SteadyMethod, SteadyOptions } from './options.ts';
export type { MethodChoice } from './certificate.ts';
export type { PreparedSteadyState, SteadyStateResult } from './result.ts';
export { unvec } from './result.ts';

/** The emitters-in-cavity model: its reduced (Dicke-block) steady state and certificate (dicke.ts). */
export function steadyState(model: EmittersInCavityModel, options?: SteadyOptions): EmittersSteadyState;
/**
 * Solves L vec(ρ) = 0 with Tr ρ = 1: restricted to the diagonal symmetry sector when that pays (see
 * SteadyMethod), one population pinned in an equilibrated real system (or GTH for a Markov sector), with
 * extra-precise refinement so small populations are accurate relative to themselves; symmetrises and
 * normalises ρ and certifies it against the full Liouvillian, with an error estimate (certificate.ts).
 * Units: ρ is dimensionless; the residual is in the model's rate units.
 */
export function steadyState(model: LindbladModel, options?: SteadyOptions): SteadyStateResult;
export function steadyState(model: LindbladModel | EmittersInCavityModel, options: SteadyOptions = {}): SteadyStateResult | EmittersSteadyState {
  checkModel(model, ['lindblad', 'emitters']);
  checkSteadyOptions(options);
  const method = options.method ?? { kind: 'auto' };
  try {
    if (isEmittersInCavity(model)) {
      if (method.kind === 'krylov') throw new LindbladError('unsupported', 'the emitters-in-cavity model is solved by its Dicke-block route; use method "auto", "direct" or "iterative"', 'method.kind');
      return emittersSteadyState(model, options);
    }
    if (model.hasInfiniteRates()) return withTruncation(fastLimitSteadyState(model, resolveSteadyOptions(options, 'active').degeneracyTolerance), fockModes(model.space));
    if (method.kind === 'krylov') {
      const o = resolveSteadyOptions(options, 'active');
      return withTruncation(redecidedDirectly(model, model.space.dim, options, 'krylov', () => new KrylovSteady(model).solve(method, o, { kind: 'krylov', requested: 'krylov', reason: 'requested' })), fockModes(model.space));
    }
    return prepare(model, options, 'active', true).solve();
  } catch (e) {
    throw breakdownAsUserError(e, method.kind);
  }
}

/**
 * A numerical breakdown no route handled (a singular or non-finite factorisation or iteration, an
 * eigenvalue iteration that did not converge) reaches the caller as LindbladError('not-converged', field
 * 'model'): on valid input it comes from numbers beyond what double precision carries through the method
 * (entries near 1e308 whose squares overflow, rates near 1e-300 that underflow), which the user can change
 * by rescaling the units; every other error (invalid input, a defect) is returned as it is.
 */
function breakdownAsUserError(e: unknown, method: string): unknown {
  if (!(e instanceof LinalgError) || !(e.kind === 'singular' || e.kind === 'non-finite' || e.kind === 'not-converged') || /^internal error/.test(e.message)) return e;
  return new LindbladError('not-converged', `the ${method} steady-state solve broke down (${e.message.replace(/\s+/g, ' ')}); the model's numbers are likely beyond double precision for this method (entries whose squares overflow, or rates that underflow): rescale its units${method === 'direct' ? '' : ', or use method "direct"'}`, 'model');
}

/**
 * The Fock-cutoff check (truncation.ts) added to a result's certificate, for models with fock subsystems
 * (`modes`: fockModes of the model's space, found once per prepared model); populations read from the
 * sector unknowns, the block form or ρ, whichever the result already has.
 */
function withTruncation<R extends SteadyStateResult>(result: R, modes: readonly FockMode[]): R {
  if (modes.length === 0) return result;
  const populations: PopulationVisitor = result instanceof SectorSolved ? result.eachPopulation.bind(result) // bound: no closure per point
    : densePopulations(result.state ?? result.rho);
  markTruncation(result.certificate, truncationOf(modes, populations));
  return result;
}

/** Largest Hilbert-space dimension n (n² unknowns) at which redecidedDirectly always asks the direct route. */
export const REDECIDE_DIMENSION = 64;

/**
 * Above REDECIDE_DIMENSION the direct route is still asked when L is sparse and not too large: at most
 * REDECIDE_UNKNOWNS unknowns and REDECIDE_ROW_DENSITY non-zeros per row (choice.ts nonzeroBound), where its
 * sparse LU costs little against the Krylov run that came before (n = 66, the 1e8/1e-8 cycle ⊗ a 22-level
 * ladder: the Krylov route took 76 s to call the unique state not unique; the direct route answers in 30 ms).
 */
export const REDECIDE_UNKNOWNS = 20_000, REDECIDE_ROW_DENSITY = 20;

/** Whether redecidedDirectly asks the direct route for `model` of dimension `dim`. */
export function redecidable(model: LindbladModel | (() => LindbladModel), dim: number): boolean {
  if (dim <= REDECIDE_DIMENSION) return true;
  if (dim * dim > REDECIDE_UNKNOWNS) return false;
  const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(typeof model === 'function' ? model() : model, 'active');
  return nonzeroBound(lv, coefficients) <= REDECIDE_ROW_DENSITY * dim * dim;
}

/**
 * The GMRES-based routes (method 'iterative', 'krylov', and 'auto' when it takes Krylov) judge uniqueness by
 * min |λ| of the unequilibrated system against ‖L‖: with rates spanning many decades a unique state can look
 * singular there (a 9-level model with rates 4.9e6 and 2.2 and |H| ~ 5e-5: 1/cond 1.7e-17, while the
 * equilibrated system of the direct route has 4.6e-13 and its ρ agrees with a 60-digit solve to 1.4e-16;
 * with onDegenerate 'basis' the iterative route returned a 16-dimensional "stationary set"). So a
 * not-unique verdict of those routes (thrown, or a 'not-unique' result) is decided again by the direct
 * route for n ≤ REDECIDE_DIMENSION, or for a sparse L of at most REDECIDE_UNKNOWNS unknowns (redecidable):
 * its verdict and state are returned, the certificate's `method` saying so; otherwise the route's own
 * verdict stands. `model`: the model, or a function that builds it (a
 * family's member at θ, built only when needed); `dim` its Hilbert-space dimension.
 */
function redecidedDirectly(model: LindbladModel | (() => LindbladModel), dim: number, options: SteadyOptions, requested: MethodChoice['requested'],
  attempt: () => SteadyStateResult, route: 'iterative' | 'krylov' = requested === 'iterative' ? 'iterative' : 'krylov'): SteadyStateResult {
  let member: LindbladModel | undefined;
  const resolved = (): LindbladModel => (member ??= typeof model === 'function' ? model() : model); // built once
  try {
    const own = attempt();
    if (own.certificate.status !== 'not-unique' || !redecidable(resolved, dim)) return own;
  } catch (e) {
    if (!(e instanceof LindbladError && e.code === 'not-unique') || !redecidable(resolved, dim)) throw e;
  }
  const { method: _method, ...rest } = options;
  const out = prepare(resolved(), { ...rest, method: { kind: 'direct' } }, 'active', true).solve();
  out.certificate.method = {
    kind: 'direct', requested,
    reason: route === 'iterative'
      ? 'the iterative route found its equilibrated pinned system numerically singular; the direct route decided'
      : 'the Krylov route found the unequilibrated system numerically singular; the direct route, which equilibrates it, decided',
  };
  return out;
}

/**
 * Prepares steady-state solves for the family of `model`: with select = 'all' (default) every channel with
 * a non-zero operator is a term, so rates may later become non-zero; 'active' keeps only channels with
 * rate > 0 (finest sectors, one-off solves). Sectors, charge argument, per-term sector matrices and the
 * sparse ordering are computed once and reused by every `solve(θ)`.
 */
export function prepareSteadyState(model: LindbladModel, options: SteadyOptions = {}, select: TermSelection = 'all'): PreparedSteadyState {
  checkModel(model);
  check(select === 'all' || select === 'active', 'select', `expected "all" or "active", got ${describe(select)}`);
  try {
    return prepare(model, options, select, false);
  } catch (e) {
    // (options not validated yet when prepare threw: read the method's kind defensively)
    throw breakdownAsUserError(e, String((options as { method?: { kind?: unknown } } | null | undefined)?.method?.kind ?? 'auto'));
  }
}

/**
 * Checks θ of `solve(θ)` against the plan's terms (SectorPlan.modelAt): one entry per term, a finite real
 * for the Hamiltonian's (its scale: any sign) and a rate ≥ 0 or +Infinity for each channel's. True when every
 * entry is finite. A LindbladError on field `theta[k]` otherwise: a NaN, negative or missing rate used to
 * be solved as given and certified.
 */
function checkTheta(theta: ArrayLike<number>, plan: SectorPlan): boolean {
  // (messages are built only on failure: this runs at every point of a sweep)
  const terms = plan.liouvillian.terms;
  const length = typeof theta === 'object' && theta !== null ? (theta as { length?: unknown }).length : undefined;
  if (length !== terms.length) {
    const names = terms.map((t) => (t.kind === 'hamiltonian' ? 'H' : `channel ${t.channel}`)).join(', ');
    throw new LindbladError('invalid-input', typeof length === 'number'
      ? `expected ${terms.length} coefficients (one per term: ${names}), got ${length}`
      : `expected an array of ${terms.length} coefficients (${names}), got ${describe(theta)}`, 'theta');
  }
  let finite = true;
  for (let k = 0; k < terms.length; k++) {
    const v = theta[k], term = terms[k];
    if (term.kind === 'hamiltonian' ? !(typeof v === 'number' && Number.isFinite(v)) : !(typeof v === 'number' && v >= 0)) {
      throw new LindbladError('invalid-input', term.kind === 'hamiltonian'
        ? `expected a finite Hamiltonian scale, got ${describe(v)}`
        : `expected a rate ≥ 0 (or Infinity for the infinitely fast limit) for channel ${term.channel}, got ${describe(v)}`, `theta[${k}]`);
    }
    if (v === Infinity) finite = false;
  }
  return finite;
}

/** prepareSteadyState; `oneOff`: only the model's own θ will be solved, once (SectorPlanOptions.oneOff). */
function prepare(model: LindbladModel, options: SteadyOptions, select: TermSelection, oneOff: boolean): PreparedSteadyState {
  const o = resolveSteadyOptions(options, select), method = o.method;
  if (method.kind === 'krylov') throw new LindbladError('unsupported', 'prepared (family) solves use method "auto", "direct" or "iterative"; call steadyState for a Krylov solve', 'method.kind');
  const plan = new SectorPlan(model, select, {
    sectors: o.sectors,
    solve: method.kind === 'iterative' ? method : { kind: 'direct', factorization: o.solver },
    tol: o.degeneracyTolerance,
    exchange: o.exchange,
    oneOff,
  });
  const choice = method.kind === 'auto' ? new AutoChoice(model, plan) : null;
  const modes = fockModes(model.space), itself = (): LindbladModel => model;
  const deferred = (theta?: ArrayLike<number>): SteadyStateResult => {
    // an infinite rate: the infinitely-fast limit of that member (as steadyState, and as sweeps route it)
    if (theta !== undefined && !checkTheta(theta, plan)) return withTruncation(fastLimitSteadyState(plan.modelAt(theta), o.degeneracyTolerance), modes);
    // Bound, not an arrow: no closure per point of a sweep (tsx's esbuild names each arrow it creates).
    const at = theta === undefined ? itself : plan.modelAt.bind(plan, theta);
    const dim = model.space.dim; // the model at θ (built by `at` only when the direct route is asked) has the same space
    // (a 'split' plan's verdict is the sector analysis's, exact: nothing for the direct route to decide again)
    if (method.kind === 'iterative' && plan.route !== 'split') return withTruncation(redecidedDirectly(at, dim, options, 'iterative', () => directDeferred(theta)), modes);
    if (choice?.takesIterativeRoute) return withTruncation(redecidedDirectly(at, dim, options, 'auto', () => picks(theta, at), choice.choice.kind === 'iterative' ? 'iterative' : 'krylov'), modes);
    return withTruncation(picks(theta, at), modes);
  };
  const picks = (theta: ArrayLike<number> | undefined, at: () => LindbladModel): SteadyStateResult => {
    const picked = choice?.at(at, o);
    if (picked && 'rho' in picked) return picked;
    const out = directDeferred(theta);
    if (picked) out.certificate.method = picked;
    return out;
  };
  const directDeferred = (theta?: ArrayLike<number>): SteadyStateResult => {
    if (plan.route === 'full' && !plan.sector) return fullSteadyState(theta === undefined ? model : plan.modelAt(theta), o);
    if (plan.route === 'split') return degenerate(theta === undefined ? model : plan.modelAt(theta), o, { smallestEigenvalue: 0, scale: 1, solver: 'sector analysis', reason: plan.splitReason(), structural: true });
    const out = plan.solve(theta ?? plan.coefficients);
    if (out.kind === 'degenerate') return degenerate(theta === undefined ? model : plan.modelAt(theta), o, out);
    return out; // SectorSolved: certificate now, ρ built on first access
  };
  // a numerical breakdown at a member is the user's error (breakdownAsUserError), as for steadyState
  const guarded = (theta?: ArrayLike<number>): SteadyStateResult => {
    try {
      return deferred(theta);
    } catch (e) {
      throw breakdownAsUserError(e, method.kind);
    }
  };
  return {
    plan,
    solveDeferred: guarded,
    solve(theta?: ArrayLike<number>): SteadyStateResult {
      const r = guarded(theta);
      return r instanceof SectorSolved ? r.toResult() : r; // ρ built only when read
    },
  };
}

