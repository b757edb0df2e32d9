/**
 * `lindblad cavity`: one steady state of the paper's cavity model (two emitters on the tensor-product
 * route, N emitters on Dicke blocks), with the effective-model comparison. Units g = 1. (`lindblad
 * diamond` is diamond-run.ts.)
 */
import type { Command } from 'commander';
import { parseNumber, toJson } from './io.ts';
import { fmt } from './format.ts';
import { TRUNCATION_LIMIT } from '../steady/truncation.ts';
import { cavitySteadyState, twoEmitterMoments } from '../paper/cavity-solve.ts';
import { LindbladError } from '../errors.ts';
import { checkMemory, checkSteadyMemory } from '../io/limits.ts';
import { cavityDimension } from '../paper/cavity.ts';
import { emittersSolveBytes, zeroChargeSize } from '../paper/emitters-family.ts';
import type { EmittersInCavityParams } from '../model/emitters-cavity.ts';
import { MAX_EMITTERS } from '../model/dicke-basis.ts';
import { g2FromMoments, squeezingFromMoments, type MaybeValue } from '../measures/emitters.ts';
import { emittersCavitySteadyState } from '../paper/emitters-solve.ts';
import type { CutoffPolicy } from '../paper/cavity-solve.ts';

/**
 * Lower bound of the memory per zero-charge sector unknown of the two-emitter cavity solve: the per-term
 * sector matrices, their union pattern and the LU's factors hold well over 100 doubles per unknown
 * (measured: ≈ 2.7 kB per unknown of RSS growth at cutoff 1024).
 */
const SECTOR_BYTES_PER_UNKNOWN = 800;

/** JSON form of a MaybeValue: the number, or null (the text output says why). */
const maybe = (v: MaybeValue): number | null => (v.kind === 'value' ? v.value : null);
const maybeText = (v: MaybeValue): string => (v.kind === 'value' ? fmt(v.value) : `undefined (${v.reason})`);

export async function runCavity(opts: Record<string, string | boolean | undefined>): Promise<void> {
      const num = (k: string, flag: string) => parseNumber(String(opts[k]), flag, { min: 0 });
      const emitters = parseNumber(String(opts.emitters), '--emitters', { integer: true, min: 1 });
      if (emitters > MAX_EMITTERS) throw new LindbladError('invalid-input', `expected at most ${MAX_EMITTERS} emitters, got ${emitters}`, '--emitters');
      const extra = {
        dephasing: num('dephasing', '--dephasing'), collectiveDecay: num('collectiveDecay', '--collective-decay'),
        collectivePump: num('collectivePump', '--collective-pump'), cavityThermal: num('cavityThermal', '--cavity-thermal'),
      };
      const params = {
        g: num('g', '--g'), kappa: num('kappa', '--kappa'), gamma: num('gamma', '--gamma'), pump: num('pump', '--pump'),
        cutoff: parseNumber(String(opts.cutoff), '--cutoff', { integer: true, min: 1 }),
        frame: opts.frame as 'rotating' | 'lab',
      };
      if (params.frame !== 'rotating' && params.frame !== 'lab') throw new LindbladError('invalid-input', `expected rotating or lab, got ${JSON.stringify(opts.frame)}`, '--frame');
      const policy = opts.autoCutoff !== undefined
        ? { kind: 'converge' as const, tolerance: parseNumber(String(opts.autoCutoff), '--auto-cutoff', { exclusiveMin: 0 }), maxCutoff: 200 }
        : { kind: 'fixed' as const };
      // N = 2 with the paper's channels only: the tensor-product route of today (same numbers); else the Dicke blocks.
      if (emitters !== 2 || Object.values(extra).some((v) => v !== 0)) {
        runEmitters({ emitters, ...extra, g: params.g, kappa: params.kappa, gamma: params.gamma, pump: params.pump, cutoff: params.cutoff }, policy, opts.json === true);
        return;
      }
      const top = Math.max(params.cutoff, policy.kind === 'converge' ? policy.maxCutoff : 0);
      // With every rate positive (and far from under/overflow) the state is unique and solved in the zero-charge
      // sector (16N + 4 unknowns), ρ kept block diagonal: memory grows with N, not n². A vanishing rate can make
      // it non-unique, and that verdict and its stationary basis are built on the full space: 64·n² bytes.
      const sectorRoute = [params.kappa, params.gamma, params.pump].every((r) => r >= 1e-150 && r <= 1e150);
      if (sectorRoute) checkMemory(SECTOR_BYTES_PER_UNKNOWN * (16 * top + 4), `a steady state at cutoff ${top} (${16 * top + 4} sector unknowns, at least ${SECTOR_BYTES_PER_UNKNOWN} bytes each)`, '--cutoff');
      else checkSteadyMemory(cavityDimension(top), '--cutoff');
      const r = cavitySteadyState(params, policy);
      // The fields added for N emitters, from the same tensor-product state (test/emitters: equal to the Dicke route).
      const m = twoEmitterMoments(r), d = { excitationPerEmitter: m.excitationPerEmitter, g2: g2FromMoments(m), spinSqueezing: squeezingFromMoments(m) };
      const out = {
        concurrence: r.concurrence, meanPhotons: r.meanPhotons, topFockPopulation: r.topFockPopulation, cutoff: r.cutoff,
        populations: r.populations,
        effective: { betaA: r.effective.betaA, betaS: r.effective.betaS, concurrence: r.effective.concurrence, collectiveDecay: r.effective.collectiveDecay },
        emitters: 2, pairConcurrence: r.concurrence, excitationPerEmitter: d.excitationPerEmitter, g2: maybe(d.g2), spinSqueezing: maybe(d.spinSqueezing),
        certificate: r.certificate,
      };
      if (opts.json) {
        process.stdout.write(toJson(out) + '\n');
        return;
      }
      const p = r.populations;
      process.stdout.write([
        `cavity model: g = ${params.g}, κ = ${params.kappa}, γ = ${params.gamma}, p = ${params.pump}, cutoff ${r.cutoff} (${params.frame} frame)`,
        `  concurrence of the two emitters C = ${fmt(r.concurrence)}`,
        `  populations G ${fmt(p.G)}  S ${fmt(p.S)}  A ${fmt(p.A)}  E ${fmt(p.E)}`,
        `  mean photon number ${fmt(r.meanPhotons)}, top Fock level population ${r.topFockPopulation.toExponential(2)}${r.topFockPopulation > TRUNCATION_LIMIT ? '  ⚠ raise --cutoff' : ''}`,
        `  excitation per emitter ${fmt(d.excitationPerEmitter)}, g²(0) ${maybeText(d.g2)}, spin squeezing ξ² ${maybeText(d.spinSqueezing)}`,
        `  effective model (Eq. 9): β_A = ${fmt(r.effective.betaA)}, β_S = ${fmt(r.effective.betaS)}, C_eff = ${fmt(r.effective.concurrence)}`,
        `  certificate: residual ${r.certificate.residual.toExponential(2)}, min eigenvalue ${r.certificate.minEigenvalue.toExponential(2)}, unique ${r.certificate.unique}, status ${r.certificate.status}${r.certificate.conditioning ? `, estimated error ${r.certificate.conditioning.errorBound.toExponential(1)}` : ''}`,
      ].join('\n') + '\n');
    }

/** `lindblad cavity --emitters N …` on the Dicke-block route (model/emitters-cavity.ts). */
function runEmitters(params: EmittersInCavityParams, policy: CutoffPolicy, json: boolean): void {
  const largest = Math.max(params.cutoff, policy.kind === 'converge' ? policy.maxCutoff : 0);
  checkMemory(emittersSolveBytes(params.emitters, largest), `a steady state of ${params.emitters} emitters at cutoff ${largest} (${zeroChargeSize(params.emitters, largest)} sector unknowns)`, '--cutoff');
  const r = emittersCavitySteadyState(params, policy);
  const e = r.effective;
  const out = {
    emitters: r.emitters, pairConcurrence: Number.isNaN(r.pairConcurrence) ? null : r.pairConcurrence, excitationPerEmitter: r.excitationPerEmitter, meanPhotons: r.meanPhotons,
    g2: maybe(r.g2), spinSqueezing: maybe(r.spinSqueezing), topFockPopulation: r.topFockPopulation, cutoff: r.cutoff,
    moments: { jz: r.moments.jz, jz2: r.moments.jz2, jPlusJMinus: r.moments.jPlusJMinus, jSquared: r.moments.jSquared },
    heatCurrents: r.heatCurrents, entropyProduction: r.entropyProduction,
    effective: e ? { collectiveDecay: e.collectiveDecay, pairConcurrence: Number.isNaN(e.pairConcurrence) ? null : e.pairConcurrence, excitationPerEmitter: e.excitationPerEmitter, spinSqueezing: maybe(e.spinSqueezing), meanPhotons: e.meanPhotons, validity: e.validity } : null,
    certificate: r.certificate,
  };
  if (json) {
    process.stdout.write(toJson(out) + '\n');
    return;
  }
  const c = r.certificate;
  process.stdout.write([
    `cavity model with N = ${r.emitters} emitters (permutation-invariant Dicke blocks): g = ${params.g}, κ = ${params.kappa}, γ = ${params.gamma}, p = ${params.pump}, cutoff ${r.cutoff}`
      + (params.dephasing || params.collectiveDecay || params.collectivePump || params.cavityThermal ? `, γ_φ = ${params.dephasing}, Γ_c = ${params.collectiveDecay}, Γ_p = ${params.collectivePump}, n_th = ${params.cavityThermal}` : ''),
    `  pair concurrence C = ${r.emitters < 2 ? 'undefined (one emitter: no pair)' : fmt(r.pairConcurrence)}, excitation per emitter ${fmt(r.excitationPerEmitter)}, spin squeezing ξ² ${maybeText(r.spinSqueezing)}`,
    `  mean photon number ${fmt(r.meanPhotons)}, g²(0) ${maybeText(r.g2)}, top Fock level population ${r.topFockPopulation.toExponential(2)}${r.topFockPopulation > TRUNCATION_LIMIT ? '  ⚠ raise --cutoff' : ''}`,
    `  heat currents ${Object.entries(r.heatCurrents).map(([b, q]) => `Q̇_${b} = ${fmt(q)}`).join(', ')}; entropy production Ṡ = ${fmt(r.entropyProduction)}`,
    e ? `  cavity eliminated (collective decay 4g²/κ = ${fmt(e.collectiveDecay)}): C = ${r.emitters < 2 ? 'undefined (no pair)' : fmt(e.pairConcurrence)}, excitation per emitter ${fmt(e.excitationPerEmitter)}${e.validity.warning ? `\n    ⚠ ${e.validity.warning}` : ''}` : '  cavity elimination: needs κ > 0',
    `  certificate: residual ${c.residual.toExponential(2)}, min eigenvalue ${c.minEigenvalue.toExponential(2)}, status ${c.status}${c.conditioning ? `, estimated error ${c.conditioning.errorBound.toExponential(1)}` : ''}, ${c.unknowns} unknowns (${c.uniqueness.via})`,
    ...(c.method ? [`  solver = ${c.solver} (${c.method.reason})`] : []),
  ].join('\n') + '\n');
}
