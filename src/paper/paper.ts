/**
 * The whole reproduction of Tacchino et al., PRL 120, 063604 (2018): Fig. 1(b), 1(c), 2(b), 2(c) as SVG,
 * PNG and CSV, the dynamics and stochastic-entropy figures beyond the paper, and report.md with every claim
 * next to the number computed here (`lindblad paper --out DIR`).
 */
import { makeDirectory } from '../io/make-dir.ts';
import { join } from 'node:path';
import { writeFigure, type VlSpec } from '../figures/figures.ts';
import { writeCsv } from '../io/csv.ts';
import { removeLeftoverTemps, writeFileAtomic } from '../io/atomic.ts';
import { consoleProgress } from './progress.ts';
import { diamondMap, fig1bSpec, fig1cSpec, fig1Rows, FIG1_COLUMNS } from './fig1.ts';
import { kappaCurve, fig2bSpec, fig2cSpec, fig2Rows, FIG2_COLUMNS } from './fig2.ts';
import { computeClaims } from './claims.ts';
import { reportMarkdown } from './report.ts';
import { writeCavityDynamicsFigure } from './dynamics-figures.ts';
import { writeEntropyHistogram } from './entropy-histogram.ts';
import { emissionData, emissionG2Rows, emissionG2Spec, emissionSpectrumRows, emissionSpectrumSpec, emissionSummary, emissionWork, EMISSION_G2_COLUMNS, EMISSION_SPECTRUM_COLUMNS } from './emission.ts';
import { emissionSection } from './emission-report.ts';
import { writeTurFigures } from './tur-report.ts';
import { writeEmittersFigures } from './emitters-paper.ts';

/** Output directory, grid points per axis of the (β_A, β_S) maps, points per κ/g curve, Fock cutoff. */
export interface PaperOptions { out: string; grid: number; kappaPoints: number; cutoff: number; quiet?: boolean }

/** Runs the whole reproduction; returns the files written. */
export async function runPaper(o: PaperOptions): Promise<string[]> {
  const t0 = performance.now(), started = Date.now();
  const progress = consoleProgress(process.stderr, o.quiet);
  makeDirectory(o.out);
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
  progress.stage('beyond the paper: the cavity light (g²(0), emission spectra)', emissionWork(kappas.n) + 2);
  const emission = emissionData({ cutoff: o.cutoff, kappaPoints: kappas.n, spectrumPump: claims.best.pumpOverGamma * claims.best.gamma, progress });
  await figure('emission-g2', emissionG2Spec(emission), EMISSION_G2_COLUMNS, emissionG2Rows(emission));
  await figure('emission-spectrum', emissionSpectrumSpec(emission), EMISSION_SPECTRUM_COLUMNS, emissionSpectrumRows(emission));
  const turText = await writeTurFigures(o, kappas, progress, figure);
  const emitters = await writeEmittersFigures(o.out, o.cutoff, progress);
  files.push(...emitters.files);
  const extras = { dynamicsCsv: dyn.csv, entropyMean: hist.mean, entropyMeanError: hist.meanError, entropyExpected: hist.expected, sections: [emissionSection(emission, emissionSummary(emission)), turText, emitters.section] };
  const seconds = (performance.now() - t0) / 1000;
  writeFileAtomic(join(o.out, 'report.md'), reportMarkdown(claims, { seconds, points: map.points.length + 4 * kappas.n }, files, extras));
  files.push('report.md');
  // Temporaries of these files that an earlier run, killed mid-write, left behind (dated before this run).
  for (const f of files) removeLeftoverTemps(join(o.out, f), started);
  progress.done(`wrote ${files.length} files to ${o.out}`);
  return files;
}
