/**
 * Fig. 1(b) and 1(c) of the paper: the steady-state concurrence and the entropy-production rate of the
 * diamond model over the (β_A, β_S) plane, computed by the engine (numeric steady states) and checked
 * against the closed forms at every grid point.
 */
import { diamondModel } from './diamond.ts';
import { diamondConcurrenceAnalytic, diamondEntropyProductionAnalytic } from './analytic.ts';
import { steadyState } from '../steady/steady.ts';
import { concurrence } from '../measures/measures.ts';
import { entropyProduction } from '../thermo/heat.ts';
import { contourLines, heatmapSpec, type Grid2D, type Overlay, type VlSpec } from '../figures/figures.ts';
import type { Progress } from './progress.ts';
import { sweep } from '../sweep/sweep.ts';
import { sweepSpecFrom } from './families.ts';

export interface DiamondPoint {
  betaA: number;
  betaS: number;
  concurrence: number;
  concurrenceAnalytic: number;
  entropyProduction: number;
  entropyProductionAnalytic: number;
  heatA: number;
  heatS: number;
  residual: number;
}

/** One engine steady state of the diamond model with its observables (units ω0 = Γ⁺ = 1). */
export function diamondPoint(betaA: number, betaS: number): DiamondPoint {
  const d = diamondModel({ betaA, betaS });
  const ss = steadyState(d.model);
  const ep = entropyProduction(d.model, ss.rho);
  return {
    betaA, betaS,
    concurrence: concurrence(d.twoQubitState(ss.rho)),
    concurrenceAnalytic: diamondConcurrenceAnalytic(betaA, betaS),
    entropyProduction: ep.rate,
    entropyProductionAnalytic: diamondEntropyProductionAnalytic(betaA, betaS),
    heatA: ep.heatCurrents.A,
    heatS: ep.heatCurrents.S,
    residual: ss.certificate.residual,
  };
}

export interface DiamondMap {
  betas: number[];
  /** points[iS * n + iA]: β_A along x, β_S along y. */
  points: DiamondPoint[];
}

/** Evenly spaced grid of n values over [lo, hi]. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => (n === 1 ? lo : lo + ((hi - lo) * k) / (n - 1)));
}

/**
 * The (β_A, β_S) map on an n×n grid over [lo, hi]², an engine steady state at every point, computed with
 * the sweep machinery (one prepared solve for the whole family; see src/sweep/).
 */
export function diamondMap(lo: number, hi: number, n: number, progress: Progress): DiamondMap {
  const betas = linspace(lo, hi, n);
  const range = `${lo}:${hi}:${n}`;
  const spec = sweepSpecFrom({
    model: 'diamond', args: { 'beta-a': range, 'beta-s': range },
    outputs: ['concurrence', 'concurrenceAnalytic', 'heat.A', 'heat.S', 'entropyProduction', 'residual'],
  });
  progress.stage('Fig. 1(b,c): diamond-model steady states', spec.grid.size);
  const points = new Array<DiamondPoint>(n * n);
  const index = (b: number) => Math.round(((b - lo) / (hi - lo)) * (n - 1));
  sweep(spec, {
    onRow: (row) => {
      const betaA = row.params['beta-a'], betaS = row.params['beta-s'], v = row.values as Record<string, number>;
      points[index(betaS) * n + index(betaA)] = {
        betaA, betaS, concurrence: v.concurrence, concurrenceAnalytic: v.concurrenceAnalytic,
        entropyProduction: v.entropyProduction, entropyProductionAnalytic: diamondEntropyProductionAnalytic(betaA, betaS),
        heatA: v['heat.A'], heatS: v['heat.S'], residual: v.residual,
      };
      progress.tick();
    },
  });
  return { betas, points };
}

function grid(map: DiamondMap, f: (p: DiamondPoint) => number): Grid2D {
  return { x: map.betas, y: map.betas, z: Float64Array.from(map.points, f) };
}

/** The thermal quadrant's edges β_A = 0 and β_S = 0 (white dashed, as in the paper). */
const QUADRANT: Overlay[] = [
  { kind: 'rule', x: 0, color: 'white', dash: [6, 4], halo: '#202020' },
  { kind: 'rule', y: 0, color: 'white', dash: [6, 4], halo: '#202020' },
];

/** Fig. 1(b): concurrence map with the thermal-quadrant lines and the C = 1/3 contour. */
export function fig1bSpec(map: DiamondMap): VlSpec {
  const g = grid(map, (p) => p.concurrence);
  return heatmapSpec({
    title: '(b) Steady-state concurrence C (white dashes: edges of the thermal region β ≥ 0)', xLabel: 'β_A (units of 1/ω0)', yLabel: 'β_S (units of 1/ω0)',
    grid: g, colorLabel: 'C', colorScheme: 'viridis', domain: [0, 0.5], width: 420, height: 420,
    overlays: [
      ...QUADRANT,
      { kind: 'polyline', points: contourLines(g, 1 / 3), color: '#e41a1c', dash: [5, 3], label: 'C = 1/3', halo: 'white' },
    ],
  });
}

/** Fig. 1(c): entropy-production rate Ṡ/Γ⁺ on the same axes, with the same guides. */
export function fig1cSpec(map: DiamondMap): VlSpec {
  const g = grid(map, (p) => p.entropyProduction);
  const cg = grid(map, (p) => p.concurrence);
  return heatmapSpec({
    title: '(c) Entropy-production rate Ṡ/Γ⁺ (same axes and guides as (b))', xLabel: 'β_A (units of 1/ω0)', yLabel: 'β_S (units of 1/ω0)',
    grid: g, colorLabel: 'Ṡ/Γ⁺', colorScheme: 'inferno', width: 420, height: 420,
    overlays: [
      ...QUADRANT,
      { kind: 'polyline', points: contourLines(cg, 1 / 3), color: '#4daf4a', dash: [5, 3], label: 'C = 1/3', halo: 'white' },
    ],
  });
}

export const FIG1_COLUMNS = ['beta_A', 'beta_S', 'concurrence', 'concurrence_closed_form', 'entropy_production', 'entropy_production_closed_form', 'heat_A', 'heat_S', 'residual'];

export function fig1Rows(map: DiamondMap): number[][] {
  return map.points.map((p) => [p.betaA, p.betaS, p.concurrence, p.concurrenceAnalytic, p.entropyProduction, p.entropyProductionAnalytic, p.heatA, p.heatS, p.residual]);
}
