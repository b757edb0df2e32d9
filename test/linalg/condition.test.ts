import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equilibrateDense, equilibrateCsr, inversePowerOfTwo } from '../../src/linalg/equilibrate.ts';
import { componentwiseBound, componentwiseEstimate, denseInverse, EXACT_COMPONENTWISE, inverseNormEstimate, normOneDense, perturbationDense, SAFETY } from '../../src/linalg/condition.ts';
import { denseLuReal } from '../../src/linalg/lu.ts';
import { refineSolutionReal } from '../../src/linalg/refine.ts';
import { rng } from './random.ts';

test('inversePowerOfTwo: p·v ∈ [1, 2), p a power of two, over the whole double range', () => {
  for (const v of [1, 1.5, 2, 3, 1e-300, 5e-324, 2.2250738585072014e-308, 1e300, 1.7976931348623157e308, Math.PI, 0.1]) {
    const p = inversePowerOfTwo(v);
    assert.equal(Math.log2(p), Math.round(Math.log2(p)), `power of two for ${v}`);
    if (v >= 2.2250738585072014e-308 && v < 2 ** 1023) assert.ok(p * v >= 1 && p * v < 2, `${v}: ${p * v}`);
  }
  assert.equal(inversePowerOfTwo(5e-324), 2 ** 1022); // subnormal: the largest finite power that is safe
  assert.equal(inversePowerOfTwo(0), 1);
  assert.equal(inversePowerOfTwo(Infinity), 1);
  assert.equal(inversePowerOfTwo(NaN), 1);
});

test('equilibration is exact: R·A·C by powers of two, row and column maxima in [1/2, 1)', () => {
  const r = rng(3), n = 6, a = new Float64Array(n * n);
  for (let k = 0; k < a.length; k++) a[k] = (r() - 0.5) * 10 ** (40 * (r() - 0.5));
  const copy = Float64Array.from(a), rows = new Float64Array(n), cols = new Float64Array(n);
  equilibrateDense(a, n, rows, cols);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      assert.equal(a[i * n + j], rows[i] * copy[i * n + j] * cols[j], 'exact');
      m = Math.max(m, Math.abs(a[i * n + j]));
    }
    assert.ok(m >= 0.5 && m < 1, `row ${i} max ${m}`);
  }
  // the CSR form gives the same factors
  const rp = Int32Array.from({ length: n + 1 }, (_, i) => i * n), ci = Int32Array.from({ length: n * n }, (_, k) => k % n);
  const out = new Float64Array(n * n), rows2 = new Float64Array(n), cols2 = new Float64Array(n);
  equilibrateCsr(n, rp, ci, copy, rows2, cols2, out);
  assert.deepEqual(Array.from(out), Array.from(a));
  // a skipped row keeps factor 1 and does not influence the column factors
  const b = Float64Array.from(copy);
  b[2 * n + 3] = 1e200;
  equilibrateDense(b, n, rows2, cols2, 2);
  assert.equal(rows2[2], 1);
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (i !== 2) m = Math.max(m, Math.abs(copy[i * n + j]));
    assert.equal(cols2[j], 0.5 * inversePowerOfTwo(m), `column ${j} ignores the skipped row`);
  }
});

test('dense inverse, 1-norm condition and the componentwise bound against exactly known inverses', () => {
  // A = [[2, 1], [1, 1]]: A⁻¹ = [[1, −1], [−1, 2]], ‖A‖₁ = 3, ‖A⁻¹‖₁ = 3
  const a = Float64Array.from([2, 1, 1, 1]), inv = new Float64Array(4);
  const norm = denseInverse(denseLuReal(2, a), 2, inv, { b: new Float64Array(2), x: new Float64Array(2) });
  assert.deepEqual(Array.from(inv).map((v) => Math.round(v * 1e12) / 1e12), [1, -1, -1, 2]);
  assert.equal(norm, 3);
  assert.equal(normOneDense(a, 2), 3);
  // The first-order bound |A⁻¹|(η|A||y|) covers the actual change of y under entrywise perturbations |δA| ≤ η|A|.
  const r = rng(8), n = 5, eta = 1e-6;
  for (let trial = 0; trial < 30; trial++) {
    const m = Float64Array.from({ length: n * n }, () => r() - 0.5), b = Float64Array.from({ length: n }, () => r() - 0.5);
    const lu = denseLuReal(n, m), y = lu.solve(b);
    const work = { r: new Float64Array(n), d: new Float64Array(n) };
    refineSolutionReal({ rows: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i * n), colIdx: Int32Array.from({ length: n * n }, (_, k) => k % n), values: m }, lu, b, y, 3, work);
    const invM = new Float64Array(n * n), g = new Float64Array(n), e = new Float64Array(n);
    denseInverse(lu, n, invM, { b: new Float64Array(n), x: new Float64Array(n) });
    perturbationDense(m, n, y, new Float64Array(n), eta, g);
    componentwiseBound(invM, n, g, e);
    const mp = Float64Array.from(m, (v) => v * (1 + eta * (2 * r() - 1)));
    const yp = denseLuReal(n, mp).solve(b);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(yp[i] - y[i]) <= 1.01 * e[i] + 1e-12 * Math.abs(y[i]), `trial ${trial}, y_${i}: change ${Math.abs(yp[i] - y[i])} vs bound ${e[i]}`);
  }
});

test('inverse-norm estimate is a lower bound close to ‖A⁻¹‖₂; the componentwise estimate of a small system is exact', () => {
  // diag(1, 1e-3, 1e-9): ‖A⁻¹‖₂ = 1e9
  const d = [1, 1e-3, 1e-9], solve = { solve: (b: Float64Array, out: Float64Array) => { for (let i = 0; i < 3; i++) out[i] = b[i] / d[i]; return out; } };
  const est = inverseNormEstimate(solve, 3, 4, { b: new Float64Array(3), x: new Float64Array(3) });
  assert.ok(est <= 1e9 * (1 + 1e-12) && est > 1e8, `estimate ${est}`);
  const g = Float64Array.from([1e-16, 1e-16, 1e-16]), e = new Float64Array(3);
  componentwiseEstimate(solve, 3, g, e, { b: new Float64Array(3), x: new Float64Array(3) });
  [1e-16, 1e-13, 1e-7].forEach((v, i) => assert.ok(Math.abs(e[i] - v) <= 1e-15 * v, `e_${i} = ${e[i]} vs ${v} (exact below the limit)`));
});

test('componentwise estimate: a row of A⁻¹ whose two terms cancel in one sign draw is still seen (every pair of unknowns, n above the exact limit)', () => {
  // A⁻¹ = 1e-6·I + e_0(e_j − e_k)ᵀ or e_0(e_j + e_k)ᵀ, g = 1: the exact (|A⁻¹|g)_0 is 2 (+1e-6 when j or k is 0)
  const n = EXACT_COMPONENTWISE + 37, g = new Float64Array(n).fill(1), e = new Float64Array(n), work = { b: new Float64Array(n), x: new Float64Array(n) };
  let missed = 0, pairs = 0;
  for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) for (const sign of [-1, 1]) {
    const solve = { solve: (b: Float64Array, out: Float64Array) => { for (let i = 0; i < n; i++) out[i] = 1e-6 * b[i]; out[0] += b[j] + sign * b[k]; return out; } };
    componentwiseEstimate(solve, n, g, e, work);
    pairs++;
    if (!(e[0] >= 2)) missed++;
    for (let i = 1; i < n; i++) assert.ok(e[i] >= 1e-6 && e[i] <= SAFETY * 1e-6 * (1 + 1e-12), `e_${i} = ${e[i]}`);
  }
  assert.equal(missed, 0, `${missed} of ${pairs} cancelling pairs underestimated`);
});

test('componentwise estimate is exact up to the exact limit (n solves)', () => {
  const n = EXACT_COMPONENTWISE, r = rng(3), inv = Float64Array.from({ length: n * n }, () => r() - 0.5);
  const solve = { solve: (b: Float64Array, out: Float64Array) => { for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += inv[i * n + j] * b[j]; out[i] = s; } return out; } };
  const g = Float64Array.from({ length: n }, () => r()), e = new Float64Array(n), exact = new Float64Array(n);
  componentwiseEstimate(solve, n, g, e, { b: new Float64Array(n), x: new Float64Array(n) });
  componentwiseBound(inv, n, g, exact);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(e[i] - exact[i]) <= 1e-13 * exact[i], `e_${i} = ${e[i]} vs ${exact[i]}`);
});
