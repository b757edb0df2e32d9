import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { denseLu } from '../../src/linalg/lu.ts';
import { amdOrdering, isPermutation } from '../../src/linalg/ordering.ts';
import { computeOrdering, estimateFill, sparseLu } from '../../src/linalg/sparse-lu.ts';
import {
  gridLaplacian, lindbladLike, permuteRows, randomPermutation, randomSparse, rng, shiftDiagonal,
} from './sparse-fixtures.ts';

const EPS = 2 ** -52;

function randomVector(n: number, r: () => number): Float64Array {
  return Float64Array.from({ length: 2 * n }, () => 2 * r() - 1);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

/** Relative residual ‖A x − b‖ / ‖b‖ and normwise backward error ‖A x − b‖ / (‖A‖_F ‖x‖ + ‖b‖). */
function errors(a: CsrMatrix, x: Float64Array, b: Float64Array): { rel: number; backward: number } {
  const r = a.matvec(x);
  for (let k = 0; k < r.length; k++) r[k] -= b[k];
  const nr = norm(r);
  return { rel: nr / norm(b), backward: nr / (a.normFrobenius() * norm(x) + norm(b)) };
}

/** Random sparse matrix with a dominant complex diagonal. */
function dominant(n: number, r: () => number): CsrMatrix {
  const a = randomSparse(n, 3, r);
  return shiftDiagonal(a, 4 + 2 * r(), 2 * r() - 1);
}

/**
 * Nonsingular but far from diagonally dominant: a random row permutation of a dominant matrix, so
 * most diagonal entries are zero and the pivots must come from off-diagonal rows.
 */
function zeroDiagonal(n: number, r: () => number): CsrMatrix {
  return permuteRows(dominant(n, r), randomPermutation(n, r));
}

test('sparse LU solves diagonally dominant complex systems (sizes 1…300, many seeds)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
      const r = rng(seed), a = dominant(n, r), b = randomVector(n, r);
      const lu = sparseLu(a);
      const e = errors(a, lu.solve(b), b);
      assert.ok(e.rel < 1e-12, `n=${n} seed=${seed} relative residual ${e.rel}`);
      assert.ok(e.backward < 32 * EPS, `backward error ${e.backward}`);
      assert.equal(lu.offDiagonalPivots, 0, 'dominant diagonal should always be kept');
      assert.ok(lu.minPivot > 0 && lu.minPivot <= lu.maxPivot);
    }),
    { numRuns: 120 },
  );
});

test('sparse LU pivots off the diagonal when needed (permuted rows, zero diagonal)', () => {
  let offDiagonal = 0;
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 300 }), fc.integer(), fc.constantFrom(0.01, 0.1, 0.5, 1), (n, seed, tau) => {
      const r = rng(seed), a = zeroDiagonal(n, r), b = randomVector(n, r);
      const lu = sparseLu(a, { pivotThreshold: tau });
      offDiagonal += lu.offDiagonalPivots;
      const e = errors(a, lu.solve(b), b);
      assert.ok(e.backward < (tau < 0.1 ? 1e-13 : 1e-14), `n=${n} τ=${tau} backward error ${e.backward}`);
    }),
    { numRuns: 120 },
  );
  assert.ok(offDiagonal > 0);
});

test('sparse LU handles non-dominant random sparse matrices with a small shift', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed), n = 20 + Math.floor(280 * r());
    const a = shiftDiagonal(randomSparse(n, 4, r), 0.3 * r(), 0.3 * r());
    const b = randomVector(n, r);
    let lu;
    try {
      lu = sparseLu(a);
    } catch (e) {
      assert.ok(e instanceof LinalgError); // a random pattern may be structurally singular
      continue;
    }
    const e = errors(a, lu.solve(b), b);
    assert.ok(e.backward < 1e-13, `seed ${seed}: backward error ${e.backward}`);
  }
});

test('sparse LU agrees with the dense LU', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 80 }), fc.integer(), fc.boolean(), (n, seed, permuted) => {
      const r = rng(seed);
      const a = permuted ? zeroDiagonal(n, r) : dominant(n, r);
      const b = randomVector(n, r);
      const xs = sparseLu(a).solve(b);
      const xd = denseLu(a.toDense()).solve(b);
      const d = xs.map((v, k) => v - xd[k]);
      assert.ok(norm(d) <= 1e-11 * norm(xd), `n=${n}: ‖x_sparse − x_dense‖ = ${norm(d)}`);
    }),
    { numRuns: 80 },
  );
});

test('orderings: amd, rcm, natural and a precomputed permutation all give the same solution', () => {
  const r = rng(42), a = zeroDiagonal(150, r), b = randomVector(150, r);
  const ref = sparseLu(a).solve(b);
  for (const ordering of ['amd', 'rcm', 'natural', randomPermutation(150, r)] as const) {
    const lu = sparseLu(a, { ordering });
    assert.ok(isPermutation(lu.ordering, 150));
    assert.ok(isPermutation(lu.rowPermutation, 150));
    const x = lu.solve(b);
    assert.ok(norm(x.map((v, k) => v - ref[k])) < 1e-11 * norm(ref), `ordering ${String(ordering)}`);
  }
  assert.throws(() => sparseLu(a, { ordering: Int32Array.of(0, 1) }), LinalgError);
  assert.throws(() => sparseLu(a, { ordering: 'metis' as never }), LinalgError);
});

test('a precomputed ordering is reused across matrices of one pattern and gives the same answer', () => {
  const base = lindbladLike(8, 3, 2, 2);
  const first = sparseLu(shiftDiagonal(base, 0.5));
  assert.deepEqual(Array.from(first.ordering), Array.from(amdOrdering(shiftDiagonal(base, 0.5))));
  const r = rng(7);
  for (const s of [0.1, 1, 10]) {
    const a = shiftDiagonal(base, s, s);
    const b = randomVector(a.rows, r);
    const fresh = sparseLu(a);
    const reused = sparseLu(a, { ordering: first.ordering });
    assert.equal(reused.ordering, first.ordering);
    const x1 = fresh.solve(b), x2 = reused.solve(b);
    assert.deepEqual(Array.from(x1), Array.from(x2)); // same ordering, same arithmetic ⇒ same bits
    assert.ok(errors(a, x2, b).backward < 16 * EPS);
  }
  assert.equal(computeOrdering(base, first.ordering), first.ordering);
});

test('AMD reduces the LU fill of a grid Laplacian far below the natural ordering', () => {
  const a = gridLaplacian(40, 0, 0.5);
  const amd = sparseLu(a), nat = sparseLu(a, { ordering: 'natural' });
  const fillAmd = amd.nnzL + amd.nnzU - a.rows, fillNat = nat.nnzL + nat.nnzU - a.rows;
  assert.ok(fillAmd < 0.5 * fillNat, `AMD ${fillAmd} vs natural ${fillNat}`);
  assert.ok(amd.flops < 0.3 * nat.flops);
  const b = randomVector(a.rows, rng(1));
  assert.ok(errors(a, amd.solve(b), b).backward < 16 * EPS);
});

test('estimateFill predicts nnz(L+U) and the work exactly for diagonal pivots on a symmetric pattern', () => {
  for (const a of [gridLaplacian(30, 0, 0.2), lindbladLike(8, 2, 2, 2, 0.1, 1)]) {
    const sym = a.add(a.transpose().scale(0.25)); // symmetric pattern, diagonally dominant enough
    for (const ordering of ['amd', 'natural'] as const) {
      const e = estimateFill(sym, ordering), lu = sparseLu(sym, { ordering: e.ordering });
      if (lu.offDiagonalPivots > 0) continue;
      assert.equal(e.nnzLU, lu.nnzL + lu.nnzU - sym.rows, ordering);
      assert.equal(e.mulAdds, lu.flops, ordering);
    }
  }
  const a = zeroDiagonal(120, rng(5)), lu = sparseLu(a);
  assert.ok(lu.nnzL + lu.nnzU - a.rows > 0);
});

test('maxNonzeros aborts a factorization whose fill exceeds the budget', () => {
  const a = gridLaplacian(30, 0, 0.2);
  const fill = estimateFill(a).nnzLU - a.rows; // off-diagonal entries of L and U
  assert.throws(() => sparseLu(a, { maxNonzeros: Math.floor(fill / 2) }), (e: unknown) => e instanceof LinalgError && /maxNonzeros/.test(e.message));
  const lu = sparseLu(a, { maxNonzeros: fill });
  assert.equal(lu.nnzL + lu.nnzU - 2 * a.rows, fill);
  assert.throws(() => sparseLu(a, { maxNonzeros: -1 }), LinalgError);
});

test('Lindblad-patterned systems (shifted superoperators) solve accurately', () => {
  for (const [n, band] of [[6, undefined], [10, undefined], [12, 2]] as const) {
    const a = lindbladLike(n, n, 3, 3, 0.05, band);
    const b = randomVector(a.rows, rng(n));
    const lu = sparseLu(a);
    const e = errors(a, lu.solve(b), b);
    assert.ok(e.backward < 1e-14, `n=${n}: ${e.backward}`);
  }
});

test('singular matrices throw LinalgError naming the column', () => {
  // Structurally singular: an empty column, and two columns with the same single-row pattern.
  const empty = CsrMatrix.fromTriplets(3, 3, [0, 1, 2], [0, 2, 2], [1, 1, 1], [0, 0, 0]);
  assert.throws(() => sparseLu(empty), (e: unknown) => e instanceof LinalgError && /structurally singular/.test(e.message) && /column 1/.test(e.message));
  const twin = CsrMatrix.fromTriplets(3, 3, [0, 0, 1, 2], [0, 1, 2, 2], [1, 2, 1, 1], [0, 0, 0, 0]);
  assert.throws(() => sparseLu(twin), /singular/);
  // Numerically singular with exact cancellation: row 2 = 2·row 1.
  const dup = CsrMatrix.fromTriplets(3, 3, [0, 1, 1, 2, 2], [0, 1, 2, 1, 2], [1, 1, 2, 2, 4], [0, 1, 0, 2, 0]);
  assert.throws(() => sparseLu(dup), (e: unknown) => e instanceof LinalgError && /numerically singular/.test(e.message));
  // A column that is a combination of two others (rounding noise in the last pivot).
  for (let seed = 1; seed <= 30; seed++) {
    const r = rng(seed), n = 3 + Math.floor(60 * r());
    const d = dominant(n, r).toDense();
    const j = Math.floor(n * r()), c1 = [r(), r()], c2 = [r(), r()];
    for (let i = 0; i < n; i++) {
      const [a1, b1] = d.get(i, (j + 1) % n), [a2, b2] = d.get(i, (j + 2) % n);
      d.set(i, j, c1[0] * a1 - c1[1] * b1 + c2[0] * a2 - c2[1] * b2, c1[0] * b1 + c1[1] * a1 + c2[0] * b2 + c2[1] * a2);
    }
    assert.throws(() => sparseLu(CsrMatrix.fromDense(d)), LinalgError, `seed ${seed}`);
  }
  // The (unshifted) Lindblad superoperator is singular: trace preservation.
  for (const n of [3, 5, 8]) assert.throws(() => sparseLu(lindbladLike(n, n, 2, 2)), LinalgError);
  assert.throws(() => sparseLu(CsrMatrix.zeros(4)), LinalgError);
});

test('input validation: shape, non-finite entries, options, right-hand-side length; x may alias b', () => {
  assert.throws(() => sparseLu(CsrMatrix.zeros(2, 3)), LinalgError);
  const nan = CsrMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, NaN], [0, 0]);
  assert.throws(() => sparseLu(nan), LinalgError);
  const a = dominant(20, rng(3));
  assert.throws(() => sparseLu(a, { pivotThreshold: 0 }), LinalgError);
  assert.throws(() => sparseLu(a, { pivotThreshold: 1.5 }), LinalgError);
  assert.throws(() => sparseLu(a, { singularTolerance: -1 }), LinalgError);
  const lu = sparseLu(a);
  assert.throws(() => lu.solve(new Float64Array(10)), LinalgError);
  const b = randomVector(20, rng(4));
  const x = lu.solve(b);
  const y = b.slice();
  assert.equal(lu.solve(y, y), y);
  assert.deepEqual(Array.from(y), Array.from(x));
  const bad = b.slice();
  bad[3] = NaN;
  assert.throws(() => lu.solve(bad), LinalgError);
  // Trivial sizes.
  const z = sparseLu(CsrMatrix.zeros(0));
  assert.equal(z.solve(new Float64Array(0)).length, 0);
  const one = sparseLu(CsrMatrix.fromTriplets(1, 1, [0], [0], [0], [2]));
  assert.deepEqual(Array.from(one.solve(Float64Array.of(4, 0))), [0, -2]);
});
