/**
 * The compiled CLI's V8 code cache (src/io/code-cache.ts; run `npm run build` first). On a copy of the bin
 * and the bundle: `diamond` compiles its bundle files from the cache, and prints the same as without it;
 * a damaged, truncated, missing or stale cache (the source edited at the same length, which V8 itself does
 * not notice) or one V8 refuses (other flags) gives a normal compile, the same output and no message. The
 * worker-thread bootstraps install the hook in their own thread and compile from the cache there too.
 * Nothing is written at run time (the copy's files are unchanged after the runs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE } from './bundle-graph.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIAMOND = ['diamond', '--beta-a', '4', '--beta-s', '-2'];

/** A copy of bin/ and dist/bundle/ (with node_modules linked) whose files the test may damage. */
function copyCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-code-cache-'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  cpSync(BUNDLE, join(dir, 'dist/bundle'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * Runs the copy's CLI in a fresh node (its flags `flags`) through a preload that prints, at exit, where each
 * bundle file was compiled from (the hook's report) to stderr after a marker line.
 */
function runCli(dir: string, args: string[], opts: { flags?: string[]; env?: Record<string, string> } = {}) {
  const report = join(dir, 'report.cjs');
  writeFileSync(report, `process.on('exit', () => { const r = require(${JSON.stringify(join(dir, 'dist/bundle/code-cache.js'))}).codeCacheReport();
  process.stderr.write('\\n@@' + JSON.stringify(Object.fromEntries([...r].map(([f, from]) => [require('node:path').basename(f), from]))) + '\\n'); });\n`);
  const { NODE_OPTIONS: _n, LINDBLAD_CODE_CACHE: _c, ...env } = process.env;
  const r = spawnSync(process.execPath, [...(opts.flags ?? []), '-r', report, join(dir, 'bin/lindblad.cjs'), ...args], { encoding: 'utf8', env: { ...env, ...opts.env } });
  const at = r.stderr.lastIndexOf('\n@@');
  assert.ok(at >= 0, `no report: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, at), from: JSON.parse(r.stderr.slice(at + 3)) as Record<string, string> };
}

const chunkOf = (from: Record<string, string>, prefix: string) => {
  const f = Object.keys(from).find((n) => n.startsWith(prefix));
  assert.ok(f, `no ${prefix}* among ${Object.keys(from).join(', ')}`);
  return f!;
};
/** The largest bundle file diamond loads (the engine chunk). */
const largest = (dir: string, from: Record<string, string>) =>
  Object.keys(from).sort((a, b) => statSync(join(dir, 'dist/bundle', b)).size - statSync(join(dir, 'dist/bundle', a)).size)[0]!;

test('every code-cache workload of the build ran: each command entry it covers has its cache', () => {
  // scripts/code-cache.cjs only warns when a workload fails (a cache is an optimisation), so a command
  // broken for one workload would silently lose its cache; this names the entry that has none.
  const files = readdirSync(BUNDLE);
  const entries = ['cli.js', 'sweep-worker-main.js', 'jumps-worker-main.js', 'diamond-run-', 'sweep-run-', 'steady-run-', 'evolve-run-', 'diamond-family-'];
  for (const e of entries) {
    const js = files.filter((f) => (e.endsWith('.js') ? f === e : f.startsWith(e) && f.endsWith('.js')));
    assert.equal(js.length, 1, `one bundle file for ${e}: ${js.join(', ')}`);
    assert.ok(files.includes(`${js[0]}.cache`), `${js[0]} has no code cache: a workload of scripts/code-cache.cjs failed (see the build's output)`);
  }
});

test('the build writes a code cache for the start-up path, and diamond compiles from it with the same output as without', () => {
  const caches = readdirSync(BUNDLE).filter((f) => f.endsWith('.js.cache'));
  assert.ok(caches.includes('cli.js.cache'), `no dist/bundle/cli.js.cache (run npm run build): ${caches.join(', ')}`);
  for (const f of caches) assert.equal(readFileSync(join(BUNDLE, f)).subarray(0, 4).toString('latin1'), 'LBCC', f);
  const dir = copyCli();
  try {
    const before = new Map(readdirSync(join(dir, 'dist/bundle')).map((f) => [f, statSync(join(dir, 'dist/bundle', f)).mtimeMs]));
    const on = runCli(dir, DIAMOND);
    assert.equal(on.code, 0, on.stderr);
    assert.equal(on.stderr, '');
    assert.match(on.stdout, /concurrence C = 0\.304781/);
    const files = Object.entries(on.from);
    assert.ok(files.length >= 5, `diamond loaded ${files.length} bundle files`);
    assert.deepEqual(files.filter(([, from]) => from !== 'cache'), [], 'diamond: every bundle file from the cache');
    const off = runCli(dir, DIAMOND, { env: { LINDBLAD_CODE_CACHE: '0' } });
    assert.equal(off.stdout, on.stdout);
    assert.deepEqual(off.from, {}, 'LINDBLAD_CODE_CACHE=0: the hook is not installed');
    const help = runCli(dir, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: lindblad/);
    assert.equal(help.from['cli.js'], 'cache');
    const after = new Map(readdirSync(join(dir, 'dist/bundle')).map((f) => [f, statSync(join(dir, 'dist/bundle', f)).mtimeMs]));
    assert.deepEqual(after, before, 'the runs wrote or changed files in dist/bundle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged, truncated, missing, stale or refused cache compiles from source: same output, no message', () => {
  const dir = copyCli();
  try {
    const good = runCli(dir, DIAMOND);
    const bundle = join(dir, 'dist/bundle');
    const engine = largest(dir, good.from);
    const run = chunkOf(good.from, 'diamond-run-');
    const same = (r: ReturnType<typeof runCli>, what: string) => {
      assert.equal(r.code, 0, `${what}: ${r.stderr}`);
      assert.equal(r.stderr, '', what);
      assert.equal(r.stdout, good.stdout, what);
    };
    // damaged payload (V8 does not check it in release builds: the process would crash)
    const cache = readFileSync(join(bundle, `${engine}.cache`));
    const damaged = Buffer.from(cache);
    for (let i = 200; i < damaged.length; i += 997) damaged[i]! ^= 0x5a;
    writeFileSync(join(bundle, `${engine}.cache`), damaged);
    let r = runCli(dir, DIAMOND);
    same(r, 'damaged');
    assert.equal(r.from[engine], 'source', 'damaged cache');
    assert.equal(r.from['cli.js'], 'cache', 'the other files still from their caches');
    // truncated, then garbage, then missing
    writeFileSync(join(bundle, `${engine}.cache`), cache.subarray(0, cache.length >> 1));
    r = runCli(dir, DIAMOND);
    same(r, 'truncated');
    assert.equal(r.from[engine], 'source');
    writeFileSync(join(bundle, `${engine}.cache`), 'not a cache');
    same(runCli(dir, DIAMOND), 'garbage');
    rmSync(join(bundle, `${engine}.cache`));
    r = runCli(dir, DIAMOND);
    same(r, 'missing');
    assert.equal(r.from[engine], 'source');
    writeFileSync(join(bundle, `${engine}.cache`), cache);
    // V8 refuses a cache made under other flags
    r = runCli(dir, DIAMOND, { flags: ['--no-opt'] });
    same(r, 'other V8 flags');
    assert.equal(r.from[engine], 'rejected');
    // the source edited at the same length: V8 would accept the cache and run the old code
    const source = readFileSync(join(bundle, run), 'utf8');
    assert.ok(source.includes('concurrence C ='), `${run} prints the concurrence`);
    writeFileSync(join(bundle, run), source.replace('concurrence C =', 'CONCURRENCE C ='));
    r = runCli(dir, DIAMOND);
    assert.equal(r.from[run], 'source', 'stale cache of an edited file');
    assert.equal(r.stdout, good.stdout.replace('concurrence C =', 'CONCURRENCE C ='), 'the edited source runs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('worker-thread bootstraps install the hook in their thread and compile from the cache', () => {
  const script = `
const { Worker } = require('node:worker_threads');
const w = new Worker(${JSON.stringify(`
  const { parentPort } = require('node:worker_threads');
  const path = require('node:path');
  (async () => {
    const entry = require(${JSON.stringify(join(BUNDLE, 'sweep-worker.js'))});
    const r = await entry.runSweepTask({ key: 'k', request: { model: 'diamond', args: { 'beta-a': '4', 'beta-s': '-2' } }, indices: [0] });
    const report = require(${JSON.stringify(join(BUNDLE, 'code-cache.js'))}).codeCacheReport();
    parentPort.postMessage({ record: r.records[0], from: Object.fromEntries([...report].map(([f, from]) => [path.basename(f), from])) });
  })();
`)}, { eval: true });
w.on('message', async (m) => {
  // the same task in this thread, compiled from source (no hook here)
  const here = await require(${JSON.stringify(join(BUNDLE, 'sweep-worker-main.js'))}).runSweepTask({ key: 'k', request: { model: 'diamond', args: { 'beta-a': '4', 'beta-s': '-2' } }, indices: [0] });
  console.log(JSON.stringify({ ...m, here: here.records[0] }));
  w.terminate();
});
`;
  const { NODE_OPTIONS: _n, LINDBLAD_CODE_CACHE: _c, ...env } = process.env;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout) as { record: string; here: string; from: Record<string, string> };
  assert.equal(m.record, m.here, 'the worker thread (cache) and this thread (source) give the same record');
  assert.equal(m.from['sweep-worker-main.js'], 'cache');
  assert.ok(Object.keys(m.from).length >= 5 && Object.values(m.from).every((f) => f === 'cache'), JSON.stringify(m.from));
});
