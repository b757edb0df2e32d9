/**
 * `lindblad paper --out DIR`: reproduces Fig. 1(b), 1(c), 2(b), 2(c) (SVG, PNG, CSV) and report.md
 * (cli/paper-run.ts and paper/paper.ts, loaded only when the command runs: the figure toolkit takes ~0.3 s to load).
 * DIR must be a directory or absent (it is created); every file written into it replaces only a regular
 * file (io/atomic.ts). The sizes are checked first: grid² ≤ 10⁷ map points, κ points ≤ 10⁶, and the
 * cavity model at the cutoff within the memory budget (io/limits.ts).
 */
import type { Command } from 'commander';

export function registerPaper(program: Command): void {
  program.command('paper')
    .description('reproduce every figure and claim of the paper: Fig. 1(b,c), 2(b,c) as SVG/PNG/CSV and report.md')
    .option('--out <dir>', 'output directory (created if absent)', 'out')
    .option('--grid <n>', 'points per axis of the (β_A, β_S) maps', '121')
    .option('--kappa-points <n>', 'points of each κ/g curve', '121')
    .option('--cutoff <N>', 'Fock cutoff of the cavity model', '4')
    .option('--quiet', 'no progress output')
    .action(async (opts: Record<string, string | boolean | undefined>) => (await import('./paper-run.ts')).runPaperCommand(opts));
}
