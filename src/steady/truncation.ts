/**
 * The Fock-cutoff check of a steady state: for every bosonic mode of the space (fock(cutoff) subsystems),
 * the population of its top level |cutoff⟩, p_top = Σ_{i: n_mode(i) = cutoff} ρ_ii. The certificate vouches
 * for ρ as the steady state of the truncated model; when some p_top exceeds TRUNCATION_LIMIT the truncated
 * model is not a faithful stand-in for the untruncated one (its photon numbers and everything fed by them
 * are cut off), and the certificate's status says 'truncated'. Units: populations, dimensionless.
 */
import type { Space } from '../model/space.ts';
import type { Certificate, Truncation } from './certificate.ts';

export type { Truncation } from './certificate.ts';

/**
 * Top-level population above which a mode counts as truncated (the CLI's "raise --cutoff" threshold): the
 * cut-off tail of a geometric photon distribution with p_top = 1e-6 carries ~1e-6 of the population.
 */
export const TRUNCATION_LIMIT = 1e-6;

/**
 * The fock subsystems of a space with cutoff ≥ 1: name, cutoff, and the stride of their index (space.ts
 * ordering). A fock(0) mode keeps only its vacuum (a mode left out, as the emitters model's cutoff 0): its
 * "top level" is the whole state, which says nothing about truncation, so it is not checked.
 */
export function fockModes(space: Space): { mode: string; cutoff: number; stride: number; dim: number }[] {
  const out: { mode: string; cutoff: number; stride: number; dim: number }[] = [];
  let stride = space.dim;
  for (let k = 0; k < space.dims.length; k++) {
    stride /= space.dims[k];
    const spec = space.specs[k];
    if (spec.kind === 'fock' && spec.cutoff >= 1) out.push({ mode: space.names[k], cutoff: spec.cutoff, stride, dim: space.dims[k] });
  }
  return out;
}

/** The populations ρ_ii of a state, visited as (i, ρ_ii) pairs (no array allocated: sweeps call this per point). */
export type PopulationVisitor = (visit: (i: number, population: number) => void) => void;

/** p_top of every mode of `modes` (fockModes of the space) from the populations ρ_ii. */
export function truncationOf(modes: ReturnType<typeof fockModes>, populations: PopulationVisitor): Truncation[] {
  if (modes.length === 0) return [];
  const tops = modes.map(() => 0);
  populations((i, p) => {
    for (let k = 0; k < modes.length; k++) { const m = modes[k]; if (Math.floor(i / m.stride) % m.dim === m.cutoff) tops[k] += p; }
  });
  return modes.map(({ mode, cutoff }, k) => ({ mode, cutoff, topPopulation: Math.max(0, tops[k]) }));
}

/**
 * Sets certificate.truncation, and status 'truncated' when the state is otherwise 'unique' and some mode's
 * top-level population exceeds TRUNCATION_LIMIT ('ill-conditioned' and 'not-unique' take precedence: the
 * `truncation` entries still tell). Returns the certificate.
 */
export function markTruncation(certificate: Certificate, truncation: Truncation[]): Certificate {
  if (truncation.length === 0) return certificate;
  certificate.truncation = truncation;
  if (certificate.status === 'unique' && truncation.some((t) => !(t.topPopulation <= TRUNCATION_LIMIT))) certificate.status = 'truncated';
  return certificate;
}
