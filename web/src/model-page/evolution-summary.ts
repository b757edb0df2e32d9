/** The model page's evolution status line (pure: no DOM, tested in node). */
import { fmt } from '../ui/format.ts';
import type { EvolutionView } from '../engine/model-compute.ts';
/**
 * The evolution's status line, as `lindblad evolve` reports it: times, wall time, the method that ran, its
 * error estimate, and each Fock mode's largest top-level population (⚠ above the limit: raise the cutoff).
 */
export function evolutionSummary(r: EvolutionView, ms: number): string {
  const parts = [`${r.times.length} times`, `${Math.round(ms)} ms`, r.method];
  if (r.errorEstimate !== null) parts.push(`error estimate ${fmt(r.errorEstimate, 2)}`);
  for (const t of r.truncation) {
    parts.push(`top level |${t.cutoff}⟩ of ${t.mode} up to ${fmt(t.topPopulation, 3)}${t.topPopulation > r.truncationLimit ? ' ⚠ truncated: raise the cutoff' : ''}`);
  }
  return parts.join(' · ');
}
