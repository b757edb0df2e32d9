/**
 * The periodic steady state's certificate must bound the error of ρ* itself, not only the periodicity
 * residual: with slow relaxation (1 − |λ₂| ≪ 1) a residual at rounding level leaves ρ* wrong by
 * residual/(1 − |λ₂|). Reference: a qubit whose decay rate is modulated, γ(t) = γ0(1 + a sin ωt), with a
 * constant pump p and a σ_z drive (which leaves the populations alone): the excited population obeys
 * dP/dt = p − k(t)P, k = p + γ(t), whose T-periodic solution is, exactly,
 *     P(0) = p ∫₀ᵀ e^{−K(s)} ds / (1 − e^{−K(0)}),   K(s) = ∫_sᵀ k = (p + γ0)(T − s) + γ0 a (cos ωs − cos ωT)/ω,
 * evaluated here by composite Simpson quadrature (smooth integrand: exact to rounding with 2000 panels).
 * Before: at γ0 = 3e-10 the engine returned P(0) off by 2.1e-7 with certificate.ok = true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { drivenModel } from '../../src/model/driven.ts';
import { periodicSteadyState } from '../../src/evolve/periodic.ts';

function exactPopulation(g0: number, p: number, a: number, T: number): number {
  const w = (2 * Math.PI) / T, K = (s: number) => (p + g0) * (T - s) + (g0 * a * (Math.cos(w * s) - Math.cos(w * T))) / w;
  const panels = 2000, h = T / panels;
  let sum = 0;
  for (let i = 0; i <= panels; i++) sum += (i === 0 || i === panels ? 1 : i % 2 ? 4 : 2) * Math.exp(-K(i * h));
  return (p * (sum * h) / 3) / -Math.expm1(-K(0));
}

test('slowly relaxing periodic state: |error| ≤ errorBound, and ok only when the state is good to 1e-8', () => {
  const sp = space({ q: qubit() });
  const a = 0.9;
  // (T = 7, γ0 = 3e-8: the drive's step cap set the steps of both the run and its check run, so they agreed
  // exactly: errorBound 0 for an error of 1.4e-10; at T = 1, γ0 = 3e-9 the error was 1.02× the bound)
  for (const [g0, p, T] of [[3e-10, 1e-10, 1], [3e-9, 1e-9, 1], [3e-7, 1e-7, 1], [0.3, 0.1, 1], [3e-8, 1e-8, 7], [1e-6, 3.3e-7, 1], [1e-9, 3.3e-10, 2.5]]) {
    const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(1.3), channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: 0, label: 'decay' }, { operator: op(sp, 'q', 'sigma_plus'), rate: p, label: 'pump' }] });
    const model = drivenModel(base, {
      rates: { decay: (t: number) => g0 * (1 + a * Math.sin((2 * Math.PI * t) / T)) },
      hamiltonian: [{ operator: op(sp, 'q', 'sigma_z'), coefficient: (t: number) => 3 * Math.cos((2 * Math.PI * t) / T) }],
    });
    const r = periodicSteadyState(model, T, { samples: 2 });
    const c = r.certificate, err = Math.abs(r.states[0].re(1, 1) - exactPopulation(g0, p, a, T));
    assert.ok(typeof c.errorBound === 'number', 'errorBound missing');
    assert.ok(err <= c.errorBound + 1e-14, `γ0 = ${g0}: error ${err} beyond the stated bound ${c.errorBound}`);
    if (c.ok) assert.ok(err <= 1e-8, `γ0 = ${g0}: certified ok but wrong by ${err}`);
    if (g0 === 3e-10) assert.equal(c.ok, false, 'a fixed point wrong by 2e-7 must not be certified');
    if (g0 === 0.3) assert.equal(c.ok, true, c.problems.join('; '));
  }
});
