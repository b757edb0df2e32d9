/**
 * BlockLayout / BlockDiagonalState (steady/block-state.ts) on a sector whose blocks interleave in the basis
 * order: blocks are the components of the states joined by coherences, numbered by their smallest state,
 * states ascending; every read agrees with the dense matrix built by hand from the same unknowns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockLayout } from '../../src/steady/block-state.ts';
import { realNumbering } from '../../src/symmetry/sector-system.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';

test('block layout of interleaved blocks {0, 2, 5}, {1, 4}, {3}, {6}: states, slots, dense form, trace, populations, expectation', () => {
  const n = 7, pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) pairs.push([i, i]);
  for (const [i, j] of [[0, 2], [2, 5], [1, 4]] as const) pairs.push([i, j], [j, i]);
  const index = new Map(pairs.map(([i, j], u) => [i * n + j, u]));
  const sector = { size: pairs.length, rowOf: Int32Array.from(pairs, (p) => p[0]), colOf: Int32Array.from(pairs, (p) => p[1]), index: (i: number, j: number) => index.get(i * n + j) ?? -1 };
  const num = realNumbering(sector), layout = new BlockLayout(n, num);
  assert.deepEqual(layout.blockStates.map((s) => Array.from(s)), [[0, 2, 5], [1, 4], [3], [6]]);
  assert.deepEqual(Array.from(layout.blockOf), [0, 1, 0, 2, 1, 0, 3]);
  assert.deepEqual(Array.from(layout.positionOf), [0, 0, 1, 0, 1, 2, 0]);
  assert.equal(layout.flat(0, 1), -1);
  assert.equal(layout.flat(5, 0), 2 * (2 * 3 + 0));
  // Unknowns: populations 1 … 7 (trace 28), coherences Re = 0.5·(r + 1), Im = −0.25·(r + 1).
  const x = Float64Array.from({ length: num.size }, (_, r) => (num.rowOf[r] === num.colOf[r] ? num.rowOf[r] + 1 : num.isImag[r] ? -0.25 * r : 0.5 * (r + 1)));
  const f = 1 / 28, st = layout.state(x, f), dense = Array.from({ length: n }, () => Array.from({ length: n }, () => [0, 0]));
  for (let r = 0; r < num.size; r++) {
    if (num.isImag[r]) continue;
    const i = num.rowOf[r], j = num.colOf[r];
    if (i === j) { dense[i][i] = [f * x[r], 0]; continue; }
    dense[i][j] = [f * x[r], f * x[r + 1]];
    dense[j][i] = [f * x[r], -f * x[r + 1]];
  }
  const d = st.toDense();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    assert.deepEqual([st.re(i, j), st.im(i, j)], dense[i][j], `(${i}, ${j})`);
    assert.deepEqual([d.re(i, j), d.im(i, j)], dense[i][j]);
  }
  const [tr, ti] = st.trace();
  assert.ok(Math.abs(tr - 1) <= 4e-16 && ti === 0, `trace ${tr} ${ti}`);
  assert.deepEqual(Array.from(st.populations()), Array.from({ length: n }, (_, i) => f * (i + 1)));
  // Tr(ρ O) for O = |2⟩⟨0| + i|5⟩⟨4|: ρ_02 + i·ρ_45 (= ρ_02, the second entry lies between blocks).
  const o = CsrMatrix.fromTriplets(n, n, [2, 5], [0, 4], [1, 0], [0, 1]);
  assert.deepEqual(st.expectation(o), dense[0][2]);
  assert.equal(st.blocks.length, 4);
  assert.equal(st.blocks[0].data.length, 2 * 9);
});

test('blockLayoutOf: one layout per numbering (a sweep builds it once), states equal to a fresh layout\'s, independent of each other', async () => {
  const { blockLayoutOf } = await import('../../src/steady/block-state.ts');
  const n = 3, pairs: Array<[number, number]> = [[0, 0], [1, 1], [2, 2], [0, 2], [2, 0]];
  const index = new Map(pairs.map(([i, j], u) => [i * n + j, u]));
  const sector = { size: pairs.length, rowOf: Int32Array.from(pairs, (p) => p[0]), colOf: Int32Array.from(pairs, (p) => p[1]), index: (i: number, j: number) => index.get(i * n + j) ?? -1 };
  const num = realNumbering(sector), other = realNumbering(sector);
  assert.equal(blockLayoutOf(n, num), blockLayoutOf(n, num));
  assert.notEqual(blockLayoutOf(n, num), blockLayoutOf(n, other));
  const x1 = Float64Array.from({ length: num.size }, (_, r) => r + 1), x2 = Float64Array.from({ length: num.size }, (_, r) => 2 * r - 1);
  const a = blockLayoutOf(n, num).state(x1, 0.1), b = blockLayoutOf(n, num).state(x2, 0.2);
  assert.deepEqual(Array.from(a.toDense().data), Array.from(new BlockLayout(n, num).state(x1, 0.1).toDense().data));
  assert.deepEqual(Array.from(b.toDense().data), Array.from(new BlockLayout(n, num).state(x2, 0.2).toDense().data));
  assert.notDeepEqual(Array.from(a.toDense().data), Array.from(b.toDense().data)); // each state has its own entries
});
