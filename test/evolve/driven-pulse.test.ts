/**
 * Narrow pulses given as plain functions must not be stepped over. Closed form: a qubit driven by
 * H(t) = Ω(t)σ_x/2 with σ_x dephasing at rate κ (the dissipator commutes with the rotation about x), from the
 * ground state (z0 = −1): the Bloch z component is z(t) = −cos θ(t)·e^{−2κt}, θ(t) = ∫₀ᵗ Ω, and the excited
 * population P = (1 + z)/2; after a π-pulse P = (1 + e^{−2κt})/2. Ω a Gaussian π-pulse of width σ at t0 inside [0, 10]. Before: σ = 1e-4 was missed
 * entirely (8 steps, P(10) = 0 instead of (1 + e^{−20κ})/2), with nothing reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { drivenModel } from '../../src/model/driven.ts';
import { evolve } from '../../src/evolve/evolve.ts';

test('a Gaussian π-pulse of width 1e-2 … 1e-4 in [0, 10] is resolved: P(10) = (1 + e^{−2κ·10})/2', () => {
  const sp = space({ q: qubit() }), kappa = 0.01;
  for (const width of [1e-2, 1e-3, 1e-4]) for (const t0 of [3.7, 5, 6.123]) {
    const base = lindbladModel(sp, { channels: [{ operator: op(sp, 'q', 'sigma_x'), rate: kappa }] });
    const omega = (t: number) => (Math.PI / (width * Math.sqrt(2 * Math.PI))) * Math.exp(-((t - t0) ** 2) / (2 * width * width));
    const model = drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x').scale(0.5), coefficient: omega }] });
    const r = evolve(model, ketToDensity(basisKet(sp, { q: 0 })), [0, t0 - 20 * width, 10]);
    // z0 = −1 (ground); rotation by θ about x: z = −cos θ · e^{−2κt}; P = (1 + z)/2.
    const before = (1 - Math.exp(-2 * kappa * (t0 - 20 * width))) / 2, after = (1 + Math.exp(-2 * kappa * 10)) / 2;
    assert.ok(Math.abs(r.states![1].re(1, 1) - before) <= 1e-8, `σ=${width} t0=${t0}: P before the pulse ${r.states![1].re(1, 1)} vs ${before}`);
    assert.ok(Math.abs(r.states![2].re(1, 1) - after) <= 1e-8, `σ=${width} t0=${t0}: P(10) = ${r.states![2].re(1, 1)} vs ${after}`);
  }
});
