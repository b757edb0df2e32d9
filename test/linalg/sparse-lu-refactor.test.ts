import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { sparseLu } from '../../src/linalg/sparse-lu.ts';
import { RealLuRefactor } from '../../src/linalg/sparse-lu-refactor.ts';
import { rng } from './sparse-fixtures.ts';

/** A random real n×n pattern with a full diagonal and about `perRow` further entries per row. */
function randomPattern(n: number, perRow: number, r: () => number): { rowPtr: Int32Array; colIdx: Int32Array } {
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < n; i++) {
    ri.push(i); ci.push(i);
    for (let t = 0; t < perRow; t++) { ri.push(i); ci.push(Math.floor(r() * n)); }
  }
  const m = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
  return { rowPtr: m.rowPtr, colIdx: m.colIdx };
}

/** The complex CSR matrix (zero imaginary parts) with real values v on the pattern. */
function asComplex(n: number, p: { rowPtr: Int32Array; colIdx: Int32Array }, v: Float64Array): CsrMatrix {
  const z = new Float64Array(2 * v.length);
  for (let k = 0; k < v.length; k++) z[2 * k] = v[k];
  return new CsrMatrix(n, n, p.rowPtr, p.colIdx, z);
}

const same = (a: Float64Array, b: Float64Array): boolean => a.every((x, k) => x === b[k]);

for (const [name, values] of [
  ['continuous values', (r: () => number) => 2 * r() - 1],
  ['values from {−2, −1, 1, 2} (exact ties between pivot candidates)', (r: () => number) => [-2, -1, 1, 2][Math.floor(4 * r())]],
] as const) {
  test(`RealLuRefactor reproduces a fresh factorisation bit for bit or declines, ${name}`, () => {
    const r = rng(11);
    let accepted = 0, declined = 0;
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + Math.floor(r() * 40), pat = randomPattern(n, 3, r), nnz = pat.rowPtr[n];
      const v = Float64Array.from({ length: nnz }, () => values(r));
      const first = sparseLu(asComplex(n, pat, v), { recordCandidates: true });
      const re = new RealLuRefactor(pat.rowPtr, pat.colIdx, first.factors);
      for (let step = 0; step < 6; step++) {
        for (let k = 0; k < nnz; k++) if (r() < 0.3) v[k] = values(r);
        let fresh;
        try {
          fresh = sparseLu(asComplex(n, pat, v), { ordering: first.ordering, recordCandidates: true });
        } catch (e) {
          assert.ok(e instanceof LinalgError);
          assert.equal(re.refactor(v, 0.1, 1e-14), false, 'a singular matrix is declined');
          continue;
        }
        const ok = re.refactor(v, 0.1, 1e-14);
        const pivotsAgree = same(Float64Array.from(fresh.rowPermutation), Float64Array.from((re as unknown as { prow: Int32Array }).prow));
        assert.equal(ok, pivotsAgree, 'accepted exactly when a fresh factorisation picks the recorded pivots');
        if (!ok) { declined++; continue; }
        accepted++;
        const b = Float64Array.from({ length: 2 * n }, () => 2 * r() - 1);
        assert.ok(same(re.solve(b), fresh.solve(b)), 'complex right-hand side: the same solution bit for bit');
        const br = Float64Array.from({ length: n }, () => 2 * r() - 1), bz = new Float64Array(2 * n);
        br.forEach((x, k) => { bz[2 * k] = x; });
        const xr = re.solveReal(br), xz = fresh.solve(bz);
        assert.ok(xr.every((x, k) => x === xz[2 * k]), 'real right-hand side: the real parts bit for bit');
      }
    }
    assert.ok(accepted > 20 && declined > 0, `both outcomes exercised (${accepted} accepted, ${declined} declined)`);
  });
}

test('RealLuRefactor needs the recorded pivot candidates; solves check lengths', () => {
  const pat = randomPattern(4, 1, rng(3)), v = Float64Array.from({ length: pat.rowPtr[4] }, (_, k) => k + 1);
  assert.throws(() => new RealLuRefactor(pat.rowPtr, pat.colIdx, sparseLu(asComplex(4, pat, v)).factors), LinalgError);
  const re = new RealLuRefactor(pat.rowPtr, pat.colIdx, sparseLu(asComplex(4, pat, v), { recordCandidates: true }).factors);
  assert.throws(() => re.solve(new Float64Array(6)), LinalgError);
  assert.throws(() => re.solveReal(new Float64Array(3)), LinalgError);
});
