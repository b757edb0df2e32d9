/**
 * Headless rendering of Vega-Lite specs: Vega-Lite → Vega → SVG string (a Vega View with the
 * 'none' renderer, text measured with the real DejaVu Sans metrics), SVG → PNG with resvg using
 * the DejaVu fonts, and atomic writing of both files.
 */
import { makeDirectory } from '../io/make-dir.ts';
import { join } from 'node:path';
import * as vl from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from '../io/atomic.ts';
import { FONT_DIR, FONT_FAMILY, installVegaTextMetrics } from './fonts.ts';
import type { VlSpec } from './theme.ts';

/** Options of {@link renderSvg}. */
export interface RenderOptions {
  /** Throw when Vega-Lite or Vega reports a warning (e.g. a dropped channel). Default false. */
  strict?: boolean;
  /** Receives every warning message; default: printed to stderr with a "figures:" prefix. */
  onWarning?: (message: string) => void;
}

/** A logger satisfying both Vega-Lite's LoggerInterface and Vega's logger contract. */
function collectingLogger(warn: (m: string) => void, error: (m: string) => void) {
  let lvl = 2;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(l?: number) {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    error(...args: unknown[]) { error(text(args)); return logger; },
    warn(...args: unknown[]) { warn(text(args)); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG document string (no DOM, no canvas).
 * @throws on compile or dataflow errors, and on warnings when `strict`.
 */
export async function renderSvg(vlSpec: VlSpec, options: RenderOptions = {}): Promise<string> {
  installVegaTextMetrics();
  const warnings: string[] = [], errors: string[] = [];
  const sink = options.onWarning ?? ((m: string) => process.stderr.write(`figures: ${m}\n`));
  const logger = collectingLogger((m) => { warnings.push(m); sink(m); }, (m) => errors.push(m));
  const { spec } = vl.compile(vlSpec as unknown as vl.TopLevelSpec, { logger: logger as never });
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`figures: render errors: ${errors.join('; ')}`);
    if (options.strict && warnings.length > 0) throw new Error(`figures: render warnings: ${warnings.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixel scale relative to the SVG's size; default 2 (print quality for a ~3.5-inch figure). */
  scale?: number;
  /** Background colour; default white. */
  background?: string;
}

/**
 * Rasterises an SVG with resvg. System fonts and the DejaVu directory are loaded and DejaVu Sans is
 * the default and sans-serif family, so text always renders. Embedded rasters marked
 * "pixelated" (unknown to resvg) are drawn with nearest-neighbour scaling, as in a browser.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`PNG scale must be positive, got ${scale}`);
  const fixed = svg.replace(/image-rendering: optimizeSpeed; image-rendering: pixelated;/g, 'image-rendering: optimizeSpeed;');
  const resvg = new Resvg(fixed, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
    font: {
      loadSystemFonts: true,
      fontDirs: [FONT_DIR],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: 'DejaVu Serif',
      monospaceFamily: 'DejaVu Sans Mono',
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/** Options of {@link writeFigure}. */
export interface WriteFigureOptions extends RenderOptions, PngOptions {
  /** Also write the Vega-Lite spec as `<base>.vl.json` (for re-rendering elsewhere). Default false. */
  writeSpec?: boolean;
}

/**
 * Renders `vlSpec` and writes `<outDir>/<baseName>.svg` and `.png` (creating outDir), each
 * atomically, so an interrupted run never leaves a half-written figure. Returns the two paths.
 */
export async function writeFigure(outDir: string, baseName: string, vlSpec: VlSpec, options: WriteFigureOptions = {}): Promise<{ svg: string; png: string }> {
  if (!baseName || /[\\/]/.test(baseName)) throw new RangeError(`figure base name must be a plain file name, got "${baseName}"`);
  const svg = await renderSvg(vlSpec, options);
  const png = svgToPng(svg, options);
  makeDirectory(outDir);
  const paths = { svg: join(outDir, `${baseName}.svg`), png: join(outDir, `${baseName}.png`) };
  writeFileAtomic(paths.svg, svg);
  writeFileAtomic(paths.png, png);
  if (options.writeSpec) writeFileAtomic(join(outDir, `${baseName}.vl.json`), JSON.stringify(vlSpec, null, 1) + '\n');
  return paths;
}
