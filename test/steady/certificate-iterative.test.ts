/**
 * The iterative and Krylov steady-state routes against exact rational answers (exact-rational.ts): random
 * 2–4-level models (projector, near-projector and dense jump operators, rates over 13 decades), solved with
 * method { kind: 'iterative' } (GMRES and BiCGSTAB) and { kind: 'krylov' }. Every answer must carry an error
 * bound that holds (within a factor 4, as certificate-exact.test.ts allows a first-order estimate), and an
 * answer called 'unique' must be within ILL_CONDITIONED. Before these routes estimated their error
 * (solve-error.ts), they certified every answer 'unique' with no bound, up to 5e-2 away from the exact one
 * at a relative residual of 7e-13.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, type SteadyOptions } from '../../src/steady/steady.ts';
import { ILL_CONDITIONED } from '../../src/steady/certificate.ts';
import { SeededRandom } from '../../src/model/random.ts';
import { exactSteadyState } from './exact-rational.ts';
import { KINDS, modelOf, randomDenseModel } from './random-dense.ts';

const METHODS: ReadonlyArray<[string, SteadyOptions]> = [
  ['gmres', { method: { kind: 'iterative', solver: 'gmres' } }],
  ['bicgstab', { method: { kind: 'iterative', solver: 'bicgstab' } }],
  ['krylov', { method: { kind: 'krylov' } }],
];

test('iterative and Krylov steady states of random small models lie within their error bound of the exact rational answer', () => {
  const rng = new SeededRandom(2106);
  let vouched = 0, inaccurate = 0;
  for (let t = 0; t < 72; t++) {
    const n = 2 + (t % 3), data = randomDenseModel(rng, n, KINDS[t % 3]), exact = exactSteadyState(data);
    if (exact === null) continue;
    const model = modelOf(data);
    for (const [name, options] of METHODS) {
      const what = `model ${t} (n = ${n}), ${name}`;
      let r;
      try {
        r = steadyState(model, options);
      } catch (e) {
        // a refusal is honest: not converged, or too nearly degenerate to tell
        assert.ok(['not-converged', 'not-unique'].includes((e as { code?: string }).code ?? ''), `${what}: ${(e as Error).message}`);
        continue;
      }
      const c = r.certificate, bound = c.conditioning?.errorBound;
      assert.ok(bound !== undefined, `${what}: the answer (${c.status}) carries an error bound`);
      let d = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(r.rho.re(i, j) - exact[i][j][0]), Math.abs(r.rho.im(i, j) - exact[i][j][1]));
      assert.ok(d <= 4 * bound + 1e-16, `${what}: max |ρ − ρ_exact| = ${d.toExponential(2)}, certified ${bound.toExponential(2)} (${c.status}, ${c.solver})`);
      if (c.status === 'unique') assert.ok(d <= 4 * ILL_CONDITIONED, `${what}: called unique, but off by ${d.toExponential(2)}`);
      vouched++;
      if (d > ILL_CONDITIONED) inaccurate++;
    }
  }
  assert.ok(vouched >= 150 && inaccurate >= 3, `${vouched} answers checked, ${inaccurate} of them off by more than ${ILL_CONDITIONED}`);
});
