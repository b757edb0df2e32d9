#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` leaves a working CLI): tsc compiles src/ to ESM
// JavaScript and .d.ts in dist/ (relative .ts imports rewritten to .js), then esbuild bundles the CLI
// and its worker-thread entries from that JavaScript into dist/bundle/ — one file each, so a CLI call
// reads three files instead of ~120 modules. Dependencies stay external (node_modules).
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
await build({
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
  packages: 'external',
  splitting: true, // the paper's figure toolkit (vega: ~0.3 s to load) only when `paper` runs; chunks stay beside the entries, so worker URLs resolve
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
