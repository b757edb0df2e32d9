/**
 * The iterative routes' uniqueness check (iterative.ts smallestEigenvalueOf): once a stalled inner solve's
 * iterate x bounds σ_min(P) ≤ ‖P x‖/‖x‖ at or below the threshold, the matrix is shown singular and no
 * further inner solve is run (each can take maxIterations: on the Krylov route a degenerate 66-level model
 * took 285 s, now 64 s). A stalled solve whose bound does not show singularity still ends in 'not-converged'.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallestEigenvalueOf } from '../../src/steady/iterative.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LindbladError } from '../../src/errors.ts';
import type { KrylovResult } from '../../src/linalg/krylov.ts';

// P = diag(1, 0): singular, null vector e₂
const P = CsrMatrix.fromTriplets(2, 2, [0], [0], [1], [0]);

test('a stalled inner solve that bounds σ_min below the threshold ends the check at once', () => {
  let calls = 0;
  const solve = (): KrylovResult => {
    calls++;
    // the iterate a stalled GMRES leaves on a singular system: mostly along the null vector
    return { x: Float64Array.of(1e-20, 0, 1, 0), converged: false, iterations: 600, residualNorm: 0.5 };
  };
  const smallest = smallestEigenvalueOf(P, solve, 1e-14, 'GMRES');
  assert.ok(smallest <= 1e-14, `σ_min bound ${smallest}`);
  assert.equal(calls, 1, 'one stalled solve, not one per inverse-iteration step');
});

test('a stalled inner solve whose bound does not show singularity is not-converged, after every step', () => {
  let calls = 0;
  const solve = (): KrylovResult => {
    calls++;
    return { x: Float64Array.of(1, 0, 0, 0), converged: false, iterations: 600, residualNorm: 0.5 };
  };
  assert.throws(() => smallestEigenvalueOf(P, solve, 1e-14, 'GMRES'), (e: unknown) => e instanceof LindbladError && e.code === 'not-converged');
  assert.ok(calls > 1, `${calls} inner solves`);
});
