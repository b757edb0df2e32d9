/**
 * Where `sweep --out` may write (run in a worker thread of this process, test/hostile/cli-thread.ts): a name ending in .csv
 * whose CSV, JSONL and lock are regular files or absent — never the model file itself, a link, a FIFO, a
 * device or a directory — and file-system failures as one line naming the path; grids of more than 10⁷
 * points and more workers than cores are refused before any work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';
import { coreCount } from '../../src/io/limits.ts';

const EXAMPLE = new URL('../../examples/thermal-qubit.json', import.meta.url).pathname;

test.after(() => stopCliThread());
const runCaptured = (args: string[], env: Record<string, string> = {}) => cliInThread(args, env);

async function refused(args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<void> {
  const r = await runCaptured(args, env);
  assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}${r.stdout}`);
  assert.match(r.stderr, /^lindblad: error: [^\n]*\n$/, r.stderr);
  assert.match(r.stderr, pattern);
}

test('refused outputs: not .csv, the model file, links, FIFOs, devices, directories, missing directories', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-out-'));
  const model = join(dir, 'm.json');
  copyFileSync(EXAMPLE, model);
  const before = readFileSync(model, 'utf8');
  const sweep = (out: string) => ['sweep', model, '--hamiltonian-scale', '1:2:3', '--workers', '0', '--progress', 'none', '--out', out];
  await refused(sweep(model), /--out: expected a file name ending in \.csv/);
  await refused(sweep('/tmp'), /--out: expected a file name ending in \.csv .*got "\/tmp"/);
  await refused(sweep(join(dir, '.csv')), /--out: expected a file name ending in \.csv/);
  linkSync(model, join(dir, 'hard.csv'));
  await refused(sweep(join(dir, 'hard.csv')), /hard\.csv: is the input file .*m\.json; choose another output/);
  symlinkSync(model, join(dir, 'sym.csv'));
  await refused(sweep(join(dir, 'sym.csv')), /sym\.csv: is a symbolic link/);
  symlinkSync('/etc/hostname', join(dir, 'out.jsonl'));
  await refused(sweep(join(dir, 'out.csv')), /out\.jsonl: is a symbolic link/);
  mkdirSync(join(dir, 'dir.csv'));
  await refused(sweep(join(dir, 'dir.csv')), /dir\.csv: is a directory/);
  if (spawnSync('mkfifo', [join(dir, 'f.jsonl')]).status === 0) await refused(sweep(join(dir, 'f.csv')), /f\.jsonl: is a FIFO/);
  await refused(sweep('/dev/null'), /--out: expected a file name ending in \.csv/);
  await refused(sweep(join(dir, 'none', 'k.csv')), /k\.csv: cannot write: its directory .*none is missing or unreadable \(ENOENT/);
  if (existsSync('/sys/kernel')) await refused(sweep('/sys/k.csv'), /^lindblad: error: \/sys\/k\.csv(\.lock)?: cannot (create the lock file|write) \((EACCES|EROFS|EPERM)/);
  assert.equal(readFileSync(model, 'utf8'), before, 'the model file is untouched');
  assert.deepEqual(readdirSync(dir).sort(), ['dir.csv', 'f.jsonl', 'hard.csv', 'm.json', 'out.jsonl', 'sym.csv'].filter((f) => f !== 'f.jsonl' || existsSync(join(dir, f))));
  // an accepted output: the CSV and JSONL appear, the lock is gone
  const ok = await runCaptured(sweep(join(dir, 'k.csv')));
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(existsSync(join(dir, 'k.csv')) && existsSync(join(dir, 'k.jsonl')) && !existsSync(join(dir, 'k.csv.lock')));
});

test('sizes refused before any work: 10¹² grid points, more workers than cores', async () => {
  await refused(['sweep', 'diamond', '--beta-a', '-1:1:1000000', '--beta-s', '-1:1:1000000'], /^lindblad: error: --beta-a × --beta-s: the grid has 1\.00e12 points \(1000000 × 1000000\); at most 1e7 are allowed\n$/);
  await refused(['sweep', 'diamond', '--beta-a', '1', '--beta-s', '1', '--workers', String(coreCount() + 1)], /--workers: expected at most \d+ \(the cores available\).*--force-workers/);
  await refused(['sweep', 'diamond', '--beta-a', '1', '--beta-s', '1', '--workers', '1000000', '--force-workers'], /64 per core/);
  // the budget fixed by LINDBLAD_MAX_MEMORY, so that the test does not depend on the machine
  await refused(['sweep', 'cavity', '--kappa', '1', '--gamma', '1', '--pump', '1', '--cutoff', '4000', '--workers', '0'],
    /^lindblad: error: sweep: a sweep of 1 point .* n = 16004 .*: at least 15 GiB, more than the 8\.0 GiB a run may use \(LINDBLAD_MAX_MEMORY\)\n$/, { LINDBLAD_MAX_MEMORY: '8G' });
});

test('a full disk: the sweep stops with one line naming the JSONL (ENOSPC), on a 64 KiB tmpfs when one can be mounted', async (t) => {
  const mnt = mkdtempSync(join(tmpdir(), 'lindblad-full-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status !== 0) { t.skip('cannot mount a tmpfs here (needs root): ENOSPC not exercised'); return; }
  try {
    const r = await runCaptured(['sweep', 'diamond', '--beta-a', '-6:6:200', '--beta-s', '-6:6:10', '--workers', '0', '--progress', 'none', '--out', join(mnt, 'k.csv')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^lindblad: error: .*k\.(jsonl|csv): cannot write \(ENOSPC: no space left on device\)\n$/);
    assert.ok(!existsSync(join(mnt, 'k.csv.lock')), 'lock released after the failure');
  } finally {
    spawnSync('umount', [mnt]);
  }
});
