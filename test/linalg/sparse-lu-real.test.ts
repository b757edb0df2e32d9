/**
 * The Gilbert–Peierls kernel's real mode (sparse-lu-factor.ts, `real: true`): on real matrices it must give
 * the complex mode's factors bit for bit (same pivots, patterns, candidates; values equal to the complex
 * factors' real parts, whose imaginary parts are exact zeros) — random patterns, forced off-diagonal pivots,
 * exact ties, a dense tail, structurally and numerically singular matrices (same error) — and a
 * RealLuRefactor built on it solves A x = b (checked by the residual against an independent CSR product)
 * and refactorises the same values to the same bits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { computeOrdering } from '../../src/linalg/sparse-lu.ts';
import { factorGilbertPeierls, type FactorOptions, type LuFactors } from '../../src/linalg/sparse-lu-factor.ts';
import { RealLuRefactor } from '../../src/linalg/sparse-lu-refactor.ts';
import { cscPattern } from '../../src/linalg/csc-pattern.ts';
import { rng } from './sparse-fixtures.ts';

/** A random real n×n matrix: about `perRow` entries per row, the diagonal present but scaled by `diag` (small: off-diagonal pivots). */
function randomReal(n: number, perRow: number, diag: number, values: (r: () => number) => number, r: () => number) {
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < n; i++) {
    ri.push(i); ci.push(i);
    for (let t = 0; t < perRow; t++) { ri.push(i); ci.push(Math.floor(r() * n)); }
  }
  const pat = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
  const v = new Float64Array(pat.nnz);
  for (let i = 0; i < n; i++) for (let p = pat.rowPtr[i]; p < pat.rowPtr[i + 1]; p++) v[p] = (pat.colIdx[p] === i ? diag : 1) * values(r);
  return { rowPtr: pat.rowPtr, colIdx: pat.colIdx, v };
}

/** Both modes on the same matrix (column order), or the LinalgError each threw. */
function bothModes(n: number, m: { rowPtr: Int32Array; colIdx: Int32Array; v: Float64Array }, q: Int32Array, extra: Partial<FactorOptions>) {
  const csc = cscPattern(m.rowPtr, m.colIdx, n), nnz = m.v.length;
  const re = new Float64Array(nnz), z = new Float64Array(2 * nnz);
  for (let t = 0; t < nnz; t++) { re[t] = m.v[csc.src[t]]; z[2 * t] = re[t]; }
  const opts: FactorOptions = { pivotThreshold: 0.1, singularTolerance: 1e-14, recordCandidates: true, ...extra };
  const run = (f: () => LuFactors): LuFactors | string => {
    try { return f(); } catch (e) { assert.ok(e instanceof LinalgError); return `${e.kind}: ${e.message}`; }
  };
  return {
    csc,
    complex: run(() => factorGilbertPeierls(new CsrMatrix(n, n, csc.colPtr, csc.rowIdx, z), q, opts)),
    real: run(() => factorGilbertPeierls({ rows: n, rowPtr: csc.colPtr, colIdx: csc.rowIdx, values: re, nnz }, q, { ...opts, real: true })),
  };
}

const ints = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((x, k) => x === b[k]);
/** Real values equal to the complex ones' real parts, and the imaginary parts all exactly zero. */
function realParts(real: Float64Array, complex: Float64Array): boolean {
  if (complex.length !== 2 * real.length) return false;
  for (let k = 0; k < real.length; k++) if (real[k] !== complex[2 * k] || complex[2 * k + 1] !== 0) return false;
  return true;
}

for (const [name, values, diag] of [
  ['continuous values', (r: () => number) => 2 * r() - 1, 1],
  ['values from {−2, −1, 1, 2} (exact ties)', (r: () => number) => [-2, -1, 1, 2][Math.floor(4 * r())], 1],
  ['weak diagonals (off-diagonal pivots)', (r: () => number) => 2 * r() - 1, 1e-3],
] as const) {
  test(`real-mode kernel = complex mode bit for bit on real matrices, ${name}; RealLuRefactor on it solves and refactorises`, () => {
    const r = rng(23);
    let offDiagonal = 0, tails = 0;
    for (let trial = 0; trial < 30; trial++) {
      const n = 5 + Math.floor(r() * 60), m = randomReal(n, 3, diag, values, r);
      const q = computeOrdering(new CsrMatrix(n, n, m.rowPtr, m.colIdx, new Float64Array(2 * m.v.length)), trial % 2 ? 'amd' : 'natural');
      const denseFrom = trial % 3 === 0 ? Math.floor(n / 2) : undefined;
      const { csc, complex: c, real: f } = bothModes(n, m, q, denseFrom === undefined ? {} : { denseFrom });
      if (typeof c === 'string' || typeof f === 'string') { assert.equal(f, c, 'the same error'); continue; }
      assert.equal(f.real, true);
      assert.ok(ints(f.Lp, c.Lp) && ints(f.Li, c.Li) && ints(f.Up, c.Up) && ints(f.Ui, c.Ui) && ints(f.prow, c.prow), 'same patterns and pivots');
      assert.ok(ints(f.candidates!.ptr, c.candidates!.ptr) && ints(f.candidates!.idx, c.candidates!.idx), 'same candidates');
      assert.ok(realParts(f.Lx, c.Lx) && realParts(f.Ux, c.Ux) && realParts(f.Ud, c.Ud), 'same values');
      assert.deepEqual([f.minPivot, f.maxPivot, f.offDiagonalPivots, f.flops, f.denseFrom], [c.minPivot, c.maxPivot, c.offDiagonalPivots, c.flops, c.denseFrom]);
      offDiagonal += f.offDiagonalPivots;
      const lu = new RealLuRefactor(m.rowPtr, m.colIdx, f, csc);
      try { lu.completeTail(m.v, 1e-14); } catch (e) { assert.ok(e instanceof LinalgError); continue; }
      if (denseFrom !== undefined) tails++;
      const b = Float64Array.from({ length: n }, () => 2 * r() - 1), x = lu.solveReal(b);
      let res = 0, scale = 0;
      for (let i = 0; i < n; i++) {
        let s = -b[i], a = Math.abs(b[i]);
        for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) { s += m.v[p] * x[m.colIdx[p]]; a += Math.abs(m.v[p] * x[m.colIdx[p]]); }
        res = Math.max(res, Math.abs(s)); scale = Math.max(scale, a);
      }
      assert.ok(res <= 1e-10 * scale, `residual ${res} (scale ${scale})`);
      const before = { Lx: Float64Array.from((lu as unknown as { Lx: Float64Array }).Lx), x: Float64Array.from(x) };
      assert.equal(lu.refactor(m.v, 0.1, 1e-14), true, 'the same values refactorise with the recorded pivots');
      assert.ok(before.Lx.every((v, k) => v === (lu as unknown as { Lx: Float64Array }).Lx[k]), 'refactorised L bit for bit');
      assert.ok(lu.solveReal(b).every((v, k) => v === before.x[k]), 'the same solution bit for bit');
    }
    if (diag < 1) assert.ok(offDiagonal > 0, 'weak diagonals forced off-diagonal pivots');
    assert.ok(tails > 0, 'some trials had a dense tail');
  });
}

test('real-mode kernel: structurally and numerically singular matrices give the complex mode\'s error', () => {
  // Structurally singular: column 0 empty (every row stores columns 1, 2 only). Numerically singular:
  // rows (1, 2, 1), (0, 3, 1), (1, 5, 2) — the third is the sum of the first two.
  const empty = { rowPtr: Int32Array.from([0, 2, 4, 6]), colIdx: Int32Array.from([1, 2, 1, 2, 1, 2]), v: Float64Array.from([1, 2, 3, 4, 5, 6]) };
  const dependent = { rowPtr: Int32Array.from([0, 3, 5, 8]), colIdx: Int32Array.from([0, 1, 2, 1, 2, 0, 1, 2]), v: Float64Array.from([1, 2, 1, 3, 1, 1, 5, 2]) };
  for (const [m, code] of [[empty, 'singular'], [dependent, 'singular']] as const) {
    const { complex, real } = bothModes(3, m, Int32Array.from([0, 1, 2]), {});
    assert.equal(typeof real, 'string');
    assert.equal(real, complex);
    assert.ok((real as string).startsWith(code));
  }
});
