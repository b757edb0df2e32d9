/**
 * Reused buffers in the numerical kernels: a real LU workspace refactored many times gives the factors of
 * a fresh factorisation, also after a failure; the extra-precise refinement reaches componentwise accuracy
 * on badly scaled solutions and ignores auxiliary unknowns when told to; norm2's one-pass path agrees with
 * a scaled two-pass sum across the exponent range; the Hermitian part is (A + A†)/2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseLuReal, denseLuReal } from '../../src/linalg/lu.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { refineSolutionReal, type RealCsr } from '../../src/linalg/refine.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { randomDense, rng } from './random.ts';

test('DenseLuReal.refactor: same factors as a fresh factorisation, for many matrices in one workspace, also after a failure', () => {
  const n = 6, ws = DenseLuReal.workspace(n), r = rng(11);
  for (let k = 0; k < 50; k++) {
    const a = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
    if (k % 7 === 3) {
      // singular (two equal rows) or non-finite: an error, and the workspace stays usable
      const bad = a.slice();
      for (let j = 0; j < n; j++) bad[n + j] = bad[j];
      assert.throws(() => ws.refactor(bad), LinalgError);
      bad[0] = NaN;
      assert.throws(() => ws.refactor(bad), LinalgError);
    }
    const fresh = denseLuReal(n, a);
    ws.refactor(a);
    assert.deepEqual(Array.from(ws.lu), Array.from(fresh.lu));
    assert.deepEqual(Array.from(ws.perm), Array.from(fresh.perm));
    assert.equal(ws.permSign, fresh.permSign);
    assert.equal(ws.minPivot, fresh.minPivot);
    assert.equal(ws.maxPivot, fresh.maxPivot);
    const b = Float64Array.from({ length: n }, () => r());
    assert.deepEqual(Array.from(ws.solve(b)), Array.from(fresh.solve(b)));
  }
  assert.throws(() => ws.refactor(new Float64Array(n * n - 1)), LinalgError);
});

/** Dense row-major n×n as a RealCsr with every entry stored. */
function denseCsr(n: number, a: Float64Array): RealCsr {
  return { rows: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i * n), colIdx: Int32Array.from({ length: n * n }, (_, p) => p % n), values: a };
}

test('refineSolutionReal: componentwise accuracy for solutions spanning 1e-12…1, and `judged` leaves an auxiliary unknown out of the stopping test', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 12 }), fc.integer(), (n, seed) => {
    const r = rng(seed);
    // A = D1·M·D2 with a well-conditioned M; x_true with entries of wildly different sizes.
    const m = Float64Array.from({ length: n * n }, (_, p) => (p % (n + 1) === 0 ? n : 0) + r() - 0.5);
    const xt = Float64Array.from({ length: n }, (_, i) => (1 + r()) * 10 ** (-12 * i / (n - 1)));
    const b = new Float64Array(n);
    // b = M·x_true, exactly enough: accumulate in long double-ish by sorting magnitudes (small first).
    for (let i = 0; i < n; i++) {
      const terms = Array.from({ length: n }, (_, j) => m[i * n + j] * xt[j]).sort((u, v) => Math.abs(u) - Math.abs(v));
      b[i] = terms.reduce((s, t) => s + t, 0);
    }
    const lu = denseLuReal(n, m), x = lu.solve(b);
    const steps = refineSolutionReal(denseCsr(n, m), lu, b, x, 5);
    assert.ok(steps >= 1 && steps <= 5);
    // the refined x solves the rounded system b to full componentwise accuracy: compare with a
    // refinement to convergence from scratch (10 steps), which must agree to a few ulps per component
    const y = lu.solve(b);
    refineSolutionReal(denseCsr(n, m), lu, b, y, 10);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i] - y[i]) <= 8 * 2 ** -52 * Math.abs(y[i]), `component ${i}: ${x[i]} vs ${y[i]}`);
  }), { numRuns: 60, seed: 7 });
  // A bordered system [[A, 1], [1ᵀ, 0]] whose multiplier is exactly 0: judged over the first n unknowns the
  // refinement stops early; judged over all it runs to the step limit chasing the multiplier's round-off.
  const a = Float64Array.of(-1, 1, 1, 1, -1, 1, 1, 1, 0), b = Float64Array.of(0, 0, 1);
  const lu = denseLuReal(3, a), csr = denseCsr(3, a);
  const x1 = lu.solve(b), x2 = lu.solve(b);
  const judged = refineSolutionReal(csr, lu, b, x1, 6, undefined, 2);
  assert.ok(judged <= 2, `judged on the populations: ${judged} steps`);
  assert.ok(Math.abs(x1[0] - 0.5) < 1e-16 && Math.abs(x1[1] - 0.5) < 1e-16);
  refineSolutionReal(csr, lu, b, x2, 6);
  assert.equal(x2[0], x1[0]);
});

test('norm2: the one-pass sum and the scaled sum agree over the exponent range; overflow and underflow are avoided', () => {
  const r = rng(3);
  for (let e = -300; e <= 300; e += 25) {
    const x = Float64Array.from({ length: 17 }, () => (r() - 0.5) * 10 ** e);
    let scale = 0;
    for (const v of x) scale = Math.max(scale, Math.abs(v));
    let s = 0;
    for (const v of x) s += (v / scale) ** 2;
    const ref = scale * Math.sqrt(s);
    assert.ok(Math.abs(norm2(x) - ref) <= 4 * 2 ** -52 * ref, `1e${e}: ${norm2(x)} vs ${ref}`);
  }
  assert.equal(norm2(Float64Array.of(Infinity, 1)), Infinity);
  assert.equal(norm2(Float64Array.of(Number.MIN_VALUE)), Number.MIN_VALUE);
});

test('hermitianPart is (A + A†)/2 entry by entry', () => {
  const a = randomDense(5, 5, rng(9)), h = a.hermitianPart(), adj = a.adjoint();
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
    assert.equal(h.re(i, j), (a.re(i, j) + adj.re(i, j)) * 0.5);
    assert.equal(h.im(i, j), (a.im(i, j) + adj.im(i, j)) * 0.5);
  }
  assert.equal(h.hermiticityError(), 0);
  assert.throws(() => randomDense(2, 3, rng(1)).hermitianPart(), LinalgError);
});
