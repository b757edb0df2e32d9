/**
 * The N-emitter cavity model's steady state with its observables (pair concurrence, excitation per
 * emitter, photon number and g²(0), spin squeezing, heat currents, entropy production, the top Fock level's
 * population as a truncation warning) and the adiabatic-elimination prediction; optionally the cutoff is
 * raised until the pair concurrence stops changing (as cavity-solve.ts does for two emitters).
 */
import { steadyState, type SteadyOptions } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import { LindbladError, check, describe, isPlainObject } from '../errors.ts';
import { emittersInCavity, type EmittersInCavityParams } from '../model/emitters-cavity.ts';
import { checkDickeState, type DickeCavityState } from '../symmetry/dicke-sector.ts';
import { cavityG2, emitterMoments, pairConcurrence, spinSqueezing, type EmitterMoments, type MaybeValue } from '../measures/emitters.ts';
import { emittersEntropyProduction, emittersHeatCurrents } from '../thermo/emitters-heat.ts';
import { cavityInducedDecay, eliminatedCavityModel, eliminationValidity } from './emitters-elimination.ts';
import { checkCutoffPolicy, type CutoffPolicy } from './cavity-solve.ts';

export interface EmittersObservables {
  /** NaN for N = 1 (no pair; measures/emitters.ts). */
  pairConcurrence: number;
  excitationPerEmitter: number;
  meanPhotons: number;
  g2: MaybeValue;
  spinSqueezing: MaybeValue;
  /** Population of the top Fock level: should be ≪ the accuracy wanted. */
  topFockPopulation: number;
  moments: EmitterMoments;
}

export interface EmittersCavitySteadyState extends EmittersObservables {
  emitters: number;
  cutoff: number;
  state: DickeCavityState;
  heatCurrents: Record<string, number>;
  /** Ṡ (k_B = 1, rate units); +∞ with the paper's zero-temperature baths whenever heat flows. */
  entropyProduction: number;
  /** The adiabatic-elimination prediction (κ > 0 only): collective decay 4g²/κ and the effective model's observables. */
  effective: {
    collectiveDecay: number; pairConcurrence: number; excitationPerEmitter: number; spinSqueezing: MaybeValue; meanPhotons: number;
    /** Distance from the bad-cavity limit (emitters-elimination.ts eliminationValidity): g√N/κ, 2Γ₂/κ and a warning or null. */
    validity: { couplingRatio: number; linewidthRatio: number; warning: string | null };
  } | null;
  certificate: Certificate;
}

/** The observables of a reduced state (module comment). */
export function emittersObservables(state: DickeCavityState): EmittersObservables {
  checkDickeState(state);
  const moments = emitterMoments(state);
  return {
    pairConcurrence: pairConcurrence(state), excitationPerEmitter: moments.excitationPerEmitter, meanPhotons: moments.meanPhotons,
    g2: cavityG2(state), spinSqueezing: spinSqueezing(state), topFockPopulation: state.topFockPopulation(), moments,
  };
}

/** Steady state of the N-emitter cavity model with its observables and the effective-model prediction. */
export function emittersCavitySteadyState(params: EmittersInCavityParams, policy: CutoffPolicy = { kind: 'fixed' }, options: SteadyOptions = {}): EmittersCavitySteadyState {
  check(isPlainObject(params), 'params', `expected the model's parameters { emitters, cutoff, … }, got ${describe(params)}`);
  checkCutoffPolicy(policy);
  const solve = (cutoff: number): EmittersCavitySteadyState => {
    const model = emittersInCavity({ ...params, cutoff }), r = steadyState(model, options);
    const obs = emittersObservables(r.state), p = model.params;
    let effective: EmittersCavitySteadyState['effective'] = null;
    if (p.kappa > 0) {
      const e = steadyState(eliminatedCavityModel(p), options), m = emitterMoments(e.state);
      const G = cavityInducedDecay(p.g, p.kappa);
      effective = {
        collectiveDecay: G, pairConcurrence: pairConcurrence(e.state), excitationPerEmitter: m.excitationPerEmitter, spinSqueezing: spinSqueezing(e.state),
        meanPhotons: (G / p.kappa) * m.jPlusJMinus + p.cavityThermal, // a ≈ −(2ig/κ)J⁻ + thermal part
        validity: eliminationValidity(p),
      };
    }
    const ep = emittersEntropyProduction(model, r.state);
    return { emitters: p.emitters, cutoff, state: r.state, ...obs, heatCurrents: emittersHeatCurrents(model, r.state), entropyProduction: ep.rate, effective, certificate: r.certificate };
  };
  let cur = solve(params.cutoff);
  if (policy.kind === 'fixed') return cur;
  for (let n = params.cutoff + 1; ; n = Math.min(policy.maxCutoff, Math.ceil(n * 1.5))) {
    if (n > policy.maxCutoff || cur.cutoff >= policy.maxCutoff) {
      throw new LindbladError('not-converged', `pair concurrence still changing at cutoff ${cur.cutoff} (max ${policy.maxCutoff})`, 'cutoff');
    }
    const next = solve(n);
    const settled = next.emitters < 2 || Math.abs(next.pairConcurrence - cur.pairConcurrence) <= policy.tolerance; // N = 1: no pair (NaN)
    if (settled && next.topFockPopulation <= policy.tolerance) return next;
    cur = next;
  }
}
