/**
 * Heat currents and entropy production of the emitters-in-cavity model (model/emitters-cavity.ts) from a
 * reduced state, with H0 = ω0(Σ_i n_i + a†a) as in the two-emitter model: Q̇_bath = Tr{H0 L_bath(ρ)},
 *   Q̇_emitters = −ω0(γ⟨J_z + N/2⟩ + Γ_c⟨J⁺J⁻⟩),   Q̇_pump = ω0(p⟨N/2 − J_z⟩ + Γ_p⟨J⁻J⁺⟩),
 *   Q̇_cavity = ω0 κ(n_th⟨aa†⟩ − (n_th + 1)⟨a†a⟩)   (aa† truncated at the cutoff, as fock(cutoff)),
 *   Q̇_dephasing = 0 (σᶻ_i commutes with H0).
 * Units: ω0 × rate. Ṡ = −Σ β_i Q̇_i/ω0 with the limits of thermo/heat.ts (entropyFromHeat).
 */
import type { EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { checkDickeState, type DickeCavityState } from '../symmetry/dicke-sector.ts';
import { entropyFromHeat, type EntropyProduction } from './heat.ts';
import { LindbladError } from '../errors.ts';
import { checkModel } from '../model/check-model.ts';

/** Heat current from each bath into the system (module comment). */
export function emittersHeatCurrents(model: EmittersInCavityModel, state: DickeCavityState): Record<'pump' | 'emitters' | 'cavity' | 'dephasing', number> {
  checkModel(model, ['emitters']);
  checkDickeState(state);
  return currentsAndNoise(model, state).heat;
}

/** The currents, and the size of the terms they are summed from (entropyFromHeat's noise scale), for checked arguments. */
function currentsAndNoise(model: EmittersInCavityModel, state: DickeCavityState): { heat: Record<'pump' | 'emitters' | 'cavity' | 'dephasing', number>; noise: number } {
  const B = state.basis, p = model.params, w = p.omega0, N = B.emitters;
  if (B !== model.basis && (B.emitters !== model.basis.emitters || B.cutoff !== model.basis.cutoff)) {
    throw new LindbladError('dimension-mismatch', `the state has N = ${B.emitters}, cutoff ${B.cutoff}; the model N = ${model.basis.emitters}, cutoff ${model.basis.cutoff}`, 'state');
  }
  let exc = 0, jpm = 0, jmp = 0, n = 0, aad = 0;
  for (let g = 0; g < B.dim; g++) {
    const r = state.population(g), j = B.twoJ[B.blockOf[g]] / 2, m = B.twoMOf[g] / 2, k = B.photonsOf[g];
    exc += (m + N / 2) * r; jpm += (j + m) * (j - m + 1) * r; jmp += (j - m) * (j + m + 1) * r;
    n += k * r; if (k < B.cutoff) aad += (k + 1) * r;
  }
  const heat = {
    pump: w * (p.pump * (N - exc) + p.collectivePump * jmp),
    emitters: -w * (p.gamma * exc + p.collectiveDecay * jpm),
    cavity: w * p.kappa * (p.cavityThermal * aad - (p.cavityThermal + 1) * n),
    dephasing: 0,
  };
  const noise = Math.abs(w) * (p.pump * N + p.collectivePump * jmp + p.gamma * exc + p.collectiveDecay * jpm + p.kappa * (p.cavityThermal * aad + (p.cavityThermal + 1) * n));
  return { heat, noise };
}

/** Ṡ = −Σ_i β_i Q̇_i/ω0 (k_B = 1; rate units), per bath as well. */
export function emittersEntropyProduction(model: EmittersInCavityModel, state: DickeCavityState): EntropyProduction {
  checkModel(model, ['emitters']);
  checkDickeState(state);
  const { heat, noise } = currentsAndNoise(model, state);
  const baths = model.baths as Record<string, number | null>;
  return entropyFromHeat(heat, (b) => baths[b], model.params.omega0, noise);
}
