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
