/**
 * Quantum-jump trajectories on worker threads (piscina). The index range is cut into pieces that start on
 * multiples of CHUNK (the statistics block), each piece runs in a worker with the same seed, and the pieces
 * come back in index order; since trajectory k uses only streamFor(seed, k) and blocks are merged in order,
 * the result is bit-identical to a serial run. The model crosses the thread boundary as plain data
 * (model/serialize.ts). Each worker runs the compiled jumps-worker.js (io/threads.ts).
 *
 * Load balance: PIECES_PER_WORKER pieces per worker, handed out by the pool as workers become free, so a
 * worker that drew costly trajectories does not leave the other core idle at the end.
 * Auto mode (runAuto): trajectories run in this thread, one CHUNK block at a time (at least MIN_PROBE_BLOCKS), for
 * PROBE_SECONDS (the lesser of wall and CPU time); threads start only when the projected rest (CPU time per trajectory after the first, cold block ×
 * trajectories left) exceeds WORTH_SECONDS and COLD_FACTOR × (the first block's time + a thread's start), and the probe measured at least IDLE_CORES idle cores beside this thread (io/idle-cores.ts: on a
 * saturated machine a thread only takes time slices from this one), and then this thread keeps computing beside min(2, cores) − 1 worker threads on one
 * shared queue of pieces with take-over (io/shared-queue.ts): once the queue is empty this thread computes
 * the pieces a thread still holds, so a thread slow to start (≲ 0.1 s compiled, more on a busy machine)
 * never makes the run slower than this thread alone by more than the bookkeeping.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { LindbladModel } from '../model/model.ts';
import { serializeModel } from '../model/serialize.ts';
import { workerEntry, type WorkerEntry } from '../io/threads.ts';
import { runShared } from '../io/shared-queue.ts';
import { idleCoresSince } from '../io/idle-cores.ts';
import { WarmRate } from '../io/warm-rate.ts';
import { CHUNK, buildPlan, simulateRange, type JumpSpec, type RangeResult } from './core.ts';
import type { JumpTask } from './jumps-worker.ts';

const WORKER = workerEntry('jumps-worker', import.meta.url);
/** Pieces per worker thread (dynamic load balance). */
export const PIECES_PER_WORKER = 4;
/** Auto mode: CPU seconds of probing in this thread, and the projected rest above which workers start. */
export const PROBE_SECONDS = 0.2, WORTH_SECONDS = 1;
/** Auto mode: blocks probed at least (the code warms up over the first few: the latest block's rate is the warmest). */
export const MIN_PROBE_BLOCKS = 3;
/** Auto mode: the projected rest must also exceed COLD_FACTOR × (the first block's CPU time + THREAD_START_SECONDS). */
export const COLD_FACTOR = 3, THREAD_START_SECONDS = 0.1;
/** Auto mode: idle cores (io/idle-cores.ts) the probe must measure beside this thread for threads to start. */
export const IDLE_CORES = 0.5;
/** Auto mode: pieces per computing thread (this one included); a piece taken over wastes at most one. */
export const AUTO_PIECES_PER_THREAD = 8;

/**
 * Splits [start, count) into at most `parts` contiguous ranges of whole CHUNK blocks (the last may be
 * partial), as equal in size as the blocks allow. `start` must be a multiple of CHUNK.
 */
export function splitRanges(count: number, parts: number, start = 0): Array<[number, number]> {
  const first = start / CHUNK, blocks = Math.ceil(count / CHUNK) - first, p = Math.max(1, Math.min(parts, blocks));
  const out: Array<[number, number]> = [];
  let b = first;
  for (let i = 0; i < p; i++) {
    const nb = Math.floor(blocks / p) + (i < blocks % p ? 1 : 0);
    out.push([b * CHUNK, Math.min(count, (b + nb) * CHUNK)]);
    b += nb;
  }
  return out;
}

/** Runs trajectories [start, count) on a fresh pool of `workers` threads, PIECES_PER_WORKER pieces each. */
export async function runParallel(model: LindbladModel, spec: JumpSpec, seed: number, count: number,
  workers: number, start = 0): Promise<RangeResult[]> {
  const ranges = splitRanges(count, workers * PIECES_PER_WORKER, start);
  const threads = Math.min(workers, ranges.length);
  const { Piscina } = await import('piscina'); // loaded only when threads are used
  const pool = new Piscina<JumpTask, RangeResult>({ ...WORKER, name: 'runJumpTask', minThreads: threads, maxThreads: threads });
  try {
    const data = serializeModel(model), key = randomUUID();
    return await Promise.all(ranges.map(([s, e]) => pool.run({ key, model: data, spec, seed, start: s, end: e })));
  } finally {
    // The results are in: the threads are terminated without waiting for them (~0.1–0.2 s on a busy machine).
    pool.destroy().catch(() => undefined);
  }
}

/** What runAuto did: the ranges, and how many threads ran the rest (1: all in this thread). */
export interface AutoRun {
  ranges: RangeResult[];
  workers: number;
  /** Trajectories run in this thread before deciding. */
  probed: number;
  /** Worker threads started after the probe (0: the run stayed in this thread). */
  started: number;
}

/**
 * Auto mode: CHUNK blocks in this thread (at least MIN_PROBE_BLOCKS) until PROBE_SECONDS; then, if the projected
 * rest is above WORTH_SECONDS and COLD_FACTOR × (first block + thread start), and an idle core was measured
 * (options `probeSeconds`/`worthSeconds`/`coldFactor`/`idleCores`/`worker` for tests), the rest in this thread
 * and on min(2, cores) − 1 worker threads, shared with take-over (module comment). The probe's time and
 * rate: io/warm-rate.ts. `workers` counts this thread.
 */
export async function runAuto(model: LindbladModel, spec: JumpSpec, seed: number, count: number,
  tuning: { probeSeconds?: number; worthSeconds?: number; coldFactor?: number; maxWorkers?: number; idleCores?: number; worker?: WorkerEntry } = {}): Promise<AutoRun> {
  const probeSeconds = tuning.probeSeconds ?? PROBE_SECONDS, worthSeconds = tuning.worthSeconds ?? WORTH_SECONDS, idleCores = tuning.idleCores ?? IDLE_CORES;
  const coldFactor = tuning.coldFactor ?? COLD_FACTOR;
  const maxWorkers = tuning.maxWorkers ?? Math.min(2, availableParallelism());
  const plan = buildPlan(model, spec), probe = new WarmRate(), idle = idleCoresSince(), ranges: RangeResult[] = [];
  let next = 0;
  while (next < count && (next < MIN_PROBE_BLOCKS * CHUNK || probe.spent() < probeSeconds)) {
    const end = Math.min(count, next + CHUNK);
    ranges.push(simulateRange(plan, seed, next, end));
    probe.add(end - next);
    next = end;
    if (ranges[ranges.length - 1].stopped !== null) return { ranges, workers: 1, probed: next, started: 0 };
  }
  const probed = next;
  if (next >= count) return { ranges, workers: 1, probed, started: 0 };
  const spare = idleCores > 0 ? idle.read() : null;
  if (maxWorkers < 2 || !probe.threadsPay(count - probed, { worthSeconds, coldFactor, threadStartSeconds: THREAD_START_SECONDS })
    || (spare !== null && spare < idleCores)) {
    ranges.push(simulateRange(plan, seed, next, count));
    return { ranges, workers: 1, probed, started: 0 };
  }
  const pieces = splitRanges(count, maxWorkers * AUTO_PIECES_PER_THREAD, next), threads = maxWorkers - 1;
  const results: RangeResult[] = new Array(pieces.length);
  const { Piscina } = await import('piscina'); // loaded only when threads are used
  const pool = new Piscina<JumpTask, RangeResult>({ ...(tuning.worker ?? WORKER), name: 'runJumpTask', minThreads: threads, maxThreads: threads });
  pool.on('error', () => undefined); // a result arriving while the pool terminates (a piece taken over here)
  let remote = 0;
  try {
    const data = serializeModel(model), key = randomUUID();
    remote = (await runShared({
      tasks: pieces,
      local: ([s, e]) => simulateRange(plan, seed, s, e),
      remote: { threads, run: ([s, e]) => pool.run({ key, model: data, spec, seed, start: s, end: e }) },
      accept: (i, r) => { results[i] = r; },
    })).remote;
  } finally {
    pool.destroy().catch(() => undefined); // terminated without waiting (a thread may still run a piece taken over)
  }
  ranges.push(...results);
  return { ranges, workers: remote > 0 ? maxWorkers : 1, probed, started: threads };
}
