/**
 * The answer when the stationary state is not unique: a LindbladError('not-unique'), or, with
 * onDegenerate = 'basis', a Hermitian basis of ker L and, as `rho`, the stationary state reached from the
 * maximally mixed state, P₀(I/n) (stationary-basis.ts), with a certificate (status 'not-unique', the
 * kernel dimension and the singular-value gap).
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { certify } from './certificate.ts';
import { stationarySet } from './stationary-basis.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import type { SteadyStateResult } from './result.ts';
import { LIBRARY_REMEDY } from './remedy.ts';

/** How a caller can ask for the stationary set instead of an error: the library option by default. */
export { LIBRARY_REMEDY };

/**
 * The error message for a non-unique stationary state, ending with `remedy` (a CLI passes its flag).
 * `evidence`: 'structural' when the verdict follows from the model's structure alone (disconnected sectors),
 * a fact; otherwise 1/cond (or min |λ| / scale) of the system that decided it numerically. A unique state
 * whose system is singular to working precision is refused too, and the message says that it may be one
 * (0 or not finite: the factorisation broke down, singular to working precision).
 */
export function notUniqueMessage(reason: string, remedy: string = LIBRARY_REMEDY, evidence: number | 'structural' = 0): string {
  const numerically = evidence === 'structural' ? ''
    : Number.isFinite(evidence) && evidence > 0 ? `, or too nearly degenerate to tell in double precision: 1/cond = ${evidence.toExponential(1)}`
      : ', or too nearly degenerate to tell in double precision: its system is singular to working precision';
  return `the Liouvillian has more than one stationary state (the steady state is not unique${numerically})`
    + (reason ? ` — ${reason}` : '')
    + `; check for missing dissipation, decoupled blocks or conserved quantities, or ${remedy}`;
}

/** Not unique: a clear error, or (onDegenerate = 'basis') the stationary set with its certificate. */
export function degenerate(model: LindbladModel, options: Pick<ResolvedSteadyOptions, 'onDegenerate'>,
  info: { smallestEigenvalue: number; scale: number; solver: string; reason: string; structural?: boolean }, l: CsrMatrix = liouvillian(model)): SteadyStateResult {
  if (options.onDegenerate !== 'basis') {
    throw new LindbladError('not-unique', notUniqueMessage(info.reason, LIBRARY_REMEDY, info.structural ? 'structural' : info.smallestEigenvalue / info.scale), 'model');
  }
  const set = stationarySet(l, model.space.dim);
  return {
    rho: set.rho,
    certificate: certify(l, set.rho, {
      unique: false, smallestEigenvalue: info.smallestEigenvalue, scale: info.scale, solver: `${info.solver}; stationary set by rank-revealing QR + singular values`,
      dimensionOfKernel: set.basis.length, gap: set.gap,
    }),
    stationaryBasis: set.basis,
  };
}
