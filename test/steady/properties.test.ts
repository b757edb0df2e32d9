import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { steadyState } from '../../src/steady/steady.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { randomModel, rng } from '../systems/random.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { space, levels } from '../../src/model/space.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';

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

test('larger random models (n = 20, 30) through the direct (sparse) path', () => {
  for (const [n, seed] of [[20, 1], [30, 2]]) {
    const { rho, certificate: c } = steadyState(randomModel(n, seed), { method: { kind: 'direct' } }); // auto would pick Krylov here
    assert.equal(c.solver, 'sparse LU (real, all unknowns, one population pinned)');
    assert.ok(c.relativeResidual < 1e-12 && c.minEigenvalue > -1e-10 && Math.abs(rho.trace()[0] - 1) < 1e-13);
  }
});

/**
 * n = 17 levels (the unreduced system is sparse): random dynamics on levels 0…15 (no symmetry sectors), plus
 * level 16, which decays slowly into level 0 and is never fed — unless `feed`, a weak jump 15 → 16.
 */
function withSlowLevel(seed: number, feed: boolean, split = false) {
  const n = 17, r = rng(seed), sp = space({ x: levels(n) });
  const block = (lo: number, hi: number) => { // random entries within levels lo…hi−1
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let j = lo; j < hi; j++) for (let k = 0; k < 3; k++) { ri.push(lo + Math.floor(r() * (hi - lo))); ci.push(j); re.push(r() - 0.5); im.push(r() - 0.5); }
    return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
  };
  const random = () => (split ? block(0, 8).add(block(8, 16)) : block(0, 16));
  const a = random(), unit = (i: number, j: number) => CsrMatrix.fromTriplets(n, n, [i], [j], [1], [0]);
  const channels = [0, 1, 2].map((k) => ({ operator: fromMatrix(sp, random()), rate: 0.1 + r(), bath: `b${k}` }));
  channels.push({ operator: fromMatrix(sp, unit(0, 16)), rate: 1e-3, bath: 'slow' });
  if (feed) channels.push({ operator: fromMatrix(sp, unit(16, 15)), rate: 1e-4, bath: 'feed' });
  return lindbladModel(sp, { hamiltonian: fromMatrix(sp, a.add(a.adjoint()).scale(0.5)), channels });
}

test('unreduced sparse solves pin a population, and let the trace border decide when that population is empty', () => {
  for (const [seed, feed] of [[5, true], [6, true], [5, false], [7, false]] as const) {
    const model = withSlowLevel(seed, feed);
    const auto = steadyState(model, { method: { kind: 'direct', sectors: false } });
    const dense = steadyState(model, { method: { kind: 'direct', sectors: false, solver: 'dense' } });
    // The first guess is level 16, the slowest to leave: empty when not fed (the pinned system is singular),
    // so the trace-bordered system decides and the answer is re-pinned at the population of largest flux.
    assert.equal(auto.certificate.solver, 'sparse LU (real, all unknowns, one population pinned)', `seed ${seed}, feed ${feed}`);
    if (!feed) assert.ok(Math.abs(auto.rho.re(16, 16)) < 1e-14, `ρ_16,16 = ${auto.rho.re(16, 16)}`);
    else assert.ok(auto.rho.re(16, 16) > 1e-6);
    const c = auto.certificate;
    assert.ok(c.unique && c.relativeResidual < 1e-12 && c.minEigenvalue > -1e-12 && c.traceError < 1e-13);
    assert.ok(auto.rho.sub(dense.rho).normFrobenius() < 1e-10, 'agrees with the dense bordered solve');
  }
  // two disconnected blocks: not unique, whichever system decides
  assert.throws(() => steadyState(withSlowLevel(8, false, true), { method: { kind: 'direct', sectors: false } }), (e: Error & { code?: string }) => e.code === 'not-unique');
});
