#!/usr/bin/env node
// Runs every bench/*.bench.ts in sequence (TypeScript through tsx), one process each, printing a
// header per file. Optional arguments: substrings selecting bench files (e.g. `npm run bench -- sweep`);
// arguments after `--` go to every bench (e.g. `npm run bench -- sweep -- --quick`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const filters = split < 0 ? args : args.slice(0, split);
const passThrough = split < 0 ? [] : args.slice(split + 1);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no bench files matched');
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f), ...passThrough], { stdio: 'inherit' });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (res.status !== 0) { failed++; console.log(`=== ${f}: FAILED (exit ${res.status ?? res.signal}) after ${s} s ===`); }
  else console.log(`=== ${f}: done in ${s} s ===`);
}
console.log(`\nbenchmarks: ${files.length - failed} of ${files.length} ran`);
process.exit(failed === 0 ? 0 : 1);
