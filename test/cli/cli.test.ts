import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/lindblad.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'lindblad-cli-'));
const file = (name: string, content: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

test('--help lists the commands', () => {
  const r = run('--help');
  assert.equal(r.code, 0);
  for (const c of ['steady', 'diamond', 'cavity', 'paper']) assert.match(r.out, new RegExp(`\\b${c}\\b`));
});

test('steady --json on the example files: ρ rows of [re, im] and a certificate', () => {
  for (const ex of ['examples/thermal-qubit.json', 'examples/driven-qubit-matrix.json', 'examples/diamond.json', 'examples/cavity.json']) {
    const r = run('steady', ex, '--json');
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out);
    const n = o.rho.length;
    let tr = 0;
    for (let i = 0; i < n; i++) {
      assert.equal(o.rho[i].length, n);
      tr += o.rho[i][i][0];
    }
    assert.ok(Math.abs(tr - 1) < 1e-12, `${ex}: trace ${tr}`);
    assert.equal(o.certificate.unique, true);
    for (const k of ['residual', 'traceError', 'minEigenvalue']) assert.equal(typeof o.certificate[k], 'number');
  }
  // thermal qubit at β = 1: p1/p0 = e^{−1}
  const q = JSON.parse(run('steady', 'examples/thermal-qubit.json', '--json').out);
  assert.ok(Math.abs(q.rho[1][1][0] / q.rho[0][0][0] - Math.exp(-1)) < 1e-12);
});

test('the diamond example file reproduces the diamond command', () => {
  const a = JSON.parse(run('steady', 'examples/diamond.json', '--json').out);
  const b = JSON.parse(run('diamond', '--beta-a', '4', '--beta-s', '-2', '--json').out);
  // Bell populations from the product-basis ρ of the file
  const r = a.rho;
  const pS = (r[1][1][0] + r[2][2][0]) / 2 + r[1][2][0];
  assert.ok(Math.abs(pS - b.populations.S) < 1e-10);
});

test('bad input: one line naming the field, exit code 2, no stack trace', () => {
  const cases: Array<[string[], RegExp]> = [
    [['steady', file('malformed.json', '{"dims": [2], ')], /malformed JSON/],
    [['steady', file('nonsquare.json', { dims: [2], hamiltonian: { matrix: [[[0, 0], [1, 0]]] } })], /hamiltonian\.matrix: expected 2 rows/],
    [['steady', file('nonherm.json', { dims: [2], hamiltonian: { matrix: [[[0, 0], [1, 0]], [[0, 0], [0, 0]]] } })], /hamiltonian: expected a Hermitian operator/],
    [['steady', file('negrate.json', { subsystems: { q: 'qubit' }, channels: [{ operator: 'q.sigma_minus', rate: -1 }] })], /channels\[0\]\.rate: expected a rate ≥ 0/],
    [['steady', file('nan.json', '{"dims":[2],"channels":[{"operator":{"matrix":[[0,1],[0,0]]},"rate":NaN}]}')], /malformed JSON/],
    [['steady', file('wrongdim.json', { dims: [3], channels: [{ operator: { matrix: [[0, 1], [0, 0]] }, rate: 1 }] })], /channels\[0\]\.operator\.matrix: expected 3 rows/],
    [['steady', file('unknownop.json', { subsystems: { q: 'qubit' }, channels: [{ operator: 'q.sigma_foo', rate: 1 }] })], /channels\[0\]\.operator: unknown qubit operator "sigma_foo"/],
    [['steady', file('unknownsub.json', { subsystems: { q: 'qubit' }, channels: [{ operator: { op: 'sigma_minus', on: 'r' }, rate: 1 }] })], /unknown subsystem "r"/],
    [['steady', file('degenerate.json', { subsystems: { q: 'qubit' }, hamiltonian: 'q.sigma_x' })], /more than one stationary state/],
    [['steady', join(tmp, 'missing.json')], /missing\.json: cannot read the model file \(ENOENT/],
    [['diamond', '--beta-a', 'abc', '--beta-s', '1'], /--beta-a: expected a number, inf or -inf/],
    [['cavity', '--kappa', '-1', '--gamma', '0', '--pump', '1e-3'], /--kappa: expected a value ≥ 0/],
    [['cavity', '--kappa', '1', '--gamma', '0', '--pump', '1e-3', '--cutoff', '2.5'], /--cutoff: expected an integer/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.err}`);
    assert.match(r.err, pattern);
    assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('diamond and cavity commands print the documented JSON', () => {
  const d = JSON.parse(run('diamond', '--beta-a', 'inf', '--beta-s', '-inf', '--json').out);
  assert.ok(Math.abs(d.concurrence - 0.5) < 1e-12 && Math.abs(d.concurrenceAnalytic - 0.5) < 1e-12);
  for (const k of ['G', 'S', 'A', 'E']) assert.equal(typeof d.populations[k], 'number');
  assert.equal(d.entropyProduction, 'inf');
  const c = JSON.parse(run('cavity', '--g', '1', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4', '--json').out);
  assert.ok(Math.abs(c.concurrence - 0.3868) < 1e-3);
  for (const k of ['meanPhotons', 'topFockPopulation']) assert.equal(typeof c[k], 'number');
  for (const k of ['betaA', 'betaS', 'concurrence']) assert.equal(typeof c.effective[k], 'number');
});

test('paper: writes the four figures (SVG, PNG, CSV) and report.md, nothing half-written', () => {
  const out = join(tmp, 'paper');
  const r = run('paper', '--out', out, '--grid', '21', '--kappa-points', '15', '--quiet');
  assert.equal(r.code, 0, r.err);
  const files = readdirSync(out).sort();
  const expected = ['fig1b', 'fig1c', 'fig2b', 'fig2c', 'cavity-dynamics', 'entropy-histogram']
    .flatMap((b) => [`${b}.csv`, `${b}.png`, `${b}.svg`]).concat('report.md').sort();
  assert.deepEqual(files, expected);
});
