/**
 * The N-emitter figures (data from emitters-scan.ts): `emitters-concurrence` — pair concurrence C (top) and
 * the pair margin W (bottom; C = max(0, W)) versus κ/g for each N at its optimised pump, with the cavity
 * eliminated (collective decay 4g²/κ) dashed, as the effective model in Fig. 2(c); `emitters-scaling` —
 * the best C and W versus N with the Koashi–Bužek–Imoto bound 2/N (top), and the Wineland ξ² at the best
 * point and its minimum over every computed steady state (bottom). Dimensionless; κ in units of g.
 */
import { lineChartSpec, DASH, PALETTE, type Series, type VlSpec } from '../figures/figures.ts';
import type { EmittersCurve } from './emitters-scan.ts';
import type { CsvCell } from '../io/csv.ts';

const pumpLabel = (c: EmittersCurve) => `p = ${(c.pump / c.gamma).toFixed(2)}γ`;

/** Two line charts one above the other, sharing the paper style (the children drop their own config). */
function stacked(title: string, top: VlSpec, bottom: VlSpec): VlSpec {
  const child = (s: VlSpec) => { const { $schema: _s, config: _c, ...rest } = s; return rest; };
  return {
    $schema: top.$schema, title, config: top.config, vconcat: [child(top), child(bottom)], spacing: 18,
    resolve: { scale: { stroke: 'independent', strokeDash: 'independent' }, legend: { stroke: 'independent', strokeDash: 'independent' } },
  };
}

/** Pair concurrence and margin versus κ/g, one colour per N; dashed: the cavity eliminated (as Fig. 2(c)). */
export function emittersConcurrenceSpec(curves: EmittersCurve[]): VlSpec {
  const series = (field: 'concurrence' | 'margin'): Series[] => [
    ...curves.map((c, k) => ({
      name: `N = ${c.emitters}, ${pumpLabel(c)}`, color: PALETTE[k % PALETTE.length], dash: k >= PALETTE.length ? DASH.dotted : undefined,
      points: c.points.map((p) => [p.kappa, p[field]] as [number, number]),
    })),
    ...curves.map((c, k) => ({
      name: `N = ${c.emitters}, cavity eliminated`, color: PALETTE[k % PALETTE.length], dash: DASH.dashed,
      points: c.eliminated.map((p) => [p.kappa, p[field]] as [number, number]),
    })),
  ];
  const g = curves[0].gamma.toExponential(0).replace('e-', '·10⁻').replace(/(\d)$/, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
  return stacked(`N emitters in one cavity: γ = ${g} g, p optimised per N, cutoff ${curves[0].cutoff}`,
    lineChartSpec({
      title: 'pair concurrence', xLabel: 'κ/g', yLabel: 'pair concurrence C', xScale: 'log', yDomain: [0, 0.55], width: 480, height: 240,
      series: series('concurrence'), annotations: [{ y: 1 / 3, label: 'thermal limit 1/3 (N = 2)', dash: DASH.dotted }],
    }),
    lineChartSpec({
      title: 'pair margin W = 2(|ρ01,10| − √(ρ00 ρ11)), C = max(0, W)', xLabel: 'κ/g', yLabel: 'W', xScale: 'log', width: 480, height: 240,
      series: series('margin'), annotations: [{ y: 0, label: 'entanglement threshold', dash: DASH.dotted }],
    }));
}

/** Best C, W versus N with 2/N; ξ² versus N. */
export function emittersScalingSpec(curves: EmittersCurve[]): VlSpec {
  const at = (f: (c: EmittersCurve) => number) => curves.map((c) => [c.emitters, f(c)] as [number, number]);
  const kbi = curves.map((c) => [c.emitters, 2 / c.emitters] as [number, number]);
  const xi = curves.filter((c) => c.best.squeezing !== null);
  const ximin = curves.filter((c) => c.minSqueezing !== null);
  return stacked('Best pair entanglement and spin squeezing versus N',
    lineChartSpec({
      title: 'at each N’s best (p, κ)', xLabel: 'number of emitters N', yLabel: 'C, W', xScale: 'linear', yDomain: [-0.5, 1], width: 480, height: 240,
      series: [
        { name: 'best pair concurrence C', points: at((c) => c.best.concurrence), color: PALETTE[0] },
        { name: 'pair margin W there', points: at((c) => c.best.margin), color: PALETTE[1], dash: DASH.dashed },
        { name: 'bound 2/N (Koashi–Bužek–Imoto)', points: kbi, color: '#555555', dash: DASH.dotted },
      ],
      annotations: [{ y: 0, label: 'C = 0', dash: DASH.dotted }],
    }),
    lineChartSpec({
      title: 'Wineland ξ² (ξ² < 1: squeezed, entangled)', xLabel: 'number of emitters N', yLabel: 'ξ²', xScale: 'linear', width: 480, height: 200,
      series: [
        ...(xi.length ? [{ name: 'ξ² at the best-C point', points: xi.map((c) => [c.emitters, c.best.squeezing!] as [number, number]), color: PALETTE[2] }] : []),
        ...(ximin.length ? [{ name: 'smallest ξ² computed', points: ximin.map((c) => [c.emitters, c.minSqueezing!.squeezing!] as [number, number]), color: PALETTE[3], dash: DASH.dashed }] : []),
      ],
      annotations: [{ y: 1, label: 'ξ² = 1', dash: DASH.dotted }],
    }));
}

export const EMITTERS_CURVE_COLUMNS = ['emitters', 'gamma', 'pump', 'kappa', 'pair_concurrence', 'pair_margin', 'spin_squeezing', 'excitation_per_emitter',
  'mean_photons', 'dark_single', 'dark_multi', 'top_fock_population', 'relative_residual', 'eliminated_pair_concurrence', 'eliminated_pair_margin'];

/** One row per steady state of the κ curves (ξ² empty where undefined), with the eliminated model at the same κ. */
export function emittersCurveRows(curves: EmittersCurve[]): CsvCell[][] {
  return curves.flatMap((c) => c.points.map((p, k) => [c.emitters, c.gamma, c.pump, p.kappa, p.concurrence, p.margin, p.squeezing ?? '', p.excitationPerEmitter,
    p.meanPhotons, p.darkSingle, p.darkMulti, p.topFockPopulation, p.relativeResidual, c.eliminated[k].concurrence, c.eliminated[k].margin]));
}

export const EMITTERS_SCALING_COLUMNS = ['emitters', 'best_pump', 'best_kappa', 'best_pair_concurrence', 'best_pair_margin', 'kbi_bound', 'spin_squeezing_at_best',
  'min_spin_squeezing', 'dark_single_at_best', 'dark_multi_at_best', 'cutoff_check_margin_change', 'steady_states', 'seconds'];

/** One row per N (ξ² empty where undefined). */
export function emittersScalingRows(curves: EmittersCurve[]): CsvCell[][] {
  return curves.map((c) => [c.emitters, c.pump, c.best.kappa, c.best.concurrence, c.best.margin, 2 / c.emitters, c.best.squeezing ?? '',
    c.minSqueezing?.squeezing ?? '', c.best.darkSingle, c.best.darkMulti, c.cutoffCheck.marginChange, c.evaluations, c.seconds]);
}
