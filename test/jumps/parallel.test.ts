import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { trajectories, trajectoriesSync, type TrajectoriesResult } from '../../src/jumps/jumps.ts';
import { splitRanges } from '../../src/jumps/parallel.ts';
import { CHUNK } from '../../src/jumps/core.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { diamondBasis } from '../../src/paper/diamond-basis.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { ketToDensity } from '../../src/model/states.ts';

test('splitRanges: contiguous cover of [0, count) by whole blocks, at most `parts` ranges', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 40 }), (count, parts) => {
    const r = splitRanges(count, parts);
    assert.ok(r.length >= 1 && r.length <= parts);
    assert.equal(r[0][0], 0);
    assert.equal(r[r.length - 1][1], count);
    r.forEach(([s, e], i) => {
      assert.ok(e > s && s % CHUNK === 0);
      if (i > 0) assert.equal(s, r[i - 1][1]);
    });
    const sizes = r.map(([s, e]) => Math.ceil((e - s) / CHUNK));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  }));
});

/** Every number of two results, compared with Object.is (bit-identical, NaN-safe). */
function assertIdentical(a: TrajectoriesResult, b: TrajectoriesResult): void {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, what: string) => {
    assert.equal(x.length, y.length, what);
    for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  };
  a.populations.mean.forEach((m, t) => { same(m, b.populations.mean[t], 'mean'); same(a.populations.error[t], b.populations.error[t], 'error'); });
  for (const k of Object.keys(a.observables)) { same(a.observables[k].mean, b.observables[k].mean, k); same(a.observables[k].error, b.observables[k].error, k); }
  same(a.jumps.offsets, b.jumps.offsets, 'offsets');
  same(a.jumps.times, b.jumps.times, 'jump times');
  same(a.jumps.channels, b.jumps.channels, 'jump channels');
  same(a.initialIndex, b.initialIndex, 'initialIndex');
  same(a.finalOutcome!, b.finalOutcome!, 'finalOutcome');
}

test('serial and parallel runs are bit-identical (3 workers, uneven ranges, count not a multiple of the block)', async () => {
  const d = diamondModel({ betaA: 3, betaS: -1, basis: 'product' });
  const b = diamondBasis('product');
  const observables = Object.fromEntries(b.labels.map((l, i) => [l, fromMatrix(d.space, ketToDensity(b.vectors[i]))]));
  const initial = { kind: 'distribution' as const, states: b.vectors, probabilities: [0.4, 0.3, 0.2, 0.1] };
  const times = [0, 0.5, 1, 3];
  const opts = { count: 333, seed: 77, observables, finalMeasurement: b.vectors };
  const serial = trajectoriesSync(d.model, initial, times, opts);
  const par = await trajectories(d.model, initial, times, { ...opts, workers: 3 });
  assert.equal(par.stats.workers, 3);
  assertIdentical(serial, par);
});
