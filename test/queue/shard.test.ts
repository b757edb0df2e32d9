/**
 * SLURM-style shards (no Redis): K/N slices cover the grid exactly once; shard runs resume like any sweep;
 * merging the shard CSVs gives the bytes of a one-machine sweep; merge refuses a gap, an overlap, shards of
 * another sweep, a whole-sweep store, an unfinished shard and a stale CSV. Also the queue address parser.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../../src/sweep/run.ts';
import { mergeShards, csvRecords } from '../../src/sweep/merge.ts';
import { parseShard, shardRange } from '../../src/sweep/shard.ts';
import { parseQueueUrl, scrub } from '../../src/sweep/queue-url.ts';
import { chunkSize, decodeResult, encodeResult, type QueueResult } from '../../src/sweep/queue-protocol.ts';
import { jsonlKeys, lineFromRecord, PointFormatter, pointsFromJsonl } from '../../src/sweep/point-text.ts';
import fc from 'fast-check';
import { csvRecord } from '../../src/io/csv.ts';
import { paperFamilies } from '../../src/paper/families.ts';
import { LindbladError } from '../../src/errors.ts';
import { acquireLock } from '../../src/io/lock.ts';
import { spawnSync } from 'node:child_process';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'lindblad-shard-'));
/** 7 × 5 = 35 diamond points (β_A, β_S): 35 is not a multiple of the shard counts. */
const request = { model: 'diamond', args: { 'beta-a': '-3:3:7', 'beta-s': '-2:2:5' } };
const p = (name: string) => join(dir, name);
after(() => rmSync(dir, { recursive: true, force: true }));
const sweep = (out: string, shard?: { k: number; n: number }) => runSweep(request, { families: paperFamilies, out, workers: 0, progress: 'none', shard });
const refuses = (f: () => unknown, field: string | RegExp, message: RegExp) => assert.throws(f, (e: unknown) => {
  assert.ok(e instanceof LindbladError, String(e));
  if (typeof field === 'string') assert.equal(e.field, field); else assert.match(e.field ?? '', field);
  assert.match(e.message, message);
  return true;
});

test('shards K/N are contiguous blocks that cover 0…P−1 exactly once, for many P and N', () => {
  for (const P of [1, 2, 7, 35, 1000, 4001]) {
    for (const n of [1, 2, 3, 7, 16, 1000]) {
      let next = 0;
      for (let k = 1; k <= n; k++) {
        const { start, end } = shardRange(P, { k, n });
        assert.equal(start, next);
        assert.ok(end >= start && end - start <= Math.ceil(P / n) && end - start >= Math.floor(P / n));
        next = end;
      }
      assert.equal(next, P);
    }
  }
  assert.deepEqual(parseShard(' 3 / 16 ', '--shard'), { k: 3, n: 16 });
  for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/4', '1.5/4', '']) refuses(() => parseShard(bad, '--shard'), '--shard', /expected K\/N/);
});

test('three shards merged give the one-machine CSV byte for byte; a rerun of a finished shard resumes everything', async () => {
  await sweep(p('whole.csv'));
  for (let k = 1; k <= 3; k++) await sweep(p(`s${k}.csv`), { k, n: 3 });
  const again = await sweep(p('s2.csv'), { k: 2, n: 3 });
  assert.equal(again.computed, 0);
  assert.equal(again.total, shardRange(35, { k: 2, n: 3 }).end - shardRange(35, { k: 2, n: 3 }).start);
  const res = mergeShards(p('merged.csv'), [p('s3.csv'), p('s1.csv'), p('s2.csv')]);
  assert.deepEqual(res, { points: 35, shards: 3 });
  const whole = readFileSync(p('whole.csv'), 'utf8');
  assert.equal(readFileSync(p('merged.csv'), 'utf8'), whole);
  // a fixed infinite parameter (stored as "Infinity" in the header line) merges too
  const hot = { model: 'diamond', args: { 'beta-a': '-3:3:7', 'beta-s': 'inf' } };
  await runSweep(hot, { families: paperFamilies, out: p('hot.csv'), workers: 0, progress: 'none' });
  for (let k = 1; k <= 2; k++) await runSweep(hot, { families: paperFamilies, out: p(`hot${k}.csv`), workers: 0, progress: 'none', shard: { k, n: 2 } });
  mergeShards(p('hot-merged.csv'), [p('hot1.csv'), p('hot2.csv')]);
  assert.match(readFileSync(p('hot.csv'), 'utf8'), /\n-3,Infinity,/);
  assert.equal(readFileSync(p('hot-merged.csv'), 'utf8'), readFileSync(p('hot.csv'), 'utf8'));
  assert.equal(csvRecords(whole).length, 36);
  assert.deepEqual(csvRecords('a,"x\ny",b\n1,2,3\n'), ['a,"x\ny",b', '1,2,3']);
});

test('merge refuses a gap, an overlap, another sweep, a whole sweep, an unfinished shard and a stale CSV', async () => {
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('s3.csv')]), 'SHARD.csv', /shard 2 of 3 missing \(gap\)/);
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('s2.csv'), p('s3.csv'), p('s2.csv')]), p('s2.csv'), /is shard 2\/3, as is .*s2\.csv \(overlap\)/);
  refuses(() => mergeShards(p('m.csv'), [p('whole.csv')]), p('whole.jsonl'), /not of a shard/);
  await runSweep({ model: 'diamond', args: { 'beta-a': '-3:3:7', 'beta-s': '-2:2:6' } }, { families: paperFamilies, out: p('other.csv'), workers: 0, progress: 'none', shard: { k: 2, n: 3 } });
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('other.csv'), p('s3.csv')]), p('other.csv'), /another sweep/);
  await sweep(p('t1.csv'), { k: 1, n: 2 });
  refuses(() => mergeShards(p('m.csv'), [p('t1.csv'), p('s2.csv')]), p('s2.csv'), /is shard 2\/3, but .*t1\.csv is one of 2 shards/);
  // an unfinished shard: its CSV lacks records (as a CSV cut short would)
  const lines = readFileSync(p('s3.csv'), 'utf8').split('\n');
  writeFileSync(p('u3.csv'), lines.slice(0, 4).join('\n') + '\n');
  writeFileSync(p('u3.jsonl'), readFileSync(p('s3.jsonl')));
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('s2.csv'), p('u3.csv')]), p('u3.csv'), /has 3 records, expected \d+ .*rerun the shard/);
  // a stale CSV: shard 3's CSV beside shard 2's JSONL
  writeFileSync(p('x2.csv'), readFileSync(p('s3.csv')));
  writeFileSync(p('x2.jsonl'), readFileSync(p('s2.jsonl')));
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('x2.csv'), p('s3.csv')]), p('x2.csv'), /has \d+ records, expected|record 1 has beta/);
  renameSync(p('s1.jsonl'), p('s1.moved'));
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('s2.csv'), p('s3.csv')]), p('s1.jsonl'), /cannot read the shard's JSONL \(`lindblad sweep --out s1\.csv` writes it beside its CSV\) \(ENOENT/);
  renameSync(p('s1.moved'), p('s1.jsonl'));
  // a missing CSV is named, not its JSONL
  refuses(() => mergeShards(p('m.csv'), [p('s1.csv'), p('nowhere.csv'), p('s3.csv')]), p('nowhere.csv'), /cannot read the shard CSV \(ENOENT/);
  refuses(() => mergeShards(p('m.txt'), [p('s1.csv')]), 'OUT.csv', /ending in \.csv/);
  refuses(() => mergeShards(p('s1.csv'), [p('s1.csv'), p('s2.csv'), p('s3.csv')]), /s1\.csv/, /input|same/i);
  assert.ok(!existsSync(p('m.csv')));
});

test('merge holds OUT.csv\'s lock as a sweep does: a live holder refuses it, and an OUT.csv with a sweep\'s JSONL beside it is refused (it merged over a running sweep\'s output)', () => {
  const shards = [p('s1.csv'), p('s2.csv'), p('s3.csv')];
  const held = acquireLock(p('busy.csv.lock'), p('busy.csv')); // this process: alive
  try {
    refuses(() => mergeShards(p('busy.csv'), shards), p('busy.csv'), new RegExp(`${process.pid}`));
  } finally {
    held.release();
  }
  assert.ok(!existsSync(p('busy.csv')));
  writeFileSync(p('swept.jsonl'), '{"lindbladSweep":1}\n');
  refuses(() => mergeShards(p('swept.csv'), shards), p('swept.csv'), /has a sweep's store .*swept\.jsonl beside it/);
  assert.ok(!existsSync(p('swept.csv')));
  mergeShards(p('busy.csv'), shards); // released: it merges
  assert.ok(existsSync(p('busy.csv')) && !existsSync(p('busy.csv.lock')));
});

test('merge refuses a shard CSV that is not the one its JSONL gives: cut off, a field more or less, a number or the line endings changed (it merged them)', () => {
  const good = readFileSync(p('s2.csv'), 'utf8'), lines = good.split('\n'); // lines[1…] records, then ''
  const edit = (k: number, f: (line: string) => string) => lines.map((l, i) => (i === k ? f(l) : l)).join('\n');
  const damaged: Array<[string, string, RegExp]> = [
    ['cut in the last field', good.slice(0, -3), /last line is cut off/],
    ['cut mid-record (parameter cells intact)', edit(lines.length - 2, (l) => l.slice(0, 40)), /record 12 \(point 22\) differs from that point in .*d2\.jsonl: the CSV is damaged or edited/],
    ['a field more', edit(3, (l) => `${l},42`), /record 3 \(point 13\) differs/],
    ['a field less', edit(3, (l) => l.slice(0, l.lastIndexOf(','))), /record 3 \(point 13\) differs/],
    ['a number changed', edit(2, (l) => l.replace(/,0\.(\d)/, ',0.9$1')), /record 2 \(point 12\) differs/],
    ['NaN text for a number', edit(2, (l) => l.replace(/,0\.\d+/, ',NaN')), /record 2 \(point 12\) differs/],
    ['CRLF line endings', good.replace(/\n/g, '\r\n'), /column line differs/],
    ['CRLF after the column line', lines[0] + '\n' + lines.slice(1, -1).map((l) => `${l}\r\n`).join(''), /record 1 \(point 11\) differs/],
  ];
  writeFileSync(p('d2.jsonl'), readFileSync(p('s2.jsonl')));
  for (const [what, text, message] of damaged) {
    assert.notEqual(text, good, what);
    writeFileSync(p('d2.csv'), text);
    refuses(() => mergeShards(p('dm.csv'), [p('s1.csv'), p('d2.csv'), p('s3.csv')]), p('d2.csv'), message);
    assert.ok(!existsSync(p('dm.csv')), what);
  }
  // the JSONL lacking a point the CSV holds (its line removed): they do not belong together
  const jsonl = readFileSync(p('s2.jsonl'), 'utf8').split('\n');
  writeFileSync(p('d2.csv'), good);
  writeFileSync(p('d2.jsonl'), [...jsonl.slice(0, 3), ...jsonl.slice(4)].join('\n'));
  refuses(() => mergeShards(p('dm.csv'), [p('s1.csv'), p('d2.csv'), p('s3.csv')]), p('d2.jsonl'), /lacks point \d+, which .*d2\.csv holds/);
  // a JSONL with its points out of order, one twice and a torn last line (a resumed run's) still merges
  writeFileSync(p('d2.jsonl'), [jsonl[0], ...jsonl.slice(1, -1).reverse(), jsonl[2], '{"index":1'].join('\n'));
  mergeShards(p('dm.csv'), [p('s1.csv'), p('d2.csv'), p('s3.csv')]);
  assert.equal(readFileSync(p('dm.csv'), 'utf8'), readFileSync(p('whole.csv'), 'utf8'));
  // through the CLI: one line, exit 2, no output
  writeFileSync(p('d2.csv'), edit(3, (l) => `${l},42`));
  const r = spawnSync(process.execPath, [BIN, 'merge', 'dc.csv', 's1.csv', 'd2.csv', 's3.csv'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^lindblad: error: d2\.csv: record 3 \(point 13\) differs from that point in d2\.jsonl: .*\n$/);
  assert.equal(r.stderr.split('\n').length, 2);
  assert.ok(!existsSync(p('dc.csv')));
});

test('the command line (compiled CLI): sweep --shard, merge, and their one-line errors (and worker options checked before connecting)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  const a = cli('sweep', 'diamond', '--beta-a', '-3:3:7', '--beta-s', '-2:2:5', '--shard', '1/3', '--out', 'c1.csv', '--workers', '0', '--progress', 'none');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(readFileSync(p('c1.csv'), 'utf8'), readFileSync(p('s1.csv'), 'utf8'));
  const m = cli('merge', 'cm.csv', 'c1.csv', 's2.csv', 's3.csv');
  assert.equal(m.status, 0, m.stderr);
  assert.equal(m.stdout, 'merge: 3 shards, 35 points → cm.csv\n');
  assert.equal(readFileSync(p('cm.csv'), 'utf8'), readFileSync(p('whole.csv'), 'utf8'));
  const gap = cli('merge', 'cg.csv', 'c1.csv', 's3.csv');
  assert.equal(gap.status, 2);
  assert.equal(gap.stderr, 'lindblad: error: SHARD.csv: shard 2 of 3 missing (gap)\n');
  const bad = cli('sweep', 'diamond', '--beta-a', '1', '--beta-s', '1', '--shard', '4/3', '--out', 'cb.csv');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^lindblad: error: --shard: expected K\/N with integers 1 ≤ K ≤ N/);
  assert.ok(!existsSync(p('cg.csv')) && !existsSync(p('cb.jsonl')));
  const w = cli('worker', 'redis://:hunter2@127.0.0.1:1', '--threads', '0');
  assert.equal(w.status, 2);
  assert.equal(w.stderr, 'lindblad: error: --threads: expected a value ≥ 1, got 0\n');
  // a lock beyond Node's timers (2³¹ − 1 ms) was accepted: renewed every millisecond, a TimeoutOverflowWarning each time
  const long = cli('worker', 'redis://127.0.0.1:1', '--lock-seconds', '1e12');
  assert.equal(long.status, 2);
  assert.equal(long.stderr, 'lindblad: error: --lock-seconds: expected at most 1000000 (11.6 days; longer locks overflow the timers that renew them), got 1e12\n');
});

test('queue addresses: defaults, IPv6, percent-encoded passwords; the shown form and errors never hold the password', () => {
  assert.deepEqual(parseQueueUrl('redis://127.0.0.1:6390', 'q'), { host: '127.0.0.1', port: 6390, db: 0, username: undefined, password: undefined, shown: 'redis://127.0.0.1:6390/0' });
  assert.deepEqual(parseQueueUrl('redis://:p%40ss@h.example:7000/4', 'q'), { host: 'h.example', port: 7000, db: 4, username: undefined, password: 'p@ss', shown: 'redis://:***@h.example:7000/4' });
  assert.deepEqual(parseQueueUrl('redis://bob:x:y@[::1]', 'q'), { host: '::1', port: 6379, db: 0, username: 'bob', password: 'x:y', shown: 'redis://bob:***@[::1]:6379/0' });
  assert.equal(parseQueueUrl('redis://h:1/16', 'q').db, 16); // a server may have more than 16 databases (its probe checks)
  const url = parseQueueUrl('redis://:hunter2@h:1', 'q');
  assert.equal(scrub('WRONGPASS hunter2 hunter2', url), 'WRONGPASS *** ***');
  for (const bad of ['http://h:1', 'redis://h:0', 'redis://h:65536', 'redis://h:1/123456', 'redis://h:1/a', 'redis://hunter2@h:1', 'redis://:@h:1', 'redis://user:hunter2', 'redis://h:1?x=hunter2', 'redis://:hunter2@h:1:2', 'redis://:%zzhunter2@h']) {
    assert.throws(() => parseQueueUrl(bad, '--queue'), (e: unknown) => {
      assert.ok(e instanceof LindbladError);
      assert.equal(e.field, '--queue');
      assert.doesNotMatch(e.message, /hunter2/, bad);
      return true;
    }, bad);
  }
});

test('--queue needs --out and excludes --shard and --workers (checked before anything connects)', async () => {
  for (const [extra, field, message] of [[{}, '--queue', /needs --out/], [{ out: p('q.csv'), shard: { k: 1, n: 2 } }, '--queue', /cannot be combined with --shard/],
    [{ out: p('q.csv'), workers: 2 }, '--workers', /no effect with --queue/]] as const) {
    await assert.rejects(runSweep(request, { families: paperFamilies, progress: 'none', queue: 'redis://:hunter2@127.0.0.1:1', ...extra }), (e: unknown) => {
      assert.ok(e instanceof LindbladError);
      assert.equal(e.field, field);
      assert.match(e.message, message);
      return true;
    });
  }
  assert.ok(!existsSync(p('q.jsonl')));
});

test('queue protocol: chunk sizes depend on the grid only; results are the points\' indices, CSV records and the lines of points with a string cell, read back to the formatter\'s lines and records, and checked against their chunk and columns', () => {
  assert.equal(chunkSize(4000), 125);
  assert.equal(chunkSize(1000), 32);
  assert.equal(chunkSize(10), 8);
  assert.equal(chunkSize(1e7), 512);
  assert.equal(chunkSize(4000, 5), 5);
  const columns = ['a', 'b', 'c', 'd', 'e'], cells = [1.5, NaN, Infinity, -Infinity, 'x, "y"\nz'];
  const enc = new PointFormatter(columns).format([{ index: 3, cells }, { index: 5, cells: [2, 3, 4, 5, 'Infinity'] }, { index: 4, cells: [-0, 1e21, 5e-324, -1e-7, NaN] },
    { index: 6, cells: [1, 2, 3, 4, '7'] }]);
  assert.deepEqual(enc.indices, [3, 5, 4, 6]);
  assert.deepEqual(enc.textual, [0, 3]); // 'Infinity' as a string prints as the number does; '7' does not
  assert.equal(enc.lines[0], `${JSON.stringify({ index: 3, a: 1.5, b: 'NaN', c: 'Infinity', d: '-Infinity', e: 'x, "y"\nz' })}\n`);
  assert.equal(enc.records[0], csvRecord(columns, cells, 0, true));
  const sent = JSON.parse(JSON.stringify(encodeResult(enc))) as QueueResult; // what BullMQ carries
  assert.deepEqual(sent.lines, [[0, enc.lines[0]], [3, enc.lines[3]]]); // the other two lines are not sent
  assert.deepEqual(decodeResult(sent, 'c8-0', 100, columns), enc); // chunk 0 of size 8: indices 0…7
  assert.deepEqual(decodeResult({ indices: [], records: [], lines: [] }, 'c8-0', 100, columns), { indices: [], lines: [], records: [], textual: [] });
  // a PointText without `textual` (not known) sends every line
  const { textual: _, ...unknown } = enc;
  assert.equal(encodeResult(unknown).lines.length, 4);
  assert.deepEqual(decodeResult(JSON.parse(JSON.stringify(encodeResult(unknown))), 'c8-0', 100, columns), { ...enc, textual: [0, 1, 2, 3] });
  const alter = (o: Partial<QueueResult>) => ({ ...sent, ...o });
  const line1 = `{"index":5,"a":2,"b":3,"c":4,"d":5,"e":"Infinity"}\n`;
  for (const [value, id, points, cols] of [[sent, 'c8-1', 100, columns], [sent, 'c8-0', 5, columns], [null, 'c8-0', 100, columns], [sent, 'x', 100, columns],
    [{ records: sent.records, indices: sent.indices }, 'c8-0', 100, columns], [alter({ records: sent.records.slice(1) }), 'c8-0', 100, columns],
    [alter({ indices: [3, 3, 4, 6] }), 'c8-0', 100, columns], [alter({ indices: [3, 5, 4, 8] }), 'c8-0', 100, columns], [alter({ indices: [3, 5.5, 4, 6] }), 'c8-0', 100, columns],
    [alter({ lines: [sent.lines[0], sent.lines[1], [3, line1]] }), 'c8-0', 100, columns],
    [alter({ lines: [sent.lines[1], sent.lines[0]] }), 'c8-0', 100, columns], [alter({ lines: [[0, sent.lines[0][1].replace('"index":3', '"index":4')], sent.lines[1]] }), 'c8-0', 100, columns],
    [alter({ lines: [[0, sent.lines[0][1].replace('1.5', '1.6')], sent.lines[1]] }), 'c8-0', 100, columns], [alter({ lines: [[0, 7 as unknown as string], sent.lines[1]] }), 'c8-0', 100, columns],
    [alter({ records: ['1.5,NaN', ...sent.records.slice(1)] }), 'c8-0', 100, columns], [alter({ records: [sent.records[0], '2,3,4,5', ...sent.records.slice(2)] }), 'c8-0', 100, columns],
    [alter({ records: [sent.records[0], '2,3,4,5,x', ...sent.records.slice(2)] }), 'c8-0', 100, columns], // the first record made into a line holds numbers only
    [sent, 'c8-0', 100, columns.slice(1)], [sent, 'c8-0', 100, [...columns, 'f']], [sent, 'c8-0', 100, ['a', 'c', 'b', 'd', 'e']],
    [alter({ records: [1 as unknown as string, ...sent.records.slice(1)] }), 'c8-0', 100, columns]] as const) {
    assert.throws(() => decodeResult(value, id, points, cols), /does not match its chunk/, `${id} ${points} ${JSON.stringify(value)}`);
  }
});

test('point text: JSONL lines read back give the formatter\'s lines and CSV records, for any cells', () => {
  const cell = fc.oneof(fc.double(), fc.constantFrom(-0, 1e21, 5e-324, -1e-7, Infinity, -Infinity, NaN), fc.string(), fc.string({ unit: 'grapheme' }),
    fc.constantFrom('a "quoted", text', 'π ≈ 3.14\n', '\\', ',"b":', '"}', '\\"', '{"index":1'));
  const columns = ['x', 'heat.S', 'note "q"', ',"b":', 'π'];
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(1e6), fc.array(cell, { minLength: 5, maxLength: 5 })), { maxLength: 6 }), (rows) => {
    const enc = new PointFormatter(columns).format(rows.map(([index, cells]) => ({ index, cells })));
    assert.deepEqual(pointsFromJsonl(enc.lines.join(''), columns), enc);
    rows.forEach(([index, cells], k) => assert.equal(enc.records[k], csvRecord(columns, cells, index, true)));
    // a line not marked textual is made from its record, as the queue's coordinator does
    const keys = jsonlKeys(columns), textual = new Set(enc.textual);
    enc.indices.forEach((index, k) => { if (!textual.has(k)) assert.equal(lineFromRecord(index, enc.records[k], keys), enc.lines[k]); });
    if (new Set(enc.indices).size === enc.indices.length) assert.deepEqual(decodeResult(JSON.parse(JSON.stringify(encodeResult(enc))), 'c1000001-0', 1e6 + 1, columns), enc);
  }), { numRuns: 300 });
});
