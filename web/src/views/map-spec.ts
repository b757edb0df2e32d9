/**
 * Vega-Lite specs of the two (β_A, β_S) maps: the figure toolkit's heatmapSpec (raster map, colour
 * bar, dashed thermal-quadrant edges β_A = 0 and β_S = 0, the C = 1/3 contour) plus marker layers
 * fed from named data sets, so the pinned point, the hovered point and the cavity's effective point
 * move without recompiling the chart.
 */
import { heatmapSpec, type Overlay, type Polyline, type VlSpec } from './figure-toolkit.ts';
import type { MapResult } from '../engine/compute.ts';

export type MapKind = 'concurrence' | 'entropy';

/** Plot-area size of each map, px. */
export const MAP_SIZE = { width: 320, height: 320 };

const LOOK: Record<MapKind, { title: string; colorLabel: string; scheme: string }> = {
  concurrence: { title: 'Steady-state concurrence C', colorLabel: 'C', scheme: 'viridis' },
  entropy: { title: 'Entropy production Ṡ/Γ⁺', colorLabel: 'Ṡ/Γ⁺', scheme: 'inferno' },
};

/** A marker position: the point itself, drawn clamped to the map when it lies outside. */
export interface MarkerRow { x: number; y: number; label?: string }

const position = (xLabel: string, yLabel: string) => ({
  x: { field: 'x', type: 'quantitative', title: xLabel },
  y: { field: 'y', type: 'quantitative', title: yLabel },
});

/** The marker layers: hovered point (small ring), pinned point (ring with halo), cavity point (diamond + label). */
function markerLayers(): VlSpec[] {
  const pos = position('β_A', 'β_S');
  const ring = (name: string, size: number, stroke: string, width: number, dash?: number[]): VlSpec => ({
    data: { name },
    mark: { type: 'point', shape: 'circle', filled: false, size, stroke, strokeWidth: width, clip: true, aria: false, ...(dash ? { strokeDash: dash } : {}) },
    encoding: pos,
  });
  return [
    ring('hovered', 90, '#000000', 3), ring('hovered', 90, '#ffffff', 1.5),
    ring('pinned', 150, '#000000', 4), ring('pinned', 150, '#ffffff', 2),
    {
      data: { name: 'cavity' },
      mark: { type: 'point', shape: 'diamond', filled: true, size: 150, fill: '#56B4E9', stroke: '#000000', strokeWidth: 1.5, opacity: 1, clip: true, aria: false },
      encoding: pos,
    },
    ...(['left', 'right'] as const).flatMap((side) => [true, false].map((halo): VlSpec => ({
      data: { name: 'cavity' },
      transform: [{ filter: `datum.side === '${side}'` }],
      mark: {
        type: 'text', align: side, baseline: 'middle', dx: side === 'left' ? 9 : -9, fontSize: 11, fontWeight: 'bold', fill: '#ffffff',
        ...(halo ? { stroke: '#000000', strokeWidth: 2.5, strokeOpacity: 0.7 } : {}), clip: true, aria: false,
      },
      encoding: { x: pos.x, y: { ...pos.y, field: 'ly' }, text: { field: 'label', type: 'nominal' } },
    }))),
  ];
}

/** The full spec of one map for the computed grid and the C = 1/3 contour. */
export function mapSpec(kind: MapKind, m: MapResult, contour: Polyline[]): VlSpec {
  const look = LOOK[kind];
  const z = kind === 'concurrence' ? m.concurrence : m.entropy;
  let zMax = 0;
  for (const v of z) if (Number.isFinite(v) && v > zMax) zMax = v;
  const overlays: Overlay[] = [
    { kind: 'rule', x: 0, y: 0, color: '#c8c8c8', dash: [6, 4], label: 'β = 0', halo: 'rgba(0,0,0,0.45)', strokeWidth: 1.5 },
    { kind: 'polyline', points: contour, color: '#ff3b3b', dash: [5, 3], label: 'C = 1/3', halo: 'rgba(0,0,0,0.45)', strokeWidth: 2 },
  ].filter((o) => o.kind !== 'rule' || inside(0, m.x) || inside(0, m.y)) as Overlay[];
  const spec = heatmapSpec({
    title: look.title, xLabel: 'β_A', yLabel: 'β_S',
    grid: { x: m.x, y: m.y, z },
    colorLabel: look.colorLabel, colorScheme: look.scheme,
    domain: kind === 'concurrence' ? [0, 0.5] : [0, Math.max(zMax, 1e-12)],
    overlays, ...MAP_SIZE,
  });
  const layers = spec.layer as VlSpec[];
  const frame = layers.pop()!;
  layers.push(...markerLayers(), frame);
  return spec;
}

function inside(v: number, axis: ArrayLike<number>): boolean {
  return v >= axis[0] && v <= axis[axis.length - 1];
}

type Range = { aMin: number; aMax: number; sMin: number; sMax: number };

/** Clamps a marker into the map rectangle (a point at β = ±∞ sits on the edge). */
export function clampToMap(x: number, y: number, m: Range): { x: number; y: number; clamped: boolean } {
  const cx = Math.min(m.aMax, Math.max(m.aMin, x)), cy = Math.min(m.sMax, Math.max(m.sMin, y));
  return { x: cx, y: cy, clamped: cx !== x || cy !== y };
}

/**
 * The "cavity" marker row for an effective (β_A, β_S): clamped into the map, its label on the side
 * with room (left of the point in the map's right part) and moved off the top and bottom edges;
 * an off-map coordinate is named in the label.
 */
export function cavityMarkerRow(betaA: number, betaS: number, kappaText: string, m: Range): object {
  const c = clampToMap(betaA, betaS, m);
  const spanS = m.sMax - m.sMin;
  let ly = c.y;
  if (c.y > m.sMax - 0.06 * spanS) ly = c.y - 0.05 * spanS;
  else if (c.y < m.sMin + 0.06 * spanS) ly = c.y + 0.05 * spanS;
  const off = [
    ...(c.x !== betaA ? [`β_A = ${betaA === -Infinity ? '−∞' : betaA === Infinity ? '+∞' : betaA.toFixed(2).replace('-', '−')}`] : []),
    ...(c.y !== betaS ? [`β_S = ${betaS === -Infinity ? '−∞' : betaS === Infinity ? '+∞' : betaS.toFixed(2).replace('-', '−')}`] : []),
  ];
  return {
    x: c.x, y: c.y, ly,
    side: c.x > m.aMin + 0.55 * (m.aMax - m.aMin) ? 'right' : 'left',
    label: `cavity, κ/g = ${kappaText}${off.length ? ` (${off.join(', ')}, off map)` : ''}`,
  };
}
