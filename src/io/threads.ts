/**
 * Where worker threads start. A worker module sits beside the module that starts it, compiled to
 * JavaScript (`./name.js`: in dist/ beside its importer, or in the CLI bundle's folder); nothing is
 * compiled at run time. Only when the sources themselves run under tsx (`base` ends in .ts: tests,
 * benches) does a thread start in src/dev/tsx-worker.mjs, which registers tsx and loads `name.ts`.
 */

/** The piscina pool options naming a worker module. */
export interface WorkerEntry {
  readonly filename: string;
  readonly workerData?: { entry: string };
}

/** The worker module `name` (without extension) beside the module whose import.meta.url is `base`. */
export function workerEntry(name: string, base: string): WorkerEntry {
  if (!base.endsWith('.ts')) return { filename: new URL(`./${name}.js`, base).href };
  return { filename: new URL('../dev/tsx-worker.mjs', import.meta.url).href, workerData: { entry: new URL(`./${name}.ts`, base).href } };
}
