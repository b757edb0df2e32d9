// Build step (scripts/build.mjs runs it after bundling): writes dist/bundle/NAME.js.cache, the V8 code cache
// of the bundle files that representative work loads (src/io/code-cache.ts: the format, the checks, and how
// the bin and the worker threads read it). Nothing here runs at run time.
//
// Each workload below runs in its own fresh node (no NODE_OPTIONS: V8 rejects a cache made under other
// flags), and the caches are taken after it ran, so they hold the functions V8 compiled lazily meanwhile.
// V8 deserialises a whole cache when a file loads, so a cache should hold what the command that loads the
// file needs, not everything: a file's cache comes from the FIRST workload that loads it, in the order
// below, which puts the start-up targets first (`diamond`, then `--help`; issue 11). E.g. the engine chunk's
// cache holds what `diamond` runs; a sweep compiles its other functions lazily, as without a cache.
'use strict';
const { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { basename, join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const bundle = join(root, 'dist/bundle');
const example = (name) => join(root, 'examples', name);
const cli = (...args) => async (tmp) => {
  const { runCaptured } = require(join(bundle, 'cli.js'));
  const r = await runCaptured(args.map((a) => a.replace('TMP', tmp)));
  if (r.code !== 0) throw new Error(`lindblad ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
};
/** The workloads, in priority order (see the head comment). */
const WORKLOADS = {
  diamond: cli('diamond', '--beta-a', '4', '--beta-s', '-2'),
  help: cli('--help'),
  'kappa-sweep': cli('sweep', 'cavity', '--kappa', '0.01:1000:8:log', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '4', '--workers', '0', '--progress', 'none', '--out', 'TMP/k.csv'),
  'sweep-worker': async () => {
    const { runSweepTask } = require(join(bundle, 'sweep-worker-main.js'));
    const r = await runSweepTask({ key: 'cache', request: { model: 'diamond', args: { 'beta-a': '4', 'beta-s': '-2' } }, indices: [0] });
    if (!Array.isArray(r.records) || r.records.length !== 1) throw new Error('the sweep worker task returned no record');
  },
  'jumps-worker': async () => {
    // the task's data as the CLI sends it, built with the library build (plain data, structured-cloned in real use)
    const lib = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
    const [{ diamondModel }, { jumpSpec }, { serializeModel }] = await Promise.all([lib('index.js'), lib('jumps/jumps.js'), lib('model/serialize.js')]);
    const d = diamondModel({ betaA: 4, betaS: -2 });
    const psi = new Float64Array(8); psi[0] = 1;
    const spec = jumpSpec(d.model, { kind: 'ket', psi }, Float64Array.from({ length: 11 }, (_, k) => k / 10), { count: 8, seed: 1 });
    const { runJumpTask } = require(join(bundle, 'jumps-worker-main.js'));
    await runJumpTask({ key: 'cache', model: serializeModel(d.model), spec, seed: 1, start: 0, end: 8 });
  },
  steady: cli('steady', example('thermal-qubit.json')),
  'diamond-sweep': cli('sweep', 'diamond', '--beta-a', '1:4:4', '--beta-s', '-2', '--workers', '0', '--progress', 'none', '--out', 'TMP/d.csv'),
  evolve: cli('evolve', 'diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '1', '--steps', '11'),
};

/** Runs one workload in this process and writes the caches of the bundle files it loaded that have none yet. */
async function runWorkload(name) {
  const { installCodeCache, encodeCodeCache } = require(join(bundle, 'code-cache.js'));
  const compiled = [];
  installCodeCache({ dir: bundle, onCompile: (file) => compiled.push(file) });
  const tmp = mkdtempSync(join(tmpdir(), 'lindblad-code-cache-'));
  try {
    await WORKLOADS[name](tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const written = [];
  for (const { filename, source, script, from } of compiled) {
    if (from !== 'source' || existsSync(`${filename}.cache`)) continue;
    writeFileSync(`${filename}.cache.tmp`, encodeCodeCache(source, script.createCachedData()));
    renameSync(`${filename}.cache.tmp`, `${filename}.cache`);
    written.push(basename(filename));
  }
  console.log(`code cache: ${name}: ${written.length} files (${written.join(', ')})`);
}

if (process.argv[2] === undefined) {
  for (const f of readdirSync(bundle).filter((f) => f.endsWith('.cache') || f.endsWith('.cache.tmp'))) rmSync(join(bundle, f));
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  for (const name of Object.keys(WORKLOADS)) {
    const r = spawnSync(process.execPath, [__filename, name], { stdio: ['ignore', 'pipe', 'inherit'], env, encoding: 'utf8' });
    process.stdout.write(r.stdout);
    // A cache only speeds up loading: a failing workload leaves its files without one (a normal compile)
    // and is reported, but does not fail the build (test/cli/code-cache.test.ts checks diamond's caches).
    if (r.status !== 0) console.warn(`code cache: workload ${name} failed (${r.status ?? r.signal}); its files get no cache`);
  }
  const caches = readdirSync(bundle).filter((f) => f.endsWith('.js.cache'));
  const bytes = caches.reduce((s, f) => s + statSync(join(bundle, f)).size, 0);
  console.log(`code cache: ${caches.length} of ${readdirSync(bundle).filter((f) => f.endsWith('.js')).length} bundle files, ${(bytes / 1e3).toFixed(0)} kB (dist/bundle/*.js.cache)`);
} else if (process.argv[2] in WORKLOADS) {
  runWorkload(process.argv[2]).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
} else {
  throw new Error(`code cache: no workload ${process.argv[2]} (${Object.keys(WORKLOADS).join(', ')})`);
}
