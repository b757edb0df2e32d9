/**
 * Valid but extreme numbers (entries near 1e308 whose squares overflow, 1e200, rates near 1e-200) can break a
 * solver down numerically. Every entry point — steadyState, a prepared family's solve and solveDeferred, a
 * sweep — ends with a certified answer or a LindbladError (the user's to act on: rescale), never a bare
 * LinalgError or an internal error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, prepareSteadyState, type SteadyMethod } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';
import { space, levels } from '../../src/model/space.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LinalgError } from '../../src/linalg/errors.ts';

function two(h: number, o: number, rate: number) {
  const sp = space({ q: levels(2) });
  return lindbladModel(sp, {
    hamiltonian: fromMatrix(sp, DenseMatrix.fromRows([[[0, 0], [h, 0]], [[h, 0], [0, 0]]])),
    channels: [{ operator: fromMatrix(sp, DenseMatrix.fromRows([[[0, 0], [o, 0]], [[0, 0], [0, 0]]])), rate }],
  });
}

const METHODS: SteadyMethod[] = [{ kind: 'auto' }, { kind: 'direct', solver: 'dense' }, { kind: 'direct', solver: 'sparse' },
  { kind: 'iterative', solver: 'gmres' }, { kind: 'iterative', solver: 'bicgstab' }];

test('extreme numbers: every steady-state entry point answers or throws a LindbladError, never a numerical breakdown', () => {
  let refused = 0, answered = 0;
  for (const [name, model] of Object.entries({ huge: two(1e308, 1, 1), h200: two(1e200, 1, 1), o200: two(1, 1e200, 1), tiny: two(1, 1e-200, 1e-200) })) {
    for (const method of METHODS) {
      const calls: Array<[string, () => unknown]> = [
        ['steadyState', () => steadyState(model, { method })],
        ['prepared solve', () => prepareSteadyState(model, { method }).solve()],
        ['prepared solve(θ)', () => { const p = prepareSteadyState(model, { method }); return p.solve(p.plan.coefficients); }],
        ['prepared solveDeferred', () => prepareSteadyState(model, { method }).solveDeferred()],
      ];
      for (const [what, call] of calls) {
        try {
          call();
          answered++;
        } catch (e) {
          const where = `${name}, ${JSON.stringify(method)}, ${what}: ${(e as Error).name}: ${(e as Error).message}`;
          assert.ok(e instanceof LindbladError && !(e instanceof LinalgError) && e.code !== 'internal', where);
          assert.doesNotMatch(e.message, /internal error/, where);
          refused++;
        }
      }
    }
  }
  assert.ok(refused > 0 && answered > 0, `both outcomes occur (${refused} refused, ${answered} answered)`);
});
