/**
 * Browser stand-in for src/figures/fonts.ts (which reads DejaVu Sans from disk with node:fs). In the
 * browser Vega measures text with a canvas, so only the family name is needed; the fallbacks keep
 * the look when DejaVu Sans is not installed.
 */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Geneva, sans-serif';

/** No-op: the browser's canvas text metrics are already exact. */
export function installVegaTextMetrics(): void {}
