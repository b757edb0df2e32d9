/**
 * Steady-state sweeps against QuTiP 4.7 on the same inputs: `npx tsx bench/sweep.bench.ts [--repeats N]
 * [--subset] [--quick]`. QuTiP runs through bench/qutip/steady_sweep.py with /usr/bin/python3.
 *
 *  (a) 200-point κ sweep of the cavity model at cutoff 4 (κ/g ∈ [1e-2, 1e3] log, γ = 1e-3, p = 5e-3):
 *      steady state + reduced two-emitter state + concurrence per point, in both.
 *  (b) 121×121 (β_A, β_S) grid of numeric diamond steady states, β ∈ [−6, 6]: both run the full grid
 *      (QuTiP ≈ 15 s); with --subset or --quick both run a strided subset (every 11th β_S: 1331 points).
 *  (c) one steady state of the cavity model at cutoffs 32, 64, 128 (κ = 2.33); run first, before the
 *      allocation-heavy sweeps, with 2N repeats after a cold first call and three warm-up calls.
 *  (d) the sector solver's choices: real dense vs sparse LU per sector size (without the exchange
 *      reduction), the exchange-reduced prepared solve (the sweeps' default), and the unreduced solve.
 *  (e) threads (issue 20): `lindblad sweep cavity` from the compiled CLI (needs `npm run build`), κ ∈ [1e-2, 1e3]
 *      log, cutoff 16 at 2000 points and cutoff 64 at 200 (--quick: 2000 and 60), with --workers 0 (this
 *      thread), 1, 2 and the default auto mode, interleaved: the sweep's own time ("in X s": process start-up
 *      excluded), the whole process's wall and CPU time (/usr/bin/time), and the ratios to one thread
 *      (targets: 2 workers faster; auto never more than 5 % slower than --workers 0). On a machine shared
 *      with other work, wall ratios mean little; CPU times show what the threads cost.
 * Each case runs in a fresh child process (`--case a|b|c|d|e` runs one). Times are wall-clock, best of N
 * repeats after warm-up runs (lindblad: each repeat starts from scratch — a fresh sweep prepares its
 * sectors, orderings and generated kernels again); the first, cold run and the spread of the repeats are
 * printed too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from '../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../src/paper/families.ts';
import { parseRange } from '../src/sweep/grid.ts';
import { steadyState, prepareSteadyState } from '../src/steady/steady.ts';
import { cavityModel } from '../src/paper/cavity.ts';
import { cavityObservables } from '../src/paper/cavity-solve.ts';

const argv = process.argv.slice(2);
// Each case runs in a process of its own (as each QuTiP case does), so that one case's heap — the large
// factorisations of (c), the rows kept by (b) — does not slow the garbage collection of the next.
const only = argv.includes('--case') ? argv[argv.indexOf('--case') + 1] : null;
const runs = (c: string) => only === c;
const quick = argv.includes('--quick');
const repeats = Number(argv[argv.indexOf('--repeats') + 1]) || (quick ? 2 : 5);
const fullGrid = !argv.includes('--subset') && !quick;
/** Untimed sweeps before the timed ones, so that the JIT has compiled the per-point code (the first sweep is reported apart). */
const WARM_UP = quick ? 4 : 20;
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

if (only === null) {
  console.log(`sweep benchmarks, ${repeats} repeats each${quick ? ' (quick: a smoke run, too few repeats and warm-ups for representative ratios)' : ''}, each case in its own process`);
  for (const c of ['c', 'a', 'b', 'd', 'e']) {
    const r = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, ...argv, '--case', c], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}

// (c) single large steady states
if (runs('c')) {
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
if (runs('a')) {
  const args = { kappa: '0.01:1000:200:log', gamma: '1e-3', pump: '5e-3', cutoff: '4' };
  const run = () => sweep(sweepSpecFrom({ model: 'cavity', args, outputs: ['concurrence'] }));
  const cold = timed(1, run).best; // the first sweep in this process: JIT compilation included
  for (let k = 0; k < WARM_UP; k++) run();
  const ours = timed(repeats, run);
  const all = timed(repeats, () => sweep(sweepSpecFrom({ model: 'cavity', args })));
  const q = qutip<{ concurrence: number[] }>({ case: 'kappa', kappas: parseRange(args.kappa, 'kappa'), gamma: 1e-3, pump: 5e-3, cutoff: 4, repeats: Math.min(repeats, 3) });
  console.log('(a) cavity κ sweep, 200 points, cutoff 4 (steady state + concurrence per point)');
  console.log(`  lindblad: ${spread(ours)}  (${(ours.best / 200 * 1e6).toFixed(0)} µs/point) after ${WARM_UP} warm-up sweeps; first sweep ${ms(cold)}; with all ${Object.keys(all.value[0].values).length} outputs: ${spread(all)}`);
  if (q) {
    const dc = Math.max(...ours.value.map((r, k) => Math.abs((r.values.concurrence as number) - q.concurrence[k])));
    console.log(`  QuTiP:    best ${ms(q.seconds)}  → ratio ${ratio(q.seconds, ours.best, 50)} (first sweep: ${(q.seconds / cold).toFixed(1)}×); max |ΔC| = ${dc.toExponential(1)}`);
  }
}

// (b) diamond grid
if (runs('b')) {
  const betas = parseRange('-6:6:121', 'beta');
  const stride = fullGrid ? 1 : 11;
  const points = betas.flatMap((a) => betas.filter((_, k) => k % stride === 0).map((s) => [a, s]));
  const spec = (outputs: string[]) => sweepSpecFrom({ model: 'diamond', args: { 'beta-a': '-6:6:121', 'beta-s': '-6:6:121' }, outputs });
  const idx = points.map(([a, b]) => betas.indexOf(a) * 121 + betas.indexOf(b));
  const run = () => sweep(spec([]), { indices: idx });
  const cold = timed(1, run).best;
  for (let k = 0; k < WARM_UP / 4; k++) run();
  const ours = timed(repeats, run);
  const withC = timed(Math.max(1, Math.ceil(repeats / 2)), () => sweep(spec(['concurrence']), { indices: idx }));
  console.log(`(b) diamond (β_A, β_S) grid, numeric steady states (certificate included), ${points.length} of 14641 points in both`);
  console.log(`  lindblad: ${spread(ours)} (${(ours.best / points.length * 1e6).toFixed(2)} µs/point) after ${WARM_UP / 4} warm-up sweeps; first sweep ${ms(cold)}; with the concurrence as an output: best ${ms(withC.best)}`);
  const q = qutip<{ concurrence: number[] }>({ case: 'grid', points, gamma_plus: 1, repeats: 1 });
  if (q) {
    const dc = Math.max(...withC.value.map((r, k) => Math.abs((r.values.concurrence as number) - q.concurrence[k])));
    console.log(`  QuTiP:    ${ms(q.seconds)}${fullGrid ? '' : ` (≈ ${(q.seconds * 14641 / points.length).toFixed(1)} s for the full grid)`} → ratio ${ratio(q.seconds, ours.best, 500)} (first sweep: ${(q.seconds / cold).toFixed(0)}×); max |ΔC| = ${dc.toExponential(1)}`);
  }
}

// (d) sector solver choices
if (runs('d')) {
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

// (e) sweeps on threads from the command line
if (runs('e')) {
  const bin = new URL('../bin/lindblad.mjs', import.meta.url).pathname, dist = new URL('../dist/bundle/cli.js', import.meta.url).pathname;
  console.log('(e) cavity κ sweeps from the compiled CLI on 0 (this thread), 1, 2 worker threads and auto: the sweep\'s own time / process wall / process CPU (s), best of the repeats, interleaved');
  if (!existsSync(dist) || !existsSync('/usr/bin/time')) console.log('  skipped: needs the build (npm run build) and /usr/bin/time');
  else {
    const dir = mkdtempSync(join(tmpdir(), 'lindblad-sweep-bench-'));
    try {
      for (const [cutoff, points] of [[16, 2000], [64, quick ? 60 : 200]] as const) {
        const rows: Record<string, Array<{ own: number; wall: number; cpu: number; how: string }>> = {};
        for (let r = 0; r < repeats; r++) {
          for (const w of ['0', '1', '2', 'auto']) {
            const out = join(dir, `e${w}.csv`);
            rmSync(out, { force: true });
            rmSync(join(dir, `e${w}.jsonl`), { force: true });
            const args = [bin, 'sweep', 'cavity', '--kappa', `0.01:1000:${points}:log`, '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', String(cutoff),
              '--progress', 'none', '--out', out, ...(w === 'auto' ? [] : ['--workers', w])];
            const p = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...args], { encoding: 'utf8' });
            const t = p.stderr.trim().split('\n').pop()!.split(' ').map(Number), own = / in ([\d.]+) s, (.*?) →/.exec(p.stdout);
            if (p.status !== 0 || t.length !== 3 || !own) { console.log(`  workers ${w}: failed (${p.stderr.trim().split('\n').slice(-2).join(' | ')})`); continue; }
            (rows[w] ??= []).push({ own: Number(own[1]), wall: t[0], cpu: t[1] + t[2], how: own[2] });
          }
        }
        const best = (w: string, f: 'own' | 'wall' | 'cpu') => Math.min(...(rows[w] ?? []).map((x) => x[f]));
        const cell = (w: string) => `${best(w, 'own').toFixed(2)} / ${best(w, 'wall').toFixed(2)} / ${best(w, 'cpu').toFixed(2)}`;
        console.log(`  cutoff ${cutoff}, ${points} points: ${['0', '1', '2', 'auto'].map((w) => `workers ${w}: ${cell(w)}`).join(';  ')}`);
        console.log(`    auto ran ${[...new Set((rows.auto ?? []).map((x) => x.how))].join(' | ')}; sweep time ratios: 2 workers / 1 worker ${(best('2', 'own') / best('1', 'own')).toFixed(2)}, `
          + `auto / this thread ${(best('auto', 'own') / best('0', 'own')).toFixed(2)} (target ≤ 1.05), auto / 1 worker ${(best('auto', 'own') / best('1', 'own')).toFixed(2)}; `
          + `CPU ratios (whole process): 2 / 1 worker ${(best('2', 'cpu') / best('1', 'cpu')).toFixed(2)}, auto / this thread ${(best('auto', 'cpu') / best('0', 'cpu')).toFixed(2)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
