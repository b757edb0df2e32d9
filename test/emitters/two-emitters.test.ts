/**
 * N = 2 through the Dicke blocks equals the paper's tensor-product cavity model (paper/cavity.ts) on the
 * Fig. 2 points, to 1e-12: concurrence, photon number, the two-qubit state and the heat currents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cavityModel } from '../../src/paper/cavity.ts';
import { cavityObservables, twoEmitterMoments } from '../../src/paper/cavity-solve.ts';
import { steadyState, heatCurrents, emittersInCavity, pairState, pairConcurrence, emitterMoments, emittersHeatCurrents } from '../../src/index.ts';
import { assertUniqueStatus } from '../certified-status.ts';

const logGrid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a * (b / a) ** (k / (n - 1)));

const points = [
  ...logGrid(0.01, 1000, 9).map((kappa) => ({ kappa, gamma: 0, pump: 2e-4 })),
  ...[2e-4, 1e-3, 5e-3].flatMap((pump) => logGrid(0.01, 1000, 5).map((kappa) => ({ kappa, gamma: 1e-3, pump }))),
];

test('N = 2 equals the tensor-product cavity model on the Fig. 2 points to 1e-12', (t) => {
  let worst = 0;
  for (const p of points) {
    const cutoff = 4;
    const tensor = cavityModel({ ...p, cutoff }), ref = steadyState(tensor.model), obs = cavityObservables(ref.rho, cutoff);
    const model = emittersInCavity({ emitters: 2, ...p, cutoff }), r = steadyState(model);
    assertUniqueStatus(r.certificate);
    const diffs = [pairConcurrence(r.state) - obs.concurrence, emitterMoments(r.state).meanPhotons - obs.meanPhotons];
    const q = pairState(r.state);
    for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) diffs.push(q.re(i, k) - obs.qubits.re(i, k), q.im(i, k) - obs.qubits.im(i, k));
    // The CLI's N = 2 moments from the tensor state (cavity-solve.ts) against the Dicke route's.
    const mt = twoEmitterMoments({ ...obs, rho: ref.rho, cutoff }), md = emitterMoments(r.state);
    for (const k of ['jz', 'jz2', 'jPlusJMinus', 'jSquared', 'excitationPerEmitter', 'meanPhotons', 'photonPairs'] as const) diffs.push(mt[k] - md[k]);
    const h = emittersHeatCurrents(model, r.state), hr = heatCurrents(tensor.model, ref.rho);
    for (const b of ['pump', 'emitters', 'cavity'] as const) diffs.push((h[b] - hr[b]) / 1000); // ω0 = 1000
    const d = Math.max(...diffs.map(Math.abs));
    worst = Math.max(worst, d);
    assert.ok(d <= 1e-12, `${JSON.stringify(p)}: differs by ${d}`);
  }
  t.diagnostic(`largest difference ${worst.toExponential(2)} over ${points.length} points`);
});
