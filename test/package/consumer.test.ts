/**
 * The package seen from outside: `npm pack` the built package, install the tarball into an empty project
 * in a temporary folder, and use it there as a consumer would — plain `.mjs` with node (no tsx), a strict
 * TypeScript consumer type-checked against our .d.ts (skipLibCheck off), the installed `lindblad` command
 * (worker threads and `paper`'s figures included), and the runtime dependency tree (no dev dependency in it).
 *
 * The install is offline: the consumer gets a lockfile derived from ours (the runtime part of
 * package-lock.json, same versions, same integrity hashes), so `npm ci --offline` takes every tarball from
 * the npm cache that our own `npm ci` filled. Should that fail, it falls back to `npm install
 * --prefer-offline` (registry metadata, fresh resolution) and says so.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, lstatSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, installConsumer, run, treeSize } from './consumer-project.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
let tmp = '', project = '', tarball = '', installRoute = '';
/** `lindblad paper` on a small grid, started in the background once the package is installed. */
let paperRun: Promise<{ status: number | null; output: string }> | null = null;
const packedFiles: string[] = [];

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Newest modification time (ms) of the files under dir. */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name), s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

before(() => {
  // The package must be built and current: `npm test` builds first; a filtered run may find dist/ stale.
  let built = 0;
  try { built = Math.min(statSync(join(ROOT, 'dist/index.js')).mtimeMs, statSync(join(ROOT, 'dist/bundle/cli.js')).mtimeMs); } catch { built = 0; }
  if (built === 0 || newest(join(ROOT, 'src')) > built) ok(run(process.execPath, [join(ROOT, 'scripts/build.mjs')], ROOT), 'npm run build');
  tmp = mkdtempSync(join(tmpdir(), 'lindblad-consumer-'));
  // --ignore-scripts: `prepare` would build again; dist/ is current.
  const packed = JSON.parse(ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT), 'npm pack')) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const first = packed[0];
  assert.ok(first);
  tarball = join(tmp, first.filename);
  packedFiles.push(...first.files.map((f) => f.path));
  project = join(tmp, 'consumer');
  mkdirSync(project);
  installRoute = installConsumer(project, `../${first.filename}`, readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  // The figures need vega and vega-lite, which are bundled into the CLI (dev dependencies, not installed
  // here): the paper command must run from the runtime tree alone. It takes ~10 s, so it runs meanwhile.
  paperRun = new Promise((done) => {
    const child = spawn(join(project, 'node_modules/.bin/lindblad'), ['paper', '--out', 'paper', '--grid', '5', '--kappa-points', '5', '--quiet'], { cwd: project, env: cleanEnv() });
    let output = '';
    child.stdout.on('data', (b: Buffer) => { output += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { output += b.toString(); });
    child.on('close', (status) => done({ status, output }));
    child.on('error', (e) => done({ status: null, output: String(e) }));
  });
});

after(async () => {
  await paperRun; // never leave the child running
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the compiled package, its licence and README, and no sources', (t) => {
  t.diagnostic(`${tarball.split('/').pop()}: ${packedFiles.length} files; installed with ${installRoute}`);
  for (const f of ['package.json', 'LICENSE', 'README.md', 'bin/lindblad.mjs', 'dist/index.js', 'dist/index.d.ts', 'dist/linalg/linalg.js',
    'dist/linalg/linalg.d.ts', 'dist/bundle/cli.js', 'dist/bundle/sweep-worker.js', 'dist/bundle/jumps-worker.js', 'dist/bundle/THIRD-PARTY-LICENSES.txt',
    'dist/bundle/code-cache.js', 'dist/bundle/cli.js.cache']) {
    assert.ok(packedFiles.includes(f), `${f} missing from the tarball`);
  }
  const stray = packedFiles.filter((f) => /^(src|test|bench|web|scripts|docs)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
  assert.deepEqual(stray, []);
});

test('a plain .mjs consumer computes the diamond steady state (β_A = 4, β_S = −2) with node alone', () => {
  // The paper's Eqs. (4)–(5) are written out here, independently of the package's closed form.
  writeFileSync(join(project, 'diamond.mjs'), `
import { diamondModel, steadyState, concurrence, diamondConcurrenceAnalytic, linalg } from 'lindblad';
import * as linalgDirect from 'lindblad/linalg';
const betaA = 4, betaS = -2;
const d = diamondModel({ betaA, betaS });
const { rho, certificate } = steadyState(d.model);
const C = concurrence(d.twoQubitState(rho));
const ea = Math.exp(betaA), es = Math.exp(betaS), S = ea + es, A = ea - es, P = ea * es;
const eq45 = Math.max(0, (Math.abs(A * (S / 2 - 1)) - Math.sqrt((S / 2 + 1) * (2 * S * S + 2 * P * (S - 2)))) / (1 + S * S + S * (P + 3) / 2 - P));
// 2x + y = 3, x + 3y = 5 (complex, interleaved): x = 0.8, y = 1.4
const x = linalgDirect.denseLu(linalgDirect.DenseMatrix.fromRows([[2, 1], [1, 3]])).solve(Float64Array.of(3, 0, 5, 0));
console.log(JSON.stringify({ C, analytic: diamondConcurrenceAnalytic(betaA, betaS), eq45, unique: certificate.unique,
  trace: rho.trace()[0], x: Array.from(x), sameLinalg: linalg.DenseMatrix === linalgDirect.DenseMatrix && linalg.denseLu === linalgDirect.denseLu }));
`);
  const r = JSON.parse(ok(run(process.execPath, ['diamond.mjs'], project), 'node diamond.mjs')) as
    { C: number; analytic: number; eq45: number; unique: boolean; trace: number; x: number[]; sameLinalg: boolean };
  assert.ok(Math.abs(r.eq45 - 0.304780512508638) < 1e-12, `Eq. (4)–(5) gave ${r.eq45}`);
  assert.ok(Math.abs(r.C - r.eq45) < 1e-10, `C = ${r.C}, Eqs. (4)–(5): ${r.eq45}`);
  assert.ok(Math.abs(r.C - r.analytic) < 1e-10, `C = ${r.C}, diamondConcurrenceAnalytic: ${r.analytic}`);
  assert.equal(r.unique, true);
  assert.ok(Math.abs(r.trace - 1) < 1e-14);
  const [x0 = NaN, x1 = NaN, x2 = NaN, x3 = NaN] = r.x;
  assert.ok(Math.abs(x0 - 0.8) < 1e-15 && Math.abs(x2 - 1.4) < 1e-15 && x1 === 0 && x3 === 0, `solve gave ${r.x}`);
  assert.equal(r.sameLinalg, true, "'lindblad' linalg and 'lindblad/linalg' are the same module");
});

test('a strict TypeScript consumer type-checks against the .d.ts (skipLibCheck off) and the README example runs', () => {
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [],
      strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false,
      noImplicitOverride: true, noPropertyAccessFromIndexSignature: true, verbatimModuleSyntax: true, isolatedModules: true,
      outDir: 'out',
    },
    files: ['console.d.ts', 'consumer.ts', 'readme-example.ts'],
  }, null, 2));
  // No DOM and no @types/node in the consumer: our declarations must need neither. The examples print.
  writeFileSync(join(project, 'console.d.ts'), 'declare var console: { log(...args: unknown[]): void };\n');
  writeFileSync(join(project, 'consumer.ts'), `
import { diamondModel, steadyState, concurrence, diamondConcurrenceAnalytic, lindbladModel, space, qubit, op, evolve,
  LindbladError, type SteadyOptions, type SteadyStateResult, type Certificate, type ModelInput } from 'lindblad';
import { linalg } from 'lindblad';
import { DenseMatrix, denseLu, type ComplexPair } from 'lindblad/linalg';

const options: SteadyOptions = { method: { kind: 'direct', solver: 'dense' }, onDegenerate: 'error' };
const d = diamondModel({ betaA: 4, betaS: -2 });
const result: SteadyStateResult = steadyState(d.model, options);
const certificate: Certificate = result.certificate;
const c: number = concurrence(d.twoQubitState(result.rho));
const sp = space({ q: qubit() });
const input: ModelInput = { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.5), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.1 }] };
const m = lindbladModel(sp, input);
const entry: ComplexPair = DenseMatrix.identity(2).get(0, 0);
const lu: linalg.DenseLu = denseLu(linalg.DenseMatrix.identity(2));
// @ts-expect-error: a steady state is not a number (fails to compile if the declarations resolved to any)
const wrong: number = steadyState(m);
export { certificate, c, entry, lu, wrong, evolve, LindbladError, diamondConcurrenceAnalytic };
`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'README.md has a ```ts block in its Library section');
  assert.match(example, /from 'lindblad'/);
  writeFileSync(join(project, 'readme-example.ts'), example);
  ok(run(process.execPath, [TSC, '-p', 'tsconfig.json'], project), 'tsc (strict consumer)');
  ok(run(process.execPath, ['out/readme-example.js'], project), 'node out/readme-example.js (the README example)');
});

test('the installed lindblad command runs, with its worker threads', () => {
  const bin = join(project, 'node_modules/.bin/lindblad');
  const r = JSON.parse(ok(run(bin, ['diamond', '--beta-a', '4', '--beta-s', '-2', '--json'], project), 'lindblad diamond')) as
    { concurrence: number; concurrenceAnalytic: number; certificate: { unique: boolean } };
  assert.ok(Math.abs(r.concurrence - 0.304780512508638) < 1e-10, `C = ${r.concurrence}`);
  assert.equal(r.certificate.unique, true);
  // The packed code cache (made by the build with this node) is what the installed CLI compiles from.
  const pkg = join(project, 'node_modules/lindblad');
  writeFileSync(join(project, 'cache-report.cjs'), `process.on('exit', () => process.stderr.write(JSON.stringify([...require(${JSON.stringify(join(pkg, 'dist/bundle/code-cache.js'))}).codeCacheReport().values()])));`);
  const cached = run(process.execPath, ['-r', './cache-report.cjs', join(pkg, 'bin/lindblad.cjs'), 'diamond', '--beta-a', '4', '--beta-s', '-2'], project);
  ok(cached, 'lindblad diamond (code cache report)');
  const from = JSON.parse(cached.stderr) as string[];
  assert.ok(from.length >= 5 && from.every((f) => f === 'cache'), `the installed diamond compiled from: ${from.join(', ')}`);
  // --workers 1 forces the pool: the compiled sweep worker must load from the installed package.
  const sweep = run(bin, ['sweep', 'diamond', '--beta-a', '4', '--beta-s', '-2:2:3', '--workers', '1', '--out', 'g.csv'], project);
  ok(sweep, 'lindblad sweep --workers 1');
  assert.match(sweep.stderr + sweep.stdout, /1 worker thread/);
  const rows = readFileSync(join(project, 'g.csv'), 'utf8').trim().split('\n');
  assert.equal(rows.length, 4);
  const jumps = JSON.parse(ok(run(bin, ['trajectories', 'diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '1', '--count', '256', '--workers', '2', '--json'], project), 'lindblad trajectories --workers 2')) as
    { workers: number; populations: Record<string, number> };
  assert.equal(jumps.workers, 2);
  const total = Object.values(jumps.populations).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-12, `populations sum to ${total}`);
});

test('the runtime tree holds no dev dependency (tsx, esbuild, typescript, vega, …); its size is printed', (t) => {
  const ls = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], project);
  const paths = ls.stdout.trim().split('\n').filter((p) => p !== '' && p !== project);
  assert.ok(paths.length > 0, `npm ls printed nothing:\n${ls.stderr}`);
  const names = paths.map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const installed: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) { for (const sub of readdirSync(join(dir, name))) installed.push(`${name}/${sub}`); continue; }
      installed.push(name);
      const nested = join(dir, name, 'node_modules');
      try { if (statSync(nested).isDirectory()) walk(nested); } catch { /* none */ }
    }
  };
  walk(join(project, 'node_modules'));
  // None of our dev dependencies, nor esbuild's platform binaries (tsx and typescript are among the former).
  const devDeps = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: object }).devDependencies);
  assert.ok(devDeps.includes('tsx') && devDeps.includes('esbuild') && devDeps.includes('typescript'));
  const dev = [...new Set([...names, ...installed])].filter((n) => devDeps.includes(n) || n.startsWith('@esbuild/'));
  assert.deepEqual(dev, []);
  assert.ok(names.includes('lindblad') && names.includes('piscina'));
  const bytes = treeSize(join(project, 'node_modules'));
  t.diagnostic(`runtime tree: ${names.length} packages (npm ls, lindblad included), ${installed.length} folders in node_modules, ${(bytes / 1e6).toFixed(1)} MB`);
});

test('the installed lindblad paper writes its figures (SVG, PNG, CSV) and report from the runtime tree alone', async () => {
  assert.ok(paperRun);
  const r = await paperRun;
  assert.equal(r.status, 0, `lindblad paper failed:\n${r.output}`);
  const files = readdirSync(join(project, 'paper')).sort();
  for (const fig of ['fig1b', 'fig1c', 'fig2b', 'fig2c', 'cavity-dynamics', 'entropy-histogram']) {
    for (const ext of ['svg', 'png', 'csv']) assert.ok(files.includes(`${fig}.${ext}`), `${fig}.${ext} missing: ${files.join(', ')}`);
    const png = readFileSync(join(project, 'paper', `${fig}.png`));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${fig}.png is not a PNG`);
    assert.match(readFileSync(join(project, 'paper', `${fig}.svg`), 'utf8'), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  }
  assert.match(readFileSync(join(project, 'paper', 'report.md'), 'utf8'), /^# Steady State Entanglement beyond Thermal Limits/);
});
