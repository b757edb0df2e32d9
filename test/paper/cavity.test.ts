import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cavitySteadyState } from '../../src/paper/cavity-solve.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { effectiveDiamond } from '../../src/paper/elimination.ts';
import { heatCurrents } from '../../src/thermo/heat.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';

const logGrid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, k) => lo * Math.pow(hi / lo, k / (n - 1)));

test('Fig. 2(b) regime (γ = 0, p = 2e-4 g): full and effective models agree within 0.01 for κ/g ≥ 1 and part below', () => {
  let worstAbove = 0, gapBelow = 0;
  for (const kappa of logGrid(0.01, 1000, 31)) {
    const r = cavitySteadyState({ kappa, gamma: 0, pump: 2e-4, cutoff: 4 });
    const d = Math.abs(r.concurrence - r.effective.concurrence);
    if (kappa >= 1) worstAbove = Math.max(worstAbove, d);
    else gapBelow = Math.max(gapBelow, d);
  }
  assert.ok(worstAbove < 0.01, `max |C_full − C_eff| for κ ≥ g: ${worstAbove}`);
  assert.ok(gapBelow > 0.03, `the models should part for κ < g (max difference ${gapBelow})`);
});

test('Fig. 2(b): maximum of the full model ≈ 0.487 near κ/g ≈ 2.2', () => {
  let best = { c: 0, kappa: 0 };
  for (const kappa of logGrid(1, 5, 41)) {
    const c = cavitySteadyState({ kappa, gamma: 0, pump: 2e-4, cutoff: 4 }).concurrence;
    if (c > best.c) best = { c, kappa };
  }
  assert.ok(Math.abs(best.c - 0.487) < 0.002 && Math.abs(best.kappa - 2.2) < 0.4, JSON.stringify(best));
});

test('Fock cutoff: 4 is converged to ~3e-6 over κ/g ∈ [1e-2, 1e3]; 1 is not', () => {
  let worst4 = 0, worst1 = 0;
  for (const kappa of logGrid(0.01, 1000, 13)) {
    for (const pump of [2e-4, 5e-3]) {
      const ref = cavitySteadyState({ kappa, gamma: 1e-3, pump, cutoff: 8 }).concurrence;
      worst4 = Math.max(worst4, Math.abs(cavitySteadyState({ kappa, gamma: 1e-3, pump, cutoff: 4 }).concurrence - ref));
      worst1 = Math.max(worst1, Math.abs(cavitySteadyState({ kappa, gamma: 1e-3, pump, cutoff: 1 }).concurrence - ref));
    }
  }
  assert.ok(worst4 < 5e-6, `cutoff 4 error ${worst4}`);
  assert.ok(worst1 > 0.01, `cutoff 1 error ${worst1}`);
});

test('cutoff policy "converge" raises the cutoff until the concurrence stops changing', () => {
  const r = cavitySteadyState({ kappa: 0.05, gamma: 1e-3, pump: 5e-3, cutoff: 1 }, { kind: 'converge', tolerance: 1e-8, maxCutoff: 40 });
  const ref = cavitySteadyState({ kappa: 0.05, gamma: 1e-3, pump: 5e-3, cutoff: 30 });
  assert.ok(r.cutoff > 1 && Math.abs(r.concurrence - ref.concurrence) < 1e-7);
  assert.ok(r.topFockPopulation < 1e-8);
});

test('lab frame (ω0 = 1000 g) and rotating frame give the same steady state', () => {
  for (const kappa of [0.3, 2.33, 50]) {
    const p = { kappa, gamma: 1e-3, pump: 5e-3, cutoff: 3 };
    const rot = steadyState(cavityModel({ ...p, frame: 'rotating' }).model).rho;
    const lab = steadyState(cavityModel({ ...p, frame: 'lab' }).model).rho;
    assert.ok(rot.sub(lab).normFrobenius() < 1e-9, `κ = ${kappa}: ${rot.sub(lab).normFrobenius()}`);
  }
});

test('physical state, energy balance Σ_i Q̇_i = 0, and a certified solve', () => {
  for (const kappa of [0.1, 2.33, 100]) {
    const p = { kappa, gamma: 1e-3, pump: 5e-3, cutoff: 4 };
    const r = cavitySteadyState(p);
    assert.ok(Math.abs(r.qubits.trace()[0] - 1) < 1e-13 && eigvalsh(r.qubits)[0] > -1e-13);
    assert.ok(r.certificate.unique && r.certificate.relativeResidual < 1e-12);
    const q = heatCurrents(cavityModel(p).model, r.rho);
    const total = q.pump + q.emitters + q.cavity;
    assert.ok(Math.abs(total) < 1e-9 * Math.abs(q.pump), `Σ Q̇ = ${total}`);
    assert.ok(q.pump > 0 && q.cavity < 0, 'pump feeds energy in, the cavity leaks it out');
  }
});

test('elimination (Eq. 9): β_S > β_A always (A is dark); effective supremum p/(2p + γ) as κ → 0', () => {
  for (const kappa of logGrid(0.01, 1000, 9)) {
    for (const pump of [2e-4, 1e-3, 5e-3]) {
      const e = effectiveDiamond({ kappa, gamma: 1e-3, pump });
      assert.ok(e.betaS > e.betaA);
      assert.ok(Math.abs(e.betaA - Math.log(1e-3 / pump)) < 1e-14);
      assert.ok(Math.abs(e.collectiveDecay - 4 / kappa) < 1e-12);
    }
  }
  for (const pump of [2e-4, 1e-3, 5e-3]) {
    const sup = pump / (2 * pump + 1e-3);
    assert.ok(Math.abs(effectiveDiamond({ kappa: 1e-15, gamma: 1e-3, pump }).concurrence - sup) < 1e-6); // corrections ~ √(pκ)/g
  }
  // γ = 0: β_A = −∞ and the limit C → 1/2 as p/Γ → 0.
  const cs = [1e-4, 1e-6, 1e-8, 1e-10].map((pump) => effectiveDiamond({ kappa: 2, gamma: 0, pump }));
  assert.ok(cs.every((e) => e.betaA === -Infinity));
  for (let k = 1; k < cs.length; k++) assert.ok(cs[k].concurrence > cs[k - 1].concurrence && cs[k].concurrence < 0.5);
  assert.ok(0.5 - cs[3].concurrence < 1e-5, `C at p/Γ = 5e-11: ${cs[3].concurrence}`);
});
