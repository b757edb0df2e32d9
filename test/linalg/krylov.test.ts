import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { denseLu } from '../../src/linalg/lu.ts';
import { ilu0, ilut } from '../../src/linalg/ilu.ts';
import { bicgstab, gmres, type KrylovResult } from '../../src/linalg/krylov.ts';
import type { LinearSolver } from '../../src/linalg/solver.ts';
import { maxDiff, randomSparse, randomVector, rng, vecNorm } from './random.ts';

const solvers = { gmres, bicgstab } as const;

function assertNoNaN(res: KrylovResult): void {
  for (const v of res.x) assert.ok(Number.isFinite(v), 'x has a non-finite entry');
  assert.ok(!Number.isNaN(res.residualNorm));
}

/** Random complex tridiagonal CSR matrix (diagonally dominant). */
function tridiagonal(n: number, r: () => number): CsrMatrix {
  const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [i - 1, i, i + 1]) {
      if (j < 0 || j >= n) continue;
      ri.push(i); ci.push(j);
      re.push(j === i ? 4 + r() : 2 * r() - 1);
      im.push(2 * r() - 1);
    }
  }
  return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
}

test('GMRES and BiCGSTAB reach the dense LU answer on random well-conditioned sparse systems', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }), fc.integer(), fc.integer({ min: 1, max: 6 }), fc.boolean(),
      fc.constantFrom<'gmres' | 'bicgstab'>('gmres', 'bicgstab'),
      fc.integer({ min: 2, max: 40 }),
      (n, seed, perRow, precondition, which, restart) => {
        // Restarted GMRES(m < n) needs a spectrum in a half-plane; full GMRES takes any phases.
        const spread = restart < n ? Math.PI / 2 : 2 * Math.PI;
        const r = rng(seed), a = randomSparse(n, perRow, 1.3, r, spread), b = randomVector(n, r);
        const exact = denseLu(a.toDense()).solve(b);
        const pre = precondition ? ilu0(a) : undefined;
        const res = solvers[which](a, b, { tol: 1e-12, maxIter: 500, restart, preconditioner: pre });
        assertNoNaN(res);
        assert.ok(res.converged, `${which} n=${n} did not converge: ${res.residualNorm}`);
        assert.ok(res.residualNorm <= 1e-12);
        assert.ok(maxDiff(res.x, exact) <= 1e-10 * vecNorm(exact), `${which} n=${n}`);
      },
    ),
    { numRuns: 60 },
  );
});

test('GMRES with restart ≥ n converges within n iterations; preconditioning cuts iterations', () => {
  const r = rng(31);
  for (const n of [5, 20, 40]) {
    const a = randomSparse(n, 4, 1.1, r), b = randomVector(n, r);
    const plain = gmres(a, b, { tol: 1e-10, restart: n, maxIter: 10 * n });
    assert.ok(plain.converged && plain.iterations <= n, `n=${n}: ${plain.iterations} iterations`);
    const pre = gmres(a, b, { tol: 1e-10, restart: n, maxIter: 10 * n, preconditioner: ilut(a, { dropTol: 1e-3 }) });
    assert.ok(pre.converged && pre.iterations <= plain.iterations);
  }
});

test('operator form {n, matvec}, x0, b = 0 and a non-square matrix', () => {
  const r = rng(8), n = 30, a = randomSparse(n, 3, 1.5, r), b = randomVector(n, r);
  const op = { n, matvec: (x: Float64Array, y: Float64Array) => a.matvec(x, y) };
  const exact = denseLu(a.toDense()).solve(b);
  for (const solve of [gmres, bicgstab]) {
    const res = solve(op, b, { tol: 1e-12 });
    assert.ok(res.converged && maxDiff(res.x, exact) < 1e-10);
    const warm = solve(a, b, { tol: 1e-12, x0: exact });
    assert.ok(warm.converged && warm.iterations <= 1);
    const zero = solve(a, new Float64Array(2 * n), { x0: exact });
    assert.ok(zero.converged && zero.residualNorm === 0 && zero.x.every((v) => v === 0));
    assert.throws(() => solve(CsrMatrix.zeros(2, 3), new Float64Array(4)), LinalgError);
    assert.throws(() => solve(a, new Float64Array(4)), LinalgError);
  }
});

test('breakdown and non-convergence return converged = false with finite iterates, never NaN', () => {
  const r = rng(12), n = 25, a = randomSparse(n, 4, 0.2, r), b = randomVector(n, r);
  const nanPre: LinearSolver = { n, solve: (_b, x = new Float64Array(2 * n)) => x.fill(NaN) };
  const singular = CsrMatrix.zeros(n);
  // A nilpotent shift: A·e_i = e_{i+1}; b = e_0 is not in its range.
  const shift = CsrMatrix.fromTriplets(n, n, Array.from({ length: n - 1 }, (_, i) => i + 1), Array.from({ length: n - 1 }, (_, i) => i),
    Array(n - 1).fill(1), Array(n - 1).fill(0));
  const e0 = new Float64Array(2 * n);
  e0[0] = 1;
  // Roots of unity on the diagonal with b = (1, …, 1): GMRES(m < n) stagnates completely.
  const roots = CsrMatrix.fromTriplets(n, n, [...Array(n).keys()], [...Array(n).keys()],
    Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n)), Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n)));
  const ones = new Float64Array(2 * n).map((_, k) => (k % 2 === 0 ? 1 : 0));
  const stuck = gmres(roots, ones, { restart: 5, maxIter: 100 });
  assert.ok(!stuck.converged && stuck.iterations === 100 && Math.abs(stuck.residualNorm - 1) < 1e-12);
  for (const solve of [gmres, bicgstab]) {
    const few = solve(a, b, { tol: 1e-14, maxIter: 2, restart: 2 });
    assertNoNaN(few);
    assert.equal(few.converged, false);
    assert.ok(few.iterations <= 2);
    for (const res of [solve(a, b, { preconditioner: nanPre }), solve(singular, b), solve(shift, e0, { maxIter: 200 })]) {
      assertNoNaN(res);
      assert.equal(res.converged, false);
    }
  }
});

test('ILU(0) of a tridiagonal matrix is an exact LU: one solve is the exact solution', () => {
  const r = rng(44);
  for (const n of [1, 2, 3, 10, 100]) {
    const a = tridiagonal(n, r), b = randomVector(n, r), f = ilu0(a);
    const x = f.solve(b);
    const ax = a.matvec(x);
    assert.ok(maxDiff(ax, b) < 1e-13 * vecNorm(b), `n=${n}`);
    const res = gmres(a, b, { tol: 1e-12, preconditioner: f });
    assert.ok(res.converged && res.iterations <= 1);
    const copy = b.slice();
    assert.deepEqual(f.solve(copy, copy), x); // in place
  }
});

test('ILU(0) reproduces A on its sparsity pattern; missing diagonals are inserted; zero pivots throw', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
      const r = rng(seed), a = randomSparse(n, 3, 1.2, r), f = ilu0(a);
      // Assemble L (unit lower) and U from the factor and compare (L·U)_ij with a_ij on the pattern.
      const l = DenseMatrix.identity(n), u = DenseMatrix.zeros(n);
      for (let i = 0; i < n; i++) {
        for (let p = f.rowPtr[i]; p < f.rowPtr[i + 1]; p++) {
          const j = f.colIdx[p];
          (j < i ? l : u).set(i, j, f.values[2 * p], f.values[2 * p + 1]);
        }
      }
      const lu = l.mul(u), scale = a.normFrobenius();
      for (let i = 0; i < n; i++) {
        for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
          const [zr, zi] = lu.get(i, a.colIdx[p]);
          assert.ok(Math.hypot(zr - a.values[2 * p], zi - a.values[2 * p + 1]) < 1e-13 * scale);
        }
      }
    }),
    { numRuns: 30 },
  );
  // Diagonal absent from the pattern but filled by the elimination: [[1, 1], [1, ·]] → U₁₁ = −1.
  const a = CsrMatrix.fromTriplets(2, 2, [0, 0, 1], [0, 1, 0], [1, 1, 1], [0, 0, 0]);
  assert.equal(maxDiff(ilu0(a).solve(Float64Array.of(2, 0, 1, 0)), Float64Array.of(1, 0, 1, 0)), 0);
  assert.throws(() => ilu0(CsrMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [1, 1], [0, 0])), LinalgError);
  assert.throws(() => ilu0(CsrMatrix.zeros(2, 3)), LinalgError);
});

test('ILUT with no dropping is the complete (unpivoted) LU; with dropping it stays a good preconditioner', () => {
  const r = rng(5);
  for (const n of [1, 6, 30]) {
    const a = randomSparse(n, 5, 1.2, r), b = randomVector(n, r);
    const full = ilut(a, { dropTol: 0, fill: n });
    assert.ok(maxDiff(full.solve(b), denseLu(a.toDense()).solve(b)) < 1e-12);
    const loose = ilut(a, { dropTol: 1e-2, fill: 3 });
    assert.ok(loose.nnz <= full.nnz);
    const res = bicgstab(a, b, { tol: 1e-12, preconditioner: loose });
    assert.ok(res.converged);
  }
  // A structurally singular matrix does not throw: the zero pivot is replaced.
  const sing = ilut(CsrMatrix.fromTriplets(2, 2, [0, 1], [1, 0], [1, 1], [0, 0]));
  assert.ok(sing.solve(Float64Array.of(1, 0, 1, 0)).every(Number.isFinite));
});
