/**
 * Beyond the paper: fluctuations of the heat currents and the thermodynamic uncertainty relation (TUR)
 * 𝒬 = D σ/⟨J⟩² ≥ 2 (k_B = 1; thermo/tur.ts), from the exact counting statistics (thermo/counting.ts).
 *  - tur-map: 𝒬 of the heat current from bath S over the (β_A, β_S) plane of Fig. 1 (diamond model,
 *    units ω0 = Γ⁺ = 1). Energy conservation makes N_A + N_S bounded, so the heat from bath A has the
 *    same scaled cumulants up to sign (same 𝒬); σ = (β_A − β_S)·Q̇_S. Undefined on β_A = β_S (no current).
 *  - tur-kappa: along κ/g at the Fig. 2(c) parameters (γ = 10⁻³ g, three pumps, cutoff N). The full
 *    cavity model has only one-way channels (baths at β = ±∞: σ = +∞, 𝒬 = +∞, the TUR holds trivially),
 *    so the figure shows 𝒬 of the effective diamond model (Eq. 9, finite β_A, β_S: heat from bath S, the
 *    cavity-mediated collective decay); fano-kappa: for the full model, the Fano factor F = D/⟨J⟩ of the
 *    photons leaving the cavity (Poisson light: F = 1), whose CSV (shared) holds the concurrence too.
 */
import { diamondModel } from './diamond.ts';
import { cavityModel } from './cavity.ts';
import { cavityObservables } from './cavity-solve.ts';
import { effectiveDiamond } from './elimination.ts';
import { linspace } from './fig1.ts';
import { concurrence } from '../measures/measures.ts';
import { TiltedSystem, cumulants } from '../thermo/counting.ts';
import { entropyProduction } from '../thermo/heat.ts';
import { turRatio } from '../thermo/tur.ts';
import { ZERO_CURRENT } from '../thermo/fcs.ts';
import { heatmapSpec, lineChartSpec, contourLines, DASH, PALETTE, type VlSpec } from '../figures/figures.ts';
import type { Progress } from './progress.ts';

/** Largest number of β values per axis of the TUR map (finer Fig. 1 grids are subsampled to this). */
export const TUR_MAP_MAX = 61;

export interface TurMapPoint { betaA: number; betaS: number; heatS: number; noiseS: number; entropyProduction: number; tur: number; concurrence: number }
export interface TurMap { betas: number[]; points: TurMapPoint[] }

/** 𝒬 of Q̇_S at one (β_A, β_S): NaN where undefined (β_A = β_S). */
export function turMapPoint(betaA: number, betaS: number): TurMapPoint {
  const d = diamondModel({ betaA, betaS });
  const sys = new TiltedSystem(d.model, { kind: 'heat', bath: 'S' });
  const [mean, noise] = cumulants(sys, 2).cumulants;
  const sigma = entropyProduction(d.model, sys.rho).rate;
  const q = turRatio(mean, noise, sigma, ZERO_CURRENT * sys.grossCurrent()).value;
  return { betaA, betaS, heatS: mean, noiseS: noise, entropyProduction: sigma, tur: q === null ? NaN : q, concurrence: concurrence(d.twoQubitState(sys.rho)) };
}

/** The map over [lo, hi]² with n ≤ TUR_MAP_MAX values per axis (points[iS·n + iA]). */
export function turMap(lo: number, hi: number, n: number, progress: Progress): TurMap {
  const betas = linspace(lo, hi, Math.min(n, TUR_MAP_MAX));
  progress.stage('beyond the paper: TUR map of the heat current', betas.length ** 2);
  const points: TurMapPoint[] = [];
  for (const betaS of betas) for (const betaA of betas) { points.push(turMapPoint(betaA, betaS)); progress.tick(); }
  return { betas, points };
}

export interface TurKappaPoint { kappa: number; concurrence: number; photonRate: number; fano: number; effectiveTur: number; effectiveConcurrence: number }
export interface TurKappaCurve { gamma: number; pump: number; cutoff: number; points: TurKappaPoint[] }

/** The κ/g curve at (γ, p): full-model photon Fano factor and concurrence, effective-model 𝒬 (g = 1). */
export function turKappaCurve(gamma: number, pump: number, kappas: { lo: number; hi: number; n: number }, cutoff: number, progress: Progress): TurKappaCurve {
  const points = Array.from({ length: kappas.n }, (_, k) => {
    const kappa = kappas.n === 1 ? kappas.lo : Math.exp(Math.log(kappas.lo) + ((Math.log(kappas.hi) - Math.log(kappas.lo)) * k) / (kappas.n - 1));
    const cav = cavityModel({ g: 1, kappa, gamma, pump, cutoff }).model;
    const sys = new TiltedSystem(cav, { kind: 'weights', weights: cav.channels.map((c) => (c.label === 'cavity loss' ? 1 : 0)) });
    const [rate, noise] = cumulants(sys, 2).cumulants;
    const eff = effectiveDiamond({ g: 1, kappa, gamma, pump });
    const effModel = diamondModel({ betaA: eff.betaA, betaS: eff.betaS, gammaPlus: pump / 2 }).model;
    const esys = new TiltedSystem(effModel, { kind: 'heat', bath: 'S' });
    const [q, dq] = cumulants(esys, 2).cumulants;
    const tur = turRatio(q, dq, entropyProduction(effModel, esys.rho).rate, ZERO_CURRENT * esys.grossCurrent()).value;
    progress.tick();
    return { kappa, concurrence: cavityObservables(sys.rho, cutoff).concurrence, photonRate: rate, fano: noise / rate, effectiveTur: tur === null ? NaN : tur, effectiveConcurrence: eff.concurrence };
  });
  return { gamma, pump, cutoff, points };
}

/** Heatmap of log₁₀ 𝒬 with the contour 𝒬 = 2.5 and the C = 1/3 contour of Fig. 1(b). */
export function turMapSpec(map: TurMap): VlSpec {
  const z = Float64Array.from(map.points, (p) => Math.log10(p.tur));
  const c = { x: map.betas, y: map.betas, z: Float64Array.from(map.points, (p) => p.concurrence) };
  const g = { x: map.betas, y: map.betas, z };
  return heatmapSpec({
    title: 'TUR ratio Dσ/J² of the heat current J = Q̇_S (classical bound 2; blank: no current)', xLabel: 'β_A (units of 1/ω0)', yLabel: 'β_S (units of 1/ω0)',
    grid: g, colorLabel: 'log₁₀(Dσ/J²)', colorScheme: 'viridis', width: 420, height: 420,
    overlays: [
      { kind: 'polyline', points: contourLines(g, Math.log10(2.5)), color: 'white', dash: [6, 4], label: 'Dσ/J² = 2.5 (white)', halo: '#202020' },
      { kind: 'polyline', points: contourLines(c, 1 / 3), color: '#e41a1c', dash: [5, 3], label: 'C = 1/3', halo: 'white' },
    ],
  });
}

const pumpLabel = (p: number) => `p = ${p.toExponential(0)} g`;

/** 𝒬 of the effective model's heat current versus κ/g, one curve per pump. */
export function turKappaSpec(curves: TurKappaCurve[]): VlSpec {
  return lineChartSpec({
    title: `γ = ${curves[0].gamma.toExponential(0)} g: TUR ratio Dσ/J² of the effective model's heat current (Eq. 9)`,
    xLabel: 'κ/g', yLabel: 'TUR ratio Dσ/J²', xScale: 'log', width: 480, height: 300,
    series: curves.map((c, k) => ({ name: pumpLabel(c.pump), points: c.points.filter((p) => Number.isFinite(p.effectiveTur)).map((p) => [p.kappa, p.effectiveTur] as [number, number]), color: PALETTE[k] })),
    annotations: [{ y: 2, label: 'classical bound 2', dash: DASH.dotted }],
  });
}

/** Fano factor F = D/⟨J⟩ of the photons leaving the cavity (full model) versus κ/g. */
export function fanoKappaSpec(curves: TurKappaCurve[]): VlSpec {
  return lineChartSpec({
    title: `γ = ${curves[0].gamma.toExponential(0)} g: Fano factor of the photons leaving the cavity (full model, cutoff ${curves[0].cutoff})`,
    xLabel: 'κ/g', yLabel: 'F = D/⟨J⟩', xScale: 'log', width: 480, height: 300,
    series: curves.map((c, k) => ({ name: pumpLabel(c.pump), points: c.points.map((p) => [p.kappa, p.fano] as [number, number]), color: PALETTE[k] })),
    annotations: [{ y: 1, label: 'Poisson F = 1', dash: DASH.dotted }],
  });
}

export const TUR_MAP_COLUMNS = ['beta_A', 'beta_S', 'heat_S', 'noise_S', 'entropy_production', 'tur_ratio', 'concurrence'];
/** CSV rows; points without a current (β_A = β_S, 𝒬 undefined) are left out. */
export function turMapRows(map: TurMap): number[][] {
  return map.points.filter((p) => Number.isFinite(p.tur)).map((p) => [p.betaA, p.betaS, p.heatS, p.noiseS, p.entropyProduction, p.tur, p.concurrence]);
}

export const TUR_KAPPA_COLUMNS = ['gamma', 'pump', 'kappa', 'concurrence_full', 'photon_rate', 'photon_fano', 'tur_effective', 'concurrence_effective'];
/** CSV rows; a point whose effective 𝒬 is undefined (no current) is left out. */
export function turKappaRows(curves: TurKappaCurve[]): number[][] {
  return curves.flatMap((c) => c.points.filter((p) => Number.isFinite(p.effectiveTur)).map((p) => [c.gamma, c.pump, p.kappa, p.concurrence, p.photonRate, p.fano, p.effectiveTur, p.effectiveConcurrence]));
}
