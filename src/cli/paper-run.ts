/**
 * `lindblad paper` when it runs: the sizes are checked first — grid² ≤ 10⁷ map points, κ points ≤ 10⁶,
 * and the cavity model at the cutoff within the memory budget (io/limits.ts) — then paper/paper.ts (the
 * figure toolkit takes ~0.3 s to load) writes the figures and report.md into `out`.
 */
import { LindbladError } from '../errors.ts';
import { parseNumber } from './io.ts';
import { checkOutputDir, checkOutputFile } from '../io/output-path.ts';
import { PAPER_FILES } from '../paper/paper-files.ts';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { checkSteadyMemory } from '../io/limits.ts';
import { MAX_GRID_POINTS } from '../sweep/grid.ts';
import { cavityDimension } from '../paper/cavity.ts';

export async function runPaperCommand(opts: Record<string, string | boolean | undefined>): Promise<void> {
  const grid = parseNumber(String(opts.grid), '--grid', { integer: true, min: 3 });
  if (grid * grid > MAX_GRID_POINTS) throw new LindbladError('invalid-input', `expected at most ${Math.floor(Math.sqrt(MAX_GRID_POINTS))} (a map of at most 1e7 points), got ${grid}`, '--grid');
  const kappaPoints = parseNumber(String(opts.kappaPoints), '--kappa-points', { integer: true, min: 3 });
  if (kappaPoints > 1e6) throw new LindbladError('invalid-input', `expected at most 1000000, got ${kappaPoints}`, '--kappa-points');
  const cutoff = parseNumber(String(opts.cutoff), '--cutoff', { integer: true, min: 1 });
  checkSteadyMemory(cavityDimension(cutoff), '--cutoff');
  const out = String(opts.out);
  // '' is no directory (it resolved to the current one, whose files the figures would replace)
  if (out === '') throw new LindbladError('invalid-input', `expected an output directory, got ${JSON.stringify(out)}`, '--out');
  checkOutputDir(out);
  // a directory or link where a file goes: refused before any work (a new directory is made when writing)
  if (existsSync(out)) for (const f of PAPER_FILES) checkOutputFile(join(out, f));
  const { runPaper } = await import('../paper/paper.ts');
  await runPaper({ out, grid, kappaPoints, cutoff, quiet: opts.quiet === true });
}
