/**
 * Vega-Lite spec of the cavity panel's chart: concurrence versus κ/g on a log axis for the full
 * model (numeric) and the effective model (closed form), from the figure toolkit's lineChartSpec,
 * plus a marker for the selected κ fed from the named data set "kmark" (moved without recompiling).
 * The curves' rows live in the named data set "series", so while a sweep streams in only the data
 * change (see {@link seriesRows}); the chart is recompiled only when its frame ({@link frameKey}) does.
 */
import { lineChartSpec, PALETTE, DASH, type VlSpec, type Point } from './figure-toolkit.ts';
import { fmtInput } from '../ui/format.ts';

export const CURVE_SIZE = { width: 610, height: 300 };

export interface CurveData {
  full: Point[];
  effective: Point[];
  cutoff: number;
  /** Shown in the title, so an exported figure says what it is. */
  pump: number;
  gamma: number;
  /** Number of emitters N (2: the paper's model; otherwise C is a pair's and there is no effective curve). */
  emitters: number;
}

/** Rows of the "kmark" data set: the selected κ and the two models' concurrence there. */
export interface KappaMarkRow { x: number; y: number; model: 'full' | 'effective' }

export const FULL_COLOR = PALETTE[0];
export const EFFECTIVE_COLOR = PALETTE[1];

/** Top of the C axis: 0.5 (the diamond's bound) unless the data come close to it. */
function yTop(d: CurveData): number {
  const top = Math.max(0, ...[...d.full, ...d.effective].map((p) => p[1]));
  return Math.max(0.5, Math.ceil((top + 0.02) * 20) / 20); // a little headroom above the highest curve
}

/** What fixes the chart apart from the curves' rows: legend names and axis range. */
export function frameKey(d: CurveData): string {
  return `${d.cutoff}|${yTop(d)}|${d.pump}|${d.gamma}|${d.emitters}`;
}

/** The series layer of a line chart (the one mark of type 'line'). */
function seriesLayer(spec: VlSpec): VlSpec {
  const layer = (spec.layer as VlSpec[]).find((l) => (l.mark as VlSpec | undefined)?.type === 'line');
  if (!layer) throw new Error('line chart spec has no line layer');
  return layer;
}

/** The rows of the "series" data set for these curves (as lineChartSpec lays them out). */
export function seriesRows(d: CurveData): object[] {
  return (curveSpec(d, []).datasets as { series: object[] }).series;
}

export function curveSpec(d: CurveData, marker: KappaMarkRow[]): VlSpec {
  const two = d.emitters === 2;
  const series = [
    { name: two ? `full model (Fock cutoff ${d.cutoff})` : `N = ${d.emitters} emitters, pair concurrence (Fock cutoff ${d.cutoff})`, points: d.full, dash: [] as number[], color: FULL_COLOR },
    ...(two ? [{ name: `effective model (Eq. 9)`, points: d.effective, dash: DASH.dashed, color: EFFECTIVE_COLOR }] : []),
  ];
  const top = yTop(d);
  const spec = lineChartSpec({
    title: `Steady-state concurrence vs cavity loss (${two ? '' : `N = ${d.emitters}, `}p/g = ${fmtInput(d.pump)}, γ/g = ${fmtInput(d.gamma)})`,
    xLabel: 'κ/g', yLabel: 'C', xScale: 'log', series, yDomain: [0, top],
    annotations: [{ y: 1 / 3, label: 'C = 1/3 (thermal bound)', labelAt: 'right' }],
    legendOrient: 'bottom', ...CURVE_SIZE,
  });
  const pos = { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } };
  const layers = spec.layer as VlSpec[];
  const frame = layers.pop()!;
  layers.push(
    {
      data: { name: 'kmark' }, transform: [{ filter: "datum.model === 'effective'" }],
      mark: { type: 'rule', color: '#444444', strokeDash: [2, 3], strokeWidth: 1.25, aria: false },
      encoding: { x: pos.x },
    },
    {
      data: { name: 'kmark' },
      mark: { type: 'point', filled: true, size: 70, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1, clip: true, aria: false },
      encoding: {
        ...pos, shape: { field: 'model', type: 'nominal', scale: { domain: ['full', 'effective'], range: ['circle', 'diamond'] }, legend: null },
        fill: { field: 'model', type: 'nominal', scale: { domain: ['full', 'effective'], range: [FULL_COLOR, EFFECTIVE_COLOR] }, legend: null },
      },
    },
    frame,
  );
  const line = seriesLayer(spec);
  ((line.encoding as VlSpec).y as { axis: VlSpec }).axis.tickCount = 6;
  spec.datasets = { kmark: marker, series: (line.data as VlSpec).values };
  line.data = { name: 'series' };
  return spec;
}
