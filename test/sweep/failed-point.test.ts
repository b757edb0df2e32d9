/**
 * A sweep stopped by a point that fails on its own (no unique steady state at γ+ = 0 inside the range)
 * leaves its output as it found it: no JSONL when the run created it, the resumed JSONL byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tempPathFor } from '../../src/io/atomic.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep, sweepHeader } from '../../src/sweep/run.ts';
import { paperFamilies } from '../../src/paper/families.ts';
import { PointEvaluator } from '../../src/sweep/sweep.ts';
import { SweepStore } from '../../src/sweep/store.ts';
import { LindbladError } from '../../src/errors.ts';

const request = { model: 'diamond', args: { 'beta-a': '1', 'beta-s': '1', 'gamma-plus': '1:0:9' } }; // γ+ = 0 is the last point

async function failure(out: string, workers: number): Promise<LindbladError> {
  try {
    await runSweep(request, { families: paperFamilies, out, workers, chunk: 1, progress: 'none' });
  } catch (e) {
    assert.ok(e instanceof LindbladError, String(e));
    return e;
  }
  assert.fail('the sweep did not fail');
}

for (const workers of [0, 2]) {
  test(`a point failing late leaves no JSONL the run created (workers ${workers})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lindblad-failed-'));
    try {
      const e = await failure(join(dir, 'g.csv'), workers);
      assert.equal(e.code, 'not-unique');
      assert.match(e.message, /\(at sweep point 8: beta-a = 1, beta-s = 1, gamma-plus = 0\)/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a resumed JSONL is left byte for byte as the failing run found it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-failed-')), out = join(dir, 'g.csv');
  try {
    // a store holding points 0 and 3, as a killed earlier run of the same sweep leaves it
    const spec = paperFamilies.specFrom(request), ev = new PointEvaluator(spec), columns = ev.columns;
    const store = new SweepStore(out, sweepHeader(request, spec, columns));
    store.append([0, 3].map((index) => {
      const row = ev.evaluate(index);
      return { index, cells: columns.map((c) => (Object.hasOwn(row.params, c) ? row.params[c] : row.values[c])) };
    }));
    store.close();
    const before = readFileSync(join(dir, 'g.jsonl'));
    assert.equal(before.toString().split('\n').length, 4); // header, two points, ''
    await failure(out, 0);
    assert.deepEqual(readFileSync(join(dir, 'g.jsonl')), before);
    assert.deepEqual(readdirSync(dir), ['g.jsonl']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a sweep removes the temporary CSV a run killed mid-write left beside its output, and nothing else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-leftover-')), out = join(dir, 'g.csv');
  try {
    const left = tempPathFor(out); // what writeFileAtomic names it (killed between create and rename)
    const keep = [tempPathFor(`${out}.lock`), tempPathFor(join(dir, 'h.csv')), join(dir, '.g.csv.notes.tmp'), join(dir, '.g.csv.1-2-3-abc.tmp')];
    for (const f of [left, ...keep]) writeFileSync(f, 'partial');
    await runSweep({ model: 'diamond', args: { 'beta-a': '1', 'beta-s': '1', 'gamma-plus': '1:2:2' } }, { families: paperFamilies, out, workers: 0, progress: 'none' });
    assert.equal(existsSync(left), false, 'the leftover stayed');
    for (const f of keep) assert.equal(existsSync(f), true, `${f} was removed`);
    assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('.')).sort(), ['g.csv', 'g.jsonl']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
