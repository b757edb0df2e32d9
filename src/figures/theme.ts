/**
 * Shared look of all figures (a physics-paper style: framed plot area, black axes with outward
 * ticks, no grid, 12 px tick labels, 13 px axis titles, left-aligned panel titles such as
 * "(b) Steady-state concurrence"), plus small helpers used by the spec builders.
 */
import { FONT_FAMILY } from './fonts.ts';

/** A Vega-Lite specification as plain JSON. */
export type VlSpec = { [key: string]: unknown };

/** A point (x, y). */
export type Point = [number, number];

/** Colour-blind-safe categorical palette (Okabe & Ito), in the order series are coloured. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Common dash patterns (SVG dash arrays in px). */
export const DASH = { solid: [] as number[], dashed: [6, 4], dotted: [1.5, 3], dashDot: [7, 3, 1.5, 3] };

/** Top-level Vega-Lite config applied to every figure. */
export function paperConfig(): VlSpec {
  const ink = '#000000';
  return {
    font: FONT_FAMILY,
    background: 'white',
    padding: { left: 6, right: 10, top: 6, bottom: 6 },
    view: { stroke: null, fill: null }, // the frame is drawn on top of the data by frameLayer()
    axis: {
      labelFont: FONT_FAMILY, labelFontSize: 12, labelColor: ink,
      titleFont: FONT_FAMILY, titleFontSize: 13, titleFontWeight: 'normal', titleColor: ink,
      domainColor: ink, tickColor: ink, tickSize: 5, tickWidth: 1, domainWidth: 1,
      grid: false, labelPadding: 3, titlePadding: 6, labelFlush: false, labelOverlap: true,
      zindex: 1, // ticks and axis lines above the data (a map would otherwise hide them)
    },
    legend: {
      labelFont: FONT_FAMILY, labelFontSize: 12, labelColor: ink, labelLimit: 260,
      titleFont: FONT_FAMILY, titleFontSize: 12, titleFontWeight: 'normal', titleColor: ink,
      titleLimit: 320, padding: 4, rowPadding: 4, symbolStrokeWidth: 2, symbolSize: 320,
    },
    title: {
      font: FONT_FAMILY, fontSize: 14, fontWeight: 'normal', color: ink, anchor: 'start', offset: 10, frame: 'group',
    },
    line: { strokeWidth: 2, strokeCap: 'butt' },
    rule: { strokeWidth: 1.5 },
  };
}

/**
 * A black box around the plot area, drawn above every data layer (append it last). Offset by half
 * a pixel like Vega's own axis lines, so the 1 px stroke is crisp.
 */
export function frameLayer(width: number, height: number): VlSpec {
  return {
    data: { values: [{}] },
    mark: { type: 'rect', fill: null, stroke: '#000000', strokeWidth: 1, aria: false },
    encoding: { x: { value: 0.5 }, x2: { value: width + 0.5 }, y: { value: 0.5 }, y2: { value: height + 0.5 } },
  };
}

/** Throws unless width and height are positive finite pixel sizes. */
export function checkSize(width: number, height: number): void {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`figure width and height must be positive, got ${width}×${height}`);
  }
}

/** Throws a RangeError naming `what` unless every coordinate of every point is finite. */
export function checkFinitePoints(points: ReadonlyArray<Point>, what: string): void {
  points.forEach(([x, y], i) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`${what}: point ${i} (${x}, ${y}) is not finite`);
  });
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** "10⁻³"-style label of a power of ten. */
export function decadeLabel(exponent: number): string {
  return '10' + String(exponent).split('').map((c) => SUPERSCRIPT[c]).join('');
}

/** Decade-aligned log axis: domain, major (decade) tick values, minor (2…9 × 10ᵏ) values, label expression. */
export interface LogAxisPlan {
  domain: [number, number];
  major: number[];
  minor: number[];
  labelExpr: string;
}

/**
 * Plans a log axis covering [min, max] (both > 0): the domain is widened to whole decades, every
 * decade gets a labelled major tick (every second/third one when there are many decades) and the
 * 2…9 multiples get minor ticks when there are few decades.
 */
export function planLogAxis(min: number, max: number): LogAxisPlan {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) {
    throw new RangeError(`log axis needs positive finite data, got range [${min}, ${max}]`);
  }
  const eps = 1e-9;
  const pow10 = (e: number) => Number(`1e${e}`); // the double nearest 10^e (Math.pow can be off by an ulp)
  let lo = Math.floor(Math.log10(min) + eps), hi = Math.ceil(Math.log10(max) - eps);
  if (hi <= lo) hi = lo + 1;
  const decades = hi - lo;
  const step = decades <= 8 ? 1 : decades <= 16 ? 2 : Math.ceil(decades / 8);
  const exps: number[] = [];
  for (let e = lo; e <= hi; e++) exps.push(e);
  const majorExps = exps.filter((e) => (e - lo) % step === 0);
  const minor: number[] = [];
  if (decades <= 6) {
    for (let e = lo; e < hi; e++) for (let m = 2; m <= 9; m++) minor.push(m * pow10(e));
  } else if (step > 1) {
    for (const e of exps) if ((e - lo) % step !== 0) minor.push(pow10(e));
  }
  const labels = exps.map((e) => `'${decadeLabel(e)}'`).join(',');
  return {
    domain: [pow10(lo), pow10(hi)],
    major: majorExps.map(pow10),
    minor,
    labelExpr: `[${labels}][round(log(datum.value) / LN10) - (${lo})]`,
  };
}

/** Minimum and maximum of the finite entries (undefined when there are none). */
export function finiteExtent(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}
