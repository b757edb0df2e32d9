/**
 * Figure: distribution of the total stochastic entropy production Σ (units of k_B) over quantum-jump
 * trajectories of the diamond model at a negative-temperature point, started from the steady state and
 * measured in the diamond basis at both ends (thermo/stochastic.ts), with the sample mean and the steady
 * value Ṡ·t marked. Writes <outDir>/entropy-histogram.{svg,png,csv}; the CSV holds one row per
 * trajectory (Σ, its medium and boundary parts, number of jumps).
 *   npx tsx scripts/entropy-histogram.ts [outDir]
 */
import { makeDirectory } from '../io/make-dir.ts';
import { join } from 'node:path';
import { diamondModel } from './diamond.ts';
import { diamondBasis } from './diamond-basis.ts';
import { stochasticEntropy } from '../thermo/stochastic.ts';
import { writeCsv } from '../io/csv.ts';
import { histogramSpec, type Bins } from '../figures/specs.ts';
import { writeFigure } from '../figures/render.ts';

export interface EntropyHistogramOptions {
  /** Inverse temperatures in units of 1/ω0 (default (4, −2): bath S at negative temperature). */
  betaA?: number;
  betaS?: number;
  /** Final time in units of 1/Γ⁺ (default 2). */
  t?: number;
  /** Trajectories (default 20000) and seed (default 1). */
  count?: number;
  seed?: number;
  workers?: number;
}

/**
 * Bins of integer width (1 unless that gives more than 100 bins) on integer edges. Σ takes few values
 * here — the medium part is a sum of ±β jumps and the boundary term one of 16 values — so equal-width
 * bins that do not follow the data's extent keep the atoms of the distribution in separate bars.
 */
function unitBins(values: Float64Array): Bins {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const width = Math.max(1, Math.ceil((hi - lo) / 100));
  const start = Math.floor(lo / width) * width, n = Math.max(1, Math.ceil((hi - start) / width + 1e-12));
  const edges = Array.from({ length: n + 1 }, (_, k) => start + k * width);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - start) / width))]++;
  return { edges, counts };
}

/** A number for a label, with a true minus sign. */
const num = (x: number, digits?: number) => (digits === undefined ? String(x) : x.toFixed(digits)).replace('-', '−');

/** Runs the trajectories and writes the histogram figure and its data; returns paths and summary numbers. */
export async function writeEntropyHistogram(outDir: string, o: EntropyHistogramOptions = {}) {
  const betaA = o.betaA ?? 4, betaS = o.betaS ?? -2, t = o.t ?? 2, count = o.count ?? 20000, seed = o.seed ?? 1;
  const d = diamondModel({ betaA, betaS });
  const r = await stochasticEntropy(d.model, { t, count, seed, workers: o.workers, basis: diamondBasis(d.basis) });
  const mean = r.total.reduce((a, b) => a + b, 0) / count;
  const expected = r.steadyRate * t;
  const spec = histogramSpec({
    title: `Stochastic entropy production, β_A = ${num(betaA)}, β_S = ${num(betaS)}, Γ⁺t = ${num(t)}`,
    xLabel: 'Total entropy production Σ (k_B)',
    yLabel: 'Probability density',
    values: unitBins(r.total),
    normalize: 'density',
    markers: [{ x: mean, label: `⟨Σ⟩ = ${num(mean, 2)} (Ṡ·t = ${num(expected, 2)})`, color: '#000000' }],
    width: 460,
    height: 260,
  });
  makeDirectory(outDir);
  const csv = join(outDir, 'entropy-histogram.csv');
  writeCsv(csv, ['trajectory', 'sigma_total', 'sigma_medium', 'boundary', 'jumps'],
    Array.from({ length: count }, (_, k) => [k, r.total[k], r.medium[k], r.boundary[k], r.trajectories.jumpCounts[k]]));
  const paths = await writeFigure(outDir, 'entropy-histogram', spec);
  return { ...paths, csv, mean, expected, meanError: Math.sqrt(r.total.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1) / count) };
}
