/**
 * Constant models before and after the time-dependent work (issue 16: "for constant models, nothing gets
 * slower"): `npx tsx bench/constant-models.bench.ts --baseline DIR [--current DIR] [--quick] [--rounds N]`.
 *
 * DIR is a checkout of the older tree with its `dist/` built (e.g. the parent of fe4f7c4, the first
 * issue-16 commit: `git worktree add --detach /tmp/lindblad-base fe4f7c4^`, symlink node_modules, `npm run
 * build` there); --current defaults to this repository (its dist/ must be built for the CLI rows).
 * Every measurement is a fresh process, the two trees interleaved (alternating which goes first) over N
 * rounds (default 5, --quick 3):
 *  - library workloads (the tree's own src/ through tsx, timed inside the process after the imports): one
 *    cold call, then warm calls, each timed alone, for 2.5 s (--quick 1 s, at least 3 calls); reported: the
 *    best per-call CPU and wall (ms) over all rounds and the median cold wall. Workloads: `evolve` of the paper's cavity model (κ = 2.33 g, γ = 10⁻³ g,
 *    p = 5·10⁻³ g, cutoff 4; ground state → t = 5000/g, 101 outputs; 'auto' and 'implicit') and of the
 *    diamond model (β_A = 4, β_S = −2; G → t = 50/Γ⁺, 101 outputs; 'auto' and 'dopri5'); `steadyState`
 *    of the cavity model and of bench/steady.bench.ts's local random models (n = 20 dense LU, n = 60
 *    sparse LU); `parseModelText` of examples/cavity.json and examples/diamond.json..
 *  - CLI workloads (bin/lindblad.mjs, whole process, /usr/bin/time for CPU = user + sys): `lindblad evolve
 *    cavity …`, `lindblad evolve diamond …`, `lindblad evolve examples/diamond.json`, and the 200-point κ
 *    sweep `lindblad sweep cavity --kappa 0.01:1000:200:log … --workers 0` (as in bench/startup.bench.ts).
 * Printed per workload: baseline and current best CPU / wall, the ratios current/baseline, and the largest
 * difference of the two trees' results (so that the same work is compared). A ratio above 1.05 in CPU is
 * flagged. On a loaded machine the best single call is the robust figure (batches of calls are always
 * preempted and their CPU time grows with the contention: measured 1.3–1.8× swings between identical runs).
 * Then, unless --no-pair, each library workload once more with BOTH trees loaded in one process and the
 * calls alternating (best and 10th-percentile per-call wall, ratios): this resolves a few percent where
 * fresh processes on a busy machine scatter by 10–30 %.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const argv = process.argv.slice(2);
const opt = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
const quick = argv.includes('--quick');

type Sample = { coldWall: number; bestWall: number; bestCpu: number; check: number[] };

/** Library workloads: name → (tree root) → a function doing one call and returning numbers to compare across trees. */
const LIBRARY: Record<string, (root: string) => Promise<() => number[]>> = {
  'evolve cavity (auto)': (root) => evolveCavity(root, 'auto'),
  'evolve cavity (implicit)': (root) => evolveCavity(root, 'implicit'),
  'evolve diamond (auto)': (root) => evolveDiamond(root, 'auto'),
  'evolve diamond (dopri5)': (root) => evolveDiamond(root, 'dopri5'),
  'steadyState cavity': async (root) => {
    const { steadyState } = await imp(root, 'src/steady/steady.ts');
    const { cavityModel } = await imp(root, 'src/paper/cavity.ts');
    const { model } = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
    return () => diag(steadyState(model).rho);
  },
  'steadyState random n=20 dense': (root) => steadyRandom(root, 20, 'dense'),
  'steadyState random n=60 sparse': (root) => steadyRandom(root, 60, 'sparse'),
  'parseModelText cavity.json': (root) => parseFile(root, 'examples/cavity.json'),
  'parseModelText diamond.json': (root) => parseFile(root, 'examples/diamond.json'),
};

/** CLI workloads: arguments to bin/lindblad.mjs (an output file, if any, is appended by the runner). */
const CLI: Record<string, { args: string[]; out?: boolean }> = {
  'CLI evolve cavity': { args: ['evolve', 'cavity', '--t-max', '5000', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--csv'] },
  'CLI evolve diamond': { args: ['evolve', 'diamond', '--t-max', '50', '--beta-a', '4', '--beta-s', '-2', '--csv'] },
  'CLI evolve examples/diamond.json': { args: ['evolve', 'examples/diamond.json', '--t-max', '50', '--csv'] },
  'CLI sweep cavity κ (200 points)': { args: ['sweep', 'cavity', '--kappa', '0.01:1000:200:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4', '--workers', '0', '--progress', 'none', '--out'], out: true },
};

/** The tree's own module (its source through tsx): the two trees' types differ, so it is untyped here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function imp(root: string, path: string): Promise<any> {
  return import(pathToFileURL(join(root, path)).href);
}
/** Populations: the real diagonal of a DenseMatrix. */
function diag(rho: { rows: number; re(i: number, j: number): number }): number[] {
  return Array.from({ length: rho.rows }, (_, i) => rho.re(i, i));
}
const linspace = (t: number, n: number) => Array.from({ length: n }, (_, k) => (t * k) / (n - 1));

async function evolveCavity(root: string, kind: string): Promise<() => number[]> {
  const { evolve } = await imp(root, 'src/evolve/evolve.ts');
  const { cavityModel } = await imp(root, 'src/paper/cavity.ts');
  const { basisKet, ketToDensity } = await imp(root, 'src/model/states.ts');
  const { model, space } = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const rho0 = ketToDensity(basisKet(space)), times = linspace(5000, 101);
  return () => diag(evolve(model, rho0, times, { method: { kind }, keepStates: true }).states.at(-1));
}
async function evolveDiamond(root: string, kind: string): Promise<() => number[]> {
  const { evolve } = await imp(root, 'src/evolve/evolve.ts');
  const { diamondModel } = await imp(root, 'src/paper/diamond.ts');
  const { basisKet, ketToDensity } = await imp(root, 'src/model/states.ts');
  const d = diamondModel({ betaA: 4, betaS: -2 });
  const rho0 = ketToDensity(basisKet(d.space)), times = linspace(50, 101);
  return () => diag(evolve(d.model, rho0, times, { method: { kind }, keepStates: true }).states.at(-1));
}
async function steadyRandom(root: string, n: number, solver: string): Promise<() => number[]> {
  const { steadyState } = await imp(root, 'src/steady/steady.ts');
  const { randomModel } = await imp(root, 'test/systems/random.ts');
  const model = randomModel(n, 42, { bandwidth: 2 });
  return () => diag(steadyState(model, { method: { kind: 'direct', solver } }).rho);
}
async function parseFile(root: string, file: string): Promise<() => number[]> {
  const { parseModelText } = await imp(root, 'src/io/model-file.ts');
  const text = readFileSync(join(root, file), 'utf8');
  return () => {
    const m = parseModelText(text);
    return [m.space.dim, m.channels.length];
  };
}

/**
 * Child mode: run one library workload in this fresh process and print its Sample as JSON. One cold call,
 * then warm calls (at least 3, until `budget` ms of wall time have passed), each timed alone: the best
 * per-call time is robust on a loaded machine (some calls run without being preempted), where the time of a
 * long batch is not.
 */
async function child(name: string, root: string, budget: number): Promise<void> {
  const call = await LIBRARY[name](root);
  const t0 = performance.now();
  const check = call();
  const coldWall = performance.now() - t0;
  let bestWall = Infinity, bestCpu = Infinity;
  const start = performance.now();
  for (let r = 0; r < 3 || performance.now() - start < budget; r++) {
    const c0 = process.cpuUsage(), w0 = performance.now();
    call();
    const w = performance.now() - w0, c = process.cpuUsage(c0);
    bestWall = Math.min(bestWall, w);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  process.stdout.write(JSON.stringify({ coldWall, bestWall, bestCpu, check } satisfies Sample));
}

/**
 * Pair mode (--pair): both trees' modules loaded into this ONE process, calls alternating between them for
 * `budget` ms, so that load and JIT state hit both alike; prints [baseline, current] per-call
 * {best, p10, median} wall ms. On a loaded machine this resolves differences of a few percent that
 * separate processes cannot.
 */
async function pair(name: string, roots: [string, string], budget: number): Promise<void> {
  const calls = [await LIBRARY[name](roots[0]), await LIBRARY[name](roots[1])];
  const t: number[][] = [[], []];
  const start = performance.now();
  for (let r = 0; r < 20 || performance.now() - start < budget; r++) {
    const k = r % 2, t0 = performance.now();
    calls[k]();
    t[k].push(performance.now() - t0);
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
  process.stdout.write(JSON.stringify(t.map((xs) => ({ best: q(xs, 0), p10: q(xs, 0.1), median: q(xs, 0.5), calls: xs.length }))));
}

function runLibrary(name: string, root: string, budget: number): Sample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--child', name, '--tree', root, '--budget', String(budget)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${name} in ${root} failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout) as Sample;
}

function runCli(name: string, root: string, tmp: string): Sample {
  const { args, out } = CLI[name];
  const cpuFile = join(tmp, 'cpu.txt'), outFile = join(tmp, 'out.csv');
  rmSync(outFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, join(root, 'bin/lindblad.mjs'), ...args, ...(out ? [outFile] : [])], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${name} in ${root} failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const cpu = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b), 0) * 1000;
  const text = out ? readFileSync(outFile, 'utf8') : r.stdout;
  const last = text.trim().split('\n').filter((l) => /^[-\d.]/.test(l)).at(-1) ?? '';
  return { coldWall: wall, bestWall: wall, bestCpu: cpu, check: last.split(',').map(Number).filter((x) => Number.isFinite(x)) };
}

async function main(): Promise<void> {
  const baseline = opt('--baseline');
  if (!baseline) {
    console.error('usage: npx tsx bench/constant-models.bench.ts --baseline DIR [--current DIR] [--quick] [--rounds N] [--only SUBSTRING]');
    process.exit(2);
  }
  const trees = { baseline: resolve(baseline), current: resolve(opt('--current') ?? ROOT) };
  for (const [k, d] of Object.entries(trees)) {
    if (!existsSync(join(d, 'dist/bundle/cli.js'))) throw new Error(`${k} tree ${d}: dist/bundle/cli.js is missing (run npm run build there)`);
  }
  const rounds = Number(opt('--rounds')) || (quick ? 3 : 5), budget = quick ? 1000 : 2500;
  const only = opt('--only');
  const names = [...Object.keys(LIBRARY), ...Object.keys(CLI)].filter((n) => !only || n.includes(only));
  const git = (d: string) => spawnSync('git', ['-C', d, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim().slice(0, 70);
  console.log(`constant models, before and after; node ${process.version}; ${rounds} rounds, fresh processes, trees interleaved`);
  console.log(`  baseline ${trees.baseline}: ${git(trees.baseline)}`);
  console.log(`  current  ${trees.current}: ${git(trees.current)}`);
  const tmp = mkdtempSync(join(tmpdir(), 'lindblad-constant-'));
  const samples: Record<string, { baseline: Sample[]; current: Sample[] }> = {};
  for (const n of names) samples[n] = { baseline: [], current: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const n of names) {
        const order = (r + names.indexOf(n)) % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
        for (const t of order) samples[n][t].push(n in CLI ? runCli(n, trees[t], tmp) : runLibrary(n, trees[t], budget));
      }
      process.stderr.write(`round ${r + 1}/${rounds} done\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3)).padStart(7);
  console.log(`\n${'workload'.padEnd(36)} ${'baseline CPU / wall ms'.padStart(24)} ${'current CPU / wall ms'.padStart(24)}  CPU ratio  wall ratio  cold wall ratio  max |Δ result|`);
  let worse = 0;
  for (const n of names) {
    const s = samples[n];
    const best = (xs: Sample[], k: 'bestCpu' | 'bestWall') => Math.min(...xs.map((x) => x[k]));
    const bc = best(s.baseline, 'bestCpu'), bw = best(s.baseline, 'bestWall'), cc = best(s.current, 'bestCpu'), cw = best(s.current, 'bestWall');
    const cold = median(s.current.map((x) => x.coldWall)) / median(s.baseline.map((x) => x.coldWall));
    const a = s.baseline[0].check, b = s.current[0].check;
    const delta = a.length === b.length ? Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]))) : NaN;
    const flag = cc / bc > 1.05 ? '  ✗ slower (> 5 % CPU)' : '';
    if (flag) worse++;
    console.log(`${n.padEnd(36)} ${f(bc)} / ${f(bw)}        ${f(cc)} / ${f(cw)}        ${(cc / bc).toFixed(3).padStart(7)}  ${(cw / bw).toFixed(3).padStart(9)}  ${cold.toFixed(3).padStart(14)}  ${Number.isNaN(delta) ? 'shapes differ' : delta.toExponential(1)}${flag}`);
  }
  console.log(worse === 0 ? '\nno workload is more than 5 % slower in CPU' : `\n${worse} workload(s) more than 5 % slower in CPU (rerun to tell from noise)`);
  const libNames = names.filter((n) => n in LIBRARY);
  if (libNames.length === 0 || argv.includes('--no-pair')) return;
  console.log(`\nsame process, calls alternating between the trees (${budget / 1000} s per workload; wall ms per call):`);
  console.log(`${'workload'.padEnd(36)} ${'baseline best / p10'.padStart(22)} ${'current best / p10'.padStart(22)}  best ratio  p10 ratio`);
  for (const n of libNames) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--pair', n, '--tree', trees.baseline, '--tree2', trees.current, '--budget', String(2 * budget)], { cwd: trees.current, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) { console.log(`${n.padEnd(36)} failed: ${r.stderr.trim().split('\n').slice(-1)[0]}`); continue; }
    const [b, c] = JSON.parse(r.stdout) as Array<{ best: number; p10: number }>;
    const flag = c.p10 / b.p10 > 1.05 ? '  ✗ slower (> 5 %)' : '';
    console.log(`${n.padEnd(36)} ${f(b.best)} / ${f(b.p10)}        ${f(c.best)} / ${f(c.p10)}        ${(c.best / b.best).toFixed(3).padStart(7)}  ${(c.p10 / b.p10).toFixed(3).padStart(9)}${flag}`);
  }
}

if (argv.includes('--child')) await child(opt('--child')!, opt('--tree')!, Number(opt('--budget')));
else if (argv.includes('--pair')) await pair(opt('--pair')!, [opt('--tree')!, opt('--tree2')!], Number(opt('--budget')));
else await main();
