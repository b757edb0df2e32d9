import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { steadyState } from '../../src/dynamics/steady.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { randomModel } from '../systems/random.ts';

test('random Lindbladians: trace 1, Hermitian, positive, small residual; dense and sparse paths agree', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 2 ** 30 }), (n, seed) => {
    const model = randomModel(n, seed);
    const dense = steadyState(model, { method: { kind: 'direct', solver: 'dense' } });
    const sparse = steadyState(model, { method: { kind: 'direct', solver: 'sparse' } });
    for (const { rho, certificate: c } of [dense, sparse]) {
      assert.ok(c.unique, 'unique');
      assert.ok(c.traceError < 1e-13, `trace error ${c.traceError}`);
      assert.ok(rho.hermiticityError() === 0, 'returned ρ is exactly Hermitian');
      assert.ok(c.hermiticityError < 1e-10, `raw Hermiticity error ${c.hermiticityError}`);
      assert.ok(c.relativeResidual < 1e-12, `relative residual ${c.relativeResidual}`);
      const ev = eigvalsh(rho);
      assert.ok(ev[0] > -1e-10, `min eigenvalue ${ev[0]}`);
      assert.ok(Math.abs(ev[0] - c.minEigenvalue) < 1e-12, 'certificate min eigenvalue matches a full eigvalsh');
    }
    assert.ok(dense.rho.sub(sparse.rho).normFrobenius() < 1e-10, 'dense vs sparse');
  }), { numRuns: 40, seed: 20260124 });
});

test('larger random models (n = 20, 30) through the automatic (sparse) path', () => {
  for (const [n, seed] of [[20, 1], [30, 2]]) {
    const { rho, certificate: c } = steadyState(randomModel(n, seed));
    assert.equal(c.solver, 'sparse');
    assert.ok(c.relativeResidual < 1e-12 && c.minEigenvalue > -1e-10 && Math.abs(rho.trace()[0] - 1) < 1e-13);
  }
});
