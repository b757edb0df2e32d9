/**
 * The explorer's one door into the figure toolkit (src/figures/: Vega-Lite spec builders and
 * marching-squares contours, no physics). The toolkit is not part of the package API (`'lindblad'`
 * exports the engine only), so it is imported here by path; everything else in web/src imports the
 * engine from 'lindblad' (web/vite.config.ts refuses other paths into src/).
 */
export { heatmapSpec, lineChartSpec, PALETTE, DASH, type Overlay, type Point, type VlSpec } from '../../../src/figures/specs.ts';
export { contourLines, type Polyline } from '../../../src/figures/contour.ts';
