/**
 * A Vega-Lite chart mounted in a page element: compiled with vega-lite, rendered by a plain Vega
 * View with the SVG renderer (no vega-embed). Named data sets can be replaced without recompiling
 * (markers), and the chart exports as SVG text or a PNG blob. Pointer positions map to data
 * coordinates through the View's own x and y scales.
 */
import { View, parse, changeset } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VlSpec } from './figure-toolkit.ts';

/** Vega's scale function, as far as it is used here. */
interface Scale { (v: number): number; invert(px: number): number; range(): number[] }

/** Lets the browser handle input and paint before the next piece of work. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class VegaPanel {
  private view: View | null = null;
  private generation = 0;
  /** Messages Vega-Lite or Vega logged while compiling or rendering (shown nowhere, kept for debugging). */
  readonly warnings: string[] = [];

  constructor(readonly container: HTMLElement) {}

  /** Compiles and renders a new spec, replacing the previous chart. Resolves when drawn. */
  async show(spec: VlSpec): Promise<void> {
    const gen = ++this.generation;
    // Compile, parse and render run as separate tasks (a macrotask yield in between), so drawing a chart
    // never blocks the page for one long stretch (issue 19: no main-thread task over 100 ms).
    const { spec: vg } = compile(spec as unknown as TopLevelSpec, { logger: this.logger() as never });
    await yieldToPage();
    if (gen !== this.generation) return;
    const holder = document.createElement('div');
    holder.className = 'vega-holder';
    const view = new View(parse(vg), { renderer: 'svg', container: holder, hover: false, logger: this.logger() as never });
    await yieldToPage();
    await view.runAsync();
    if (gen !== this.generation) { view.finalize(); return; } // a newer spec arrived meanwhile
    this.container.replaceChildren(holder);
    this.view?.finalize();
    this.view = view;
  }

  /** Replaces the rows of a named data set and redraws. */
  async setData(name: string, rows: object[]): Promise<void> {
    const v = this.view;
    if (!v) return;
    try { v.data(name); } catch { return; } // this spec has no such data set
    await v.change(name, changeset().remove(() => true).insert(rows)).runAsync();
  }

  /**
   * Data coordinates (x, y) of a pointer event, or null when it is outside the plot area.
   *
   * The renderer draws everything inside one root <g> translated by padding + origin (vega-view's
   * `offset()`); `View.origin()` alone leaves the padding out, which read points ~6 px off (issue 19).
   * The root group's screen matrix is used instead: it holds that translation and any CSS scaling of
   * the SVG (narrow screens), so a pointer maps to the same coordinates the marks were drawn in.
   */
  pointerToData(e: PointerEvent | MouseEvent): { x: number; y: number } | null {
    const v = this.view;
    const root = this.container.querySelector('svg > g') as SVGGraphicsElement | null;
    const svg = root?.ownerSVGElement;
    const ctm = root?.getScreenCTM();
    if (!v || !svg || !ctm) return null;
    const local = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const px = local.x, py = local.y;
    const sx = v.scale('x') as Scale | undefined, sy = v.scale('y') as Scale | undefined;
    if (!sx || !sy) return null;
    const [x0, x1] = sx.range(), [y0, y1] = sy.range();
    if (px < Math.min(x0, x1) || px > Math.max(x0, x1) || py < Math.min(y0, y1) || py > Math.max(y0, y1)) return null;
    return { x: sx.invert(px), y: sy.invert(py) };
  }

  /** The chart as a standalone SVG document. */
  async toSvg(): Promise<string> {
    if (!this.view) throw new Error('nothing to export yet');
    return this.view.toSVG();
  }

  /** The chart as a PNG (scale × the on-screen size). */
  async toPng(scale = 2): Promise<Blob> {
    if (!this.view) throw new Error('nothing to export yet');
    const url = await this.view.toImageURL('png', scale);
    return (await fetch(url)).blob();
  }

  private logger() {
    let level = 2;
    const push = (...a: unknown[]) => { this.warnings.push(a.map(String).join(' ')); return logger; };
    const logger = {
      level(l?: number) { if (l === undefined) return level; level = l; return logger; },
      error: (...a: unknown[]) => { console.error('vega:', ...a); return logger; },
      warn: push, info: () => logger, debug: () => logger,
    };
    return logger;
  }
}
