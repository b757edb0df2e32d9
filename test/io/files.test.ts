/**
 * Input and output files: bounded reading of model files (regular files only, size cap), output targets
 * (regular or absent, never a link, never an input), atomic writes that replace only regular files, user
 * file-system errors as one-line LindbladErrors, the output lock (held, stale, released), and the limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LindbladError } from '../../src/errors.ts';
import { readInputText } from '../../src/io/input-file.ts';
import { checkOutputDir, checkOutputFile } from '../../src/io/output-path.ts';
import { writeFileAtomic } from '../../src/io/atomic.ts';
import { userFsError } from '../../src/io/fs-errors.ts';
import { acquireLock } from '../../src/io/lock.ts';
import { checkMemory, checkWorkers, coreCount, parseBytes, steadyStateBytes } from '../../src/io/limits.ts';

const dir = mkdtempSync(join(tmpdir(), 'lindblad-files-'));
const at = (name: string) => join(dir, name);
const mkfifo = (p: string) => spawnSync('mkfifo', [p]).status === 0;

/** The message of the LindbladError `f` throws (fails on anything else). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof LindbladError, `not a LindbladError: ${(e as Error)?.stack ?? String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
  assert.fail('did not throw');
}

test('model files are read only from regular files, at most maxBytes, without blocking on a FIFO', () => {
  writeFileSync(at('m.json'), '\ufeff{"a": 1}');
  assert.equal(readInputText(at('m.json')), '{"a": 1}', 'byte-order mark dropped');
  assert.match(refusal(() => readInputText('/dev/zero')), /^\/dev\/zero: is a character device; the model file must be a regular file$/);
  assert.match(refusal(() => readInputText(dir)), /: is a directory; the model file must be a regular file$/);
  assert.match(refusal(() => readInputText(at('none.json'))), /none\.json: cannot read the model file \(ENOENT: no such file or directory\)$/);
  writeFileSync(at('big.json'), 'x'.repeat(2000));
  assert.match(refusal(() => readInputText(at('big.json'), 'model file', 1000)), /big\.json: is 2\.0 KiB; a model file may have at most 1000 bytes$/);
  assert.equal(readInputText(at('big.json'), 'model file', 2000).length, 2000);
  if (mkfifo(at('fifo.json'))) assert.match(refusal(() => readInputText(at('fifo.json'))), /is a FIFO \(named pipe\); the model file must be a regular file$/);
});

test('output files: regular or absent, never a link, a FIFO, a directory or an input; the directory must exist', () => {
  writeFileSync(at('in.json'), '{}');
  writeFileSync(at('old.csv'), 'old');
  checkOutputFile(at('new.csv'), [at('in.json')]);
  checkOutputFile(at('old.csv'), [at('in.json')]);
  symlinkSync(at('in.json'), at('link.csv'));
  assert.match(refusal(() => checkOutputFile(at('link.csv'))), /link\.csv: is a symbolic link; an output must be a regular file or a new one \(links are not followed/);
  symlinkSync('/etc/passwd', at('away.csv'));
  assert.match(refusal(() => checkOutputFile(at('away.csv'))), /is a symbolic link/);
  assert.match(refusal(() => checkOutputFile(dir)), /is a directory; an output must be a regular file/);
  assert.match(refusal(() => checkOutputFile('/dev/null')), /^\/dev\/null: is a character device/);
  assert.match(refusal(() => checkOutputFile(at('in.json'), [at('in.json')])), /in\.json: is the input file .*in\.json; choose another output$/);
  linkSync(at('in.json'), at('hard.csv'));
  assert.match(refusal(() => checkOutputFile(at('hard.csv'), [join(dir, '.', 'in.json')])), /hard\.csv: is the input file/);
  assert.match(refusal(() => checkOutputFile(at('no/such/dir/k.csv'))), /k\.csv: cannot write: its directory .* is missing or unreadable \(ENOENT/);
  if (mkfifo(at('fifo.csv'))) assert.match(refusal(() => checkOutputFile(at('fifo.csv'))), /is a FIFO/);
  // output directories
  checkOutputDir(dir);
  checkOutputDir(at('fresh-dir'));
  assert.match(refusal(() => checkOutputDir(at('old.csv'))), /old\.csv: is a regular file; the output must be a directory/);
});

test('atomic writes replace only regular files and report user file-system errors on one line', () => {
  writeFileAtomic(at('a.txt'), 'one');
  writeFileAtomic(at('a.txt'), 'two');
  assert.equal(readFileSync(at('a.txt'), 'utf8'), 'two');
  symlinkSync(at('a.txt'), at('b.txt'));
  assert.match(refusal(() => writeFileAtomic(at('b.txt'), 'x')), /b\.txt: is a symbolic link; refusing to replace it with a regular file$/);
  assert.equal(readFileSync(at('a.txt'), 'utf8'), 'two', 'the link target is untouched');
  mkdirSync(at('d.txt'));
  assert.match(refusal(() => writeFileAtomic(at('d.txt'), 'x')), /d\.txt: is a directory; refusing to replace it/);
  if (mkfifo(at('p.txt'))) assert.match(refusal(() => writeFileAtomic(at('p.txt'), 'x')), /p\.txt: is a FIFO/);
  assert.match(refusal(() => writeFileAtomic(at('missing/x.txt'), 'x')), /missing\/x\.txt: cannot write \(ENOENT: no such file or directory\)$/);
  if (existsSync('/sys/kernel')) assert.match(refusal(() => writeFileAtomic('/sys/lindblad-test.csv', 'x')), /^\/sys\/lindblad-test\.csv: cannot write \((EACCES|EROFS|EPERM)/);
  // the mapping itself: user errnos become LindbladErrors, others pass through
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  assert.equal((userFsError(enospc, 'out/k.csv', 'cannot write') as Error).message, 'out/k.csv: cannot write (ENOSPC: no space left on device)');
  const other = Object.assign(new Error('x'), { code: 'ERR_SOMETHING' });
  assert.equal(userFsError(other, 'p', 'cannot write'), other);
  assert.deepEqual(spawnSync('ls', ['-a', dir], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
});

test('the output lock: exclusive, names the holder, takes over a dead holder\'s lock, released once', () => {
  const path = at('k.csv.lock');
  const lock = acquireLock(path, 'k.csv');
  const info = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(info.pid, process.pid);
  assert.equal(info.host, hostname());
  assert.match(refusal(() => acquireLock(path, 'k.csv')), new RegExp(`^k\\.csv: another run \\(pid ${process.pid} on ${hostname()}, started .*\\) is writing this output; wait for it to end, or remove .*k\\.csv\\.lock if that process is gone$`));
  lock.release();
  assert.ok(!existsSync(path));
  lock.release(); // a second release does nothing
  // a lock left by a process that is gone (kill -9) is stale: taken over
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(path, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), started: 'then', nonce: 'x', command: 'sweep' }));
  const taken = acquireLock(path, 'k.csv');
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
  taken.release();
  // a lock held by a live process (here: our parent) or on another host is respected
  writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), started: 'then', nonce: 'y', command: 'sweep' }));
  assert.match(refusal(() => acquireLock(path, 'k.csv')), new RegExp(`pid ${process.ppid} on`));
  writeFileSync(path, JSON.stringify({ pid: Number(dead.stdout), host: 'elsewhere', started: 'then', nonce: 'z', command: 'sweep' }));
  assert.match(refusal(() => acquireLock(path, 'k.csv')), /on elsewhere/);
  writeFileSync(path, 'garbage');
  assert.match(refusal(() => acquireLock(path, 'k.csv')), /a lock file that cannot be read/);
  rmSync(path);
});

test('limits: memory budget (LINDBLAD_MAX_MEMORY or half the machine) and worker threads (cores unless forced)', () => {
  assert.equal(parseBytes('8G'), 8 * 1024 ** 3);
  assert.equal(parseBytes('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseBytes('1e9'), 1e9);
  assert.ok(Number.isNaN(parseBytes('lots')));
  assert.equal(steadyStateBytes(16388), 64 * 16388 ** 2);
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  try {
    process.env.LINDBLAD_MAX_MEMORY = '1M';
    checkMemory(1024 * 1024, 'x', 'f');
    assert.match(refusal(() => checkMemory(1024 * 1024 + 1, 'a thing needs it', '--f')), /^--f: a thing needs it: at least 1\.0 MiB, more than the 1\.0 MiB a run may use \(LINDBLAD_MAX_MEMORY\)$/);
    process.env.LINDBLAD_MAX_MEMORY = 'lots';
    assert.match(refusal(() => checkMemory(1, 'x', 'f')), /^LINDBLAD_MAX_MEMORY: expected a number of bytes/);
  } finally {
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  const cores = coreCount();
  checkWorkers(cores, false);
  checkWorkers(0, false);
  assert.match(refusal(() => checkWorkers(cores + 1, false)), new RegExp(`^--workers: expected at most ${cores} \\(the cores available\\), got ${cores + 1}; add --force-workers`));
  checkWorkers(cores + 1, true);
  assert.match(refusal(() => checkWorkers(1000 * cores, true)), /64 per core, even with --force-workers/);
  assert.match(refusal(() => checkWorkers(1.5, false)), /expected an integer ≥ 0/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('makeDirectory: creates missing parents one by one, is a no-op on a directory, and fails in one attempt with a one-line error', async () => {
  const { makeDirectory } = await import('../../src/io/make-dir.ts');
  const base = mkdtempSync(join(tmpdir(), 'lindblad-mkdir-'));
  const deep = join(base, 'a', 'b', 'c');
  makeDirectory(deep);
  assert.ok(statSync(deep).isDirectory());
  makeDirectory(deep); // exists: nothing to do
  makeDirectory(base);
  writeFileSync(join(base, 'f'), 'x');
  const cases: Array<[string, RegExp]> = [
    [join(base, 'f'), /cannot use as the output directory: .* is a regular file$/],
    [join(base, 'f', 'sub'), /cannot use as the output directory \(ENOTDIR/],
    ['/proc/lindblad-mkdir-test/x', /cannot create the output directory \/proc\/lindblad-mkdir-test \(ENOENT/], // Node's recursive mkdir loops here
  ];
  for (const [path, message] of cases) {
    assert.throws(() => makeDirectory(path), (e: unknown) => e instanceof LindbladError && e.code === 'invalid-input' && e.field === path && message.test(e.message), path);
  }
  rmSync(base, { recursive: true });
});
