/**
 * Ready-made sweeps for the paper's models (plus model files, sweep/families.ts), described by plain data so
 * a worker thread can rebuild them: `sweepSpecFrom({ model, args, fileText })` validates everything before
 * any work starts and returns the SweepSpec; `paperFamilies` hands them to `runSweep`. Units as in the model
 * builders (cavity: rates and g in units of g; diamond: β in units of 1/ω0, Γ⁺ a rate).
 *
 *  - cavity: g (default 1), kappa, gamma, pump (required), cutoff (default 4). One family per cutoff. With
 *    --emitters (or any N-emitter channel) the Dicke-block family of emitters-family.ts instead.
 *  - diamond: beta-a, beta-s (required, ±inf allowed as single values), gamma-plus (default 1).
 */
import type { LindbladModel } from '../model/model.ts';
import { concurrence } from '../measures/measures.ts';
import type { RangeOptions } from '../sweep/grid.ts';
import { standardOutput, type SweepParams, type SweepSpec } from '../sweep/sweep.ts';
import {
  certificateColumns, memo, modelFileDefinition, out, RatesPoint, specFromDefinition,
  type FamilyDefinition, type SweepFamilies, type SweepRequest,
} from '../sweep/families.ts';
import { workerEntry } from '../io/threads.ts';
import { cavityModel } from './cavity.ts';
import { cavityObservables } from './cavity-solve.ts';
import { effectiveDiamond } from './elimination.ts';
import { diamondModel, emissionRate } from './diamond.ts';
import { diamondConcurrenceAnalytic } from './analytic.ts';
import { EMITTER_PARAMS, emittersFamily } from './emitters-family.ts';

export type { SweepRequest } from '../sweep/families.ts';

function cavity(): FamilyDefinition {
  const rate: RangeOptions = { min: 0 };
  const templates = new Map<number, LindbladModel>();
  const families = new Map<number, { key: string; template: () => LindbladModel }>();
  const obs = memo((r) => cavityObservables(r.rho, r.params.cutoff));
  const eff = memo((r) => effectiveDiamond({ g: r.params.g, kappa: r.params.kappa, gamma: r.params.gamma, pump: r.params.pump }));
  return {
    params: [
      { name: 'g', range: rate, default: 1 }, { name: 'kappa', range: rate }, { name: 'gamma', range: rate },
      { name: 'pump', range: rate }, { name: 'cutoff', range: { min: 1, integer: true }, default: 4 },
    ],
    build: (p) => {
      let family = families.get(p.cutoff);
      if (!family) {
        const cutoff = p.cutoff;
        family = {
          key: `cavity:${cutoff}`,
          template: () => {
            let m = templates.get(cutoff);
            if (!m) { m = cavityModel({ g: 1, kappa: 1, gamma: 1, pump: 1, cutoff }).model; templates.set(cutoff, m); }
            return m;
          },
        };
        families.set(cutoff, family);
      }
      // channels: pump q1, pump q2, decay q1, decay q2, cavity loss (cavity.ts)
      return new RatesPoint(family.key, family.template, p.g, [p.pump, p.pump, p.gamma, p.gamma, p.kappa]);
    },
    outputs: [
      out('concurrence', (r) => obs(r).concurrence),
      out('pG', (r) => obs(r).populations.G), out('pS', (r) => obs(r).populations.S),
      out('pA', (r) => obs(r).populations.A), out('pE', (r) => obs(r).populations.E),
      out('meanPhotons', (r) => obs(r).meanPhotons), out('topFockPopulation', (r) => obs(r).topFockPopulation),
      standardOutput('heat.pump'), standardOutput('heat.emitters'), standardOutput('heat.cavity'), standardOutput('entropyProduction'),
      out('effConcurrence', (r) => eff(r).concurrence), out('effBetaA', (r) => eff(r).betaA), out('effBetaS', (r) => eff(r).betaS),
      ...certificateColumns.map(standardOutput),
    ],
  };
}

function diamond(): FamilyDefinition {
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
      standardOutput('heat.S'), standardOutput('heat.A'), standardOutput('entropyProduction'),
      ...certificateColumns.map(standardOutput),
    ],
  };
}

/**
 * The SweepSpec of a request ('cavity', 'diamond' or 'file'); every parameter is validated (unknown names,
 * range syntax, negative rates, missing required values) before anything is solved. Errors are
 * LindbladErrors naming the option.
 */
export function sweepSpecFrom(req: SweepRequest): SweepSpec & { parameters: string[] } {
  const m = req.model === 'cavity' ? (EMITTER_PARAMS.some((k) => Object.hasOwn(req.args, k)) ? emittersFamily() : cavity()) : req.model === 'diamond' ? diamond() : modelFileDefinition(req);
  return specFromDefinition(m, req);
}

/** The paper's cavity and diamond families and model files, for runSweep. */
export const paperFamilies: SweepFamilies = { worker: workerEntry('sweep-worker', import.meta.url), specFrom: sweepSpecFrom };
