/**
 * Adiabatic elimination of the cavity for N emitters (paper/emitters-elimination.ts): for N = 2 it is the
 * effective diamond model (closed form, elimination.ts); for N = 3, 6 the full model approaches it in the
 * bad-cavity limit κ ≫ g√N, with a difference falling like g²N/κ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emittersCavitySteadyState } from '../../src/paper/emitters-solve.ts';
import { effectiveDiamond } from '../../src/paper/elimination.ts';
import { eliminatedCavityModel } from '../../src/paper/emitters-elimination.ts';
import { LindbladError } from '../../src/index.ts';

test('N = 2: the eliminated model is the effective diamond model (closed-form concurrence, 1e-12)', () => {
  for (const [kappa, gamma, pump] of [[1, 1e-3, 5e-3], [2.3, 1e-3, 1e-3], [10, 0, 2e-4], [100, 1e-3, 2e-4]]) {
    const r = emittersCavitySteadyState({ emitters: 2, kappa, gamma, pump, cutoff: 2 });
    const c = effectiveDiamond({ kappa, gamma, pump }).concurrence;
    assert.ok(Math.abs(r.effective!.pairConcurrence - c) <= 1e-12, `κ = ${kappa}: ${r.effective!.pairConcurrence} vs ${c}`);
  }
});

test('bad-cavity limit κ ≫ g√N: the full model approaches the eliminated one like 1/κ (N = 3, 6)', () => {
  for (const N of [3, 6]) {
    const diff: number[] = [];
    for (const k of [10, 100, 1000]) {
      const r = emittersCavitySteadyState({ emitters: N, kappa: k * Math.sqrt(N), gamma: 0.01, pump: 0.005, dephasing: 0.002, cutoff: 3 });
      const e = r.effective!;
      diff.push(Math.max(Math.abs(r.excitationPerEmitter - e.excitationPerEmitter), Math.abs(r.meanPhotons - e.meanPhotons) / r.meanPhotons));
      assert.ok(Math.abs(r.pairConcurrence - e.pairConcurrence) <= 0.02 / k, `N = ${N}, κ = ${k} g√N: pair concurrence ${r.pairConcurrence} vs ${e.pairConcurrence}`);
    }
    assert.ok(diff[2] <= 3e-5, `N = ${N}: difference ${diff[2]} at κ = 1000 g√N`);
    assert.ok(diff[0] / diff[1] > 5 && diff[1] / diff[2] > 5, `N = ${N}: differences ${diff} do not fall like 1/κ`);
  }
});

test('κ = 0 has no elimination', () => {
  assert.throws(() => eliminatedCavityModel({ emitters: 3, kappa: 0, gamma: 0, pump: 0, cutoff: 1 }), (e: unknown) => e instanceof LindbladError && e.field === 'kappa');
});

test('validity of the elimination: strong dephasing (emitter linewidth against κ) is warned about, and there the prediction is off', () => {
  // Before, `cavity --emitters` printed the eliminated model's numbers with no word on validity: at κ = 10 g,
  // γ_φ = 2 the excitation per emitter was off by 23 %.
  let last = 0;
  for (const dephasing of [0, 0.05, 0.2, 0.5, 2, 5]) {
    const r = emittersCavitySteadyState({ emitters: 3, kappa: 10, gamma: 0.1, pump: 0.3, dephasing, cutoff: 12 }), v = r.effective!.validity;
    const rel = Math.abs(r.excitationPerEmitter - r.effective!.excitationPerEmitter) / r.excitationPerEmitter;
    assert.ok(Math.abs(v.linewidthRatio - (0.4 + 4 * dephasing) / 10) <= 1e-15 && Math.abs(v.couplingRatio - Math.sqrt(3) / 10) <= 1e-15);
    assert.ok(rel > last, `the discrepancy grows with the linewidth (γ_φ ${dephasing}: ${rel})`);
    last = rel;
    if (v.warning === null) assert.ok(rel <= 0.05, `no warning, but off by ${rel}`);
    else assert.match(v.warning, /2Γ₂\/κ = .* > 0\.1/);
    if (dephasing >= 2) assert.ok(v.warning !== null && rel > 0.1);
  }
  const strong = emittersCavitySteadyState({ emitters: 6, kappa: 1, gamma: 0.01, pump: 0.01, cutoff: 12 }).effective!.validity;
  assert.match(strong.warning ?? '', /g√N\/κ = 2\.45 > 1/);
});
