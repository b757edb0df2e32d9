import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paperFamilies } from '../../src/paper/families.ts';
import { runSweep } from '../../src/sweep/run.ts';

const request = { model: 'cavity' as const, args: { kappa: '0.1:100:24:log', gamma: '1e-3', pump: '2e-4:5e-3:2', cutoff: '3' } };

test('auto mode with a thread that takes 20 s to start: this thread computes every chunk (taking over the thread\'s) and does not wait for it', { timeout: 60_000 }, async () => {
  const serial = await runSweep(request, { families: paperFamilies, workers: 0, progress: 'none' });
  const slow = { ...paperFamilies, worker: { filename: new URL('./fixtures/slow-start-worker.mjs', import.meta.url).href } };
  const t0 = performance.now();
  // forced threads: no probe, no projection, no idle-core condition
  const res = await runSweep(request, { families: slow, chunk: 2, auto: { probeSeconds: 0, worthSeconds: 0, coldFactor: 0, idleCores: 0 }, progress: 'none' });
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(res.workers, 0, 'no chunk came from the thread');
  assert.equal(res.csv, serial.csv);
  assert.ok(seconds < 15, `the run took ${seconds.toFixed(1)} s: it waited for the thread (20 s)`);
});
