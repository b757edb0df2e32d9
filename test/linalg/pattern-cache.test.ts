/**
 * PatternCache (linalg/pattern-cache.ts): a pattern is found again only when it is entry for entry the same
 * (patterns with equal size and count but one index moved are different keys), its own copy protects it
 * from a caller who reuses the arrays, and the least recently used patterns go first when the count or byte
 * limit is passed. SystemPattern's use of it: a second system of the same pattern factorises and solves
 * bit for bit as the first, and steadyState after solves of the same pattern gives the bits of a fresh state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternCache } from '../../src/linalg/pattern-cache.ts';
import { SystemPattern, forgetPatternFacts } from '../../src/linalg/pattern-system.ts';
import { randomModel } from '../../src/model/random.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { lindbladLike, randomSparse, rng } from './sparse-fixtures.ts';

const pattern = (rows: number[][]) => {
  const rowPtr = new Int32Array(rows.length + 1), colIdx: number[] = [];
  rows.forEach((r, i) => { colIdx.push(...r); rowPtr[i + 1] = colIdx.length; });
  return { n: rows.length, rowPtr, colIdx: Int32Array.from(colIdx) };
};

test('PatternCache: the same pattern (even in other arrays) gives the same value; a pattern one index away does not', () => {
  let made = 0;
  const cache = new PatternCache<{ id: number }>(8, 1 << 20, () => ({ id: made++ }));
  const a = pattern([[0, 1], [0, 1, 2], [1, 2]]);
  const v = cache.entry(a.n, a.rowPtr, a.colIdx);
  const copy = pattern([[0, 1], [0, 1, 2], [1, 2]]);
  assert.equal(cache.entry(copy.n, copy.rowPtr, copy.colIdx), v);
  // same n and nnz, one column index moved; same row pointers, other columns; the transposed row lengths
  for (const other of [pattern([[0, 1], [0, 1, 2], [0, 2]]), pattern([[0, 2], [0, 1, 2], [1, 2]]), pattern([[0, 1, 2], [0, 1], [1, 2]])]) {
    assert.notEqual(cache.entry(other.n, other.rowPtr, other.colIdx), v);
  }
  // a bigger pattern whose leading part is the first one
  const longer = pattern([[0, 1], [0, 1, 2], [1, 2], [3]]);
  assert.notEqual(cache.entry(longer.n, longer.rowPtr, longer.colIdx), v);
  assert.equal(cache.size, 5);
  // the caller reuses its arrays: the stored copy is not affected, and the changed pattern is a new key
  a.colIdx[0] = 2;
  assert.notEqual(cache.entry(a.n, a.rowPtr, a.colIdx), v);
  assert.equal(cache.entry(copy.n, copy.rowPtr, copy.colIdx), v);
});

test('PatternCache: least recently used patterns go first, by count and by bytes; a pattern over half the bytes is not kept', () => {
  const r = rng(3);
  const pats = Array.from({ length: 6 }, (_, k) => randomSparse(40 + k, 3, r));
  let made = 0;
  const cache = new PatternCache<number>(3, 1 << 20, () => made++);
  const get = (k: number) => cache.entry(pats[k].rows, pats[k].rowPtr, pats[k].colIdx);
  assert.deepEqual([get(0), get(1), get(2)], [0, 1, 2]);
  assert.equal(get(0), 0); // 0 used again: 1 is now the oldest
  assert.equal(get(3), 3); // evicts 1
  assert.equal(cache.size, 3);
  assert.equal(get(0), 0);
  assert.equal(get(2), 2);
  assert.equal(get(1), 4); // 1 was evicted: new value (evicts 3)
  assert.equal(get(3), 5);
  // bytes: each pattern's copy is 4·(n + 1 + nnz) bytes
  const bytes = (k: number) => 4 * (pats[k].rows + 1 + pats[k].rowPtr[pats[k].rows]);
  const small = new PatternCache<number>(100, bytes(4) + bytes(5), () => made++);
  const v4 = small.entry(pats[4].rows, pats[4].rowPtr, pats[4].colIdx);
  const v5 = small.entry(pats[5].rows, pats[5].rowPtr, pats[5].colIdx);
  assert.equal(small.entry(pats[4].rows, pats[4].rowPtr, pats[4].colIdx), v4);
  small.entry(pats[0].rows, pats[0].rowPtr, pats[0].colIdx); // over the byte limit: the oldest (5) goes
  assert.equal(small.entry(pats[4].rows, pats[4].rowPtr, pats[4].colIdx), v4);
  assert.notEqual(small.entry(pats[5].rows, pats[5].rowPtr, pats[5].colIdx), v5);
  const tiny = new PatternCache<number>(100, bytes(0), () => made++);
  const once = tiny.entry(pats[0].rows, pats[0].rowPtr, pats[0].colIdx);
  assert.notEqual(tiny.entry(pats[0].rows, pats[0].rowPtr, pats[0].colIdx), once);
  assert.equal(tiny.size, 0);
});

test('SystemPattern: a second system of the same pattern (its ordering reused) solves bit for bit as the first', () => {
  for (const a of [lindbladLike(10, 3), randomSparse(300, 4, rng(11))]) {
    const n = a.rows;
    const solveOnce = () => {
      const sys = new SystemPattern(n, [a], Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => i));
      sys.assemble([1]);
      for (let i = 0; i < n; i++) sys.raw[sys.extra[i]] += 10 * (1 + (i % 7)); // diagonally weighted: non-singular
      sys.real.values.set(sys.raw); // unscaled: the system as it is
      sys.factor();
      const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1)), x = new Float64Array(n);
      sys.realSolver.solve(b, x);
      return x;
    };
    const first = solveOnce(), second = solveOnce();
    assert.deepEqual(Array.from(second), Array.from(first));
  }
});

test('steadyState after other solves, of the same pattern and of others of the same size, gives the bits of a fresh state', () => {
  const models = [
    randomModel({ structure: 'local', dim: 12, seed: 5 }), randomModel({ structure: 'unstructured', dim: 12, seed: 5 }),
    randomModel({ structure: 'local', dim: 12, seed: 6 }), randomModel({ structure: 'unstructured', dim: 12, seed: 6 }),
  ];
  const fresh = models.map((m) => { forgetPatternFacts(); return steadyState(m); });
  forgetPatternFacts();
  for (let round = 0; round < 2; round++) {
    models.forEach((m, k) => {
      const got = steadyState(m), want = fresh[k];
      assert.ok(got.rho.data.length === 2 * 12 * 12);
      assert.deepEqual(Array.from(got.rho.data), Array.from(want.rho.data));
      assert.equal(got.certificate.status, want.certificate.status);
      assert.equal(got.certificate.conditioning?.errorBound, want.certificate.conditioning?.errorBound);
    });
  }
});

test('SystemPattern: a later system of the same pattern refactorises the kept LU structure in buffers of its own, bit for bit as a fresh factorisation', () => {
  const a = randomSparse(300, 4, rng(17)), n = a.rows, all = Array.from({ length: n }, (_, i) => i);
  const b = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i + 1));
  // diagonal weight w: large w keeps the diagonal pivots, a small w lets the threshold pivoting choose others
  const system = (w: number) => {
    const sys = new SystemPattern(n, [a], all, all);
    sys.assemble([1]);
    for (let i = 0; i < n; i++) sys.raw[sys.extra[i]] += w * (1 + (i % 5));
    sys.real.values.set(sys.raw);
    return sys;
  };
  const solve = (sys: SystemPattern) => Array.from(sys.realSolver.solve(b, new Float64Array(n)));
  for (const [w1, w2] of [[10, 20], [10, 0.01], [0.01, 10]]) {
    forgetPatternFacts();
    const fresh2 = system(w2);
    const freshLu = fresh2.factor(), want2 = solve(fresh2);
    forgetPatternFacts();
    const s1 = system(w1), lu1 = s1.factor(), want1 = solve(s1);
    const s2 = system(w2), lu2 = s2.factor();
    assert.deepEqual(solve(s2), want2, `w ${w1} → ${w2}: the second system's solution`);
    assert.notEqual(lu2, lu1);
    // the structure is shared only when the kept pivots still pass (diagonal weight 20 after 10), and the
    // first system's factors are untouched by the second's refactorisation
    assert.equal(lu2.structure().Li === lu1.structure().Li, w1 === 10 && w2 === 20);
    assert.equal(lu2.structure().Li.length, freshLu.structure().Li.length);
    assert.deepEqual(solve(s1), want1, `w ${w1} → ${w2}: the first system after the second`);
  }
  // pivots that keep changing (diagonal weight 10, 0.01, 10, …): after three failed refactorisations the
  // kept structure is no longer tried, even for values whose pivots would pass
  forgetPatternFacts();
  for (const w of [10, 0.01, 10, 0.01]) system(w).factor();
  const before = system(10), luBefore = before.factor(), after = system(20);
  assert.notEqual(after.factor().structure().Li, luBefore.structure().Li);
  assert.deepEqual(solve(after), (() => { forgetPatternFacts(); const f = system(20); f.factor(); return solve(f); })());
  forgetPatternFacts();
});
