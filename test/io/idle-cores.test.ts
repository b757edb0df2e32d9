import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { idleCoresSince } from '../../src/io/idle-cores.ts';

test('idle cores: null over a too-short interval; while this thread spins, at most cores − 1 (with a tick of slack) and never negative', () => {
  const m = idleCoresSince();
  assert.equal(m.read(), null, 'no clock tick has passed');
  if (!existsSync('/proc/stat')) return; // measured only on Linux; elsewhere read() stays null
  const t0 = performance.now();
  while (performance.now() - t0 < 300) { /* this thread keeps one core busy */ }
  const idle = m.read();
  assert.ok(idle !== null, 'measured over 300 ms');
  const cores = readFileSync('/proc/stat', 'latin1').split('\n').filter((l) => /^cpu\d+\s/.test(l)).length;
  assert.ok(idle >= 0 && idle <= cores - 0.8, `idle ${idle} of ${cores} cores while this thread spins`);
});
