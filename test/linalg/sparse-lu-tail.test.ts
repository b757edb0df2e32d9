/**
 * The sparse LU with a dense tail (sparse-lu-factor.ts `denseFrom`, sparse-lu-refactor.ts, sparse-lu-tail.ts):
 * against a dense LU of the same matrix, bit-identical fresh factorisation and refactorisation, pivoting
 * inside the tail, singular and nearly singular tails, and the choice of the tail from the symbolic counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { DenseLuReal } from '../../src/linalg/lu.ts';
import { amdOrdering } from '../../src/linalg/ordering.ts';
import { factorGilbertPeierls } from '../../src/linalg/sparse-lu-factor.ts';
import { RealLuRefactor } from '../../src/linalg/sparse-lu-refactor.ts';
import { cscPattern } from '../../src/linalg/csc-pattern.ts';
import { chooseDenseFrom } from '../../src/linalg/sparse-lu-tail.ts';
import { SystemPattern } from '../../src/linalg/pattern-system.ts';
import { rng } from './sparse-fixtures.ts';

interface Pattern { n: number; rowPtr: Int32Array; colIdx: Int32Array }

/** A random n×n pattern with a full diagonal and about `perRow` further entries per row. */
function randomPattern(n: number, perRow: number, r: () => number): Pattern {
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < n; i++) {
    ri.push(i); ci.push(i);
    for (let t = 0; t < perRow; t++) { ri.push(i); ci.push(Math.floor(r() * n)); }
  }
  const m = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
  return { n, rowPtr: m.rowPtr, colIdx: m.colIdx };
}

/** Fresh factorisation: sparse steps 0 … k0−1 by the Gilbert–Peierls kernel, the rest dense. */
function hybrid(p: Pattern, v: Float64Array, q: Int32Array, denseFrom: number, tol = 1e-14): RealLuRefactor {
  const csc = cscPattern(p.rowPtr, p.colIdx, p.n), z = new Float64Array(2 * v.length);
  for (let t = 0; t < v.length; t++) z[2 * t] = v[csc.src[t]];
  const f = factorGilbertPeierls(new CsrMatrix(p.n, p.n, csc.colPtr, csc.rowIdx, z), q,
    { pivotThreshold: 0.1, singularTolerance: tol, recordCandidates: true, denseFrom });
  const lu = new RealLuRefactor(p.rowPtr, p.colIdx, f, csc);
  lu.completeTail(v, tol);
  return lu;
}

function toDense(p: Pattern, v: Float64Array): Float64Array {
  const a = new Float64Array(p.n * p.n);
  for (let i = 0; i < p.n; i++) for (let t = p.rowPtr[i]; t < p.rowPtr[i + 1]; t++) a[i * p.n + p.colIdx[t]] += v[t];
  return a;
}

const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
const maxAbs = (a: Float64Array): number => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

test('dense tail: solutions agree with a dense LU for tails of every length (random sparse and fill-heavy systems)', () => {
  const r = rng(5);
  let worst = 0;
  for (let trial = 0; trial < 30; trial++) {
    const n = 20 + Math.floor(r() * 60), p = randomPattern(n, 1 + Math.floor(r() * 6), r);
    const v = Float64Array.from({ length: p.rowPtr[n] }, () => 2 * r() - 1);
    const q = amdOrdering(new CsrMatrix(n, n, p.rowPtr, p.colIdx, new Float64Array(2 * p.rowPtr[n])));
    const ref = DenseLuReal.workspace(n).refactor(toDense(p, v));
    const b = Float64Array.from({ length: n }, () => 2 * r() - 1), x0 = ref.solve(b);
    for (const k0 of [0, Math.floor(n / 3), n - 40, n - 1, n]) {
      if (k0 < 0) continue;
      const lu = hybrid(p, v, q, k0);
      assert.equal(lu.denseFrom, k0);
      const x = lu.solveReal(b), d = x.map((t, k) => t - x0[k]);
      const rel = maxAbs(d) / maxAbs(x0);
      worst = Math.max(worst, rel);
      // Both are backward stable; their difference is bounded by ~ cond·ε (cond of these matrices ≲ 1e4).
      assert.ok(rel < 1e-9, `trial ${trial}, n = ${n}, k0 = ${k0}: relative difference ${rel}`);
      // Complex right-hand side: the real and imaginary parts solve separately.
      const bz = new Float64Array(2 * n);
      b.forEach((t, k) => { bz[2 * k] = t; bz[2 * k + 1] = -2 * t; });
      const xz = lu.solve(bz);
      assert.ok(x.every((t, k) => t === xz[2 * k] && Object.is(-2 * t, xz[2 * k + 1]) || Math.abs(-2 * t - xz[2 * k + 1]) <= 1e-15 * Math.abs(t)));
    }
  }
  assert.ok(worst > 0, 'the comparison is not vacuous');
});

test('dense tail: a refactorisation is bit for bit a fresh factorisation of the new values', () => {
  const r = rng(17);
  let accepted = 0;
  for (let trial = 0; trial < 20; trial++) {
    const n = 30 + Math.floor(r() * 50), p = randomPattern(n, 3, r), nnz = p.rowPtr[n];
    const v = Float64Array.from({ length: nnz }, () => 2 * r() - 1);
    const q = amdOrdering(new CsrMatrix(n, n, p.rowPtr, p.colIdx, new Float64Array(2 * nnz)));
    const k0 = Math.floor(r() * n);
    const re = hybrid(p, v, q, k0);
    for (let step = 0; step < 4; step++) {
      // Small changes keep the sparse pivots; large ones may not (then the refactorisation declines).
      for (let k = 0; k < nnz; k++) v[k] *= 1 + (step === 3 ? 1 : 1e-3) * (2 * r() - 1);
      const fresh = hybrid(p, v, q, k0);
      if (!re.refactor(v, 0.1, 1e-14)) continue;
      accepted++;
      const b = Float64Array.from({ length: n }, () => 2 * r() - 1);
      assert.ok(same(re.solveReal(b), fresh.solveReal(b)), `trial ${trial}: same solution bit for bit`);
      assert.equal(re.minPivot, fresh.minPivot);
      assert.equal(re.maxPivot, fresh.maxPivot);
    }
  }
  assert.ok(accepted >= 40, `refactorisations exercised (${accepted})`);
});

test('dense tail: pivoting inside the block (zero diagonal), and a tail with its own row order', () => {
  // A cyclic permutation matrix plus a small sparse perturbation off the diagonal: every diagonal entry is 0.
  const n = 60, ri: number[] = [], ci: number[] = [], vals: number[] = [];
  const r = rng(3);
  for (let i = 0; i < n; i++) {
    ri.push(i, i, i); ci.push((i + 1) % n, i, (i + 7) % n); vals.push(1 + r(), 0, 0.1 * r());
  }
  const m = CsrMatrix.fromTriplets(n, n, ri, ci, vals, vals.map(() => 0));
  const p: Pattern = { n, rowPtr: m.rowPtr, colIdx: m.colIdx };
  const v = Float64Array.from({ length: m.nnz }, (_, t) => m.values[2 * t]);
  const q = Int32Array.from({ length: n }, (_, k) => k);
  const ref = DenseLuReal.workspace(n).refactor(toDense(p, v));
  const b = Float64Array.from({ length: n }, (_, k) => Math.cos(k));
  for (const k0 of [0, 20, 59]) {
    const x = hybrid(p, v, q, k0).solveReal(b), x0 = ref.solve(b);
    assert.ok(maxAbs(x.map((t, k) => t - x0[k])) < 1e-12 * maxAbs(x0), `k0 = ${k0}`);
  }
});

test('dense tail: exactly and numerically singular blocks are reported (fresh) and declined (refactor)', () => {
  const r = rng(9), n = 50;
  const p: Pattern = { n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i * n), colIdx: Int32Array.from({ length: n * n }, (_, t) => t % n) };
  const v = Float64Array.from({ length: p.rowPtr[n] }, () => 2 * r() - 1);
  const q = Int32Array.from({ length: n }, (_, k) => k);
  const good = hybrid(p, v, q, 10);
  // Column 40 := column 45 (exactly), or that plus a relative 1e-15 (numerically): rank deficient in the tail.
  for (const eps of [0, 1e-15]) {
    const w = v.slice();
    for (let i = 0; i < n; i++) w[i * n + 40] = w[i * n + 45] * (1 + eps * (2 * r() - 1));
    assert.throws(() => hybrid(p, w, q, 10), (e: unknown) => e instanceof LinalgError && e.kind === 'singular' && /dense block/.test(e.message));
    assert.equal(good.refactor(w, 0.1, 1e-14), false);
    // The tolerance 0 accepts the numerically singular one (only an exact zero pivot fails) but still not the exact one.
    if (eps > 0) assert.ok(hybrid(p, w, q, 10, 0) instanceof RealLuRefactor);
  }
  // After a declined refactorisation the object is usable again with good values.
  assert.equal(good.refactor(v, 0.1, 1e-14), true);
});

test('chooseDenseFrom: a dense pattern is factored densely from the start, a banded one not at all', () => {
  const n = 400;
  assert.equal(chooseDenseFrom(Int32Array.from({ length: n }, (_, k) => n - k)), 0);
  assert.equal(chooseDenseFrom(Int32Array.from({ length: n }, (_, k) => Math.min(3, n - k))), n);
  // A sparse part followed by a dense separator of 100: the tail covers (at least) the separator.
  const mixed = Int32Array.from({ length: n }, (_, k) => (k < 300 ? 4 : n - k));
  const k0 = chooseDenseFrom(mixed);
  assert.ok(k0 <= 300 && k0 > 200, `k0 = ${k0}`);
});

test('SystemPattern: a dense pattern takes the dense route and solves like a dense LU', () => {
  const r = rng(21), n = 80, p = randomPattern(n, 60, r);
  const term = new CsrMatrix(n, n, p.rowPtr, p.colIdx, Float64Array.from({ length: 2 * p.rowPtr[n] }, (_, t) => (t % 2 ? 0 : 2 * r() - 1)));
  const sys = new SystemPattern(n, [term], [], []);
  sys.assemble([1]);
  sys.real.values.set(sys.raw);
  const lu = sys.factor();
  assert.equal(lu.denseFrom, 0);
  const v = sys.real.values, ref = DenseLuReal.workspace(n).refactor(toDense({ n, rowPtr: sys.real.rowPtr, colIdx: sys.real.colIdx }, v));
  const b = Float64Array.from({ length: n }, () => r()), x = lu.solveReal(b), x0 = ref.solve(b);
  assert.ok(maxAbs(x.map((t, k) => t - x0[k])) < 1e-10 * maxAbs(x0));
  assert.equal(lu.nnzLU, n * n);
});

test('dense tail: solving before the tail is factored is an error, not zeros', () => {
  const r = rng(2), n = 40, p = randomPattern(n, 4, r), v = Float64Array.from({ length: p.rowPtr[n] }, () => 2 * r() - 1);
  const csc = cscPattern(p.rowPtr, p.colIdx, n), z = new Float64Array(2 * v.length);
  for (let t = 0; t < v.length; t++) z[2 * t] = v[csc.src[t]];
  const f = factorGilbertPeierls(new CsrMatrix(n, n, csc.colPtr, csc.rowIdx, z), Int32Array.from({ length: n }, (_, k) => k),
    { pivotThreshold: 0.1, singularTolerance: 1e-14, recordCandidates: true, denseFrom: 10 });
  const lu = new RealLuRefactor(p.rowPtr, p.colIdx, f, csc);
  assert.throws(() => lu.solveReal(new Float64Array(n)), LinalgError);
  lu.completeTail(v, 1e-14);
  assert.ok(lu.solveReal(Float64Array.from({ length: n }, () => 1)).every(Number.isFinite));
});
