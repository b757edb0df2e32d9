/**
 * Adiabatic elimination of the cavity for N emitters (the N-emitter form of PRL 120, 063604, Eq. 9;
 * docs/n-emitters.md §7), valid in the bad-cavity limit κ ≫ g√N: with a ≈ −(2ig/κ)J⁻ the cavity adds the
 * collective channels
 *   Γ(n_th + 1)·D[J⁻] and Γ·n_th·D[J⁺],   Γ = 4g²/κ,
 * to the emitters' own local and collective channels, and ⟨a†a⟩ ≈ (4g²/κ²)(⟨J⁺J⁻⟩ + n_th-terms). The
 * effective model is the same emitters-in-cavity model with g = 0 and cutoff 0 (no photons), so it is
 * solved by the same Dicke-block route. For N = 2, n_th = 0 it is the effective diamond model (elimination.ts).
 */
import { LindbladError, check, checkFinite, describe } from '../errors.ts';
import { emittersInCavity, emittersParams, type EmittersInCavityModel, type EmittersInCavityParams } from '../model/emitters-cavity.ts';

/** Cavity-induced collective decay Γ = 4g²/κ (Infinity at κ = 0: the elimination does not apply). */
export function cavityInducedDecay(g: number, kappa: number): number {
  checkFinite(g, 'g'); // NaN returned NaN
  check(typeof kappa === 'number' && Number.isFinite(kappa) && kappa >= 0, 'kappa', `expected a finite rate ≥ 0, got ${describe(kappa)}`);
  return kappa > 0 ? (4 * g * g) / kappa : Infinity;
}

/** The effective emitters-only model (module comment); refuses κ = 0. */
export function eliminatedCavityModel(params: EmittersInCavityParams): EmittersInCavityModel {
  const p = emittersParams(params), G = cavityInducedDecay(p.g, p.kappa);
  if (!Number.isFinite(G)) throw new LindbladError('invalid-input', 'the adiabatic elimination of the cavity needs κ > 0', 'kappa');
  return emittersInCavity({
    ...p, g: 0, kappa: 0, cutoff: 0, cavityThermal: 0,
    collectiveDecay: p.collectiveDecay + G * (p.cavityThermal + 1),
    collectivePump: p.collectivePump + G * p.cavityThermal,
  });
}
