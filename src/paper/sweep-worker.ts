/**
 * Worker entry of the paper's sweep families (families.ts: cavity, diamond and model files): evaluates a
 * task's points in a worker thread through the same code path as an in-thread sweep.
 */
import { evaluateTask, type SweepTask, type SweepTaskResult } from '../sweep/sweep-worker.ts';
import { sweepSpecFrom } from './families.ts';

/** Evaluates the task's points (in the given order). */
export function runSweepTask(task: SweepTask): SweepTaskResult {
  return evaluateTask(task, sweepSpecFrom);
}
