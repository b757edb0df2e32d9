import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);
/** Enough work to be caught mid-run: 120 κ points at cutoff 40 (a 644-unknown sector each), 4 points per chunk. */
const SLOW = ['sweep', 'cavity', '--kappa', '0.1:100:120:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '40', '--workers', '0', '--chunk', '4', '--progress', 'none'];

test('resume after SIGKILL: the rerun computes only the missing points and the CSV is byte-identical', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-sweep-'));
  const ref = run([...SLOW, '--out', 'ref.csv'], dir);
  assert.equal(ref.status, 0, ref.stderr);
  const child = spawn(process.execPath, [BIN, ...SLOW, '--out', 'k.csv'], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const jsonl = join(dir, 'k.jsonl');
  let seen = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      seen = lines(jsonl);
      if (seen >= 9 || child.exitCode !== null) { clearInterval(timer); child.kill('SIGKILL'); resolve(); }
    }, 5);
  });
  await exited;
  const stored = lines(jsonl) - 1;
  assert.ok(stored >= 8 && stored < 120, `killed with ${stored} of 120 points stored`);
  assert.ok(!existsSync(join(dir, 'k.csv')), 'no CSV before the sweep is complete');
  appendFileSync(jsonl, '{"index": 119, "g": 1, "kap'); // a torn last line, as a kill mid-write leaves it
  const again = run([...SLOW, '--out', 'k.csv'], dir);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`120 points \\(${120 - stored} computed, ${stored} resumed\\)`));
  assert.equal(readFileSync(join(dir, 'k.csv'), 'utf8'), readFileSync(join(dir, 'ref.csv'), 'utf8'));
  assert.equal(lines(jsonl), 121, 'every point stored once');
  // A rerun of the finished sweep does nothing and rewrites the same CSV.
  const idle = run([...SLOW, '--out', 'k.csv'], dir);
  assert.match(idle.stdout, /0 computed, 120 resumed/);
  assert.equal(readFileSync(join(dir, 'k.csv'), 'utf8'), readFileSync(join(dir, 'ref.csv'), 'utf8'));
  // The same --out with other parameters is refused rather than mixed in.
  const other = run(['sweep', 'cavity', '--kappa', '0.1:100:120:log', '--gamma', '2e-3', '--pump', '5e-3', '--cutoff', '40', '--out', 'k.csv'], dir);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /^lindblad: error: .*k\.jsonl: was written by a different sweep/);
});

test('bad parameters fail before any work: one line, exit code 2, no files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-sweep-'));
  const cases: Array<[string[], RegExp]> = [
    [['cavity', '--kappa', '1:10:x', '--gamma', '0', '--pump', '1e-3'], /--kappa: COUNT must be an integer/],
    [['cavity', '--kappa', '1', '--gamma', '-1e-3', '--pump', '1e-3'], /--gamma: expected values ≥ 0/],
    [['cavity', '--kappa', '1', '--gamma', '0', '--pump', '1e-3', '--temperature', '3'], /--temperature: unknown parameter/],
    [['cavity', '--kappa', '1', '--gamma', '0'], /--pump: missing/],
    [['cavity', '--kappa', '0:1:3:log', '--gamma', '0', '--pump', '1e-3'], /START > 0/],
    [['diamond', '--beta-a', '-6:6:121', '--beta-s', '1', '--outputs', 'concurrence,nonsense'], /nonsense: unknown output/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--workers', '-1'], /--workers/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--workers', 'fast'], /--workers: expected an integer/],
    [['no-such-model.json', '--rate.x', '1'], /no-such-model\.json: cannot read the model file/],
    [['../../examples/cavity.json', '--rate.nonexistent', '1'], /--rate\.nonexistent: no channel with label or index/],
    // an empty list swept with no output column; a name given twice was said to be a parameter's
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--outputs', ''], /--outputs: expected one or more output names separated by commas, got ""/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--outputs', ' , '], /--outputs: expected one or more output names/],
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--outputs', 'purity,residual,purity'], /error: purity: an output named twice\n/],
    // an option where a value is due: --beta-a took "--beta-s" as its value, and the error blamed a stray "1"
    [['diamond', '--beta-a', '--beta-s', '1'], /error: --beta-a: missing value \(START:STOP:COUNT\[:log\] or a number\)\n/],
    // one channel named twice (label and index, "0" and "00"): the later value was used, the CSV showed both
    [['../../examples/thermal-qubit.json', '--rate.channel0', '1', '--rate.0', '2'], /error: --rate\.0: sets channel 0 \("channel0"\), as does --rate\.channel0; give each channel's rate once\n/],
    [['../../examples/thermal-qubit.json', '--rate.1', '1', '--rate.01', '2'], /error: --rate\.01: sets channel 1 \("channel1"\), as does --rate\.1;/],
    // decimal numbers only: "0x10" was read as 16
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--chunk', '0x10'], /--chunk: expected an integer, got "0x10"/],
    [['diamond', '--beta-a', '0x10', '--beta-s', '1'], /--beta-a: value: expected a finite number, got "0x10"/],
    // a flag given a value was called an unknown model parameter
    [['diamond', '--beta-a', '1', '--beta-s', '1', '--force-workers=1'], /error: --force-workers: takes no value \(a flag\), got "--force-workers=1"\n/],
  ];
  const results = await Promise.all(cases.map(([args]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sweep', ...args, '--out', join(dir, 'x.csv')], { cwd: new URL('.', import.meta.url).pathname });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stderr }));
  })));
  cases.forEach(([args, re], k) => {
    const r = results[k];
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
  assert.deepEqual(readdirSync(dir), []);
});

test('--workers auto is the default, spelled out (as for lindblad trajectories): the same CSV as --workers 0', () => {
  const args = ['sweep', 'diamond', '--beta-a', '-2:2:5', '--beta-s', '1', '--progress', 'none'];
  const cwd = new URL('../..', import.meta.url).pathname;
  const auto = spawnSync(process.execPath, [BIN, ...args, '--workers', 'auto'], { cwd, encoding: 'utf8' });
  const here = spawnSync(process.execPath, [BIN, ...args, '--workers', '0'], { cwd, encoding: 'utf8' });
  assert.equal(auto.status, 0, auto.stderr);
  assert.equal(here.status, 0, here.stderr);
  assert.equal(auto.stdout, here.stdout);
  assert.equal(auto.stdout.trim().split('\n').length, 6);
});

test('model-file sweep: --rate.<label> and --hamiltonian-scale, CSV on stdout without --out', () => {
  const r = spawnSync(process.execPath, [BIN, 'sweep', 'examples/cavity.json', '--rate.cavity_loss', '0.5:5:3:log', '--hamiltonian-scale', '1',
    '--workers', '0', '--outputs', 'population.0,heat.cavity,unique'], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n');
  assert.equal(rows[0], 'hamiltonian-scale,rate.cavity_loss,population.0,heat.cavity,unique');
  assert.equal(rows.length, 4);
  assert.ok(rows.slice(1).every((l) => l.endsWith(',1')));
});

test('a sweep that fails at a point names the point and leaves no files, whether the point comes first or last (it left a JSONL of the points before, which every rerun stops at the same point again)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-sweep-'));
  // a qubit with decay only: at rate 0 every state is stationary (no unique steady state)
  writeFileSync(join(dir, 'decay.json'), JSON.stringify({ subsystems: { q: 'qubit' }, channels: [{ label: 'decay', operator: 'q.sigma_minus', rate: 1 }] }));
  const sweep = (range: string) => run(['sweep', 'decay.json', '--rate.decay', range, '--workers', '0', '--chunk', '1', '--progress', 'none', '--out', 'k.csv'], dir);
  const first = sweep('0:1:3');
  assert.equal(first.status, 2);
  // the failing point is named (the message did not say where in the grid)
  assert.match(first.stderr, /^lindblad: error: model: [^\n]*not unique[^\n]* \(at sweep point 0: hamiltonian-scale = 1, rate\.decay = 0\)\n$/);
  assert.deepEqual(readdirSync(dir), ['decay.json']);
  const last = sweep('1:0:3');
  assert.equal(last.status, 2);
  assert.match(last.stderr, /\(at sweep point 2: hamiltonian-scale = 1, rate\.decay = 0\)\n$/);
  assert.deepEqual(readdirSync(dir), ['decay.json']);
});
