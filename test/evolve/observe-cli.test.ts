/** `lindblad evolve --observe`: Re Tr(Aρ(t)) columns for constant and time-dependent model files, repeatable; bad names are one-line errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';

test.after(() => stopCliThread());

test('constant model: ⟨σz⟩ = p_1 − p_0 and ⟨n⟩ = p_1 at every output', async () => {
  const r = await cliInThread(['evolve', 'examples/thermal-qubit.json', '--t-max', '3', '--steps', '5', '--observe', 'q.sigma_z', '--observe', 'q.n', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout).columns;
  c.t.forEach((_: number, k: number) => {
    assert.ok(Math.abs(c['q.sigma_z'][k] - (c.p_1[k] - c.p_0[k])) <= 1e-12);
    assert.ok(Math.abs(c['q.n'][k] - c.p_1[k]) <= 1e-12);
  });
});

test('time-dependent model file: evolve runs it and ⟨σx⟩ is reported; unknown operators and columns are refused', async () => {
  const r = await cliInThread(['evolve', 'examples/rabi-qubit.json', '--t-max', '2', '--steps', '3', '--observe', 'q.sigma_x', '--csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[0], /q\.sigma_x$/);
  const bad = await cliInThread(['evolve', 'examples/rabi-qubit.json', '--t-max', '2', '--observe', 'q.bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^lindblad: error: --observe: unknown qubit operator "bogus"/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const dup = await cliInThread(['evolve', 'examples/rabi-qubit.json', '--t-max', '2', '--observe', 'purity']);
  assert.equal(dup.code, 2);
});
