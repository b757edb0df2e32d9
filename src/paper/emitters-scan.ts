/**
 * Beyond the paper (issue 13): N emitters in the cavity at the paper's γ = 10⁻³ g (g = 1 is the unit of
 * rates). For each N of EMITTER_COUNTS, one prepared factorisation (PreparedEmittersSteady, one N and
 * cutoff) serves every steady state; the pump p is optimised per N at its best κ:
 *   1. a coarse κ scan (log₁₀ κ/g ∈ [−1, 3], step ½) at p = 5γ → κ_a;
 *   2. p/γ maximised over [1, 100] (the paper's range; log scale, golden section) at κ_a → p*;
 *   3. the κ curve at p* (log₁₀ κ/g ∈ [−1, 3], step ¼) refined by golden section around its maximum → κ*;
 *   4. on the same κ points, the model with the cavity eliminated (collective decay 4g²/κ on J⁻,
 *      emitters-elimination.ts), as Fig. 2(c) compares the effective model with the full one for N = 2.
 * The quantity maximised is the pair margin W = 2(|ρ₀₁,₁₀| − √(ρ₀₀ρ₁₁)) of the two-emitter reduced
 * X-state, whose concurrence is C = max(0, W): it equals C where the pair is entangled and, where it is not,
 * still ranks the states by their distance from the entanglement threshold (so p* is defined for every N).
 * Dimensionless observables; κ, p, γ in units of g.
 */
import { emittersInCavity, emittersParams } from '../model/emitters-cavity.ts';
import { dickeCoefficients } from '../liouvillian/dicke-cavity.ts';
import { PreparedEmittersSteady } from '../steady/dicke.ts';
import { eliminatedCavityModel } from './emitters-elimination.ts';
import { pairConcurrence, pairState, spinSqueezing, emitterMoments } from '../measures/emitters.ts';
import type { DickeCavityState } from '../symmetry/dicke-sector.ts';
import { maximize } from './optimize.ts';
import type { Progress } from './progress.ts';

/** The N of the paper's N-emitter figures (one constant; each N costs ~55 steady states at the paper's cutoff). */
export const EMITTER_COUNTS = [2, 3, 4, 6, 10, 20] as const;
/** The paper's emitter decay γ (units of g). */
export const EMITTERS_GAMMA = 1e-3;

export interface EmittersPoint {
  kappa: number;
  pump: number;
  concurrence: number;
  /** W = 2(|ρ₀₁,₁₀| − √(ρ₀₀ρ₁₁)); C = max(0, W). */
  margin: number;
  /** Wineland ξ²; null where ⟨J_z⟩ = 0 (undefined). */
  squeezing: number | null;
  excitationPerEmitter: number;
  meanPhotons: number;
  /** Population of the dark states |j, m = −j⟩|0⟩ with j < N/2 (J⁻ and a annihilate them): k = N/2 − j = 1, and k ≥ 2. */
  darkSingle: number;
  darkMulti: number;
  topFockPopulation: number;
  relativeResidual: number;
}

export interface EmittersCurve {
  emitters: number;
  gamma: number;
  cutoff: number;
  /** The optimised pump p* (units of g) and the κ curve at p* (sorted by κ, refinement points included). */
  pump: number;
  points: EmittersPoint[];
  /** The cavity eliminated (collective decay 4g²/κ on J⁻) at the κ of each point of `points`, same p. */
  eliminated: EliminatedPoint[];
  /** The best point (largest margin W) of the curve. */
  best: EmittersPoint;
  /** Largest C over every steady state computed for this N (grid, refinement and p search). */
  maxConcurrence: number;
  /** Smallest ξ² over every steady state computed for this N. */
  minSqueezing: EmittersPoint | null;
  /** The best point and the curve's most photon-rich point recomputed at cutoff + 2: largest |ΔW| and |ΔC|, at κ = worstKappa (|ΔW|). */
  cutoffCheck: { cutoff: number; marginChange: number; concurrenceChange: number; worstKappa: number };
  /** Steady states solved and wall time for this N. */
  evaluations: number;
  seconds: number;
}

/** The eliminated-cavity model at one κ of the curve. */
export interface EliminatedPoint {
  kappa: number;
  concurrence: number;
  margin: number;
  relativeResidual: number;
}

/** W of a two-emitter X-state ρ (basis 00, 01, 10, 11): 2(|ρ₁₂| − √(ρ₀₀ρ₃₃)). */
function pairMargin(state: DickeCavityState): number {
  const r = pairState(state);
  return 2 * (Math.abs(r.re(1, 2)) - Math.sqrt(Math.max(0, r.re(0, 0) * r.re(3, 3))));
}

/** The observables of one reduced steady state. */
function pointOf(kappa: number, pump: number, state: DickeCavityState, relativeResidual: number): EmittersPoint {
  const m = emitterMoments(state), B = state.basis, xi = spinSqueezing(state);
  let top = 0, darkSingle = 0, darkMulti = 0;
  for (let g = 0; g < B.dim; g++) {
    const pop = state.population(g), tj = B.twoJ[B.blockOf[g]];
    if (B.photonsOf[g] === B.cutoff) top += pop;
    if (tj < B.emitters && B.twoMOf[g] === -tj && B.photonsOf[g] === 0) {
      if (B.emitters - tj === 2) darkSingle += pop; else darkMulti += pop;
    }
  }
  return {
    kappa, pump, concurrence: pairConcurrence(state), margin: pairMargin(state), squeezing: xi.kind === 'value' ? xi.value : null,
    excitationPerEmitter: m.excitationPerEmitter, meanPhotons: m.meanPhotons, darkSingle, darkMulti, topFockPopulation: top, relativeResidual,
  };
}

/** Steady states of one N and cutoff at (p, κ), from one prepared factorisation, memoised. */
class EmittersFamily {
  private readonly prepared: PreparedEmittersSteady;
  private readonly memo = new Map<string, EmittersPoint>();
  constructor(readonly emitters: number, readonly gamma: number, readonly cutoff: number, private readonly tick: () => void) {
    this.prepared = new PreparedEmittersSteady(emittersInCavity({ emitters, kappa: 1, gamma, pump: gamma, cutoff }));
  }
  get evaluations(): number { return this.memo.size; }
  get all(): EmittersPoint[] { return [...this.memo.values()]; }
  /** The steady state at log₁₀(p/γ) = lp, log₁₀ κ = lk. */
  at(lp: number, lk: number): EmittersPoint {
    const key = `${lp.toPrecision(12)},${lk.toPrecision(12)}`;
    let p = this.memo.get(key);
    if (!p) {
      const pump = this.gamma * 10 ** lp, kappa = 10 ** lk;
      const theta = dickeCoefficients(emittersParams({ emitters: this.emitters, kappa, gamma: this.gamma, pump, cutoff: this.cutoff }));
      const r = this.prepared.solve(theta);
      p = pointOf(kappa, pump, r.state, r.certificate.relativeResidual);
      this.memo.set(key, p);
      this.tick();
    }
    return p;
  }
}

/** log₁₀ κ/g of the scans: κ ≥ 0.1 g (below, the cavity's photon number needs cutoffs above 6 for N ≥ 4 at these pumps). */
export const KAPPA_RANGE = [-1, 3] as const;

const grid = (lo: number, hi: number, step: number) => Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, k) => lo + k * step);

/** Position of the largest value. */
const argmax = (ys: number[]) => ys.reduce((b, y, k) => (y > ys[b] ? k : b), 0);

/** One N: the optimisation of the module comment, the κ curve at p*, the cutoff check. */
export function emittersCurve(emitters: number, o: { gamma?: number; cutoff: number; tick?: () => void }): EmittersCurve {
  const t0 = performance.now(), gamma = o.gamma ?? EMITTERS_GAMMA;
  const fam = new EmittersFamily(emitters, gamma, o.cutoff, o.tick ?? (() => {}));
  const coarse = grid(KAPPA_RANGE[0], KAPPA_RANGE[1], 0.5);
  const lk0 = coarse[argmax(coarse.map((lk) => fam.at(Math.log10(5), lk).margin))];
  const lp = maximize((x) => fam.at(x, lk0).margin, 0, 2, 5, 0.02).x;
  const fine = grid(KAPPA_RANGE[0], KAPPA_RANGE[1], 0.25);
  const k = argmax(fine.map((lk) => fam.at(lp, lk).margin));
  maximize((x) => fam.at(lp, x).margin, fine[Math.max(0, k - 1)], fine[Math.min(fine.length - 1, k + 1)], 3, 0.005);
  const pump = gamma * 10 ** lp;
  const points = fam.all.filter((p) => p.pump === pump).sort((a, b) => a.kappa - b.kappa);
  const best = points.reduce((b, p) => (p.margin > b.margin ? p : b));
  const squeezed = fam.all.filter((p) => p.squeezing !== null);
  const minSqueezing = squeezed.length ? squeezed.reduce((b, p) => (p.squeezing! < b.squeezing! ? p : b)) : null;
  const elim = new PreparedEmittersSteady(eliminatedCavityModel({ emitters, kappa: 1, gamma, pump, cutoff: o.cutoff }));
  const eliminated = points.map((p): EliminatedPoint => {
    const r = elim.solve(dickeCoefficients(eliminatedCavityModel({ emitters, kappa: p.kappa, gamma, pump, cutoff: o.cutoff }).params));
    return { kappa: p.kappa, concurrence: pairConcurrence(r.state), margin: pairMargin(r.state), relativeResidual: r.certificate.relativeResidual };
  });
  const photonRich = points.reduce((b, p) => (p.topFockPopulation > b.topFockPopulation ? p : b));
  let marginChange = 0, concurrenceChange = 0, worstKappa = best.kappa;
  for (const p of [best, photonRich]) {
    const r = new PreparedEmittersSteady(emittersInCavity({ emitters, kappa: p.kappa, gamma, pump, cutoff: o.cutoff + 2 })).solve();
    const d = Math.abs(pairMargin(r.state) - p.margin);
    concurrenceChange = Math.max(concurrenceChange, Math.abs(pairConcurrence(r.state) - p.concurrence));
    if (d >= marginChange) { marginChange = d; worstKappa = p.kappa; }
  }
  return {
    emitters, gamma, cutoff: o.cutoff, pump, points, eliminated, best, minSqueezing, maxConcurrence: Math.max(...fam.all.map((p) => p.concurrence)),
    cutoffCheck: { cutoff: o.cutoff + 2, marginChange, concurrenceChange, worstKappa },
    evaluations: fam.evaluations + 2, seconds: (performance.now() - t0) / 1000,
  };
}

/** Steady states per N (for a progress bar): an upper estimate of emittersCurve's evaluations. */
export const EMITTERS_WORK_PER_N = 55;

/** emittersCurve for every N of `counts` (default EMITTER_COUNTS). */
export function emittersScan(o: { cutoff: number; counts?: readonly number[]; progress?: Progress }): EmittersCurve[] {
  const counts = o.counts ?? EMITTER_COUNTS;
  o.progress?.stage('beyond the paper: N emitters in the cavity', EMITTERS_WORK_PER_N * counts.length);
  return counts.map((n) => {
    // EMITTERS_WORK_PER_N units per N: one per steady state while below it, the rest when N is done, so the
    // bar ends at its total whatever the optimisation's evaluation count was.
    let used = 0;
    const tick = () => { if (used < EMITTERS_WORK_PER_N - 1) { used++; o.progress?.tick(); } };
    const curve = emittersCurve(n, { cutoff: o.cutoff, tick });
    o.progress?.tick(EMITTERS_WORK_PER_N - used);
    return curve;
  });
}
