import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { main } from '../../src/cli/main.ts';

/** Through the real executable (one spawn: checks the bin entry and the registry). */
const spawnRun = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/lindblad.mjs', 'trajectories', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** In this process (fast): main() with its stdout and stderr captured; code is the exit code main sets. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const w = [process.stdout.write, process.stderr.write];
  // The CLI writes strings; the test runner's own (binary) messages pass through untouched.
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((out += s), true) : w[0].call(process.stdout, s, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((err += s), true) : w[1].call(process.stderr, s, ...rest))) as typeof process.stderr.write;
  try {
    await main(['node', 'lindblad', 'trajectories', ...args]);
  } finally {
    [process.stdout.write, process.stderr.write] = w;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, out, err };
}

test('trajectories diamond --json: populations, entropy production, fluctuation theorem; workers do not change numbers', async () => {
  const args = ['diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '10', '--count', '300', '--seed', '1', '--json'];
  const r = spawnRun(...args);
  assert.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  assert.equal(o.initial, 'steady-state distribution over G, S, A, E');
  const labels = ['G', 'S', 'A', 'E'];
  assert.deepEqual(Object.keys(o.populations), labels);
  assert.deepEqual(Object.keys(o.populationErrors), labels);
  assert.ok(Math.abs(labels.reduce((s, l) => s + o.populations[l], 0) - 1) < 1e-12);
  assert.ok(Math.abs(o.entropyProductionRate - o.steadyStateEntropyProductionRate) <= 4 * o.entropyProductionRateError);
  assert.ok(Math.abs(o.fluctuationTheorem.exact - 1) < 1e-12);
  for (const k of ['sampled', 'sampledError']) assert.equal(typeof o.fluctuationTheorem[k], 'number');
  const p = JSON.parse((await run(...args, '--workers', '2')).out);
  for (const k of ['populations', 'populationErrors', 'entropyProductionRate', 'fluctuationTheorem', 'meanJumps']) assert.deepEqual(p[k], o[k], k);
  assert.equal(p.workers, 2);
});

test('trajectories MODEL.json: thermal file gives numbers, non-thermal or non-eigenoperator jumps give nulls and a note', async () => {
  const q = JSON.parse((await run('examples/thermal-qubit.json', '--t-max', '2', '--count', '200', '--json')).out);
  assert.equal(q.initial, 'ground state |0…0⟩');
  assert.deepEqual(Object.keys(q.populations), ['|0⟩', '|1⟩']);
  assert.equal(typeof q.fluctuationTheorem.exact, 'number');
  assert.equal(typeof q.entropyProductionRate, 'number');
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-traj-'));
  const file = join(dir, 'pumped.json');
  writeFileSync(file, JSON.stringify({
    subsystems: { q: 'qubit' }, hamiltonian: 'q.n',
    channels: [{ operator: 'q.sigma_plus', rate: 1, bath: 'pump' }, { operator: 'q.sigma_minus', rate: 0.5, bath: 'pump' }],
    baths: { pump: { beta: null } }, initialState: { levels: { q: 1 } },
  }));
  const n = JSON.parse((await run(file, '--count', '100', '--json')).out);
  assert.equal(n.initial, 'initialState of the file');
  assert.deepEqual(n.fluctuationTheorem, { exact: null, sampled: null, sampledError: null, exactMethod: null });
  assert.equal(n.entropyProductionRate, null);
  assert.match(n.entropyNote, /non-thermal/);
  assert.ok(Math.abs(n.populations['|1⟩'] - 2 / 3) < 0.15);
});

test('trajectories: bad input is one line naming the option, exit code 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['diamond', '--beta-a', '4', '--beta-s', '-2', '--count', '0'], /^lindblad: error: --count: expected a value ≥ 1/],
    [['diamond', '--beta-a', '4', '--beta-s', 'inf'], /^lindblad: error: --beta-s: β = \+inf/],
    [['diamond', '--beta-s', '1'], /^lindblad: error: --beta-a: required/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--initial', 'X'], /^lindblad: error: --initial: expected steady, G, S, A or E/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--seed', '1.5'], /^lindblad: error: --seed: expected an integer/],
    [['examples/thermal-qubit.json', '--beta-a', '1'], /^lindblad: error: --beta-a: does not apply to a model file/],
    [['/nonexistent.json'], /^lindblad: error: \/nonexistent\.json: cannot read model file/],
  ];
  for (const [args, re] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});
