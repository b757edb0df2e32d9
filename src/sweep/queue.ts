/**
 * The coordinator of a queue sweep (`lindblad sweep … --queue redis://…`): it cuts the grid into fixed
 * chunks (queue-protocol.ts), publishes each chunk that still has points missing from the local store as a
 * BullMQ job (job id = chunk, so a chunk still queued is not added twice), registers the queue where
 * `lindblad worker` processes look (queue-worker.ts), and writes each finished job's points, which arrive
 * in its completed event (BullMQ QueueEvents: a blocking read of the queue's event stream, no polling), into
 * the same resumable store as a local sweep (store.ts). A finished job is removed from Redis at once; its
 * result stays in the event stream (capped by BullMQ at about 10,000 events). The store skips points it
 * already holds, so a result seen twice (a job run twice after a stall, a restart reading old events) is
 * written once.
 *
 * Faults: a coordinator killed and restarted reopens its store and the same queue (named after the sweep),
 * first reads the event stream from its start (what finished while no coordinator listened), then
 * republishes only what is neither stored nor queued; every 10 s, and whenever its connection comes back, it
 * republishes again, so jobs lost with a Redis restart (without persistence) are queued anew. A result that
 * fell out of the capped stream is computed again. A job that failed for good — a LindbladError on a worker
 * (no retry), or another error after 3 attempts, or a job whose workers died 5 times — fails the sweep with
 * that error, and the queue is removed. */
import { LindbladError } from '../errors.ts';
import type { SweepRequest } from './families.ts';
import { SweepStore, type SweepHeader } from './store.ts';
import { progress, type ProgressMode } from './progress.ts';
import { reviveError } from './sweep-worker.ts';
import { chunkSize, decodeResult, jobId, JOB_FORMAT, queueName, REGISTRY_CHANNEL, REGISTRY_KEY, type QueueJobData } from './queue-protocol.ts';
import { describe, probe, redisOptions } from './queue-connection.ts';
import type { QueueUrl } from './queue-url.ts';

export interface QueuedOptions {
  /** The CSV path of the store (its lock is held by the caller). */
  out: string;
  /** Points per job (default: queue-protocol.ts chunkSize). */
  chunk?: number;
  progress?: ProgressMode;
}

/**
 * Seconds between republish passes, and the longest wait for finished jobs (ms): the coordinator wakes at
 * once on a job's completed or failed event (BullMQ QueueEvents, a blocking read: no polling cost), and at
 * least this often in case an event was missed (e.g. across a Redis restart).
 */
const REPUBLISH_SECONDS = 10, POLL_MS = 1000;
/** A time limit for clean-up calls that does not keep the process alive. */
const limit = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs the sweep of `request` (identified by `header`) through the queue at `url`; see the module comment.
 * Returns the counts run.ts reports (workers: 0 — the work was done elsewhere).
 */
export async function runQueued(url: QueueUrl, request: SweepRequest, header: SweepHeader, options: QueuedOptions) {
  await probe(url, '--queue');
  const [{ Queue, QueueEvents }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  const name = queueName(header), total = header.points, size = chunkSize(total, options.chunk);
  const t0 = performance.now();
  const store = new SweepStore(options.out, header);
  const stored = store.done;
  const missing = new Set<number>();
  for (let k = 0; k < total; k++) if (!stored.has(k)) missing.add(k);
  const resumed = total - missing.size;
  const bar = progress(total, resumed, options.progress ?? 'auto');
  let down = false, republishNow = true;
  const warn = (e: unknown) => {
    if (down) return;
    down = true;
    process.stderr.write(`lindblad: warning: Redis at ${url.shown}: ${describe(e, url)}; retrying\n`);
  };
  const queue = new Queue(name, { connection: redisOptions(url) });
  const client = new Redis(redisOptions(url));
  queue.on('error', warn);
  client.on('error', warn);
  client.on('ready', () => { down = false; republishNow = true; });
  let events: InstanceType<typeof QueueEvents> | null = null;
  let wake: (() => void) | null = null, lookForFailures = true, fault: unknown = null;
  const nudge = () => { wake?.(); wake = null; };
  /**
   * Resolves on the next completed/failed event, or after POLL_MS; failures are looked for after a failed
   * event and at every republish pass (a failed event missed across a Redis restart).
   */
  const next = () => new Promise<void>((resolve) => { wake = resolve; setTimeout(nudge, POLL_MS).unref(); });

  /** Stores a finished job's points (from its completed event). */
  const accept = (id: string, value: unknown): void => {
    const fresh = store.appendText(decodeResult(value, id, total, header.columns)); // the worker's text, appended as is
    for (let k = 0; k < fresh.length; k++) missing.delete(fresh[k]);
    bar.add(fresh.length);
  };

  /** Reads the queue's event stream from its start: what finished while no coordinator listened (a restart). */
  const catchUp = async (): Promise<string> => {
    let last = '0-0';
    for (;;) {
      const entries = await client.xrange(queue.keys.events, last, '+', 'COUNT', 500);
      const fresh = entries.filter(([id]) => id !== last);
      if (fresh.length === 0) return last;
      for (const [id, fields] of fresh) {
        last = id;
        const f: Record<string, string> = {};
        for (let k = 0; k + 1 < fields.length; k += 2) f[fields[k]] = fields[k + 1];
        if (f.event === 'completed' && f.jobId !== undefined) accept(f.jobId, JSON.parse(f.returnvalue ?? 'null'));
      }
    }
  };

  /** Adds the chunks with missing points that are not queued. */
  const publish = async (): Promise<void> => {
    const chunks: Array<{ id: string; indices: number[] }> = [];
    for (let j = 0; j * size < total; j++) {
      const indices: number[] = [];
      for (let k = j * size; k < Math.min(total, (j + 1) * size); k++) if (missing.has(k)) indices.push(k);
      if (indices.length > 0) chunks.push({ id: jobId(size, j), indices });
    }
    const pipe = client.pipeline();
    for (const c of chunks) pipe.exists(queue.toKey(c.id));
    const exists = (await pipe.exec()) ?? [];
    const add = chunks.filter((_, k) => exists[k]?.[1] !== 1);
    for (let k = 0; k < add.length; k += 500) {
      await queue.addBulk(add.slice(k, k + 500).map((c) => ({
        name: 'chunk',
        data: { format: JOB_FORMAT, request, indices: c.indices } satisfies QueueJobData,
        // a finished job's result lives in its completed event (read by `accept`); the job itself goes at once
        opts: { jobId: c.id, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: false },
      })));
    }
    // announced at once (REGISTRY_CHANNEL): idle workers start serving now, not at their next look
    if ((await client.sadd(REGISTRY_KEY, name)) === 1) await client.publish(REGISTRY_CHANNEL, name);
  };

  /** Throws the error of a job that failed for good, if any. */
  const checkFailed = async (): Promise<void> => {
    if ((await queue.getFailedCount()) === 0) return;
    const [job] = await queue.getJobs(['failed'], 0, 0, true);
    if (!job) return;
    const reason = job.failedReason ?? 'no reason given';
    jobFailed = true;
    const revived = reviveError(new Error(reason));
    if (revived instanceof LindbladError) {
      pointFailed = revived.code !== 'internal';
      throw revived;
    }
    throw new LindbladError('internal', `queue job ${job.id} failed on a worker after ${job.attemptsMade} attempt(s): ${reason}`, '--queue');
  };

  let jobFailed = false, pointFailed = false; // (a point that fails on its own: the store is left as found, store.rollback)
  try {
    const from = await catchUp();
    events = new QueueEvents(name, { connection: redisOptions(url), lastEventId: from });
    events.on('error', warn);
    events.on('completed', ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      try { accept(id, returnvalue); } catch (e) { fault ??= e; }
      nudge();
    });
    events.on('failed', () => { lookForFailures = true; nudge(); });
    let last = -Infinity;
    while (missing.size > 0 && fault === null) {
      if (republishNow || performance.now() - last > REPUBLISH_SECONDS * 1000) {
        republishNow = false;
        lookForFailures = true;
        last = performance.now();
        await publish();
      }
      const arrived = next(); // armed before the awaits below: an event meanwhile is not lost
      if (lookForFailures) { lookForFailures = false; await checkFailed(); }
      if (missing.size > 0 && fault === null) await arrived;
    }
    if (fault !== null) throw fault;
  } catch (e) {
    bar.abort();
    if (pointFailed) store.rollback();
    else store.discardIfEmpty();
    // a command Redis refused (e.g. OOM: maxmemory reached, or another program's key where the queue's is)
    // is the server's state, not a defect: one line naming the address
    if (e instanceof Error && e.name === 'ReplyError') throw new LindbladError('invalid-input', `Redis at ${url.shown} refused a command: ${describe(e, url)}`, '--queue');
    throw e;
  } finally {
    store.close();
    // Done, or a job failed for good: the queue goes (workers stop serving it). Otherwise (a local error such
    // as a full disk, or an interruption) it stays, with what the workers computed, for the rerun.
    if (missing.size === 0 || jobFailed) {
      await Promise.race([
        (async () => { await client.srem(REGISTRY_KEY, name); await client.publish(REGISTRY_CHANNEL, name); await queue.obliterate({ force: true }); })().catch(() => {}),
        limit(5000),
      ]);
    }
    nudge();
    await Promise.race([Promise.allSettled([queue.close(), events?.close(), client.quit()]), limit(2000)]);
    // only if QUIT did not finish: on a closed connection ioredis's disconnect() arms a 2 s timer for a
    // 'close' event that already came, and the process stayed alive that long after the sweep (0.37 → 2.4 s
    // for an 8-point sweep)
    if (client.status !== 'end') client.disconnect();
  }
  bar.stop();
  store.finish();
  return { columns: header.columns, total, computed: total - resumed, resumed, seconds: (performance.now() - t0) / 1000, workers: 0 };
}
