/** `lindblad spectrum` registration: options only; the work is in spectrum-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { cavityFlags } from './model-flags.ts';

export function registerSpectrum(program: Command): void {
  cavityFlags(program.command('spectrum')
    .description('stationary spectrum S(ω) = ∫ e^{−iωτ}⟨A†(τ)A(0)⟩ dτ from the resolvent (QuTiP\'s convention), coherent δ-peak separated')
    .argument('<target>', 'a JSON model file or "cavity"')
    .requiredOption('--op <op>', 'operator A, named as in model files (e.g. cav.a) or a JSON operator expression')
    .requiredOption('--omega <range>', 'frequencies START:STOP:COUNT (energy units of the model: g for cavity)')
    .option('--json', 'print one JSON object'))
    .action(async (target: string, opts: Record<string, string | boolean | undefined>) => (await import('./spectrum-run.ts')).runSpectrum(target, opts));
}
