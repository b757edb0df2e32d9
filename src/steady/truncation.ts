/**
 * The Fock-cutoff check of a steady state (model/fock-cutoff.ts: each bosonic mode's top-level population
 * p_top). The certificate vouches for ρ as the steady state of the truncated model; when some p_top exceeds
 * TRUNCATION_LIMIT the truncated model is not a faithful stand-in for the untruncated one, and the
 * certificate's status says 'truncated'.
 */
import type { Certificate } from './certificate.ts';
import { TRUNCATION_LIMIT, type Truncation } from '../model/fock-cutoff.ts';

export { TRUNCATION_LIMIT, fockModes, truncationOf, type Truncation, type PopulationVisitor } from '../model/fock-cutoff.ts';

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
