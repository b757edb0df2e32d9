#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` leaves a working CLI): tsc compiles src/ to ESM
// JavaScript and .d.ts in dist/ (relative .ts imports rewritten to .js), then esbuild bundles the CLI
// and its worker-thread entries from that JavaScript into dist/bundle/ — one file each, so a CLI call
// reads three files instead of ~120 modules. The runtime dependencies (package.json `dependencies`) stay
// external (node_modules); anything else the CLI imports — the figure toolkit's vega and vega-lite, dev
// dependencies used only by `lindblad paper` — is bundled into the paper chunk, and the licences of the
// bundled packages are written to dist/bundle/THIRD-PARTY-LICENSES.txt. Exception: commander, which every
// CLI call loads, is bundled too (one file fewer to resolve and compile) with its node:child_process — only
// used for executable sub-commands, which lindblad has none of — loaded on first use: together ≈ 10–20 ms of
// every call's start-up (package.json keeps it as a dependency: dist/cli/*.js, the unbundled library
// build, import it).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const BUNDLED_DEPENDENCIES = new Set(['commander']);
const runtime = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED_DEPENDENCIES.has(name));
/** commander's require('node:child_process') becomes a proxy that loads the module on first property access. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({ loader: 'js', contents: 'let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require("node:child_process"))[k] });' }));
  },
};
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'dist/cli/main.js',
    'sweep-worker': 'dist/paper/sweep-worker.js', // the CLI's sweeps: the paper's families and model files
    'jumps-worker': 'dist/jumps/jumps-worker.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: runtime.flatMap((name) => [name, `${name}/*`]),
  splitting: true, // the paper's figure toolkit (vega) only when `paper` runs; chunks stay beside the entries, so worker URLs resolve
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  // A bundled CommonJS package (commander) calls require(): give every output file one.
  banner: { js: "import { createRequire as __lindbladCreateRequire } from 'node:module'; const require = __lindbladCreateRequire(import.meta.url);" },
  plugins: [lazyChildProcess],
});

// Every bundled package (a folder with a package.json under node_modules) and its licence text.
const bundled = new Map();
for (const input of Object.keys(metafile.inputs)) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m || bundled.has(m[1])) continue;
  const dir = join(root, m[1]);
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  bundled.set(m[1], { name: meta.name, version: meta.version, license: meta.license ?? 'see its package', text: file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)' });
}
const notices = [...bundled.values()].sort((a, b) => a.name.localeCompare(b.name))
  .map((p) => `${p.name}@${p.version} (${p.license})\n\n${p.text}\n`);
writeFileSync(join(root, 'dist/bundle/THIRD-PARTY-LICENSES.txt'),
  `Packages bundled into lindblad's command line (dist/bundle/), with their licences.\n\n${notices.join('\n' + '-'.repeat(78) + '\n\n')}`);
