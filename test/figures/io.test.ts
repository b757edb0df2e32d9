import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, toCsv, writeCsv } from '../../src/io/csv.ts';
import { writeFileAtomic } from '../../src/io/atomic.ts';

test('CSV quoting follows RFC 4180', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
  const text = toCsv(['name', 'β_A, inverse T', 'value'], [['x "1"', 0.1, -2], ['y', 1e-300, 123456789.12345679]]);
  assert.equal(text, 'name,"β_A, inverse T",value\n"x ""1""",0.1,-2\ny,1e-300,123456789.12345679\n');
  assert.equal(toCsv(['a'], [[1]], { lineEnding: '\r\n' }), 'a\r\n1\r\n');
});

test('CSV numbers round-trip at full precision', () => {
  const xs = [Math.PI, 1 / 3, -0.1 + 0.2, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2];
  const lines = toCsv(['x'], xs.map((x) => [x])).trim().split('\n').slice(1);
  assert.deepEqual(lines.map(Number), xs);
});

test('CSV rejects non-finite numbers unless allowed, and ragged rows', () => {
  assert.throws(() => toCsv(['a', 'b'], [[1, NaN]]), /non-finite number NaN in row 0, column "b"/);
  assert.throws(() => toCsv(['a'], [[Infinity]]), RangeError);
  assert.equal(toCsv(['a', 'b', 'c'], [[NaN, Infinity, -Infinity]], { allowNonFinite: true }), 'a,b,c\nNaN,Infinity,-Infinity\n');
  assert.throws(() => toCsv(['a', 'b'], [[1]]), /1 cells, expected 2/);
});

test('writeFileAtomic replaces the file and leaves no temporary files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-atomic-'));
  const p = join(dir, 'out.csv');
  writeFileSync(p, 'old');
  writeFileAtomic(p, 'new contents');
  assert.equal(readFileSync(p, 'utf8'), 'new contents');
  writeCsv(join(dir, 't.csv'), ['a'], [[1]]);
  assert.equal(readFileSync(join(dir, 't.csv'), 'utf8'), 'a\n1\n');
  // A failing write (parent is missing) throws and leaves nothing behind.
  assert.throws(() => writeFileAtomic(join(dir, 'missing', 'x.txt'), 'data'));
  // A failing serialisation never touches the disk.
  assert.throws(() => writeCsv(join(dir, 'bad.csv'), ['a'], [[NaN]]));
  assert.deepEqual(readdirSync(dir).sort(), ['out.csv', 't.csv']);
});
