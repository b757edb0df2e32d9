/** PatternSum (linalg/pattern-sum.ts): the union pattern and the combination Σ c_k A_k against dense sums. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { PatternSum } from '../../src/linalg/pattern-sum.ts';

function random(rows: number, cols: number, density: number, seed: number, zeros = false): CsrMatrix {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (rnd() < density) { ri.push(r); ci.push(c); re.push(rnd() - 0.5); im.push(rnd() - 0.5); }
  const a = CsrMatrix.fromTriplets(rows, cols, ri, ci, re, im);
  if (zeros) a.values.fill(0, 0, Math.min(6, a.values.length)); // stored zeros stay in the pattern
  return a;
}

test('PatternSum: union pattern (sorted, stored zeros kept), slots, and Σ c_k A_k equal the dense sum', () => {
  const rows = 17, cols = 13, mats = [random(rows, cols, 0.2, 1, true), random(rows, cols, 0.1, 2), CsrMatrix.zeros(rows, cols), random(rows, cols, 0.3, 3)];
  const ps = new PatternSum(mats, rows, cols), pat = ps.pattern;
  for (let i = 0; i < rows; i++) {
    const want = new Set<number>();
    for (const m of mats) for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) want.add(m.colIdx[p]);
    const got = Array.from(pat.colIdx.subarray(pat.rowPtr[i], pat.rowPtr[i + 1]));
    assert.deepEqual(got, [...want].sort((a, b) => a - b));
  }
  mats.forEach((m, k) => {
    for (let i = 0; i < rows; i++) for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) {
      const s = ps.slots[k][p];
      assert.ok(s >= pat.rowPtr[i] && s < pat.rowPtr[i + 1] && pat.colIdx[s] === m.colIdx[p]);
    }
  });
  const c = [0.5, -2, 3, 1.25], v = ps.values(c), sum = ps.matrix(v);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let re = 0, im = 0;
    mats.forEach((m, k) => { const [a, b] = m.get(i, j); re += c[k] * a; im += c[k] * b; });
    const [gr, gi] = sum.get(i, j);
    assert.ok(Math.abs(gr - re) <= 1e-15 && Math.abs(gi - im) <= 1e-15);
  }
  assert.throws(() => new PatternSum([random(3, 3, 0.5, 4), random(3, 4, 0.5, 5)], 3, 3), /shapes differ/);
});

test('PatternSum of one matrix: its own pattern (stored zeros kept) and slot p for entry p, the same as the union with an empty matrix; unsorted rows take the union route', () => {
  const a = random(19, 19, 0.25, 7, true);
  const one = new PatternSum([a]), two = new PatternSum([a, CsrMatrix.zeros(19, 19)]);
  assert.deepEqual(Array.from(one.pattern.rowPtr), Array.from(two.pattern.rowPtr));
  assert.deepEqual(Array.from(one.pattern.colIdx), Array.from(two.pattern.colIdx));
  assert.deepEqual(Array.from(one.slots[0]), Array.from(two.slots[0]));
  assert.deepEqual(Array.from(one.slots[0]), Array.from({ length: a.nnz }, (_, p) => p));
  const c = [-1.5], out = new Float64Array(a.nnz), ref = new Float64Array(two.pattern.nnz);
  one.realValues(c, out); two.realValues([-1.5, 0], ref);
  assert.deepEqual(Array.from(out), Array.from(ref));
  // Row 0 stored as columns (2, 0): not its own sorted pattern, so the union sorts it.
  const unsorted = new CsrMatrix(2, 3, Int32Array.of(0, 2, 2), Int32Array.of(2, 0), Float64Array.of(1, 0, 2, 0));
  const u = new PatternSum([unsorted]);
  assert.deepEqual(Array.from(u.pattern.colIdx), [0, 2]);
  assert.deepEqual(Array.from(u.slots[0]), [1, 0]);
});
