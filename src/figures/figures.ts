/**
 * Figure toolkit (no physics): marching-squares contours, Vega-Lite spec builders in a
 * physics-paper style, and headless SVG/PNG rendering with atomic writes.
 */
export { contourLines, gridShape, type Grid2D, type Polyline } from './contour.ts';
export {
  binValues, cellEdges, heatmapSpec, histogramSpec, lineChartSpec, DASH, PALETTE,
  type Bins, type HeatmapOptions, type HistogramOptions, type HLineAnnotation, type LineChartOptions,
  type Overlay, type Point, type PolylineOverlay, type RuleOverlay, type Series, type VlSpec,
} from './specs.ts';
export { renderSvg, svgToPng, writeFigure, type PngOptions, type RenderOptions, type WriteFigureOptions } from './render.ts';
export { encodePngRgba, readPngSize, PNG_SIGNATURE } from './png.ts';
