/**
 * Closed forms and invariants of the Dicke-block route at sizes the tensor-product model cannot reach:
 * decoupled emitters (g = 0) form a product state with excitation p/(p + γ) each, which fixes every moment
 * (and exercises every block j); without pump the ground state; certificates; a degenerate model refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, emittersInCavity, emitterMoments, pairConcurrence, spinSqueezing, cavityG2, LindbladError, type Certificate } from '../../src/index.ts';
import { assertUniqueStatus } from '../certified-status.ts';

function certified(r: { certificate: Certificate }): void {
  const c = r.certificate;
  assertUniqueStatus(c);
  assert.ok(c.relativeResidual <= 1e-14, `relative residual ${c.relativeResidual}`);
  assert.ok(c.traceError <= 1e-14, `trace error ${c.traceError}`);
  assert.ok(c.minEigenvalue >= -c.positivityTolerance, `λ_min ${c.minEigenvalue}`);
}

test('g = 0: N = 30 independent emitters, product state with x = p/(p + γ) (moments of every block)', () => {
  const N = 30, gamma = 0.3, pump = 0.7, x = pump / (pump + gamma);
  const r = steadyState(emittersInCavity({ emitters: N, g: 0, kappa: 1, gamma, pump, dephasing: 0.2, cutoff: 1 }));
  certified(r);
  const m = emitterMoments(r.state);
  const jz2 = N * x * (1 - x) + N * N * (x - 0.5) ** 2;
  assert.ok(Math.abs(m.jz - N * (x - 0.5)) <= 1e-11 * N);
  assert.ok(Math.abs(m.jz2 - jz2) <= 1e-11 * N * N);
  assert.ok(Math.abs(m.jPlusJMinus - N * x) <= 1e-11 * N);
  assert.ok(Math.abs(m.jSquared - (N / 2 + jz2)) <= 1e-11 * N * N);
  assert.ok(Math.abs(m.meanPhotons) <= 1e-14);
  assert.equal(pairConcurrence(r.state), 0);
  assert.equal(cavityG2(r.state).kind, 'undefined');
  const xi = spinSqueezing(r.state); // Var(J_⊥) = N/4, |⟨J⟩| = N|x − ½|  ⇒  ξ² = 1/(4(x − ½)²)
  assert.ok(xi.kind === 'value' && Math.abs(xi.value - 1 / (4 * (x - 0.5) ** 2)) <= 1e-9);
});

test('g = 0, p = γ: ⟨J⟩ = 0, spin squeezing reported undefined (not Infinity)', () => {
  const r = steadyState(emittersInCavity({ emitters: 9, g: 0, kappa: 1, gamma: 0.4, pump: 0.4, cutoff: 1 }));
  certified(r);
  const xi = spinSqueezing(r.state);
  assert.equal(xi.kind, 'undefined');
});

test('no pump: the ground state |j = N/2, m = −N/2⟩|0⟩ (ξ² = 1, no entanglement)', () => {
  for (const N of [1, 6, 15]) {
    const model = emittersInCavity({ emitters: N, kappa: 1.5, gamma: 0.05, pump: 0, dephasing: 0.01, cutoff: 3 });
    const r = steadyState(model);
    certified(r);
    const ground = model.basis.state(0, -N, 0);
    assert.ok(Math.abs(r.state.population(ground) - 1) <= 1e-12);
    const m = emitterMoments(r.state);
    assert.ok(Math.abs(m.jz + N / 2) <= 1e-12 * N);
    // N = 1 has no pair: NaN (not 0, which would claim a separable pair)
    if (N === 1) assert.ok(Number.isNaN(pairConcurrence(r.state))); else assert.equal(pairConcurrence(r.state), 0);
    const xi = spinSqueezing(r.state);
    assert.ok(xi.kind === 'value' && Math.abs(xi.value - 1) <= 1e-10);
  }
});

test('positivity and trace: every block of ρ̄ is PSD and Σ_j Tr ρ̄_j = 1 (N = 8, pumped)', () => {
  const r = steadyState(emittersInCavity({ emitters: 8, kappa: 0.5, gamma: 0.01, pump: 0.2, cutoff: 4 }));
  certified(r);
  let trace = 0;
  for (let g = 0; g < r.state.basis.dim; g++) trace += r.state.population(g);
  assert.ok(Math.abs(trace - 1) <= 1e-14);
  assert.ok(r.certificate.minEigenvalue >= -1e-12);
});

test('without local channels the blocks j never exchange population: not unique, refused', () => {
  assert.throws(() => steadyState(emittersInCavity({ emitters: 4, kappa: 1, gamma: 0, pump: 0, collectiveDecay: 0.1, collectivePump: 0.05, cutoff: 2 })),
    (e: unknown) => e instanceof LindbladError && e.code === 'not-unique');
});

test('bad parameters name the field', () => {
  assert.throws(() => emittersInCavity({ emitters: 0, kappa: 1, gamma: 0, pump: 0, cutoff: 2 }), (e: unknown) => e instanceof LindbladError && e.field === 'emitters');
  assert.throws(() => emittersInCavity({ emitters: 3, kappa: -1, gamma: 0, pump: 0, cutoff: 2 }), (e: unknown) => e instanceof LindbladError && e.field === 'kappa');
  assert.throws(() => emittersInCavity({ emitters: 3, kappa: 1, gamma: 0, pump: 0, cutoff: 2, kapa: 1 } as never), (e: unknown) => e instanceof LindbladError && e.field === 'kapa');
});
