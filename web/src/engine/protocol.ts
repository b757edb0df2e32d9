/**
 * Messages between the page and the engine workers. Every request carries an id; the worker answers
 * each with exactly one response of the same id.
 */
import type { CavityCurveParams, CavityPoint, CurvePoint, MapRequest, MapResult, PointReadout } from './compute.ts';

/** The jobs a worker can do, with their payload and result types. */
export interface Jobs {
  map: { payload: MapRequest; result: MapResult };
  point: { payload: { betaA: number; betaS: number }; result: PointReadout };
  curve: { payload: { params: CavityCurveParams; kappas: number[] }; result: { points: CurvePoint[]; ms: number } };
  cavityPoint: { payload: { params: CavityCurveParams; kappa: number }; result: CavityPoint };
}
export type JobKind = keyof Jobs;

export interface JobRequest<K extends JobKind = JobKind> { id: number; kind: K; payload: Jobs[K]['payload'] }

export type JobResponse<K extends JobKind = JobKind> =
  | { id: number; ok: true; result: Jobs[K]['result'] }
  | { id: number; ok: false; error: { message: string; code?: string; field?: string } };
