/**
 * The unreduced route for the iterative method: the trace-bordered system of the whole Liouvillian
 * (linalg/bordered.ts) solved by a Krylov method (iterative.ts) and certified. Direct solves of the
 * unreduced system go through the real sector solver on every unknown of ρ (plan.ts, sector-solve.ts),
 * which pins the best population, equilibrates and estimates the conditioning.
 */
import { borderedSystem, diagonalPositions } from '../linalg/bordered.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { LinalgError } from '../linalg/errors.ts';
import { certify } from './certificate.ts';
import { iterativeBorderedSolve } from './iterative.ts';
import { degenerate } from './degenerate.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import { normaliseHermitian, unvec, type SteadyStateResult } from './result.ts';

/**
 * Steady state of the whole Liouvillian by the iterative method of `options` (no conditioning estimate:
 * the certificate carries the residual and the uniqueness evidence of iterative.ts only).
 */
export function fullSteadyState(model: LindbladModel, options: ResolvedSteadyOptions): SteadyStateResult {
  const method = options.method;
  if (method.kind !== 'iterative') throw new LinalgError('internal error: fullSteadyState is the iterative route');
  const n = model.space.dim;
  const l = liouvillian(model);
  const b = borderedSystem(l, diagonalPositions(n));
  const { x, smallestEigenvalue: smallest, solver } = iterativeBorderedSolve(b.matrix, b.rhs, method, options.degeneracyTolerance * b.scale);
  if (!(smallest > options.degeneracyTolerance * b.scale)) {
    return degenerate(model, options, { smallestEigenvalue: smallest, scale: b.scale, solver, reason: '' }, l);
  }
  const raw = unvec(x, n), rho = normaliseHermitian(raw);
  return {
    rho,
    certificate: certify(l, rho, { unique: true, smallestEigenvalue: smallest, scale: b.scale, solver, hermiticityBefore: raw.hermiticityError() }),
  };
}
