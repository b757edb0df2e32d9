/**
 * Worker of the model page: one job at a time (protocol.ts), for as long as the page keeps it (runner.ts
 * terminates it only to cancel). A scan posts progress after every chunk of points; a warm-up job solves
 * a model and returns only the time, so the engine's kernels are optimised before the first real edit.
 */
import { modelEvolution, modelPeriodic, modelSteady, scanPoints } from '../engine/model-compute.ts';
import type { ModelJobs, ModelRequest, ModelResponse } from './protocol.ts';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ModelRequest>) => void) | null; postMessage(m: ModelResponse): void };

function run(req: ModelRequest): unknown {
  if (req.kind === 'steady') return modelSteady((req.payload as ModelJobs['steady']['payload']).text);
  if (req.kind === 'warm') return { ms: modelSteady((req.payload as ModelJobs['warm']['payload']).text).ms };
  if (req.kind === 'periodic') {
    const p = req.payload as ModelJobs['periodic']['payload'];
    return modelPeriodic(p.text, p.period, p.samples);
  }
  if (req.kind === 'evolve') {
    const p = req.payload as ModelJobs['evolve']['payload'];
    return modelEvolution(p.text, p.tMax, p.points, p.observables);
  }
  const p = req.payload as ModelJobs['scan']['payload'];
  const out = [];
  const CHUNK = 8;
  for (let k = 0; k < p.factors.length; k += CHUNK) {
    out.push(...scanPoints(p.text, p.x, p.y, p.factors.slice(k, k + CHUNK)));
    scope.postMessage({ id: req.id, type: 'progress', done: Math.min(p.factors.length, k + CHUNK), total: p.factors.length });
  }
  return out;
}

scope.onmessage = (e) => {
  const req = e.data;
  try {
    scope.postMessage({ id: req.id, type: 'result', result: run(req) });
  } catch (err) {
    const x = err as { message?: string; code?: string; field?: string };
    scope.postMessage({ id: req.id, type: 'error', error: { message: String(x?.message ?? err), code: x?.code, field: x?.field } });
  }
};
