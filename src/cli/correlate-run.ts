/**
 * `lindblad correlate TARGET --a OP --b OP --tau 0:T:COUNT [--json]`: ⟨A(t+τ)B(t)⟩ = Tr[A e^{Lτ}(Bρ_ss)] of
 * a model file or the cavity model, from its certified steady state (measures/correlations.ts).
 */
import { toJson } from './io.ts';
import { parseRange } from '../sweep/grid.ts';
import { correlation, type CorrelationResult } from '../measures/correlations.ts';
import { modelTarget, operatorOption, renameField, type Opts } from './correlate-target.ts';

const cell = (x: number) => (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? x.toFixed(8) : x.toExponential(6));

export async function runCorrelate(targetName: string, opts: Opts): Promise<void> {
  const target = modelTarget(targetName, opts, 'correlate');
  const a = operatorOption(target.model, opts.a, '--a'), b = operatorOption(target.model, opts.b, '--b');
  const taus = parseRange(String(opts.tau), '--tau', { min: 0 });
  let r: CorrelationResult;
  try {
    r = correlation(target.model, a, b, taus);
  } catch (e) {
    renameField(e, { times: '--tau', a: '--a', b: '--b', method: '--tau' });
  }
  if (opts.json) {
    process.stdout.write(toJson({ description: target.title, a: String(opts.a), b: String(opts.b), taus: r.taus, re: r.re, im: r.im, certificate: r.certificate, stats: r.stats }) + '\n');
    return;
  }
  const c = r.certificate!;
  process.stdout.write([
    target.title,
    `⟨A(t+τ)B(t)⟩ in the steady state, A = ${opts.a}, B = ${opts.b} (quantum regression theorem: Tr[A e^{Lτ}(Bρ_ss)])`,
    `method ${r.stats.method}, ${r.stats.unknowns} of ${r.stats.fullUnknowns} unknowns evolved; steady-state certificate: residual ${c.residual.toExponential(2)}, status ${c.status}`,
    ['tau', 're', 'im'].map((h) => h.padStart(18)).join(''),
    ...r.taus.map((t, k) => [t, r.re[k], r.im[k]].map((x) => cell(x).padStart(18)).join('')),
  ].join('\n') + '\n');
}
