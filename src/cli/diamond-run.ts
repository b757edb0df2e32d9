/**
 * `lindblad diamond`: the effective diamond model's steady state (Eqs. 1–6) with its certificate, the
 * concurrence against its closed form, and the heat currents and entropy production. Units ω0 = Γ⁺ = 1.
 * Its own module, apart from `cavity` (physics-run.ts), so that the command loads only what it runs.
 */
import { parseNumber } from './parse-number.ts';
import { toJson } from './json-out.ts';
import { fmt } from './format.ts';
import { diamondModel } from '../paper/diamond.ts';
import { diamondConcurrenceAnalytic } from '../paper/analytic.ts';
import { steadyState } from '../steady/steady.ts';
import { concurrence } from '../measures/measures.ts';
import { entropyProduction, heatCurrents } from '../thermo/heat.ts';
import { LindbladError } from '../errors.ts';

/** The diamond model's steady state and thermodynamics at (β_A, β_S). */
export function diamondReport(betaA: number, betaS: number) {
  const d = diamondModel({ betaA, betaS });
  const ss = steadyState(d.model);
  let heat: Record<string, number> | null = null, sdot: number | null = null;
  try {
    const ep = entropyProduction(d.model, ss.rho);
    heat = ep.heatCurrents;
    sdot = ep.rate;
  } catch (e) {
    if (!(e instanceof LindbladError)) throw e;
    try {
      heat = heatCurrents(d.model, ss.rho);
    } catch (e2) {
      // both baths infinitely fast (β = +∞, or so large that Γ⁺e^β overflows): the currents are undefined
      if (!(e2 instanceof LindbladError) || e2.code !== 'unsupported') throw e2;
      heat = null;
    }
  }
  return {
    betaA, betaS,
    concurrence: concurrence(d.twoQubitState(ss.rho)),
    concurrenceAnalytic: diamondConcurrenceAnalytic(betaA, betaS),
    populations: d.populations(ss.rho),
    heatCurrents: heat ? { A: heat.A, S: heat.S } : null,
    entropyProduction: sdot,
    certificate: ss.certificate,
  };
}

/** Prints the diamond report at --beta-a, --beta-s (text, or one JSON object with --json). */
export async function runDiamond(opts: { betaA: string; betaS: string; json?: boolean }): Promise<void> {
      const r = diamondReport(parseNumber(opts.betaA, '--beta-a', { allowInfinite: true }), parseNumber(opts.betaS, '--beta-s', { allowInfinite: true }));
      if (opts.json) {
        process.stdout.write(toJson(r) + '\n');
        return;
      }
      const p = r.populations;
      process.stdout.write([
        `diamond model at β_A = ${fmt(r.betaA)}, β_S = ${fmt(r.betaS)} (units ω0 = Γ⁺ = 1)`,
        `  concurrence C = ${fmt(r.concurrence)} (closed form ${fmt(r.concurrenceAnalytic)})`,
        `  populations G ${fmt(p.G)}  S ${fmt(p.S)}  A ${fmt(p.A)}  E ${fmt(p.E)}`,
        r.heatCurrents ? `  heat currents Q̇_A = ${fmt(r.heatCurrents.A)}, Q̇_S = ${fmt(r.heatCurrents.S)}` : '  heat currents undefined (both baths infinitely fast: β = +∞ or Γ⁺e^β beyond the double range)',
        `  entropy production Ṡ = ${r.entropyProduction === null ? 'undefined' : fmt(r.entropyProduction)}`,
        `  certificate: residual ${r.certificate.residual.toExponential(2)}, min eigenvalue ${r.certificate.minEigenvalue.toExponential(2)}, unique ${r.certificate.unique}, status ${r.certificate.status}${r.certificate.conditioning ? `, estimated error ${r.certificate.conditioning.errorBound.toExponential(1)}` : ''}`,
      ].join('\n') + '\n');
    }

