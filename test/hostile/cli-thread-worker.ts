/** The CLI thread of cli-thread.ts: runs each requested command line with runCaptured and posts the result. */
import { parentPort } from 'node:worker_threads';
import { runCaptured } from '../../src/cli/main.ts';

parentPort!.on('message', async (m: { id: number; args: string[]; env: Record<string, string> }) => {
  const saved = Object.fromEntries(Object.keys(m.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, m.env);
  try {
    parentPort!.postMessage({ id: m.id, result: await runCaptured(m.args) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error)?.stack ?? String(e) });
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
});
