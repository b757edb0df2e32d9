/**
 * Vega-Lite specs of the model page's views: populations as bars, the density matrix as a Hinton-style
 * plot (a square per entry, area ∝ |ρ_ij| / max |ρ|, colour = phase of ρ_ij on a cyclic scale), observables versus time,
 * and a 1-D scan (line) or 2-D scan (heat map through the figure toolkit).
 */
import { heatmapSpec, lineChartSpec, PALETTE, type VlSpec } from './figure-toolkit.ts';

const CONFIG = { font: 'DejaVu Sans', axis: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 13 } };

/** Bar chart of the basis-state populations p_i = ρ_ii. */
export function populationsSpec(labels: string[], populations: number[]): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Steady-state populations ρ_ii', width: Math.min(420, Math.max(160, 26 * labels.length)), height: 200, config: CONFIG,
    data: { values: labels.map((label, i) => ({ label, i, p: populations[i] })) },
    mark: { type: 'bar', color: PALETTE[0] },
    encoding: {
      x: { field: 'label', type: 'nominal', sort: { field: 'i' }, title: 'basis state', axis: { labelAngle: labels.length > 8 ? -60 : 0 } },
      y: { field: 'p', type: 'quantitative', title: 'population', scale: { domain: [0, 1] } },
      tooltip: [{ field: 'label' }, { field: 'p', format: '.6g' }],
    },
  } as VlSpec;
}

/** Hinton-style plot of ρ: one square per entry, area ∝ |ρ_ij| (the largest fills 92 % of its cell), colour = arg ρ_ij. */
export function hintonSpec(labels: string[], re: number[], im: number[]): VlSpec {
  const n = labels.length, rows: object[] = [];
  let max = 0;
  for (let k = 0; k < n * n; k++) max = Math.max(max, Math.hypot(re[k], im[k]));
  const cell = Math.max(8, Math.min(36, Math.floor(360 / n)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = Math.hypot(re[i * n + j], im[i * n + j]);
      rows.push({ row: labels[i], col: labels[j], i, j, abs: a, re: re[i * n + j], im: im[i * n + j], phase: Math.atan2(im[i * n + j], re[i * n + j]) / Math.PI });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Density matrix |ρ_ij| (area) and phase (colour)', width: cell * n, height: cell * n, config: CONFIG,
    data: { values: rows },
    mark: { type: 'square', filled: true },
    encoding: {
      x: { field: 'col', type: 'nominal', sort: { field: 'j' }, title: null, axis: { labelAngle: n > 8 ? -60 : 0 } },
      y: { field: 'row', type: 'nominal', sort: { field: 'i' }, title: null },
      size: { field: 'abs', type: 'quantitative', scale: { domain: [0, max > 0 ? max : 1], range: [0, (cell * 0.92) ** 2], zero: true }, legend: null },
      color: { field: 'phase', type: 'quantitative', title: 'arg ρ_ij / π', scale: { domain: [-1, 1], scheme: 'sinebow' } },
      tooltip: [{ field: 'row', title: 'row' }, { field: 'col', title: 'column' }, { field: 're', format: '.6g' }, { field: 'im', format: '.6g' }],
    },
  } as VlSpec;
}

/** Observables versus time. */
export function evolutionSpec(times: number[], series: Record<string, number[]>): VlSpec {
  return lineChartSpec({
    title: 'Time evolution from the initial state', xLabel: 't', yLabel: 'value', xScale: 'linear', width: 380, height: 240, legendOrient: 'bottom',
    series: Object.entries(series).map(([name, v], k) => ({ name, color: PALETTE[k % PALETTE.length], points: times.map((t, i): [number, number] => [t, v[i]]) })),
  });
}

/** A 1-D scan: the quantity versus the factor (log axis). */
export function scan1dSpec(label: string, quantity: string, xs: number[], ys: number[]): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${quantity} versus ${label}`, width: 420, height: 240, config: CONFIG,
    data: { values: xs.map((x, i) => ({ x, y: ys[i] })) },
    mark: { type: 'line', point: true, color: PALETTE[0] },
    encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, title: label }, y: { field: 'y', type: 'quantitative', title: quantity } },
  } as VlSpec;
}

/** A 2-D scan as a heat map over log₁₀ of both factors. */
export function scan2dSpec(xLabel: string, yLabel: string, quantity: string, lx: Float64Array, ly: Float64Array, z: Float64Array): VlSpec {
  return heatmapSpec({ title: quantity, xLabel: `log₁₀ ${xLabel}`, yLabel: `log₁₀ ${yLabel}`, grid: { x: lx, y: ly, z }, colorLabel: quantity, colorScheme: 'viridis', width: 300, height: 300 });
}
