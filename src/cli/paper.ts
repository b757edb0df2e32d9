/**
 * `lindblad paper --out DIR`: reproduces Fig. 1(b), 1(c), 2(b), 2(c) (SVG, PNG, CSV) and report.md
 * (paper/paper.ts, loaded only when the command runs: the figure toolkit takes ~0.3 s to load).
 */
import type { Command } from 'commander';
import { parseNumber } from './io.ts';

export function registerPaper(program: Command): void {
  program.command('paper')
    .description('reproduce every figure and claim of the paper: Fig. 1(b,c), 2(b,c) as SVG/PNG/CSV and report.md')
    .option('--out <dir>', 'output directory', 'out')
    .option('--grid <n>', 'points per axis of the (β_A, β_S) maps', '121')
    .option('--kappa-points <n>', 'points of each κ/g curve', '121')
    .option('--cutoff <N>', 'Fock cutoff of the cavity model', '4')
    .option('--quiet', 'no progress output')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const { runPaper } = await import('../paper/paper.ts');
      await runPaper({
        out: String(opts.out),
        grid: parseNumber(String(opts.grid), '--grid', { integer: true, min: 3 }),
        kappaPoints: parseNumber(String(opts.kappaPoints), '--kappa-points', { integer: true, min: 3 }),
        cutoff: parseNumber(String(opts.cutoff), '--cutoff', { integer: true, min: 1 }),
        quiet: opts.quiet === true,
      });
    });
}
