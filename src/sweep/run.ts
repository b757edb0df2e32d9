/**
 * Runs a model sweep (a families.ts request) to completion: validates everything first, resumes from an
 * existing JSONL (store.ts), evaluates the missing points in chunks — in this thread or on a pool of
 * worker threads (piscina, running the families' compiled worker module; by default only for long sweeps) — appends every finished chunk at
 * once, reports progress, and finally writes the CSV sorted by index. Each point's numbers depend only
 * on its parameters, so serial, parallel and resumed runs give identical files.
 */
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { LindbladError } from '../errors.ts';
import { toCsv, type CsvCell } from '../io/csv.ts';
import { modelFileFamilies, type SweepFamilies, type SweepRequest } from './families.ts';
import { PointEvaluator } from './sweep.ts';
import { SweepStore, type SweepHeader } from './store.ts';
import { progress, type ProgressMode } from './progress.ts';
import { dropSweep, evaluateTask, type SweepTask, type SweepTaskResult } from './sweep-worker.ts';


export interface RunSweepOptions {
  /** The families the request may name (default: model files only; the CLI passes the paper's, paper/families.ts). */
  families?: SweepFamilies;
  /** CSV path; the JSONL goes beside it (k.csv → k.jsonl). Without it the CSV text is returned. */
  out?: string;
  /**
   * Worker threads; 0 evaluates in this thread. Default (auto): start in this thread and move the rest to
   * min(2, cores) workers only when the first PROBE_SECONDS of work project more than WORKERS_WORTH_SECONDS
   * still to do (starting a worker and loading the engine into it costs ~0.1 s).
   */
  workers?: number;
  /** Points per task (default: about 16 tasks per worker, at most 256 points). */
  chunk?: number;
  /** Auto mode's probe time and the projected remainder above which workers start (seconds; tuning, tests). */
  auto?: { probeSeconds: number; worthSeconds: number };
  progress?: ProgressMode;
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

/** Auto mode: in-thread work timed before deciding, and the projected remainder that makes workers pay. */
const PROBE_SECONDS = 0.25, WORKERS_WORTH_SECONDS = 2;

/** Validates the request and runs it; see the module comment. */
export async function runSweep(request: SweepRequest, options: RunSweepOptions = {}): Promise<RunSweepResult> {
  const families = options.families ?? modelFileFamilies;
  const spec = families.specFrom(request);
  const columns = new PointEvaluator(spec).columns;
  const auto = options.workers === undefined, workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 0) throw new LindbladError('invalid-input', `expected an integer ≥ 0, got ${workers}`, '--workers');
  if (options.chunk !== undefined && !(Number.isInteger(options.chunk) && options.chunk >= 1)) {
    throw new LindbladError('invalid-input', `expected an integer ≥ 1, got ${options.chunk}`, '--chunk');
  }
  const total = spec.grid.size;
  const header: SweepHeader = {
    lindbladSweep: 1,
    model: request.model === 'file' ? `file sha256:${createHash('sha256').update(request.fileText ?? '').digest('hex')}` : request.model,
    parameters: Object.fromEntries(spec.grid.parameters.map((p) => [p.name, [...p.values]])),
    columns,
    points: total,
  };
  const memory = new Map<number, CsvCell[]>();
  const store = options.out ? new SweepStore(options.out, header) : null;
  const t0 = performance.now();
  const done = store ? store.done : new Set<number>();
  const missing = Array.from({ length: total }, (_, k) => k).filter((k) => !done.has(k));
  const chunk = options.chunk ?? Math.max(1, Math.min(256, Math.ceil(missing.length / (16 * Math.max(1, workers)))));
  const chunks: number[][] = [];
  for (let k = 0; k < missing.length; k += chunk) chunks.push(missing.slice(k, k + chunk));
  const bar = progress(total, total - missing.length, options.progress ?? 'auto');
  const key = randomUUID();
  let used = 0;
  const accept = (res: SweepTaskResult) => {
    if (store) store.append(res.points);
    else for (const p of res.points) memory.set(p.index, p.cells);
    bar.add(res.points.length);
  };
  const here = (indices: number[]) => accept(evaluateTask({ key, request, indices }, families.specFrom));
  try {
    let next = 0, inThread = workers === 0;
    if (auto) { // probe in this thread; stay here unless the projected remainder is long
      const start = performance.now(), { probeSeconds, worthSeconds } = options.auto ?? { probeSeconds: PROBE_SECONDS, worthSeconds: WORKERS_WORTH_SECONDS };
      let probed = 0;
      while (next < chunks.length && performance.now() - start < probeSeconds * 1000) { probed += chunks[next].length; here(chunks[next++]); }
      const projected = probed > 0 ? (performance.now() - start) / 1000 / probed * (missing.length - probed) : Infinity;
      if (projected <= worthSeconds) inThread = true;
    }
    const rest = chunks.slice(next);
    used = inThread || rest.length === 0 ? 0 : workers;
    if (used === 0) {
      rest.forEach(here);
    } else {
      const { Piscina } = await import('piscina'); // loaded only when threads are used
      const pool = new Piscina<SweepTask, SweepTaskResult>({ ...families.worker, name: 'runSweepTask', minThreads: workers, maxThreads: workers });
      try {
        await Promise.all(rest.map((indices) => pool.run({ key, request, indices }).then(accept)));
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    bar.stop();
    dropSweep(key);
    store?.close();
  }
  const result: RunSweepResult = { columns, total, computed: missing.length, resumed: total - missing.length, seconds: (performance.now() - t0) / 1000, workers: used };
  if (store) store.finish();
  else result.csv = toCsv(columns, [...memory.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c), { allowNonFinite: true });
  return result;
}
