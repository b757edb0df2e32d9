/**
 * The files `lindblad paper --out DIR` writes into DIR (import-light: the command checks them before any
 * work, so a directory or link in the way of one is refused up front, not after the other files are written).
 */
const FIGURES = ['fig1b', 'fig1c', 'fig2b', 'fig2c', 'cavity-dynamics', 'entropy-histogram', 'emission-g2', 'emission-spectrum',
  'tur-map', 'tur-kappa', 'fano-kappa', 'emitters-concurrence', 'emitters-scaling'];

/** Every output file's name: each figure as SVG, PNG and CSV, and report.md. */
export const PAPER_FILES: readonly string[] = [...FIGURES.flatMap((b) => [`${b}.svg`, `${b}.png`, `${b}.csv`]), 'report.md'];
