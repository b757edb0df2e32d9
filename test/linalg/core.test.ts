import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';

test('sparse and dense kron/mul/adjoint agree', () => {
  const a = DenseMatrix.fromRows([[[1, 2], [0, 0]], [[3, -1], [0.5, 0]]]);
  const b = DenseMatrix.fromRows([[[0, 1], [2, 0], [0, 0]], [[0, 0], [1, 1], [-2, 0]]]);
  const as = CsrMatrix.fromDense(a), bs = CsrMatrix.fromDense(b);
  const close = (x: DenseMatrix, y: DenseMatrix) => assert.ok(x.sub(y).normFrobenius() < 1e-14);
  close(as.kron(bs).toDense(), a.kron(b));
  close(as.mul(bs).toDense(), a.mul(b));
  close(bs.adjoint().toDense(), b.adjoint());
  close(bs.transpose().toDense(), b.transpose());
  close(as.add(as, 0, 2).toDense(), a.add(a, 0, 2));
});

test('malformed CSR arrays, triplets and permutations are LinalgErrors, not wrong answers later', async () => {
  const { LinalgError } = await import('../../src/linalg/errors.ts');
  const { invertPermutation } = await import('../../src/linalg/ordering.ts');
  const i32 = (...x: number[]) => new Int32Array(x), f64 = (n: number) => new Float64Array(n);
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['negative shape', () => new CsrMatrix(-1, 2, i32(), i32(), f64(0)), /non-negative integers/],
    ['fractional shape', () => CsrMatrix.fromTriplets(2.5, 2, [0], [0], [1], [0]), /non-negative integers/],
    ['rowPtr[0] ≠ 0', () => new CsrMatrix(1, 2, i32(1, 1), i32(0), f64(2)), /rowPtr\[0\]/],
    ['decreasing rowPtr', () => new CsrMatrix(2, 2, i32(0, 2, 1), i32(0, 1), f64(4)), /decreases at row 1/],
    ['column outside', () => new CsrMatrix(1, 2, i32(0, 1), i32(2), f64(2)), /outside 2 columns/],
    ['negative column', () => new CsrMatrix(1, 2, i32(0, 1), i32(-1), f64(2)), /outside 2 columns/],
    ['values too short', () => new CsrMatrix(1, 2, i32(0, 2), i32(0, 1), f64(3)), /shorter than nnz/],
    ['triplet lengths', () => CsrMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1], [0]), /differ in length/],
    ['triplet outside', () => CsrMatrix.fromTriplets(2, 2, [0, 2], [0, 1], [1, 1], [0, 0]), /outside a 2×2/],
    ['repeated entry', () => invertPermutation(i32(0, 0, 2)), /not a permutation.*repeated/],
    ['entry out of range', () => invertPermutation(i32(0, 3, 1)), /not a permutation/],
  ];
  for (const [what, f, message] of bad) assert.throws(f, (e: unknown) => e instanceof LinalgError && message.test(e.message), what);
  // well-formed input still works: an empty row, the empty matrix, and a permutation's inverse
  const m = new CsrMatrix(3, 2, i32(0, 1, 1, 3), i32(1, 0, 1), Float64Array.from([1, 0, 2, 0, 3, 0]));
  assert.deepEqual(Array.from(m.toDense().data), [0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 3, 0]);
  assert.equal(new CsrMatrix(0, 0, i32(0), i32(), f64(0)).nnz, 0);
  assert.deepEqual(Array.from(invertPermutation(i32(2, 0, 1))), [1, 2, 0]);
});
