import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// The whole tree (engine, CLI, tests, benches, and the browser explorer) must type-check under `strict`.
test('tsc --noEmit: engine, tests and explorer type-check', () => {
  for (const project of ['tsconfig.json', 'web/tsconfig.json']) {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${project}:\n${r.stdout}${r.stderr}`);
  }
});
