/** `lindblad` command registration for trajectories.ts: options only; the work is in trajectories-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import type { Opts } from './trajectories-run.ts';

export function registerTrajectories(program: Command): void {
  program.command('trajectories')
    .description('quantum-jump trajectories: populations, stochastic entropy production, fluctuation theorem')
    .argument('<target>', '"diamond" or a JSON model file')
    .option('--beta-a <b>', 'diamond: β_A (number or -inf)')
    .option('--beta-s <b>', 'diamond: β_S (number or -inf)')
    .option('--gamma-plus <rate>', 'diamond: pump rate Γ⁺ (default 1)')
    .option('--t-max <T>', 'final time (default 10)')
    .option('--count <N>', 'number of trajectories (default 1000)')
    .option('--seed <S>', 'integer seed; trajectory k uses stream k of it (default 1)')
    .option('--workers <W>', 'worker threads, or auto (threads only when the run is long enough to gain); default 1; results do not depend on it')
    .option('--initial <which>', 'diamond: steady (default), G, S, A or E; model file: file (default) or steady')
    .option('--json', 'print one JSON object')
    .action(async (target: string, opts: Opts) => (await import('./trajectories-run.ts')).runTrajectories(target, opts));
}
