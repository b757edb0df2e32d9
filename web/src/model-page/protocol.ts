/**
 * Messages between the model page and its worker (model-worker.ts). A request carries an id; the worker
 * posts any number of progress messages and then exactly one result or error of that id.
 */
import type { EvolutionView, PeriodicView, ScanPoint, ScanTarget, SteadyView } from '../engine/model-compute.ts';

export interface ModelJobs {
  steady: { payload: { text: string }; result: SteadyView };
  evolve: { payload: { text: string; tMax: number; points: number; observables: string[] }; result: EvolutionView };
  scan: { payload: { text: string; x: ScanTarget; y: ScanTarget | null; factors: Array<[number, number]> }; result: ScanPoint[] };
  periodic: { payload: { text: string; period: number; samples: number }; result: PeriodicView };
  /** A warm-up solve (runner.ts warmUp): the steady state of `text`, of which only the solve time (ms) comes back. */
  warm: { payload: { text: string }; result: { ms: number } };
}
export type ModelJobKind = keyof ModelJobs;

export interface ModelRequest<K extends ModelJobKind = ModelJobKind> { id: number; kind: K; payload: ModelJobs[K]['payload'] }

export type ModelResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; error: { message: string; code?: string; field?: string } };
