/** `lindblad` command registration for steady.ts: options only; the work is in steady-run.ts, loaded when the command runs. */
import type { Command } from 'commander';

export function registerSteady(program: Command): void {
  program.command('steady')
    .description('certified steady state of a JSON model file')
    .argument('<model>', 'path to a JSON model file (see README, "Model files")')
    .option('--json', 'print one JSON object {rho, certificate, populations}')
    .option('--solver <kind>', 'auto (direct or Krylov by predicted cost; the choice and why are in the certificate), dense or sparse (direct), gmres or bicgstab (iterative, ILU(0)-preconditioned), or krylov (matrix-free GMRES preconditioned by the Sylvester part, for dense models)', 'auto')
    .option('--on-degenerate <mode>', 'when the steady state is not unique: error, or basis (print the stationary state reached from the maximally mixed one, and a basis of all of them)', 'error')
    .action(async (path: string, opts: { json?: boolean; solver: string; onDegenerate: string }) => (await import('./steady-run.ts')).runSteady(path, opts));
}
