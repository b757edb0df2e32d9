/**
 * Beyond the paper: what the cavity's output light shows of the steady-state entanglement (issue 15). At
 * the Fig. 2(c) parameters (γ = 10⁻³ g; g = 1 is the unit):
 * - g²(0) = ⟨a†a†aa⟩/⟨a†a⟩² of the cavity field versus κ/g for the three pumps of Fig. 2(c), with the
 *   concurrence C and the dark/bright populations p_A, p_S of the same steady states;
 * - the normalised emission lineshape S(ω)/⟨a†a⟩ (∫ · dω/2π = 1; S from the resolvent, measures/spectrum.ts,
 *   QuTiP's sign of ω, in the frame rotating at ω0) at the best pump for a few κ/g.
 * Rates and frequencies in units of g.
 */
import { op } from '../model/operator.ts';
import { steadyState } from '../steady/steady.ts';
import { emissionSpectrum } from '../measures/spectrum.ts';
import { secondOrderCoherence } from '../measures/correlations.ts';
import { lineChartSpec, DASH, PALETTE, type VlSpec } from '../figures/figures.ts';
import { cavityModel } from './cavity.ts';
import { cavityObservables } from './cavity-solve.ts';
import { spearman } from './claims.ts';
import type { Progress } from './progress.ts';

export interface G2Point { kappa: number; g2: number; concurrence: number; meanPhotons: number; dark: number; bright: number }
export interface G2Curve { pump: number; points: G2Point[] }
export interface Lineshape {
  kappa: number; values: number[]; meanPhotons: number; coherentWeight: number;
  /** The spectrum's verdict (SpectrumResult.status) and its largest error bound relative to the peak. */
  status: string; worstError: number;
}

export interface EmissionData {
  gamma: number;
  cutoff: number;
  curves: G2Curve[];
  /** Lineshapes at `spectrumPump` for each κ of SPECTRUM_KAPPAS, on `omegas`. */
  spectrumPump: number;
  omegas: number[];
  lineshapes: Lineshape[];
  /** g²(0) at the point of the scans with the most photons ⟨a†a⟩, at the cutoff and at twice it. */
  cutoffCheck: { kappa: number; pump: number; g2: number; g2Doubled: number };
}

export const FIG2C_PUMPS = [2e-4, 1e-3, 5e-3];
export const SPECTRUM_KAPPAS = [0.3, 1, 2.33, 10];

/** One cavity steady state: g²(0) by the QRT at τ = 0 from ρ_ss, C and the diamond populations. */
function g2Point(kappa: number, gamma: number, pump: number, cutoff: number): G2Point {
  const { model, space } = cavityModel({ kappa, gamma, pump, cutoff });
  const rho = steadyState(model).rho;
  const g2 = secondOrderCoherence(model, op(space, 'cav', 'a'), [0], { from: { kind: 'state', rho } });
  const o = cavityObservables(rho, cutoff);
  return { kappa, g2: g2.re[0], concurrence: o.concurrence, meanPhotons: o.meanPhotons, dark: o.populations.A, bright: o.populations.S };
}

/**
 * g²(0), C, p_A, p_S over `kappaPoints` log-spaced κ/g in [10⁻², 10³] for each Fig. 2(c) pump (γ = 10⁻³ g),
 * and the lineshapes at `spectrumPump` (the best pump of Fig. 2(c)) on 801 frequencies in [−4 g, 4 g].
 */
export function emissionData(o: { cutoff: number; kappaPoints: number; spectrumPump: number; progress: Progress }): EmissionData {
  const gamma = 1e-3, n = o.kappaPoints;
  const kappas = Array.from({ length: n }, (_, k) => 10 ** (-2 + (5 * k) / (n - 1)));
  const curves = FIG2C_PUMPS.map((pump) => ({
    pump,
    points: kappas.map((kappa) => { const p = g2Point(kappa, gamma, pump, o.cutoff); o.progress.tick(); return p; }),
  }));
  const omegas = Array.from({ length: 801 }, (_, k) => -4 + k / 100);
  const lineshapes = SPECTRUM_KAPPAS.map((kappa) => {
    const { model, space } = cavityModel({ kappa, gamma, pump: o.spectrumPump, cutoff: o.cutoff });
    const s = emissionSpectrum(model, op(space, 'cav', 'a'), omegas);
    o.progress.tick();
    const peak = Math.max(...s.spectrum.map(Math.abs));
    return { kappa, values: s.spectrum.map((x) => x / s.total), meanPhotons: s.total, coherentWeight: s.coherentWeight,
      status: s.status, worstError: Math.max(...s.errors) / peak };
  });
  // The point with the most photons in the cavity is where the cutoff matters most.
  let worst = { pump: curves[0].pump, point: curves[0].points[0] };
  for (const c of curves) for (const p of c.points) if (p.meanPhotons > worst.point.meanPhotons) worst = { pump: c.pump, point: p };
  const cutoffCheck = { kappa: worst.point.kappa, pump: worst.pump, g2: worst.point.g2, g2Doubled: g2Point(worst.point.kappa, gamma, worst.pump, 2 * o.cutoff).g2 };
  o.progress.tick();
  return { gamma, cutoff: o.cutoff, curves, spectrumPump: o.spectrumPump, omegas, lineshapes, cutoffCheck };
}

/** Work units of emissionData (for the progress bar). */
export function emissionWork(kappaPoints: number): number {
  return FIG2C_PUMPS.length * kappaPoints + SPECTRUM_KAPPAS.length + 1;
}

const rate = (x: number) => x.toExponential(0).replace('e-', '·10⁻').replace(/(\d)$/, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);

/**
 * log₁₀ g²(0) of the cavity light versus κ/g, one curve per pump (g²(0) spans 1 … 10³), with the coherent
 * (g² = 1) and thermal (g² = 2) levels.
 */
export function emissionG2Spec(d: EmissionData): VlSpec {
  return lineChartSpec({
    title: `Cavity light at the Fig. 2(c) parameters (γ = ${rate(d.gamma)} g): photon bunching`,
    xLabel: 'κ/g', yLabel: 'log₁₀ g²(0) of the cavity field', xScale: 'log', width: 480, height: 300,
    series: d.curves.map((c, k) => ({ name: `p = ${rate(c.pump)} g`, points: c.points.map((p) => [p.kappa, Math.log10(p.g2)] as [number, number]), color: PALETTE[k] })),
    annotations: [{ y: Math.log10(2), label: 'thermal light (g² = 2)', dash: DASH.dotted }, { y: 0, label: 'coherent light (g² = 1)', dash: DASH.dashed, labelAt: 'left' }],
  });
}

/** The normalised lineshapes S(ω)/⟨a†a⟩ at the best pump, one curve per κ/g. */
export function emissionSpectrumSpec(d: EmissionData): VlSpec {
  return lineChartSpec({
    title: `Cavity emission spectrum, γ = ${rate(d.gamma)} g, p = ${d.spectrumPump.toPrecision(2)} g (frame rotating at ω0)`,
    xLabel: '(ω − ω0)/g', yLabel: 'S(ω) / ⟨a†a⟩', xScale: 'linear', width: 480, height: 300,
    series: d.lineshapes.map((l, k) => ({ name: `κ = ${l.kappa} g`, points: d.omegas.map((w, j) => [w, l.values[j]] as [number, number]), color: PALETTE[k], ...(k % 2 === 1 ? { dash: DASH.dashed } : {}) })),
  });
}

export const EMISSION_G2_COLUMNS = ['gamma', 'pump', 'kappa', 'g2_zero', 'concurrence', 'mean_photons', 'p_A', 'p_S'];
export function emissionG2Rows(d: EmissionData): number[][] {
  return d.curves.flatMap((c) => c.points.map((p) => [d.gamma, c.pump, p.kappa, p.g2, p.concurrence, p.meanPhotons, p.dark, p.bright]));
}
export const EMISSION_SPECTRUM_COLUMNS = ['gamma', 'pump', 'kappa', 'omega', 'S_over_mean_photons'];
export function emissionSpectrumRows(d: EmissionData): number[][] {
  return d.lineshapes.flatMap((l) => d.omegas.map((w, j) => [d.gamma, d.spectrumPump, l.kappa, w, l.values[j]]));
}

/** Numbers the report states: per pump, where g²(0) and C peak and how they co-vary; the spectra's peaks. */
export interface EmissionSummary {
  curves: Array<{ pump: number; g2Max: G2Point; cMax: G2Point; rank: number }>;
  /** Maximum of each lineshape at ω ≥ 0 and at ω ≤ 0 (±the doublet, or 0 for a central line). */
  peaks: Array<{ kappa: number; omega: number; negativeOmega: number; height: number }>;
}

export function emissionSummary(d: EmissionData): EmissionSummary {
  const best = (ps: G2Point[], key: 'g2' | 'concurrence') => ps.reduce((m, p) => (p[key] > m[key] ? p : m));
  return {
    curves: d.curves.map((c) => ({ pump: c.pump, g2Max: best(c.points, 'g2'), cMax: best(c.points, 'concurrence'), rank: spearman(c.points.map((p) => p.g2), c.points.map((p) => p.concurrence)) })),
    peaks: d.lineshapes.map((l) => {
      const zero = d.omegas.findIndex((w) => w >= 0);
      let k = zero, m = zero;
      for (let j = zero; j < d.omegas.length; j++) if (l.values[j] > l.values[k]) k = j;
      for (let j = zero; j >= 0; j--) if (l.values[j] > l.values[m]) m = j;
      return { kappa: l.kappa, omega: d.omegas[k], negativeOmega: d.omegas[m], height: l.values[k] };
    }),
  };
}
