import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evolve, distinctGaps } from '../../src/evolve/evolve.ts';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LindbladError } from '../../src/errors.ts';
import { parseInitialState, parseModel } from '../../src/io/model-file.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavitySteadyState } from '../../src/paper/cavity-solve.ts';
import { buildProgram } from '../../src/cli/main.ts';

const sp = space({ q: qubit() });
const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 1 }] });
const ground = DenseMatrix.diagonal([1, 0]);

function rejects(f: () => unknown, field: string, pattern?: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof LindbladError && e.field === field && (!pattern || pattern.test(e.message)),
    `expected a LindbladError for ${field}`);
}

test('evolve validates ρ0, times, method, observables and keepStates, naming the field', () => {
  rejects(() => evolve(model, DenseMatrix.identity(3).scale(1 / 3), [1]), 'rho0', /2×2/);
  rejects(() => evolve(model, DenseMatrix.diagonal([0.5, 0.4]), [1]), 'rho0', /trace 1/);
  rejects(() => evolve(model, DenseMatrix.fromRows([[0.5, 0.3], [0, 0.5]]), [1]), 'rho0', /Hermitian/);
  rejects(() => evolve(model, DenseMatrix.diagonal([1.5, -0.5]), [1]), 'rho0', /positive semidefinite/);
  rejects(() => evolve(model, DenseMatrix.diagonal([NaN, 0]), [1]), 'rho0', /NaN/);
  rejects(() => evolve(model, 'ground' as never, [1]), 'rho0');
  rejects(() => evolve(model, ground, []), 'times');
  rejects(() => evolve(model, ground, [0, NaN]), 'times[1]', /finite/);
  rejects(() => evolve(model, ground, [0, Infinity]), 'times[1]');
  rejects(() => evolve(model, ground, [-1, 0]), 'times[0]', /≥ 0/);
  rejects(() => evolve(model, ground, [0, 2, 1]), 'times[2]', /non-decreasing/);
  rejects(() => evolve(model, ground, [1], { method: { kind: 'rk4' } as never }), 'method.kind');
  rejects(() => evolve(model, ground, [1], { method: { kind: 'dopri5', rtol: 0 } }), 'method.rtol');
  rejects(() => evolve(model, ground, [1], { method: { kind: 'implicit', atol: NaN } }), 'method.atol');
  rejects(() => evolve(model, ground, [1], { method: { kind: 'expm', rtol: 1e-6 } as never }), 'method.rtol', /exact/);
  const other = space({ a: qubit(), b: qubit() });
  rejects(() => evolve(model, ground, [1], { observables: { n: op(other, 'a', 'n') } }), 'observables.n');
  rejects(() => evolve(model, ground, [1], { observables: { n: 3 as never } }), 'observables.n');
  rejects(() => evolve(model, ground, [1], { keepStates: 'yes' as never }), 'keepStates');
  rejects(() => evolve(model, ground, [1], { restrictToSector: 1 as never }), 'restrictToSector');
  // An infinitely fast channel has no dynamics to integrate.
  rejects(() => evolve(diamondModel({ betaA: Infinity, betaS: 0 }).model, DenseMatrix.diagonal([1, 0, 0, 0]), [1]), 'channels', /infinite rate/);
  // Equal times and t = 0 are fine; ρ0 within round-off of a state is accepted.
  const r = evolve(model, DenseMatrix.diagonal([1 + 1e-12, -1e-12]), [0, 0, 1, 1]);
  assert.equal(r.states!.length, 4);
  assert.deepEqual(r.states![0].toRows(), r.states![1].toRows());
});

test('distinctGaps counts the different output spacings (uniform grids need one exponential)', () => {
  assert.equal(distinctGaps([0, 1, 2, 3]), 1);
  assert.equal(distinctGaps([0.5, 1, 1.5]), 1);
  assert.equal(distinctGaps([1, 2, 3]), 1);
  assert.equal(distinctGaps([0, 0, 1, 1]), 1);
  assert.equal(distinctGaps([0.1, 1, 10, 100]), 4);
  assert.equal(distinctGaps(Array.from({ length: 101 }, (_, k) => 50 * k)), 1);
});

test('model files: parseInitialState reads "levels" and "matrix", and reports bad ones by field', () => {
  const file = {
    subsystems: { q1: 'qubit', q2: 'qubit' },
    hamiltonian: 'q1.n',
    initialState: { levels: { q2: 1 } },
  };
  const m = parseModel(file);
  const rho = parseInitialState(file, m.space)!;
  assert.equal(rho.re(1, 1), 1); // |q1=0, q2=1⟩ has index 1
  assert.equal(parseInitialState({ subsystems: { q: 'qubit' } }, space({ q: qubit() })), null);
  const mat = parseInitialState({ initialState: { matrix: [[0.5, [0, 0.5]], [[0, -0.5], 0.5]] } }, sp)!;
  assert.deepEqual(mat.get(0, 1), [0, 0.5]);
  rejects(() => parseInitialState({ initialState: { levels: { q3: 1 } } }, m.space), 'initialState.levels', /unknown subsystem/);
  rejects(() => parseInitialState({ initialState: { levels: { q1: 2 } } }, m.space), 'initialState.levels', /level/);
  rejects(() => parseInitialState({ initialState: { matrix: [[1]] } }, m.space), 'initialState.matrix', /4 rows/);
  rejects(() => parseInitialState({ initialState: { ket: [1, 0] } }, m.space), 'initialState');
});

const CLI = join(process.cwd(), 'bin', 'lindblad.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'evolve', ...args], { encoding: 'utf8' });

test('CLI: evolve cavity --csv from the ground state reaches the steady state', () => {
  const r = run('cavity', '--g', '1', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4', '--t-max', '5000', '--steps', '101', '--csv');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 't,G,S,A,E,concurrence,photons');
  assert.equal(lines.length, 102);
  assert.deepEqual(lines[1].split(',').map(Number), [0, 1, 0, 0, 0, 0, 0]);
  const last = lines[101].split(',').map(Number);
  assert.equal(last[0], 5000);
  const ss = cavitySteadyState({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  assert.ok(Math.abs(last[5] - ss.concurrence) < 1e-8, `C(5000) = ${last[5]} vs ${ss.concurrence}`);
  assert.ok(Math.abs(last[1] - ss.populations.G) < 1e-8 && Math.abs(last[6] - ss.meanPhotons) < 1e-8);
  for (const line of lines.slice(1)) {
    const [, g, s, a, e] = line.split(',').map(Number);
    assert.ok(Math.abs(g + s + a + e - 1) < 1e-9);
  }
});

test('CLI: evolve diamond, a model file with an initialState, --json, and one-line errors with exit code 2', async () => {
  const d = run('diamond', '--beta-a', '5', '--beta-s', '0', '--t-max', '20', '--steps', '3', '--csv');
  assert.equal(d.status, 0, d.stderr);
  const rows = d.stdout.trim().split('\n');
  assert.equal(rows[0], 't,G,S,A,E,concurrence');
  assert.ok(Math.abs(Number(rows[3].split(',')[5]) - 0.247198) < 1e-6); // PHYSICS.md spot value
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-evolve-'));
  const path = join(dir, 'qubit.json');
  writeFileSync(path, JSON.stringify({
    subsystems: { q: 'qubit' }, hamiltonian: 'q.n',
    channels: [{ operator: 'q.sigma_minus', rate: 0.5 }], initialState: { levels: { q: 1 } },
  }));
  const j = run(path, '--t-max', '2', '--steps', '3', '--json', '--method', 'implicit');
  assert.equal(j.status, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.deepEqual(out.columns.t, [0, 1, 2]);
  out.columns.t.forEach((t: number, k: number) => assert.ok(Math.abs(out.columns.p_1[k] - Math.exp(-0.5 * t)) < 1e-7));
  assert.equal(out.stats.method, 'implicit');
  const human = run(path, '--t-max', '2', '--steps', '2');
  assert.equal(human.status, 0);
  assert.match(human.stdout, /from its initialState/);
  // One real process for the error path (one line on stderr, exit code 2) …
  const bad = run('cavity', '--kappa', '1', '--gamma', '0', '--t-max', '1');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'lindblad: error: --pump: required for "evolve cavity"\n');
  // … and the other bad inputs in-process: each is a LindbladError naming the option.
  for (const [args, field] of [
    [['cavity', '--kappa', '-1', '--gamma', '0', '--pump', '1', '--t-max', '1'], '--kappa'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', 'abc'], '--t-max'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', '1', '--steps', '1'], '--steps'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', '1', '--method', 'rk4'], '--method'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', '1', '--method', 'expm', '--rtol', '1e-6'], '--rtol'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', '1', '--kappa', '2'], '--kappa'],
    [['diamond', '--beta-a', '1', '--beta-s', '0', '--t-max', '1', '--json', '--csv'], '--csv'],
    [['diamond', '--beta-a', 'inf', '--beta-s', '0', '--t-max', '1'], 'channels'],
    [[join(dir, 'missing.json'), '--t-max', '1'], join(dir, 'missing.json')],
  ] as Array<[string[], string]>) {
    await assert.rejects(buildProgram().parseAsync(['node', 'lindblad', 'evolve', ...args]),
      (e: unknown) => e instanceof LindbladError && e.field === field, args.join(' '));
  }
});
