/**
 * One dedicated worker per kind of model-page job, with cancel = terminate: a long solve or scan stops
 * at once (a new worker is started for the next job), so the page never waits for stale work.
 */
import type { ModelJobKind, ModelJobs, ModelResponse } from './protocol.ts';

/** Rejection reason of a cancelled job (not an error to show). */
export class Cancelled extends Error { constructor() { super('cancelled'); this.name = 'Cancelled'; } }

/** A job the engine refused; `field` is the model-file field it names, when any. */
export class ModelJobError extends Error {
  constructor(message: string, readonly code?: string, readonly field?: string) { super(message); this.name = 'ModelJobError'; }
}

export class ModelRunner {
  private worker: Worker | null = null;
  private current: { id: number; reject(e: Error): void } | null = null;
  private nextId = 1;

  constructor(private readonly factory: () => Worker) {}

  /** Runs one job (cancelling the previous one); `onProgress(done, total)` for scans. */
  run<K extends ModelJobKind>(kind: K, payload: ModelJobs[K]['payload'], onProgress?: (done: number, total: number) => void): Promise<ModelJobs[K]['result']> {
    this.cancel();
    const w = (this.worker ??= this.factory());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.current = { id, reject };
      w.onmessage = (e: MessageEvent<ModelResponse>) => {
        const m = e.data;
        if (m.id !== id) return;
        if (m.type === 'progress') { onProgress?.(m.done, m.total); return; }
        this.current = null;
        if (m.type === 'result') resolve(m.result as ModelJobs[K]['result']);
        else reject(new ModelJobError(m.error.message, m.error.code, m.error.field));
      };
      w.onerror = (e) => { this.current = null; this.worker?.terminate(); this.worker = null; reject(new ModelJobError(`engine worker crashed: ${e.message}`)); };
      w.postMessage({ id, kind, payload });
    });
  }

  /** True while a job runs. */
  get busy(): boolean { return this.current !== null; }

  /** Stops the running job by terminating its worker. */
  cancel(): void {
    if (!this.current) return;
    this.current.reject(new Cancelled());
    this.current = null;
    this.worker?.terminate();
    this.worker = null;
  }
}
