/**
 * The computations behind the explorer, as plain functions of plain data (run inside the Web
 * Workers, see worker.ts). Units: rates and energies of the diamond model in units of Γ⁺ and ω0
 * (Γ⁺ = ω0 = 1); cavity rates in units of g.
 */
import {
  cavitySteadyState, concurrence, emittersInCavity, emitterMoments, pairConcurrence, pairState, PreparedEmittersSteady, dickeCoefficients, diamondConcurrenceAnalytic, diamondEntropyProductionAnalytic, diamondHeatCurrentsAnalytic,
  diamondModel, diamondPopulationsAnalytic, effectiveDiamond, entropyProduction, steadyState, type DiamondPopulations,
} from 'lindblad';

/** A rectangle of the (β_A, β_S) plane sampled on n × n points. */
export interface MapRequest { aMin: number; aMax: number; sMin: number; sMax: number; n: number }

/** Closed-form maps: z[iy·n + ix] belongs to (β_A = x[ix], β_S = y[iy]). */
export interface MapResult { x: Float64Array; y: Float64Array; concurrence: Float64Array; entropy: Float64Array }

/** Evenly spaced samples from a to b, both ends included. */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
  return out;
}

/** Concurrence and entropy production Ṡ/Γ⁺ on the grid (analytic closed forms). */
export function computeMaps(r: MapRequest): MapResult {
  const x = linspace(r.aMin, r.aMax, r.n), y = linspace(r.sMin, r.sMax, r.n);
  const c = new Float64Array(r.n * r.n), s = new Float64Array(r.n * r.n);
  for (let iy = 0; iy < r.n; iy++) {
    for (let ix = 0; ix < r.n; ix++) {
      c[iy * r.n + ix] = diamondConcurrenceAnalytic(x[ix], y[iy]);
      s[iy * r.n + ix] = diamondEntropyProductionAnalytic(x[ix], y[iy]);
    }
  }
  return { x, y, concurrence: c, entropy: s };
}

/** Observables of one diamond steady state. Heat in units of ω0Γ⁺ (into the system), Ṡ in units of Γ⁺. */
export interface DiamondObservables {
  populations: DiamondPopulations;
  concurrence: number;
  heatA: number;
  heatS: number;
  entropy: number;
}

/** Analytic and numeric (engine steady state) observables at one (β_A, β_S). */
export interface PointReadout {
  betaA: number;
  betaS: number;
  analytic: DiamondObservables;
  numeric: DiamondObservables & { residual: number };
}

/** The readout of a point: closed forms and `steadyState(diamondModel(...).model)` (default Bell basis). */
export function diamondPoint(betaA: number, betaS: number): PointReadout {
  const heat = diamondHeatCurrentsAnalytic(betaA, betaS);
  const analytic: DiamondObservables = {
    populations: diamondPopulationsAnalytic(betaA, betaS),
    concurrence: diamondConcurrenceAnalytic(betaA, betaS),
    heatA: heat.A, heatS: heat.S,
    entropy: diamondEntropyProductionAnalytic(betaA, betaS),
  };
  const d = diamondModel({ betaA, betaS });
  const ss = steadyState(d.model);
  const ep = entropyProduction(d.model, ss.rho);
  return {
    betaA, betaS, analytic,
    numeric: {
      populations: d.populations(ss.rho),
      concurrence: concurrence(d.twoQubitState(ss.rho)),
      heatA: ep.heatCurrents.A, heatS: ep.heatCurrents.S,
      entropy: ep.rate,
      residual: ss.certificate.residual,
    },
  };
}

/** Cavity parameters in units of g (κ is given per point); `emitters` = N (2: the paper's two-emitter model). */
export interface CavityCurveParams { pump: number; gamma: number; cutoff: number; emitters: number }

/** The last prepared N-emitter solve of this worker (sector, pattern, ordering depend on N and the cutoff only). */
let prepared: { key: string; solver: PreparedEmittersSteady } | null = null;

/** A prepared solve for the model's N and cutoff, reused across κ, p, γ (one per worker, the latest kept). */
function preparedFor(model: ReturnType<typeof emittersInCavity>): PreparedEmittersSteady {
  const key = `${model.params.emitters}|${model.params.cutoff}`;
  if (prepared?.key !== key) prepared = { key, solver: new PreparedEmittersSteady(model) };
  return prepared.solver;
}

/**
 * The N-emitter model (N ≠ 2) at one κ, from the worker's prepared solve for (N, cutoff): `steadyState(emittersInCavity(…))` (permutation-invariant Dicke
 * blocks ⊗ Fock), the pair concurrence and the populations of one pair of emitters (the others and the
 * cavity traced out) in the diamond basis G = |00⟩, S, A = (|01⟩ ± |10⟩)/√2, E = |11⟩ (NaN for N = 1).
 */
function emittersPoint(p: CavityCurveParams, kappa: number): { concurrence: number; meanPhotons: number; topFock: number; residual: number; populations: DiamondPopulations } {
  const model = emittersInCavity({ emitters: p.emitters, kappa, gamma: p.gamma, pump: p.pump, cutoff: p.cutoff });
  const r = preparedFor(model).solve(dickeCoefficients(model.params));
  const state = r.state, B = state.basis;
  let topFock = 0;
  for (let g = 0; g < B.dim; g++) if (B.photonsOf[g] === B.cutoff) topFock += state.population(g);
  let populations: DiamondPopulations = { G: NaN, S: NaN, A: NaN, E: NaN };
  if (p.emitters >= 2) {
    const q = pairState(state), mid = (q.re(1, 1) + q.re(2, 2)) / 2;
    populations = { G: q.re(0, 0), S: mid + q.re(1, 2), A: mid - q.re(1, 2), E: q.re(3, 3) };
  }
  return { concurrence: pairConcurrence(state), meanPhotons: emitterMoments(state).meanPhotons, topFock, residual: r.certificate.residual, populations };
}

/** One point of the full-model κ sweep. */
export interface CurvePoint { kappa: number; concurrence: number; meanPhotons: number; topFock: number }

/** Full (numeric) model at each κ of the list. */
export function cavityCurve(p: CavityCurveParams, kappas: ArrayLike<number>): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (let i = 0; i < kappas.length; i++) {
    if (p.emitters !== 2) {
      const r = emittersPoint(p, kappas[i]);
      out.push({ kappa: kappas[i], concurrence: r.concurrence, meanPhotons: r.meanPhotons, topFock: r.topFock });
      continue;
    }
    const r = cavitySteadyState({ kappa: kappas[i], gamma: p.gamma, pump: p.pump, cutoff: p.cutoff });
    out.push({ kappa: kappas[i], concurrence: r.concurrence, meanPhotons: r.meanPhotons, topFock: r.topFockPopulation });
  }
  return out;
}

/** The full model at one κ with its effective-model counterpart. */
export interface CavityPoint {
  kappa: number;
  concurrence: number;
  populations: DiamondPopulations;
  meanPhotons: number;
  topFock: number;
  residual: number;
  /** The effective diamond (N = 2 only; null otherwise). */
  effective: { betaA: number; betaS: number; concurrence: number; populations: DiamondPopulations; collectiveDecay: number } | null;
}

/** `cavitySteadyState` at one κ, with the effective diamond (β_A, β_S) of that κ; for N ≠ 2 the N-emitter model (emittersPoint). */
export function cavityPoint(p: CavityCurveParams, kappa: number): CavityPoint {
  if (p.emitters !== 2) return { kappa, ...emittersPoint(p, kappa), effective: null };
  const r = cavitySteadyState({ kappa, gamma: p.gamma, pump: p.pump, cutoff: p.cutoff });
  const e = r.effective;
  return {
    kappa, concurrence: r.concurrence, populations: r.populations, meanPhotons: r.meanPhotons, topFock: r.topFockPopulation,
    residual: r.certificate.residual,
    effective: { betaA: e.betaA, betaS: e.betaS, concurrence: e.concurrence, populations: e.populations, collectiveDecay: e.collectiveDecay },
  };
}

/** Closed-form effective-model concurrence at each κ (cheap: runs on the main thread too). */
export function effectiveCurve(p: Omit<CavityCurveParams, 'cutoff'>, kappas: ArrayLike<number>): number[] {
  return Array.from(kappas, (kappa) => effectiveDiamond({ kappa, gamma: p.gamma, pump: p.pump }).concurrence);
}
