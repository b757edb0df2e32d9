/**
 * N = 1, 3, 4, 5 through the Dicke blocks equal the same physics written as a tensor-product model with the
 * public API (tensor-model.ts: 2^N emitter states ⊗ Fock), for random parameters (fast-check, fixed seed):
 * moments, photon statistics, the pair state and its concurrence, spin squeezing and heat currents, to 1e-10.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  steadyState, heatCurrents, expectation, partialTrace, concurrence, emittersInCavity, emitterMoments, pairState,
  pairConcurrence, spinSqueezing, cavityG2, emittersHeatCurrents, emittersEntropyProduction, entropyProduction, type Operator, type EmittersInCavityParams,
} from '../../src/index.ts';
import { tensorCavity } from './tensor-model.ts';
import { assertUniqueStatus } from '../certified-status.ts';

const rate = (lo: number, hi: number) => fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);

function compare(p: EmittersInCavityParams): number {
  const model = emittersInCavity(p), r = steadyState(model);
  assertUniqueStatus(r.certificate);
  const t = tensorCavity(p), ref = steadyState(t.model);
  const ex = (o: Operator) => expectation(o.matrix.toDense(), ref.rho)[0];
  const N = p.emitters, m = emitterMoments(r.state);
  const nOp = t.a.dag().times(t.a), n = ex(nOp), n2 = ex(t.a.dag().times(t.a.dag()).times(t.a).times(t.a));
  const diffs = [
    m.jz - ex(t.jz), m.jz2 - ex(t.jz.times(t.jz)), m.jPlusJMinus - ex(t.jPlus.times(t.jMinus)), m.meanPhotons - n, m.photonPairs - n2,
    m.excitationPerEmitter - (ex(t.jz) + N / 2) / N,
  ];
  const g2 = cavityG2(r.state);
  if (g2.kind === 'value') diffs.push((g2.value - n2 / (n * n)) * n * n);
  const jx = t.jPlus.plus(t.jMinus).scale(0.5), jy = t.jPlus.plus(t.jMinus.scale(-1)).scale(0, -0.5);
  // Wineland ξ² by brute force: min over directions ⊥ ⟨J⟩ (= ẑ here, checked) of Var(J_⊥), from the 2×2 covariance.
  const vx = ex(jx.times(jx)) - ex(jx) ** 2, vy = ex(jy.times(jy)) - ex(jy) ** 2, cxy = ex(jx.times(jy).plus(jy.times(jx))) / 2 - ex(jx) * ex(jy);
  diffs.push(ex(jx), ex(jy));
  const minVar = (vx + vy) / 2 - Math.hypot((vx - vy) / 2, cxy), jz = ex(t.jz);
  const xi = spinSqueezing(r.state);
  if (xi.kind === 'value') diffs.push((xi.value - (N * minVar) / (jz * jz)) * jz * jz / N);
  if (N >= 2) {
    const q = pairState(r.state), qr = partialTrace(t.space, ref.rho, ['q1', 'q2']);
    for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) diffs.push(q.re(i, k) - qr.re(i, k), q.im(i, k) - qr.im(i, k));
    diffs.push(pairConcurrence(r.state) - concurrence(qr));
  }
  const h = emittersHeatCurrents(model, r.state), hr = heatCurrents(t.model, ref.rho), w = model.params.omega0;
  for (const b of ['pump', 'emitters', 'cavity', 'dephasing'] as const) diffs.push((h[b] - (hr[b] ?? 0)) / w);
  // Entropy production −Σ β_b Q̇_b/ω0 per bath: +∞ for the β = ±∞ baths with a current, finite for a thermal cavity.
  const s = emittersEntropyProduction(model, r.state), sr = entropyProduction(t.model, ref.rho);
  assert.equal(s.rate, sr.rate);
  for (const b of ['pump', 'emitters', 'cavity', 'dephasing'] as const) {
    const x = s.perBath[b], y = sr.perBath[b] ?? 0;
    if (Number.isFinite(x) || Number.isFinite(y)) diffs.push(x - y); else assert.equal(x, y, `entropy flow of ${b}`);
  }
  return Math.max(...diffs.map(Math.abs));
}

test('N = 3, 4, 5 equal the tensor-product model (random parameters, local dephasing and collective channels)', (t) => {
  let worst = 0;
  fc.assert(fc.property(
    fc.integer({ min: 3, max: 5 }), rate(0.05, 20), rate(1e-3, 1), rate(1e-3, 1), fc.option(rate(1e-3, 0.5)), fc.option(rate(1e-3, 0.5)),
    fc.option(rate(1e-3, 0.5)), fc.option(rate(1e-2, 0.5)), rate(0.3, 3),
    (N, kappa, gamma, pump, dephasing, collectiveDecay, collectivePump, cavityThermal, g) => {
      const p = { emitters: N, kappa, gamma, pump, g, cutoff: N === 5 ? 2 : 3, dephasing: dephasing ?? 0, collectiveDecay: collectiveDecay ?? 0, collectivePump: collectivePump ?? 0, cavityThermal: cavityThermal ?? 0 };
      const d = compare(p);
      worst = Math.max(worst, d);
      assert.ok(d <= 1e-10, `${JSON.stringify(p)}: differs by ${d}`);
    }), { seed: 1313, numRuns: 12 });
  t.diagnostic(`largest difference ${worst.toExponential(2)}`);
});

test('every channel at once, N = 4, and N = 1', () => {
  const all = { kappa: 0.8, gamma: 0.05, pump: 0.3, dephasing: 0.07, collectiveDecay: 0.02, collectivePump: 0.01, cavityThermal: 0.2, g: 1.3, cutoff: 3 };
  assert.ok(compare({ emitters: 4, ...all }) <= 1e-10);
  assert.ok(compare({ emitters: 1, ...all }) <= 1e-10);
  assert.ok(compare({ emitters: 1, kappa: 2, gamma: 0.1, pump: 0.2, cutoff: 2 }) <= 1e-10);
});
