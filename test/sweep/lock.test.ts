/**
 * Concurrent sweeps on one --out, with real processes: the second is refused with one line naming the
 * first one's pid, the first completes with every point stored exactly once; SIGINT and SIGTERM release
 * the lock (and end the process by that signal); a lock left by kill -9 is stale and taken over.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
/**
 * ~3 s of work in one thread on a quiet 2-core machine (3 ms a point): 1000 κ points at cutoff 128, 2 points
 * per chunk (a JSONL line every few ms). (150 points at cutoff 40 took 3 s once; after faster sweeps 0.3 s,
 * and the first run ended before the second was refused.)
 */
const POINTS = 1000;
const SLOW = ['sweep', 'cavity', '--kappa', `0.1:100:${POINTS}:log`, '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '128', '--workers', '0', '--chunk', '2', '--progress', 'none', '--out', 'k.csv'];
const lines = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8').split('\n').length - 1 : 0);

function start(dir: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...SLOW], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  return { child, done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr }))) };
}

/** Resolves once the JSONL holds at least `n` lines (the run is under way and holds the lock). */
async function until(path: string, n: number, child: ChildProcess): Promise<void> {
  while (lines(path) < n) {
    if (child.exitCode !== null) assert.fail(`the sweep ended before writing ${n} lines`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('two sweeps on the same --out: the second is refused naming the first one\'s pid; nothing is lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-lock-'));
  const a = start(dir);
  await until(join(dir, 'k.jsonl'), 3, a.child);
  const b = spawnSync(process.execPath, [BIN, ...SLOW], { cwd: dir, encoding: 'utf8' });
  assert.equal(b.status, 2, b.stderr);
  assert.equal(b.stderr.trim().split('\n').length, 1, b.stderr);
  assert.match(b.stderr, new RegExp(`^lindblad: error: k\\.csv: another run \\(pid ${a.child.pid} on .*\\) is writing this output; wait for it to end, or remove k\\.csv\\.lock if that process is gone\\n$`));
  const ra = await a.done;
  assert.equal(ra.code, 0, ra.stderr);
  const recs = readFileSync(join(dir, 'k.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l).index as number);
  assert.equal(recs.length, POINTS, 'every point once');
  assert.deepEqual([...new Set(recs)].sort((x, y) => x - y), Array.from({ length: POINTS }, (_, k) => k));
  assert.equal(readFileSync(join(dir, 'k.csv'), 'utf8').trim().split('\n').length, POINTS + 1);
  assert.ok(!existsSync(join(dir, 'k.csv.lock')), 'lock released');
});

test('SIGINT and SIGTERM release the lock and end the run by that signal; kill -9 leaves a stale lock that is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-lock-'));
  const jsonl = join(dir, 'k.jsonl'), lock = join(dir, 'k.csv.lock');
  let stored = 1;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const r = start(dir);
    await until(jsonl, stored + 3, r.child);
    assert.ok(existsSync(lock));
    r.child.kill(signal);
    const end = await r.done;
    assert.equal(end.signal, signal, `ended by ${signal} (code ${end.code}): ${end.stderr}`);
    assert.ok(!existsSync(lock), `lock released on ${signal}`);
    stored = lines(jsonl);
  }
  const k = start(dir);
  await until(jsonl, stored + 3, k.child);
  k.child.kill('SIGKILL');
  await k.done;
  assert.ok(existsSync(lock), 'kill -9 cannot release the lock');
  assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, k.child.pid);
  const again = spawnSync(process.execPath, [BIN, ...SLOW], { cwd: dir, encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`${POINTS} points \\(\\d+ computed, \\d+ resumed\\)`));
  assert.ok(!existsSync(lock));
  assert.equal(lines(jsonl), POINTS + 1);
});
