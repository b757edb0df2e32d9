/**
 * Text measurement from the actual TrueType font used to rasterise figures (DejaVu Sans).
 *
 * Headless Vega has no canvas to measure text with and falls back to a crude estimate of 0.8 em per
 * character, which mis-sizes legends, axis-title offsets and label-overlap checks. Here the advance
 * widths are read straight from the font's `cmap` and `hmtx` tables (kerning is ignored, which is
 * well under a pixel at figure sizes) and installed as Vega's text-width function, so the layout
 * Vega computes matches what resvg draws.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';

/** Directory holding the DejaVu TrueType fonts. */
export const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
/** Family name used in figure specs and as resvg's default family. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Advance widths of one font face, in em units. */
export interface FontMetrics {
  /** Advance width of a string at 1 px font size (i.e. in em). */
  widthEm(text: string): number;
}

/** Parses the cmap (format 4 / 12) and hmtx tables of a TrueType file into a width lookup. */
export function parseTrueTypeWidths(buf: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('ascii', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const need = (tag: string) => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font has no ${tag} table`);
    return off;
  };
  const unitsPerEm = buf.readUInt16BE(need('head') + 18);
  const numHMetrics = buf.readUInt16BE(need('hhea') + 34);
  const hmtx = need('hmtx');
  const advance = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numHMetrics - 1));
  const glyphOf = cmapLookup(buf, need('cmap'));
  const cache = new Map<number, number>();
  const charWidth = (cp: number) => {
    let w = cache.get(cp);
    if (w === undefined) {
      w = advance(glyphOf(cp)) / unitsPerEm;
      cache.set(cp, w);
    }
    return w;
  };
  return {
    widthEm(text: string): number {
      let w = 0;
      for (const ch of text) w += charWidth(ch.codePointAt(0)!);
      return w;
    },
  };
}

/** Returns a code point → glyph id function from the best Unicode cmap subtable. */
function cmapLookup(buf: Buffer, cmap: number): (cp: number) => number {
  const n = buf.readUInt16BE(cmap + 2);
  let fmt4 = -1, fmt12 = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec), encoding = buf.readUInt16BE(rec + 2);
    const sub = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) fmt12 = sub;
    else if (format === 4 && fmt4 < 0) fmt4 = sub;
  }
  if (fmt12 >= 0) {
    const groups = buf.readUInt32BE(fmt12 + 12);
    return (cp) => {
      for (let g = 0; g < groups; g++) {
        const p = fmt12 + 16 + 12 * g;
        const start = buf.readUInt32BE(p), end = buf.readUInt32BE(p + 4);
        if (cp >= start && cp <= end) return buf.readUInt32BE(p + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (fmt4 < 0) throw new Error('font has no Unicode cmap subtable of format 4 or 12');
  const segX2 = buf.readUInt16BE(fmt4 + 6);
  const ends = fmt4 + 14, starts = ends + segX2 + 2, deltas = starts + segX2, rangeOffs = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + s), ro = buf.readUInt16BE(rangeOffs + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffs + s + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

let faces: { regular: FontMetrics; bold: FontMetrics } | null | undefined;

/** Loads (once) the regular and bold DejaVu Sans metrics; null when the font files are missing. */
export function dejaVuMetrics(): { regular: FontMetrics; bold: FontMetrics } | null {
  if (faces === undefined) {
    const reg = join(FONT_DIR, 'DejaVuSans.ttf'), bold = join(FONT_DIR, 'DejaVuSans-Bold.ttf');
    faces = existsSync(reg) && existsSync(bold)
      ? { regular: parseTrueTypeWidths(readFileSync(reg)), bold: parseTrueTypeWidths(readFileSync(bold)) }
      : null;
  }
  return faces;
}

/** The subset of a Vega text item read by the width function. */
interface TextItem { fontSize?: number; fontWeight?: string | number }

/** Width in px of `text` set in DejaVu Sans at `fontSize` px; the regular or bold face. */
export function measureText(text: string, fontSize: number, bold = false): number {
  const m = dejaVuMetrics();
  if (!m) return 0.6 * text.length * fontSize; // rough DejaVu average when the font is absent
  return (bold ? m.bold : m.regular).widthEm(text) * fontSize;
}

let installed = false;

/**
 * Makes headless Vega measure text with the DejaVu Sans advance widths (process-wide, idempotent).
 * Vega exports its `textMetrics` object at runtime but not in its type declarations.
 */
export function installVegaTextMetrics(): void {
  if (installed) return;
  const tm = (vega as unknown as { textMetrics?: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  if (!tm) return;
  tm.width = (item: TextItem, text: unknown): number => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const s = text == null ? '' : String(text).trim();
    if (size <= 0 || !s) return 0;
    const w = item.fontWeight;
    const bold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && +w >= 600);
    return measureText(s, size, bold);
  };
  installed = true;
}
