/**
 * Observables of a permutation-invariant state of N emitters and a cavity mode in the zero-charge sector
 * (symmetry/dicke-sector.ts), computed on the reduced state ρ̄ (ρ̄_j = d_j ρ_j, Tr ρ = Σ_j Tr ρ̄_j). Every
 * operator used here is diagonal in |j, m⟩|n⟩, so only the populations of ρ̄ enter:
 *   ⟨J_z⟩ = Σ m ρ̄,  ⟨J_z²⟩ = Σ m² ρ̄,  ⟨J⁺J⁻⟩ = Σ (j+m)(j−m+1) ρ̄,  ⟨J²⟩ = Σ j(j+1) ρ̄,  ⟨a†a⟩ = Σ n ρ̄.
 * Pair state (docs/n-emitters.md §6): in the zero-charge sector ⟨σ⁺_i⟩ = ⟨σ⁺_iσ⁺_k⟩ = 0, so the reduced
 * state of any two emitters is the X-state fixed by ⟨n_i⟩ = ⟨J_z + N/2⟩/N, ⟨n_in_k⟩ = (⟨(J_z+N/2)²⟩ −
 * ⟨J_z+N/2⟩)/(N(N−1)) and ⟨σ⁺_iσ⁻_k⟩ = (⟨J⁺J⁻⟩ − ⟨J_z+N/2⟩)/(N(N−1)) (i ≠ k). Dimensionless.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError } from '../errors.ts';
import { checkDickeState, type DickeCavityState } from '../symmetry/dicke-sector.ts';
import { concurrence } from './concurrence.ts';

/** A value that may be undefined for a stated reason (never NaN or Infinity). */
export type MaybeValue = { kind: 'value'; value: number } | { kind: 'undefined'; reason: string };

export interface EmitterMoments {
  emitters: number;
  /** ⟨J_z⟩, ⟨J_z²⟩, ⟨J⁺J⁻⟩, ⟨J²⟩ (J = Σ_i σ_i/2; J_z = Σ_i (n_i − ½)). */
  jz: number;
  jz2: number;
  jPlusJMinus: number;
  jSquared: number;
  /** ⟨J_z + N/2⟩/N: the mean excitation per emitter. */
  excitationPerEmitter: number;
  /** ⟨a†a⟩ and ⟨a†a†aa⟩ = ⟨n(n − 1)⟩. */
  meanPhotons: number;
  photonPairs: number;
}

/** The moments of the module comment. */
export function emitterMoments(state: DickeCavityState): EmitterMoments {
  checkDickeState(state);
  const B = state.basis, N = B.emitters;
  let jz = 0, jz2 = 0, jpm = 0, j2 = 0, n1 = 0, n2 = 0;
  for (let g = 0; g < B.dim; g++) {
    const p = state.population(g), j = B.twoJ[B.blockOf[g]] / 2, m = B.twoMOf[g] / 2, n = B.photonsOf[g];
    jz += m * p; jz2 += m * m * p; jpm += (j + m) * (j - m + 1) * p; j2 += j * (j + 1) * p;
    n1 += n * p; n2 += n * (n - 1) * p;
  }
  return { emitters: N, jz, jz2, jPlusJMinus: jpm, jSquared: j2, excitationPerEmitter: (jz + N / 2) / N, meanPhotons: n1, photonPairs: n2 };
}

/** Equal-time cavity g²(0) = ⟨a†a†aa⟩/⟨a†a⟩²; undefined when the cavity is empty (⟨a†a⟩ = 0). */
export function cavityG2(state: DickeCavityState): MaybeValue {
  return g2FromMoments(emitterMoments(state));
}

/** g²(0) = ⟨n(n − 1)⟩/⟨n⟩² from the two photon moments (any route); undefined when ⟨n⟩ = 0. */
export function g2FromMoments(m: Pick<EmitterMoments, 'meanPhotons' | 'photonPairs'>): MaybeValue {
  if (!(m.meanPhotons > 0)) return { kind: 'undefined', reason: 'the cavity is empty (⟨a†a⟩ = 0)' };
  return { kind: 'value', value: m.photonPairs / (m.meanPhotons * m.meanPhotons) };
}

/**
 * Two-emitter reduced state (the same for every pair), basis |00⟩, |01⟩, |10⟩, |11⟩ (emitter i first;
 * 1 = excited), from the moments (module comment). Needs N ≥ 2.
 */
export function pairState(state: DickeCavityState): DenseMatrix {
  const m = emitterMoments(state), N = m.emitters;
  if (N < 2) throw new LindbladError('invalid-input', 'a pair state needs at least two emitters', 'emitters');
  const ne = m.jz + N / 2, pairs = N * (N - 1);
  const nbar = ne / N, p11 = (m.jz2 + N * m.jz + (N * N) / 4 - ne) / pairs, c = (m.jPlusJMinus - ne) / pairs;
  const rho = new DenseMatrix(4, 4);
  rho.set(0, 0, 1 - 2 * nbar + p11, 0);
  rho.set(1, 1, nbar - p11, 0);
  rho.set(2, 2, nbar - p11, 0);
  rho.set(3, 3, p11, 0);
  rho.set(1, 2, c, 0);
  rho.set(2, 1, c, 0);
  return rho;
}

/**
 * Concurrence of the two-emitter reduced state (dimensionless, in [0, 1]); NaN for N = 1, where there is no
 * pair (JSON null, 'undefined' in the CLI and sweep columns) — not 0, which would claim a separable pair.
 */
export function pairConcurrence(state: DickeCavityState): number {
  checkDickeState(state);
  return state.basis.emitters < 2 ? NaN : concurrence(pairState(state));
}

/** |⟨J_z⟩| at or below this fraction of N/2 counts as no mean spin (spin squeezing undefined). */
export const MEAN_SPIN_FLOOR = 1e-12;

/**
 * Wineland spin-squeezing parameter ξ² = N·min_⊥ Var(J_⊥)/|⟨J⟩|². In the zero-charge sector ⟨J⟩ = ⟨J_z⟩ẑ
 * and, by the U(1) symmetry, every direction ⊥ ẑ has Var(J_⊥) = (⟨J²⟩ − ⟨J_z²⟩)/2, so
 * ξ² = N(⟨J²⟩ − ⟨J_z²⟩)/(2⟨J_z⟩²). Undefined (explicitly, not Infinity) when |⟨J_z⟩| ≤ MEAN_SPIN_FLOOR·N/2.
 */
export function spinSqueezing(state: DickeCavityState): MaybeValue {
  return squeezingFromMoments(emitterMoments(state));
}

/** ξ² of spinSqueezing from ⟨J_z⟩, ⟨J_z²⟩, ⟨J²⟩ of a U(1)-symmetric state of N emitters (any route). */
export function squeezingFromMoments(m: Pick<EmitterMoments, 'emitters' | 'jz' | 'jz2' | 'jSquared'>): MaybeValue {
  const N = m.emitters;
  if (!(Math.abs(m.jz) > MEAN_SPIN_FLOOR * N / 2)) return { kind: 'undefined', reason: 'the mean spin ⟨J⟩ is zero: no direction to squeeze around' };
  return { kind: 'value', value: (N * (m.jSquared - m.jz2)) / (2 * m.jz * m.jz) };
}
