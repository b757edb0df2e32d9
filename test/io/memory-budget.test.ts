/**
 * io/memory-budget.ts: the engine's memory checks work without importing a Node module (the browser
 * explorer runs the N-emitter, evolve and trajectory paths that use them), read the machine's memory
 * through the reader io/limits.ts installs, and leave the budget unbounded where no reader exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { checkMemory, memoryBudget, readTotalMemoryWith } from '../../src/io/memory-budget.ts';
import { LindbladError } from '../../src/errors.ts';

test('memory budget: half the memory the installed reader reports, LINDBLAD_MAX_MEMORY first; no Node module imported', () => {
  const saved = process.env.LINDBLAD_MAX_MEMORY;
  delete process.env.LINDBLAD_MAX_MEMORY;
  try {
    readTotalMemoryWith(() => 2 ** 30);
    assert.equal(memoryBudget().bytes, 2 ** 29);
    assert.doesNotThrow(() => checkMemory(2 ** 29, 'a test', 'x'));
    assert.throws(() => checkMemory(2 ** 29 + 1, 'a test', 'x'), (e: unknown) => e instanceof LindbladError && e.code === 'unsupported' && e.field === 'x' && /512 MiB/.test(e.message));
    process.env.LINDBLAD_MAX_MEMORY = '1M';
    assert.equal(memoryBudget().bytes, 2 ** 20);
    delete process.env.LINDBLAD_MAX_MEMORY;
    readTotalMemoryWith(() => NaN); // no size readable (as in a browser): unbounded
    assert.equal(memoryBudget().bytes, Infinity);
  } finally {
    readTotalMemoryWith(totalmem);
    if (saved === undefined) delete process.env.LINDBLAD_MAX_MEMORY; else process.env.LINDBLAD_MAX_MEMORY = saved;
  }
  assert.doesNotMatch(readFileSync(new URL('../../src/io/memory-budget.ts', import.meta.url), 'utf8'), /from 'node:/);
});
