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

/**
 * How far the parameters are from the bad-cavity limit the elimination assumes (dimensionless):
 * couplingRatio = g√N/κ (the collective coupling against the cavity's decay) and linewidthRatio =
 * 2Γ₂/κ with Γ₂ = (γ + p)/2 + 2γ_φ the decay rate of one emitter's coherence — the cavity-induced rate is
 * 4g²/(κ + 2Γ₂) rather than 4g²/κ once the emitter's linewidth is not negligible, so Γ is off by a
 * relative ≈ linewidthRatio. `warning` names the ratios above ELIMINATION_WARNING (coupling 1, linewidth
 * 0.1), else null. κ = 0: both Infinity.
 */
export function eliminationValidity(params: EmittersInCavityParams): { couplingRatio: number; linewidthRatio: number; warning: string | null } {
  const p = emittersParams(params);
  const couplingRatio = (Math.abs(p.g) * Math.sqrt(p.emitters)) / p.kappa, gamma2 = (p.gamma + p.pump) / 2 + 2 * p.dephasing;
  const linewidthRatio = (2 * gamma2) / p.kappa;
  const over: string[] = [];
  if (!(couplingRatio <= ELIMINATION_WARNING.coupling)) over.push(`g√N/κ = ${couplingRatio.toPrecision(3)} > ${ELIMINATION_WARNING.coupling}`);
  if (!(linewidthRatio <= ELIMINATION_WARNING.linewidth)) over.push(`2Γ₂/κ = ${linewidthRatio.toPrecision(3)} > ${ELIMINATION_WARNING.linewidth} (emitter linewidth Γ₂ = (γ + p)/2 + 2γ_φ)`);
  return { couplingRatio, linewidthRatio, warning: over.length ? `outside the bad-cavity limit the elimination assumes: ${over.join('; ')}` : null };
}

/** Thresholds of eliminationValidity's warning. */
export const ELIMINATION_WARNING = { coupling: 1, linewidth: 0.1 } as const;

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
