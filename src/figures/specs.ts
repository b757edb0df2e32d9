/**
 * Builders of Vega-Lite specs for publication figures: pure functions from plain data to plain
 * JSON (render them with `render.ts`). The heatmap builder lives in `heatmap.ts` and is
 * re-exported here. Labels are plain Unicode text (e.g. "β_A", "Ṡ"), no LaTeX.
 * Width and height are always those of the plot area, in px (axes, titles and legends add to it).
 */
import { checkFinitePoints, checkSize, DASH, finiteExtent, frameLayer, paperConfig, PALETTE, planLogAxis, type Point, type VlSpec } from './theme.ts';

export { heatmapSpec, cellEdges, type HeatmapOptions, type Overlay, type PolylineOverlay, type RuleOverlay } from './heatmap.ts';
export { DASH, PALETTE, type Point, type VlSpec } from './theme.ts';

/** A horizontal reference line with a label written at its right end, just above the line. */
export interface HLineAnnotation {
  y: number;
  label: string;
  color?: string;
  dash?: number[];
  /** End of the plot the label is written at; default 'right'. */
  labelAt?: 'left' | 'right';
}

/** One curve of a line chart. */
export interface Series {
  name: string;
  points: Point[];
  /** Dash array in px; solid when omitted. */
  dash?: number[];
  /** Stroke colour; taken from the colour-blind-safe palette in order when omitted. */
  color?: string;
}

/** Options of {@link lineChartSpec}. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: 'linear' | 'log';
  series: Series[];
  yDomain?: [number, number];
  width: number;
  height: number;
  annotations?: HLineAnnotation[];
  /** Where the series legend goes; default 'right' (outside the plot, never over the data). */
  legendOrient?: 'right' | 'bottom' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'none';
}

/** Layer of short outward ticks under the x axis at the given values (minor ticks of a log axis). */
function minorTickLayer(values: number[], height: number): VlSpec {
  return {
    data: { values: values.map((v) => ({ v })) },
    mark: { type: 'rule', color: '#000000', strokeWidth: 1, aria: false },
    encoding: { x: { field: 'v', type: 'quantitative' }, y: { value: height }, y2: { value: height + 3 } },
  };
}

/** Horizontal reference lines plus their labels (at the plot's right or left edge). */
function annotationLayers(annotations: HLineAnnotation[], width: number): VlSpec[] {
  return annotations.flatMap((a) => {
    if (!Number.isFinite(a.y)) throw new RangeError(`annotation "${a.label}": y = ${a.y} is not finite`);
    const color = a.color ?? '#555555';
    const left = a.labelAt === 'left';
    const data = { values: [{ y: a.y, label: a.label }] };
    return [
      { data, mark: { type: 'rule', color, strokeDash: a.dash ?? DASH.dotted, strokeWidth: 1.25, aria: false }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data,
        mark: { type: 'text', align: left ? 'left' : 'right', baseline: 'bottom', dy: -3, fontSize: 12, color, aria: false },
        encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: left ? 6 : width - 6 }, text: { field: 'label', type: 'nominal' } },
      },
    ];
  });
}

/**
 * Builds a line chart of one or more series with a legend. With xScale 'log', x must be > 0; the
 * axis then spans whole decades with labelled ticks "10ⁿ" and minor ticks at 2…9 × 10ⁿ.
 */
export function lineChartSpec(o: LineChartOptions): VlSpec {
  checkSize(o.width, o.height);
  if (o.series.length === 0) throw new RangeError('line chart needs at least one series');
  const names = o.series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new RangeError('line chart series names must be distinct');
  const values: VlSpec[] = [];
  const xs: number[] = [];
  for (const s of o.series) {
    checkFinitePoints(s.points, `series "${s.name}"`);
    s.points.forEach(([x, y], i) => {
      if (o.xScale === 'log' && !(x > 0)) throw new RangeError(`series "${s.name}": x = ${x} ≤ 0 on a log axis`);
      values.push({ series: s.name, x, y, i });
      xs.push(x);
    });
  }
  const ext = finiteExtent(xs) ?? [o.xScale === 'log' ? 1 : 0, o.xScale === 'log' ? 10 : 1];
  const layers: VlSpec[] = [];
  let xEnc: VlSpec;
  if (o.xScale === 'log') {
    const plan = planLogAxis(ext[0], ext[1]);
    xEnc = {
      field: 'x', type: 'quantitative',
      scale: { type: 'log', domain: plan.domain, nice: false },
      axis: { title: o.xLabel, values: plan.major, labelExpr: plan.labelExpr },
    };
    if (plan.minor.length > 0) layers.push(minorTickLayer(plan.minor, o.height));
  } else {
    xEnc = { field: 'x', type: 'quantitative', scale: { zero: false, nice: false, domain: ext[0] < ext[1] ? ext : undefined }, axis: { title: o.xLabel } };
  }
  const orient = o.legendOrient ?? 'right';
  const inside = orient !== 'right' && orient !== 'bottom' && orient !== 'none';
  const legend = orient === 'none' ? null : {
    title: null, orient, symbolType: 'stroke', symbolStrokeWidth: 2.5, labelLimit: 280,
    ...(inside ? { fillColor: 'rgba(255,255,255,0.85)', padding: 6, offset: 8 } : {}),
  };
  layers.push({
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true, interpolate: 'linear' },
    encoding: {
      x: xEnc,
      y: { field: 'y', type: 'quantitative', scale: { zero: false, ...(o.yDomain ? { domain: o.yDomain, nice: false } : { nice: true }) }, axis: { title: o.yLabel } },
      stroke: { field: 'series', type: 'nominal', scale: { domain: names, range: o.series.map((s, k) => s.color ?? PALETTE[k % PALETTE.length]) }, legend },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: names, range: o.series.map((s) => (s.dash && s.dash.length ? s.dash : [1, 0])) }, legend },
      order: { field: 'i', type: 'quantitative' },
    },
  });
  layers.push(...annotationLayers(o.annotations ?? [], o.width), frameLayer(o.width, o.height));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title, width: o.width, height: o.height, config: paperConfig(), layer: layers,
  };
}

/** Pre-computed bins: counts[k] belongs to [edges[k], edges[k+1]). */
export interface Bins {
  edges: number[];
  counts: number[];
}

/** Options of {@link histogramSpec}. */
export interface HistogramOptions {
  title: string;
  xLabel: string;
  /** Default 'Count' (or 'Probability density' when normalised). */
  yLabel?: string;
  values: number[] | Bins;
  /** Number of equal-width bins for raw values; default from the Freedman–Diaconis rule (5…60). */
  binCount?: number;
  /** 'density' divides counts by (total · bin width) so the bars integrate to one. Default 'count'. */
  normalize?: 'count' | 'density';
  color?: string;
  /** Vertical marker lines with a label at the top (e.g. the mean). */
  markers?: Array<{ x: number; label: string; color?: string; dash?: number[] }>;
  width: number;
  height: number;
}

/**
 * Bins raw values into equal-width bins over [min, max] (the last bin includes max).
 * @throws RangeError on a non-finite value or an empty input.
 */
export function binValues(values: number[], binCount?: number): Bins {
  if (values.length === 0) throw new RangeError('histogram needs at least one value');
  values.forEach((v, i) => { if (!Number.isFinite(v)) throw new RangeError(`histogram value ${i} = ${v} is not finite`); });
  const sorted = [...values].sort((a, b) => a - b);
  let lo = sorted[0], hi = sorted[sorted.length - 1];
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  let n = binCount;
  if (n === undefined) {
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    const iqr = q(0.75) - q(0.25);
    const h = 2 * iqr / Math.cbrt(values.length);
    n = h > 0 ? Math.ceil((hi - lo) / h) : Math.ceil(Math.log2(values.length) + 1);
    n = Math.min(60, Math.max(5, n));
  }
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bin count must be a positive integer, got ${n}`);
  const width = (hi - lo) / n;
  const edges = Array.from({ length: n + 1 }, (_, k) => (k === n ? hi : lo + k * width));
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  return { edges, counts };
}

/** Builds a histogram (bars spanning exact bin edges) of raw values or of pre-computed bins. */
export function histogramSpec(o: HistogramOptions): VlSpec {
  checkSize(o.width, o.height);
  const bins = Array.isArray(o.values) ? binValues(o.values, o.binCount) : o.values;
  const { edges, counts } = bins;
  if (edges.length !== counts.length + 1 || counts.length === 0) throw new RangeError('bins need counts.length + 1 edges');
  edges.forEach((e, k) => { if (!Number.isFinite(e) || (k > 0 && !(e > edges[k - 1]))) throw new RangeError('bin edges must be finite and increasing'); });
  const density = o.normalize === 'density';
  const total = counts.reduce((a, b) => a + b, 0);
  const values = counts.map((c, k) => ({
    x0: edges[k], x1: edges[k + 1],
    h: density ? (total > 0 ? c / (total * (edges[k + 1] - edges[k])) : 0) : c,
  }));
  const layers: VlSpec[] = [{
    data: { values },
    mark: { type: 'rect', color: o.color ?? PALETTE[0], opacity: 0.85, stroke: '#ffffff', strokeWidth: 0.75, aria: false },
    encoding: {
      x: { field: 'x0', type: 'quantitative', scale: { domain: [edges[0], edges[edges.length - 1]], nice: false, zero: false }, axis: { title: o.xLabel } },
      x2: { field: 'x1' },
      y: { field: 'h', type: 'quantitative', scale: { zero: true, nice: true }, axis: { title: o.yLabel ?? (density ? 'Probability density' : 'Count') } },
      y2: { datum: 0 },
    },
  }];
  for (const m of o.markers ?? []) {
    if (!Number.isFinite(m.x)) throw new RangeError(`histogram marker "${m.label}": x = ${m.x} is not finite`);
    const color = m.color ?? '#000000';
    const data = { values: [{ x: m.x, label: m.label }] };
    layers.push(
      { data, mark: { type: 'rule', color, strokeDash: m.dash ?? DASH.dashed, strokeWidth: 1.5, aria: false }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 12, color, aria: false }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label', type: 'nominal' } } },
    );
  }
  layers.push(frameLayer(o.width, o.height));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title, width: o.width, height: o.height, config: paperConfig(), layer: layers,
  };
}
