/**
 * The operator of one member L(θ) = Σ_t θ_t L_t of a factored Liouvillian family: assembled on the union
 * pattern for tiny Hilbert spaces (n ≤ ASSEMBLED_LIMIT, assembled.ts), matrix-free otherwise
 * (matrix-free.ts). Both give the same matvec and the exact ‖L‖_∞. Units: rate units.
 */
import type { FactoredLiouvillian } from './factored.ts';
import type { LiouvillianFamilyOperator } from './operator.ts';
import { AssembledLiouvillian, ASSEMBLED_LIMIT } from './assembled.ts';
import { LiouvillianOperator } from './matrix-free.ts';

/** L(θ) of the family `lv` as an operator on vec ρ: assembled when n ≤ ASSEMBLED_LIMIT, else matrix-free. */
export function familyOperator(lv: FactoredLiouvillian, theta: ArrayLike<number>): LiouvillianFamilyOperator {
  return lv.n <= ASSEMBLED_LIMIT ? new AssembledLiouvillian(lv, theta) : new LiouvillianOperator(lv, theta);
}
