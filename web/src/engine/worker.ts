/**
 * Engine Web Worker: runs one job at a time (see protocol.ts) and posts back its result or a
 * readable error. Large arrays are transferred, not copied.
 */
import { cavityCurve, cavityPoint, computeMaps, diamondPoint } from './compute.ts';
import type { JobRequest, JobResponse } from './protocol.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<JobRequest>) => void) | null;
  postMessage(msg: JobResponse, transfer?: Transferable[]): void;
};

function run(req: JobRequest): { result: unknown; transfer: Transferable[] } {
  switch (req.kind) {
    case 'map': {
      const m = computeMaps(req.payload as JobRequest<'map'>['payload']);
      return { result: m, transfer: [m.x.buffer, m.y.buffer, m.concurrence.buffer, m.entropy.buffer] };
    }
    case 'point': {
      const { betaA, betaS } = req.payload as JobRequest<'point'>['payload'];
      return { result: diamondPoint(betaA, betaS), transfer: [] };
    }
    case 'curve': {
      const { params, kappas } = req.payload as JobRequest<'curve'>['payload'];
      const t0 = performance.now();
      const points = cavityCurve(params, kappas);
      return { result: { points, ms: performance.now() - t0 }, transfer: [] };
    }
    case 'cavityPoint': {
      const { params, kappa } = req.payload as JobRequest<'cavityPoint'>['payload'];
      return { result: cavityPoint(params, kappa), transfer: [] };
    }
    default:
      throw new Error(`unknown job kind ${JSON.stringify((req as { kind: unknown }).kind)}`);
  }
}

scope.onmessage = (e) => {
  const req = e.data;
  try {
    const { result, transfer } = run(req);
    scope.postMessage({ id: req.id, ok: true, result } as JobResponse, transfer);
  } catch (err) {
    const x = err as { message?: string; code?: string; field?: string };
    scope.postMessage({ id: req.id, ok: false, error: { message: String(x?.message ?? err), code: x?.code, field: x?.field } });
  }
};
