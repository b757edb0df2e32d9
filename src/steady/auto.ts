/**
 * method { kind: 'auto' } for a prepared steady-state solve: which method each solve takes (choice.ts,
 * decided once per plan from the template model), the Krylov solve when it is chosen (krylov-steady.ts),
 * and the fall-back to the direct route when that solve does not converge. The direct route itself stays
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

export class AutoChoice {
  private readonly choice: MethodChoice;
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

  /** Whether the solves take the Krylov route (and fall back to the direct one only when it fails). */
  get takesKrylov(): boolean {
    return this.choice.kind === 'krylov';
  }

  /**
   * For the model at θ (`modelAt`; the template when it returns `this.model`): the Krylov result when Krylov
   * is chosen and converges, else the MethodChoice of the direct solve the caller is to make.
   */
  at(modelAt: () => LindbladModel, o: ResolvedSteadyOptions): MethodChoice | SteadyStateResult {
    if (this.choice.kind === 'direct') return this.choice;
    const m = modelAt();
    const krylov = m === this.model ? (this.template ??= new KrylovSteady(m)) : new KrylovSteady(m);
    try {
      return krylov.solve({ kind: 'krylov' }, o, this.choice);
    } catch (e) {
      if (!(e instanceof LindbladError && e.code === 'not-converged' && e.field === 'method')) throw e;
      const text = e.message.replace(/^method: /, '');
      return { ...this.choice, kind: 'direct', reason: `${this.choice.reason}; but the Krylov solve did not converge (${text}), so the direct route was taken` };
    }
  }
}
