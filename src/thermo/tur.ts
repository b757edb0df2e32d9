/**
 * Thermodynamic uncertainty relation (Barato–Seifert; k_B = 1): for a current with scaled mean ⟨J⟩ and
 * scaled variance D (the first two scaled cumulants, counting.ts) in a steady state with entropy
 * production rate σ,
 *     𝒬 = D·σ / ⟨J⟩²  ≥ 2   for classical Markov jump processes with local detailed balance.
 * Quantum coherence (or a rate that breaks local detailed balance) can take 𝒬 below 2. Dimensionless.
 */

import { check, checkFinite, describe } from '../errors.ts';

export interface TurRatio {
  /** 𝒬 = D σ/⟨J⟩², null when undefined (⟨J⟩ = 0, or σ unknown: a bath without a temperature exchanges heat). */
  value: number | null;
  /** value < 2 (below the classical bound); false when value is null. */
  belowClassicalBound: boolean;
  /** Why value is null, when it is. */
  reason?: string;
}

/**
 * 𝒬 = noise·σ/mean² with its limits: σ = +∞ (a one-way bath) gives +∞; |mean| ≤ zeroMean (a current
 * that vanishes up to rounding, e.g. 1e-12 of the gross jump flux Σ_c |w_c|·rate_c) gives null, and so
 * does σ ≤ 0 with a current (no entropy production accounts for it).
 */
export function turRatio(mean: number, noise: number, entropyProduction: number | null, zeroMean = 0): TurRatio {
  checkFinite(mean, 'mean'); // NaN inputs gave value NaN, a NaN σ the reason "σ = 0"
  checkFinite(noise, 'noise');
  check(entropyProduction === null || (typeof entropyProduction === 'number' && !Number.isNaN(entropyProduction)), 'entropyProduction', `expected a number (+Infinity for a one-way bath) or null, got ${describe(entropyProduction)}`);
  check(typeof zeroMean === 'number' && Number.isFinite(zeroMean) && zeroMean >= 0, 'zeroMean', `expected a finite number ≥ 0, got ${describe(zeroMean)}`);
  if (entropyProduction === null) return { value: null, belowClassicalBound: false, reason: 'the entropy production is undefined (a non-thermal bath exchanges heat)' };
  if (Math.abs(mean) <= zeroMean) return { value: null, belowClassicalBound: false, reason: 'the mean current vanishes' };
  if (entropyProduction === Infinity) return { value: Infinity, belowClassicalBound: false };
  if (entropyProduction < 0) {
    return { value: null, belowClassicalBound: false, reason: `σ = ${entropyProduction} < 0: the model's rates break local detailed balance (no bath-by-bath second law), so the TUR does not apply` };
  }
  if (!(entropyProduction > 0)) return { value: null, belowClassicalBound: false, reason: 'σ = 0 while the current flows: its jumps exchange no heat with a bath at finite temperature (e.g. a coherent drive emptied into a zero-temperature bath), so the TUR does not constrain it' };
  const value = (noise * entropyProduction) / (mean * mean);
  return { value, belowClassicalBound: value < 2 };
}
