/**
 * Error bounds of the N-emitter heat currents (thermo/emitters-heat.ts emittersHeatCurrentErrors,
 * emittersEntropyProduction(…).errors) and the sweep's heatError.<bath> columns: each current of the Dicke
 * route lies within its bound plus the tensor-product route's bound (two independent computations of one
 * quantity), energy balance Σ_b Q̇_b = 0 (H commutes with H0 on resonance) holds within the summed bounds,
 * also with rates over 8 decades where the currents cancel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  steadyState, heatCurrents, heatCurrentErrors, emittersInCavity, emittersHeatCurrents, emittersHeatCurrentErrors,
  emittersEntropyProduction, entropyProduction, LindbladError, type EmittersInCavityParams,
} from '../../src/index.ts';
import { tensorCavity } from './tensor-model.ts';
import { sweep } from '../../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../../src/paper/families.ts';

const BATHS = ['pump', 'emitters', 'cavity'] as const;

const cases: EmittersInCavityParams[] = [
  { emitters: 2, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 },
  { emitters: 3, kappa: 0.7, gamma: 0.2, pump: 0.05, cutoff: 3, collectiveDecay: 0.1, cavityThermal: 0.3 },
  // a pump 10⁸ times the decay: the emitters are inverted, Q̇_pump = ω0·p·(N − ⟨N/2 + J_z⟩) cancels
  { emitters: 2, kappa: 1, gamma: 1e-2, pump: 1e6, cutoff: 3 },
];

test('Dicke-route heat currents lie within their bounds plus the tensor route\'s; energy balance within the summed bounds', () => {
  for (const p of cases) {
    const model = emittersInCavity(p), r = steadyState(model), delta = r.certificate.conditioning!;
    const h = emittersHeatCurrents(model, r.state), e = emittersHeatCurrentErrors(model, r.state, delta);
    const t = tensorCavity(p), ref = steadyState(t.model);
    const hr = heatCurrents(t.model, ref.rho), er = heatCurrentErrors(t.model, ref.rho, ref.certificate.conditioning!);
    let sum = 0, bound = 0;
    for (const b of BATHS) {
      assert.ok(e[b] > 0, `${b}: a bound`);
      assert.ok(Math.abs(h[b] - hr[b]) <= e[b] + er[b], `${JSON.stringify(p)} ${b}: ${h[b]} vs ${hr[b]}, beyond ${e[b]} + ${er[b]}`);
      sum += h[b];
      bound += e[b];
    }
    assert.ok(Math.abs(sum) <= bound, `${JSON.stringify(p)}: Σ Q̇ = ${sum} beyond ${bound}`);
    // not vacuous: the bounds are far below the currents' size (2e-6 relative where the pump's terms cancel)
    const size = Math.max(...BATHS.map((b) => Math.abs(h[b])));
    assert.ok(bound < 1e-5 * size, `${JSON.stringify(p)}: bounds ${bound} against currents ${size}`);
    assert.equal(e.dephasing, 0);
    // Ṡ's bound: Σ |β|·bound/ω0 over finite β (the thermal cavity), 0 when every bath is at β = ±∞
    const s = emittersEntropyProduction(model, r.state, delta), sr = entropyProduction(t.model, ref.rho, ref.certificate.conditioning!);
    if (Number.isFinite(s.rate)) assert.ok(Math.abs(s.rate - sr.rate) <= s.errors!.rate + sr.errors!.rate, `Ṡ ${s.rate} vs ${sr.rate}`);
    assert.ok(s.errors!.rate >= 0);
  }
});

test('the pump-dominated case cancels: with ρ taken as exact (δ = 0) the pump current still has a rounding bound, ~1e-6 of the current', () => {
  const p = cases[2], model = emittersInCavity(p), r = steadyState(model);
  const h = emittersHeatCurrents(model, r.state), e0 = emittersHeatCurrentErrors(model, r.state, 0);
  // the terms are of size ω0·p·N = 2e9 while the current is ω0·(decay) ~ 1e1: the rounding bound is ~1e-6 relative
  assert.ok(e0.pump > 1e-7 && e0.pump > 1e-9 * Math.abs(h.pump), `pump ${h.pump} ± ${e0.pump}`);
});

test('the N-emitter sweep writes heatError.<bath> and entropyProductionError beside the currents', () => {
  const [row] = sweep(sweepSpecFrom({ model: 'cavity', args: { emitters: '3', kappa: '0.7', gamma: '0.2', pump: '0.05', cutoff: '3' } }));
  const v = row.values as Record<string, number>, names = Object.keys(v);
  assert.deepEqual(names.filter((n) => /^heat|^entropy/.test(n)), ['heat.pump', 'heatError.pump', 'heat.emitters', 'heatError.emitters', 'heat.cavity', 'heatError.cavity', 'entropyProduction', 'entropyProductionError']);
  const model = emittersInCavity({ emitters: 3, kappa: 0.7, gamma: 0.2, pump: 0.05, cutoff: 3 }), r = steadyState(model);
  const e = emittersHeatCurrentErrors(model, r.state, r.certificate.conditioning!);
  for (const b of BATHS) assert.ok(Math.abs(v[`heatError.${b}`] - e[b]) <= 1e-12 * e[b], `${b}: ${v[`heatError.${b}`]} vs ${e[b]}`);
});

test('emittersHeatCurrentErrors checks its arguments', () => {
  const model = emittersInCavity(cases[0]), r = steadyState(model);
  assert.throws(() => emittersHeatCurrentErrors(model, r.state, -1), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError');
  assert.throws(() => emittersHeatCurrentErrors(model, r.state, NaN), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError');
  assert.throws(() => emittersEntropyProduction(model, r.state, Infinity), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError');
  assert.throws(() => emittersHeatCurrentErrors(model, null as never), (e: unknown) => e instanceof LindbladError && e.field === 'state');
});

test('a current into a β = +∞ bath taken as zero beside a fast cavity: Ṡ\'s error is Infinity (it was 2e-3 for an exact +∞)', () => {
  const model = emittersInCavity({ emitters: 1, kappa: 1e4, gamma: 1e-10, pump: 0, cutoff: 2, cavityThermal: 0.5 }), r = steadyState(model);
  const delta = r.certificate.conditioning!, e = emittersHeatCurrentErrors(model, r.state, delta);
  const h = emittersHeatCurrents(model, r.state), s = emittersEntropyProduction(model, r.state, delta);
  assert.ok(Math.abs(h.emitters) > e.emitters, `Q̇_emitters = ${h.emitters} ± ${e.emitters}: certainly non-zero`);
  assert.ok(Number.isFinite(s.rate));
  assert.equal(s.errors!.rate, Infinity);
});
