import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { trajectories, trajectoriesSync, type TrajectoriesResult } from '../../src/jumps/jumps.ts';
import { splitRanges, MIN_PROBE_BLOCKS } from '../../src/jumps/parallel.ts';
import { CHUNK } from '../../src/jumps/core.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { diamondBasis } from '../../src/paper/diamond-basis.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { ketToDensity } from '../../src/model/states.ts';

test('splitRanges: contiguous cover of [0, count) by whole blocks, at most `parts` ranges', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 40 }), (count, parts) => {
    const r = splitRanges(count, parts);
    assert.ok(r.length >= 1 && r.length <= parts);
    assert.equal(r[0][0], 0);
    assert.equal(r[r.length - 1][1], count);
    r.forEach(([s, e], i) => {
      assert.ok(e > s && s % CHUNK === 0);
      if (i > 0) assert.equal(s, r[i - 1][1]);
    });
    const sizes = r.map(([s, e]) => Math.ceil((e - s) / CHUNK));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  }));
});

/** Every number of two results, compared with Object.is (bit-identical, NaN-safe). */
function assertIdentical(a: TrajectoriesResult, b: TrajectoriesResult): void {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, what: string) => {
    assert.equal(x.length, y.length, what);
    for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  };
  a.populations.mean.forEach((m, t) => { same(m, b.populations.mean[t], 'mean'); same(a.populations.error[t], b.populations.error[t], 'error'); });
  for (const k of Object.keys(a.observables)) { same(a.observables[k].mean, b.observables[k].mean, k); same(a.observables[k].error, b.observables[k].error, k); }
  same(a.jumps.offsets, b.jumps.offsets, 'offsets');
  same(a.jumps.times, b.jumps.times, 'jump times');
  same(a.jumps.channels, b.jumps.channels, 'jump channels');
  same(a.initialIndex, b.initialIndex, 'initialIndex');
  same(a.finalOutcome!, b.finalOutcome!, 'finalOutcome');
}

test('serial and parallel runs are bit-identical (3 workers, uneven ranges, count not a multiple of the block)', async () => {
  const d = diamondModel({ betaA: 3, betaS: -1, basis: 'product' });
  const b = diamondBasis('product');
  const observables = Object.fromEntries(b.labels.map((l, i) => [l, fromMatrix(d.space, ketToDensity(b.vectors[i]))]));
  const initial = { kind: 'distribution' as const, states: b.vectors, probabilities: [0.4, 0.3, 0.2, 0.1] };
  const times = [0, 0.5, 1, 3];
  const opts = { count: 333, seed: 77, observables, finalMeasurement: b.vectors };
  const serial = trajectoriesSync(d.model, initial, times, opts);
  const par = await trajectories(d.model, initial, times, { ...opts, workers: 3 });
  assert.equal(par.stats.workers, 3);
  assertIdentical(serial, par);
});

/** The auto-mode tests' set-up: the run functions and the product-basis diamond with a mixed initial distribution. */
async function autoSetup() {
  const { runAuto } = await import('../../src/jumps/parallel.ts');
  const { jumpSpec } = await import('../../src/jumps/jumps.ts');
  const { buildPlan, simulateRange } = await import('../../src/jumps/core.ts');
  const d = diamondModel({ betaA: 3, betaS: -1, basis: 'product' });
  const b = diamondBasis('product');
  const initial = { kind: 'distribution' as const, states: b.vectors, probabilities: [0.4, 0.3, 0.2, 0.1] };
  return { runAuto, jumpSpec, buildPlan, simulateRange, d, initial };
}

test('auto mode: a short run stays in this thread; a run sent to workers after the probe gives the serial numbers', async () => {
  const { runAuto, jumpSpec, buildPlan, simulateRange, d, initial } = await autoSetup();
  const short = await trajectories(d.model, initial, [0, 1, 3], { count: 200, seed: 5, workers: 'auto' });
  assert.equal(short.stats.workers, 1);
  const serialShort = trajectoriesSync(d.model, initial, [0, 1, 3], { count: 200, seed: 5 });
  assert.deepEqual(Array.from(short.jumps.times), Array.from(serialShort.jumps.times));
  const count = (MIN_PROBE_BLOCKS + 3) * CHUNK + 10, spec = jumpSpec(d.model, initial, [0, 1, 3], { count, seed: 5 });
  // probeSeconds 0: MIN_PROBE_BLOCKS blocks here, then (worth 0) the rest shared by this thread and one worker
  // (which may contribute nothing if this thread finishes before it starts: workers 1 or 2)
  const run = await runAuto(d.model, spec, 5, count, { probeSeconds: 0, worthSeconds: 0, coldFactor: 0, maxWorkers: 2, idleCores: 0 });
  assert.ok(run.workers === 1 || run.workers === 2, `workers ${run.workers}`);
  assert.equal(run.probed, MIN_PROBE_BLOCKS * CHUNK);
  const serial = simulateRange(buildPlan(d.model, spec), 5, 0, count);
  const cat = (k: 'jumpTimes' | 'jumpChannels' | 'initialIndex' | 'jumpCounts') => run.ranges.flatMap((r) => Array.from(r[k]));
  for (const k of ['jumpTimes', 'jumpChannels', 'initialIndex', 'jumpCounts'] as const) assert.deepEqual(cat(k), Array.from(serial[k]), k);
  assert.deepEqual(run.ranges.flatMap((r) => r.blocks.map((x) => Array.from(x.mean))), serial.blocks.map((x) => Array.from(x.mean)));
});

test('auto mode in a fresh process (the engine still compiling): a short cavity run stays in this thread, judged by its warm rate', () => {
  // 1000 cavity trajectories at cutoff 16 take ≈ 0.3 s here; the cold first blocks once projected 1.7 s and
  // started a thread that only cost time. Run on the compiled engine in a new process, as a user's first call.
  const code = `
    import { runAuto } from './dist/jumps/parallel.js';
    import { jumpSpec } from './dist/jumps/jumps.js';
    import { cavityModel, op, basisKet } from './dist/index.js';
    const { model, space } = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 16 });
    const times = Array.from({ length: 101 }, (_, k) => k);
    const spec = jumpSpec(model, { kind: 'ket', psi: basisKet(space) }, times, { count: 1000, seed: 1, observables: { n: op(space, 'cav', 'n') } });
    const run = await runAuto(model, spec, 1, 1000, { idleCores: 0 });
    console.log(JSON.stringify({ started: run.started, probed: run.probed }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { started: number; probed: number };
  assert.ok(out.probed >= MIN_PROBE_BLOCKS * CHUNK);
  assert.equal(out.started, 0, `a thread was started for a run that takes a fraction of a second (probed ${out.probed})`);
});

test('auto mode with a thread that takes 20 s to start: this thread runs every piece (taking over the thread\'s), bit-identical, without waiting', { timeout: 60_000 }, async () => {
  const { runAuto, jumpSpec, buildPlan, simulateRange, d, initial } = await autoSetup();
  const count = 6 * CHUNK + 7, spec = jumpSpec(d.model, initial, [0, 1, 3], { count, seed: 9 });
  const worker = { filename: new URL('./fixtures/slow-start-worker.mjs', import.meta.url).href };
  const t0 = performance.now();
  const run = await runAuto(d.model, spec, 9, count, { probeSeconds: 0, worthSeconds: 0, coldFactor: 0, maxWorkers: 2, idleCores: 0, worker });
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(run.workers, 1, 'no piece came from the thread');
  assert.ok(seconds < 15, `the run took ${seconds.toFixed(1)} s: it waited for the thread (20 s)`);
  const serial = simulateRange(buildPlan(d.model, spec), 9, 0, count);
  const cat = (k: 'jumpTimes' | 'jumpChannels' | 'initialIndex' | 'jumpCounts') => run.ranges.flatMap((r) => Array.from(r[k]));
  for (const k of ['jumpTimes', 'jumpChannels', 'initialIndex', 'jumpCounts'] as const) assert.deepEqual(cat(k), Array.from(serial[k]), k);
});
