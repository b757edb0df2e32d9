/**
 * N identical two-level emitters in one cavity mode (Tavis–Cummings), in the permutation-invariant
 * Dicke-block ⊗ Fock representation (dicke-basis.ts, docs/n-emitters.md):
 *
 *   H = g Σ_i (σ⁺_i a + σ⁻_i a†) = g (J⁺a + J⁻a†)            (rotating frame; ω0 = ω_cav drops out)
 *   channels  √p σ⁺_i, √γ σ⁻_i, √γ_φ σᶻ_i (local, every i),  √Γ_c J⁻, √Γ_p J⁺ (collective),
 *             √(κ(n_th+1)) a, √(κ n_th) a†                   (cavity loss and thermal gain)
 *
 * Baths, as in the two-emitter model (paper/cavity.ts): 'pump' (σ⁺_i, J⁺; β = −∞), 'emitters' (σ⁻_i, J⁻;
 * β = +∞), 'cavity' (a, a†; β = ln(1 + 1/n_th), +∞ at n_th = 0), 'dephasing' (σᶻ_i; non-thermal, exchanges
 * no energy). Energies for heat currents: H0 = ω0(Σ_i n_i + a†a), β in units of 1/ω0. Rates in units of g
 * when g = 1. Steady states, evolution and the gap take this model through the ordinary entry points.
 */
import { check } from '../errors.ts';
import { DickeBasis } from './dicke-basis.ts';

export interface EmittersInCavityParams {
  /** Number of emitters N (1 … MAX_EMITTERS). */
  emitters: number;
  /** Coupling g (default 1: the unit of rates). */
  g?: number;
  /** Cavity loss rate κ. */
  kappa: number;
  /** Local decay rate γ of each emitter (channel σ⁻_i). */
  gamma: number;
  /** Local incoherent pump rate p of each emitter (channel σ⁺_i). */
  pump: number;
  /** Local dephasing rate γ_φ (channel σᶻ_i = |1⟩⟨1| − |0⟩⟨0|: coherences of one emitter decay at 2γ_φ). Default 0. */
  dephasing?: number;
  /** Collective decay rate Γ_c (channel J⁻ = Σ_i σ⁻_i). Default 0. */
  collectiveDecay?: number;
  /** Collective pump rate Γ_p (channel J⁺). Default 0. */
  collectivePump?: number;
  /** Thermal photon number n_th ≥ 0 of the cavity's bath. Default 0. */
  cavityThermal?: number;
  /** Fock cutoff (photon numbers 0 … cutoff). */
  cutoff: number;
  /** ω0 = ω_cav, the energy unit of heat currents (default 1000 g, as the paper's g/ω0 = 1e-3). */
  omega0?: number;
}

export type ResolvedEmittersParams = Required<EmittersInCavityParams>;

const KEYS = ['emitters', 'g', 'kappa', 'gamma', 'pump', 'dephasing', 'collectiveDecay', 'collectivePump', 'cavityThermal', 'cutoff', 'omega0'];

/** Validates and fills in the defaults (one place); every error names the parameter. */
export function emittersParams(p: EmittersInCavityParams): ResolvedEmittersParams {
  check(typeof p === 'object' && p !== null, 'params', 'expected an object of parameters');
  for (const k of Object.keys(p)) check(KEYS.includes(k), k, `unknown parameter (expected one of ${KEYS.join(', ')})`);
  const q: ResolvedEmittersParams = { g: 1, dephasing: 0, collectiveDecay: 0, collectivePump: 0, cavityThermal: 0, omega0: 1000, ...p };
  for (const k of ['g', 'kappa', 'gamma', 'pump', 'dephasing', 'collectiveDecay', 'collectivePump', 'cavityThermal', 'omega0'] as const) {
    const v = q[k];
    check(typeof v === 'number' && Number.isFinite(v) && v >= 0, k, `expected a finite number ≥ 0, got ${v}`);
  }
  check(q.omega0 > 0, 'omega0', `expected a positive energy, got ${q.omega0}`);
  return q;
}

/** The emitters-in-cavity model: resolved parameters and its reduced basis. Discriminant `kind`. */
export class EmittersInCavityModel {
  readonly kind = 'emitters-in-cavity' as const;
  readonly params: ResolvedEmittersParams;
  readonly basis: DickeBasis;

  constructor(params: EmittersInCavityParams) {
    this.params = emittersParams(params);
    this.basis = new DickeBasis(this.params.emitters, this.params.cutoff);
  }

  /** Inverse temperatures of the baths (units 1/ω0; null: non-thermal). */
  get baths(): Record<'pump' | 'emitters' | 'cavity' | 'dephasing', number | null> {
    const nth = this.params.cavityThermal;
    return { pump: -Infinity, emitters: Infinity, cavity: nth > 0 ? Math.log1p(1 / nth) : Infinity, dephasing: null };
  }

  /** A copy with some parameters replaced (sweeps). */
  with(changes: Partial<EmittersInCavityParams>): EmittersInCavityModel {
    return new EmittersInCavityModel({ ...this.params, ...changes });
  }
}

/** Builds and validates the N-emitter cavity model (module comment). */
export function emittersInCavity(params: EmittersInCavityParams): EmittersInCavityModel {
  return new EmittersInCavityModel(params);
}

/** True for the permutation-invariant emitters-in-cavity model (the dispatch discriminant). */
export function isEmittersInCavity(model: unknown): model is EmittersInCavityModel {
  return model instanceof EmittersInCavityModel;
}
