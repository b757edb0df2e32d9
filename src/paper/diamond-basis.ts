/**
 * The diamond basis (PHYSICS.md §2): |G⟩ = |00⟩, |S⟩ = (|01⟩ + |10⟩)/√2, |A⟩ = (|01⟩ − |10⟩)/√2, |E⟩ = |11⟩,
 * as interleaved complex kets of a diamond model's space: the unit vectors of the 4-level 'bell' form, or
 * the Bell kets in the two-qubit 'product' form (basis |00⟩, |01⟩, |10⟩, |11⟩). The diamond model's steady
 * state is diagonal in it, and its jumps map these states onto each other.
 */

export const DIAMOND_LABELS = ['G', 'S', 'A', 'E'] as const;

/** The kets G, S, A, E (in that order) with their labels, for a diamond model built in `basis`. */
export function diamondBasis(basis: 'bell' | 'product' = 'bell'): { vectors: Float64Array[]; labels: string[] } {
  const s = Math.SQRT1_2;
  const ket = (amps: number[]) => Float64Array.from(amps.flatMap((a) => [a, 0]));
  const amplitudes = basis === 'bell'
    ? [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    : [[1, 0, 0, 0], [0, s, s, 0], [0, s, -s, 0], [0, 0, 0, 1]];
  return { vectors: amplitudes.map(ket), labels: [...DIAMOND_LABELS] };
}
