#!/usr/bin/env node
// Runs every test/**/*.test.ts file with node's own test runner (TypeScript loaded through tsx).
// Optional arguments are substrings: only test files whose path contains one of them run.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = collect('test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const tapFile = join(mkdtempSync(join(tmpdir(), 'lindblad-tests-')), 'results.tap');
const res = spawnSync(
  process.execPath,
  // a test that has not ended after 10 minutes fails (cancelled) and the run goes on: a hang is a failure with
  // its test named, not a run that never ends
  ['--import', 'tsx', '--test', '--test-timeout=600000', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { stdio: 'inherit' },
);
// A plain closing line with the real counts, read from the TAP summary node wrote.
let passed = 0, failed = 0;
try {
  const tap = readFileSync(tapFile, 'utf8');
  passed = Number(/^# pass (\d+)$/m.exec(tap)?.[1] ?? 0);
  // a cancelled test (timed out, or its file ended early) did not pass
  failed = Number(/^# fail (\d+)$/m.exec(tap)?.[1] ?? 0) + Number(/^# cancelled (\d+)$/m.exec(tap)?.[1] ?? 0);
} catch { failed = Math.max(failed, 1); }
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(res.status ?? 1);
