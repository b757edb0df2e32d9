/**
 * The task run by sweep worker threads: rebuild the sweep from its plain-data request with a families'
 * `specFrom` (families.ts), once per request, and evaluate a list of point indices. Evaluators stay cached
 * between tasks, so prepared solves (sectors, sector matrices, orderings) are reused for every later chunk
 * the worker gets. This module is also the worker entry of the model-file families (`runSweepTask`);
 * paper/sweep-worker.ts is that of the paper's families.
 */
import { sweepSpecFrom, type SweepRequest, type SweepFamilies } from './families.ts';
import { PointEvaluator } from './sweep.ts';

export interface SweepTask {
  /** Identifies the request; tasks with the same key reuse the worker's evaluator. */
  key: string;
  request: SweepRequest;
  indices: number[];
}

/** Row cells in column order, per index. */
export interface SweepTaskResult {
  points: Array<{ index: number; cells: Array<number | string> }>;
}

const evaluators = new Map<string, PointEvaluator>();

/** Worker entry of the model-file families: evaluates the task's points (in the given order). */
export function runSweepTask(task: SweepTask): SweepTaskResult {
  return evaluateTask(task, sweepSpecFrom);
}

/** Evaluates the task's points (in the given order) with the families' `specFrom`. */
export function evaluateTask(task: SweepTask, specFrom: SweepFamilies['specFrom']): SweepTaskResult {
  let ev = evaluators.get(task.key);
  if (!ev) {
    ev = new PointEvaluator(specFrom(task.request));
    evaluators.set(task.key, ev);
  }
  const columns = ev.columns;
  return {
    points: task.indices.map((index) => {
      const row = ev!.evaluate(index);
      return { index, cells: columns.map((c) => (c in row.params ? row.params[c] : row.values[c])) };
    }),
  };
}

/** Forgets a request's cached evaluator (called by the driver when its run ends). */
export function dropSweep(key: string): void {
  evaluators.delete(key);
}
