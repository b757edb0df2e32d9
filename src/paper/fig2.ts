/**
 * Fig. 2(b) and 2(c): concurrence of the two emitters versus κ/g for the full cavity-QED model (engine
 * steady states at Fock cutoff N) and for the effective diamond model after adiabatic elimination (Eq. 9).
 */
import { cavitySteadyState } from '../models/cavity-solve.ts';
import { lineChartSpec, DASH, PALETTE, type Series, type VlSpec } from '../figures/index.ts';
import type { Progress } from './progress.ts';

export interface KappaPoint {
  kappa: number;
  full: number;
  effective: number;
  meanPhotons: number;
  topFockPopulation: number;
  residual: number;
}

export interface KappaCurve {
  gamma: number;
  pump: number;
  cutoff: number;
  points: KappaPoint[];
}

/** Logarithmically spaced values from lo to hi (inclusive). */
export function logspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => lo * Math.pow(hi / lo, n === 1 ? 0 : k / (n - 1)));
}

/** C_full(κ) and C_eff(κ) over a list of κ/g values (g = 1). */
export function kappaCurve(gamma: number, pump: number, kappas: number[], cutoff: number, progress: Progress): KappaCurve {
  const points = kappas.map((kappa) => {
    const r = cavitySteadyState({ kappa, gamma, pump, cutoff });
    progress.tick();
    return { kappa, full: r.concurrence, effective: r.effective.concurrence, meanPhotons: r.meanPhotons, topFockPopulation: r.topFockPopulation, residual: r.certificate.residual };
  });
  return { gamma, pump, cutoff, points };
}

const fmtRate = (x: number) => (x === 0 ? '0' : x.toExponential(0).replace('e-', '·10⁻').replace(/(\d)$/, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]));

function curveSeries(c: KappaCurve, color: string, label: string): Series[] {
  return [
    { name: `full model, ${label}`, points: c.points.map((p) => [p.kappa, p.full] as [number, number]), color },
    { name: `effective model, ${label}`, points: c.points.map((p) => [p.kappa, p.effective] as [number, number]), color, dash: DASH.dashed },
  ];
}

/** Fig. 2(b): γ = 0, p = 2·10⁻⁴ g, full vs effective. */
export function fig2bSpec(c: KappaCurve): VlSpec {
  return lineChartSpec({
    title: `(b) γ = 0, p = ${fmtRate(c.pump)} g: full model vs adiabatic elimination`,
    xLabel: 'κ/g', yLabel: 'concurrence C', xScale: 'log', yDomain: [0, 0.55], width: 480, height: 300,
    series: curveSeries(c, PALETTE[0], `p = ${fmtRate(c.pump)} g`),
    annotations: [{ y: 1 / 3, label: 'thermal limit 1/3', dash: DASH.dotted }, { y: 0.5, label: 'C = 1/2', dash: DASH.dotted }],
  });
}

/** Fig. 2(c): γ = 10⁻³ g, three pump strengths, full (solid) vs effective (dashed). */
export function fig2cSpec(curves: KappaCurve[]): VlSpec {
  return lineChartSpec({
    title: `(c) γ = ${fmtRate(curves[0].gamma)} g: full (solid) vs effective (dashed)`,
    xLabel: 'κ/g', yLabel: 'concurrence C', xScale: 'log', yDomain: [0, 0.55], width: 480, height: 300,
    series: curves.flatMap((c, k) => curveSeries(c, PALETTE[k], `p = ${fmtRate(c.pump)} g`)),
    annotations: [{ y: 1 / 3, label: 'thermal limit 1/3', dash: DASH.dotted }],
  });
}

export const FIG2_COLUMNS = ['gamma', 'pump', 'kappa', 'concurrence_full', 'concurrence_effective', 'mean_photons', 'top_fock_population', 'residual'];

export function fig2Rows(curves: KappaCurve[]): number[][] {
  return curves.flatMap((c) => c.points.map((p) => [c.gamma, c.pump, p.kappa, p.full, p.effective, p.meanPhotons, p.topFockPopulation, p.residual]));
}
