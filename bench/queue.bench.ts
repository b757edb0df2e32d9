/**
 * Queue sweeps: `npx tsx bench/queue.bench.ts [--quick] [--reps N] [--points P] [--heavy-points H] [--heavy-cutoff C] [--chunk K]`.
 * Needs the build (`npm run build`) and redis-server (started here on a free loopback port, no persistence,
 * and stopped). LINDBLAD_BENCH_BIN=path/to/lindblad.cjs runs another build's CLI.
 *
 * Two workloads, each run interleaved N times (default 3; --quick: 1), medians printed:
 *
 * 1. Throughput (issue 18's: the cavity model's κ axis, P = 4000 points at Fock cutoff 16, ≈ 0.4–0.5 ms of
 *    CPU per point): `lindblad sweep … --workers 1` (local, one worker thread) for the reference CSV, then
 *    one and two `lindblad worker --threads 1` processes. The workers are spawned and waited for until ready
 *    (connected, threads loaded, idle); then they serve the sweep twice: the **first sweep** (fresh workers:
 *    each thread's JIT warm-up of the engine falls inside it) and the **same sweep again** into a new output
 *    (workers that have served one sweep: a deployment's long-lived workers). Each sweep's time is the
 *    coordinator's own "in X s" (submit → all results merged); each run also prints its whole-run time
 *    (worker processes spawned → the first sweep's coordinator ended: start-ups included) and the time to ready.
 *    Printed: throughput two workers / one worker for each (target ≥ 1.7 on two cores).
 * 2. Overhead on points of ≥ 1 ms (H = 1000 points at cutoff C = 64 by default, ≈ 1.3 ms each — cutoff 32 fell to 0.75 ms when sweeps stopped building the n×n ρ; the local run's CPU per
 *    point is printed, and flagged if under 1 ms): local (one worker thread) against one queue worker,
 *    each also at 8 points; marginal CPU = run − its 8-point run (start-ups, module loading, the family's
 *    set-up subtracted). Overhead = (coordinator + redis-server + worker − local) marginal CPU / local
 *    marginal CPU: what a queue sweep costs beyond computing the points as a local sweep does (compute).
 *    Printed per process (coordinator, redis-server from /proc/PID/stat, the worker split into its main
 *    thread — BullMQ, ioredis, the result's encoding —, its engine thread and its other threads (V8's
 *    compiler and GC helpers), sampled from /proc/PID/task at the sweep's ends) so the number is auditable.
 *    The same figure is printed for the throughput workload (cutoff 16).
 * 3. The ceiling without any queue (printed first): one process computing the whole throughput grid against two
 *    processes each computing half of it (`--shard 1/2`, `2/2`), started together, no coordinator, Redis or
 *    BullMQ. Fresh: the CLI's local sweep, one worker thread (its own "in X s"; the slower shard's counts).
 *    Warm: bench/queue-ceiling-child.mjs, the library's runSweep in the child's main thread after two untimed
 *    passes, the timed passes of the two shards released on the same tick. Ratio = one / two: the most two
 *    worker processes could reach on this machine (`--ceiling-only` runs this part alone).
 * CPU times are user + sys: /usr/bin/time for whole processes, /proc for windows. Every queue CSV is checked
 * byte-identical to the local one. On a machine shared with other work wall and CPU times scatter by tens of
 * percent (CPU time grows with contention): judge the targets on a quiet machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN as HARNESS_BIN, RedisServer } from '../test/queue/harness.ts';

const BIN = process.env.LINDBLAD_BENCH_BIN ?? HARNESS_BIN;
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes('--quick');
const REPS = Number(arg('--reps')) || (quick ? 1 : 3);
const POINTS = Number(arg('--points')) || 4000;
const HEAVY_POINTS = Number(arg('--heavy-points')) || 1000;
const HEAVY_CUTOFF = Number(arg('--heavy-cutoff')) || 64;
const TINY = 8;
/** The cavity grid at p points and Fock cutoff c. */
const grid = (p: number, cutoff: number) => ['cavity', '--kappa', `0.1:100:${p}:log`, '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', String(cutoff), '--progress', 'none'];
/** --chunk K: points per job in queue runs (default: the coordinator's own choice). */
const CHUNK = arg('--chunk');
const CEILING_ONLY = argv.includes('--ceiling-only');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const dir = mkdtempSync(join(tmpdir(), 'lindblad-queue-bench-'));

interface Proc { done: Promise<{ code: number | null; out: string; err: string; cpu: number }>; kill(): void; err(): string; pid: number }

/** The compiled CLI under /usr/bin/time (CPU seconds read from its -o file when it exits). */
function lindblad(args: string[], tag: string): Proc {
  const cpuFile = join(dir, `${tag}.cpu`);
  const cmd = TIME ?? process.execPath, full = TIME ? ['-f', '%U %S', '-o', cpuFile, process.execPath, BIN, ...args] : [BIN, ...args];
  const child = spawn(cmd, full, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true }); // own process group: kill() reaches node under /usr/bin/time
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const done = new Promise<{ code: number | null; out: string; err: string; cpu: number }>((resolve) => child.on('close', (code) => {
    const cpu = TIME && existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').reduce((a, b) => a + Number(b), 0) : NaN;
    resolve({ code, out, err, cpu });
  }));
  return { done, kill: () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, err: () => err, pid: child.pid! };
}

/** Seconds the sweep reported ("in X s"). */
function reported(out: string): number {
  const m = / in ([\d.]+) s,/.exec(out);
  if (!m) throw new Error(`no time in: ${out}`);
  return Number(m[1]);
}

interface Sweep { wall: number; cpu: number; csv: string }

async function sweep(args: string[], tag: string): Promise<Sweep> {
  const out = `${tag}.csv`;
  rmSync(join(dir, out), { force: true });
  rmSync(join(dir, `${tag}.jsonl`), { force: true });
  const r = await lindblad(['sweep', ...args, '--out', out], tag).done;
  if (r.code !== 0) throw new Error(`${tag} failed: ${r.err}`);
  return { wall: reported(r.out), cpu: r.cpu, csv: readFileSync(join(dir, out), 'utf8') };
}

/** CPU seconds (user + sys) of /proc/<path>/stat (a process or one of its threads; NaN if gone). */
function statCpu(path: string): number {
  try {
    const f = readFileSync(`/proc/${path}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime (fields 14, 15) in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

/** The node process a /usr/bin/time process `pid` runs (its child), or `pid` itself without time. */
function nodePid(pid: number): number {
  if (!TIME) return pid;
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return NaN;
  }
}

/** CPU so far of each thread of process `pid` (tid → s). */
function threads(pid: number): Map<number, number> {
  const m = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) m.set(Number(t), statCpu(`${pid}/task/${t}`));
  } catch { /* gone */ }
  return m;
}

/** A worker's CPU in a window, by thread: main (BullMQ, ioredis, encoding), engine (the busiest other thread), other. */
interface WorkerWindow { main: number; engine: number; other: number; total: number }

function windowOf(pid: number, before: Map<number, number>, after: Map<number, number>): WorkerWindow {
  const d = [...after].map(([tid, c]) => [tid, c - (before.get(tid) ?? 0)] as const);
  const main = d.find(([tid]) => tid === pid)?.[1] ?? NaN;
  const rest = d.filter(([tid]) => tid !== pid).map(([, c]) => c).sort((a, b) => b - a);
  const engine = rest[0] ?? 0, other = rest.slice(1).reduce((a, b) => a + b, 0);
  return { main, engine, other, total: main + engine + other };
}

/** One sweep through the queue on already-ready workers: its time, the coordinator's CPU, Redis's and each worker's window. */
interface QueueSweep extends Sweep { coordinatorCpu: number; redisCpu: number; workers: WorkerWindow[] }

async function queueSweep(redis: RedisServer, pids: number[], args: string[], tag: string): Promise<QueueSweep> {
  const before = pids.map(threads), r0 = statCpu(String(redis.pid));
  const s = await sweep([...args, '--queue', redis.url, ...(CHUNK ? ['--chunk', CHUNK] : [])], tag);
  const after = pids.map(threads), redisCpu = statCpu(String(redis.pid)) - r0;
  return { ...s, coordinatorCpu: s.cpu, redisCpu, workers: pids.map((pid, k) => windowOf(pid, before[k], after[k])), cpu: s.cpu + redisCpu + pids.reduce((a, pid, k) => a + windowOf(pid, before[k], after[k]).total, 0) };
}

/** Worker processes: spawned, waited for until ready, serving `sweeps` in turn, then ended. */
interface QueueRun { sweeps: QueueSweep[]; whole: number; ready: number; readyCpu: number[]; workerCpu: number[] }

async function queued(redis: RedisServer, workers: number, tag: string, sweeps: Array<{ args: string[]; tag: string }>): Promise<QueueRun> {
  // ended by SIGTERM after the last sweep (--idle-exit 60 only in case the bench dies), so /usr/bin/time reports its CPU time
  const spawned = performance.now();
  const ws = Array.from({ length: workers }, (_, k) => lindblad(['worker', redis.url, '--threads', '1', '--idle-exit', '60'], `${tag}-w${k}`));
  const done: QueueSweep[] = [];
  let ready = 0, whole = 0, readyCpu: number[] = [], pids: number[] = [];
  try {
    let ended = false;
    void Promise.race(ws.map((w) => w.done)).then(() => { ended = true; });
    while (!ws.every((w) => w.err().includes('waiting for sweeps'))) {
      if (ended) throw new Error(`a worker ended before it was ready: ${ws.map((w) => w.err()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    ready = (performance.now() - spawned) / 1000;
    pids = ws.map((w) => nodePid(w.pid));
    readyCpu = pids.map((pid) => statCpu(String(pid)));
    for (const s of sweeps) {
      done.push(await queueSweep(redis, pids, s.args, `${tag}-${s.tag}`));
      if (done.length === 1) whole = (performance.now() - spawned) / 1000;
    }
    for (const pid of pids) process.kill(pid, 'SIGTERM');
  } catch (e) {
    for (const w of ws) w.kill();
    throw e;
  }
  const ends = await Promise.all(ws.map((w) => w.done));
  return { sweeps: done, whole, ready, readyCpu, workerCpu: ends.map((d) => d.cpu) };
}

/** bench/queue-ceiling-child.mjs for the grid `args` (a shard k of 2, or all): its timed warm pass, released by `go`. */
function warmChild(args: Record<string, string>, shard: number | null): { ready: Promise<void>; go(): void; seconds: Promise<number> } {
  const child = spawn(process.execPath, [new URL('./queue-ceiling-child.mjs', import.meta.url).pathname, JSON.stringify({ args, warm: 2, ...(shard ? { shard: [shard, 2] } : {}) })], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '', markReady = () => {};
  const ready = new Promise<void>((r) => { markReady = r; });
  child.stdout.on('data', (d) => { out += d; if (out.includes('ready\n')) markReady(); });
  const seconds = new Promise<number>((resolve, reject) => child.on('close', (code) => {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (code !== 0 || !line) reject(new Error(`ceiling child failed (${code}): ${out}`));
    else resolve(JSON.parse(line).seconds);
  }));
  return { ready, go: () => child.stdin.end('go\n'), seconds };
}

/** Two processes each computing half of the throughput grid with no queue, against one computing all of it: fresh and warm. */
async function ceiling(): Promise<void> {
  const light = grid(POINTS, 16), named = { kappa: `0.1:100:${POINTS}:log`, gamma: '1e-3', pump: '5e-3', cutoff: '16' };
  const fresh: Array<[number, number]> = [], warm: Array<[number, number]> = [];
  for (let rep = 0; rep < REPS; rep++) {
    const one = (await sweep([...light, '--workers', '1'], 'ceiling-one')).wall;
    const halves = await Promise.all([1, 2].map((k) => sweep([...light, '--workers', '1', '--shard', `${k}/2`], `ceiling-shard${k}`)));
    fresh.push([one, Math.max(...halves.map((h) => h.wall))]);
    const alone = warmChild(named, null);
    await alone.ready;
    alone.go();
    const oneWarm = await alone.seconds;
    const pair = [warmChild(named, 1), warmChild(named, 2)];
    await Promise.all(pair.map((c) => c.ready));
    for (const c of pair) c.go();
    warm.push([oneWarm, Math.max(...await Promise.all(pair.map((c) => c.seconds)))]);
  }
  const line = (what: string, xs: Array<[number, number]>) => {
    const one = median(xs.map((x) => x[0])), two = median(xs.map((x) => x[1]));
    console.log(`  ${what}: one process ${f2(one)} s, two (each half, the slower) ${f2(two)} s → ×${f2(one / two)} (runs: ${xs.map(([a, b]) => `×${f2(a / b)}`).join(', ')})`);
  };
  console.log(`Ceiling without any queue: ${POINTS} cavity points at cutoff 16, one process against two computing a half each (--shard), started together; ${REPS} rep(s), medians`);
  line('fresh processes (the CLI\'s local sweep, one worker thread; JIT warm-up inside, as for fresh queue workers)', fresh);
  line('warm (library runSweep in the main thread after two untimed passes; as for workers that have served a sweep)', warm);
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const f2 = (x: number) => x.toFixed(2);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const describeSweep = (s: QueueSweep) => `${f2(s.wall)} s (cpu: coordinator ${f2(s.coordinatorCpu)}, redis ${f2(s.redisCpu)}, workers ${s.workers.map((w) => `${f2(w.total)} [main ${f2(w.main)}, engine ${f2(w.engine)}, other ${f2(w.other)}]`).join(' + ')})`;

await ceiling();
if (CEILING_ONLY) { rmSync(dir, { recursive: true, force: true }); process.exit(0); }
const redis = await RedisServer.start(dir);
try {
  const light = grid(POINTS, 16), lightTiny = grid(TINY, 16), heavy = grid(HEAVY_POINTS, HEAVY_CUTOFF), heavyTiny = grid(TINY, HEAVY_CUTOFF);
  const runs = { local: [] as Sweep[], q1: [] as QueueRun[], q2: [] as QueueRun[], localTiny: [] as Sweep[], q1Tiny: [] as QueueRun[],
    heavyLocal: [] as Sweep[], heavyQ: [] as QueueRun[], heavyLocalTiny: [] as Sweep[], heavyQTiny: [] as QueueRun[] };
  const twice = [{ args: light, tag: 'first' }, { args: light, tag: 'again' }];
  let reference = '', heavyReference = '';
  const same = (csv: string, ref: string, what: string) => { if (csv !== ref) throw new Error(`${what}: the CSV differs from the local sweep's`); };
  for (let rep = 0; rep < REPS; rep++) {
    const local = await sweep([...light, '--workers', '1'], 'local');
    reference ||= local.csv;
    same(local.csv, reference, 'a second local run');
    runs.local.push(local);
    for (const n of [1, 2] as const) {
      const q = await queued(redis, n, `q${n}`, twice);
      for (const s of q.sweeps) same(s.csv, reference, `queue (${n} worker(s))`);
      runs[`q${n}`].push(q);
    }
    runs.localTiny.push(await sweep([...lightTiny, '--workers', '1'], 'local-tiny'));
    runs.q1Tiny.push(await queued(redis, 1, 'q1-tiny', [{ args: lightTiny, tag: 'first' }]));
    const hl = await sweep([...heavy, '--workers', '1'], 'heavy-local');
    heavyReference ||= hl.csv;
    runs.heavyLocal.push(hl);
    const hq = await queued(redis, 1, 'heavy-q', [{ args: heavy, tag: 'first' }]);
    same(hq.sweeps[0].csv, heavyReference, 'heavy queue');
    runs.heavyQ.push(hq);
    runs.heavyLocalTiny.push(await sweep([...heavyTiny, '--workers', '1'], 'heavy-local-tiny'));
    runs.heavyQTiny.push(await queued(redis, 1, 'heavy-q-tiny', [{ args: heavyTiny, tag: 'first' }]));
    const r = (q: QueueRun) => `whole run ${f2(q.whole)} s, ready after ${f2(q.ready)} s (cpu before ready ${q.readyCpu.map(f2).join(' + ')}); ${q.sweeps.map((s, k) => `${k === 0 ? 'first' : 'again'} ${describeSweep(s)}`).join('; ')}`;
    console.log(`rep ${rep + 1}/${REPS}:\n  local ${f2(local.wall)} s (cpu ${f2(local.cpu)})\n  one worker: ${r(runs.q1[rep])}\n  two workers: ${r(runs.q2[rep])}`
      + `\n  at ${TINY} points: local ${f2(runs.localTiny[rep].wall)} s (cpu ${f2(runs.localTiny[rep].cpu)}), one worker ${describeSweep(runs.q1Tiny[rep].sweeps[0])}`
      + `\n  cutoff ${HEAVY_CUTOFF}, ${HEAVY_POINTS} points: local ${f2(hl.wall)} s (cpu ${f2(hl.cpu)}), one worker ${describeSweep(hq.sweeps[0])}; at ${TINY} points: local cpu ${f2(runs.heavyLocalTiny[rep].cpu)}, one worker ${describeSweep(runs.heavyQTiny[rep].sweeps[0])}`);
  }
  const m = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
  const wallOf = (k: 'q1' | 'q2', i: number) => m(runs[k], (q) => q.sweeps[i].wall);
  console.log(`\nThroughput: ${POINTS} cavity points at cutoff 16, ${REPS} interleaved rep(s), medians; every queue CSV byte-identical to the local sweep's`);
  console.log(`  local, one worker thread: ${f2(m(runs.local, (s) => s.wall))} s, ${(m(runs.local, (s) => s.cpu) / POINTS * 1000).toFixed(2)} ms CPU per point (process total)`);
  for (const [i, what] of [[0, 'first sweep on fresh workers (ready: connected, threads loaded, idle; each thread\'s JIT warm-up inside)'], [1, 'the same sweep again (workers that have served one sweep)']] as const) {
    console.log(`  ${what}: one worker ${f2(wallOf('q1', i))} s, two workers ${f2(wallOf('q2', i))} s → ×${f2(wallOf('q1', i) / wallOf('q2', i))} (target ≥ 1.7); `
      + `CPU in the sweep (s): workers ${f2(m(runs.q1, (q) => sum(q.sweeps[i].workers.map((w) => w.total))))} / ${f2(m(runs.q2, (q) => sum(q.sweeps[i].workers.map((w) => w.total))))}, `
      + `coordinator ${f2(m(runs.q1, (q) => q.sweeps[i].coordinatorCpu))} / ${f2(m(runs.q2, (q) => q.sweeps[i].coordinatorCpu))}, redis ${f2(m(runs.q1, (q) => q.sweeps[i].redisCpu))} / ${f2(m(runs.q2, (q) => q.sweeps[i].redisCpu))}`);
  }
  console.log(`  whole runs (worker processes spawned → first sweep's coordinator ended): one worker ${f2(m(runs.q1, (q) => q.whole))} s, two workers ${f2(m(runs.q2, (q) => q.whole))} s → ×${f2(m(runs.q1, (q) => q.whole) / m(runs.q2, (q) => q.whole))}; `
    + `workers ready after ${f2(m(runs.q1, (q) => q.ready))} / ${f2(m(runs.q2, (q) => q.ready))} s, ${f2(m(runs.q1, (q) => q.readyCpu[0]))} s CPU each before ready`);

  /** Overhead of the queue over a local sweep, marginal (minus the 8-point runs), by process. */
  const overhead = (label: string, points: number, local: Sweep[], localTiny: Sweep[], q: QueueRun[], qTiny: QueueRun[]) => {
    const compute = m(local, (s) => s.cpu) - m(localTiny, (s) => s.cpu);
    const part = (f: (s: QueueSweep) => number) => m(q, (r) => f(r.sweeps[0])) - m(qTiny, (r) => f(r.sweeps[0]));
    const coord = part((s) => s.coordinatorCpu), red = part((s) => s.redisCpu), worker = part((s) => s.workers[0].total);
    const main = part((s) => s.workers[0].main), engine = part((s) => s.workers[0].engine), other = part((s) => s.workers[0].other);
    const extra = coord + red + worker - compute, n = points - TINY;
    console.log(`\nOverhead, ${label}: ${REPS} rep(s), medians, marginal CPU of ${n} points (each run minus its ${TINY}-point run)`);
    console.log(`  compute (local sweep, one worker thread): ${f2(compute)} s = ${(compute / n * 1000).toFixed(2)} ms per point${compute / n < 1e-3 ? ' (under 1 ms: not the target\'s condition)' : ''}`);
    console.log(`  queue, one worker: coordinator ${f2(coord)} s (${(coord / n * 1e6).toFixed(0)} µs/point), redis-server ${f2(red)} s, worker ${f2(worker)} s `
      + `(main thread ${f2(main)}, engine thread ${f2(engine)}, other threads ${f2(other)})`);
    console.log(`  overhead = (coordinator + redis + worker − compute) / compute = ${f2(extra)} / ${f2(compute)} s = ${(100 * extra / compute).toFixed(1)} % (target ≤ 5 % for points ≥ 1 ms); `
      + `(coordinator + redis + worker main thread) / compute = ${(100 * (coord + red + main) / compute).toFixed(1)} %`);
  };
  overhead(`cutoff ${HEAVY_CUTOFF}, ${HEAVY_POINTS} points (the target's)`, HEAVY_POINTS, runs.heavyLocal, runs.heavyLocalTiny, runs.heavyQ, runs.heavyQTiny);
  overhead(`cutoff 16, ${POINTS} points (the throughput workload, first sweep)`, POINTS, runs.local, runs.localTiny, runs.q1, runs.q1Tiny);
} finally {
  await redis.down();
  rmSync(dir, { recursive: true, force: true });
}
