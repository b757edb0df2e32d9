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
import { iterativeBorderedSolve, EQUILIBRATED_PINNED } from './iterative.ts';
import { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { residualFloorFactor } from '../liouvillian/residual-floor.ts';
import { complexConditioning, dataErrors, reciprocalCondition, vecPositions } from './solve-error.ts';
import { degenerate } from './degenerate.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import { normaliseHermitian, unvec, type SteadyStateResult } from './result.ts';

/**
 * Steady state of the whole Liouvillian by the iterative method of `options`, with the uniqueness evidence
 * of iterative.ts and an error estimate from correction solves (solve-error.ts; rcond estimated as
 * min(min |λ|/s, 1/(s·‖P⁻¹‖)), ‖P⁻¹‖ bounded from below by the correction solves).
 */
export function fullSteadyState(model: LindbladModel, options: ResolvedSteadyOptions): SteadyStateResult {
  const method = options.method;
  if (method.kind !== 'iterative') throw new LinalgError('internal error: fullSteadyState is the iterative route');
  const n = model.space.dim;
  const l = liouvillian(model);
  const b = borderedSystem(l, diagonalPositions(n));
  const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model, 'active'), { rows, cols } = vecPositions(n);
  const { x, smallestEigenvalue: smallest, scale, solver, errors, growth } = iterativeBorderedSolve(b.matrix, b.rhs, method, options.degeneracyTolerance,
    dataErrors(lv, coefficients, rows, cols));
  if (!(smallest > options.degeneracyTolerance * scale)) {
    return degenerate(model, options, { smallestEigenvalue: smallest, scale, solver, reason: EQUILIBRATED_PINNED }, l);
  }
  const raw = unvec(x, n), rho = normaliseHermitian(raw);
  const rcond = reciprocalCondition(smallest / scale, scale, growth);
  const conditioning = complexConditioning(x.subarray(0, 2 * n * n), errors!, diagonalPositions(n), rcond);
  return {
    rho,
    certificate: certify(l, rho, { unique: true, smallestEigenvalue: smallest, scale, solver, hermiticityBefore: raw.hermiticityError(), conditioning,
      residualFloor: () => residualFloorFactor(lv, coefficients) }),
  };
}
