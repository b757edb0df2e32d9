/**
 * Worker entry of the paper's sweep families (cavity, N-emitter cavity, diamond and model files): evaluates
 * a task's points in a worker thread through the same code path as an in-thread sweep. The family is
 * loaded on the first task that names it (family-registry.ts), so a thread loads the sweep engine and that
 * one family's code only.
 */
import { evaluateTask, type SweepTask, type SweepTaskResult } from '../sweep/sweep-worker.ts';
import { specFromDefinition } from '../sweep/family-definition.ts';
import { familyOf, loadFamily } from './family-registry.ts';

/** Evaluates the task's points (in the given order). */
export async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  const define = await loadFamily(familyOf(task.request));
  return evaluateTask(task, (req) => specFromDefinition(define(req), req));
}
