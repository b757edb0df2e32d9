/**
 * Steady-state sweeps against QuTiP 4.7 on the same inputs: `npx tsx bench/sweep.bench.ts [--repeats N]
 * [--subset] [--quick]`. QuTiP runs through bench/qutip/steady_sweep.py with /usr/bin/python3.
 *
 *  (a) 200-point κ sweep of the cavity model at cutoff 4 (κ/g ∈ [1e-2, 1e3] log, γ = 1e-3, p = 5e-3):
 *      steady state + reduced two-emitter state + concurrence per point, in both.
 *  (b) 121×121 (β_A, β_S) grid of numeric diamond steady states, β ∈ [−6, 6]: both run the full grid
 *      (QuTiP ≈ 15 s); with --subset or --quick QuTiP runs a strided subset (every 11th β_S: 1331
 *      points) and the ratio compares the same subset. lindblad also times the subset.
 *  (c) one steady state of the cavity model at cutoffs 32, 64, 128 (κ = 2.33); run first, before the
 *      allocation-heavy sweeps, with 2N repeats after a cold first call and three warm-up calls.
 *  (d) the sector solver's choices: real dense vs sparse LU per sector size (without the exchange
 *      reduction), the exchange-reduced prepared solve (the sweeps' default), and the unreduced solve.
 * Times are wall-clock, best of N repeats (lindblad: each repeat starts from scratch — a fresh sweep
 * prepares its sectors and orderings again); the spread of the repeats is printed as the noise.
 */
import { spawnSync } from 'node:child_process';
import { sweep } from '../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../src/sweep/models.ts';
import { parseRange } from '../src/sweep/grid.ts';
import { steadyState, prepareSteadyState } from '../src/dynamics/steady.ts';
import { cavityModel } from '../src/models/cavity.ts';
import { cavityObservables } from '../src/models/cavity-solve.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const repeats = Number(argv[argv.indexOf('--repeats') + 1]) || (quick ? 2 : 5);
const fullGrid = !argv.includes('--subset') && !quick;
const PY = '/usr/bin/python3', SCRIPT = new URL('./qutip/steady_sweep.py', import.meta.url).pathname;

/** Best and spread of `n` timed runs of f (seconds). */
function timed<T>(n: number, f: () => T): { best: number; worst: number; median: number; value: T } {
  const t: number[] = [];
  let value!: T;
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    value = f();
    t.push((performance.now() - t0) / 1000);
  }
  t.sort((a, b) => a - b);
  return { best: t[0], worst: t[t.length - 1], median: t[Math.floor(t.length / 2)], value };
}

function qutip<T>(params: object): (T & { seconds: number }) | null {
  const r = spawnSync(PY, [SCRIPT, '-'], { input: JSON.stringify(params), encoding: 'utf8', maxBuffer: 1 << 28 }); // JSON on stdin: the full grid is too long for argv
  if (r.status !== 0) {
    console.log(`  QuTiP unavailable (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}); install: apt-get install -y python3-qutip`);
    return null;
  }
  return JSON.parse(r.stdout);
}

const ms = (s: number) => `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
const spread = (t: { best: number; median: number; worst: number }) => `best ${ms(t.best)}, median ${ms(t.median)}, worst ${ms(t.worst)}`;
const ratio = (q: number, l: number, target: number) => `${(q / l).toFixed(1)}× (target ≥ ${target}×)`;

console.log(`sweep benchmarks, ${repeats} repeats each${quick ? ' (quick)' : ''}`);

// (c) single large steady states
{
  console.log('(c) one cavity steady state (κ = 2.33, γ = 1e-3, p = 5e-3), model built beforehand');
  for (const cutoff of quick ? [32] : [32, 64, 128]) {
    const { model } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff });
    const cold = timed(1, () => steadyState(model)).best; // first call in this process for this size
    for (let k = 0; k < 3; k++) steadyState(model); // warm-up (JIT)
    const ours = timed(2 * repeats, () => steadyState(model));
    const build = timed(repeats, () => cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff }));
    const q = qutip<{ qubitDiagonal: number[] }>({ case: 'single', cutoff, kappa: 2.33, gamma: 1e-3, pump: 5e-3, repeats: cutoff >= 128 ? 1 : Math.min(repeats, 3) });
    const c = ours.value.certificate;
    let line = `  cutoff ${cutoff} (dimension ${4 * (cutoff + 1)}, ${c.sector}): lindblad ${spread(ours)}, first call ${ms(cold)} (+ model build ${ms(build.best)})`;
    if (q) {
      const qb = cavityObservables(ours.value.rho, cutoff).qubits;
      const dp = Math.max(...q.qubitDiagonal.map((v, k) => Math.abs(v - qb.re(k, k))));
      line += `; QuTiP ${ms(q.seconds)} → ${ratio(q.seconds, ours.best, cutoff === 32 ? 5 : 1)}; max |Δp| = ${dp.toExponential(1)}`;
    }
    console.log(line);
  }
}

// (a) κ sweep
{
  const args = { kappa: '0.01:1000:200:log', gamma: '1e-3', pump: '5e-3', cutoff: '4' };
  const ours = timed(repeats, () => sweep(sweepSpecFrom({ model: 'cavity', args, outputs: ['concurrence'] })));
  const all = timed(repeats, () => sweep(sweepSpecFrom({ model: 'cavity', args })));
  const q = qutip<{ concurrence: number[] }>({ case: 'kappa', kappas: parseRange(args.kappa, 'kappa'), gamma: 1e-3, pump: 5e-3, cutoff: 4, repeats: Math.min(repeats, 3) });
  console.log('(a) cavity κ sweep, 200 points, cutoff 4 (steady state + concurrence per point)');
  console.log(`  lindblad: ${spread(ours)}  (${(ours.best / 200 * 1e6).toFixed(0)} µs/point); with all ${Object.keys(all.value[0].values).length} outputs: ${spread(all)}`);
  if (q) {
    const dc = Math.max(...ours.value.map((r, k) => Math.abs((r.values.concurrence as number) - q.concurrence[k])));
    console.log(`  QuTiP:    best ${ms(q.seconds)}  → ratio ${ratio(q.seconds, ours.best, 50)}; max |ΔC| = ${dc.toExponential(1)}`);
  }
}

// (b) diamond grid
{
  const betas = parseRange('-6:6:121', 'beta');
  const stride = fullGrid ? 1 : 11;
  const subset = betas.flatMap((a) => betas.filter((_, k) => k % stride === 0).map((s) => [a, s]));
  const spec = (outputs: string[], betaS: string) => sweepSpecFrom({ model: 'diamond', args: { 'beta-a': '-6:6:121', 'beta-s': betaS }, outputs });
  const subsetSpec = (outputs: string[]) => {
    const s = spec(outputs, '-6:6:121');
    const idx = subset.map(([a, b]) => betas.indexOf(a) * 121 + betas.indexOf(b));
    return { s, idx };
  };
  const { s: s0, idx } = subsetSpec([]);
  const oursSub = timed(repeats, () => sweep(s0, { indices: idx }));
  const oursFull = timed(Math.max(1, Math.ceil(repeats / 2)), () => sweep(spec([], '-6:6:121')));
  const withC = timed(Math.max(1, Math.ceil(repeats / 2)), () => sweep(spec(['concurrence'], '-6:6:121')));
  console.log(`(b) diamond (β_A, β_S) grid, numeric steady states (certificate included); QuTiP on ${subset.length} of 14641 points`);
  console.log(`  lindblad, same ${subset.length} points: ${spread(oursSub)} (${(oursSub.best / subset.length * 1e6).toFixed(1)} µs/point)`);
  console.log(`  lindblad, full 121×121 grid: ${spread(oursFull)}; with concurrence: best ${ms(withC.best)}`);
  const q = qutip<{ concurrence: number[] }>({ case: 'grid', points: subset, gamma_plus: 1, repeats: 1 });
  if (q) {
    const withCsub = sweep(spec(['concurrence'], '-6:6:121'), { indices: idx });
    const dc = Math.max(...withCsub.map((r, k) => Math.abs((r.values.concurrence as number) - q.concurrence[k])));
    const ours = fullGrid ? oursFull : oursSub;
    console.log(`  QuTiP:    ${ms(q.seconds)} for ${subset.length} points${fullGrid ? '' : ` (≈ ${(q.seconds * 14641 / subset.length).toFixed(1)} s for the full grid)`} → ratio ${ratio(q.seconds, ours.best, 500)} against lindblad's ${ms(ours.best)} for the same points; max |ΔC| = ${dc.toExponential(1)}`);
  }
}

// (d) sector solver choices
{
  console.log('(d) per-point cost of a prepared cavity solve (κ = 2.33): real dense vs sparse LU of the sector; exchange-reduced; unreduced solve');
  for (const cutoff of quick ? [4] : [1, 2, 4, 8, 16]) {
    const { model } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff });
    const cell = (solver: 'dense' | 'sparse', exchange = false) => {
      const p = prepareSteadyState(model, { method: { kind: 'direct', solver, exchange } });
      const th = p.plan.coefficients;
      for (let k = 0; k < 20; k++) p.solve(th);
      const reps = cutoff >= 8 ? 20 : 200;
      return timed(repeats, () => { for (let k = 0; k < reps; k++) p.solve(th); }).best / reps;
    };
    const fullT = timed(Math.min(repeats, 3), () => steadyState(model, { method: { kind: 'direct', sectors: false } })).best;
    const sector = prepareSteadyState(model).plan.sector!;
    console.log(`  cutoff ${String(cutoff).padStart(2)}: sector ${String(sector.size).padStart(4)} unknowns — dense ${(cell('dense') * 1e6).toFixed(0).padStart(6)} µs, sparse ${(cell('sparse') * 1e6).toFixed(0).padStart(6)} µs; exchange-reduced (sparse) ${(cell('sparse', true) * 1e6).toFixed(0).padStart(5)} µs; unreduced ${cutoff > 8 ? '' : ' '}${ms(fullT)}`);
  }
}
