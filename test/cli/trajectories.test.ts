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
  for (const k of ['exact', 'sampled', 'sampledError', 'exactMethod', 'effectiveSamples', 'sampledConverged', 'fullSupport', 'absoluteIrreversibility']) {
    assert.equal(n.fluctuationTheorem[k], null, k);
  }
  assert.deepEqual(n.fluctuationTheorem.notes, []);
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
    [['/nonexistent.json'], /^lindblad: error: \/nonexistent\.json: cannot read the model file/],
  ];
  for (const [args, re] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

test('fluctuation theorem output: absolute irreversibility (start in one state) and an unconverged sample are said, in text and JSON', async () => {
  const base = ['diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '10', '--count', '1000', '--seed', '1'];
  // From G: the start lacks full support, ⟨e^(−Σ)⟩ = 1 − λ; and ⟨Σ⟩ ≈ 110, so the sample (≈ e^(−110)) is not converged.
  const g = JSON.parse((await run(...base, '--initial', 'G', '--json')).out).fluctuationTheorem;
  assert.equal(g.fullSupport, false);
  assert.ok(g.exact > 0 && g.exact < 1);
  assert.ok(Math.abs(g.absoluteIrreversibility - (1 - g.exact)) < 1e-15);
  assert.equal(g.sampledConverged, false);
  assert.ok(g.effectiveSamples < 2, String(g.effectiveSamples));
  assert.ok(g.notes.some((x: string) => /absolute irreversibility/.test(x)) && g.notes.some((x: string) => /not converged/.test(x)));
  // The default start (steady-state distribution) has full support: exact 1, λ = 0, but the sample is still not converged.
  const ss = await run(...base);
  assert.equal(ss.code, 0, ss.err);
  assert.match(ss.out, /exact 1\.00000, sampled .* \(effective sample size [\d.]+, not converged\)/);
  assert.match(ss.out, /note: the sampled value is not converged/);
  assert.doesNotMatch(ss.out, /absolute irreversibility/);
  // Near equilibrium (small Σ) the sample converges to the exact 1 and nothing is flagged.
  const eq = JSON.parse((await run('diamond', '--beta-a', '0.5', '--beta-s', '0.2', '--t-max', '1', '--count', '2000', '--json')).out).fluctuationTheorem;
  assert.equal(eq.sampledConverged, true);
  assert.equal(eq.absoluteIrreversibility, 0);
  assert.deepEqual(eq.notes, []);
  assert.ok(Math.abs(eq.sampled - 1) <= 5 * eq.sampledError);
});

test('trajectories: huge --t-max and non-finite operators give one line and exit 2, quickly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-traj-'));
  const file = (name: string, model: unknown) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(model)); return f; };
  const m = (x: number) => [[[x, 0], [x, 0]], [[x, 0], [0, 0]]];
  const overflowRate = file('rate.json', { dims: [2], hamiltonian: { matrix: m(1) }, channels: [{ operator: { matrix: [[[0, 0], [1e200, 0]], [[0, 0], [0, 0]]] }, rate: 1e200, bath: 'b' }], baths: { b: { beta: null } } });
  const overflowH = file('h.json', { dims: [2], hamiltonian: { matrix: [[[1e308, 0], [1e308, 0]], [[1e308, 0], [-1e308, 0]]] }, channels: [{ operator: { matrix: m(0.5) }, rate: 1, bath: 'b' }], baths: { b: { beta: null } } });
  const cases: Array<[string[], RegExp]> = [
    [['diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '1e300'], /^lindblad: error: --t-max: about [\d.]+e\+303 jumps expected/],
    [['examples/thermal-qubit.json', '--t-max', '1e300'], /^lindblad: error: --t-max: about .* jumps expected/],
    [[overflowRate], /^lindblad: error: (hamiltonian|channels\[0\]): .*overflows double precision/],
    [[overflowH], /^lindblad: error: hamiltonian: overflows double precision/],
  ];
  for (const [args, re] of cases) {
    const t0 = performance.now();
    const r = await run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.ok(performance.now() - t0 < 5000, `${args.join(' ')} took ${performance.now() - t0} ms`);
  }
});
