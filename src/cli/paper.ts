/**
 * `lindblad paper --out DIR`: reproduces Fig. 1(b), 1(c), 2(b), 2(c) (SVG, PNG, CSV) and report.md.
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFigure, type VlSpec } from '../figures/index.ts';
import { writeCsv } from '../io/csv.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { parseNumber } from './io.ts';
import { consoleProgress } from '../paper/progress.ts';
import { diamondMap, fig1bSpec, fig1cSpec, fig1Rows, FIG1_COLUMNS } from '../paper/fig1.ts';
import { kappaCurve, fig2bSpec, fig2cSpec, fig2Rows, FIG2_COLUMNS } from '../paper/fig2.ts';
import { computeClaims } from '../paper/claims.ts';
import { reportMarkdown } from '../paper/report.ts';
import { writeCavityDynamicsFigure } from '../figures/dynamics-figures.ts';
import { writeEntropyHistogram } from '../figures/entropy-histogram.ts';

export interface PaperOptions { out: string; grid: number; kappaPoints: number; cutoff: number; quiet?: boolean }

/** Runs the whole reproduction; returns the files written. */
export async function runPaper(o: PaperOptions): Promise<string[]> {
  const t0 = performance.now();
  const progress = consoleProgress(process.stderr, o.quiet);
  mkdirSync(o.out, { recursive: true });
  const map = diamondMap(-6, 6, o.grid, progress);
  const kappas = { lo: 1e-2, hi: 1e3, n: o.kappaPoints };
  progress.stage('Fig. 2(b,c): cavity-QED steady states', 4 * kappas.n);
  const fig2b = kappaCurve(0, 2e-4, kappas, o.cutoff, progress);
  const fig2c = [2e-4, 1e-3, 5e-3].map((pump) => kappaCurve(1e-3, pump, kappas, o.cutoff, progress));
  const claims = computeClaims(map, fig2b, fig2c, o.cutoff, progress);
  progress.stage('writing figures', 4);
  const files: string[] = [];
  const figure = async (base: string, spec: VlSpec, columns: string[], rows: number[][]) => {
    await writeFigure(o.out, base, spec);
    writeCsv(join(o.out, `${base}.csv`), columns, rows);
    files.push(`${base}.svg`, `${base}.png`, `${base}.csv`);
    progress.tick();
  };
  await figure('fig1b', fig1bSpec(map), FIG1_COLUMNS, fig1Rows(map));
  await figure('fig1c', fig1cSpec(map), FIG1_COLUMNS, fig1Rows(map));
  await figure('fig2b', fig2bSpec(fig2b), FIG2_COLUMNS, fig2Rows([fig2b]));
  await figure('fig2c', fig2cSpec(fig2c), FIG2_COLUMNS, fig2Rows(fig2c));
  progress.stage('beyond the paper: dynamics and stochastic entropy', 2);
  const dyn = await writeCavityDynamicsFigure(o.out);
  progress.tick();
  const hist = await writeEntropyHistogram(o.out, { count: 5000, workers: 1 });
  progress.tick();
  files.push('cavity-dynamics.svg', 'cavity-dynamics.png', 'cavity-dynamics.csv', 'entropy-histogram.svg', 'entropy-histogram.png', 'entropy-histogram.csv');
  const extras = { dynamicsCsv: dyn.csv, entropyMean: hist.mean, entropyMeanError: hist.meanError, entropyExpected: hist.expected };
  const seconds = (performance.now() - t0) / 1000;
  writeFileAtomic(join(o.out, 'report.md'), reportMarkdown(claims, { seconds, points: map.points.length + 4 * kappas.n }, files, extras));
  files.push('report.md');
  progress.done(`wrote ${files.length} files to ${o.out}`);
  return files;
}

export function registerPaper(program: Command): void {
  program.command('paper')
    .description('reproduce every figure and claim of the paper: Fig. 1(b,c), 2(b,c) as SVG/PNG/CSV and report.md')
    .option('--out <dir>', 'output directory', 'out')
    .option('--grid <n>', 'points per axis of the (β_A, β_S) maps', '121')
    .option('--kappa-points <n>', 'points of each κ/g curve', '121')
    .option('--cutoff <N>', 'Fock cutoff of the cavity model', '4')
    .option('--quiet', 'no progress output')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      await runPaper({
        out: String(opts.out),
        grid: parseNumber(String(opts.grid), '--grid', { integer: true, min: 3 }),
        kappaPoints: parseNumber(String(opts.kappaPoints), '--kappa-points', { integer: true, min: 3 }),
        cutoff: parseNumber(String(opts.cutoff), '--cutoff', { integer: true, min: 1 }),
        quiet: opts.quiet === true,
      });
    });
}
