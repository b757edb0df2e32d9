/**
 * The sweep family of the two-emitter cavity model (`lindblad sweep cavity …`): g (default 1), kappa, gamma,
 * pump (required), cutoff (default 4); rates and g in units of g. One prepared family per cutoff (its
 * template model built once, each point only sets θ: H scale g, then the rates of pump q1, pump q2, decay
 * q1, decay q2, cavity loss). Outputs: concurrence, populations, photons, heat currents, entropy
 * production, the effective-diamond (adiabatic elimination) values and the certificate columns.
 */
import type { LindbladModel } from '../model/model.ts';
import type { RangeOptions } from '../sweep/grid.ts';
import { standardOutput } from '../sweep/sweep.ts';
import { certificateColumns, memo, out, RatesPoint, type FamilyDefinition } from '../sweep/family-definition.ts';
import { cavityModel } from './cavity.ts';
import { cavityObservables } from './cavity-solve.ts';
import { effectiveDiamond } from './elimination.ts';

/** The family definition (one per request: it keeps its own per-cutoff templates). */
export function cavityFamily(): FamilyDefinition {
  const rate: RangeOptions = { min: 0 };
  const templates = new Map<number, LindbladModel>();
  const families = new Map<number, { key: string; template: () => LindbladModel }>();
  const obs = memo((r) => cavityObservables(r.rhoView ?? r.rho, r.params.cutoff));
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
      ...['pump', 'emitters', 'cavity'].flatMap((b) => [standardOutput(`heat.${b}`), standardOutput(`heatError.${b}`)]),
      standardOutput('entropyProduction'), standardOutput('entropyProductionError'),
      out('effConcurrence', (r) => eff(r).concurrence), out('effBetaA', (r) => eff(r).betaA), out('effBetaS', (r) => eff(r).betaS),
      ...certificateColumns.map(standardOutput),
    ],
  };
}
