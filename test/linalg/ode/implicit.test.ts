import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../../src/linalg/dense.ts';
import { CsrMatrix } from '../../../src/linalg/sparse.ts';
import { denseLu } from '../../../src/linalg/lu.ts';
import { implicitLinear, shiftedIdentity } from '../../../src/linalg/ode/implicit.ts';
import { RATIONAL6, SDIRK4, SDIRK4_TABLEAU, laguerre } from '../../../src/linalg/ode/schemes.ts';
import { denseLu as luOf } from '../../../src/linalg/lu.ts';
import { dopri5 } from '../../../src/linalg/ode/dopri5.ts';
import { cvec, diagonalisable, maxAbs, maxDiff, rng } from './helpers.ts';

/** R(z) = 1 + z·bᵀ(I − zA)⁻¹𝟙 of the SDIRK4 tableau for weights w, complex z = (zr, zi). */
function stabilityFunction(w: ReadonlyArray<number>, zr: number, zi: number): [number, number] {
  const s = w.length, xr: number[] = [], xi: number[] = [], { a, gamma } = SDIRK4_TABLEAU;
  for (let i = 0; i < s; i++) {
    let sr = 1, si = 0;
    for (let j = 0; j < i; j++) {
      sr += a[i][j] * (zr * xr[j] - zi * xi[j]);
      si += a[i][j] * (zr * xi[j] + zi * xr[j]);
    }
    const dr = 1 - gamma * zr, di = -gamma * zi, den = dr * dr + di * di;
    xr.push((sr * dr + si * di) / den);
    xi.push((si * dr - sr * di) / den);
  }
  let br = 0, bi = 0;
  for (let i = 0; i < s; i++) { br += w[i] * xr[i]; bi += w[i] * xi[i]; }
  return [1 + zr * br - zi * bi, zr * bi + zi * br];
}

/** R(z) of a scheme, measured by running one step on the 1×1 system y′ = z·y with h = 1. */
function schemeR(scheme: typeof RATIONAL6, zr: number, zi: number): { r: [number, number]; est: [number, number] } {
  const m = DenseMatrix.fromRows([[[1 - scheme.gamma * zr, -scheme.gamma * zi]]]);
  const y = cvec([[1, 0]]), yNew = new Float64Array(2), est = new Float64Array(2);
  const work = Array.from({ length: scheme.workVectors }, () => new Float64Array(2));
  scheme.step(luOf(m), y, yNew, est, work);
  return { r: [yNew[0], yNew[1]], est: [est[0], est[1]] };
}

test('SDIRK4 tableau: linear order conditions bᵀAᵏ𝟙 = 1/(k+1)! (order 4, embedded 3), L-stable', () => {
  const fact = [1, 1, 2, 6, 24, 120];
  const moment = (w: ReadonlyArray<number>, k: number) => {
    let v = [1, 1, 1, 1, 1];
    for (let r = 0; r < k; r++) v = SDIRK4_TABLEAU.a.map((row: ReadonlyArray<number>) => row.reduce((acc, x, j) => acc + x * v[j], 0));
    return w.reduce((acc, x, i) => acc + x * v[i], 0);
  };
  const { b, bHat } = SDIRK4_TABLEAU;
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(moment(b, k) * fact[k + 1] - 1) < 1e-13, `b, k = ${k}`);
  assert.ok(Math.abs(moment(b, 4) * fact[5] - 1) > 0.05); // exactly order 4
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(moment(bHat, k) * fact[k + 1] - 1) < 1e-13, `b̂, k = ${k}`);
  assert.deepEqual([...b], [...SDIRK4_TABLEAU.a[4]]); // stiffly accurate
  for (let y = -200; y <= 200; y += 0.05) {
    const [r, i] = stabilityFunction(b, 0, y);
    assert.ok(Math.hypot(r, i) <= 1 + 1e-12, `|R(${y}i)| > 1`);
  }
  assert.ok(Math.hypot(...stabilityFunction(b, -1e12, 0)) < 1e-10); // R(∞) = 0
  // The implemented step reproduces the tableau's stability function.
  for (const [zr, zi] of [[-0.3, 0.2], [-5, 40], [0, 1]]) {
    const got = schemeR(SDIRK4, zr, zi).r, want = stabilityFunction(b, zr, zi);
    assert.ok(Math.hypot(got[0] - want[0], got[1] - want[1]) < 1e-13);
  }
});

test('rational6: order 6, A-stable on the imaginary axis, R(∞) = 0, estimate tracks the true error', () => {
  const x = 1 / RATIONAL6.gamma;
  assert.ok(Math.abs(laguerre(6, 0, x)) < 1e-12 && Math.abs(x - 2.9927363) < 1e-6);
  // R(z) − e^z = O(z⁷): halving z divides the error by ≈ 2⁷.
  const err = (z: number) => Math.abs(schemeR(RATIONAL6, 0, z).r[0] - Math.cos(z)) + Math.abs(schemeR(RATIONAL6, 0, z).r[1] - Math.sin(z));
  const ratio = err(0.4) / err(0.2);
  assert.ok(ratio > 100 && ratio < 160, `error ratio ${ratio} (expected ≈ 128)`);
  for (let y = -300; y <= 300; y += 0.03) {
    const [r, i] = schemeR(RATIONAL6, 0, y).r;
    assert.ok(Math.hypot(r, i) <= 1 + 1e-12, `|R(${y}i)| = ${Math.hypot(r, i)}`);
  }
  for (const [zr, zi] of [[-0.5, 3], [-20, 1], [-3, -7], [-1e-3, 0.5]]) {
    const [r, i] = schemeR(RATIONAL6, zr, zi).r;
    assert.ok(Math.hypot(r, i) <= 1, `|R(${zr}+${zi}i)| > 1`);
  }
  assert.ok(Math.hypot(...schemeR(RATIONAL6, -1e12, 0).r) < 1e-9);
  // On the negative real axis the estimate is within a factor 3 of |R(z) − e^z| (small z: ≈ κ = 3 times it).
  for (const z of [0.05, 0.3, 1, 3, 10, 100, 1e4]) {
    const { r, est } = schemeR(RATIONAL6, -z, 0);
    const trueErr = Math.abs(r[0] - Math.exp(-z)), e = Math.hypot(...est);
    assert.ok(e > trueErr && e < 4 * trueErr, `z = −${z}: estimate ${e} vs true ${trueErr}`);
  }
});

test('shiftedIdentity(A)(s) = I + s·A, also when A has structurally missing diagonal entries', () => {
  const a = CsrMatrix.fromTriplets(4, 4, [0, 0, 1, 2, 3, 3], [1, 3, 1, 0, 2, 3], [1, 2, 3, 4, 5, 6], [0.5, 0, -1, 0, 2, 0]);
  const m = shiftedIdentity(a)(-0.3);
  const ref = DenseMatrix.identity(4).add(a.toDense(), -0.3);
  assert.ok(m.toDense().sub(ref).normFrobenius() < 1e-15);
  assert.equal(m.nnz, 8);
});

test('stiff system (eigenvalues −1e-3 and −1e4): implicit meets the tolerance with far fewer steps than dopri5', () => {
  const lf = -1e-3, ls = -1e4, c = 50;
  const a = CsrMatrix.fromDense(DenseMatrix.fromRows([[lf, c], [0, ls]]));
  const y0 = cvec([[1, 0], [1, 0]]);
  const exact = (t: number) => cvec([[Math.exp(lf * t) + c * (Math.exp(ls * t) - Math.exp(lf * t)) / (ls - lf), 0], [Math.exp(ls * t), 0]]);
  const times = [1e-4, 1e-3, 0.01, 0.1, 1, 5, 10];
  const rtol = 1e-8, atol = 1e-10;
  const rat = implicitLinear(a, y0, times, { rtol, atol });
  const sdirk = implicitLinear(a, y0, times, { rtol, atol, scheme: 'sdirk4' });
  const exp = dopri5((_t, y, dy) => { a.matvec(y, dy); }, y0, times, { rtol, atol });
  times.forEach((t, k) => {
    const ref = exact(t);
    for (const [name, r] of [['rational6', rat], ['sdirk4', sdirk], ['dopri5', exp]] as const) {
      const err = maxDiff(r.states[k], ref);
      assert.ok(err < 10 * (rtol * maxAbs(ref) + atol), `${name} t = ${t}: error ${err}`);
    }
  });
  // dopri5 is stability-limited (h ≲ 3.3/1e4) and needs ~3e4 steps.
  assert.ok(exp.stats.steps > 20000, `dopri5 ${exp.stats.steps} steps`);
  assert.ok(rat.stats.steps < 150 && rat.stats.steps * 200 < exp.stats.steps, `rational6 ${rat.stats.steps} steps`);
  assert.ok(sdirk.stats.steps < 500 && sdirk.stats.steps * 50 < exp.stats.steps, `sdirk4 ${sdirk.stats.steps} steps`);
  assert.ok(rat.stats.factorizations < 40, `${rat.stats.factorizations} factorisations`);
});

test('eigenvalues spanning 1e-4 … 1e4 (complex, V·D·V⁻¹): implicit is accurate to its tolerance', () => {
  const rand = rng(2024);
  const lambdas: Array<[number, number]> = [[-1e-4, 0], [-1e-3, 0.02], [-1e-3, -0.02], [-0.01, 0], [-0.1, 0.3],
    [-1, 0], [-10, 5], [-100, 0], [-1e3, 300], [-1e4, 0]];
  const { a, exact } = diagonalisable(lambdas, rand);
  const y0 = new Float64Array(2 * lambdas.length).map(() => 2 * rand() - 1);
  const times = [0, 1e-3, 0.1, 1, 10, 100, 1000, 5000];
  // The mode −1e-3 ± 0.02i oscillates until t = 5000, so steps grow like rtol^(−1/7) (rational6) or
  // rtol^(−1/4) (sdirk4, controlled by its 3rd-order embedded estimate).
  const cases = [['rational6', 1e-6, 800], ['rational6', 1e-9, 2000], ['sdirk4', 1e-6, 2000], ['sdirk4', 1e-9, 10000]] as const;
  for (const [scheme, rtol, maxSteps] of cases) {
    const atol = rtol * 1e-3;
    const r = implicitLinear(CsrMatrix.fromDense(a), y0, times, { rtol, atol, scheme });
    times.forEach((t, k) => {
      const ref = exact(t).matvec(y0);
      const err = maxDiff(r.states[k], ref);
      assert.ok(err < 20 * (rtol * maxAbs(ref) + atol), `${scheme} rtol ${rtol}, t = ${t}: error ${err}, |y| = ${maxAbs(ref)}`);
    });
    assert.ok(r.stats.steps < maxSteps, `${scheme} rtol ${rtol}: ${r.stats.steps} steps`);
    assert.ok(r.stats.factorizations < 100, `${scheme} rtol ${rtol}: ${r.stats.factorizations} factorisations`);
  }
});

test('factorisations are reused: equally spaced outputs to t = 5000 on a decaying system', () => {
  const rand = rng(5);
  const lambdas: Array<[number, number]> = [[0, 0], [-1e-3, 0.05], [-1e-3, -0.05], [-0.02, 0], [-0.3, 1], [-2.3, 0]];
  const { a, exact } = diagonalisable(lambdas, rand);
  const y0 = new Float64Array(12).map(() => rand() - 0.5);
  const times = Array.from({ length: 101 }, (_, k) => 50 * k);
  let calls = 0;
  const factor = (m: CsrMatrix) => { calls++; return denseLu(m.toDense()); }; // also checks the factory option
  const r = implicitLinear(CsrMatrix.fromDense(a), y0, times, { rtol: 1e-8, atol: 1e-10, factor });
  assert.equal(calls, r.stats.factorizations);
  assert.ok(r.stats.factorizations <= 40, `${r.stats.factorizations} factorisations for ${r.stats.steps} steps`);
  assert.ok(r.stats.factorizations * 5 < r.stats.steps, `${r.stats.factorizations} factorisations for ${r.stats.steps} steps`);
  assert.equal(r.stats.solves, RATIONAL6.solvesPerStep * (r.stats.steps + r.stats.rejected));
  times.forEach((t, k) => {
    const ref = exact(t).matvec(y0);
    assert.ok(maxDiff(r.states[k], ref) < 1e-6 * maxAbs(ref), `t = ${t}`);
  });
});

test('implicit: failures end in clear errors (maxSteps, factorisation always failing), never NaN', () => {
  const a = CsrMatrix.fromDense(DenseMatrix.fromRows([[0, -3], [3, 0]]));
  const y0 = cvec([[1, 0], [0, 0]]);
  assert.throws(() => implicitLinear(a, y0, [100], { rtol: 1e-12, atol: 1e-14, maxSteps: 50 }), /maxSteps = 50/);
  const broken = () => { throw new Error('singular matrix'); };
  assert.throws(() => implicitLinear(a, y0, [1], { factor: broken }), /underflow.*factorisation failed: singular matrix/);
  const nanSolver = () => ({ n: 2, solve: (_b: Float64Array, x = new Float64Array(4)) => x.fill(NaN) });
  assert.throws(() => implicitLinear(a, y0, [1], { factor: nanSolver }), /underflow.*non-finite/);
  assert.throws(() => implicitLinear(CsrMatrix.zeros(2, 3), y0, [1]), /square/);
});
