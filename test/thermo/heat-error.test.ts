/**
 * The error bounds of heat currents and entropy production (src/thermo/heat-error.ts, entropyProduction's
 * `errors`): against a 40-digit reference where the currents cancel (rates 0.12 … 4.8e7, Q̇ ~ 8e-6: Ṡ was off
 * by 4.4e-4 relative with no word of it), against Ṡ = 0 exactly (one bath in detailed balance: the Gibbs state,
 * whose computed Ṡ is rounding of either sign), and the bound of a plain model is small (no false alarm).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseModelText } from '../../src/io/model-file.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatCurrentErrors } from '../../src/thermo/heat.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { space, levels, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { LindbladError } from '../../src/errors.ts';

test('cancelling currents (rates over 8 decades, a bath at negative β): the stated bounds cover the 40-digit reference', () => {
  const data = JSON.parse(readFileSync(new URL('./data/heat-cancellation.json', import.meta.url), 'utf8')) as { model: unknown; heat: { b0: number }; entropyProduction: number };
  const model = parseModelText(JSON.stringify(data.model)), r = steadyState(model);
  const ep = entropyProduction(model, r.rho, r.certificate.conditioning!.errorBound);
  const dq = Math.abs(ep.heatCurrents.b0 - data.heat.b0), ds = Math.abs(ep.rate - data.entropyProduction);
  assert.ok(dq > 1e-10, `the case still cancels (error ${dq})`);
  assert.ok(dq <= ep.errors!.heat.b0, `Q̇ error ${dq} beyond the stated ${ep.errors!.heat.b0}`);
  assert.ok(ds <= ep.errors!.rate, `Ṡ error ${ds} beyond the stated ${ep.errors!.rate}`);
});

test('one bath in detailed balance (Ṡ = 0 exactly): |Ṡ| within its stated error; a plain model has a small bound', () => {
  for (let n = 3; n <= 6; n++) {
    const sp = space({ x: levels(n) }), beta = 0.7, energies = Array.from({ length: n }, (_, k) => 0.3 + k * (1 + 0.37 * k));
    const h = energies.reduce((acc, e, k) => acc.plus(op(sp, 'x', 'projector', { level: k }).scale(e)), op(sp, 'x', 'projector', { level: 0 }).scale(0));
    const channels = [];
    for (let k = 0; k + 1 < n; k++) {
      const rate = 10 ** (3 * k - 4), w = energies[k + 1] - energies[k];
      channels.push({ operator: op(sp, 'x', 'transition', { to: k, from: k + 1 }), rate, bath: 'b' });
      channels.push({ operator: op(sp, 'x', 'transition', { to: k + 1, from: k }), rate: rate * Math.exp(-beta * w), bath: 'b' });
    }
    const model = lindbladModel(sp, { hamiltonian: h, channels, baths: { b: { beta } } }), r = steadyState(model);
    const ep = entropyProduction(model, r.rho, r.certificate.conditioning!.errorBound);
    assert.ok(Math.abs(ep.rate) <= ep.errors!.rate, `n = ${n}: Ṡ = ${ep.rate} beyond its stated error ${ep.errors!.rate}`);
  }
  const sp = space({ q: qubit() });
  const plain = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.5, bath: 'cold' }, { operator: op(sp, 'q', 'sigma_plus'), rate: 0.3, bath: 'hot' }], baths: { cold: { beta: 2 }, hot: { beta: -1 } } });
  const ep = entropyProduction(plain, steadyState(plain).rho);
  assert.ok(ep.errors!.rate <= 1e-14 * Math.abs(ep.rate) && ep.errors!.rate > 0, `plain qubit: Ṡ = ${ep.rate} ± ${ep.errors!.rate}`);
  assert.deepEqual(Object.keys(heatCurrentErrors(plain, steadyState(plain).rho)), ['cold', 'hot']);
  assert.throws(() => entropyProduction(plain, steadyState(plain).rho, -1), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError');
  assert.throws(() => heatCurrentErrors(plain, null as never), (e: unknown) => e instanceof LindbladError && e.field === 'rho');
  assert.throws(() => heatCurrentErrors(plain, steadyState(plain).rho, NaN), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError');
});

test('a bath at β = ±∞ whose current the bounds cannot place: Ṡ\'s error is Infinity (it was finite for an exact +∞); a current clearly non-zero keeps a finite error', () => {
  // hot bath β = 1 with rates 1e8 beside a cold bath at β = +∞ with rate 1e-5: Q̇_cold = −2.7e-6 ± 9e-20 was
  // taken as zero against the hot bath's terms, Ṡ = −2.7e-6 ± 1.3e-6 for an exact +∞
  const sp = space({ q: qubit() });
  const zeroT = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n'),
    channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: 1e8, bath: 'hot' }, { operator: op(sp, 'q', 'sigma_plus'), rate: 1e8 * Math.exp(-1), bath: 'hot' },
      { operator: op(sp, 'q', 'sigma_minus'), rate: 1e-5, bath: 'cold' }],
    baths: { hot: { beta: 1 }, cold: { beta: Infinity } },
  });
  const r = steadyState(zeroT), ep = entropyProduction(zeroT, r.rho, r.certificate.conditioning!.errorBound);
  assert.ok(Math.abs(ep.heatCurrents.cold) > ep.errors!.heat.cold, 'the cold current is certainly non-zero');
  assert.ok(Number.isFinite(ep.rate), `the value is still taken finite (${ep.rate}): its error must say so`);
  assert.equal(ep.errors!.rate, Infinity);
  // the same bath with a current of its own size: Ṡ = +∞, certain
  const plain = zeroT.with({ channels: [
    { operator: op(sp, 'q', 'sigma_minus'), rate: 1, bath: 'hot' }, { operator: op(sp, 'q', 'sigma_plus'), rate: Math.exp(-1), bath: 'hot' },
    { operator: op(sp, 'q', 'sigma_minus'), rate: 0.5, bath: 'cold' }] });
  const r2 = steadyState(plain), ep2 = entropyProduction(plain, r2.rho, r2.certificate.conditioning!.errorBound);
  assert.equal(ep2.rate, Infinity);
  assert.ok(Number.isFinite(ep2.errors!.rate), `Ṡ = +∞ is certain: error ${ep2.errors!.rate}`);
});

test('ρ\'s error given as the certificate\'s conditioning: never above the bound from errorBound alone, still covering the 40-digit reference; malformed ones refused', () => {
  const data = JSON.parse(readFileSync(new URL('./data/heat-cancellation.json', import.meta.url), 'utf8')) as { model: unknown; heat: { b0: number }; entropyProduction: number };
  const model = parseModelText(JSON.stringify(data.model)), r = steadyState(model), c = r.certificate.conditioning!;
  const sharp = entropyProduction(model, r.rho, c), plain = entropyProduction(model, r.rho, c.errorBound);
  assert.ok(sharp.errors!.heat.b0 <= plain.errors!.heat.b0, `${sharp.errors!.heat.b0} vs ${plain.errors!.heat.b0}`);
  assert.ok(Math.abs(sharp.heatCurrents.b0 - data.heat.b0) <= sharp.errors!.heat.b0);
  assert.ok(Math.abs(sharp.rate - data.entropyProduction) <= sharp.errors!.rate);
  for (const bad of [{ errorBound: NaN, vouchedAbove: 0 }, { errorBound: 1e-15 }, { errorBound: -1, vouchedAbove: 0 }, { errorBound: 1e-15, vouchedAbove: -1 }]) {
    assert.throws(() => heatCurrentErrors(model, r.rho, bad as never), (e: unknown) => e instanceof LindbladError && e.field === 'rhoError', JSON.stringify(bad));
  }
});
