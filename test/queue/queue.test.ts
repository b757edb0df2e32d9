/**
 * Queue sweeps with real processes (the compiled CLI; run `npm run build` first) and a real redis-server on
 * a free loopback port: results byte-identical to a local sweep of the same grid through each fault — a
 * worker killed with SIGKILL mid-run (its job comes back after the lock expires and the other worker
 * finishes it), the coordinator killed and restarted, Redis killed and restarted without its data — with
 * every point in the JSONL once; a point that fails deterministically fails the sweep with the local
 * sweep's one-line error at once (no retry loop); neither side listens on any port.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, RedisServer, cli, ended, indices, kill, listening, points, until, type Run } from './harness.ts';
import { JOB_FORMAT, REGISTRY_CHANNEL, REGISTRY_KEY } from '../../src/sweep/queue-protocol.ts';

/** 400 κ points at cutoff 16 (about a millisecond each), 13 per job (queue-protocol.ts chunkSize): 31 jobs, a few seconds of work. */
const GRID = ['cavity', '--kappa', '0.1:10:400:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '16', '--progress', 'none'];
const TOTAL = 400;
const root = mkdtempSync(join(tmpdir(), 'lindblad-queue-'));
let reference = '';
const servers: RedisServer[] = [];
const runs: Run[] = [];

before(() => {
  const r = spawnSync(process.execPath, [BIN, 'sweep', ...GRID, '--workers', '0', '--out', 'ref.csv'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  reference = readFileSync(join(root, 'ref.csv'), 'utf8');
  assert.equal(reference.split('\n').length, TOTAL + 2);
});

after(async () => {
  for (const r of runs) await kill(r);
  for (const s of servers) await s.down();
  rmSync(root, { recursive: true, force: true });
});

async function server(dir: string, password?: string): Promise<RedisServer> {
  const s = await RedisServer.start(dir, password);
  servers.push(s);
  return s;
}

function start(args: string[], cwd: string): Run {
  const r = cli(args, cwd);
  runs.push(r);
  return r;
}

const worker = (url: string, cwd: string) => start(['worker', url, '--threads', '1', '--lock-seconds', '2', '--idle-exit', '30'], cwd);
const coordinator = (url: string, cwd: string) => start(['sweep', ...GRID, '--out', 'q.csv', '--queue', url], cwd);

/** An 8-point cavity sweep (cutoff 4) through the queue at `url`, into s.csv. */
const smallSweep = (url: string) => ['sweep', 'cavity', '--kappa', '0.1:10:8:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4', '--progress', 'none', '--out', 's.csv', '--queue', url];

/** The coordinator's result: exit 0, the local sweep's bytes, each point once in the JSONL. */
async function finished(c: Run, dir: string): Promise<void> {
  const res = await ended(c, 120, runs);
  assert.equal(res.code, 0, c.err());
  assert.equal(readFileSync(join(dir, 'q.csv'), 'utf8'), reference, 'queue CSV differs from the local sweep');
  const idx = indices(join(dir, 'q.jsonl'));
  assert.equal(idx.length, TOTAL, 'a point is stored twice (or missing) in the JSONL');
  assert.equal(new Set(idx).size, TOTAL);
}

test('two workers, one killed with SIGKILL mid-run: its job is retried by the other after the lock expires; identical CSV; nobody listens', async () => {
  const dir = mkdtempSync(join(root, 'kill-'));
  const redis = await server(dir, 'pa55-word');
  const c = coordinator(redis.url, dir);
  const a = worker(redis.url, dir);
  const jsonl = join(dir, 'q.jsonl');
  // A alone until a quarter is stored: then it is certainly inside a job (jobs remain, it computes without pause)
  await until(() => points(jsonl) >= TOTAL / 4, 60, 'a quarter of the points');
  const b = worker(redis.url, dir);
  for (const r of [a, c]) assert.deepEqual(listening(r.child.pid!), [], 'a queue process listens on a port');
  a.child.kill('SIGKILL');
  await until(() => b.err().includes('serving sweep'), 60, 'the second worker');
  assert.deepEqual(listening(b.child.pid!), [], 'a worker listens on a port');
  await finished(c, dir);
  assert.match(b.err(), /job c\d+-\d+ of sweep lindblad-[0-9a-f]{32} stalled/, `the killed worker's job was not recovered by the other:\n${b.err()}`);
  for (const r of [a, b, c]) assert.doesNotMatch(r.err() + r.out(), /pa55-word/, 'the password was printed');
  await kill(b);
});

test('a small queue sweep ends when its work is done: the coordinator exits within a second of its summary line (it waited 2 s for an ioredis timer)', async () => {
  const dir = mkdtempSync(join(root, 'exit-'));
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  const small = smallSweep(redis.url);
  for (let round = 0; round < 5; round++) { // the wait came in 2 of 3 runs; round 0 also waits for the worker to start
    const c = start(small, dir);
    let summaryAt = 0;
    c.child.stdout!.on('data', () => { summaryAt ||= performance.now(); });
    const res = await ended(c, 60, runs);
    const exitAt = performance.now();
    assert.equal(res.code, 0, c.err());
    assert.match(c.out(), /8 points \(8 computed, 0 resumed\)/);
    assert.ok(summaryAt > 0 && exitAt - summaryAt < 1000, `the coordinator exited ${(exitAt - summaryAt).toFixed(0)} ms after its summary line`);
    rmSync(join(dir, 's.csv'));
    rmSync(join(dir, 's.jsonl'));
  }
  await kill(w);
});

test('the coordinator killed (SIGKILL) and restarted resumes from its store and the queue: identical CSV, no point twice', async () => {
  const dir = mkdtempSync(join(root, 'coord-'));
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  const c1 = coordinator(redis.url, dir);
  const jsonl = join(dir, 'q.jsonl');
  await until(() => points(jsonl) >= TOTAL / 4, 60, 'a quarter of the points');
  c1.child.kill('SIGKILL');
  await ended(c1, 30, runs);
  const stored = points(jsonl);
  assert.ok(stored < TOTAL, 'the sweep ended before the coordinator was killed');
  await new Promise((r) => setTimeout(r, 500)); // the worker goes on; finished jobs wait in Redis
  const c2 = coordinator(redis.url, dir);
  await finished(c2, dir);
  const m = /\((\d+) computed, (\d+) resumed\)/.exec(c2.out());
  assert.ok(m && Number(m[2]) >= stored, `expected ≥ ${stored} resumed: ${c2.out()}`);
  await kill(w);
});

test('Redis killed and restarted (its data lost): coordinator and worker reconnect, the lost jobs are republished; identical CSV', async () => {
  const dir = mkdtempSync(join(root, 'redis-'));
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  const c = coordinator(redis.url, dir);
  const jsonl = join(dir, 'q.jsonl');
  await until(() => points(jsonl) >= TOTAL / 4, 60, 'a quarter of the points');
  await redis.down();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(c.child.exitCode, null, `the coordinator ended while Redis was down: ${c.err()}`);
  await redis.up();
  await finished(c, dir);
  assert.match(c.err(), /warning: Redis at redis:\/\/127\.0\.0\.1:\d+\/0: .*; retrying/);
  await kill(w);
});

test('Redis restarted while a worker waits idle on a sweep: the sweep that left the registry is closed and the worker serves the next sweep (its loop hung in BullMQ\'s close)', async () => {
  const dir = mkdtempSync(join(root, 'idle-'));
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  await until(() => w.err().includes('waiting for sweeps'), 60, 'the worker');
  // a sweep with no jobs: the worker's consumer blocks on Redis waiting for one
  const { Redis } = await import('ioredis');
  const name = `lindblad-${'1'.repeat(32)}`, client = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 1 });
  try {
    await client.sadd(REGISTRY_KEY, name);
    await client.publish(REGISTRY_CHANNEL, name);
  } finally {
    client.disconnect();
  }
  await until(() => w.err().includes(`serving sweep ${name}`), 30, 'the worker to serve the sweep');
  await new Promise((r) => setTimeout(r, 500));
  await redis.down();
  await new Promise((r) => setTimeout(r, 500));
  await redis.up();
  await until(() => w.err().includes(`sweep ${name} closed`), 30, `the worker to close the sweep gone from the registry:\n${w.err()}`);
  const small = smallSweep(redis.url);
  const c = start(small, dir);
  const res = await ended(c, 60, runs);
  assert.equal(res.code, 0, c.err());
  assert.match(c.out(), /8 points \(8 computed, 0 resumed\)/);
  await kill(w);
});

test('a worker stopped by SIGTERM mid-sweep finishes and reports its running jobs, then exits 0; another worker completes the sweep without a stalled job', async () => {
  const dir = mkdtempSync(join(root, 'term-'));
  const redis = await server(dir);
  const c = coordinator(redis.url, dir);
  const a = worker(redis.url, dir);
  await until(() => points(join(dir, 'q.jsonl')) >= TOTAL / 4, 60, 'a quarter of the points');
  a.child.kill('SIGTERM');
  const res = await ended(a, 30, runs);
  assert.equal(res.code, 0, a.err());
  assert.match(a.err(), /stopping: finishing running jobs/);
  assert.match(a.err(), /done: \d+ jobs? computed/);
  const b = worker(redis.url, dir);
  await finished(c, dir);
  assert.doesNotMatch(b.err(), /stalled/, 'a job of the stopped worker was abandoned, not reported');
  await kill(b);
});

test('a point that fails deterministically fails the sweep at once with the local sweep\'s one-line error (no retry loop)', async () => {
  const dir = mkdtempSync(join(root, 'fail-'));
  // A qubit with decay only: at rate 0 every state is stationary — the last point of the range has no unique steady state.
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({
    dims: [2],
    hamiltonian: { matrix: [[[0, 0], [0, 0]], [[0, 0], [0, 0]]] },
    channels: [{ label: 'decay', operator: { matrix: [[[0, 0], [1, 0]], [[0, 0], [0, 0]]] }, rate: 0.5, bath: 'vacuum' }],
    baths: { vacuum: { beta: 'inf' } },
  }));
  const args = ['sweep', 'bad.json', '--rate.decay', '1:0:40', '--progress', 'none', '--chunk', '5'];
  const local = spawnSync(process.execPath, [BIN, ...args, '--workers', '0'], { cwd: dir, encoding: 'utf8' });
  assert.equal(local.status, 2);
  assert.match(local.stderr, /^lindblad: error: model: .*not unique.*\n$/);
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  const t0 = Date.now();
  const c = start([...args, '--out', 'bad.csv', '--queue', redis.url], dir);
  const res = await ended(c, 60, runs);
  assert.equal(res.code, 2, c.err());
  assert.equal(c.err(), local.stderr);
  assert.ok(Date.now() - t0 < 20_000, 'the failure took too long (retried?)');
  assert.doesNotMatch(w.err(), /stalled/);
  assert.equal(w.child.exitCode, null, 'the worker ended with the failed job');
  // the chunks before the failing one were stored as they came: the run leaves no half-written output
  for (const f of ['bad.jsonl', 'bad.csv', 'bad.csv.lock']) assert.equal(existsSync(join(dir, f)), false, `${f} was left`);
  await kill(w);
});

test('a job of another job format (a coordinator of another lindblad version) fails at once, naming both formats (no retry)', async () => {
  const dir = mkdtempSync(join(root, 'format-'));
  const redis = await server(dir);
  const w = worker(redis.url, dir);
  await until(() => w.err().includes('waiting for sweeps'), 60, 'the worker');
  const [{ Queue }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const name = `lindblad-${'0'.repeat(32)}`, queue = new Queue(name, { connection }), client = new Redis(connection);
  try {
    const old = { format: JOB_FORMAT - 1, request: { model: 'cavity', args: { kappa: '1' } }, indices: [0] };
    await queue.add('chunk', old, { jobId: 'c8-0', attempts: 3 });
    await client.sadd(REGISTRY_KEY, name);
    await client.publish(REGISTRY_CHANNEL, name);
    let failed: Awaited<ReturnType<typeof queue.getJobs>> = [];
    const t0 = Date.now();
    while (failed.length === 0 && Date.now() - t0 < 30_000) {
      failed = await queue.getJobs(['failed']);
      if (failed.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(failed.length, 1, 'the job of another format did not fail');
    assert.equal(failed[0].failedReason, `job format ${JOB_FORMAT - 1} is not ${JOB_FORMAT} (coordinator and worker run different lindblad versions)`);
    assert.equal(failed[0].attemptsMade, 1, 'retried');
  } finally {
    await client.srem(REGISTRY_KEY, name);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    client.disconnect();
    await kill(w);
  }
});

test('queue addresses (the parser: shard.test.ts): a malformed --queue, an unreachable Redis and a wrong password are one-line errors (exit 2) that never show the password', async () => {
  const dir = mkdtempSync(join(root, 'url-'));
  const redis = await server(dir, 'right-one');
  const cases: Array<[string[], RegExp]> = [
    [['sweep', ...GRID, '--out', 'x.csv', '--queue', 'http://:s3cret@127.0.0.1:1'], /^lindblad: error: --queue: expected redis:\/\/\[:PASSWORD@\]HOST:PORT\[\/DB\] \(the address must start with redis:\/\/\)\n$/],
    [['sweep', ...GRID, '--out', 'x.csv', '--queue', `redis://:s3cret@127.0.0.1:${redis.port}`], /^lindblad: error: --queue: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: WRONGPASS/],
    [['worker', `redis://:s3cret@127.0.0.1:${redis.port}/3`], /^lindblad: error: redis-url: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/3: WRONGPASS/],
    // a database the server lacks (it has 16): ioredis would go on in database 0, where the jobs would land
    [['sweep', ...GRID, '--out', 'x.csv', '--queue', `redis://:right-one@127.0.0.1:${redis.port}/16`], /^lindblad: error: --queue: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/16: ERR DB index is out of range\n$/],
    [['worker', `redis://:right-one@127.0.0.1:${redis.port}/99999`], /^lindblad: error: redis-url: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/99999: ERR DB index is out of range\n$/],
  ];
  for (const [args, want] of cases) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /s3cret|right-one/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.')), [], 'files written');
  }
  const port = redis.port;
  await redis.down();
  const r = spawnSync(process.execPath, [BIN, 'sweep', ...GRID, '--out', 'x.csv', '--queue', `redis://:s3cret@127.0.0.1:${port}`], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^lindblad: error: --queue: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: .*ECONNREFUSED.*\n$/);
});

test('an address where something else than Redis answers (an HTTP server) is a one-line error that says so, not ioredis\'s "Please report this"', async () => {
  const { createServer } = await import('node:net');
  const http = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port, dir = mkdtempSync(join(root, 'http-'));
  try {
    for (const [args, field] of [[['worker', `redis://127.0.0.1:${port}`], 'redis-url'], [['sweep', ...GRID, '--out', 'x.csv', '--queue', `redis://:s3cret@127.0.0.1:${port}/2`], '--queue']] as const) {
      const run = cli([...args], dir), { code } = await ended(run, 30, []);
      assert.equal(code, 2, run.err());
      assert.equal(run.err(), `lindblad: error: ${field}: cannot use Redis at redis://${field === '--queue' ? ':***@' : ''}127.0.0.1:${port}/${field === '--queue' ? 2 : 0}: the server there does not answer in the Redis protocol (its reply began with "H": an HTTP server or proxy?)\n`);
      assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.')), [], 'files written');
    }
  } finally {
    http.close();
  }
});

test('an address where a server accepts but never answers, or answers with replies that crash the Redis client, is a one-line error within seconds (it hung, or ended with a stack trace)', async () => {
  const { createServer } = await import('node:net');
  const silent = createServer((socket) => socket.on('error', () => undefined)); // reads, never writes
  // every request answered twice, the second a null reply: ioredis's reply handler throws on the next tick
  // (when the null reply finds no command waiting; else the connection stalls until the probe's time is up)
  const crashing = createServer((socket) => socket.on('error', () => undefined).on('data', () => socket.write('+OK\r\n$-1\r\n')));
  const dir = mkdtempSync(join(root, 'mute-'));
  try {
    for (const [srv, want] of [[silent, /no reply within 5 s \(is a Redis server listening there\?\)/], [crashing, /(?:the server there does not answer in the Redis protocol \(its replies made the Redis client fail: .*\)|no reply within 5 s .*)/]] as const) {
      await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
      const port = (srv.address() as { port: number }).port;
      for (const [args, field] of [[['worker', `redis://127.0.0.1:${port}`], 'redis-url'], [['sweep', ...GRID, '--out', 'x.csv', '--queue', `redis://:s3cret@127.0.0.1:${port}`], '--queue']] as const) {
        const t0 = Date.now(), run = cli([...args], dir);
        const res = await Promise.race([run.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000).unref())]);
        await kill(run);
        assert.ok(res !== null, `${args.join(' ')}: still running after 20 s`);
        assert.equal(res.code, 2, run.err());
        assert.ok(Date.now() - t0 < 15_000);
        assert.match(run.err(), new RegExp(`^lindblad: error: ${field}: cannot use Redis at redis://${field === '--queue' ? ':\\*\\*\\*@' : ''}127\\.0\\.0\\.1:${port}/0: ${want.source}\\n$`));
        assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.')), [], 'files written');
      }
    }
  } finally {
    silent.close();
    crashing.close();
  }
});

test('a database where another program holds a key of the registry\'s name (not a set) is a one-line error for worker and coordinator (the coordinator failed with an internal error, the worker retried forever)', async () => {
  const dir = mkdtempSync(join(root, 'clash-'));
  const redis = await server(dir);
  const { Redis } = await import('ioredis');
  const client = new Redis({ host: '127.0.0.1', port: redis.port, db: 5 });
  try {
    await client.set(REGISTRY_KEY, 'some other program\'s value');
    for (const [args, field] of [[['worker', `${redis.url}/5`], 'redis-url'], [['sweep', ...GRID, '--out', 'x.csv', '--queue', `${redis.url}/5`], '--queue']] as const) {
      const run = cli([...args], dir);
      const res = await Promise.race([run.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000).unref())]);
      await kill(run);
      assert.ok(res !== null, `${args.join(' ')}: still running after 20 s`);
      assert.equal(res.code, 2, run.err());
      assert.equal(run.err(), `lindblad: error: ${field}: cannot use Redis at redis://127.0.0.1:${redis.port}/5: its key "${REGISTRY_KEY}" is a string, not lindblad's set of open sweeps (another program's data in database 5? choose another: redis://…/DB)\n`);
      assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('x.')), [], 'files written');
    }
    assert.equal(await client.get(REGISTRY_KEY), 'some other program\'s value', 'the other program\'s key was changed');
  } finally {
    client.disconnect();
  }
});
