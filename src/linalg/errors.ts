/**
 * Errors of the numerical kernels. A LinalgError is a LindbladError (one error family) with code
 * 'internal' — a kernel misused by the engine, or a numerical breakdown the engine did not handle — and a
 * `kind` saying which:
 *  - 'singular': a factorisation met a zero (or structurally missing) pivot;
 *  - 'non-finite': NaN/±∞ in a matrix, a pivot or a solution (overflow);
 *  - 'too-large': a fill or memory budget was exceeded;
 *  - 'not-converged': an iteration did not converge;
 *  - 'argument': shapes, lengths or options that do not fit (a bug in the caller).
 * Solvers that can break down are called through `attempt`, which turns the two breakdown kinds into a
 * null result at the solver boundary; every other kind propagates.
 */
import { LindbladError } from '../errors.ts';

export type LinalgErrorKind = 'singular' | 'non-finite' | 'too-large' | 'not-converged' | 'argument';

export class LinalgError extends LindbladError {
  readonly kind: LinalgErrorKind;

  constructor(message: string, kind: LinalgErrorKind = 'argument') {
    super('internal', message);
    this.name = 'LinalgError';
    this.kind = kind;
  }
}

/** True for a breakdown of a factorisation or solve: a singular matrix or non-finite numbers. */
export function isBreakdown(e: unknown): e is LinalgError {
  return e instanceof LinalgError && (e.kind === 'singular' || e.kind === 'non-finite');
}

/** f(), or null when it breaks down (isBreakdown); any other error propagates. */
export function attempt<T>(f: () => T): T | null {
  if (typeof f !== 'function') throw new LindbladError('invalid-input', `expected a function, got ${typeof f}`, 'attempt.f');
  try {
    return f();
  } catch (e) {
    if (isBreakdown(e)) return null;
    throw e;
  }
}
