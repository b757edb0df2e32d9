/**
 * Fig. 2(b) and 2(c): concurrence of the two emitters versus κ/g for the full cavity-QED model (engine
 * steady states at Fock cutoff N) and for the effective diamond model after adiabatic elimination (Eq. 9).
 */
import { sweep } from '../sweep/sweep.ts';
import { sweepSpecFrom } from './families.ts';
import { lineChartSpec, DASH, PALETTE, type Series, type VlSpec } from '../figures/figures.ts';
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

/** C_full(κ) and C_eff(κ) over log-spaced κ/g values (g = 1), with the sweep machinery (src/sweep/). */
export function kappaCurve(gamma: number, pump: number, kappas: { lo: number; hi: number; n: number }, cutoff: number, progress: Progress): KappaCurve {
  const spec = sweepSpecFrom({
    model: 'cavity',
    args: { kappa: `${kappas.lo}:${kappas.hi}:${kappas.n}:log`, gamma: String(gamma), pump: String(pump), cutoff: String(cutoff) },
    outputs: ['concurrence', 'effConcurrence', 'meanPhotons', 'topFockPopulation', 'residual'],
  });
  const points = sweep(spec, { onRow: () => progress.tick() }).map((row) => {
    const v = row.values as Record<string, number>;
    return { kappa: row.params.kappa, full: v.concurrence, effective: v.effConcurrence, meanPhotons: v.meanPhotons, topFockPopulation: v.topFockPopulation, residual: v.residual };
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
