/**
 * Runs the CLI in a worker thread of this process (src/cli/main.ts runCaptured, which captures the
 * thread's process.stdout and process.stderr): fast like an in-process call, but the test runner's own
 * reporting on the main thread's stdout is never captured or interleaved. One call at a time.
 */
import { Worker } from 'node:worker_threads';
import type { CliResult } from './check.ts';

let worker: Worker | null = null;
let next = 0;
const pending = new Map<number, { resolve: (r: CliResult) => void; reject: (e: unknown) => void }>();

function start(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api'), entry = new URL('./cli-thread-worker.ts', import.meta.url).href;
  const w = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  w.on('message', (m: { id: number; result?: CliResult; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error)); else p?.resolve(m.result!);
  });
  w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); worker = null; });
  return w;
}

/** `lindblad ARGS` in the CLI thread, with `env` set there for the call. */
export function cliInThread(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  worker ??= start();
  const id = next++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, args, env });
  });
}

/** Ends the CLI thread (call from test.after). */
export async function stopCliThread(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
