import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Grid, parseRange } from '../../src/sweep/grid.ts';
import { LindbladError } from '../../src/errors.ts';

test('ranges: linear, log, single values; endpoints exact', () => {
  assert.deepEqual(parseRange('0:1:5', 'x'), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(parseRange('-6:6:3', 'x'), [-6, 0, 6]);
  assert.deepEqual(parseRange('2.5', 'x'), [2.5]);
  assert.deepEqual(parseRange('1e-3', 'x'), [0.001]);
  assert.deepEqual(parseRange('3:3:1', 'x'), [3]);
  const log = parseRange('0.01:1000:6:log', 'x');
  assert.equal(log.length, 6);
  assert.equal(log[0], 0.01);
  assert.equal(log[5], 1000);
  log.forEach((v, k) => assert.ok(Math.abs(v / (0.01 * 10 ** k) - 1) < 1e-14, `${v}`));
  assert.deepEqual(parseRange('inf', 'x', { allowInfinite: true }), [Infinity]);
  assert.deepEqual(parseRange('-inf', 'x', { allowInfinite: true }), [-Infinity]);
  assert.deepEqual(parseRange('1:4:4', 'n', { integer: true, min: 1 }), [1, 2, 3, 4]);
});

test('bad ranges: one clear error naming the option', () => {
  const bad = (text: string, re: RegExp, opts = {}) => assert.throws(() => parseRange(text, '--kappa', opts),
    (e: unknown) => e instanceof LindbladError && e.field === '--kappa' && re.test(e.message), text);
  bad('1:2', /START:STOP:COUNT/);
  bad('1:2:3:4:5', /START:STOP:COUNT/);
  bad('1:2:x', /COUNT must be an integer/);
  bad('1:2:0', /COUNT must be an integer/);
  bad('1:2:2.5', /COUNT must be an integer/);
  bad('1:2:3:lin', /must be "log"/);
  bad('0:1:3:log', /START > 0 and STOP > 0/);
  bad('a:1:3', /START: expected a finite number/);
  bad('', /expected a finite number/);
  bad('inf', /expected a finite number/);
  bad('-1e-3', /≥ 0/, { min: 0 });
  bad('-1:1:3', /≥ 0/, { min: 0 });
  bad('1:2:3', /integer values/, { integer: true });
  bad('inf:1:3', /START: expected a finite number/, { allowInfinite: true });
  // decimal only (Number() reads "0x10" as 16, "0b1" as 1, "0o7" as 7)
  bad('0x10', /value: expected a finite number, got "0x10"/);
  bad('0b1:2:3', /START: expected a finite number/);
  bad('1:0O7:3', /STOP: expected a finite number/);
  bad('1:2:0x3', /COUNT must be an integer/);
});

test('grids: row-major over the swept parameters, first varying slowest; fixed ones in every point', () => {
  const g = Grid.of({ a: [1, 2], fixed: 7, b: [10, 20, 30] });
  assert.equal(g.size, 6);
  assert.deepEqual(g.names, ['a', 'fixed', 'b']);
  assert.deepEqual(g.point(0), { a: 1, fixed: 7, b: 10 });
  assert.deepEqual(g.point(2), { a: 1, fixed: 7, b: 30 });
  assert.deepEqual(g.point(3), { a: 2, fixed: 7, b: 10 });
  assert.deepEqual(g.point(5), { a: 2, fixed: 7, b: 30 });
  assert.throws(() => g.point(6), RangeError);
  assert.equal(Grid.of({ x: 3 }).size, 1);
});

test('grids: at most 1e7 points (named in the error); a parameter named "__proto__" is an own key of each point', () => {
  assert.throws(() => Grid.of({ x: Array.from({ length: 4000 }, (_, k) => k), y: Array.from({ length: 4000 }, (_, k) => k) }),
    (e: unknown) => e instanceof LindbladError && e.message === '--x × --y: the grid has 1.60e7 points (4000 × 4000); at most 1e7 are allowed');
  assert.equal(Grid.of({ x: Array.from({ length: 1000 }, (_, k) => k), y: Array.from({ length: 10000 }, (_, k) => k) }).size, 1e7);
  const g = new Grid([{ name: '__proto__', values: [1, 2] }, { name: 'constructor', values: [3] }]);
  const p = g.point(1);
  assert.ok(Object.hasOwn(p, '__proto__') && Object.getPrototypeOf(p) === Object.prototype);
  assert.deepEqual(Object.entries(p), [['__proto__', 2], ['constructor', 3]]);
});
