/**
 * The JSONL store of sweeps: each appended line is exactly the JSON.stringify text of
 * {index, <column>: cell, …} (non-finite numbers as strings), whatever the cells hold; a rerun reads the
 * lines back; the CSV written from appended rows and from read-back rows is toCsv's text of the cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SweepStore, type SweepHeader } from '../../src/sweep/store.ts';
import { toCsv } from '../../src/io/csv.ts';

const cell = fc.oneof(fc.double(), fc.constantFrom(-0, 1e21, 5e-324, -1e-7, Infinity, -Infinity, NaN), fc.string(), fc.constantFrom('a "quoted", text', 'π ≈ 3.14\n', '\\'));

test('JSONL lines equal JSON.stringify of the point record; resuming reads them back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-store-'));
  try {
    fc.assert(fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 6 }), (rows) => {
      const csv = join(dir, 'k.csv');
      rmSync(csv, { force: true });
      rmSync(join(dir, 'k.jsonl'), { force: true });
      const header: SweepHeader = { lindbladSweep: 1, model: 'test', parameters: { x: rows.map((_, i) => i) }, columns: ['x', 'heat.S', 'note "q"'], points: rows.length };
      const store = new SweepStore(csv, header);
      store.append(rows.map((cells, index) => ({ index, cells })));
      store.close();
      const lines = readFileSync(join(dir, 'k.jsonl'), 'utf8').split('\n').slice(1, -1);
      const enc = (v: number | string) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
      lines.forEach((line, index) => {
        const rec: Record<string, unknown> = { index };
        header.columns.forEach((c, k) => { rec[c] = enc(rows[index][k]); });
        assert.equal(line, JSON.stringify(rec));
      });
      const again = new SweepStore(csv, header); // resume: every point is there
      assert.equal(again.done.size, rows.length);
      again.finish();
      again.close();
      const expected = toCsv(header.columns, rows.map((r) => r.map(enc)));
      assert.equal(readFileSync(csv, 'utf8'), expected, 'the CSV of the read-back rows');
      store.finish(); // and the CSV of the appended rows (records formatted while appending)
      assert.equal(readFileSync(csv, 'utf8'), expected, 'the CSV of the appended rows');
    }), { numRuns: 60 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a column named "index" is refused', () => {
  assert.throws(() => new SweepStore(join(tmpdir(), 'never.csv'), { lindbladSweep: 1, model: 'm', parameters: {}, columns: ['index'], points: 1 }), /index/);
});
