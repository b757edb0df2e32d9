/**
 * TUR ratio and the physics behind the paper's TUR figures: energy conservation ties the two heat
 * currents' statistics, linear response makes 𝒬 → 2, local detailed balance (negative β included) keeps
 * 𝒬 ≥ 2 in the classical diamond model; refusals and undefined cases are explicit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LindbladError } from '../../src/errors.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { TiltedSystem, cumulants } from '../../src/thermo/counting.ts';
import { Scgf } from '../../src/thermo/scgf.ts';
import { fullCountingStatistics } from '../../src/thermo/fcs.ts';
import { turMapPoint } from '../../src/paper/tur.ts';

test('energy conservation: N_A + N_S is bounded, so c_n(Q̇_A) = (−1)ⁿ c_n(Q̇_S) for n = 1…4', () => {
  for (const [betaA, betaS] of [[5, 0], [1.5, -0.7], [-3, -1]] as const) {
    const m = diamondModel({ betaA, betaS, basis: 'product' }).model;
    const s = cumulants(new TiltedSystem(m, { kind: 'heat', bath: 'S' }), 4).cumulants;
    const a = cumulants(new TiltedSystem(m, { kind: 'heat', bath: 'A' }), 4).cumulants;
    s.forEach((x, k) => assert.ok(Math.abs(a[k] - (-1) ** (k + 1) * x) <= 1e-11 * Math.max(1, Math.abs(x)), `c${k + 1}: ${a[k]} vs ${x}`));
  }
});

test('linear response: 𝒬 → 2 as β_S → β_A; the classical diamond model keeps 𝒬 ≥ 2 at negative temperatures too', () => {
  for (const delta of [1e-2, 1e-3]) {
    const p = turMapPoint(1, 1 + delta);
    assert.ok(p.tur >= 2 && p.tur - 2 <= 5 * delta, `δ = ${delta}: 𝒬 = ${p.tur}`);
  }
  for (const betaA of [-5, -1, 0.5, 3, 6]) {
    for (const betaS of [-6, -2, 0, 2.5, 5]) {
      const p = turMapPoint(betaA, betaS);
      assert.ok(p.tur >= 2 - 1e-9, `(${betaA}, ${betaS}): 𝒬 = ${p.tur}`);
      // σ = (β_A − β_S)·Q̇_S for two baths exchanging one quantum ω0 = 1.
      assert.ok(Math.abs(p.entropyProduction - (betaA - betaS) * p.heatS) <= 1e-11 * Math.max(1, p.entropyProduction));
    }
  }
  assert.ok(Number.isNaN(turMapPoint(2, 2).tur), 'no current on β_A = β_S');
});

test('undefined and refused cases are said, not computed', () => {
  const driven = parseModelText(readFileSync('examples/driven-qubit-matrix.json', 'utf8'));
  const r = fullCountingStatistics(driven, { kind: 'weights', weights: [1] });
  assert.equal(r.turRatio.value, null);
  assert.match(r.turRatio.reason!, /σ = 0 while the current flows/);
  assert.throws(() => new TiltedSystem(driven, { kind: 'heat', bath: 'vacuum' }),
    (e: unknown) => e instanceof LindbladError && e.code === 'unsupported' && e.field === 'channels[0].operator');
  const sp = space({ q: qubit() });
  const dephasing = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 1 }] });
  assert.throws(() => new TiltedSystem(dephasing, { kind: 'weights', weights: [1] }), (e: unknown) => e instanceof LindbladError && e.code === 'not-unique');
  const d = new TiltedSystem(diamondModel({ betaA: 1, betaS: 2 }).model, { kind: 'heat', bath: 'S' });
  assert.throws(() => new Scgf(d).at(700), (e: unknown) => e instanceof LindbladError && e.field === 'scgf');
});
