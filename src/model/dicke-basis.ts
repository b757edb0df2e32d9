/**
 * The permutation-invariant basis of N identical two-level emitters tensored with a truncated cavity mode
 * (docs/n-emitters.md). A permutation-invariant ρ is block diagonal over the total spin j ∈ {N/2, N/2 − 1,
 * …, 0 or ½}; block j appears in d_N(j) = N!(2j+1)/((N/2−j)!(N/2+j+1)!) identical copies, each a matrix over
 * the states |j, m⟩ ⊗ |n⟩ (m = −j…j, photon number n = 0…cutoff). The reduced state stores, per block, the
 * copies' sum ρ̄_j = d_j·ρ_j, so Tr ρ = Σ_j Tr ρ̄_j and the populations of ρ̄ form a probability distribution.
 *
 * States are numbered block by block (j descending), inside a block by (m + j)·(cutoff + 1) + n. Spins are
 * stored doubled (2j, 2m) so that half-integers stay integers. The excitation number of a state is
 * e = m + N/2 + n; every term of the emitters-in-cavity Liouvillian conserves e − e′ of ρ's entries, and the
 * steady state lives where e = e′ (the zero-charge sector).
 */
import { check } from '../errors.ts';

/** Largest N accepted: d_N(N/2 − k) ≤ 2^N stays far from overflow, and the reduced sizes grow like N². */
export const MAX_EMITTERS = 400;

/**
 * Largest zero-charge sector (real unknowns, zeroChargeSize) a model may have: ≈ 40× the N = 80, cutoff 8
 * model (126,581 unknowns, 0.63 GB and 19 s CPU). A larger request is refused before the basis is built
 * (N = 400 at cutoff 4096 has 4.3e10: its basis alone was 2 GB and its sector an out-of-memory crash).
 * Below it, the sector (symmetry/dicke-sector.ts) still checks the machine's memory budget.
 */
export const MAX_SECTOR_UNKNOWNS = 5_000_000;

/** Real unknowns of the zero-charge sector: Σ over blocks and excitation numbers of s², s states per group. */
export function zeroChargeSize(emitters: number, cutoff: number): number {
  let size = 0;
  for (let twoJ = emitters; twoJ >= 0; twoJ -= 2) {
    const lo = (emitters - twoJ) / 2, hi = (emitters + twoJ) / 2; // m + N/2 ranges over [lo, hi]
    for (let e = lo; e <= hi + cutoff; e++) { const s = Math.min(hi, e) - Math.max(lo, e - cutoff) + 1; if (s > 0) size += s * s; }
  }
  return size;
}

/**
 * One solve's memory, from its measured peak: 6,000 bytes per sector unknown (the real system, the LU's
 * fill and the solve's work arrays). Peak resident memory of `lindblad cavity --emitters N` less the
 * process's 60 MB: 6.8 kB per unknown at N = 20, cutoff 40 (62,931 unknowns), 6.5 kB at N = 20, cutoff
 * 120 (204,611), 6.1 kB at N = 10, cutoff 1000 (285,446). The earlier 624 bytes (system entries and 40 LU
 * entries per unknown) let sectors of 2·10⁶ unknowns pass a 12 GiB budget and then need ≈ 13 GB.
 */
export function emittersSolveBytes(emitters: number, cutoff: number): number {
  return EMITTER_SOLVE_BYTES_PER_UNKNOWN * zeroChargeSize(emitters, cutoff);
}

/** Bytes per sector unknown of an N-emitter steady state (emittersSolveBytes). */
export const EMITTER_SOLVE_BYTES_PER_UNKNOWN = 6000;

export class DickeBasis {
  /** Number of emitters N and the Fock cutoff. */
  readonly emitters: number;
  readonly cutoff: number;
  /** 2j of each block, descending from N. */
  readonly twoJ: Int32Array;
  /** d_N(j) of each block (multiplicity of the SU(2) irrep j in (C²)^⊗N). */
  readonly degeneracy: Float64Array;
  /** First state of each block, and one past the last block (length blocks + 1). */
  readonly offset: Int32Array;
  /** Per state: its block, 2m and photon number. */
  readonly blockOf: Int32Array;
  readonly twoMOf: Int32Array;
  readonly photonsOf: Int32Array;

  constructor(emitters: number, cutoff: number) {
    check(Number.isInteger(emitters) && emitters >= 1 && emitters <= MAX_EMITTERS, 'emitters', `expected an integer number of emitters in [1, ${MAX_EMITTERS}], got ${emitters}`);
    check(Number.isInteger(cutoff) && cutoff >= 0 && cutoff <= 4096, 'cutoff', `expected an integer Fock cutoff in [0, 4096], got ${cutoff}`);
    const unknowns = zeroChargeSize(emitters, cutoff);
    check(unknowns <= MAX_SECTOR_UNKNOWNS, 'cutoff', `${emitters} emitters at cutoff ${cutoff} have ${unknowns.toExponential(2)} real unknowns in the steady state's sector, more than the ${MAX_SECTOR_UNKNOWNS.toExponential(0)} this engine handles; lower the cutoff or the number of emitters`);
    this.emitters = emitters;
    this.cutoff = cutoff;
    const blocks = Math.floor(emitters / 2) + 1, nf = cutoff + 1;
    this.twoJ = Int32Array.from({ length: blocks }, (_, b) => emitters - 2 * b);
    this.degeneracy = dickeDegeneracies(emitters);
    this.offset = new Int32Array(blocks + 1);
    for (let b = 0; b < blocks; b++) this.offset[b + 1] = this.offset[b] + (this.twoJ[b] + 1) * nf;
    const dim = this.offset[blocks];
    this.blockOf = new Int32Array(dim);
    this.twoMOf = new Int32Array(dim);
    this.photonsOf = new Int32Array(dim);
    for (let b = 0; b < blocks; b++) {
      for (let g = this.offset[b]; g < this.offset[b + 1]; g++) {
        const local = g - this.offset[b];
        this.blockOf[g] = b;
        this.twoMOf[g] = 2 * Math.floor(local / nf) - this.twoJ[b];
        this.photonsOf[g] = local % nf;
      }
    }
  }

  get blocks(): number {
    return this.twoJ.length;
  }

  /** Total number of reduced basis states Σ_j (2j+1)(cutoff+1). */
  get dim(): number {
    return this.offset[this.twoJ.length];
  }

  /** Index of |j, m⟩|n⟩ in block b (2m given), or −1 outside the block or the Fock range. */
  state(b: number, twoM: number, n: number): number {
    const tj = this.twoJ[b];
    if (b < 0 || b >= this.twoJ.length || twoM < -tj || twoM > tj || n < 0 || n > this.cutoff) return -1;
    return this.offset[b] + ((twoM + tj) >> 1) * (this.cutoff + 1) + n;
  }

  /** Excitation number e = m + N/2 + n of state g. */
  excitation(g: number): number {
    return ((this.twoMOf[g] + this.emitters) >> 1) + this.photonsOf[g];
  }
}

/**
 * d_N(j) = N!(2j+1)/((N/2−j)!(N/2+j+1)!) for 2j = N, N−2, …, from d(N/2) = 1 by the ratio
 * d(j−1)/d(j) = (2j−1)(N/2+j+1)/((2j+1)(N/2−j+1)) (a few ulps of relative error).
 */
export function dickeDegeneracies(n: number): Float64Array {
  const blocks = Math.floor(n / 2) + 1, d = new Float64Array(blocks);
  d[0] = 1;
  for (let b = 1; b < blocks; b++) {
    const j = (n - 2 * (b - 1)) / 2; // the previous block's j
    d[b] = d[b - 1] * ((2 * j - 1) * (n / 2 + j + 1)) / ((2 * j + 1) * (n / 2 - j + 1));
  }
  return d;
}
