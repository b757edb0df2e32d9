/**
 * Quantum-jump trajectories against QuTiP 4.7's mcsolve, the old no-jump path, and a baseline commit:
 * `npm run build && npx tsx bench/trajectories.bench.ts [--quick] [--rounds R] [--baseline COMMIT]`.
 *
 * lindblad's cases run in fresh plain-node processes (bench/trajectories-runs.mjs) on the compiled dist/, so
 * worker threads start the compiled jumps-worker.js as for users (under tsx they would inherit its loader);
 * run `npm run build` first: the bench says when dist/ is older than src/. Wall and CPU times; cases are
 * interleaved round by round (lindblad, QuTiP, …), each printed as best of the rounds.
 *
 *  1. Cavity model (paper/cavity.ts: g = 1, κ = 2.33, γ = 1e-3, p = 5e-3), cutoff 8 and 16, from the ground
 *     state, 1000 trajectories (--quick: 200) to t = 100/g, ⟨a†a⟩, ⟨n₁⟩, ⟨n₂⟩ at 101 times. lindblad: 1 thread
 *     (adaptive Krylov no-jump path), 2 workers, workers 'auto', and the old fixed-grid path (propagator
 *     'grid', on fewer trajectories, scaled per trajectory). QuTiP: bench/qutip/mcsolve_cavity.py, serial
 *     (num_cpus 1) and on 2 processes; its time is that of the mcsolve call. Agreement at T with evolve's
 *     exact ρ(T) in units of lindblad's standard error.
 *  2. Diamond model at (4, −2) (normal no-jump path), 1000 trajectories to T = 10, 101 times, 1 thread: this
 *     tree against --baseline (default 42a8c24, before the Krylov path), each in a child process
 *     (tsx, from src/; the baseline through a git worktree in /tmp).
 *  3. Thread start-up: a pool of one compiled jumps worker, construction to first result (16 diamond
 *     trajectories), against an empty worker; wall and the process's CPU time (target ≤ 0.1 s per thread).
 *  4. Steady-state sweeps from the command line (bin/lindblad.mjs sweep cavity, κ ∈ [1e-2, 1e3] log,
 *     cutoff 16: 2000 points, cutoff 64: 200 points; --quick: 400 and 40) with --workers 0 (this thread),
 *     1, 2 and the default auto mode: whole-process wall and CPU time (/usr/bin/time), and what auto chose. Printed only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const root = fileURLToPath(new URL('..', import.meta.url));

// Child mode: one diamond run from the tree at ROOT, printed as JSON.
if (argv[0] === '--diamond-child') {
  const from = argv[1];
  const { trajectoriesSync } = await import(join(from, 'src/jumps/jumps.ts'));
  const { diamondModel } = await import(join(from, 'src/paper/diamond.ts'));
  const { diamondBasis } = await import(join(from, 'src/paper/diamond-basis.ts'));
  const d = diamondModel({ betaA: 4, betaS: -2, basis: 'product' }), b = diamondBasis('product');
  const times = Array.from({ length: 101 }, (_, k) => k / 10);
  const run = (count: number) => trajectoriesSync(d.model, { kind: 'ket', psi: b.vectors[0] }, times, { count, seed: 1 });
  run(200);
  let best = Infinity, bestCpu = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    run(1000);
    const c = process.cpuUsage(c0);
    best = Math.min(best, performance.now() - t0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  console.log(JSON.stringify({ ms: best, cpuMs: bestCpu }));
  process.exit(0);
}

const quick = argv.includes('--quick');
const rounds = Number(opt('--rounds', quick ? '1' : '3'));
const COUNT = quick ? 200 : 1000, GRID_COUNT = quick ? 40 : 200, T = 100, POINTS = 101;
const distIndex = join(root, 'dist/index.js');
const useDist = existsSync(distIndex);
if (useDist) {
  const newest = ['src/jumps/core.ts', 'src/jumps/parallel.ts', 'src/linalg/decay-krylov.ts', 'src/linalg/expm-small.ts']
    .map((f) => statSync(join(root, f)).mtimeMs).reduce((a, b) => Math.max(a, b), 0);
  if (statSync(join(root, 'dist/jumps/core.js')).mtimeMs < newest) console.log('note: dist/ is older than src/jumps or the Krylov kernel: run `npm run build` first');
} else console.log('note: no dist/: lindblad\'s cases and the CLI sweeps need it (npm run build)');
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
const best = (xs: number[]) => Math.min(...xs);

/** One lindblad case in a plain-node child on dist/ (bench/trajectories-runs.mjs). */
interface Run { wall: number; cpu: number; propagator: string; workers: number; jumps: number; final: Record<string, [number, number]> }
function ours(args: string[]): Run | null {
  if (!useDist) return null;
  const p = spawnSync(process.execPath, [join(root, 'bench/trajectories-runs.mjs'), ...args], { encoding: 'utf8', timeout: 900_000 });
  if (p.status !== 0) { console.log(`  lindblad ${args.join(' ')} failed: ${p.stderr.trim().split('\n').pop()}`); return null; }
  return JSON.parse(p.stdout.trim().split('\n').pop()!);
}

// 1. Cavity model.
const qutipScript = join(root, 'bench/qutip/mcsolve_cavity.py');
function qutip(cutoff: number, count: number, cpus: number): { seconds: number; cpuSeconds: number; final: Record<string, number> } | null {
  const params = { g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff, tmax: T, points: POINTS, count, seed: 1, cpus };
  const py = spawnSync('/usr/bin/python3', [qutipScript, JSON.stringify(params)], { encoding: 'utf8', timeout: 900_000 });
  if (py.status !== 0) { console.log(`QuTiP failed: ${py.stderr.trim().split('\n').pop()}`); return null; }
  return JSON.parse(py.stdout.trim().split('\n').pop()!);
}

const { cavityModel, op, basisKet, ketToDensity, evolve } = await import(join(root, 'src/index.ts'));
console.log(`# 1. cavity model (κ = 2.33, γ = 1e-3, p = 5e-3, g = 1), ground state → t = ${T}/g, ${POINTS} times, ${COUNT} trajectories; best of ${rounds} round(s), each case a fresh process`);
for (const cutoff of [8, 16]) {
  const runs: Record<string, Run[]> = { '1': [], '2': [], auto: [] };
  const q1: number[] = [], q1c: number[] = [], q2: number[] = [];
  let grid: Run | null = null, qFinal: Record<string, number> | null = null;
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['1', '2', 'auto']) { const x = ours(['cavity', String(cutoff), String(COUNT), mode]); if (x) runs[mode].push(x); }
    const q = qutip(cutoff, COUNT, 1);
    if (q) { q1.push(q.seconds * 1000); q1c.push(q.cpuSeconds * 1000); qFinal = q.final; }
    const qq = qutip(cutoff, COUNT, 2);
    if (qq) q2.push(qq.seconds * 1000);
    if (r === 0) grid = ours(['cavity', String(cutoff), String(GRID_COUNT), 'grid']);
  }
  if (!runs['1'].length) continue;
  const res = runs['1'][0], one = best(runs['1'].map((x) => x.wall)), oneCpu = best(runs['1'].map((x) => x.cpu));
  console.log(`cutoff ${cutoff} (dimension ${4 * (cutoff + 1)}; ${res.jumps} jumps, ${(res.jumps / COUNT).toFixed(2)} per trajectory; propagator ${res.propagator})`);
  console.log(`  lindblad, 1 thread        ${ms(one)} (CPU ${ms(oneCpu)})`);
  if (runs['2'].length) console.log(`  lindblad, 2 workers       ${ms(best(runs['2'].map((x) => x.wall)))} (pool start-up included; CPU of the process ${ms(best(runs['2'].map((x) => x.cpu)))})`);
  if (runs.auto.length) console.log(`  lindblad, workers 'auto'  ${ms(best(runs.auto.map((x) => x.wall)))} (CPU ${ms(best(runs.auto.map((x) => x.cpu)))}; chose ${[...new Set(runs.auto.map((x) => x.workers))].join(' | ')} thread(s)): `
    + `${(best(runs.auto.map((x) => x.wall)) / one).toFixed(2)}× the 1-thread time (CPU ${(best(runs.auto.map((x) => x.cpu)) / oneCpu).toFixed(2)}×; target ≤ 1.05)`);
  if (grid) {
    const gridPer = grid.wall / GRID_COUNT * COUNT;
    console.log(`  lindblad, old grid path   ${ms(gridPer)} (${GRID_COUNT} trajectories measured, scaled to ${COUNT}; CPU ${ms(grid.cpu / GRID_COUNT * COUNT)}): ${(gridPer / one).toFixed(1)}× the Krylov path`);
  }
  if (q1.length) {
    console.log(`  QuTiP 4.7 mcsolve, serial ${ms(best(q1))} (CPU ${ms(best(q1c))})  → lindblad 1 thread is ${(best(q1) / one).toFixed(1)}× faster (CPU ${(best(q1c) / oneCpu).toFixed(1)}×)  ${best(q1) / one >= 3 ? 'ok (target 3×)' : 'BELOW the 3× target'}`);
    if (q2.length) console.log(`  QuTiP 4.7 mcsolve, 2 cpus ${ms(best(q2))}`);
  }
  const { model, space } = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff });
  const obs = { n: op(space, 'cav', 'n'), n1: op(space, 'q1', 'n'), n2: op(space, 'q2', 'n') };
  const ev = evolve(model, ketToDensity(basisKet(space)), [T], { observables: obs });
  const agree = Object.keys(obs).map((k) => {
    const [m, e] = res.final[k], x = ev.expectations![k][0];
    return `${k}: ${m.toFixed(4)} ± ${e.toFixed(4)} (exact ${x.toFixed(4)}, ${(Math.abs(m - x) / e).toFixed(1)}σ; QuTiP ${qFinal ? qFinal[k].toFixed(4) : 'n/a'})`;
  });
  console.log(`  at T: ${agree.join('; ')}`);
}

// 2. Diamond model: this tree against a baseline commit, interleaved child processes.
const baseline = opt('--baseline', '42a8c24');
const wt = mkdtempSync(join(tmpdir(), 'lindblad-baseline-'));
const add = spawnSync('git', ['-C', root, 'worktree', 'add', '--detach', wt, baseline], { encoding: 'utf8' });
if (add.status === 0) {
  symlinkSync(join(root, 'node_modules'), join(wt, 'node_modules'));
  const child = (from: string) => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--diamond-child', from], { encoding: 'utf8', cwd: root });
    return p.status === 0 ? JSON.parse(p.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number } : null;
  };
  const now: { ms: number; cpuMs: number }[] = [], base: { ms: number; cpuMs: number }[] = [];
  for (let r = 0; r < Math.max(2, rounds); r++) {
    const a = child(root), b = child(wt);
    if (a) now.push(a);
    if (b) base.push(b);
  }
  console.log(`\n# 2. diamond model (4, −2), 1000 trajectories to T = 10, 1 thread (child processes, src/ through tsx, interleaved; best)`);
  if (now.length && base.length) {
    const n = best(now.map((x) => x.ms)), b = best(base.map((x) => x.ms)), nc = best(now.map((x) => x.cpuMs)), bc = best(base.map((x) => x.cpuMs));
    console.log(`  this tree ${ms(n)} (CPU ${ms(nc)});  baseline ${baseline} ${ms(b)} (CPU ${ms(bc)});  ratio ${(b / n).toFixed(2)} (CPU ${(bc / nc).toFixed(2)})`);
  } else console.log('  a child failed');
  spawnSync('git', ['-C', root, 'worktree', 'remove', '--force', wt]);
} else {
  console.log(`\n# 2. diamond baseline skipped: git worktree add failed (${add.stderr.trim()})`);
  rmSync(wt, { recursive: true, force: true });
}

// 3. Thread start-up: one pool of one thread, construction to first result (medians of 7), plain node.
{
  const p = useDist ? spawnSync(process.execPath, [join(root, 'bench/trajectories-runs.mjs'), 'startup'], { encoding: 'utf8' }) : null;
  if (p?.status === 0) {
    const x = JSON.parse(p.stdout.trim().split('\n').pop()!) as { empty: number; jumps: number; bundle: number; emptyCpu: number; jumpsCpu: number; bundleCpu: number };
    console.log(`\n# 3. thread start-up (compiled dist/jumps/jumps-worker.js; new Piscina → first result, median of 7; wall, and the process's CPU time meanwhile):`
      + ` jumps worker with 16 diamond trajectories ${ms(x.jumps)} (CPU ${ms(x.jumpsCpu)}), empty worker ${ms(x.empty)} (CPU ${ms(x.emptyCpu)}) (same run): the engine adds ${ms(x.jumps - x.empty)} (CPU ${ms(x.jumpsCpu - x.emptyCpu)})`
      + `  ${x.jumps <= 100 ? 'ok' : x.jumpsCpu <= 100 ? 'wall above' : 'ABOVE'} (target ≤ 100 ms per thread);`
      + ` the CLI's bundled worker (dist/bundle/jumps-worker.js) ${ms(x.bundle)} (CPU ${ms(x.bundleCpu)})  ${x.bundle <= 100 ? 'ok' : x.bundleCpu <= 100 ? 'wall above' : 'ABOVE'}`);
  } else console.log('\n# 3. thread start-up: not measured (needs dist/)');
}

// 4. Sweeps from the command line.
console.log(`\n# 4. cavity κ sweeps from the command line (whole process; wall / CPU seconds)`);
if (!useDist) console.log('  skipped: needs the compiled CLI (npm run build)');
else {
  const cases: Array<[number, number]> = [[16, quick ? 400 : 2000], [64, quick ? 40 : 200]];
  const sweepDir = mkdtempSync(join(tmpdir(), 'lindblad-traj-sweeps-'));
  for (const [cutoff, points] of cases) {
    const rows: Record<string, { wall: number; cpu: number }[]> = {}, how = new Set<string>();
    for (let r = 0; r < Math.max(1, rounds - 1); r++) {
      for (const w of ['0', '1', '2', 'auto']) {
        const out = join(sweepDir, `s${w}.csv`);
        rmSync(out, { force: true });
        rmSync(join(sweepDir, `s${w}.jsonl`), { force: true });
        const args = [join(root, 'bin/lindblad.mjs'), 'sweep', 'cavity', '--kappa', `0.01:1000:${points}:log`, '--gamma', '1e-3', '--pump', '5e-3',
          '--cutoff', String(cutoff), '--progress', 'none', '--out', out, ...(w === 'auto' ? [] : ['--workers', w])];
        const p = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
        const last = p.stderr.trim().split('\n').pop()!.split(' ').map(Number);
        if (p.status !== 0 || last.length !== 3) { console.log(`  workers ${w}: failed (${p.stderr.trim().split('\n').slice(-2).join(' | ')})`); continue; }
        (rows[w] ??= []).push({ wall: last[0], cpu: last[1] + last[2] });
        if (w === 'auto') how.add(/ in [\d.]+ s, (.*?) →/.exec(p.stdout)?.[1] ?? '?');
      }
    }
    const line = Object.entries(rows).map(([w, xs]) => `workers ${w}: ${best(xs.map((x) => x.wall)).toFixed(2)} / ${best(xs.map((x) => x.cpu)).toFixed(2)} s`);
    console.log(`  cutoff ${cutoff}, ${points} points: ${line.join(';  ')}  (auto ran ${[...how].join(' | ')})`);
  }
  rmSync(sweepDir, { recursive: true, force: true });
}
