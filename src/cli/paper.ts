/**
 * `lindblad paper --out DIR`: reproduces Fig. 1(b), 1(c), 2(b), 2(c) (SVG, PNG, CSV) and report.md
 * (paper/paper.ts, loaded only when the command runs: the figure toolkit takes ~0.3 s to load).
 * DIR must be a directory or absent (it is created); every file written into it replaces only a regular
 * file (io/atomic.ts). The sizes are checked first: grid² ≤ 10⁷ map points, κ points ≤ 10⁶, and the
 * cavity model at the cutoff within the memory budget (io/limits.ts).
 */
import type { Command } from 'commander';
import { LindbladError } from '../errors.ts';
import { parseNumber } from './io.ts';
import { checkOutputDir } from '../io/output-path.ts';
import { checkSteadyMemory } from '../io/limits.ts';
import { MAX_GRID_POINTS } from '../sweep/grid.ts';
import { cavityDimension } from '../paper/cavity.ts';

export function registerPaper(program: Command): void {
  program.command('paper')
    .description('reproduce every figure and claim of the paper: Fig. 1(b,c), 2(b,c) as SVG/PNG/CSV and report.md')
    .option('--out <dir>', 'output directory (created if absent)', 'out')
    .option('--grid <n>', 'points per axis of the (β_A, β_S) maps', '121')
    .option('--kappa-points <n>', 'points of each κ/g curve', '121')
    .option('--cutoff <N>', 'Fock cutoff of the cavity model', '4')
    .option('--quiet', 'no progress output')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const grid = parseNumber(String(opts.grid), '--grid', { integer: true, min: 3 });
      if (grid * grid > MAX_GRID_POINTS) throw new LindbladError('invalid-input', `expected at most ${Math.floor(Math.sqrt(MAX_GRID_POINTS))} (a map of at most 1e7 points), got ${grid}`, '--grid');
      const kappaPoints = parseNumber(String(opts.kappaPoints), '--kappa-points', { integer: true, min: 3 });
      if (kappaPoints > 1e6) throw new LindbladError('invalid-input', `expected at most 1000000, got ${kappaPoints}`, '--kappa-points');
      const cutoff = parseNumber(String(opts.cutoff), '--cutoff', { integer: true, min: 1 });
      checkSteadyMemory(cavityDimension(cutoff), '--cutoff');
      const out = String(opts.out);
      checkOutputDir(out);
      const { runPaper } = await import('../paper/paper.ts');
      await runPaper({ out, grid, kappaPoints, cutoff, quiet: opts.quiet === true });
    });
}
