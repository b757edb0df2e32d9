/**
 * One queue of tasks shared by this thread and a pool of worker threads, with take-over: this thread
 * (when it computes too) takes tasks from the front of the queue between the threads' requests, and once
 * the queue is empty it computes itself, from the most recently handed out, every task a thread was given
 * and has not returned — a thread still starting (loading the engine, compiling it) then costs the run
 * nothing. The first result of a task is kept, later ones dropped; the threads' unfinished tasks are
 * left to the caller, who destroys the pool (with an 'error' listener on it: a result that arrives while
 * the pool terminates is reported there). So this thread computes at most every task once: the run is never slower than this
 * thread alone by more than the bookkeeping (one event-loop turn per task and the collection of the
 * threads' results). Results must depend only on the task (not on who computed it): the callers' tasks
 * do (seeded streams by index, points by parameters).
 *
 * A thread is given one task when the run starts and two (one waiting beside the running one) after the
 * pool's first result, so that a thread that has not started holds at most one task the others wait for.
 */

/** Who computes: `local` in this thread (or null), `remote` on `threads` worker threads (or null). */
export interface SharedQueueOptions<T, R> {
  tasks: readonly T[];
  local: ((task: T) => R) | null;
  remote: { threads: number; run: (task: T) => Promise<R> } | null;
  /** Takes the first result of task `index` (in completion order); an exception stops the run. */
  accept: (index: number, result: R, where: 'local' | 'remote') => void;
  /** Maps a thread's error to the one thrown (e.g. sweep-worker.ts reviveError). */
  revive?: (e: unknown) => unknown;
}

/** How many tasks each side's result was kept for, and how many tasks this thread took over from threads. */
export interface SharedQueueRun {
  local: number;
  remote: number;
  takenOver: number;
}

/** One turn of the event loop (results of the threads arrive, SIGINT handlers run). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs every task once (see the module comment); rejects with the first error (the threads' later results and errors are ignored). */
export async function runShared<T, R>(o: SharedQueueOptions<T, R>): Promise<SharedQueueRun> {
  const n = o.tasks.length, settled = new Uint8Array(n), taken = new Uint8Array(n);
  const inflight = new Set<number>(); // tasks on the threads, in the order handed out
  const out: SharedQueueRun = { local: 0, remote: 0, takenOver: 0 };
  let next = 0, count = 0, closed = false, failure: { error: unknown } | null = null, slots = o.remote ? o.remote.threads : 0;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const fail = (error: unknown) => { failure ??= { error }; notify(); };
  const settle = (i: number, r: R, where: 'local' | 'remote') => {
    if (settled[i] || failure) return;
    settled[i] = 1;
    count++;
    out[where]++;
    try { o.accept(i, r, where); } catch (e) { fail(e); }
    if (count === n) notify();
  };
  const pump = () => {
    while (o.remote && !closed && failure === null && inflight.size < slots && next < n) {
      const i = next++;
      inflight.add(i);
      o.remote.run(o.tasks[i]).then((r) => {
        inflight.delete(i);
        slots = 2 * o.remote!.threads;
        settle(i, r, 'remote');
        pump();
      }, (e) => {
        inflight.delete(i);
        if (!settled[i] && !closed) fail(o.revive ? o.revive(e) : e);
        pump();
      });
    }
  };
  try {
    pump();
    if (o.local) {
      while (failure === null && count < n) {
        let i = -1;
        if (next < n) i = next++;
        else for (const k of inflight) if (!settled[k] && !taken[k]) i = k; // the last handed out
        if (i < 0) break;
        if (inflight.has(i)) { taken[i] = 1; out.takenOver++; }
        let r: R;
        try { r = o.local(o.tasks[i]); } catch (e) { fail(e); break; }
        settle(i, r, 'local');
        await turn();
      }
    }
    while (failure === null && count < n) await new Promise<void>((resolve) => { wake = resolve; });
  } finally {
    closed = true;
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  return out;
}
