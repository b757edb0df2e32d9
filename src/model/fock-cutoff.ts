/**
 * The Fock-cutoff check: for every bosonic mode of a space (fock(cutoff) subsystems), the population of its
 * top level |cutoff⟩, p_top = Σ_{i: n_mode(i) = cutoff} ρ_ii. A state of the truncated model with p_top above
 * TRUNCATION_LIMIT is not a faithful stand-in for the untruncated one: its photon numbers, and everything fed
 * by them, are cut off. Steady-state certificates (steady/truncation.ts) and `evolve`'s statistics report it.
 * Units: populations, dimensionless.
 */
import type { Space } from './space.ts';

/**
 * Top-level population above which a mode counts as truncated (the CLI's "raise --cutoff" threshold): the
 * cut-off tail of a geometric photon distribution with p_top = 1e-6 carries ~1e-6 of the population.
 */
export const TRUNCATION_LIMIT = 1e-6;

/** One bosonic mode's cutoff check. */
export interface Truncation {
  /** The fock subsystem's name. */
  mode: string;
  cutoff: number;
  /** Population of its top Fock level |cutoff⟩ in ρ (for a time evolution: the largest over the output times). */
  topPopulation: number;
}

/** A fock subsystem of a space: name, cutoff, the stride of its index (space.ts ordering) and its dimension. */
export interface FockMode { mode: string; cutoff: number; stride: number; dim: number }

/**
 * The fock subsystems of a space with cutoff ≥ 1. A fock(0) mode keeps only its vacuum (a mode left out, as
 * the emitters model's cutoff 0): its "top level" is the whole state, which says nothing about truncation,
 * so it is not checked.
 */
export function fockModes(space: Space): FockMode[] {
  const out: FockMode[] = [];
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

/** The populations of a dense ρ (its diagonal ρ_ii) as a PopulationVisitor. */
export function densePopulations(rho: { readonly rows: number; re(i: number, j: number): number }): PopulationVisitor {
  return (visit) => { for (let i = 0; i < rho.rows; i++) visit(i, rho.re(i, i)); };
}

/** True when basis state i has the mode at its top level |cutoff⟩. */
export function atTopLevel(m: FockMode, i: number): boolean {
  return Math.floor(i / m.stride) % m.dim === m.cutoff;
}

/** p_top of every mode of `modes` (fockModes of the space) from the populations ρ_ii. */
export function truncationOf(modes: readonly FockMode[], populations: PopulationVisitor): Truncation[] {
  if (modes.length === 0) return [];
  const tops = modes.map(() => 0);
  populations((i, p) => {
    for (let k = 0; k < modes.length; k++) if (atTopLevel(modes[k], i)) tops[k] += p;
  });
  return modes.map(({ mode, cutoff }, k) => ({ mode, cutoff, topPopulation: Math.max(0, tops[k]) }));
}

/**
 * For each mode: the largest top-level population over several states (a time evolution's samples), each
 * read through `populationsOf` (nothing is read without modes).
 */
export function largestTruncation<S>(modes: readonly FockMode[], states: readonly S[], populationsOf: (state: S) => PopulationVisitor): Truncation[] {
  if (modes.length === 0) return [];
  const out = modes.map(({ mode, cutoff }) => ({ mode, cutoff, topPopulation: 0 }));
  for (const state of states) {
    truncationOf(modes, populationsOf(state)).forEach((t, k) => { out[k].topPopulation = Math.max(out[k].topPopulation, t.topPopulation); });
  }
  return out;
}
