/** `lindblad spectrum` registration: options only; the work is in spectrum-run.ts, loaded when the command runs. */
import type { Command } from 'commander';

export function registerSpectrum(program: Command): void {
  program.command('spectrum')
    .description('stationary spectrum S(ω) = ∫ e^{−iωτ}⟨A†(τ)A(0)⟩ dτ from the resolvent (QuTiP\'s convention), coherent δ-peak separated')
    .argument('<target>', 'a JSON model file or "cavity"')
    .requiredOption('--op <op>', 'operator A, named as in model files (e.g. cav.a) or a JSON operator expression')
    .requiredOption('--omega <range>', 'frequencies START:STOP:COUNT (energy units of the model: g for cavity)')
    .option('--json', 'print one JSON object')
    .option('--g <g>', 'cavity: emitter–cavity coupling (default 1, the unit of rates)')
    .option('--kappa <κ>', 'cavity: cavity loss rate')
    .option('--gamma <γ>', 'cavity: emitter decay rate')
    .option('--pump <p>', 'cavity: incoherent pump rate')
    .option('--cutoff <N>', 'cavity: Fock cutoff (default 4)')
    .option('--frame <frame>', 'cavity: rotating (default) or lab (ω0 = 1000 g)')
    .action(async (target: string, opts: Record<string, string | boolean | undefined>) => (await import('./spectrum-run.ts')).runSpectrum(target, opts));
}
