/**
 * The diamond level scheme of the two qubits as an inline SVG: |G⟩ at the bottom, |S⟩ (left) and
 * |A⟩ (right) in the middle, |E⟩ at the top; the S bath links G–S–E, the A bath G–A–E. Each level
 * carries a disc whose area is proportional to its population, and the population as text.
 */
import type { DiamondPopulations } from 'lindblad';
import { fmt } from '../ui/format.ts';

const NS = 'http://www.w3.org/2000/svg';
const W = 280, H = 178, R_MAX = 22;
const LEVELS: Record<keyof DiamondPopulations, { x: number; y: number; name: string }> = {
  E: { x: 140, y: 24, name: 'E' },
  S: { x: 100, y: 87, name: 'S' },
  A: { x: 180, y: 87, name: 'A' },
  G: { x: 140, y: 150, name: 'G' },
};
const BATH_COLOR = { S: '#0072B2', A: '#D55E00' };

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A level scheme that can be redrawn with new populations. */
export class DiamondScheme {
  readonly element: SVGSVGElement;
  private readonly discs = new Map<keyof DiamondPopulations, SVGCircleElement>();
  private readonly values = new Map<keyof DiamondPopulations, SVGTextElement>();

  constructor(caption: string) {
    this.element = node('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', class: 'diamond-scheme' });
    this.element.append(node('title', {}, caption));
    for (const bath of ['S', 'A'] as const) {
      const mid = LEVELS[bath];
      for (const end of [LEVELS.G, LEVELS.E]) {
        this.element.append(node('line', { x1: mid.x, y1: mid.y, x2: end.x, y2: end.y, stroke: BATH_COLOR[bath], 'stroke-width': 2, 'stroke-opacity': 0.55 }));
      }
      const left = bath === 'S';
      this.element.append(node('text', { x: left ? 112 : 168, y: 128, 'text-anchor': left ? 'end' : 'start', class: 'bath-label', fill: BATH_COLOR[bath] }, `bath ${bath}`));
    }
    this.element.append(node('text', { x: 4, y: H - 4, class: 'scheme-key' }, 'disc area ∝ population'));
    for (const [key, lv] of Object.entries(LEVELS) as Array<[keyof DiamondPopulations, (typeof LEVELS)['G']]>) {
      const disc = node('circle', { cx: lv.x, cy: lv.y, r: 0, fill: '#0b3d91', 'fill-opacity': 0.85 });
      this.element.append(node('line', { x1: lv.x - 24, y1: lv.y, x2: lv.x + 24, y2: lv.y, stroke: '#111', 'stroke-width': 2.5 }), disc);
      const labelLeft = key === 'S';
      const tx = key === 'S' ? lv.x - 29 : lv.x + 29;
      this.element.append(node('text', { x: tx, y: lv.y - 4, 'text-anchor': labelLeft ? 'end' : 'start', class: 'level-name' }, `|${lv.name}⟩`));
      const value = node('text', { x: tx, y: lv.y + 12, 'text-anchor': labelLeft ? 'end' : 'start', class: 'level-pop', 'data-level': key }, '');
      this.element.append(value);
      this.discs.set(key, disc);
      this.values.set(key, value);
    }
  }

  /** Redraws the discs (area ∝ population) and the population labels. */
  update(p: DiamondPopulations): void {
    for (const key of Object.keys(LEVELS) as Array<keyof DiamondPopulations>) {
      const v = Math.min(1, Math.max(0, p[key]));
      this.discs.get(key)!.setAttribute('r', String(R_MAX * Math.sqrt(v)));
      const t = this.values.get(key)!;
      t.textContent = fmt(p[key], 3);
      t.setAttribute('data-value', String(p[key]));
    }
  }
}
