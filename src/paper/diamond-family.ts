/**
 * The sweep family of the diamond model (`lindblad sweep diamond …`): beta-a, beta-s (required, ±inf
 * allowed as single values; β in units of 1/ω0), gamma-plus (default 1, a rate). One template model; each
 * point sets the four channel rates (S absorption, S emission, A absorption, A emission) and the baths' β.
 * Outputs: concurrence (and its closed form), populations, heat currents, entropy production and the
 * certificate columns.
 */
import type { LindbladModel } from '../model/model.ts';
import { concurrence } from '../measures/measures.ts';
import type { RangeOptions } from '../sweep/grid.ts';
import { standardOutput } from '../sweep/sweep.ts';
import { certificateColumns, memo, out, RatesPoint, type FamilyDefinition } from '../sweep/family-definition.ts';
import { diamondModel, emissionRate } from './diamond.ts';
import { diamondConcurrenceAnalytic } from './analytic.ts';

/** The family definition (one per request). */
export function diamondFamily(): FamilyDefinition {
  const beta: RangeOptions = { allowInfinite: true };
  const d = diamondModel({ betaA: 0, betaS: 0, gammaPlus: 1 });
  const pops = memo((r) => d.populations(r.rho));
  const template = (): LindbladModel => d.model;
  return {
    params: [{ name: 'beta-a', range: beta }, { name: 'beta-s', range: beta }, { name: 'gamma-plus', range: { min: 0 }, default: 1 }],
    build: (p) => {
      const gp = p['gamma-plus'], bA = p['beta-a'], bS = p['beta-s'];
      // channels: S absorption, S emission, A absorption, A emission (diamond.ts)
      return new RatesPoint('diamond', template, 1, [gp, emissionRate(gp, bS), gp, emissionRate(gp, bA)], { S: bS, A: bA });
    },
    outputs: [
      out('concurrence', (r) => concurrence(d.twoQubitState(r.rho))),
      out('concurrenceAnalytic', (r) => diamondConcurrenceAnalytic(r.params['beta-a'], r.params['beta-s'])),
      out('pG', (r) => pops(r).G), out('pS', (r) => pops(r).S), out('pA', (r) => pops(r).A), out('pE', (r) => pops(r).E),
      standardOutput('heat.S'), standardOutput('heatError.S'), standardOutput('heat.A'), standardOutput('heatError.A'),
      standardOutput('entropyProduction'), standardOutput('entropyProductionError'),
      ...certificateColumns.map(standardOutput),
    ],
  };
}
