/**
 * Runs a model sweep (a families.ts request) to completion: validates everything first, resumes from an
 * existing JSONL (store.ts), evaluates the missing points in chunks — in this thread or on a pool of
 * worker threads (piscina, running the families' compiled worker module; by default only for long sweeps,
 * and then beside this thread) — appends every finished chunk at once (its text made where it was
 * computed, point-text.ts), reports progress, and finally writes the CSV sorted by index. Each point's numbers depend only
 * on its parameters, so serial, parallel and resumed runs give identical files.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { LindbladError, check, checkOptions, describe, isPlainObject } from '../errors.ts';
import { csvText } from '../io/csv.ts';
import { checkMemory, checkWorkers, formatBytes, steadyStateBytes } from '../io/limits.ts';
import { checkOutputFile } from '../io/output-path.ts';
import { acquireLock } from '../io/lock.ts';
import { removeLeftoverTemps } from '../io/atomic.ts';
import { uniqueTag } from '../io/unique-tag.ts';
import { nowMs } from '../io/clock.ts';
import { modelFileFamilies, type SweepFamilies, type SweepRequest } from './families.ts';
import { PointEvaluator, type SweepSpec } from './sweep.ts';
import { SweepStore, sweepOutputPaths, type SweepHeader } from './store.ts';
import { progress, type ProgressMode } from './progress.ts';
import { dropSweep, evaluateTask, reviveError, type SweepTask, type SweepTaskResult } from './sweep-worker.ts';
import { shardRange, type Shard } from './shard.ts';
import { runShared } from '../io/shared-queue.ts';
import { idleCoresSince } from '../io/idle-cores.ts';
import { WarmRate } from '../io/warm-rate.ts';


export interface RunSweepOptions {
  /** The families the request may name (default: model files only; the CLI passes the paper's, paper/families.ts). */
  families?: SweepFamilies;
  /**
   * CSV path, ending in .csv; the JSONL goes beside it (k.csv → k.jsonl) and a lock file k.csv.lock is held
   * while the sweep runs (a second run on the same output is refused, naming the holder). Each must be a
   * regular file or absent, and none may be one of `inputs`. Without `out` the CSV text is returned.
   */
  out?: string;
  /** Files the sweep reads (the model file): an output that is one of them is refused. */
  inputs?: readonly string[];
  /** Allow more worker threads than cores (at most 64 per core). */
  forceWorkers?: boolean;
  /**
   * Worker threads; 0 evaluates in this thread. Default (auto): start in this thread; when the first
   * PROBE_SECONDS of work (at least three chunks) project more than WORKERS_WORTH_SECONDS still to do, and more
   * than three times what the first chunk (the family's set-up, cold code) took plus 0.1 s, and at least half a
   * core stood idle meanwhile (a busy machine has no core for a thread), start min(2, cores) − 1
   * worker threads and keep computing here beside them, on one shared queue of chunks (io/shared-queue.ts:
   * this thread takes over the chunks a thread holds once the queue is empty, so a thread slow to start —
   * ~0.1 s, then several times its per-point time while V8 compiles the engine in it — never makes the
   * run slower than this thread alone by more than the bookkeeping).
   */
  workers?: number;
  /** Points per task (default: about 32 tasks per worker, at most 256 points). */
  chunk?: number;
  /**
   * Auto mode's probe time, the projected remainder above which workers start (seconds), and the factor
   * by which that remainder must exceed the first chunk's time plus a thread's start (default 3), and the idle
   * cores the probe must have measured beside this thread (io/idle-cores.ts; default 0.5, 0: not measured) — tuning, tests.
   */
  auto?: { probeSeconds: number; worthSeconds: number; coldFactor?: number; idleCores?: number };
  progress?: ProgressMode;
  /** Compute only shard K of N (shard.ts) into this output; its CSV holds that slice (lindblad merge joins them). */
  shard?: Shard;
  /**
   * redis://[:PASSWORD@]HOST:PORT[/DB]: publish the missing chunks as jobs for `lindblad worker` processes
   * and collect their results into `out` (required) instead of computing here (queue.ts; loads BullMQ).
   */
  queue?: string;
}

export interface RunSweepResult {
  columns: string[];
  total: number;
  /** Points computed now, and points found already stored. */
  computed: number;
  resumed: number;
  seconds: number;
  /** Worker threads that computed points (0: all in this thread). */
  workers: number;
  /** The CSV text when no `out` was given. */
  csv?: string;
}

/** Default worker count: min(2, available cores). */
export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

/** One turn of the event loop between in-thread chunks, so SIGINT / SIGTERM handlers (the lock's) can run. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Auto mode: in-thread work timed before deciding, and the projected remainder that makes workers pay.
 * WORKERS_WORTH_SECONDS = 2: the probe's rate is still that of warming code (cavity cutoff 16: 0.45–0.86
 * ms per point at the decision, 0.3 ms warm), and a worker beside this thread cost 10–15 % at 2,000 points
 * (projected 0.8–1.8 s, true rest ≈ 0.5 s) while it gains 7–12 % at 4,000 (projected 2.1–2.3 s) and 15 %
 * at 8,000 points.
 */
const PROBE_SECONDS = 0.25, WORKERS_WORTH_SECONDS = 2, COLD_FACTOR = 3, THREAD_START_SECONDS = 0.1, IDLE_CORES = 0.5;

/** Validates the request and runs it; see the module comment. */
export async function runSweep(request: SweepRequest, options: RunSweepOptions = {}): Promise<RunSweepResult> {
  check(isPlainObject(request), 'request', `expected a sweep request { family, … }, got ${describe(request)}`);
  checkOptions(options, ['families', 'out', 'inputs', 'forceWorkers', 'workers', 'chunk', 'auto', 'progress', 'shard', 'queue'], 'options');
  const families = options.families ?? modelFileFamilies;
  const spec = families.specFrom(request);
  const columns = new PointEvaluator(spec).columns;
  const auto = options.workers === undefined, workers = options.workers ?? defaultWorkers();
  checkWorkers(workers, options.forceWorkers ?? false, '--workers');
  if (options.chunk !== undefined && !(Number.isInteger(options.chunk) && options.chunk >= 1)) {
    throw new LindbladError('invalid-input', `expected an integer ≥ 1, got ${options.chunk}`, '--chunk');
  }
  const total = spec.grid.size;
  checkSweepMemory(spec, columns.length, Math.max(1, workers));
  if (options.queue !== undefined && (options.out === undefined || options.shard !== undefined)) {
    throw new LindbladError('invalid-input', options.shard ? 'cannot be combined with --shard' : 'needs --out (the store the results are collected in)', '--queue');
  }
  if (options.queue !== undefined && options.workers !== undefined) {
    throw new LindbladError('invalid-input', 'has no effect with --queue (each `lindblad worker` sets its own --threads)', '--workers');
  }
  const queueUrl = options.queue === undefined ? null : (await import('./queue-url.ts')).parseQueueUrl(options.queue, '--queue');
  const paths = options.out !== undefined ? sweepOutputPaths(options.out, 'out') : null;
  if (paths) for (const p of [paths.csv, paths.jsonl, paths.lock]) checkOutputFile(p, options.inputs ?? []);
  const lock = paths ? acquireLock(paths.lock, paths.csv) : null;
  if (paths) removeLeftoverTemps(paths.csv); // of a run killed while it wrote the CSV (the lock is ours: no live writer)
  try {
    if (queueUrl) return await (await import('./queue.ts')).runQueued(queueUrl, request, sweepHeader(request, spec, columns), { ...options, out: paths!.csv });
    return await runLocked(request, options, families, spec, columns, auto, workers);
  } finally {
    lock?.release();
  }
}

/** Bytes held per worker thread besides its solves (a V8 isolate with the engine loaded; measured ≈ 12 MiB). */
const WORKER_BYTES = 12 * 1024 * 1024;

/**
 * Refuses a sweep whose lower-bound memory exceeds the budget (io/limits.ts): the steady state of the
 * largest point (every parameter at its largest value, which for the cavity is the largest cutoff) in each
 * thread, the worker threads themselves, and per point its stored CSV record (≈ 24 bytes per cell) and
 * index bookkeeping (≈ 64 bytes).
 */
function checkSweepMemory(spec: SweepSpec, columns: number, threads: number): void {
  const largest: Record<string, number> = {};
  for (const p of spec.grid.parameters) largest[p.name] = p.values.reduce((a, b) => (b > a ? b : a), p.values[0]);
  const job = spec.build(largest);
  const custom = 'kind' in job && job.kind === 'custom' ? job : null;
  const n = custom ? custom.unknowns : 'kind' in job && job.kind === 'family' ? job.template().space.dim : (job as { space: { dim: number } }).space.dim;
  const points = spec.grid.size, solve = custom ? custom.solveBytes : steadyStateBytes(n), perPoint = 24 * columns + 64;
  threads = Math.max(1, Math.min(threads, points));
  const bytes = threads * solve + (threads > 1 ? threads * WORKER_BYTES : 0) + points * perPoint;
  checkMemory(bytes, `a sweep of ${points} point${points === 1 ? '' : 's'} (${columns} columns) of a model of dimension n = ${n} on ${threads} thread${threads > 1 ? 's' : ''} needs ${formatBytes(solve)} (64·n²) per thread and ${formatBytes(points * perPoint)} for the stored rows`, 'sweep');
}

/** SHA-256 of a model file's text, hex; node:crypto is loaded only for model-file sweeps (≈ 10 ms of start-up). */
function sha256Hex(text: string): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

/** What identifies a sweep (its store's header line, and the name of its queue): model, parameter values, columns. */
export function sweepHeader(request: SweepRequest, spec: SweepSpec, columns: string[]): SweepHeader {
  return {
    lindbladSweep: 1,
    model: request.model === 'file' ? `file sha256:${sha256Hex(request.fileText ?? '')}` : request.model,
    parameters: Object.fromEntries(spec.grid.parameters.map((p) => [p.name, [...p.values]])),
    columns,
    points: spec.grid.size,
  };
}

async function runLocked(request: SweepRequest, options: RunSweepOptions, families: SweepFamilies, spec: SweepSpec,
  columns: string[], auto: boolean, workers: number): Promise<RunSweepResult> {
  const header = sweepHeader(request, spec, columns);
  const slice = options.shard ? { ...options.shard, ...shardRange(header.points, options.shard) } : null;
  if (slice) header.shard = slice;
  const first = slice?.start ?? 0, total = slice ? slice.end - slice.start : header.points;
  const memory = new Map<number, string>(); // CSV records by index, without `out`
  const store = options.out ? new SweepStore(options.out, header) : null;
  const t0 = nowMs();
  const done = store ? store.done : new Set<number>();
  const missing = Array.from({ length: total }, (_, k) => first + k).filter((k) => !done.has(k));
  const chunk = options.chunk ?? Math.max(1, Math.min(256, Math.ceil(missing.length / (32 * Math.max(1, workers)))));
  const chunks: number[][] = [];
  for (let k = 0; k < missing.length; k += chunk) chunks.push(missing.slice(k, k + chunk));
  const bar = progress(total, total - missing.length, options.progress ?? 'auto');
  const key = `sweep-${uniqueTag()}`;
  let used = 0;
  const accept = (res: SweepTaskResult) => {
    if (store) store.appendText(res);
    else for (let k = 0; k < res.indices.length; k++) memory.set(res.indices[k], res.records[k]);
    bar.add(res.indices.length);
  };
  // Set when a point failed for a reason of its own (a LindbladError other than 'internal': the same
  // parameters fail again on every rerun), so the run leaves its store as it found it (store.rollback).
  let pointFailed = false;
  const failing = (e: unknown): unknown => {
    const revived = reviveError(e); // evaluateTask carries LindbladErrors in messages whenever this is not the main thread
    if (revived instanceof LindbladError && revived.code !== 'internal') pointFailed = true;
    return revived;
  };
  const evaluateHere = (indices: number[]): SweepTaskResult => {
    try {
      return evaluateTask({ key, request, indices }, families.specFrom);
    } catch (e) {
      throw failing(e);
    }
  };
  const here = (indices: number[]) => accept(evaluateHere(indices));
  try {
    let next = 0, inThread = workers === 0;
    if (auto) { // probe in this thread (io/warm-rate.ts); stay here unless the projected remainder is long
      // A new thread pays about the first chunk's cost (the family's set-up, cold code) before its first
      // result; it could not delay the run (this thread takes over what it holds). Threads start only if
      // the probe found an idle core (io/idle-cores.ts): else a thread only takes time slices from this one.
      const { probeSeconds, worthSeconds, coldFactor = COLD_FACTOR, idleCores = IDLE_CORES } = options.auto ?? { probeSeconds: PROBE_SECONDS, worthSeconds: WORKERS_WORTH_SECONDS };
      const start = nowMs(), probe = new WarmRate(), idle = idleCoresSince();
      while (next < chunks.length && (nowMs() - start < probeSeconds * 1000 || next < 3)) { // wall time bounds the probe
        const n = chunks[next].length;
        here(chunks[next++]);
        probe.add(n);
        await turn();
      }
      const spare = idleCores > 0 ? idle.read() : null;
      if (!probe.threadsPay(missing.length - probe.count, { worthSeconds, coldFactor, threadStartSeconds: THREAD_START_SECONDS })
        || (spare !== null && spare < idleCores)) inThread = true;
    }
    const rest = chunks.slice(next);
    // Auto mode keeps this (warm) thread computing beside workers − 1 threads, on one shared queue of chunks
    // with take-over (io/shared-queue.ts): once the queue is empty this thread computes the chunks the
    // threads still hold, so a thread that is slow to start (cold engine, busy machine) costs the run nothing
    // it would have had without it. Explicit --workers N: N threads, this thread only collects.
    const threads = inThread || rest.length === 0 ? 0 : auto ? workers - 1 : workers;
    if (threads === 0) {
      for (const indices of rest) { here(indices); await turn(); }
    } else {
      const { Piscina } = await import('piscina'); // loaded only when threads are used
      const pool = new Piscina<SweepTask, SweepTaskResult>({ ...families.worker, name: 'runSweepTask', minThreads: threads, maxThreads: threads });
      pool.on('error', () => undefined); // a result arriving while the pool terminates (a chunk taken over here)
      try {
        const run = await runShared({
          tasks: rest,
          local: auto ? (indices: number[]) => evaluateHere(indices) : null,
          remote: { threads, run: (indices) => pool.run({ key, request, indices }).catch((e: unknown) => { failing(e); throw e; }) },
          accept: (_, res) => accept(res),
          revive: reviveError,
        });
        used = run.remote > 0 ? threads : 0;
      } finally {
        await pool.destroy(); // terminates the threads, also those still computing a chunk taken over here
      }
    }
  } catch (e) {
    bar.abort();
    if (pointFailed) store?.rollback();
    else store?.discardIfEmpty(); // (an interruption, a full disk: what was stored resumes)
    throw e;
  } finally {
    dropSweep(key);
    store?.close();
  }
  bar.stop();
  const result: RunSweepResult = { columns, total, computed: missing.length, resumed: total - missing.length, seconds: (nowMs() - t0) / 1000, workers: used };
  if (store) store.finish(); // the lock is still held: runSweep releases it after this returns
  else result.csv = csvText(columns, [...memory.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r));
  return result;
}
