/**
 * Heat currents and entropy production of the emitters-in-cavity model (model/emitters-cavity.ts) from a
 * reduced state, with H0 = ω0(Σ_i n_i + a†a) as in the two-emitter model: Q̇_bath = Tr{H0 L_bath(ρ)},
 *   Q̇_emitters = −ω0(γ⟨J_z + N/2⟩ + Γ_c⟨J⁺J⁻⟩),   Q̇_pump = ω0(p⟨N/2 − J_z⟩ + Γ_p⟨J⁻J⁺⟩),
 *   Q̇_cavity = ω0 κ(n_th⟨aa†⟩ − (n_th + 1)⟨a†a⟩)   (aa† truncated at the cutoff, as fock(cutoff)),
 *   Q̇_dephasing = 0 (σᶻ_i commutes with H0).
 * Units: ω0 × rate. Ṡ = −Σ β_i Q̇_i/ω0 with the limits of thermo/heat.ts (entropyFromHeat).
 * Error bounds (emittersHeatCurrentErrors): each current is Σ_g c_g r_g over the populations r_g of the
 * reduced state; with u = 2⁻⁵³ and D its dimension, the rounding is at most (D + 8)·u·Σ_g |c_g||r_g|, and the
 * populations' errors Δr_g add Σ_g |c_g|·Δr_g (Δr_g = δ for a number δ, or the certificate conditioning's
 * per-parameter statement, heat-error.ts RhoError); the pump's N·Tr ρ, written N, adds p·N·|Tr ρ − 1|.
 */
import type { EmittersInCavityModel } from '../model/emitters-cavity.ts';
import { checkDickeState, type DickeCavityState } from '../symmetry/dicke-sector.ts';
import { checkRhoError, entropyFromHeat, entropyRateError, type EntropyProduction } from './heat.ts';
import { parameterErrorOf, type RhoError } from './heat-error.ts';
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

type Baths = Record<'pump' | 'emitters' | 'cavity' | 'dephasing', number>;

/**
 * Ṡ = −Σ_i β_i Q̇_i/ω0 (k_B = 1; rate units), per bath as well; `errors` (computed when read): the currents'
 * bounds (emittersHeatCurrentErrors with `rhoError`, e.g. the certificate's errorBound; default 0) and Ṡ's
 * (thermo/heat.ts entropyRateError: Σ_i |β_i|·bound_i/ω0 over the baths at finite β, Infinity where a bath
 * at β = ±∞ leaves Ṡ open).
 */
export function emittersEntropyProduction(model: EmittersInCavityModel, state: DickeCavityState, rhoError: RhoError = 0): EntropyProduction {
  checkModel(model, ['emitters']);
  checkDickeState(state);
  checkRhoError(rhoError);
  const { heat, noise } = currentsAndNoise(model, state);
  const baths = model.baths as Record<string, number | null>;
  const ep = entropyFromHeat(heat, (b) => baths[b], model.params.omega0, noise);
  let errors: EntropyProduction['errors'];
  const bound = () => {
    const e = bounds(model, state, rhoError);
    return { heat: e as Record<string, number>, rate: entropyRateError(ep, e, (b) => baths[b] ?? null) };
  };
  return Object.defineProperty(ep, 'errors', { enumerable: true, get: () => (errors ??= bound()) });
}

/**
 * Error bounds of emittersHeatCurrents per bath (ω0 × rate; module comment): their rounding, and the effect
 * of an error `rhoError` ≥ 0 of each population of the reduced state (a steady state's
 * certificate.conditioning.errorBound; default 0).
 */
export function emittersHeatCurrentErrors(model: EmittersInCavityModel, state: DickeCavityState, rhoError: RhoError = 0): Baths {
  checkModel(model, ['emitters']);
  checkDickeState(state);
  checkRhoError(rhoError);
  currentsAndNoise(model, state); // (checks that state and model match)
  return bounds(model, state, rhoError);
}

/** The bounds of the module comment, for checked arguments. */
function bounds(model: EmittersInCavityModel, state: DickeCavityState, rhoError: RhoError): Baths {
  const B = state.basis, p = model.params, w = Math.abs(p.omega0), N = B.emitters, nth = p.cavityThermal, errorOf = parameterErrorOf(rhoError);
  // Σ|c||r| and Σ|c|·Δr of each population sum of currentsAndNoise (Δr: the population's error), and Tr ρ
  let exc = 0, excC = 0, low = 0, jpm = 0, jpmC = 0, jmp = 0, jmpC = 0, n = 0, nC = 0, aad = 0, aadC = 0, trace = 0;
  for (let g = 0; g < B.dim; g++) {
    const r = Math.abs(state.population(g)), d = errorOf(state.population(g));
    const j = B.twoJ[B.blockOf[g]] / 2, m = B.twoMOf[g] / 2, k = B.photonsOf[g];
    const e = Math.abs(m + N / 2), up = Math.abs((j + m) * (j - m + 1)), down = Math.abs((j - m) * (j + m + 1));
    exc += e * r; excC += e * d; low += Math.abs(N / 2 - m) * d;
    jpm += up * r; jpmC += up * d; jmp += down * r; jmpC += down * d;
    n += k * r; nC += k * d;
    if (k < B.cutoff) { aad += (k + 1) * r; aadC += (k + 1) * d; }
    trace += state.population(g);
  }
  const unit = (B.dim + 8) * 2 ** -53;
  return {
    pump: w * (unit * (p.pump * (N + exc) + p.collectivePump * jmp) + p.pump * low + p.collectivePump * jmpC + p.pump * N * Math.abs(trace - 1)),
    emitters: w * (unit * (p.gamma * exc + p.collectiveDecay * jpm) + p.gamma * excC + p.collectiveDecay * jpmC),
    cavity: w * p.kappa * (unit * (nth * aad + (nth + 1) * n) + nth * aadC + (nth + 1) * nC),
    dephasing: 0,
  };
}
