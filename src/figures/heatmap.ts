/**
 * Vega-Lite spec for a continuous-colour map of a regular grid with overlaid lines.
 *
 * On an evenly spaced grid the map is one raster image (one pixel per grid point, colour-mapped
 * here with Vega's own scheme interpolator and embedded as a PNG data URL), which keeps the SVG
 * small and seam-free; the colour legend comes from an invisible zero-area layer carrying the same
 * colour scale. On an uneven grid (or on request) every grid point becomes a rect mark spanning its
 * cell (bounds halfway to the neighbours), slightly overlapped so anti-aliasing shows no seams.
 */
import * as vega from 'vega';
import { gridShape, type Grid2D } from './contour.ts';
import { encodePngRgba } from './png.ts';
import { checkFinitePoints, checkSize, finiteExtent, frameLayer, paperConfig, type Point, type VlSpec } from './theme.ts';

/** A line drawn over the map: one polyline, or several (e.g. all pieces of a contour). */
export interface PolylineOverlay {
  kind: 'polyline';
  points: Point[] | Point[][];
  color: string;
  dash?: number[];
  /** Shown in a line legend below the colour bar when given. */
  label?: string;
  strokeWidth?: number;
  /** Colour of an outline drawn under the line (1 px each side) to keep it visible on any map colour. */
  halo?: string;
}

/** A full-height vertical line at x and/or a full-width horizontal line at y. */
export interface RuleOverlay {
  kind: 'rule';
  x?: number;
  y?: number;
  color: string;
  dash?: number[];
  label?: string;
  strokeWidth?: number;
  /** Colour of an outline drawn under the line (1 px each side) to keep it visible on any map colour. */
  halo?: string;
}

export type Overlay = PolylineOverlay | RuleOverlay;

/** Options of {@link heatmapSpec}. Width and height are those of the plot area, in px. */
export interface HeatmapOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  grid: Grid2D;
  colorLabel: string;
  /** Any Vega continuous scheme name; default 'viridis'. */
  colorScheme?: string;
  /** Colour-scale domain [min, max]; default: the finite range of z. Values outside are clamped. */
  domain?: [number, number];
  overlays?: Overlay[];
  width: number;
  height: number;
  /** 'auto' (default): raster when the grid is evenly spaced, rects otherwise. */
  render?: 'auto' | 'raster' | 'rect';
  /** Raster only: interpolate between grid points instead of showing blocky cells. Default false. */
  smooth?: boolean;
}

/** Cell boundaries: halfway between neighbouring grid coordinates, half a step beyond the ends. */
export function cellEdges(c: ArrayLike<number>): number[] {
  const n = c.length;
  for (let i = 1; i < n; i++) {
    if (!(c[i] > c[i - 1])) throw new RangeError('heatmap grid coordinates must be strictly increasing');
  }
  const e = [c[0] - (c[1] - c[0]) / 2];
  for (let i = 1; i < n; i++) e.push((c[i - 1] + c[i]) / 2);
  e.push(c[n - 1] + (c[n - 1] - c[n - 2]) / 2);
  return e;
}

function isEven(c: ArrayLike<number>): boolean {
  const step = (c[c.length - 1] - c[0]) / (c.length - 1);
  for (let i = 1; i < c.length; i++) if (Math.abs(c[i] - c[i - 1] - step) > 1e-6 * Math.abs(step)) return false;
  return true;
}

/** 256-entry RGB lookup table of a Vega continuous colour scheme. */
function schemeLut(name: string): Uint8Array {
  const interp = (vega as unknown as { scheme(n: string): unknown }).scheme(name);
  if (typeof interp !== 'function') throw new RangeError(`unknown continuous colour scheme "${name}"`);
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = String((interp as (t: number) => string)(i / 255));
    const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(c) ?? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
    if (!m) throw new Error(`cannot parse colour "${c}" from scheme "${name}"`);
    const base = c.startsWith('#') ? 16 : 10;
    for (let k = 0; k < 3; k++) lut[3 * i + k] = parseInt(m[k + 1], base);
  }
  return lut;
}

/** PNG data URL of the colour-mapped grid: pixel row 0 is the largest y; non-finite z is transparent. */
function rasterUrl(grid: Grid2D, nx: number, ny: number, domain: [number, number], scheme: string): string {
  const lut = schemeLut(scheme);
  const rgba = new Uint8Array(nx * ny * 4);
  const [d0, d1] = domain;
  for (let iy = 0; iy < ny; iy++) {
    const row = ny - 1 - iy;
    for (let ix = 0; ix < nx; ix++) {
      const v = grid.z[iy * nx + ix];
      if (!Number.isFinite(v)) continue;
      const t = Math.min(1, Math.max(0, (v - d0) / (d1 - d0)));
      const k = Math.round(t * 255), p = 4 * (row * nx + ix);
      rgba[p] = lut[3 * k]; rgba[p + 1] = lut[3 * k + 1]; rgba[p + 2] = lut[3 * k + 2]; rgba[p + 3] = 255;
    }
  }
  return 'data:image/png;base64,' + encodePngRgba(nx, ny, rgba).toString('base64');
}

/** The overlay layers, drawn in the given order, with one shared line legend for the labelled ones. */
function overlayLayers(all: Overlay[]): VlSpec[] {
  // Empty polylines (e.g. a contour level outside the data) draw nothing and get no legend entry.
  const overlays = all.filter((o) => o.kind !== 'polyline' || o.points.some((p) => p.length > 0));
  const labelled = overlays.filter((o) => o.label !== undefined);
  const labels = labelled.map((o) => o.label as string);
  if (new Set(labels).size !== labels.length) throw new RangeError('heatmap overlay labels must be distinct');
  const style = (o: Overlay): VlSpec => o.label === undefined
    ? { stroke: { value: o.color }, strokeDash: { value: o.dash ?? [] } }
    : {
      stroke: { field: 'label', type: 'nominal', scale: { domain: labels, range: labelled.map((l) => l.color) }, legend: { title: null, symbolType: 'stroke', orient: 'right' } },
      strokeDash: { field: 'label', type: 'nominal', scale: { domain: labels, range: labelled.map((l) => l.dash ?? [1, 0]) }, legend: { title: null, symbolType: 'stroke', orient: 'right' } },
    };
  const layers: VlSpec[] = [];
  /** Pushes the optional halo layer, then the line itself, for one piece of geometry. */
  const push = (o: Overlay, type: 'line' | 'rule', data: VlSpec, position: VlSpec) => {
    const width = o.strokeWidth ?? 2;
    const mark = { type, clip: true, aria: false, ...(type === 'line' ? { interpolate: 'linear' } : {}) };
    if (o.halo !== undefined) {
      layers.push({
        data, mark: { ...mark, strokeWidth: width + 2 },
        encoding: { ...position, stroke: { value: o.halo }, strokeDash: { value: o.dash ?? [] } },
      });
    }
    layers.push({ data, mark: { ...mark, strokeWidth: width }, encoding: { ...position, ...style(o) } });
  };
  for (const o of overlays) {
    if (o.kind === 'polyline') {
      const pieces = (o.points.length > 0 && Array.isArray(o.points[0][0]) ? o.points : [o.points]) as Point[][];
      const values: VlSpec[] = [];
      pieces.forEach((piece, seg) => {
        checkFinitePoints(piece, 'heatmap polyline overlay');
        piece.forEach(([x, y], i) => values.push({ x, y, seg, i, label: o.label ?? '' }));
      });
      push(o, 'line', { values }, {
        x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' },
        detail: { field: 'seg', type: 'nominal' }, order: { field: 'i', type: 'quantitative' },
      });
    } else {
      const lines: Array<['x' | 'y', number]> = [];
      if (o.x !== undefined) lines.push(['x', o.x]);
      if (o.y !== undefined) lines.push(['y', o.y]);
      if (lines.length === 0) throw new RangeError('a rule overlay needs x or y');
      for (const [ch, v] of lines) {
        if (!Number.isFinite(v)) throw new RangeError(`rule overlay ${ch} = ${v} is not finite`);
        push(o, 'rule', { values: [{ v, label: o.label ?? '' }] }, { [ch]: { field: 'v', type: 'quantitative' } });
      }
    }
  }
  return layers;
}

/**
 * Builds a Vega-Lite spec of a colour map of `grid` with a colour bar and overlaid (dashed) lines.
 * Axis domains are exactly the cell bounds of the grid (no padding, no "nice" rounding).
 */
export function heatmapSpec(o: HeatmapOptions): VlSpec {
  checkSize(o.width, o.height);
  const { nx, ny } = gridShape(o.grid);
  const xe = cellEdges(o.grid.x), ye = cellEdges(o.grid.y);
  const scheme = o.colorScheme ?? 'viridis';
  let domain = o.domain ?? finiteExtent(o.grid.z) ?? [0, 1];
  if (!(Number.isFinite(domain[0]) && Number.isFinite(domain[1]) && domain[0] <= domain[1])) {
    throw new RangeError(`colour domain must be finite and ordered, got [${domain}]`);
  }
  if (domain[0] === domain[1]) domain = [domain[0] - 0.5, domain[1] + 0.5];
  const mode = o.render ?? 'auto';
  const raster = mode === 'raster' || (mode === 'auto' && isEven(o.grid.x) && isEven(o.grid.y));
  schemeLut(scheme); // validates the scheme name in both modes (Vega would only warn)

  const xScale = { domain: [xe[0], xe[nx]], nice: false, zero: false, padding: 0 };
  const yScale = { domain: [ye[0], ye[ny]], nice: false, zero: false, padding: 0 };
  const colorEnc = {
    field: 'z', type: 'quantitative',
    scale: { scheme, domain, clamp: true, zero: false, nice: false },
    legend: { title: o.colorLabel, orient: 'right', gradientLength: Math.max(60, o.height - 40), gradientThickness: 14, direction: 'vertical', titleOrient: 'top', tickCount: 6 },
  };
  const axes = {
    x: { field: 'x0', type: 'quantitative', scale: xScale, axis: { title: o.xLabel } },
    y: { field: 'y0', type: 'quantitative', scale: yScale, axis: { title: o.yLabel } },
  };

  let mapLayers: VlSpec[];
  if (raster) {
    const url = rasterUrl(o.grid, nx, ny, domain, scheme);
    mapLayers = [
      {
        data: { values: [{ url, x0: xe[0], x1: xe[nx], y0: ye[0], y1: ye[ny] }] },
        mark: { type: 'image', aspect: false, smooth: o.smooth ?? false, aria: false },
        encoding: { url: { field: 'url', type: 'nominal' }, ...axes, y: { ...axes.y, field: 'y1' }, x2: { field: 'x1' }, y2: { field: 'y0' } },
      },
      { // zero-area rects that only carry the colour scale, so the colour bar is drawn
        data: { values: [{ z: domain[0], x0: xe[0], y0: ye[0] }, { z: domain[1], x0: xe[0], y0: ye[0] }] },
        mark: { type: 'rect', aria: false },
        encoding: { ...axes, x2: { field: 'x0' }, y2: { field: 'y0' }, color: colorEnc },
      },
    ];
  } else {
    // Overlap each cell by ≈0.75 px (at most half a cell) towards +x/+y to hide anti-aliasing seams.
    const ox = Math.min(0.5, (0.75 * nx) / o.width), oy = Math.min(0.5, (0.75 * ny) / o.height);
    const values: VlSpec[] = [];
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const z = o.grid.z[iy * nx + ix];
        if (!Number.isFinite(z)) continue;
        values.push({
          x0: xe[ix], x1: xe[ix + 1] + ox * (xe[ix + 1] - xe[ix]),
          y0: ye[iy], y1: ye[iy + 1] + oy * (ye[iy + 1] - ye[iy]), z,
        });
      }
    }
    mapLayers = [{
      data: { values }, mark: { type: 'rect', clip: true, aria: false },
      encoding: { ...axes, x2: { field: 'x1' }, y2: { field: 'y1' }, color: colorEnc },
    }];
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: o.width,
    height: o.height,
    config: paperConfig(),
    resolve: { scale: { stroke: 'shared', strokeDash: 'shared' } },
    layer: [...mapLayers, ...overlayLayers(o.overlays ?? []), frameLayer(o.width, o.height)],
  };
}
