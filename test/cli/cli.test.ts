import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tempPathFor } from '../../src/io/atomic.ts';
import { PAPER_FILES } from '../../src/paper/paper-files.ts';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LindbladError } from '../../src/errors.ts';

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
    // an empty path: the message lacked its field ("lindblad: error: cannot read the model file (ENOENT…)")
    [['steady', ''], /^lindblad: error: model file: expected the path of the model file, got ""\n$/],
    [['evolve', '', '--t-max', '1'], /^lindblad: error: model file: expected the path of the model file, got ""\n$/],
    [['sweep', '', '--rate.0', '1'], /^lindblad: error: model file: expected the path of the model file \(the model is "cavity", "diamond" or a JSON model file\), got ""\n$/],
    [['merge', 'm.csv', ''], /^lindblad: error: SHARD\.csv: expected a file name ending in \.csv/],
    // (it wrote the figures into the current directory)
    [['paper', '--out', ''], /^lindblad: error: --out: expected an output directory, got ""\n$/],
    // a key given twice: JSON.parse kept the last value silently (a decay rate of 100, not 1)
    [['steady', file('dupkey.json', '{"subsystems":{"q":"qubit"},"channels":[{"operator":"q.sigma_minus","rate":1,"rate":100}]}')], /error: channels\[0\]: key "rate" given twice/],
    [['sweep', file('dupkey2.json', '{"subsystems":{"q":"qubit"},"channels":[{"operator":"q.sigma_minus","rate":1}],"baths":{},"channels":[]}'), '--hamiltonian-scale', '1'], /error: \(root\): key "channels" given twice/],
    [['evolve', file('dupkey3.json', '{"subsystems":{"q":"qubit","q":"qubit"},"channels":[{"operator":"q.sigma_minus","rate":1}]}'), '--t-max', '1'], /error: subsystems: key "q" given twice/],
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

test('paper: writes the four figures (SVG, PNG, CSV) and report.md, nothing half-written; removes a killed run\'s temporaries of its files, nothing else', () => {
  const out = join(tmp, 'paper');
  mkdirSync(out);
  // What a run killed mid-write leaves (writeFileAtomic's name, dated now: before this run starts) …
  const left = [tempPathFor(join(out, 'fig1b.svg')), tempPathFor(join(out, 'report.md'))];
  // … and what it must leave alone: a temporary dated after its start (a later writer's), other names.
  const later = `.fig1b.png.${process.pid}-1-${(Date.now() + 3_600_000).toString(36)}-0123456789ab.tmp`;
  const other = ['.notes.tmp', '.fig1b.svg.1-2-3-abc.tmp', `.mine.csv.${process.pid}-1-1-0123456789ab.tmp`];
  for (const f of [...left, ...[later, ...other].map((n) => join(out, n))]) writeFileSync(f, 'partial');
  const r = run('paper', '--out', out, '--grid', '21', '--kappa-points', '15', '--quiet');
  assert.equal(r.code, 0, r.err);
  const files = readdirSync(out).sort();
  const expected = ['fig1b', 'fig1c', 'fig2b', 'fig2c', 'cavity-dynamics', 'entropy-histogram', 'emission-g2', 'emission-spectrum', 'tur-map', 'tur-kappa', 'fano-kappa', 'emitters-concurrence', 'emitters-scaling']
    .flatMap((b) => [`${b}.csv`, `${b}.png`, `${b}.svg`]).concat('report.md');
  assert.deepEqual(files, [...expected, later, ...other].sort());
  assert.deepEqual([...PAPER_FILES].sort(), [...expected].sort(), 'the list the command checks up front is what it writes');
  // a directory where one of them goes: refused before any work, nothing written
  const blocked = join(tmp, 'paper-blocked');
  mkdirSync(join(blocked, 'report.md'), { recursive: true });
  const b = run('paper', '--out', blocked, '--grid', '21', '--kappa-points', '15', '--quiet');
  assert.deepEqual([b.code, b.err.replace(tmp, 'TMP')], [2, 'lindblad: error: TMP/paper-blocked/report.md: is a directory; an output must be a regular file or a new one\n']);
  assert.deepEqual(readdirSync(blocked), ['report.md']);
});

test('commander\'s parse errors are one line "lindblad: error: OPTION: …" with exit code 2 (real processes)', () => {
  const cases: Array<[string[], string]> = [
    [['steady', '--foo', 'x'], 'lindblad: error: --foo: unknown option'],
    [['steady'], 'lindblad: error: model: missing (a required argument)'],
    [['diamond', '--beta-a'], 'lindblad: error: --beta-a: missing its value'],
    [['diamond', '--beta-a', '1'], 'lindblad: error: --beta-s: required'],
    [['bogus'], 'lindblad: error: bogus: unknown command (expected one of steady, diamond, cavity, paper, evolve, trajectories, sweep, worker, merge, fcs, correlate, spectrum, periodic, model)'],
    [['steady', 'a.json', 'b.json'], 'lindblad: error: steady: too many arguments (expected 1, got 2)'],
    [[], 'lindblad: error: command: missing (expected one of steady, diamond, cavity, paper, evolve, trajectories, sweep, worker, merge, fcs, correlate, spectrum, periodic, model; see lindblad --help)'],
  ];
  for (const [args, line] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err, `${line}\n`);
    assert.equal(r.out, '');
  }
  const help = run('steady', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: lindblad steady/);
});

test('internal errors: one line "lindblad: internal error: …", exit code 1; the stack only with LINDBLAD_DEBUG=1', async () => {
  const { reportError, oneLine } = await import('../../src/cli/main.ts');
  const { LinalgError } = await import('../../src/linalg/errors.ts');
  const capture = (f: () => number): { code: number; err: string } => {
    const saved = process.stderr.write;
    let err = '';
    process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
    try { return { code: f(), err }; } finally { process.stderr.write = saved; }
  };
  const saved = process.env.LINDBLAD_DEBUG;
  try {
    delete process.env.LINDBLAD_DEBUG;
    const linalg = capture(() => reportError(new LinalgError('pivot breakdown in LU')));
    assert.equal(linalg.code, 1);
    assert.match(linalg.err, /^lindblad: internal error: [^\n]*pivot breakdown in LU[^\n]* \(a defect of lindblad; LINDBLAD_DEBUG=1 shows where\)\n$/);
    const type = capture(() => reportError(new TypeError('x is not a function')));
    assert.equal(type.err, 'lindblad: internal error: TypeError: x is not a function (a defect of lindblad; LINDBLAD_DEBUG=1 shows where)\n');
    const thrown = capture(() => reportError('a string'));
    assert.equal(thrown.code, 1);
    assert.equal(thrown.err.split('\n').length, 2);
    const fs = capture(() => reportError(Object.assign(new Error('EACCES: permission denied, open \'/x/k.csv\''), { code: 'EACCES', path: '/x/k.csv' })));
    assert.deepEqual(fs, { code: 2, err: 'lindblad: error: /x/k.csv: cannot use (EACCES: permission denied)\n' });
    const user = capture(() => reportError(new LindbladError('invalid-input', 'line one\nline two', 'baths.a\tb')));
    assert.deepEqual(user, { code: 2, err: 'lindblad: error: baths.a\\u0009b: line one line two\n' });
    process.env.LINDBLAD_DEBUG = '1';
    const debug = capture(() => reportError(new TypeError('boom')));
    assert.match(debug.err, /^lindblad: internal error: TypeError: boom\nTypeError: boom\n\s+at /);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_DEBUG; else process.env.LINDBLAD_DEBUG = saved;
  }
  assert.equal(oneLine('x'.repeat(3000)).length, 2001);
});

test('JSON output: ±inf as "inf"/"-inf", NaN as "nan", but a NaN inside a certificate, ρ or populations is an internal error', async () => {
  const { toJson } = await import('../../src/cli/io.ts');
  assert.equal(toJson({ a: Infinity, b: -Infinity, c: NaN, d: [1, NaN], e: new Float64Array([NaN, 2]) }), '{"a":"inf","b":"-inf","c":"nan","d":[1,"nan"],"e":["nan",2]}');
  for (const bad of [{ certificate: { residual: NaN } }, { certificate: { uniqueness: { ratio: NaN } } }, { rho: [[[1, 0], [NaN, 0]]] }, { populations: { G: NaN } }]) {
    assert.throws(() => toJson(bad), (e: unknown) => e instanceof LindbladError && e.code === 'internal' && /NaN/.test(e.message), JSON.stringify(Object.keys(bad)));
  }
  assert.equal(toJson({ certificate: { residual: Infinity } }), '{"certificate":{"residual":"inf"}}');
  const text = toJson({ concurrenceAnalytic: NaN, certificate: { residual: 1e-17 } });
  assert.deepEqual(JSON.parse(text), { concurrenceAnalytic: 'nan', certificate: { residual: 1e-17 } });
});

test('limits on the command line: the cavity cutoff and model-file dimension against the memory budget', () => {
  const env = { ...process.env, LINDBLAD_MAX_MEMORY: '4G' };
  // The two-emitter cavity is solved in its zero-charge sector (16N + 4 unknowns): memory grows with N, not n².
  const cav = spawnSync(process.execPath, ['bin/lindblad.mjs', 'cavity', '--kappa', '1', '--gamma', '1', '--pump', '1', '--cutoff', '4096'], { encoding: 'utf8', env: { ...env, LINDBLAD_MAX_MEMORY: '16M' } });
  assert.equal(cav.status, 2);
  assert.equal(cav.stderr, 'lindblad: error: --cutoff: a steady state at cutoff 4096 (65540 sector unknowns, at least 800 bytes each): at least 50 MiB, more than the 16 MiB a run may use (LINDBLAD_MAX_MEMORY)\n');
  // A vanishing rate may make the state non-unique, and that verdict is built on the full space (64·n² bytes):
  // refused up front under the default budget instead of exhausting the machine's memory.
  const dark = spawnSync(process.execPath, ['bin/lindblad.mjs', 'cavity', '--kappa', '0', '--gamma', '0', '--pump', '0', '--cutoff', '4096'], { encoding: 'utf8', env });
  assert.equal(dark.status, 2);
  assert.match(dark.stderr, /^lindblad: error: --cutoff: a steady state of dimension n = 16388 needs 64·n² bytes/);
  const huge = file('huge.json', { subsystems: { b: { kind: 'levels', n: 100000 } }, channels: [{ operator: 'b.n', rate: 1 }] });
  const st = spawnSync(process.execPath, ['bin/lindblad.mjs', 'steady', huge], { encoding: 'utf8', env });
  assert.equal(st.status, 2);
  assert.match(st.stderr, /^lindblad: error: .*huge\.json: a steady state of dimension n = 100000 needs 64·n² bytes: at least 596 GiB/);
  const zero = run('steady', '/dev/zero');
  assert.deepEqual([zero.code, zero.err], [2, 'lindblad: error: /dev/zero: is a character device; the model file must be a regular file\n']);
  const paper = run('paper', '--out', file('not-a-dir', 'x'), '--grid', '21', '--kappa-points', '15', '--quiet');
  assert.deepEqual([paper.code, paper.err.replace(tmp, 'TMP')], [2, 'lindblad: error: TMP/not-a-dir: is a regular file; the output must be a directory (or a new one)\n']);
  // where mkdir answers ENOENT under an existing parent (/proc), Node 20's recursive mkdir spun forever
  const proc = spawnSync(process.execPath, ['bin/lindblad.mjs', 'paper', '--out', '/proc/lindblad-test/out', '--grid', '21', '--kappa-points', '15', '--quiet'], { encoding: 'utf8', timeout: 30_000 });
  assert.deepEqual([proc.status, proc.stderr], [2, 'lindblad: error: /proc/lindblad-test/out: cannot create the output directory /proc/lindblad-test (ENOENT: no such file or directory)\n']);
  const under = run('paper', '--out', join(tmp, 'not-a-dir', 'sub'), '--grid', '21', '--kappa-points', '15', '--quiet');
  assert.deepEqual([under.code, under.err.replace(tmp, 'TMP')], [2, 'lindblad: error: TMP/not-a-dir/sub: cannot use as the output directory (ENOTDIR: a component of the path is not a directory)\n']);
  const grid = run('paper', '--out', join(tmp, 'p2'), '--grid', '1000000');
  assert.match(grid.err, /^lindblad: error: --grid: expected at most 3162/);
});
