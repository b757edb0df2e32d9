/**
 * The answer when the stationary state is not unique: a LindbladError('not-unique'), or, with
 * onDegenerate = 'basis', a Hermitian basis of ker L (stationary-basis.ts) with a certificate.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { certify } from './certificate.ts';
import { stationaryBasis } from './stationary-basis.ts';
import type { ResolvedSteadyOptions } from './options.ts';
import type { SteadyStateResult } from './result.ts';

/** Not unique: a clear error, or (onDegenerate = 'basis') a Hermitian basis of ker L with its certificate. */
export function degenerate(model: LindbladModel, options: Pick<ResolvedSteadyOptions, 'onDegenerate'>,
  info: { smallestEigenvalue: number; scale: number; solver: string; reason: string }, l: CsrMatrix = liouvillian(model)): SteadyStateResult {
  const message = 'the Liouvillian has more than one stationary state (the steady state is not unique)'
    + (info.reason ? ` — ${info.reason}` : '')
    + '; check for missing dissipation, decoupled blocks or conserved quantities, or pass onDegenerate: "basis"';
  if (options.onDegenerate !== 'basis') throw new LindbladError('not-unique', message, 'model');
  const n = model.space.dim;
  const basis = stationaryBasis(l, n);
  const rho = basis.find((b) => Math.abs(b.trace()[0]) > 1e-8) ?? basis[0];
  const tr = rho.trace()[0];
  const normalised = Math.abs(tr) > 1e-8 ? rho.scale(1 / tr) : rho;
  return {
    rho: normalised,
    certificate: certify(l, normalised, { unique: false, smallestEigenvalue: info.smallestEigenvalue, scale: info.scale, solver: info.solver, dimensionOfKernel: basis.length }),
    stationaryBasis: basis,
  };
}

