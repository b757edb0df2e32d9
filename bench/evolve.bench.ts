/**
 * Master-equation time evolution against QuTiP: `npx tsx bench/evolve.bench.ts [--quick] [--qutip-repeats N]`
 * (--quick: 2 repeats of each of ours and 1 of QuTiP's; CPU times are printed next to the wall times).
 *
 * The two-emitter cavity model (κ = 2.33 g, γ = 10⁻³ g, p = 5·10⁻³ g, Fock cutoff 4: 400 unknowns in vec ρ),
 * from the ground state to t = 5000/g with 101 equally spaced outputs. lindblad's `evolve` (method 'auto',
 * plus 'implicit' with and without the sector restriction for reference) must end within trace distance
 * 1e-6 of `steadyState`; QuTiP 4.7's mesolve (method 'bdf', its default tolerances) runs the same model in
 * bench/qutip/evolve.py (/usr/bin/python3; install with `apt-get install -y python3-qutip`). Printed: wall
 * times (best and median of repeated runs, and the first, cold run), the agreement of the two trajectories,
 * and the speed-up from the best runs (target ≥ 10×). Best-of-N is the robust figure on a loaded machine.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evolve, type EvolveOptions, type EvolveResult } from '../src/evolve/evolve.ts';
import { steadyState } from '../src/steady/steady.ts';
import { cavityModel } from '../src/paper/cavity.ts';
import { cavityObservables } from '../src/paper/cavity-solve.ts';
import { basisKet, ketToDensity } from '../src/model/states.ts';
import { traceDistance } from '../src/measures/measures.ts';

const params = { g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 };
const quick = process.argv.includes('--quick');
const tMax = 5000, steps = 101, repeats = quick ? 2 : 5;
const arg = process.argv.indexOf('--qutip-repeats');
const qutipRepeats = arg > 0 ? Number(process.argv[arg + 1]) : quick ? 1 : 3;

const { model, space } = cavityModel(params);
const rho0 = ketToDensity(basisKet(space));
const times = Array.from({ length: steps }, (_, k) => (tMax * k) / (steps - 1));
const ss = steadyState(model).rho;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => x.toFixed(1).padStart(7);

function timed(options: EvolveOptions): { res: EvolveResult; cold: number; best: number; median: number; runs: number[]; cpu: number } {
  const runs: number[] = [], cpus: number[] = [];
  let res: EvolveResult | null = null;
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    res = evolve(model, rho0, times, { ...options, keepStates: true });
    const c = process.cpuUsage(c0);
    runs.push(performance.now() - t0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { res: res!, cold: runs[0], best: Math.min(...runs.slice(1)), median: median(runs.slice(1)), runs: runs.slice(1), cpu: Math.min(...cpus.slice(1)) };
}

console.log(`cavity model: κ = ${params.kappa} g, γ = ${params.gamma} g, p = ${params.pump} g, cutoff ${params.cutoff} (${space.dim ** 2} unknowns), `
  + `ground state → t = ${tMax}/g, ${steps} outputs`);
const variants: Array<[string, EvolveOptions]> = [
  ['auto', { method: { kind: 'auto' } }],
  ['implicit', { method: { kind: 'implicit' } }],
  ['implicit, full 400 unknowns', { method: { kind: 'implicit' }, restrictToSector: false }],
];
const ours = variants.map(([name, opts]) => {
  const t = timed(opts);
  const dist = traceDistance(t.res.states![steps - 1], ss);
  const s = t.res.stats;
  console.log(`lindblad ${name.padEnd(28)} best ${ms(t.best)} ms (CPU ${ms(t.cpu)} ms), median ${ms(t.median)} ms (cold ${t.cold.toFixed(0)} ms), `
    + `${s.method}, ${s.unknowns} unknowns, trace distance to ρ_ss ${dist.toExponential(1)} ${dist <= 1e-6 ? '✓' : '✗ (> 1e-6)'}`);
  if (s.choice) console.log(`  choice: ${s.choice.reason}`);
  if (!(dist <= 1e-6)) process.exitCode = 1;
  return { name, ...t };
});

const here = dirname(fileURLToPath(import.meta.url));
const py = spawnSync('/usr/bin/python3', [join(here, 'qutip', 'evolve.py'), JSON.stringify({ ...params, tmax: tMax, steps, repeats: qutipRepeats })], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (py.status !== 0) {
  console.log(`QuTiP run failed (exit ${py.status}): ${(py.stderr || py.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`);
  console.log('install it with: apt-get update && apt-get install -y python3-qutip');
  process.exit(process.exitCode ?? 1);
}
const q = JSON.parse(py.stdout) as { qutip: string; seconds: number[]; columns: Record<string, number[]>; traceDistanceToSteadyState: number };
const qRuns = q.seconds.map((x) => x * 1000), qBest = Math.min(...qRuns), qMedian = median(qRuns);
console.log(`${`QuTiP ${q.qutip} mesolve (bdf)`.padEnd(37)} best ${ms(qBest)} ms, median ${ms(qMedian)} ms (cold ${qRuns[0].toFixed(0)} ms; runs ${qRuns.map((x) => x.toFixed(0)).join(', ')}), `
  + `trace distance to its steadystate ${q.traceDistanceToSteadyState.toExponential(1)}`);

// Agreement of the trajectories: reduced populations and concurrence at every output time.
const auto = ours[0].res;
let dPop = 0, dC = 0, at = 0;
times.forEach((t, k) => {
  const o = cavityObservables(auto.states![k], params.cutoff);
  for (const key of ['G', 'S', 'A', 'E'] as const) {
    const d = Math.abs(o.populations[key] - q.columns[key][k]);
    if (d > dPop) { dPop = d; at = t; }
  }
  dC = Math.max(dC, Math.abs(o.concurrence - q.columns.concurrence[k]));
});
const last = cavityObservables(auto.states![steps - 1], params.cutoff).concurrence;
console.log(`agreement with QuTiP over all ${steps} outputs: max |Δp| = ${dPop.toExponential(1)} (at g·t = ${at}), max |ΔC| = ${dC.toExponential(1)}; `
  + `at g·t = ${tMax}: |ΔC| = ${Math.abs(last - q.columns.concurrence[steps - 1]).toExponential(1)} (QuTiP's default rtol is 1e-6)`);
const ratio = qBest / ours[0].best;
console.log(`speed-up of lindblad 'auto' over QuTiP: ${ratio.toFixed(0)}× (best runs; medians ${(qMedian / ours[0].median).toFixed(0)}×, cold runs ${(qRuns[0] / ours[0].cold).toFixed(0)}×) — target ≥ 10× ${ratio >= 10 ? '✓' : '✗'}`);
if (dPop > 1e-4 || dC > 1e-4) process.exitCode = 1;
