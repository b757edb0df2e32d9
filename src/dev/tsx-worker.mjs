// Development-only worker-thread entry, used when the TypeScript sources run under tsx (tests, benches):
// Node 20 does not apply a parent's --import hooks inside worker threads, so this registers tsx, then
// loads the worker module given as the pool's workerData.entry and re-exports its task functions.
// The compiled package never uses it: its threads load compiled JavaScript (io/threads.ts).
import { register } from 'tsx/esm/api';
import { workerData } from 'piscina';
register();
const worker = await import(workerData.entry);
export const runSweepTask = worker.runSweepTask;
export const runJumpTask = worker.runJumpTask;
