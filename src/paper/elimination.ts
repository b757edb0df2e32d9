/**
 * Adiabatic elimination of the cavity (PRL 120, 063604, Eq. 9; PHYSICS.md §5), valid for κ/g ≳ 1: the
 * cavity adds collective decay Γ = 4g²/κ on J_S, giving the diamond model with
 *   Γ⁺ = p/2, Γ_A⁻ = γ/2, Γ_S⁻ = Γ + γ/2,  i.e.  β_A = ln(γ/p),  β_S = ln((γ + 2Γ)/p).
 * (The paper's "p_x" is a misprint for p.) β's are in units of 1/ω0 as in the diamond model; ±∞ at the
 * edges (γ = 0 → β_A = −∞; p = 0 → both +∞).
 */
import { diamondAnalytic, type DiamondPopulations } from './analytic.ts';
import { cavityParams, type CavityParams } from './cavity.ts';

export interface EffectiveDiamond {
  /** Cavity-induced collective decay Γ = 4g²/κ. */
  collectiveDecay: number;
  gammaPlus: number;
  gammaMinusA: number;
  gammaMinusS: number;
  betaA: number;
  betaS: number;
  /** Closed-form concurrence and populations of the effective model. */
  concurrence: number;
  populations: DiamondPopulations;
}

/** ln(a/b) with the limits ln(0/b) = −∞, ln(a/0) = +∞ (a, b ≥ 0, not both 0 → +∞ by convention of p = 0). */
function logRatio(a: number, b: number): number {
  if (b === 0) return Infinity;
  if (a === 0) return -Infinity;
  return Math.log(a / b);
}

/** Effective diamond parameters and prediction for cavity parameters (g, κ, γ, p). */
export function effectiveDiamond(params: Omit<CavityParams, 'cutoff'> & { cutoff?: number }): EffectiveDiamond {
  const p = cavityParams({ cutoff: 1, ...params });
  const collectiveDecay = p.kappa > 0 ? (4 * p.g * p.g) / p.kappa : Infinity;
  const betaA = logRatio(p.gamma, p.pump);
  const betaS = logRatio(p.gamma + 2 * collectiveDecay, p.pump);
  const { concurrence, populations } = diamondAnalytic(betaA, betaS);
  return {
    collectiveDecay,
    gammaPlus: p.pump / 2,
    gammaMinusA: p.gamma / 2,
    gammaMinusS: collectiveDecay + p.gamma / 2,
    betaA,
    betaS,
    concurrence,
    populations,
  };
}
