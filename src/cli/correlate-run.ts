/**
 * `lindblad correlate TARGET --a OP --b OP --tau 0:T:COUNT [--json]`: ⟨A(t+τ)B(t)⟩ = Tr[A e^{Lτ}(Bρ_ss)] of
 * a model file or the cavity model, from its certified steady state (measures/correlations.ts).
 */
import { LindbladError } from '../errors.ts';
import { toJson } from './io.ts';
import { parseRange } from '../sweep/grid.ts';
import { correlation, type CorrelationResult } from '../measures/correlations.ts';
import { modelTarget, operatorOption, renameField, type Opts } from './correlate-target.ts';

/** Most memory the evolved operands may take (as evolve's kept states). */
/** How each kind of error estimate was made (OperandEvolution's errorKind). */
const ESTIMATE_KIND = {
  tolerances: 'the difference from a run at 16× looser tolerances',
  krylov: "the Krylov steps' a-posteriori bounds",
  rounding: "the matrix exponential's rounding, 2ε‖L‖₁τ·‖Bρ‖·‖A‖",
} as const;
const MAX_OPERAND_BYTES = 1024 * 2 ** 20;

const cell = (x: number) => (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? x.toFixed(8) : x.toExponential(6));

export async function runCorrelate(targetName: string, opts: Opts): Promise<void> {
  const target = modelTarget(targetName, opts, 'correlate');
  const a = operatorOption(target.model, opts.a, '--a'), b = operatorOption(target.model, opts.b, '--b');
  const taus = parseRange(String(opts.tau), '--tau', { min: 0 });
  // The evolved operand is kept at every τ (at most n² complex unknowns each) until it is read out.
  const n = target.model.space.dim, bytes = taus.length * 16 * n * n;
  if (bytes > MAX_OPERAND_BYTES) {
    throw new LindbladError('invalid-input', `${taus.length} delays of a ${n}×${n} operand need up to ${(bytes / 2 ** 20).toFixed(0)} MB; the limit is `
      + `${MAX_OPERAND_BYTES / 2 ** 20} MB: use at most ${Math.floor(MAX_OPERAND_BYTES / (16 * n * n))} delays`, '--tau');
  }
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
    `method ${r.stats.method}, ${r.stats.unknowns} of ${r.stats.fullUnknowns} unknowns evolved`
      + (r.stats.errorEstimate !== null ? `, error estimate ${r.stats.errorEstimate.toExponential(1)} (${ESTIMATE_KIND[r.stats.errorKind ?? 'tolerances']})` : '')
      + (r.stats.traceDrift === null ? '; Bρ_ss has no trace to check (a charged sector)' : `; trace drift ${r.stats.traceDrift.toExponential(1)}`)
      + `; steady-state certificate: residual ${c.residual.toExponential(2)}, status ${c.status}`,
    ['tau', 're', 'im'].map((h) => h.padStart(18)).join(''),
    ...r.taus.map((t, k) => [t, r.re[k], r.im[k]].map((x) => cell(x).padStart(18)).join('')),
  ].join('\n') + '\n');
}
