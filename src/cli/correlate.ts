/** `lindblad correlate` registration: options only; the work is in correlate-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { cavityFlags } from './model-flags.ts';

export function registerCorrelate(program: Command): void {
  cavityFlags(program.command('correlate')
    .description('two-time correlation ⟨A(t+τ)B(t)⟩ = Tr[A e^{Lτ}(Bρ)] in the steady state (quantum regression theorem)')
    .argument('<target>', 'a JSON model file or "cavity"')
    .requiredOption('--a <op>', 'operator A, named as in model files (e.g. cav.a_dag) or a JSON operator expression')
    .requiredOption('--b <op>', 'operator B (e.g. cav.a)')
    .requiredOption('--tau <range>', 'delays START:STOP:COUNT (≥ 0, inverse rate units: 1/g for cavity)')
    .option('--json', 'print one JSON object'))
    .action(async (target: string, opts: Record<string, string | boolean | undefined>) => (await import('./correlate-run.ts')).runCorrelate(target, opts));
}
