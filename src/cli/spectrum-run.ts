/**
 * `lindblad spectrum TARGET --op OP --omega W0:W1:COUNT [--json]`: the stationary spectrum of A from the
 * resolvent (measures/spectrum.ts): S_inc(ω) per frequency, and the coherent δ-peak 2π|⟨A⟩|²δ(ω) as a weight.
 */
import { toJson } from './io.ts';
import { parseRange } from '../sweep/grid.ts';
import { emissionSpectrum, type SpectrumResult } from '../measures/spectrum.ts';
import { modelTarget, operatorOption, renameField, type Opts } from './correlate-target.ts';

const cell = (x: number) => (x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? x.toFixed(8) : x.toExponential(6));

export async function runSpectrum(targetName: string, opts: Opts): Promise<void> {
  const target = modelTarget(targetName, opts, 'spectrum');
  const a = operatorOption(target.model, opts.op, '--op');
  const omegas = parseRange(String(opts.omega), '--omega');
  let r: SpectrumResult;
  try {
    r = emissionSpectrum(target.model, a, omegas);
  } catch (e) {
    renameField(e, { omegas: '--omega', a: '--op' });
  }
  if (opts.json) {
    process.stdout.write(toJson({
      description: target.title, op: String(opts.op), convention: 'S(ω) = ∫ e^{−iωτ} ⟨A†(τ)A(0)⟩ dτ = 2π|⟨A⟩|²δ(ω) + spectrum(ω) (QuTiP\'s spectrum(H, ω, c_ops, A†, A))',
      omegas: r.omegas, spectrum: r.spectrum, errors: r.errors, status: r.status, mean: r.mean, coherentWeight: r.coherentWeight, total: r.total, certificate: r.certificate, stats: r.stats,
    }) + '\n');
    return;
  }
  const c = r.certificate, s = r.stats;
  process.stdout.write([
    target.title,
    `S(ω) = ∫ e^{−iωτ}⟨A†(τ)A(0)⟩ dτ of A = ${opts.op} (QuTiP's sign of ω): incoherent part below; coherent part 2π|⟨A⟩|²δ(ω) with |⟨A⟩|² = ${cell(r.coherentWeight)}; ⟨A†A⟩ = ${cell(r.total)} = |⟨A⟩|² + ∫S dω/2π`,
    `${s.unknowns} of ${s.fullUnknowns} unknowns per frequency${s.bordered ? ' (trace-bordered)' : ''}, ${s.factorizations} factorisation(s) + ${s.refactorizations} refactorisations, max relative residual ${s.maxRelativeResidual.toExponential(1)}; steady-state certificate: residual ${c.residual.toExponential(2)}, status ${c.status}`,
    `spectrum status ${r.status}${r.status === 'accurate' ? '' : r.status === 'ill-conditioned' ? ': some values are not vouched for to 1e-6 (see the error column)' : ": ρ_ss's error is not estimated, so the error column leaves it out"}`,
    ['omega', 'S', 'error bound'].map((h) => h.padStart(18)).join(''),
    ...r.omegas.map((w, k) => [w, r.spectrum[k]].map((x) => cell(x).padStart(18)).join('') + r.errors[k].toExponential(1).padStart(18)),
  ].join('\n') + '\n');
}
