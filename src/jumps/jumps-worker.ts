/**
 * The task a jump worker runs: rebuild the model from plain data, build the plan, simulate trajectories
 * [start, end) with the shared seed. Plans are cached per task key so a worker given several ranges of
 * one run builds its propagator once.
 */
import { deserializeModel, type SerializedModel } from '../model/serialize.ts';
import { buildPlan, simulateRange, type JumpPlan, type JumpSpec, type RangeResult } from './core.ts';

export interface JumpTask {
  key: string;
  model: SerializedModel;
  spec: JumpSpec;
  seed: number;
  start: number;
  end: number;
}

let cached: { key: string; plan: JumpPlan } | null = null;

/** Simulates one index range of a run; the result is structured-cloned back to the main thread. */
export function runJumpTask(task: JumpTask): RangeResult {
  if (cached?.key !== task.key) cached = { key: task.key, plan: buildPlan(deserializeModel(task.model), task.spec) };
  return simulateRange(cached.plan, task.seed, task.start, task.end);
}
