/**
 * One long-lived worker per kind of model-page job. The worker is kept between jobs, because V8 only
 * reaches full speed on the engine's kernels after they have run a few times in that worker (a fresh
 * worker per job paid the JIT warm-up on every edit: a dimension-64 solve took 1–3 s cold against
 * ~0.2–0.3 s warm). It is terminated only by Cancel, or when a superseded job has already run longer
 * than the policy allows:
 * - `{ kind: 'wait', maxStaleMs }`: a new job waits for the superseded one (its answer is dropped) unless
 *   that one has already run `maxStaleMs`; only the newest waiting job is kept (typing queues no backlog);
 * - `{ kind: 'terminate' }`: a new job terminates a running one at once (long scans, time evolution).
 * `warmUp(texts)` solves model texts in the worker while it has nothing else to do and `mayWarm()` allows,
 * one short job at a time (a real job waits for at most one of them), so that the first real solve runs
 * on optimised code.
 */
import type { ModelJobKind, ModelJobs, ModelRequest, ModelResponse } from './protocol.ts';

/** Rejection reason of a cancelled or superseded job (not an error to show). */
export class Cancelled extends Error { constructor() { super('cancelled'); this.name = 'Cancelled'; } }

/** A job the engine refused; `field` is the model-file field it names, when any. */
export class ModelJobError extends Error {
  constructor(message: string, readonly code?: string, readonly field?: string) { super(message); this.name = 'ModelJobError'; }
}

/** Pause between checks of a paused warm-up, ms. */
const WARM_RETRY_MS = 250;

/** What a new job does to a running, superseded one. */
export type SupersedePolicy = { kind: 'wait'; maxStaleMs: number } | { kind: 'terminate' };

/** The waiting / running caller's job. */
interface Pending { id: number; resolve(v: unknown): void; reject(e: Error): void; onProgress?: (done: number, total: number) => void }

/** Warm-up bookkeeping: texts still to solve, solves done and their summed worker time (ms). */
export interface WarmState { left: number; solves: number; ms: number }

export class ModelRunner {
  private worker: Worker | null = null;
  /** The job the worker is executing now (a caller's, possibly superseded, or a warm-up solve). */
  private running: { id: number; since: number; warm: boolean } | null = null;
  /** The caller's newest job, running or waiting in `queued`. */
  private current: Pending | null = null;
  private queued: ModelRequest | null = null;
  private warmTexts: string[] = [];
  private warmNext = 0;
  private warmDone: Array<() => void> = [];
  readonly warm: WarmState = { left: 0, solves: 0, ms: 0 };
  private nextId = 1;

  private warmTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `policy`: what a new job does to a superseded running one. `mayWarm`: warm-up solves are posted only
   * while it returns true (the page pauses them while its other workers compute, so they never compete).
   */
  constructor(private readonly factory: () => Worker, private readonly policy: SupersedePolicy = { kind: 'terminate' },
    private readonly mayWarm: () => boolean = () => true) {}

  /** Runs one job, superseding the previous one (per the policy); `onProgress(done, total)` for scans. */
  run<K extends ModelJobKind>(kind: K, payload: ModelJobs[K]['payload'], onProgress?: (done: number, total: number) => void): Promise<ModelJobs[K]['result']> {
    this.drop();
    const r = this.running;
    if (r && !r.warm && (this.policy.kind === 'terminate' || performance.now() - r.since >= this.policy.maxStaleMs)) this.kill();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.current = { id, resolve: resolve as (v: unknown) => void, reject, onProgress };
      this.queued = { id, kind, payload };
      this.pump();
    });
  }

  /**
   * Solves each text once in the worker, only while no job of the caller waits; resolves when all are
   * done. A terminated worker (Cancel) starts its warm-up again when idle.
   */
  warmUp(texts: string[]): Promise<void> {
    this.warmTexts = texts;
    this.warmNext = 0;
    this.warm.left = texts.length;
    return new Promise((ok) => { this.warmDone.push(ok); this.pump(); });
  }

  /** True while a caller's job runs or waits. */
  get busy(): boolean { return this.current !== null; }

  /** Stops the caller's job: drops it if it waits, terminates the worker if a caller's job runs. */
  cancel(): void {
    if (!this.current) return;
    this.drop();
    if (this.running && !this.running.warm) this.kill();
  }

  private drop(): void {
    this.current?.reject(new Cancelled());
    this.current = null;
    this.queued = null;
  }

  private kill(): void {
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
    if (this.warmTexts.length) { this.warmNext = 0; this.warm.left = this.warmTexts.length; } // a fresh worker is cold
  }

  /** Posts the next job when the worker is free: the caller's waiting job first, then a warm-up solve. */
  private pump(): void {
    if (this.running) return;
    let req: ModelRequest | null = this.queued, warm = false;
    if (!req && this.warmNext < this.warmTexts.length) {
      if (!this.mayWarm()) { // paused: look again shortly
        if (!this.warmTimer) this.warmTimer = setTimeout(() => { this.warmTimer = null; this.pump(); }, WARM_RETRY_MS);
        return;
      }
      req = { id: this.nextId++, kind: 'warm', payload: { text: this.warmTexts[this.warmNext++] } };
      warm = true;
    }
    if (!req) return;
    this.queued = null;
    const w = (this.worker ??= this.spawn());
    this.running = { id: req.id, since: performance.now(), warm };
    w.postMessage(req);
  }

  private spawn(): Worker {
    const w = this.factory();
    w.onmessage = (e: MessageEvent<ModelResponse>) => { if (this.worker === w) this.answer(e.data); };
    w.onerror = (e) => {
      if (this.worker !== w) return;
      const c = this.current;
      this.current = null;
      this.queued = null;
      this.kill();
      c?.reject(new ModelJobError(`engine worker crashed: ${e.message}`));
    };
    return w;
  }

  private answer(m: ModelResponse): void {
    const c = this.current;
    if (m.type === 'progress') { if (c?.id === m.id) c.onProgress?.(m.done, m.total); return; }
    if (this.running?.id === m.id) {
      if (this.running.warm) {
        this.warm.solves++;
        this.warm.left--;
        if (m.type === 'result') this.warm.ms += (m.result as ModelJobs['warm']['result']).ms;
        if (this.warm.left === 0) this.warmDone.splice(0).forEach((f) => f());
      }
      this.running = null;
    }
    if (c?.id === m.id) {
      this.current = null;
      if (m.type === 'result') c.resolve(m.result);
      else c.reject(new ModelJobError(m.error.message, m.error.code, m.error.field));
    }
    this.pump();
  }
}
