// Child process of bench/trajectories.bench.ts, run with plain `node` (no tsx: worker threads would inherit
// its loader and start ~5× slower) on the compiled dist/. Prints one JSON object.
//   node bench/trajectories-runs.mjs cavity CUTOFF COUNT MODE [PUMP]   MODE: 1 | 2 | auto | grid (1 thread, old path); PUMP default 5e-3
//   node bench/trajectories-runs.mjs startup                    empty worker vs jumps worker, first result
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trajectories, cavityModel, op, basisKet, diamondModel } from '../dist/index.js';
import { serializeModel } from '../dist/model/serialize.js';
import { jumpSpec } from '../dist/jumps/jumps.js';

const [what, ...rest] = process.argv.slice(2);
const T = 100, POINTS = 101;

async function timed(f) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

if (what === 'cavity') {
  const [cutoff, count] = rest.slice(0, 2).map(Number), mode = rest[2], pump = Number(rest[3] ?? 5e-3);
  const { model, space } = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump, cutoff });
  const obs = { n: op(space, 'cav', 'n'), n1: op(space, 'q1', 'n'), n2: op(space, 'q2', 'n') };
  const psi = basisKet(space), times = Array.from({ length: POINTS }, (_, k) => (T * k) / (POINTS - 1));
  const extra = mode === 'grid' ? { propagator: 'grid' } : mode === '1' ? {} : { workers: mode === 'auto' ? 'auto' : Number(mode) };
  const run = (n, o) => trajectories(model, { kind: 'ket', psi }, times, { count: n, seed: 1, observables: obs, ...o });
  await run(mode === 'grid' ? 10 : 100, mode === 'grid' ? { propagator: 'grid' } : {}); // JIT warm-up, this thread
  const t = await timed(() => run(count, extra));
  const r = t.value;
  console.log(JSON.stringify({
    wall: t.wall, cpu: t.cpu, propagator: r.stats.propagator, workers: r.stats.workers,
    jumps: r.jumpCounts.reduce((a, b) => a + b, 0),
    final: Object.fromEntries(Object.keys(obs).map((k) => [k, [r.observables[k].mean[POINTS - 1], r.observables[k].error[POINTS - 1]]])),
  }));
} else if (what === 'startup') {
  const { Piscina } = await import('piscina');
  const empty = join(mkdtempSync(join(tmpdir(), 'lindblad-empty-')), 'empty-worker.mjs');
  writeFileSync(empty, 'export function runJumpTask() { return 0; }\n');
  const d = diamondModel({ betaA: 4, betaS: -2 });
  const spec = jumpSpec(d.model, { kind: 'ket', psi: basisKet(d.space) }, [10], { count: 16, seed: 1 });
  const task = { key: 'k', model: serializeModel(d.model), spec, seed: 1, start: 0, end: 16 };
  const files = { empty: new URL(`file://${empty}`).href, jumps: new URL('../dist/jumps/jumps-worker.js', import.meta.url).href,
    bundle: new URL('../dist/bundle/jumps-worker.js', import.meta.url).href }; // bundle: the CLI's worker (one file)
  const out = { empty: [], jumps: [], bundle: [] }, cpu = { empty: [], jumps: [], bundle: [] };
  for (let r = 0; r < 7; r++) {
    for (const [k, filename] of Object.entries(files)) {
      // the process's CPU time from the pool's construction to the first result: the new thread's start-up
      // (this thread only waits), a figure that a busy machine does not inflate as it does the wall time
      const c0 = process.cpuUsage(), t0 = performance.now();
      const pool = new Piscina({ filename, name: 'runJumpTask', minThreads: 1, maxThreads: 1 });
      await pool.run(task);
      out[k].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
      await pool.destroy();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(JSON.stringify({ empty: median(out.empty), jumps: median(out.jumps), bundle: median(out.bundle),
    emptyCpu: median(cpu.empty), jumpsCpu: median(cpu.jumps), bundleCpu: median(cpu.bundle) }));
} else {
  console.error(`unknown case ${what}`);
  process.exit(2);
}
