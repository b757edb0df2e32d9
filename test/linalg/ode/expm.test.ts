import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../../src/linalg/dense.ts';
import { expm, norm1, padeCoefficients, propagateLinear } from '../../../src/linalg/ode/expm.ts';
import { OdeError } from '../../../src/linalg/ode/common.ts';
import { diagonalisable, maxAbs, maxDiff, randomMatrix, rng } from './helpers.ts';

const dist = (x: DenseMatrix, y: DenseMatrix) => x.sub(y).normFrobenius();

/** Σ_{k<terms} A^k/k! (only trustworthy for small ‖A‖). */
function taylor(a: DenseMatrix, terms: number): DenseMatrix {
  let term = DenseMatrix.identity(a.rows), sum = term;
  for (let k = 1; k < terms; k++) {
    term = term.mul(a).scale(1 / k);
    sum = sum.add(term);
  }
  return sum;
}

test('Padé coefficients: b_j = (2m−j)!m!/((2m)!j!(m−j)!), normalised b_0 = 1', () => {
  const b = padeCoefficients(13);
  assert.equal(b.length, 14);
  assert.equal(b[0], 1);
  assert.equal(b[1], 0.5);
  // Higham (2005) lists the integer coefficients b_0 = 64764752532480000, …, b_13 = 1.
  assert.ok(Math.abs(b[13] * 64764752532480000 - 1) < 1e-13);
  assert.ok(Math.abs(b[2] * 64764752532480000 / 7771770303897600 - 1) < 1e-13);
  assert.deepEqual(padeCoefficients(3).map((x) => x * 120), [120, 60, 12, 1]);
});

test('expm(0) = I exactly, and exp of a 0×0 matrix is 0×0', () => {
  for (const n of [1, 3, 7]) {
    const e = expm(DenseMatrix.zeros(n));
    assert.deepEqual(Array.from(e.data), Array.from(DenseMatrix.identity(n).data));
  }
  assert.equal(expm(DenseMatrix.zeros(0)).rows, 0);
});

test('expm of a nilpotent matrix is the finite polynomial I + N + N²/2 + N³/6', () => {
  const rand = rng(7);
  for (const scale of [0.01, 1, 30]) { // small norms use low Padé degrees; 30 forces scaling and squaring
    const nmat = new DenseMatrix(4, 4);
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) nmat.set(i, j, scale * (2 * rand() - 1), scale * (2 * rand() - 1));
    const n2 = nmat.mul(nmat), n3 = n2.mul(nmat);
    const exact = DenseMatrix.identity(4).add(nmat).add(n2, 0.5).add(n3, 1 / 6);
    const err = dist(expm(nmat), exact) / exact.normFrobenius();
    assert.ok(err < 1e-14, `scale ${scale}: relative error ${err}`);
  }
});

test('each Padé degree (‖A‖₁ just below θ₃, θ₅, θ₇, θ₉, and above θ₁₃) matches the Taylor series', () => {
  const rand = rng(11);
  const base = randomMatrix(5, rand);
  for (const target of [0.0149, 0.25, 0.95, 2.09, 3.0]) {
    const a = base.scale(target / norm1(base));
    const ref = taylor(a, 60);
    const err = dist(expm(a), ref) / ref.normFrobenius();
    assert.ok(err < 1e-14, `‖A‖₁ = ${target}: relative error ${err}`);
  }
});

test('expm agrees with the eigen-decomposition of a diagonalisable V·D·V⁻¹ (large norm, many squarings)', () => {
  const rand = rng(3);
  const { a, exact } = diagonalisable([[-3, 40], [-0.1, -25], [-8, 0], [0.2, 5], [-1, -1], [-50, 3]], rand);
  for (const t of [0.01, 1, 4]) {
    const ref = exact(t);
    const err = dist(expm(a.scale(t)), ref) / ref.normFrobenius();
    assert.ok(err < 1e-11, `t = ${t}: relative error ${err}`);
  }
});

test('property: expm(A)·expm(−A) = I and expm(diag) = diag(exp)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), fc.double({ min: 1e-3, max: 20, noNaN: true }), (n, seed, nrm) => {
      const base = randomMatrix(n, rng(seed));
      const a = base.scale(nrm / Math.max(norm1(base), 1e-300));
      const prod = expm(a).mul(expm(a.scale(-1)));
      // Rounding in e^{±A} is amplified by up to ‖e^{A}‖·‖e^{−A}‖ ≤ e^{2‖A‖}; for random A the observed
      // error stays below ~1e-14·e^{‖A‖}·n, so allow a factor 10 over that.
      const bound = 1e-13 * Math.exp(nrm) * n;
      return dist(prod, DenseMatrix.identity(n)) <= bound;
    }),
    { numRuns: 60, seed: 42 },
  );
  const d = DenseMatrix.diagonal([[-1, 2], [0.5, 0], [3, -7]]);
  const e = expm(d);
  const want = [[-1, 2], [0.5, 0], [3, -7]].map(([re, im]) => [Math.exp(re) * Math.cos(im), Math.exp(re) * Math.sin(im)]);
  want.forEach(([re, im], i) => {
    assert.ok(Math.abs(e.re(i, i) - re) < 1e-13 * Math.exp(3) && Math.abs(e.im(i, i) - im) < 1e-13 * Math.exp(3));
  });
  assert.equal(e.re(0, 1), 0);
});

test('expm rejects bad input and reports overflow instead of returning ∞/NaN', () => {
  assert.throws(() => expm(new DenseMatrix(2, 3)), OdeError);
  assert.throws(() => expm(DenseMatrix.diagonal([NaN])), /non-finite/);
  assert.throws(() => expm(DenseMatrix.diagonal([1000])), /overflow/);
});

test('propagateLinear: one exponential for equally spaced times, one per distinct gap otherwise', () => {
  const rand = rng(99);
  const { a, exact } = diagonalisable([[-0.2, 1], [-1, -2], [-0.01, 0.5], [-3, 0]], rand);
  const y0 = new Float64Array(8).map(() => rand() - 0.5);
  const uniform = Array.from({ length: 51 }, (_, k) => 0.1 * k); // 0.1·k is not exactly uniform in binary
  const r1 = propagateLinear(a, y0, uniform);
  assert.equal(r1.stats.expms, 1);
  const irregular = [0.5, 1, 1.5, 1.5, 3, 3.25, 4.75];
  const r2 = propagateLinear(a, y0, irregular);
  assert.equal(r2.stats.expms, 3); // gaps 0.5, 1.5, 0.25 (0 copies)
  for (const [times, r] of [[uniform, r1], [irregular, r2]] as const) {
    times.forEach((t, k) => {
      const ref = exact(t).matvec(y0);
      assert.ok(maxDiff(r.states[k], ref) < 1e-12 * Math.max(1, maxAbs(ref)), `t = ${t}`);
    });
  }
  const shifted = propagateLinear(a, y0, [2, 3], { t0: 1 });
  assert.ok(maxDiff(shifted.states[1], exact(2).matvec(y0)) < 1e-12);
  assert.throws(() => propagateLinear(a, y0, [0.5], { t0: 1 }), /before the start time/);
});

test('propagateLinear keeps gaps above the resolution of the times: a 5e-8 gap at t = 1e5 and a drifting grid are propagated, a uniform grid takes one exponential', () => {
  const omega = 1e4, a = new DenseMatrix(2, 2);
  a.data[2] = -omega; a.data[4] = omega; // A = [[0, −ω], [ω, 0]]: y(t) = R(ωt)·y0
  const y0 = Float64Array.from([1, 0, 0, 0]);
  const exact = (t: number) => [Math.cos(omega * t), Math.sin(omega * t)];
  const check = (times: number[], what: string) => {
    const { states } = propagateLinear(a, y0, times);
    times.forEach((t, k) => {
      const [c, s] = exact(t);
      const err = Math.hypot(states[k][0] - c, states[k][2] - s);
      assert.ok(err <= 1e-6, `${what}: t = ${t}: error ${err}`); // rounding ~ε·‖A‖·t ≈ 2e-7
    });
  };
  check([0, 1e5, 1e5 + 5e-8], 'short last gap'); // was copied: error 5e-4
  const drift = [0, 1e5];
  for (let k = 1; k <= 200; k++) drift.push(drift[drift.length - 1] + (k <= 100 ? 1e-3 + 5e-8 : 1e-3 - 5e-8));
  check(drift, 'gaps differing by ±5e-8'); // all replaced by the mean gap: error up to 5e-2
  const uniform = Array.from({ length: 101 }, (_, k) => (10 * k) / 100);
  check(uniform, 'uniform grid');
  assert.equal(propagateLinear(a, y0, uniform).stats.expms, 1, 'a uniform grid starting at t0: one exponential');
});
