/**
 * The model page's worker computations (web/src/engine/model-compute.ts) in Node, against closed forms:
 * relaxation of a thermal qubit, the Rabi-driven damped qubit (time-dependent file) against the
 * rotating-wave solution, the steady state against the CLI's solve, and the scan's rate factor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { modelEvolution, modelSteady, scanPoints } from '../../web/src/engine/model-compute.ts';

const thermal = readFileSync(new URL('../../examples/thermal-qubit.json', import.meta.url), 'utf8');
const rabi = readFileSync(new URL('../../examples/rabi-qubit.json', import.meta.url), 'utf8');
const DOWN = 0.15819767068693265, UP = 0.05819767068693265; // the example's rates

test('thermal qubit: p₁(t) = p∞ + (p₁(0) − p∞) e^{−(γ↓+γ↑) t} from the maximally mixed state; steady p₁ = γ↑/(γ↓+γ↑)', () => {
  const pInf = UP / (DOWN + UP);
  const v = modelSteady(thermal);
  assert.ok(Math.abs(v.populations[1] - pInf) < 1e-14, `steady p1 ${v.populations[1]}`);
  assert.ok(v.heat !== null && Math.abs(v.heat.rate) < 1e-14, 'no entropy production with one bath');
  const r = modelEvolution(thermal, 10, 21, ['q.sigma_z']);
  r.times.forEach((t, k) => {
    const p1 = pInf + (0.5 - pInf) * Math.exp(-(DOWN + UP) * t);
    assert.ok(Math.abs(r.series['p|1⟩'][k] - p1) < 1e-6, `t = ${t}: ${r.series['p|1⟩'][k]} vs ${p1}`);
    assert.ok(Math.abs(r.series['⟨q.sigma_z⟩'][k] - (2 * p1 - 1)) < 2e-6);
  });
});

test('Rabi-driven qubit (drives): P_e(t) follows the rotating-wave solution up to Bloch–Siegert corrections', () => {
  const W = 0.5, g = 0.1, mu = Math.sqrt(W * W - g * g / 16);
  const fromGround = JSON.stringify({ ...JSON.parse(rabi), initialState: { levels: { q: 0 } } }); // the file has none: the page starts maximally mixed
  const r = modelEvolution(fromGround, 30, 31, []);
  let worst = 0;
  r.times.forEach((t, k) => {
    const pe = (W * W / (2 * W * W + g * g)) * (1 - Math.exp(-3 * g * t / 4) * (Math.cos(mu * t) + (3 * g / (4 * mu)) * Math.sin(mu * t)));
    worst = Math.max(worst, Math.abs(r.series['p|1⟩'][k] - pe));
  });
  console.log(`# Rabi qubit: max |P_e − RWA| = ${worst.toExponential(2)} (Ω/ω0 = 0.05)`);
  assert.ok(worst < 0.025, `max deviation ${worst}`); // measured 1.1e-2
  assert.throws(() => modelSteady(rabi), /time-dependent/);
});

test('a rate scan multiplies the channel rate: the thermal qubit at factor f has p₁ = γ↑/(f γ↓ + γ↑)', () => {
  const pts = scanPoints(thermal, { kind: 'rate', channel: 0 }, null, [[0.5, 1], [1, 1], [4, 1]]);
  for (const p of pts) {
    const p1 = UP / (p.fx * DOWN + UP), purity = p1 ** 2 + (1 - p1) ** 2;
    assert.ok(Math.abs(p.purity - purity) < 1e-13, `f = ${p.fx}: purity ${p.purity} vs ${purity}`);
  }
});
