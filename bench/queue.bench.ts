/**
 * Queue sweeps: `npx tsx bench/queue.bench.ts [--quick] [--reps N] [--points P] [--chunk C]`. Needs the build
 * (`npm run build`) and redis-server (started here on a free loopback port, no persistence, and stopped).
 *
 * The grid is the cavity model's κ axis, P points (default 4000) at Fock cutoff 16, default job chunks.
 * Five runs, interleaved, each repeated N times (default 3; --quick: 1):
 *  - local:  `lindblad sweep … --workers 1` — the same task on one worker thread, no queue (the baseline);
 *  - queue1: `lindblad sweep … --queue URL` with one `lindblad worker URL --threads 1` process;
 *  - queue2: the same with two worker processes;
 *  - local and queue1 again on the same family at 8 points (the fixed costs: process start-ups, module
 *    loading — BullMQ and ioredis for the queue — and the family's set-up in each worker thread).
 * Each run's wall time is the coordinator's own "in X s" (store open to CSV written; the workers are started
 * and idle before it starts: workers of a deployment are long-lived; the throughput target is measured on this);
 * each queue run also prints its whole-run time, worker processes spawned → coordinator ended, start-ups
 * included, so nothing is hidden. CPU times (user + sys, /usr/bin/time) of every process are summed, and
 * printed by process (coordinator, each worker, redis-server from /proc/PID/stat).
 * Printed (medians): per-point cost, throughput of queue2 / queue1 (target ≥ 1.7 on two cores), the queue's
 * overhead queue1 / local − 1 (wall, and CPU with the fixed costs), and the marginal CPU overhead per point
 * (both minus their 8-point runs; target ≤ 5 % for points ≥ 1 ms). Every queue CSV is checked
 * byte-identical to the local one. On a machine shared with other work the wall and CPU times scatter by
 * tens of percent (CPU time grows with contention): judge the targets on a quiet machine. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, RedisServer } from '../test/queue/harness.ts';

const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes('--quick');
const REPS = Number(arg('--reps')) || (quick ? 1 : 3);
const POINTS = Number(arg('--points')) || 4000;
/** The grid at P points (the fixed costs are measured on the same family at TINY points). */
const grid = (p: number) => ['cavity', '--kappa', `0.1:100:${p}:log`, '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '16', '--progress', 'none'];
const TINY = 8;
/** --chunk C: points per job in queue runs (default: the coordinator's own choice). */
const CHUNK = arg('--chunk');
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

async function sweep(extra: string[], tag: string, points = POINTS): Promise<{ wall: number; cpu: number; csv: string }> {
  const out = `${tag}.csv`;
  rmSync(join(dir, out), { force: true });
  rmSync(join(dir, `${tag}.jsonl`), { force: true });
  const r = await lindblad(['sweep', ...grid(points), '--out', out, ...extra], tag).done;
  if (r.code !== 0) throw new Error(`${tag} failed: ${r.err}`);
  return { wall: reported(r.out), cpu: r.cpu, csv: readFileSync(join(dir, out), 'utf8') };
}

/** CPU seconds (user + sys) process `pid` has used so far (/proc; NaN elsewhere). */
function procCpu(pid: number | null): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime (fields 14, 15) in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

/**
 * wall: the coordinator's own time (submit → all results merged; the workers started and idle before it: the
 * throughput target's measure); whole: worker processes spawned → coordinator process ended (start-ups, module
 * loading and connecting included); ready: worker processes spawned → every one connected and waiting.
 */
interface QueueRun { wall: number; whole: number; ready: number; cpu: number; csv: string; coordinatorCpu: number; workerCpu: number[]; workerReadyCpu: number[]; redisCpu: number }

/** CPU seconds so far of the process a /usr/bin/time process `pid` runs (its child), or of `pid` itself without time. */
function runCpu(pid: number): number {
  if (!TIME) return procCpu(pid);
  try {
    return procCpu(Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]));
  } catch {
    return NaN;
  }
}

async function queued(redis: RedisServer, workers: number, tag: string, points = POINTS): Promise<QueueRun> {
  // --idle-exit 1: each worker ends about a second after the sweep closes, so /usr/bin/time reports its CPU time
  const spawned = performance.now();
  const ws = Array.from({ length: workers }, (_, k) => lindblad(['worker', redis.url, '--threads', '1', '--idle-exit', '1'], `${tag}-w${k}`));
  let res, readyCpu: number[] = [];
  try {
    let ended = false;
    void Promise.race(ws.map((w) => w.done)).then(() => { ended = true; });
    while (!ws.every((w) => w.err().includes('waiting for sweeps'))) {
      if (ended) throw new Error(`a worker ended before it was ready: ${ws.map((w) => w.err()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const ready = (performance.now() - spawned) / 1000;
    readyCpu = ws.map((w) => runCpu(w.pid));
    const r0 = procCpu(redis.pid);
    res = { ...await sweep(['--queue', redis.url, ...(CHUNK ? ['--chunk', CHUNK] : [])], tag, points), redisCpu: 0, ready, whole: (performance.now() - spawned) / 1000 };
    res.redisCpu = procCpu(redis.pid) - r0;
  } catch (e) {
    for (const w of ws) w.kill();
    throw e;
  }
  const done = await Promise.all(ws.map((w) => w.done));
  return { ...res, cpu: res.cpu + done.reduce((a, d) => a + d.cpu, 0), coordinatorCpu: res.cpu, workerCpu: done.map((d) => d.cpu), workerReadyCpu: readyCpu };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const redis = await RedisServer.start(dir);
try {
  type Kind = 'local' | 'queue1' | 'queue2' | 'localTiny' | 'queue1Tiny';
  const runs: Record<Kind, Array<{ wall: number; cpu: number; whole?: number; ready?: number; coordinatorCpu?: number; workerCpu?: number[]; workerReadyCpu?: number[]; redisCpu?: number }>> = { local: [], queue1: [], queue2: [], localTiny: [], queue1Tiny: [] };
  let reference = '';
  for (let rep = 0; rep < REPS; rep++) {
    const local = await sweep(['--workers', '1'], 'local');
    reference ||= local.csv;
    if (local.csv !== reference) throw new Error('two local runs differ');
    runs.local.push(local);
    for (const n of [1, 2] as const) {
      const q = await queued(redis, n, `queue${n}`);
      if (q.csv !== reference) throw new Error(`queue${n}: the CSV differs from the local sweep's`);
      runs[`queue${n}`].push(q);
    }
    runs.localTiny.push(await sweep(['--workers', '1'], 'local-tiny', TINY));
    runs.queue1Tiny.push(await queued(redis, 1, 'queue1-tiny', TINY));
    console.log(`rep ${rep + 1}/${REPS}: ` + (['local', 'queue1', 'queue2', 'localTiny', 'queue1Tiny'] as const).map((k) => { const r = runs[k][rep]; return `${k} ${r.wall.toFixed(2)} s${r.whole !== undefined ? ` [whole run ${r.whole.toFixed(2)} s, workers ready after ${r.ready!.toFixed(2)} s]` : ''} (cpu ${r.cpu.toFixed(2)} s${r.coordinatorCpu !== undefined ? ` = coordinator ${r.coordinatorCpu.toFixed(2)} + workers ${r.workerCpu!.map((c, w) => `${c.toFixed(2)} (${r.workerReadyCpu![w].toFixed(2)} of it before ready)`).join(' + ')}; redis ${r.redisCpu!.toFixed(2)} s besides` : ''})`; }).join(', '));
  }
  const m = (k: keyof typeof runs, f: 'wall' | 'cpu' | 'whole' | 'ready') => median(runs[k].map((r) => r[f]!));
  const perPoint = m('local', 'wall') / POINTS;
  console.log(`\n${POINTS} cavity points at cutoff 16, ${REPS} interleaved rep(s), medians; every queue CSV byte-identical to the local sweep's`);
  console.log(`  per point (local, one worker thread): ${(perPoint * 1000).toFixed(2)} ms wall, ${(m('local', 'cpu') / POINTS * 1000).toFixed(2)} ms CPU (process total)`);
  console.log(`  throughput: one worker ${(POINTS / m('queue1', 'wall')).toFixed(0)} points/s, two workers ${(POINTS / m('queue2', 'wall')).toFixed(0)} points/s → ×${(m('queue1', 'wall') / m('queue2', 'wall')).toFixed(2)} (target ≥ 1.7; submit → all results merged, the workers started, connected and idle before)`);
  console.log(`  whole runs (worker processes spawned → coordinator ended: start-ups, module loading, connecting included): one worker ${m('queue1', 'whole').toFixed(2)} s, two workers ${m('queue2', 'whole').toFixed(2)} s → ×${(m('queue1', 'whole') / m('queue2', 'whole')).toFixed(2)}; workers ready after ${m('queue1', 'ready').toFixed(2)} / ${m('queue2', 'ready').toFixed(2)} s`);
  console.log(`  queue overhead (one worker vs local): wall ${(100 * (m('queue1', 'wall') / m('local', 'wall') - 1)).toFixed(1)} %, CPU ${(100 * (m('queue1', 'cpu') / m('local', 'cpu') - 1)).toFixed(1)} % (wall: the coordinator's own time, workers started and idle before it, process start-ups excluded on both sides; CPU: every process, start-ups and module loading included — BullMQ, ioredis and a second process cost a fixed ~1 s of CPU; target ≤ 5 % for points ≥ 1 ms)`);
  const mq = (k: 'queue1' | 'queue2' | 'queue1Tiny', f: (r: (typeof runs)['queue1'][number]) => number) => median(runs[k].map(f));
  const coord = (k: 'queue1' | 'queue2') => mq(k, (r) => r.coordinatorCpu!) - mq('queue1Tiny', (r) => r.coordinatorCpu!);
  const workersCpu = (k: 'queue1' | 'queue2' | 'queue1Tiny') => mq(k, (r) => r.workerCpu!.reduce((a, b) => a + b, 0));
  console.log(`  CPU by process (medians, s): coordinator queue1 ${mq('queue1', (r) => r.coordinatorCpu!).toFixed(2)}, queue2 ${mq('queue2', (r) => r.coordinatorCpu!).toFixed(2)}, at ${TINY} points ${mq('queue1Tiny', (r) => r.coordinatorCpu!).toFixed(2)} `
    + `→ ${(coord('queue1') / (POINTS - TINY) * 1e6).toFixed(0)} / ${(coord('queue2') / (POINTS - TINY) * 1e6).toFixed(0)} µs per point (one / two workers); `
    + `workers (sum) queue1 ${workersCpu('queue1').toFixed(2)}, queue2 ${workersCpu('queue2').toFixed(2)}, at ${TINY} points ${workersCpu('queue1Tiny').toFixed(2)} (start-up, module loading and each thread's warm-up); `
    + `redis queue1 ${mq('queue1', (r) => r.redisCpu!).toFixed(2)}, queue2 ${mq('queue2', (r) => r.redisCpu!).toFixed(2)}`);
  const after = (k: 'queue1' | 'queue2' | 'queue1Tiny') => mq(k, (r) => r.workerCpu!.reduce((a, c, w) => a + c - r.workerReadyCpu![w], 0));
  console.log(`  workers' CPU after ready (sum, s; the work of the sweep window: each thread's cold start + the points): queue1 ${after('queue1').toFixed(2)}, queue2 ${after('queue2').toFixed(2)}, at ${TINY} points ${after('queue1Tiny').toFixed(2)}; `
    + `before ready (start-up, module loading, connecting; per worker) ${mq('queue1', (r) => r.workerReadyCpu![0]).toFixed(2)}`);
  const marginal = (k: 'local' | 'queue1') => m(k, 'cpu') - m(`${k}Tiny`, 'cpu');
  console.log(`  marginal CPU of ${POINTS - TINY} more points (the same runs at ${TINY} points subtracted: start-ups, module loading and the family's set-up): local ${marginal('local').toFixed(2)} s, queue ${marginal('queue1').toFixed(2)} s → queue overhead ${(100 * (marginal('queue1') / marginal('local') - 1)).toFixed(1)} % of compute (${(marginal('local') / (POINTS - TINY) * 1000).toFixed(2)} ms CPU per point)`);
} finally {
  await redis.down();
  rmSync(dir, { recursive: true, force: true });
}
