/**
 * Start-up and package: `npx tsx bench/startup.bench.ts [--runs N] [--quick] [--case a|b|c|d]
 * [--baseline-bin PATH]`. Needs the build (`npm run build`): it times the compiled CLI as users run it,
 * through the package's bin (package.json `bin.lindblad`: bin/lindblad.cjs → dist/bundle/cli.js).
 *
 *  (a) whole-process wall time (spawn to exit) of `node -e 0` (the baseline), `lindblad --help` and
 *      `lindblad diamond --beta-a 4 --beta-s -2`: median of N runs (default 21) after 3 warm-up runs, the
 *      commands interleaved so that load on the machine hits them alike; ratio to `node -e 0`. The same two
 *      commands with the V8 code cache off (LINDBLAD_CODE_CACHE=0, src/io/code-cache.ts) run in the loop. With
 *      --baseline-bin PATH (e.g. a copy of a previous build's bin and dist/bundle in /tmp), the same two
 *      commands of that bin are interleaved too, for a before/after comparison in one run. On a busy
 *      machine, run it under `chrt -f 10` (real-time priority): CPU times are printed beside wall times.
 *  (b) worker-thread readiness, "ready" = the thread has started, loaded what its task needs and returned
 *      the first result: timed from `new Piscina(...)` (one thread) to the first task's result, for the
 *      compiled sweep worker (dist/bundle/sweep-worker.js; the entry, then the family the task names, loaded
 *      on that task) with a one-point diamond task and a one-point cavity task (cutoff 4), and the jumps
 *      worker (16 trajectories of the diamond model to t = 1), against a worker module with an empty task
 *      (node's thread start and piscina's own worker: the floor). Median of N fresh pools after a first one,
 *      the cases interleaved, in a plain node process (no tsx, whose loader worker threads would inherit);
 *      CPU = this process's user + sys over the same span (the thread, its compiler and GC helpers, and the
 *      pool's start in this thread). With --baseline-bin PATH, the workers of PATH/../../dist/bundle run in
 *      the same loop (before/after).
 *  (c) the runtime dependency tree of the packed tarball installed into an empty project, against the same
 *      for the previous release (commit 7b8c0e0, packed from a temporary git worktree without running its
 *      scripts): packages (`npm ls --omit=dev --all`), files' size and disk use. Both installs take the
 *      runtime part of their own package-lock.json and run `npm ci --offline` (falling back to `npm install
 *      --prefer-offline`).
 *  (d) the 200-point κ sweep of the cavity model from the command line, whole process, fresh output file
 *      each run, against bench/qutip/kappa_cli.py (Python start-up, QuTiP import, 200 qutip.steadystate
 *      calls, CSV) run by /usr/bin/python3: median of max(5, N/3) runs after one warm-up run each; the
 *      two CSVs' concurrences are compared. The CLI runs as a user runs it (default --workers: in this
 *      thread, or worker threads when its first 0.25 s project a long sweep; the choices are counted)
 *      and with --workers 0 (always in this thread). What bounds it, measured in the same loop: `node -e 0`
 *      (node's own start), `lindblad --help` (plus loading the CLI), the sweep's own time as it reports it
 *      ("in X s": engine loaded, points evaluated, files written) and, in one process, the same sweep run
 *      a second time (the JIT has compiled the engine: what the 200 points cost warm).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanEnv, installConsumer, run as runClean, treeSize } from '../test/package/consumer-project.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BASE_COMMIT = '7b8c0e0';
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--case') ? argv[argv.indexOf('--case') + 1] : null;
const RUNS = Number(argv[argv.indexOf('--runs') + 1]) || (quick ? 5 : 21);
const runs = (c: string) => only === null || only === c;
const PY = '/usr/bin/python3';
/** The package's bin (what `lindblad` runs after npm install), relative to ROOT. */
const BIN = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { lindblad: string } }).bin.lindblad;
const BASELINE_BIN = argv.includes('--baseline-bin') ? resolve(argv[argv.indexOf('--baseline-bin') + 1]!) : null;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? NaN; };
const ms = (s: number) => `${(s * 1000).toFixed(s < 0.1 ? 1 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A child process with the consumer test's clean environment (no outer npm variables, no tsx). */
function run(cmd: string, args: string[], cwd = ROOT, timeout = 600_000): SpawnSyncReturns<string> {
  return runClean(cmd, args, cwd, timeout);
}

function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** /usr/bin/time, when present, reports each child's CPU time (user + sys), which other load on the machine distorts less than wall time. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall time (s) of one whole process, spawn to exit (through /usr/bin/time when present: ~1 ms more), and its CPU time (s, NaN without /usr/bin/time). */
function timeProcess(cmd: string, args: string[], cwd = ROOT, env: Record<string, string> = {}): { wall: number; cpu: number; output: string } {
  const cpuFile = join(tmp, 'cpu.txt');
  const spawn = (c: string, a: string[]) => spawnSync(c, a, { cwd, env: { ...cleanEnv(), ...env }, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 26 });
  const t0 = performance.now();
  const r = TIME ? spawn(TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]) : spawn(cmd, args);
  const wall = (performance.now() - t0) / 1000;
  must(r, `${cmd} ${args.join(' ')}`);
  const cpu = TIME ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b), 0) : NaN;
  return { wall, cpu, output: r.stdout + r.stderr };
}
const cpuNote = (t: Array<{ cpu: number }>) => (TIME ? `, CPU ${ms(median(t.map((x) => x.cpu)))}` : '');

if (!existsSync(join(ROOT, 'dist/bundle/cli.js'))) {
  console.error('dist/bundle/cli.js is missing: run `npm run build` first');
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'lindblad-startup-'));
console.log(`start-up and package benchmarks${quick ? ' (quick: a smoke run, too few runs for representative medians)' : ''}; node ${process.version}`);

try {
  // (a) whole-process start-up
  if (runs('a')) {
    const diamond = ['diamond', '--beta-a', '4', '--beta-s', '-2'];
    // the same bin with its V8 code cache off (LINDBLAD_CODE_CACHE=0: src/io/code-cache.ts) in the same loop
    const noCache = { LINDBLAD_CODE_CACHE: '0' };
    const cmds: Array<[string, string[], Record<string, string>?]> = [
      ['node -e 0', ['-e', '0']],
      ['lindblad --help', [BIN, '--help']],
      ['lindblad diamond --beta-a 4 --beta-s -2', [BIN, ...diamond]],
      ['  the same, no code cache: --help', [BIN, '--help'], noCache],
      ['  the same, no code cache: diamond', [BIN, ...diamond], noCache],
      ...(BASELINE_BIN ? [['baseline --help', [BASELINE_BIN, '--help']], ['baseline diamond …', [BASELINE_BIN, ...diamond]]] as Array<[string, string[]]> : []),
    ];
    const times = cmds.map(() => [] as Array<{ wall: number; cpu: number }>);
    for (let k = 0; k < 3 + RUNS; k++) {
      cmds.forEach(([, args, env], i) => {
        const t = timeProcess(process.execPath, args, ROOT, env);
        if (k >= 3) times[i]!.push(t);
      });
    }
    const base = median(times[0]!.map((t) => t.wall));
    console.log(`(a) whole-process wall time of ${BIN}${BASELINE_BIN ? ` (baseline: ${BASELINE_BIN})` : ''}, median of ${RUNS} runs after 3 warm-up runs (interleaved)${TIME ? '; CPU = user + sys of the process, median' : ''}`);
    cmds.forEach(([name], i) => {
      const wall = times[i]!.map((t) => t.wall), m = median(wall);
      console.log(`  ${name.padEnd(42)} ${ms(m).padStart(7)}  (${(m / base).toFixed(1)}× node -e 0; min ${ms(Math.min(...wall))}${cpuNote(times[i]!)})${i === 1 || i === 2 ? '  target ≤ 200 ms and ≤ ~4×' : ''}`);
    });
  }

  // (b) worker-thread readiness, measured in a plain node process
  if (runs('b')) {
    const noop = join(tmp, 'noop-worker.mjs');
    writeFileSync(noop, 'export function noop() { return 0; }\n');
    const baseBundle = BASELINE_BIN ? resolve(dirname(BASELINE_BIN), '../dist/bundle') : null;
    const bundles: Array<[string, string]> = [['', join(ROOT, 'dist/bundle')], ...(baseBundle ? [['baseline ', baseBundle]] as Array<[string, string]> : [])];
    const script = `
import { Piscina } from 'piscina';
import { pathToFileURL } from 'node:url';
import { diamondModel } from './dist/index.js';
import { jumpSpec } from './dist/jumps/jumps.js';
import { serializeModel } from './dist/model/serialize.js';
const d = diamondModel({ betaA: 4, betaS: -2 });
const psi = new Float64Array(8); psi[0] = 1;
const times = Float64Array.from({ length: 11 }, (_, k) => k / 10);
const spec = jumpSpec(d.model, { kind: 'ket', psi }, times, { count: 16, seed: 1 });
const bundles = ${JSON.stringify(bundles)};
const cases = { empty: [${JSON.stringify(pathToFileURL(noop).href)}, 'noop', () => ({})] };
const diamond = { model: 'diamond', args: { 'beta-a': '4', 'beta-s': '-2' } };
const cavity = { model: 'cavity', args: { kappa: '1', gamma: '1e-3', pump: '5e-3' } };
for (const [label, dir] of bundles) {
  const sweep = pathToFileURL(dir + '/sweep-worker.js').href, jumps = pathToFileURL(dir + '/jumps-worker.js').href;
  cases[label + 'sweep ready'] = [sweep, 'runSweepTask', (k) => ({ key: 'k' + k, request: diamond, indices: [] })];
  cases[label + 'sweep'] = [sweep, 'runSweepTask', (k) => ({ key: 'k' + k, request: diamond, indices: [0] })];
  cases[label + 'cavity ready'] = [sweep, 'runSweepTask', (k) => ({ key: 'k' + k, request: cavity, indices: [] })];
  cases[label + 'cavity'] = [sweep, 'runSweepTask', (k) => ({ key: 'k' + k, request: cavity, indices: [0] })];
  cases[label + 'jumps ready'] = [jumps, 'runJumpTask', (k) => ({ key: 'k' + k, model: serializeModel(d.model), spec, seed: 1, start: 0, end: 0 })];
  cases[label + 'jumps'] = [jumps, 'runJumpTask', (k) => ({ key: 'k' + k, model: serializeModel(d.model), spec, seed: 1, start: 0, end: 16 })];
}
import { readdirSync, readFileSync } from 'node:fs';
/** Threads of this process, and a thread's CPU time on its own core (s; Linux /proc schedstat, ns resolution). */
const tids = () => new Set(readdirSync('/proc/self/task'));
const threadCpu = (tid) => { try { return Number(readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ')[0]) / 1e9; } catch { return NaN; } };
const out = {};
for (const name of Object.keys(cases)) out[name] = { wall: [], cpu: [], thread: [] };
for (let k = 0; k < ${RUNS + 1}; k++) {
  for (const [name, [filename, task, make]] of Object.entries(cases)) {
    const data = make(k);
    const before = tids();
    const c0 = process.cpuUsage(), t0 = performance.now();
    const pool = new Piscina({ filename, name: task, minThreads: 1, maxThreads: 1 });
    const result = await pool.run(data);
    out[name].wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    out[name].cpu.push((c.user + c.system) / 1e6);
    out[name].thread.push([...tids()].filter((t) => !before.has(t)).reduce((a, t) => a + threadCpu(t), 0));
    await pool.destroy();
    if (name.endsWith('ready') && !(result.records?.length === 0 || result.jumpCounts?.length === 0)) throw new Error(name + ': the ready task computed something');
    if (name.endsWith('sweep') && !(Math.abs(Number(result.records[0].split(',')[3]) - 0.304780512508638) < 1e-10)) throw new Error(name + ' worker: wrong concurrence ' + JSON.stringify(result.records[0]));
    if (name.endsWith('cavity') && !(Number(result.records[0].split(',')[5]) > 0)) throw new Error(name + ' worker: no concurrence ' + JSON.stringify(result.records[0]));
    if (name.endsWith('jumps') && (result === null || typeof result !== 'object')) throw new Error(name + ' worker: no result');
  }
}
console.log(JSON.stringify(out));
`;
    const res = JSON.parse(must(run(process.execPath, ['--input-type=module', '-e', script]), 'worker readiness')) as Record<string, { wall: number[]; cpu: number[]; thread: number[] }>;
    console.log(`(b) worker threads: new Piscina(...) → the first task's result, median of ${RUNS} fresh pools after a first one, interleaved (plain node, no tsx); CPU = this process's user + sys meanwhile.`
      + ` "thread": the new thread's own CPU time (/proc/self/task/TID/schedstat; without the compiler and GC helper threads), the figure least distorted by other load.`
      + ` "loaded"/"plan built": a task that computes nothing (sweep: no point indices, so the thread started, loaded its entry and the family the task names; jumps: the model rebuilt and the plan built for 0 trajectories) — ready to compute; "first": one task's points computed on a cold thread`);
    const base = median(res.empty!.wall.slice(1)), baseCpu = median(res.empty!.cpu.slice(1)), baseThread = median(res.empty!.thread.slice(1));
    const rows: Array<[string, string]> = [['empty', 'empty task (the floor)']];
    for (const [label] of bundles) {
      rows.push([`${label}sweep ready`, `${label}sweep worker, diamond family loaded`], [`${label}sweep`, `${label}sweep worker, first diamond point`],
        [`${label}cavity ready`, `${label}sweep worker, cavity family loaded`], [`${label}cavity`, `${label}sweep worker, first cavity point (cutoff 4)`],
        [`${label}jumps ready`, `${label}jumps worker, plan built (no trajectory)`], [`${label}jumps`, `${label}jumps worker, 16 diamond trajectories`]);
    }
    for (const [name, label] of rows) {
      const t = res[name]!, m = median(t.wall.slice(1)), c = median(t.cpu.slice(1)), th = median(t.thread.slice(1));
      const above = name === 'empty' ? '' : `; above the empty worker: wall +${ms(m - base)}, CPU +${ms(c - baseCpu)}, thread +${ms(th - baseThread)}`;
      console.log(`  ${label.padEnd(52)} ${ms(m).padStart(7)}  (CPU ${ms(c)}, thread ${ms(th)}; first pool ${ms(t.wall[0]!)}${above})${name === 'empty' ? '' : '  target ≤ 100 ms'}`);
    }
  }

  // (c) runtime dependency tree: this package against the previous release
  if (runs('c')) {
    const cur = installed(packTarball(ROOT, 'current'), readFileSync(join(ROOT, 'package-lock.json'), 'utf8'), 'current');
    const wt = '/tmp/lindblad-base';
    if (existsSync(wt)) must(run('git', ['worktree', 'remove', '--force', wt]), 'git worktree remove');
    must(run('git', ['worktree', 'add', '--detach', wt, BASE_COMMIT]), 'git worktree add');
    let base: Tree;
    try {
      base = installed(packTarball(wt, 'base'), readFileSync(join(wt, 'package-lock.json'), 'utf8'), 'base');
    } finally {
      must(run('git', ['worktree', 'remove', '--force', wt]), 'git worktree remove');
    }
    console.log(`(c) runtime dependency tree of the packed tarball installed into an empty project`);
    for (const [label, t] of [[`previous release (${BASE_COMMIT})`, base], ['this package', cur]] as const) {
      console.log(`  ${label.padEnd(28)} tarball ${mb(t.tarball)} (${t.files} files); installed: ${t.packages} packages, ${mb(t.bytes)} of files, ${mb(t.disk)} on disk${t.dev.length ? `; dev tools: ${t.dev.join(', ')}` : ''}  [${t.route}]`);
    }
    console.log(`  ratio previous/this: ${(base.packages / cur.packages).toFixed(1)}× packages, ${(base.bytes / cur.bytes).toFixed(1)}× size  (target ≥ 2×)`);
  }

  // (d) the κ sweep from the command line against a QuTiP script, whole process
  if (runs('d')) {
    const n = Math.max(5, Math.ceil(RUNS / 3));
    const sweepArgs = ['--kappa', '0.01:1000:200:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4'];
    const ours: Array<{ wall: number; cpu: number; output: string }> = [], inThread: typeof ours = [], theirs: typeof ours = [];
    const bare: typeof ours = [], help: typeof ours = [], twice: Array<{ cold: number; warm: number }> = [];
    let qutip = existsSync(PY) && run(PY, ['-c', 'import qutip']).status === 0;
    /** The same sweep twice in one process: its own reported seconds, cold then warm. */
    const twiceScript = (a: string, b: string) => `const { main } = await import('./dist/bundle/cli.js');
const args = ['node', 'lindblad', 'sweep', 'cavity', ...${JSON.stringify(sweepArgs)}, '--workers', '0', '--progress', 'none', '--out'];
await main([...args, ${JSON.stringify(a)}]); await main([...args, ${JSON.stringify(b)}]);`;
    for (let k = 0; k <= n; k++) {
      const out = join(tmp, `k${k}.csv`), qout = join(tmp, `q${k}.csv`);
      const b0 = timeProcess(process.execPath, ['-e', '0']), h = timeProcess(process.execPath, [BIN, '--help']);
      const tw = must(run(process.execPath, ['--input-type=module', '-e', twiceScript(join(tmp, `a${k}.csv`), join(tmp, `b${k}.csv`))]), 'sweep twice in one process');
      const secs = [...tw.matchAll(/ in ([\d.]+) s,/g)].map((m) => Number(m[1]));
      if (k > 0) { bare.push(b0); help.push(h); twice.push({ cold: secs[0] ?? NaN, warm: secs[1] ?? NaN }); }
      const t = timeProcess(process.execPath, [BIN, 'sweep', 'cavity', ...sweepArgs, '--out', out]);
      if (k > 0) ours.push(t);
      const t0 = timeProcess(process.execPath, [BIN, 'sweep', 'cavity', ...sweepArgs, '--workers', '0', '--out', join(tmp, `w${k}.csv`)]);
      if (k > 0) inThread.push(t0);
      if (qutip) {
        const q = timeProcess(PY, ['bench/qutip/kappa_cli.py', ...sweepArgs, '--out', qout]);
        if (k > 0) theirs.push(q);
      }
    }
    console.log(`(d) 200-point κ sweep of the cavity model (cutoff 4) from the command line, whole process, median of ${n} runs after one warm-up run`);
    const l = median(ours.map((t) => t.wall));
    const threaded = ours.filter((t) => /\d+ worker threads?/.test(t.output)).length;
    console.log(`  lindblad sweep cavity … --out k.csv    ${ms(l).padStart(7)}  (min ${ms(Math.min(...ours.map((t) => t.wall)))}${cpuNote(ours)}; all ${readCsv(join(tmp, 'k1.csv')).header.length} columns: concurrence, populations, heat, certificate, …; ${ours.length - threaded} runs in this thread, ${threaded} moved to worker threads)`);
    const l0 = median(inThread.map((t) => t.wall));
    console.log(`  the same with --workers 0              ${ms(l0).padStart(7)}  (min ${ms(Math.min(...inThread.map((t) => t.wall)))}${cpuNote(inThread)})`);
    if (!qutip) console.log('  QuTiP unavailable (install: apt-get install -y python3-qutip)');
    else {
      const q = median(theirs.map((t) => t.wall));
      const a = readCsv(join(tmp, 'k1.csv')), b = readCsv(join(tmp, 'q1.csv'));
      const ca = a.column('concurrence'), cb = b.column('concurrence'), ka = a.column('kappa'), kb = b.column('kappa');
      const dc = Math.max(...ca.map((c, i) => Math.abs(c - (cb[i] ?? NaN))));
      const dk = Math.max(...ka.map((c, i) => Math.abs(c - (kb[i] ?? NaN)) / c));
      console.log(`  python3 bench/qutip/kappa_cli.py …     ${ms(q).padStart(7)}  (min ${ms(Math.min(...theirs.map((t) => t.wall)))}${cpuNote(theirs)}; QuTiP import included)`);
      const cpuRatio = TIME ? `, CPU time ${(median(theirs.map((t) => t.cpu)) / median(ours.map((t) => t.cpu))).toFixed(1)}×` : '';
      console.log(`  ratio ${(q / l).toFixed(1)}× wall (target ≥ 10×)${cpuRatio}; with --workers 0: ${(q / l0).toFixed(1)}× wall; ${ca.length} vs ${cb.length} rows, max |ΔC| = ${dc.toExponential(1)}, max relative |Δκ| = ${dk.toExponential(1)}`);
    }
    // What the whole process is made of (medians of the same loop).
    const own = median(inThread.map((t) => Number(/ in ([\d.]+) s,/.exec(t.output)?.[1]))), nb = median(bare.map((t) => t.wall)), nh = median(help.map((t) => t.wall));
    const cold = median(twice.map((t) => t.cold)), warm = median(twice.map((t) => t.warm));
    console.log(`  bound: node -e 0 ${ms(nb)}; lindblad --help ${ms(nh)} (CLI load +${ms(nh - nb)}); the sweep's own time ${ms(own)} of the ${ms(l0)} process (--workers 0); the same 200 points in one process: first ${ms(cold)}, second ${ms(warm)} (JIT warm-up ≈ ${ms(cold - warm)})`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

interface Tree { tarball: number; files: number; packages: number; bytes: number; disk: number; dev: string[]; route: string }

/** `npm pack --ignore-scripts` of the package at dir into a folder of its own; returns the tarball's path. */
function packTarball(dir: string, name: string): { path: string; files: number } {
  const dest = join(tmp, name);
  mkdirSync(dest);
  const packed = JSON.parse(must(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], dir), `npm pack (${name})`)) as Array<{ filename: string; entryCount: number }>;
  const first = packed[0]!;
  return { path: join(dest, first.filename), files: first.entryCount };
}

/** Installs the tarball into an empty project, pinned by the runtime part of `lockText`; measures the tree. */
function installed(tgz: { path: string; files: number }, lockText: string, name: string): Tree {
  const project = join(tmp, `${name}-consumer`);
  mkdirSync(project);
  const route = installConsumer(project, tgz.path, lockText, 600_000);
  const ls = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], project).stdout.trim().split('\n').filter((p) => p !== '' && p !== project);
  const names = ls.map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const dev = names.filter((n) => /^(tsx|esbuild|typescript|@esbuild\/.*)$/.test(n));
  const disk = Number(must(run('du', ['-sk', join(project, 'node_modules')]), 'du').split('\t')[0]) * 1024;
  return { tarball: lstatSync(tgz.path).size, files: tgz.files, packages: names.length, bytes: treeSize(join(project, 'node_modules')), disk, dev, route };
}

function readCsv(path: string): { header: string[]; column(name: string): number[] } {
  const [head = '', ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = head.split(',');
  return { header, column: (name) => rows.map((r) => Number(r.split(',')[header.indexOf(name)])) };
}
