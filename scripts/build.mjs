#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` leaves a working CLI): tsc compiles src/ to ESM
// JavaScript and .d.ts in dist/ (relative .ts imports rewritten to .js), then esbuild bundles the CLI
// and its worker-thread entries from that JavaScript into dist/bundle/ — one file per entry plus shared
// chunks. The runtime dependencies (package.json `dependencies`) stay external (node_modules); anything
// else the CLI imports — the figure toolkit's vega and vega-lite, dev dependencies used only by `lindblad
// paper` — is bundled into the paper chunk, and the licences of the bundled packages are written to
// dist/bundle/THIRD-PARTY-LICENSES.txt. Exception: commander, which every CLI call loads, is bundled too
// (one file fewer to resolve and compile) with its node:child_process — only used for executable
// sub-commands, which lindblad has none of — loaded on first use (package.json keeps it as a dependency:
// dist/cli/*.js, the unbundled library build, import it).
//
// dist/bundle/ is CommonJS (its own package.json says so; bin/lindblad.cjs require()s cli.js): esbuild
// splits the bundle as ESM (code splitting exists only for ESM), then each output file is transformed
// to CommonJS on its own — static imports of chunks become require(), `import()` becomes a require() in
// a promise, import.meta.url becomes the file's URL. Node 20 starts a CommonJS entry without its ESM
// loader: ≈ 15–20 ms less CPU per call, and piscina require()s a CommonJS worker entry directly.
// vega-canvas is taken in its browser build (no top-level `await import('canvas')`, which CommonJS cannot
// hold): node-canvas is no dependency of ours, so vega's node build found no canvas either — same
// behaviour, and it no longer changes when a user happens to have `canvas` installed.
// A chunk's exports reach other chunks through esbuild's CommonJS interop: module.exports holds one getter
// per export (`() => from[key]`, itself reading the chunk's own getter), called on every cross-chunk
// access — a sweep's sparse solve calls a kernel of another chunk per column (profile: 9 % of a 4,000-point
// sweep in that getter). `selfReplacingExports` gives module.exports (esbuild's __toCommonJS, and only
// it: the interop copies of bundled CommonJS packages keep esbuild's live getters) getters whose first
// read of a function replaces them by a plain read-only data property holding that function: the value
// every later read gave anyway (exported functions and classes are never reassigned: src/ has no
// `export let`/`export var`). Other values keep a live getter. The build fails if the helper changes shape.
//
// Last, a V8 code cache for the bundle (dist/bundle/NAME.js.cache, written by scripts/code-cache.cjs after
// representative work; read-only at run time, with a fallback to a normal compile: src/io/code-cache.ts).
// The worker-thread entries (sweep-worker.js, jumps-worker.js) are small bootstraps that install the cache's
// hook in their thread, then load the bundled entry (sweep-worker-main.js, jumps-worker-main.js). The
// tarball carries the caches (`files`: dist): `prepare` does not run when a tarball is installed.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';

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
/**
 * commander's files without comments and whitespace (its source is two-thirds JSDoc): every call parses
 * it, and a third less text to read and scan loads cli.js ≈ 2–3 ms faster. Names are kept (stack traces).
 */
const compactCommander = {
  name: 'compact-commander',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/].*\.js$/ }, async (a) => ({
      loader: 'js',
      contents: (await transform(readFileSync(a.path, 'utf8'), { loader: 'js', minifyWhitespace: true, legalComments: 'none' })).code,
    }));
  },
};
/** vega-canvas's browser build: no top-level await (see the head comment). */
const browserCanvas = {
  name: 'vega-canvas-browser',
  setup(b) {
    b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: join(root, 'node_modules/vega-canvas/build/vega-canvas.browser.js') }));
  },
};
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'dist/cli/main.js',
    // worker-thread entries: sweep-worker.js and jumps-worker.js are the small bootstraps written below
    'sweep-worker-main': 'dist/paper/sweep-worker.js', // the CLI's sweeps: the paper's families and model files
    'jumps-worker-main': 'dist/jumps/jumps-worker.js',
    'code-cache': 'dist/io/code-cache.js', // the code-cache hook (node builtins only: no shared chunk)
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
  plugins: [lazyChildProcess, browserCanvas, compactCommander],
});

// Each output file from ESM to CommonJS (see the head comment); any warning (e.g. an import.meta other
// than .url, which would become {}) fails the build. Then pure ASCII: esbuild escapes non-ASCII characters
// in code but keeps the comments it keeps (JSDoc of class members) as they are, and one Greek letter in a
// comment makes node decode the whole file through V8's slow non-ASCII UTF-8 path (the 277 kB engine
// chunk: 6–29 ms instead of < 1 ms, busy machine; every CLI call and worker thread paid it). Each such
// character becomes its \u escape, which means the same character in a string, template, regular
// expression or identifier and is inert in a comment; the one place it would change meaning, a raw
// template string, is excluded by comparing the two files minified (comments dropped): they must be equal
// (esbuild prints regular expressions verbatim, so one with a non-ASCII character also differs: such a file
// stays as it is, with a warning).
const bundleDir = join(root, 'dist/bundle');
const escapeNonAscii = (code) => code.replace(/[^\x00-\x7f]/gu, (c) => {
  const p = c.codePointAt(0);
  return p > 0xffff ? `\\u{${p.toString(16)}}` : `\\u${p.toString(16).padStart(4, '0')}`;
});
const TO_COMMONJS = 'var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);';
const TO_COMMONJS_ONCE = `var __copyPropsOnce = (to, from) => {
  for (const key of Object.getOwnPropertyNames(from)) {
    if (Object.prototype.hasOwnProperty.call(to, key)) continue;
    const d = Object.getOwnPropertyDescriptor(from, key);
    Object.defineProperty(to, key, { get: () => { const v = from[key]; if (typeof v === "function") Object.defineProperty(to, key, { value: v }); return v; }, configurable: true, enumerable: !d || d.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyPropsOnce(Object.defineProperty({}, "__esModule", { value: true }), mod);`;
/** esbuild's __toCommonJS (a chunk's module.exports) with self-replacing getters for function exports (head comment). */
const selfReplacingExports = (code, file) => {
  if (!code.includes('module.exports = __toCommonJS(')) return code;
  if (code.split(TO_COMMONJS).length !== 2) throw new Error(`dist/bundle/${file}: esbuild's __toCommonJS helper not found once (its shape changed?)`);
  return code.replace(TO_COMMONJS, TO_COMMONJS_ONCE);
};
const minified = async (code) => (await transform(code, { loader: 'js', minifyWhitespace: true, charset: 'ascii', legalComments: 'none' })).code;
for (const file of readdirSync(bundleDir).filter((f) => f.endsWith('.js'))) {
  const path = join(bundleDir, file);
  const r = await transform(readFileSync(path, 'utf8'), {
    loader: 'js', format: 'cjs', platform: 'node', target: 'node20', sourcefile: file,
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__lindbladModuleUrl' },
    banner: '"use strict";\nconst __lindbladModuleUrl = require("node:url").pathToFileURL(__filename).href;',
  });
  if (r.warnings.length > 0) throw new Error(`dist/bundle/${file} to CommonJS: ${r.warnings.map((w) => w.text).join('; ')}`);
  const code = selfReplacingExports(r.code, file), ascii = escapeNonAscii(code);
  const same = ascii === code || (await minified(ascii)) === (await minified(code));
  if (!same) console.warn(`build: dist/bundle/${file} keeps its non-ASCII characters (escaping them changes its minified form), so node decodes it on the slow path`);
  writeFileSync(path, same ? ascii : code);
}
writeFileSync(join(bundleDir, 'package.json'), '{ "type": "commonjs" }\n');

// Worker-thread entries: each thread has its own module system, so each entry is a bootstrap that installs
// the code-cache hook (src/io/code-cache.ts) in its thread, then loads the real entry. Then the code cache
// itself (scripts/code-cache.cjs: representative work, each workload in a fresh node).
for (const name of ['sweep-worker', 'jumps-worker']) {
  writeFileSync(join(bundleDir, `${name}.js`), `"use strict";
// Worker-thread bootstrap (scripts/build.mjs): the code-cache hook for this thread, then the entry.
require("./code-cache.js").installCodeCache();
const entry = require("./${name}-main.js");
module.exports = entry;
`);
}
const cache = spawnSync(process.execPath, [join(root, 'scripts/code-cache.cjs')], { stdio: 'inherit' });
if (cache.status !== 0) console.warn('build: the code cache was not written (the CLI compiles from source)');

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
