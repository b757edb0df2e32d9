import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { thermalQubit, drivenQubit, thermalOscillator, rateLadder } from '../systems/reference.ts';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (|Δ| = ${Math.abs(a - b)})`);

test('thermal qubit: p1/p0 = γ↑/γ↓ for several temperatures', () => {
  for (const [down, up] of [[1, 0.5], [2, 1e-3], [0.3, 0.3], [1, 0]]) {
    const { rho, certificate } = steadyState(thermalQubit(1.3, down, up));
    const p1 = up / (up + down);
    close(rho.re(1, 1), p1, 1e-12, `p1 (down ${down}, up ${up})`);
    close(rho.re(0, 0), 1 - p1, 1e-12, 'p0');
    assert.ok(certificate.unique && certificate.residual < 1e-12 && certificate.traceError < 1e-14);
  }
});

test('driven damped qubit: closed-form excited population and coherence', () => {
  for (const [delta, rabi, gamma] of [[0, 1, 0.5], [0.7, 2, 1], [-1.5, 0.3, 0.1], [3, 10, 2]]) {
    const { model, ree, reg } = drivenQubit(delta, rabi, gamma);
    const { rho, certificate } = steadyState(model);
    close(rho.re(1, 1), ree, 1e-12, `ρ_ee at Δ=${delta}, Ω=${rabi}, γ=${gamma}`);
    close(rho.re(1, 0), reg[0], 1e-12, 'Re ρ_eg');
    close(rho.im(1, 0), reg[1], 1e-12, 'Im ρ_eg');
    assert.ok(certificate.minEigenvalue > -1e-14 && certificate.hermiticityError < 1e-12);
  }
});

test('thermal damped oscillator: truncated Bose distribution, and ⟨n⟩ → n̄ as the cutoff grows', () => {
  for (const cutoff of [3, 10, 30]) {
    const { model, populations } = thermalOscillator(1, 0.2, 0.8, cutoff);
    const { rho } = steadyState(model);
    populations.forEach((p, k) => close(rho.re(k, k), p, 1e-12, `p_${k} at cutoff ${cutoff}`));
  }
  const { model } = thermalOscillator(1, 0.2, 0.8, 60);
  const { rho } = steadyState(model);
  let n = 0;
  for (let k = 0; k <= 60; k++) n += k * rho.re(k, k);
  close(n, 0.8, 1e-10, '⟨n⟩ at cutoff 60');
});

test('rates spanning 1e-6 … 1e6 in one model', () => {
  const { model, populations } = rateLadder([1e6, 1e-6, 1], [1e-6, 1e6, 1]);
  const { rho, certificate } = steadyState(model);
  populations.forEach((p, k) => close(rho.re(k, k), p, 1e-10 * Math.max(1, p), `p_${k}`));
  assert.equal(certificate.unique, true);
});
