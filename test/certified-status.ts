/**
 * The status a well-conditioned unique steady state must carry: 'truncated' exactly when some bosonic mode's
 * top Fock level holds more than TRUNCATION_LIMIT (steady/truncation.ts), 'unique' otherwise. For tests
 * whose models keep a small cutoff on purpose (they compare numbers of the truncated model).
 */
import assert from 'node:assert/strict';
import { TRUNCATION_LIMIT, type Certificate } from '../src/index.ts';

export function truncatedBeyondLimit(c: Certificate): boolean {
  return (c.truncation ?? []).some((t) => t.topPopulation > TRUNCATION_LIMIT);
}

/** Asserts the status of a unique, well-conditioned state: 'unique', or 'truncated' when the cutoff truncates. */
export function assertUniqueStatus(c: Certificate, what = ''): void {
  assert.equal(c.status, truncatedBeyondLimit(c) ? 'truncated' : 'unique', `${what} status (truncation ${JSON.stringify(c.truncation)})`);
}
