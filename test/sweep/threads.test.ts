import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { paperFamilies } from '../../src/paper/families.ts';
import { modelFileFamilies, type SweepRequest } from '../../src/sweep/families.ts';
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

test('every family through worker threads (each thread loads its family on the first task): the serial CSV text; diamond concurrence = closed form, thermal qubit p0/p1 = γ↓/γ↑', { timeout: 120_000 }, async () => {
  const fileText = readFileSync(new URL('../../examples/thermal-qubit.json', import.meta.url), 'utf8');
  const up = 0.05819767068693265; // examples/thermal-qubit.json, channel 1 (σ+)
  const requests: SweepRequest[] = [
    { model: 'diamond', args: { 'beta-a': '-3:3:4', 'beta-s': '-1:2:3' } },
    { model: 'cavity', args: { emitters: '2', kappa: '0.5:5:3:log', gamma: '1e-3', pump: '5e-3', cutoff: '2' } },
    { model: 'file', fileText, source: 'thermal-qubit.json', args: { 'rate.0': '0.1:2:6' } },
  ];
  for (const request of requests) {
    for (const families of request.model === 'file' ? [paperFamilies, modelFileFamilies] : [paperFamilies]) {
      const serial = await runSweep(request, { families, workers: 0, progress: 'none' });
      const threads = await runSweep(request, { families, workers: 1, chunk: 2, progress: 'none' });
      assert.equal(threads.workers, 1, request.model);
      assert.equal(threads.csv, serial.csv, request.model);
      const [head, ...lines] = serial.csv!.trim().split('\n');
      const col = (name: string) => lines.map((l) => Number(l.split(',')[head!.split(',').indexOf(name)]));
      if (request.model === 'diamond') {
        const c = col('concurrence'), ca = col('concurrenceAnalytic');
        assert.equal(c.length, 12);
        c.forEach((x, i) => assert.ok(Math.abs(x - ca[i]!) < 1e-12, `concurrence ${x} vs closed form ${ca[i]}`));
      }
      if (request.model === 'file') {
        const down = col('rate.0'), p0 = col('population.0'), p1 = col('population.1');
        assert.equal(down.length, 6);
        down.forEach((d, i) => assert.ok(Math.abs(p0[i]! - d / (d + up)) < 1e-13 && Math.abs(p1[i]! - up / (d + up)) < 1e-13, `p = ${p0[i]}, ${p1[i]} at γ↓ = ${d}`));
      }
    }
  }
});
