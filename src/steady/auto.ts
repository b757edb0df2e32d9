/**
 * method { kind: 'auto' } for a prepared steady-state solve: which method each solve takes (choice.ts,
 * decided once per plan from the template model), the Krylov solve (krylov-steady.ts) or the sparse
 * iterative one (GMRES + ILU(0), full.ts) when chosen, and the fall-back when that solve does not converge:
 * from the iterative route to the next-cheapest prediction, from Krylov to the direct route. The direct route itself stays
 * with the caller (steady.ts), which attaches the returned MethodChoice to its certificate.
 */
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import type { MethodChoice } from './certificate.ts';
import type { SectorPlan } from './plan.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import type { SteadyStateResult } from './result.ts';
import { chooseFullRoute } from './choice.ts';
import { KrylovSteady } from './krylov-steady.ts';
import { fullSteadyState } from './full.ts';

/** A not-converged verdict of an iterative method (field 'method'): its message, else null (rethrow). */
function notConverged(e: unknown): string | null {
  return e instanceof LindbladError && e.code === 'not-converged' && e.field === 'method' ? e.message.replace(/^method: /, '') : null;
}

export class AutoChoice {
  readonly choice: MethodChoice;
  private template: KrylovSteady | null = null;
  private readonly model: LindbladModel;

  constructor(model: LindbladModel, plan: SectorPlan) {
    this.model = model;
    this.choice = plan.route === 'sector'
      ? { kind: 'direct', requested: 'auto', reason: `solved in the diagonal symmetry sector (${plan.via ?? 'sector'}): ${plan.sector?.size ?? 0} of ${model.space.dim ** 2} unknowns` }
      : plan.route === 'split'
        ? { kind: 'direct', requested: 'auto', reason: 'the diagonal entries fall into disconnected symmetry sectors (not unique): decided by the sector analysis' }
        : chooseFullRoute(model, plan.liouvillian, plan.coefficients);
  }

  /** Whether the solves take an iterative route, Krylov or sparse GMRES (and fall back only when it fails). */
  get takesIterativeRoute(): boolean {
    return this.choice.kind !== 'direct';
  }

  /**
   * For the model at θ (`modelAt`; the template when it returns `this.model`): the iterative route's result
   * when it is chosen and converges, else the MethodChoice of the direct solve the caller is to make.
   */
  at(modelAt: () => LindbladModel, o: ResolvedSteadyOptions): MethodChoice | SteadyStateResult {
    if (this.choice.kind === 'direct') return this.choice;
    const m = modelAt();
    if (this.choice.kind === 'iterative') {
      try {
        const r = fullSteadyState(m, { ...o, method: { kind: 'iterative', solver: 'gmres', maxIterations: this.choice.maxIterations } });
        r.certificate.method = this.choice;
        return r;
      } catch (e) {
        const text = notConverged(e);
        if (text === null) throw e;
        const p = this.choice.predicted!;
        const why = `${this.choice.reason}; but GMRES + ILU(0) did not converge within ${this.choice.maxIterations} iterations (${text.split('; use ')[0]}), so`;
        if (!(p.krylov < p.direct)) return { ...this.choice, kind: 'direct', reason: `${why} the direct route was taken` };
        return this.krylov(m, o, { ...this.choice, kind: 'krylov', reason: `${why} Schur-preconditioned GMRES was taken (predicted ${(p.krylov / p.direct).toPrecision(2)}× the LU)` });
      }
    }
    return this.krylov(m, o, this.choice);
  }

  /** The Krylov solve reporting `choice`; the direct route's MethodChoice when it does not converge. */
  private krylov(m: LindbladModel, o: ResolvedSteadyOptions, choice: MethodChoice): MethodChoice | SteadyStateResult {
    const krylov = m === this.model ? (this.template ??= new KrylovSteady(m)) : new KrylovSteady(m);
    try {
      return krylov.solve({ kind: 'krylov' }, o, choice);
    } catch (e) {
      const text = notConverged(e);
      if (text === null) throw e;
      return { ...choice, kind: 'direct', reason: `${choice.reason}; but the Krylov solve did not converge (${text}), so the direct route was taken` };
    }
  }
}
