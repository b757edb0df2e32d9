/**
 * Dynamics figure: populations of |G⟩, |S⟩, |A⟩, |E⟩ and the concurrence of the two emitters (reduced
 * state Tr_cav ρ(t)) versus time g·t on a log axis, for the cavity model started in its ground state
 * |00⟩⊗|0⟩, with the steady-state concurrence as a reference line. Written as SVG + PNG + CSV.
 * Time in units of 1/g (rates in units of g).
 */
import { join } from 'node:path';
import { makeDirectory } from '../io/make-dir.ts';
import { evolve, type EvolveMethod } from '../evolve/evolve.ts';
import { steadyState } from '../steady/steady.ts';
import { cavityModel, type CavityParams } from './cavity.ts';
import { cavityObservables } from './cavity-solve.ts';
import { basisKet, ketToDensity } from '../model/states.ts';
import { writeCsv } from '../io/csv.ts';
import { lineChartSpec, DASH, PALETTE, type Series, type VlSpec } from '../figures/specs.ts';
import { writeFigure } from '../figures/render.ts';

export interface CavityDynamicsOptions {
  /** Model parameters (default κ = 2.33 g, γ = 10⁻³ g, p = 5·10⁻³ g, cutoff 4: the best point of Fig. 2(c)). */
  params?: Partial<CavityParams>;
  /** Time window g·t (default 10⁻¹ … 10⁴) and number of log-spaced output times (default 201). */
  tMin?: number;
  tMax?: number;
  points?: number;
  method?: EvolveMethod;
  /** File base name (default "cavity-dynamics"). */
  baseName?: string;
}

export interface CavityDynamicsData {
  params: Required<CavityParams>;
  columns: string[];
  /** One row per time: t, G, S, A, E, concurrence, photons. */
  rows: number[][];
  steadyConcurrence: number;
}

const DEFAULTS = { kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 };

/** Evolves the cavity model from its ground state and tabulates the reduced-state observables. */
export function cavityDynamicsData(options: CavityDynamicsOptions = {}): CavityDynamicsData {
  const { model, space, params } = cavityModel({ ...DEFAULTS, ...options.params });
  const tMin = options.tMin ?? 0.1, tMax = options.tMax ?? 1e4, n = options.points ?? 201;
  const times = Array.from({ length: n }, (_, k) => tMin * Math.pow(tMax / tMin, k / (n - 1)));
  const res = evolve(model, ketToDensity(basisKet(space)), times, { method: options.method, keepStates: true });
  const rows = times.map((t, k) => {
    const o = cavityObservables(res.states![k], params.cutoff);
    return [t, o.populations.G, o.populations.S, o.populations.A, o.populations.E, o.concurrence, o.meanPhotons];
  });
  const ss = cavityObservables(steadyState(model).rho, params.cutoff);
  return { params, columns: ['t', 'G', 'S', 'A', 'E', 'concurrence', 'photons'], rows, steadyConcurrence: ss.concurrence };
}

const sci = (x: number) => {
  const [m, e] = x.toExponential(0).split('e');
  const sup = (s: string) => s.replace(/[-0-9]/g, (c) => (c === '-' ? '⁻' : '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]));
  return Number(e) === 0 ? m : `${m === '1' ? '' : `${m}·`}10${sup(String(Number(e)))}`;
};

/** The line chart: four populations (coloured) and the concurrence (black), with C(ρ_ss) dotted. */
export function cavityDynamicsSpec(d: CavityDynamicsData): VlSpec {
  const col = (j: number) => d.rows.map((r) => [r[0], r[j]] as [number, number]);
  const last = d.rows[d.rows.length - 1];
  // p_S and p_E stay at the 10⁻³ level: their final values go into the legend, since the lines hug zero.
  const small = (name: string, j: number) => `${name} (→ ${last[j].toFixed(4)})`;
  const series: Series[] = [
    { name: 'p_G', points: col(1), color: PALETTE[0] },
    { name: 'p_A (dark state)', points: col(3), color: PALETTE[2] },
    { name: small('p_S', 2), points: col(2), color: PALETTE[1], dash: DASH.dashDot },
    { name: small('p_E', 4), points: col(4), color: PALETTE[3], dash: DASH.dashed },
    { name: 'concurrence C', points: col(5), color: '#000000' },
  ];
  const p = d.params;
  return lineChartSpec({
    title: `Cavity model from |G⟩|0⟩: κ = ${p.kappa} g, γ = ${sci(p.gamma)} g, p = ${sci(p.pump)} g`,
    xLabel: 'time g·t', yLabel: 'population / concurrence', xScale: 'log', yDomain: [0, 1],
    width: 480, height: 300, series,
    annotations: [{ y: d.steadyConcurrence, label: `C(ρ_ss) = ${d.steadyConcurrence.toFixed(3)}`, dash: DASH.dotted, labelAt: 'left' }],
  });
}

/** Writes <outDir>/<baseName>.svg, .png and .csv; returns the three paths. */
export async function writeCavityDynamicsFigure(outDir: string, options: CavityDynamicsOptions = {}): Promise<{ svg: string; png: string; csv: string }> {
  const base = options.baseName ?? 'cavity-dynamics';
  const data = cavityDynamicsData(options);
  makeDirectory(outDir);
  const csv = join(outDir, `${base}.csv`);
  writeCsv(csv, data.columns, data.rows);
  const paths = await writeFigure(outDir, base, cavityDynamicsSpec(data));
  return { ...paths, csv };
}
