/**
 * Krylov solution of a bordered steady-state system B·[vec ρ; λ] = [0; s] (bordered.ts), for models too
 * large to factorise: restarted GMRES or BiCGSTAB (krylov.ts), optionally right-preconditioned by ILU(0)
 * of B (ilu.ts). The uniqueness evidence is the same inverse-iteration estimate of min |λ(B)| as for the
 * direct solvers, with Krylov solves as the inner solves (fewer iterations; an unconverged inner solve of
 * a singular B shows up as a small estimate).
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import { bicgstab, gmres, type KrylovOptions } from '../linalg/krylov.ts';
import { ilu0 } from '../linalg/ilu.ts';
import { attempt } from '../linalg/errors.ts';
import type { LinearSolver } from '../linalg/solver.ts';
import { LindbladError } from '../errors.ts';
import { smallestEigenvalueEstimate } from '../linalg/inverse-iteration.ts';

/** Options of the iterative steady-state method. */
export interface IterativeMethod {
  kind: 'iterative';
  solver: 'gmres' | 'bicgstab';
  /** Right preconditioner (default 'ilu0'). */
  preconditioner?: 'ilu0' | 'none';
  /** Relative residual ‖b − B·x‖/‖b‖ to reach (default 1e-12). */
  tol?: number;
  /** Restrict to the diagonal symmetry sector when it shrinks the system (default true). */
  sectors?: boolean;
}

export interface IterativeSolution {
  x: Float64Array;
  smallestEigenvalue: number;
  solver: string;
  iterations: number;
}

/** Solves B x = rhs; throws LindbladError('not-converged') if the Krylov method does not reach tol. */
export function iterativeBorderedSolve(b: CsrMatrix, rhs: Float64Array, method: IterativeMethod): IterativeSolution {
  const tol = method.tol ?? 1e-12;
  let pre: LinearSolver | undefined;
  let preName = 'no preconditioner';
  if ((method.preconditioner ?? 'ilu0') === 'ilu0') {
    pre = attempt(() => ilu0(b)) ?? undefined;
    preName = pre ? 'ILU(0)' : 'no preconditioner (ILU(0) broke down)';
  }
  const run = (v: Float64Array, opts: KrylovOptions) => (method.solver === 'gmres' ? gmres(b, v, opts) : bicgstab(b, v, opts));
  const res = run(rhs, { tol, preconditioner: pre, maxIter: 5000, restart: 60 });
  if (!res.converged) {
    throw new LindbladError('not-converged', `${method.solver} did not reach the relative residual ${tol} `
      + `(reached ${res.residualNorm.toExponential(2)} after ${res.iterations} iterations); try the direct method`, 'method');
  }
  const inner: LinearSolver = { n: b.rows, solve: (v, x) => { const r = run(v, { tol: 1e-10, preconditioner: pre, maxIter: 2000, restart: 60 }).x; if (x) { x.set(r); return x; } return r; } };
  const smallest = smallestEigenvalueEstimate(inner, b.rows, 6);
  return { x: res.x, smallestEigenvalue: smallest, solver: `${method.solver} + ${preName}`, iterations: res.iterations };
}
