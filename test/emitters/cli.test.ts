/**
 * `lindblad cavity --emitters N`: N = 2 keeps today's tensor-product numbers and adds the new fields; other
 * N run on the Dicke blocks; bad values are one-line errors naming the option.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';
import { cavitySteadyState } from '../../src/paper/cavity-solve.ts';
import { emittersCavitySteadyState } from '../../src/paper/emitters-solve.ts';
import { steadyState, expectation, partialTrace, concurrence, emittersInCavity, cavityG2, spinSqueezing, type Operator } from '../../src/index.ts';
import { tensorCavity } from './tensor-model.ts';

/** The CLI in a worker thread: runCaptured in this thread would capture the test runner's own reporting. */
const runCaptured = (args: string[]) => cliInThread(args, {});
after(() => stopCliThread());

const base = ['--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4'];

test('cavity (N = 2 by default) prints today\'s numbers plus pairConcurrence, excitationPerEmitter, g2, spinSqueezing', async () => {
  const r = await runCaptured(['cavity', ...base, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout), ref = cavitySteadyState({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  assert.equal(j.concurrence, ref.concurrence);
  assert.equal(j.meanPhotons, ref.meanPhotons);
  assert.equal(j.pairConcurrence, ref.concurrence);
  assert.equal(j.emitters, 2);
  // ⟨n1 + n2⟩/2 from the tensor route's two-qubit populations (|01⟩, |10⟩ one excitation, |11⟩ two)
  const q = ref.qubits, exc = (q.re(1, 1) + q.re(2, 2) + 2 * q.re(3, 3)) / 2;
  assert.ok(Math.abs(j.excitationPerEmitter - exc) <= 1e-12);
  assert.ok(typeof j.g2 === 'number' && typeof j.spinSqueezing === 'number' && j.certificate.status === 'unique');
  // g² and ξ² of the N = 2 route (from the tensor state) against the Dicke-block route, an independent computation.
  const d = steadyState(emittersInCavity({ emitters: 2, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 })).state;
  const g2 = cavityG2(d), xi = spinSqueezing(d);
  assert.ok(g2.kind === 'value' && Math.abs(j.g2 - g2.value) <= 1e-9 * g2.value, `g² ${j.g2} vs ${JSON.stringify(g2)}`);
  assert.ok(xi.kind === 'value' && Math.abs(j.spinSqueezing - xi.value) <= 1e-10 * xi.value, `ξ² ${j.spinSqueezing} vs ${JSON.stringify(xi)}`);
});

test('cavity --emitters 4 --json: the Dicke-block route with the documented fields', async () => {
  const r = await runCaptured(['cavity', '--emitters', '4', ...base, '--dephasing', '1e-3', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout), ref = emittersCavitySteadyState({ emitters: 4, kappa: 2.33, gamma: 1e-3, pump: 5e-3, dephasing: 1e-3, cutoff: 4 });
  for (const k of ['pairConcurrence', 'excitationPerEmitter', 'meanPhotons', 'g2', 'spinSqueezing', 'certificate']) assert.ok(k in j, k);
  assert.equal(j.emitters, 4);
  assert.equal(j.pairConcurrence, ref.pairConcurrence);
  assert.equal(j.excitationPerEmitter, ref.excitationPerEmitter);
  assert.equal(j.certificate.status, 'unique');
  // The same physics as a 2⁴-state tensor-product model (test/emitters/tensor-model.ts): an independent reference.
  const t = tensorCavity({ emitters: 4, kappa: 2.33, gamma: 1e-3, pump: 5e-3, dephasing: 1e-3, cutoff: 4 }), rho = steadyState(t.model).rho;
  const ex = (o: Operator) => expectation(o.matrix.toDense(), rho)[0];
  const n = ex(t.a.dag().times(t.a)), n2 = ex(t.a.dag().times(t.a.dag()).times(t.a).times(t.a)), jz = ex(t.jz);
  const jx = t.jPlus.plus(t.jMinus).scale(0.5), jy = t.jPlus.plus(t.jMinus.scale(-1)).scale(0, -0.5);
  // Wineland ξ² = N min_⊥ Var(J_⊥)/⟨J⟩², the minimum over directions ⊥ ẑ from the 2×2 covariance (⟨J_x⟩ = ⟨J_y⟩ = 0 here).
  const vx = ex(jx.times(jx)), vy = ex(jy.times(jy)), cxy = ex(jx.times(jy).plus(jy.times(jx))) / 2;
  const xi = (4 * ((vx + vy) / 2 - Math.hypot((vx - vy) / 2, cxy))) / (jz * jz);
  assert.ok(Math.abs(ex(jx)) < 1e-12 && Math.abs(ex(jy)) < 1e-12);
  const want: Record<string, number> = {
    pairConcurrence: concurrence(partialTrace(t.space, rho, ['q1', 'q2'])), excitationPerEmitter: (jz + 2) / 4, meanPhotons: n,
    g2: n2 / (n * n), spinSqueezing: xi,
  };
  for (const [k, v] of Object.entries(want)) assert.ok(Math.abs(j[k] - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${k}: CLI ${j[k]} vs tensor model ${v}`);
  const text = await runCaptured(['cavity', '--emitters', '4', ...base]);
  assert.match(text.stdout, /N = 4 emitters/);
});

test('bad --emitters and degenerate models: one line, exit code 2', async () => {
  for (const [args, re] of [
    [['--emitters', '0'], /^lindblad: error: --emitters: expected a value ≥ 1/],
    [['--emitters', '2.5'], /^lindblad: error: --emitters: expected an integer/],
    [['--emitters', '100000'], /^lindblad: error: --emitters: expected at most/],
    [['--emitters', '3', '--dephasing', '-1'], /^lindblad: error: --dephasing: expected a value ≥ 0/],
  ] as const) {
    const r = await runCaptured(['cavity', ...base, ...args]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const big = await runCaptured(['cavity', '--emitters', '400', '--kappa', '1', '--gamma', '1e-3', '--pump', '1e-3', '--cutoff', '4096']);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /^lindblad: error: --cutoff: a steady state of 400 emitters at cutoff 4096 .*more than/);
  const d = await runCaptured(['cavity', '--emitters', '3', '--kappa', '1', '--gamma', '0', '--pump', '0', '--collective-decay', '1']);
  assert.equal(d.code, 2);
  assert.match(d.stderr, /not unique/);
});
