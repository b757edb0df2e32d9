/**
 * The sweep family of the N-emitter cavity model (`lindblad sweep cavity --emitters N …`): parameters g
 * (default 1), kappa, gamma, pump (required), emitters (default 2), cutoff (default 4), dephasing,
 * collective-decay, collective-pump, cavity-thermal (default 0); rates in units of g. Points with the same
 * N and cutoff share one prepared solve (PreparedEmittersSteady: sector, term matrices, ordering, pivots),
 * so a κ sweep changes only θ. Outputs: the observables of paper/emitters-solve.ts, heat currents,
 * entropy production and the certificate columns; an undefined g² or ξ² is the string "undefined".
 */
import { LindbladError } from '../errors.ts';
import { EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { dickeCoefficients } from '../liouvillian/dicke-cavity.ts';
import type { DickeCavityState } from '../symmetry/dicke-sector.ts';
import { PreparedEmittersSteady } from '../steady/dicke.ts';
import type { Certificate } from '../steady/certificate.ts';
import type { MaybeValue } from '../measures/emitters.ts';
import { emittersEntropyProduction, emittersHeatCurrentErrors, emittersHeatCurrents } from '../thermo/emitters-heat.ts';
import type { RhoError } from '../thermo/heat-error.ts';
import { standardOutput, type PointResult, type SweepParams } from '../sweep/sweep.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import type { LindbladModel } from '../model/model.ts';
import { certificateColumns, memo, out, type FamilyDefinition } from '../sweep/family-definition.ts';
import { emittersObservables } from './emitters-solve.ts';
import { zeroChargeSize, emittersSolveBytes } from '../model/dicke-basis.ts';

/** A solved point: the reduced state; no dense ρ exists (2^N(cutoff+1) dimensions). */
class EmittersPoint implements PointResult {
  constructor(readonly index: number, readonly params: SweepParams, readonly state: DickeCavityState, readonly certificate: Certificate,
    private readonly emitters: EmittersInCavityModel) {}

  get rho(): DenseMatrix {
    throw new LindbladError('unsupported', 'the N-emitter model has no dense ρ; use its outputs (pairConcurrence, excitationPerEmitter, …)', 'outputs');
  }

  model(): LindbladModel {
    throw new LindbladError('unsupported', 'the N-emitter model is not a tensor-product model', 'outputs');
  }

  heat(): Record<string, number> {
    return emittersHeatCurrents(this.emitters, this.state);
  }

  entropyProduction(): number {
    return emittersEntropyProduction(this.emitters, this.state).rate;
  }

  heatErrors(rhoError: RhoError): Record<string, number> {
    return emittersHeatCurrentErrors(this.emitters, this.state, rhoError);
  }

  entropyProductionError(rhoError: RhoError): number {
    return emittersEntropyProduction(this.emitters, this.state, rhoError).errors!.rate;
  }
}

// The sector size and the solve's memory bound live with the basis (model/dicke-basis.ts, which refuses oversized models).
export { zeroChargeSize, emittersSolveBytes } from '../model/dicke-basis.ts';
const maybe = (v: MaybeValue): number | string => (v.kind === 'value' ? v.value : 'undefined');
/** The pair concurrence, 'undefined' for N = 1 (NaN: no pair). */
const noPair = (c: number): number | string => (Number.isNaN(c) ? 'undefined' : c);

/** The family definition (module comment). */
export function emittersFamily(): FamilyDefinition {
  const rate = { min: 0 };
  const obs = memo((r) => emittersObservables((r as EmittersPoint).state));
  return {
    params: [
      { name: 'g', range: rate, default: 1 }, { name: 'kappa', range: rate }, { name: 'gamma', range: rate }, { name: 'pump', range: rate },
      { name: 'emitters', range: { min: 1, integer: true }, default: 2 }, { name: 'cutoff', range: { min: 1, integer: true }, default: 4 },
      { name: 'dephasing', range: rate, default: 0 }, { name: 'collective-decay', range: rate, default: 0 },
      { name: 'collective-pump', range: rate, default: 0 }, { name: 'cavity-thermal', range: rate, default: 0 },
    ],
    build: (p) => {
      const model = new EmittersInCavityModel({
        emitters: p.emitters, cutoff: p.cutoff, g: p.g, kappa: p.kappa, gamma: p.gamma, pump: p.pump, dephasing: p.dephasing,
        collectiveDecay: p['collective-decay'], collectivePump: p['collective-pump'], cavityThermal: p['cavity-thermal'],
      });
      return {
        kind: 'custom',
        key: `emitters:${p.emitters}:${p.cutoff}`,
        unknowns: zeroChargeSize(p.emitters, p.cutoff),
        solveBytes: emittersSolveBytes(p.emitters, p.cutoff),
        prepare: () => new PreparedEmittersSteady(model),
        solve: (prepared, index, params) => {
          const r = (prepared as PreparedEmittersSteady).solve(dickeCoefficients(model.params));
          return new EmittersPoint(index, params, r.state, r.certificate, model);
        },
      };
    },
    outputs: [
      out('pairConcurrence', (r) => noPair(obs(r).pairConcurrence)), out('excitationPerEmitter', (r) => obs(r).excitationPerEmitter),
      out('meanPhotons', (r) => obs(r).meanPhotons), out('g2', (r) => maybe(obs(r).g2)), out('spinSqueezing', (r) => maybe(obs(r).spinSqueezing)),
      out('topFockPopulation', (r) => obs(r).topFockPopulation), out('jz', (r) => obs(r).moments.jz), out('jPlusJMinus', (r) => obs(r).moments.jPlusJMinus),
      ...['pump', 'emitters', 'cavity'].flatMap((b) => [standardOutput(`heat.${b}`), standardOutput(`heatError.${b}`)]),
      standardOutput('entropyProduction'), standardOutput('entropyProductionError'),
      ...certificateColumns.map(standardOutput),
    ],
  };
}
