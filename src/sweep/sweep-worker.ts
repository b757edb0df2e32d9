/**
 * The task run by sweep worker threads: rebuild the sweep from its plain-data request with a families'
 * `specFrom` (families.ts), once per request, and evaluate a list of point indices. Evaluators stay cached
 * between tasks, so prepared solves (sectors, sector matrices, orderings) are reused for every later chunk
 * the worker gets. Points are returned as text (point-text.ts), formatted in the thread that computed them.
 * This module is also the worker entry of the model-file families (`runSweepTask`); paper/sweep-worker.ts is
 * that of the paper's families.
 */
import { createRequire } from 'node:module';
import { LindbladError } from '../errors.ts';
import type { SweepRequest, SweepFamilies } from './family-definition.ts';
import { PointEvaluator } from './sweep.ts';
import { PointFormatter, type PointText } from './point-text.ts';

export interface SweepTask {
  /** Identifies the request; tasks with the same key reuse the worker's evaluator. */
  key: string;
  request: SweepRequest;
  indices: number[];
  /** Keys of finished sweeps whose evaluators this thread forgets first (a long-lived pool, queue-worker.ts). */
  drop?: readonly string[];
}

/** The points' JSONL lines and CSV records (point-text.ts): formatted here, only appended by the collector. */
export type SweepTaskResult = PointText;

const evaluators = new Map<string, { ev: PointEvaluator; formatter: PointFormatter }>();

/**
 * Worker entry of the model-file families: evaluates the task's points (in the given order). The model-file
 * family (and its parser) is imported on the first task, not with this module (paper/sweep-worker.ts uses
 * this module without it).
 */
export async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  return evaluateTask(task, (await import('./families.ts')).sweepSpecFrom);
}

/** Prefix of an error message that carries a LindbladError across a thread boundary (see reviveError). */
const CARRIED = 'lindblad-error:';

/**
 * Evaluates the task's points (in the given order) with the families' `specFrom`. In a worker thread a
 * LindbladError is rethrown as an Error whose message carries code, field and message (a thread boundary
 * keeps only an Error's message); reviveError turns it back.
 */
export function evaluateTask(task: SweepTask, specFrom: SweepFamilies['specFrom']): SweepTaskResult {
  try {
    return evaluate(task, specFrom);
  } catch (e) {
    if (!(e instanceof LindbladError) || onMainThread()) throw e;
    const bare = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    throw new Error(CARRIED + JSON.stringify({ code: e.code, field: e.field, message: bare }));
  }
}

/**
 * True in the main thread. node:worker_threads is loaded only here, on the error path: an in-thread sweep
 * never needs it (loading it costs ≈ 5 ms of a CLI call's start-up).
 */
function onMainThread(): boolean {
  return (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).isMainThread;
}

/** The LindbladError a worker carried in an Error's message (evaluateTask), or `e` itself. */
export function reviveError(e: unknown): unknown {
  const m = e instanceof Error ? e.message : '';
  if (!m.startsWith(CARRIED)) return e;
  const d = JSON.parse(m.slice(CARRIED.length)) as { code: LindbladError['code']; field?: string; message: string };
  return new LindbladError(d.code, d.message, d.field);
}

function evaluate(task: SweepTask, specFrom: SweepFamilies['specFrom']): SweepTaskResult {
  if (task.drop) for (const key of task.drop) evaluators.delete(key);
  if (task.indices.length === 0) return { indices: [], lines: [], records: [] };
  return evaluateWith(task, specFrom);
}

function evaluateWith(task: SweepTask, specFrom: SweepFamilies['specFrom']): SweepTaskResult {
  let cached = evaluators.get(task.key);
  if (!cached) {
    const ev = new PointEvaluator(specFrom(task.request));
    cached = { ev, formatter: new PointFormatter(ev.columns) };
    evaluators.set(task.key, cached);
  }
  const { ev, formatter } = cached, columns = ev.columns;
  return formatter.format(task.indices.map((index) => {
    const row = ev.evaluate(index);
    return { index, cells: columns.map((c) => (Object.hasOwn(row.params, c) ? row.params[c] : row.values[c])) };
  }));
}

/** Forgets a request's cached evaluator (called by the driver when its run ends). */
export function dropSweep(key: string): void {
  evaluators.delete(key);
}
