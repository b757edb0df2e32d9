/**
 * Renders the figure toolkit's three kinds of figure from synthetic data, as SVG + PNG + CSV:
 *   npx tsx scripts/figures-demo.ts /tmp/figdemo
 * Nothing physical is computed here; the functions only look like typical paper panels.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contourLines } from '../src/figures/contour.ts';
import { DASH, heatmapSpec, histogramSpec, lineChartSpec } from '../src/figures/specs.ts';
import { writeFigure } from '../src/figures/render.ts';
import { writeCsv } from '../src/io/csv.ts';

const outDir = process.argv[2] ?? '/tmp/figdemo';
mkdirSync(outDir, { recursive: true });
const t0 = performance.now();

// (a) A map over two inverse temperatures with a zero-contour and the quadrant lines.
const n = 161;
const x = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
const y = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
const z = new Float64Array(n * n);
for (let iy = 0; iy < n; iy++) {
  for (let ix = 0; ix < n; ix++) {
    const a = x[ix], b = y[iy];
    z[iy * n + ix] = Math.tanh(a - 0.6 * b) * Math.exp(-0.15 * (a * a + b * b)) + 0.25 * Math.sin(1.5 * b);
  }
}
const grid = { x, y, z };
const zero = contourLines(grid, 0);
const heat = heatmapSpec({
  title: '(a) Heat current map', xLabel: 'β_A', yLabel: 'β_B', colorLabel: 'Ṡ (arb. units)', grid,
  overlays: [
    { kind: 'rule', x: 0, y: 0, color: '#ffffff', halo: 'rgba(0,0,0,0.5)', dash: DASH.dashed, strokeWidth: 1.25 },
    { kind: 'polyline', points: zero, color: '#e8412c', dash: [7, 4], label: 'Ṡ = 0', strokeWidth: 2.25 },
  ],
  width: 360, height: 320,
});
const rows: Array<[number, number, number]> = [];
for (let iy = 0; iy < n; iy++) for (let ix = 0; ix < n; ix++) rows.push([x[ix], y[iy], z[iy * n + ix]]);
writeCsv(join(outDir, 'heatmap.csv'), ['beta_A', 'beta_B', 'S_dot'], rows);
console.log('heatmap', await writeFigure(outDir, 'heatmap', heat));

// (b) Two relaxation curves on a log time axis with a reference level.
const ts = Array.from({ length: 200 }, (_, i) => 10 ** (-2 + (5 * i) / 199));
const line = lineChartSpec({
  title: '(b) Steady-state concurrence', xLabel: 'Time γt', yLabel: 'Concurrence C', xScale: 'log',
  series: [
    { name: 'Lindblad (global)', points: ts.map((t) => [t, 0.32 * (1 - Math.exp(-t / 3)) * (1 + 0.2 * Math.exp(-t) * Math.cos(4 * t))]) },
    { name: 'Redfield', points: ts.map((t) => [t, 0.28 * (1 - Math.exp(-t / 5))]), dash: DASH.dashed },
  ],
  annotations: [{ y: 0.32, label: 'C∞ (global)' }],
  yDomain: [0, 0.4],
  width: 380, height: 260,
});
writeCsv(join(outDir, 'line.csv'), ['t', 'C_global', 'C_redfield'],
  ts.map((t) => [t, 0.32 * (1 - Math.exp(-t / 3)) * (1 + 0.2 * Math.exp(-t) * Math.cos(4 * t)), 0.28 * (1 - Math.exp(-t / 5))]));
console.log('line', await writeFigure(outDir, 'line', line));

// (c) A histogram of a deterministic pseudo-random sample (log of residuals, say).
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const sample = Array.from({ length: 4000 }, () => {
  const u = rand() || 1e-12, v = rand();
  return -12 + 1.1 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
});
const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
const hist = histogramSpec({
  title: '(c) Certified residuals', xLabel: 'log₁₀ ‖L(ρ)‖', values: sample, normalize: 'density',
  markers: [{ x: mean, label: `mean ${mean.toFixed(2).replace('-', '−')}` }], width: 360, height: 240,
});
writeCsv(join(outDir, 'histogram.csv'), ['log10_residual'], sample.map((s) => [s]));
console.log('histogram', await writeFigure(outDir, 'histogram', hist));
console.log(`done in ${(performance.now() - t0).toFixed(0)} ms`);
