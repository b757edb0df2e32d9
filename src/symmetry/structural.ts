/**
 * Uniqueness decided by structure instead of by a numerical threshold, where that can be proved.
 *
 * Claim. Let the sector solved for hold only populations ρ_kk (no coherence ρ_jk shares a component of the
 * coupling graph with them, symmetry.ts). Then on this sector L acts as the matrix
 *     M_ij = Σ_c γ_c |⟨i|o_c|j⟩|²  (i ≠ j),     M_jj = −Σ_c γ_c ⟨j|o_c†o_c|j⟩ = −Σ_{i≠j} M_ij,
 * (H drops out: [H, ρ]_kk involves only coherences, which are not in the sector), i.e. M is the generator
 * of a continuous-time Markov chain on the basis states, with a transition j → i wherever some channel
 * with γ_c > 0 has ⟨i|o_c|j⟩ ≠ 0. For a finite chain, dim ker M equals the number of closed communicating
 * classes (each closed class carries exactly one stationary distribution, positive on it; transient
 * states carry none). So one closed class ⇔ one stationary state in the sector — whatever the rates,
 * however many decades they span. Uniqueness beyond the sector still needs its own argument (a U(1) charge
 * with the charge-0 coherence sectors checked, charge.ts, or every coherence sector checked), which the
 * caller makes.
 *
 * What is verified, so that the claim applies to the matrices at hand: the sector is populations-only, and
 * every per-term matrix has off-diagonal entries ≥ 0 (true for channel terms by construction; a term with
 * a negative off-diagonal entry switches the structural route off for the family). At coefficients θ a
 * term counts as present when θ_t > 0 and θ_t times its smallest off-diagonal entry is a normal number
 * (≥ 2^−1022), so every transition it contributes is non-zero in the assembled matrix too; a term whose
 * products would underflow counts as absent (conservative: an absent transition can only split classes,
 * which sends the verdict back to the numerical route). Any θ_t < 0 on a non-zero term does the same.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { communicatingClasses } from '../linalg/graph.ts';

/** Smallest positive normal double, 2^−1022. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** The structure of the sector's chain at one θ. */
export interface ChainStructure {
  /** Number of closed communicating classes (1: the sector's stationary state is unique, whatever the rates). */
  readonly closedClasses: number;
  /** 1 for the sector unknowns (populations) in a closed class — where a stationary state is positive. */
  readonly recurrent: Uint8Array;
}

export class PopulationChain {
  private readonly terms: readonly CsrMatrix[];
  private readonly size: number;
  /** Smallest |off-diagonal entry| per term (Infinity for a term without one). */
  private readonly smallest: Float64Array;
  /** Terms with at least one stored entry. */
  private readonly nonzero: Uint8Array;
  private readonly cache = new Map<number | string, ChainStructure>();

  private constructor(terms: readonly CsrMatrix[], size: number, smallest: Float64Array, nonzero: Uint8Array) {
    this.terms = terms;
    this.size = size;
    this.smallest = smallest;
    this.nonzero = nonzero;
  }

  /**
   * The chain of a populations-only sector (`size` unknowns, all populations, per-term real matrices
   * `terms`), or null when the claim of the module comment cannot be made for this family.
   */
  static of(terms: readonly CsrMatrix[], size: number, populations: number): PopulationChain | null {
    if (populations !== size || size === 0) return null;
    const smallest = new Float64Array(terms.length).fill(Infinity), nonzero = new Uint8Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      const m = terms[t];
      for (let i = 0; i < m.rows; i++) {
        for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
          const v = m.values[2 * p];
          if (v !== 0 || m.values[2 * p + 1] !== 0) nonzero[t] = 1;
          if (m.values[2 * p + 1] !== 0) return null;
          if (m.colIdx[p] === i) { if (v > 0) return null; continue; }
          if (v < 0) return null;
          if (v > 0 && v < smallest[t]) smallest[t] = v;
        }
      }
    }
    return new PopulationChain(terms, size, smallest, nonzero);
  }

  /** The structure at coefficients θ, or null when some θ_t < 0 (or NaN) on a non-zero term. */
  at(theta: ArrayLike<number>): ChainStructure | null {
    // Key: the set of present terms, as a number while it fits in 2^52, else as a string.
    let key: number | string = 0, bit = 1;
    for (let t = 0; t < this.terms.length; t++) {
      if (!this.nonzero[t]) continue;
      const c = +theta[t];
      if (!(c >= 0)) return null;
      const present = this.smallest[t] === Infinity ? c > 0 : c * this.smallest[t] >= MIN_NORMAL;
      if (typeof key === 'number' && bit > 2 ** 52) key = key.toString(2) + '|';
      if (typeof key === 'number') { if (present) key += bit; bit *= 2; } else key += present ? '1' : '0';
    }
    let s = this.cache.get(key);
    if (!s) {
      s = this.build(theta);
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(key, s);
    }
    return s;
  }

  private build(theta: ArrayLike<number>): ChainStructure {
    const n = this.size, rows: number[][] = Array.from({ length: n }, () => []);
    for (let t = 0; t < this.terms.length; t++) {
      if (!this.nonzero[t]) continue;
      const c = +theta[t];
      if (!(this.smallest[t] === Infinity ? c > 0 : c * this.smallest[t] >= MIN_NORMAL)) continue;
      const m = this.terms[t];
      for (let i = 0; i < n; i++) for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) if (m.colIdx[p] !== i && m.values[2 * p] > 0) rows[i].push(m.colIdx[p]);
    }
    const rowPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i] + rows[i].length;
    const colIdx = Int32Array.from(rows.flat());
    const cc = communicatingClasses(n, rowPtr, colIdx);
    const recurrent = new Uint8Array(n);
    for (let i = 0; i < n; i++) recurrent[i] = cc.closed[cc.component[i]];
    return { closedClasses: cc.closedCount, recurrent };
  }
}
