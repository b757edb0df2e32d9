/**
 * A small pool of engine workers with per-channel cancellation. Jobs wait in a queue (higher
 * priority first, FIFO within a priority) and go to the first idle worker, so a quick readout is not
 * stuck behind a long sweep. `cancel(channel)` drops that channel's queued jobs and disowns its running
 * ones (their results are discarded when they arrive), so a slider that moves again never waits for
 * stale work: a running job is short (a few solves), the rest of a stale sweep never starts.
 */
import type { JobKind, JobRequest, JobResponse, Jobs } from './protocol.ts';

/** Rejection reason of a cancelled job (not an error to show). */
export class CancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'CancelledError'; }
}

/** A job the engine rejected (bad parameters, singular model, ...). */
export class EngineError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string) { super(message); this.name = 'EngineError'; this.code = code; }
}

interface Job {
  req: JobRequest;
  channel: string;
  priority: number;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private queue: Job[] = [];
  private nextId = 1;

  /** Starts `size` workers made by `factory`. */
  constructor(factory: () => Worker, readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = factory();
      w.onmessage = (e: MessageEvent<JobResponse>) => this.finish(w, e.data);
      w.onerror = (e: ErrorEvent) => this.finish(w, { id: -1, ok: false, error: { message: `engine worker crashed: ${e.message}` } });
      this.workers.push(w);
    }
  }

  /** Queues a job on `channel`; resolves with its result, rejects with EngineError or CancelledError. */
  run<K extends JobKind>(kind: K, payload: Jobs[K]['payload'], options: { channel?: string; priority?: number } = {}): Promise<Jobs[K]['result']> {
    return new Promise((resolve, reject) => {
      const job: Job = { req: { id: this.nextId++, kind, payload }, channel: options.channel ?? kind, priority: options.priority ?? 0, resolve: resolve as (v: unknown) => void, reject };
      const at = this.queue.findIndex((j) => j.priority < job.priority);
      if (at < 0) this.queue.push(job);
      else this.queue.splice(at, 0, job);
      this.pump();
    });
  }

  /** Cancels every queued and running job of `channel`. */
  cancel(channel: string): void {
    const dropped = this.queue.filter((j) => j.channel === channel);
    this.queue = this.queue.filter((j) => j.channel !== channel);
    for (const j of dropped) j.reject(new CancelledError());
    for (const [, j] of this.busy) {
      if (j.channel === channel && j.channel !== '') {
        j.reject(new CancelledError());
        j.channel = ''; // disowned: its result will be dropped
      }
    }
  }

  /** Number of jobs queued or running on `channel`. */
  pending(channel: string): number {
    return this.queue.filter((j) => j.channel === channel).length + [...this.busy.values()].filter((j) => j.channel === channel).length;
  }

  private pump(): void {
    for (const w of this.workers) {
      if (this.queue.length === 0) return;
      if (this.busy.has(w)) continue;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.req);
    }
  }

  private finish(w: Worker, res: JobResponse): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    if (job && job.channel !== '') {
      if (res.ok) job.resolve(res.result);
      else job.reject(new EngineError(res.error.message, res.error.code));
    }
    this.pump();
  }

  /** Stops all workers; pending jobs are cancelled. */
  terminate(): void {
    for (const j of this.queue) j.reject(new CancelledError());
    for (const [, j] of this.busy) if (j.channel !== '') j.reject(new CancelledError());
    this.queue = [];
    this.busy.clear();
    for (const w of this.workers) w.terminate();
  }
}
