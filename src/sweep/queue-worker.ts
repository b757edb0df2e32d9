/**
 * A queue-sweep worker (`lindblad worker redis://…`): it watches the registry of open sweeps
 * (queue-protocol.ts) and serves each sweep's BullMQ queue, computing every job on a pool of worker threads
 * with the local sweep's task (sweep-worker.ts `runSweepTask`, through the families' worker module), so
 * queue results are the numbers a local sweep writes. Computing off the main thread keeps its event loop
 * free to renew job locks. Any number of workers may serve the same Redis from any machine; each is a
 * client only.
 *
 * Faults: a worker killed mid-job leaves its job locked for `lockSeconds`; then another worker's stall check
 * puts it back in the queue (at most 5 times, then it fails). A LindbladError (a bad model or point) fails
 * the job at once (BullMQ UnrecoverableError: no retry loop); another error is retried (3 attempts, set by
 * the coordinator). A Redis restart is ridden out by the connections' retries. The first SIGINT / SIGTERM
 * stops taking jobs and lets running ones finish; a second ends the process at once.
 */
import { LindbladError } from '../errors.ts';
import type { SweepFamilies } from './families.ts';
import { reviveError, type SweepTask, type SweepTaskResult } from './sweep-worker.ts';
import { encodeResult, JOB_FORMAT, REGISTRY_CHANNEL, REGISTRY_KEY, type QueueJobData } from './queue-protocol.ts';
import { describe, probe, redisOptions } from './queue-connection.ts';
import type { QueueUrl } from './queue-url.ts';

export interface ServeOptions {
  /** Worker threads, and jobs computed at once (≥ 1). */
  threads: number;
  /** Job lock duration (s): a job of a worker that died is retried after this (default 30). */
  lockSeconds?: number;
  /**
   * End once this many seconds passed with no open sweep and no running job after the last sweep closed
   * (default: never). A worker that has seen no sweep yet waits for one (workers may start first).
   */
  idleSeconds?: number;
  /** The worker module whose runSweepTask computes jobs (the CLI passes the paper's families). */
  families: Pick<SweepFamilies, 'worker'>;
  /** One line of log (default: stderr). */
  log?: (line: string) => void;
}

/** Messages of connection errors (logged once per outage). */
const CONNECTION = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|connect/i;

/** Closed sweeps whose keys go with every task (the threads forget their evaluators). */
const CLOSED_KEPT = 64;

/** Seconds between looks at the registry of open sweeps (besides one at each announcement on REGISTRY_CHANNEL). */
const WATCH_SECONDS = 1;

/**
 * Seconds a served sweep may have jobs waiting while this worker runs none before its BullMQ consumer is rebuilt:
 * after Redis restarted with its data lost, a consumer sometimes never resumed waiting for jobs (no blocking
 * call on the server, 21 jobs waiting, the sweep stalled for good), while the registry and the coordinator did.
 */
const STUCK_SECONDS = 5;

/**
 * Longest job lock (s): BullMQ renews a lock on a timer of half its duration and this worker waits a lock
 * plus 5 s when it stops; Node's timers take at most 2³¹ − 1 ms (24.8 days) and run a longer one after 1 ms
 * (a lock of 1e12 s renewed every millisecond, with a TimeoutOverflowWarning each time). 10⁶ s: 11.6 days.
 */
export const MAX_LOCK_SECONDS = 1e6;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits (polling every 50 ms) until `cond()` holds or `ms` have passed. */
async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const t0 = performance.now();
  while (!cond() && performance.now() - t0 < ms) await sleep(50);
}

/** Longest wait (ms) for a finished job's report to Redis, and for a consumer's close, when a sweep stops being served. */
const REPORT_MS = 2000;

/** A sweep served here: its BullMQ consumer, its jobs being computed, and its jobs not yet reported finished. */
interface Served {
  consumer: { pause(doNotWaitActive?: boolean): Promise<void>; close(force?: boolean): Promise<void> };
  computing: number;
  unreported: number;
}

/** Longest wait (ms) for one reply in the registry loop: a connection that never answers must not stop the loop. */
const REPLY_MS = 5000;

/** `p`'s value, or null when it takes longer than REPLY_MS (the timer does not keep the process alive). */
const within = <T>(p: Promise<T>): Promise<T | null> =>
  Promise.race([p, new Promise<null>((resolve) => setTimeout(() => resolve(null), REPLY_MS).unref())]);

/** Serves the queue sweeps at `url` until a signal (or `idleSeconds` without work); returns the jobs completed. */
export async function serveQueue(url: QueueUrl, options: ServeOptions): Promise<{ jobs: number }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`lindblad worker: ${line}\n`));
  const lockSeconds = options.lockSeconds ?? 30;
  if (!(lockSeconds > 0 && lockSeconds <= MAX_LOCK_SECONDS)) {
    throw new LindbladError('invalid-input', `expected seconds > 0 and ≤ ${MAX_LOCK_SECONDS} (longer locks overflow the timers that renew them), got ${lockSeconds}`, 'lockSeconds');
  }
  const lockMs = Math.round(1000 * lockSeconds);
  await probe(url, 'redis-url');
  const [{ Worker, UnrecoverableError }, { Redis }, { Piscina }] = await Promise.all([import('bullmq'), import('ioredis'), import('piscina')]);
  // One pool for the process's life: its threads start (and load the engine) once, not once per sweep.
  // Each keeps a sweep's evaluator (sweep-worker.ts) while the sweep is open; tasks carry the keys of closed
  // sweeps, whose evaluators the threads then forget.
  const pool = new Piscina<SweepTask, SweepTaskResult>({ ...options.families.worker, name: 'runSweepTask', minThreads: options.threads, maxThreads: options.threads });
  const closed: string[] = [], chores = new Set<Promise<unknown>>(), closing = new Set<Promise<unknown>>();
  const forget = (name: string) => { closed.push(name); if (closed.length > CLOSED_KEPT) closed.shift(); };
  let down = false;
  const warn = (e: unknown) => {
    if (down) return;
    down = true;
    log(`Redis at ${url.shown}: ${describe(e, url)}; retrying`);
  };
  const registry = new Redis(redisOptions(url));
  registry.on('error', warn);
  // announcements of opened / closed sweeps wake the loop below at once (ioredis resubscribes after a reconnect)
  // (one that arrives while the loop is looking is kept: the loop then looks again at once)
  let announced = false, look: (() => void) | null = null;
  const announcements = new Redis(redisOptions(url));
  announcements.on('error', warn);
  announcements.on('message', () => { announced = true; look?.(); });
  const subscribed = announcements.subscribe(REGISTRY_CHANNEL).catch(warn);

  let completed = 0, running = 0;
  const processJob = async (job: { id?: string; queueName: string; data: unknown }, served: Served) => {
    served.unreported++; // until its completed or failed event
    const data = job.data as QueueJobData;
    if (data?.format !== JOB_FORMAT) throw new UnrecoverableError(`job format ${String(data?.format)} is not ${JOB_FORMAT} (coordinator and worker run different lindblad versions)`);
    running++;
    served.computing++;
    try {
      // the points' JSONL text (point-text.ts)
      return encodeResult(await pool.run({ key: job.queueName, request: data.request, indices: data.indices, drop: closed.length > 0 ? closed.slice() : undefined }));
    } catch (e) {
      if (reviveError(e) instanceof LindbladError) throw new UnrecoverableError((e as Error).message); // deterministic: no retry
      throw e;
    } finally {
      running--;
      served.computing--;
    }
  };

  const serving = new Map<string, Served>();
  const open = (name: string) => {
    // a sweep opened again (the same grid rerun) is no longer closed: its tasks would otherwise drop its evaluator each time
    const again = closed.indexOf(name);
    if (again >= 0) closed.splice(again, 1);
    const served: Served = { consumer: null as unknown as Served['consumer'], computing: 0, unreported: 0 };
    const w = new Worker(name, (job) => processJob(job, served), {
      // a second job per thread waits in the pool's queue: a thread starts its next chunk without waiting for
      // the Redis round trips that report one job and fetch the next
      connection: redisOptions(url), concurrency: 2 * options.threads,
      lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 5,
    });
    // connection trouble: once per outage; anything else (e.g. a job whose sweep was removed meanwhile): logged
    w.on('error', (e: Error) => (CONNECTION.test(e?.message ?? '') ? warn(e) : log(`sweep ${name}: ${describe(e, url)}`)));
    w.on('completed', () => { completed++; served.unreported--; });
    w.on('failed', () => { served.unreported--; });
    w.on('stalled', (id: string) => log(`job ${id} of sweep ${name} stalled (its worker stopped renewing the lock); back in the queue`));
    served.consumer = w;
    serving.set(name, served);
    log(`serving sweep ${name}`);
  };
  /**
   * Stops serving sweep `name`: unless `force`, its consumer takes no more jobs and the jobs it computes
   * finish and are reported (at most a lock plus 5 s, then REPORT_MS, are waited for); then the consumer is
   * closed at once. BullMQ's own graceful close is not used: after Redis restarts it never settles (it waits
   * for an 'end' event of its blocking connection that does not come; BullMQ 6.7.0, seen every time).
   */
  const shut = async (name: string, force: boolean) => {
    const s = serving.get(name);
    serving.delete(name);
    if (!s) return;
    if (!force) {
      s.consumer.pause(true).catch(() => {});
      await waitFor(() => s.computing === 0, lockMs + 5000);
      await waitFor(() => s.unreported <= 0, REPORT_MS);
    }
    await Promise.race([s.consumer.close(true).catch(() => {}), sleep(REPORT_MS)]);
  };
  /**
   * Stops serving a sweep that left the registry, in the background, so the loop below goes on meanwhile:
   * after Redis restarted with its data lost the registry is empty until the coordinator republishes, and a
   * close awaited in the loop never settled, so the loop never saw the sweep come back (CI: 21 jobs waiting,
   * nobody serving them). A sweep reopened meanwhile gets a new consumer.
   */
  const retire = (name: string) => {
    const t = shut(name, false);
    closing.add(t);
    void t.then(() => closing.delete(t));
  };

  // the watchdog of STUCK_SECONDS: since when each served sweep has had jobs waiting while none ran here
  const stuckSince = new Map<string, number>();
  const rebuildStuck = async () => {
    for (const name of [...serving.keys()]) {
      let waiting = 0;
      try {
        const n = running === 0 ? await within(registry.llen(`bull:${name}:wait`)) : 0;
        if (n === null) return; // no answer yet: looked at again next time
        waiting = n;
      } catch (e) {
        warn(e);
        return;
      }
      if (waiting === 0) { stuckSince.delete(name); continue; }
      const since = stuckSince.get(name) ?? performance.now();
      stuckSince.set(name, since);
      if (performance.now() - since < STUCK_SECONDS * 1000 || !serving.has(name)) continue;
      stuckSince.delete(name);
      log(`sweep ${name}: ${waiting} job${waiting === 1 ? '' : 's'} waiting and none taken for ${STUCK_SECONDS} s; reconnecting to its queue`);
      await shut(name, true);
      open(name);
    }
  };

  let stopping = 0, stop: () => void = () => {};
  const stopped = new Promise<null>((resolve) => { stop = () => resolve(null); });
  const onSignal = () => {
    stopping++;
    stop(); // a look at the registry that waits for an absent Redis is not waited for
    if (stopping > 1) process.exit(130);
    log('stopping: finishing running jobs (a second signal ends now)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await Promise.race([subscribed, stopped]); // "waiting" is said once announcements are heard …
  // … and the threads have loaded the engine (an empty task each), so a sweep does not wait for that
  const idle = { key: '', request: { model: '', args: {} }, indices: [] };
  await Promise.race([Promise.all(Array.from({ length: options.threads }, () => pool.run(idle))), stopped]);
  log(`waiting for sweeps at ${url.shown} (${options.threads} thread${options.threads === 1 ? '' : 's'})`);
  let idleSince = performance.now(), served = false;
  try {
    while (stopping === 0) {
      let names: string[] | null = null;
      try {
        names = await Promise.race([within(registry.smembers(REGISTRY_KEY)), stopped]);
      } catch (e) {
        warn(e);
      }
      if (names) {
        if (down) { log(`Redis at ${url.shown} answers again`); down = false; }
        const want = new Set(names.filter((n) => /^lindblad-[0-9a-f]{32}$/.test(n)));
        for (const n of want) if (!serving.has(n)) open(n);
        for (const n of [...serving.keys()]) {
          if (want.has(n)) continue;
          retire(n);
          forget(n);
          log(`sweep ${n} closed`);
          // idle threads free the closed sweeps' memory now (a busy one does with its next task)
          if (serving.size === 0 && running === 0) {
            for (let k = 0; k < options.threads; k++) {
              const t = pool.run({ ...idle, drop: closed.slice() }).catch(() => null);
              chores.add(t);
              void t.then(() => chores.delete(t));
            }
          }
        }
      }
      if (names && !down) await rebuildStuck();
      if (serving.size > 0 || running > 0 || !served) { idleSince = performance.now(); served ||= serving.size > 0; }
      else if (options.idleSeconds !== undefined && performance.now() - idleSince > options.idleSeconds * 1000) break;
      if (!announced) await Promise.race([sleep(WATCH_SECONDS * 1000), stopped, new Promise<void>((resolve) => { look = resolve; })]);
      announced = false;
      look = null;
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    // running jobs finish (a lock renewal needs Redis: without it, they are retried elsewhere anyway)
    await Promise.race([Promise.all([...[...serving.keys()].map((n) => shut(n, false)), ...closing]), stopped.then(() => new Promise<void>((resolve) => setTimeout(resolve, lockMs + 5000).unref()))]);
    registry.disconnect();
    announcements.disconnect();
    await Promise.all(chores); // the pool is destroyed with no task running (piscina: 'Unexpected message from Worker')
    await pool.destroy();
  }
  log(`done: ${completed} job${completed === 1 ? '' : 's'} computed`);
  return { jobs: completed };
}
