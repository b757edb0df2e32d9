/**
 * Generated straight-line kernels (src/linalg/unrolled.ts) against independent loop implementations
 * written here: the real LU factorisation and solve give the same bits as textbook elimination (n ≤ 8,
 * and the blocked kernel above that), including pivot ties, zero multipliers and singular or non-finite
 * input; the double-double residual equals the loop version bit for bit and the exact residual (BigInt
 * arithmetic) to within an ulp; the linear combination and grouped norm equal PatternSum and plain
 * loops; the assembled Liouvillian equals the sparse superoperator (matvec and ‖L‖_∞) for random models,
 * through the generated kernels and through the loops (large patterns).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luRealInPlace } from '../../src/linalg/lu-kernels.ts';
import { DenseLuReal } from '../../src/linalg/lu.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { residualExtendedReal, type RealCsr } from '../../src/linalg/refine.ts';
import { unrolledCombination, unrolledGroupNorm, unrolledLuSolve, unrolledResidual } from '../../src/linalg/unrolled.ts';
import { PatternSum } from '../../src/linalg/pattern-sum.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { AssembledLiouvillian } from '../../src/liouvillian/assembled.ts';
import { LiouvillianOperator } from '../../src/liouvillian/matrix-free.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { randomModel } from '../systems/random.ts';
import { rng } from './random.ts';

/** Textbook right-looking elimination with partial pivoting (first maximal |entry| wins). */
function referenceLu(m: Float64Array, n: number, perm: Int32Array): number {
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let piv = k, best = -1;
    for (let i = k; i < n; i++) if (Math.abs(m[i * n + k]) > best) { best = Math.abs(m[i * n + k]); piv = i; }
    if (!(best > 0) || !Number.isFinite(best)) throw new Error('singular');
    if (piv !== k) {
      for (let j = 0; j < n; j++) [m[k * n + j], m[piv * n + j]] = [m[piv * n + j], m[k * n + j]];
      [perm[k], perm[piv]] = [perm[piv], perm[k]];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++) {
      const l = m[i * n + k] / m[k * n + k];
      m[i * n + k] = l;
      if (l !== 0) for (let j = k + 1; j < n; j++) m[i * n + j] -= l * m[k * n + j];
    }
  }
  return sign;
}

/** A random matrix with some exact zeros and some repeated magnitudes (pivot ties). */
function awkwardMatrix(n: number, r: () => number): Float64Array {
  return Float64Array.from({ length: n * n }, () => {
    const u = r();
    return u < 0.25 ? 0 : u < 0.4 ? (u < 0.32 ? 1 : -1) : (2 * r() - 1) * 10 ** (4 * r() - 2);
  });
}

test('real LU: generated kernel (n ≤ 8) and blocked kernel give the bits of textbook elimination', () => {
  const r = rng(3);
  let compared = 0;
  for (let n = 1; n <= 12; n++) {
    for (let trial = 0; trial < 60; trial++) {
      const a = awkwardMatrix(n, r), ref = a.slice(), p1 = Int32Array.from({ length: n }, (_, i) => i), p2 = p1.slice();
      let refSign: number;
      try { refSign = referenceLu(ref, n, p2); } catch {
        assert.throws(() => luRealInPlace(a, n, p1), LinalgError);
        continue;
      }
      const sign = luRealInPlace(a, n, p1);
      assert.deepEqual(Array.from(a), Array.from(ref), `n = ${n}, trial ${trial}`);
      assert.deepEqual(Array.from(p1), Array.from(p2));
      assert.equal(sign, refSign);
      compared++;
    }
  }
  assert.ok(compared > 400, `only ${compared} regular matrices`);
});

test('real LU: singular and non-finite matrices are rejected with a LinalgError naming the column', () => {
  for (const n of [2, 5, 8]) {
    const dup = Float64Array.from({ length: n * n }, (_, k) => Math.sin(k + 1));
    for (let j = 0; j < n; j++) dup[(n - 1) * n + j] = dup[j];
    assert.throws(() => luRealInPlace(dup, n, Int32Array.from({ length: n }, (_, i) => i)), /singular \(zero pivot in column \d+ of \d+\)/);
    const inf = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    inf[0] = Infinity;
    assert.throws(() => luRealInPlace(inf, n, Int32Array.from({ length: n }, (_, i) => i)), /non-finite pivot in column 0/);
  }
});

test('real LU solve: the generated kernel performs the loops\' operations (same bits) and solves the system', () => {
  const r = rng(5);
  for (let n = 1; n <= 8; n++) {
    const kernel = unrolledLuSolve(n);
    assert.ok(kernel, `kernel for n = ${n}`);
    for (let trial = 0; trial < 20; trial++) {
      const a = awkwardMatrix(n, r);
      for (let i = 0; i < n; i++) a[i * n + i] += 30; // regular
      const lu = DenseLuReal.workspace(n).refactor(a);
      const b = Float64Array.from({ length: n }, () => 2 * r() - 1), x = new Float64Array(n);
      kernel(lu.lu, lu.perm, b, x);
      // the loops of the textbook solve
      const w = Array.from(lu.perm, (p) => b[p]);
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) w[i] -= lu.lu[i * n + j] * w[j];
      for (let i = n - 1; i >= 0; i--) {
        let s = w[i];
        for (let j = i + 1; j < n; j++) s -= lu.lu[i * n + j] * w[j];
        w[i] = s / lu.lu[i * n + i];
      }
      assert.deepEqual(Array.from(x), w);
      for (let i = 0; i < n; i++) {
        let s = -b[i];
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        assert.ok(Math.abs(s) < 1e-13, `residual ${s}`);
      }
      const alias = b.slice();
      kernel(lu.lu, lu.perm, alias, alias); // x may alias b
      assert.deepEqual(Array.from(alias), w);
    }
  }
  assert.equal(unrolledLuSolve(9), null);
  assert.equal(unrolledLuSolve(0), null);
});

/** Exact b − A x (BigInt) for A, x multiples of 2^-20 and b a multiple of 2^-40, rounded once. */
function exactResidual(a: Float64Array, n: number, x: Float64Array, b: Float64Array): number[] {
  const S = 2 ** 20, big = (v: number) => BigInt(v * S);
  return Array.from({ length: n }, (_, i) => {
    let s = BigInt(b[i] * S * S);
    for (let j = 0; j < n; j++) s -= big(a[i * n + j]) * big(x[j]);
    return Number(s) / S / S;
  });
}

test('double-double residual: the generated kernel equals the loop bit for bit and the exact residual within an ulp', () => {
  const r = rng(8);
  const grid = (scale: number) => Math.round((2 * r() - 1) * scale * 2 ** 20) / 2 ** 20; // multiples of 2^-20
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(r() * 9);
    const a = Float64Array.from({ length: n * n }, () => (r() < 0.4 ? 0 : grid(2 ** 12)));
    const x = Float64Array.from({ length: n }, () => grid(2 ** 12));
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += a[i * n + j] * x[j]; // rounded A x (a multiple of 2^-40): r is small
    b[0] = grid(2 ** 12); // and one row with a large residual
    const rows: number[] = [], cols: number[] = [], pos: number[] = [];
    for (let k = 0; k < n * n; k++) if (a[k] !== 0 || r() < 0.2) { rows.push(Math.floor(k / n)); cols.push(k % n); pos.push(k); }
    const dense: RealCsr = { rows: n, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i * n), colIdx: Int32Array.from({ length: n * n }, (_, k) => k % n), values: a };
    const loop = residualExtendedReal(dense, x, b, new Float64Array(n));
    const kernel = unrolledResidual(n, rows, cols, pos);
    assert.ok(kernel);
    const gen = residualExtendedReal({ ...dense, residual: kernel }, x, b, new Float64Array(n));
    assert.deepEqual(Array.from(gen), Array.from(loop));
    exactResidual(a, n, x, b).forEach((e, i) => assert.ok(Math.abs(gen[i] - e) <= 2 ** -52 * Math.abs(e), `row ${i}: ${gen[i]} vs exact ${e}`));
  }
  assert.equal(unrolledResidual(2, [1, 0], [0, 0], [2, 0]), null, 'entries out of row order');
});

test('linear combination and grouped norm kernels equal PatternSum and plain loops', () => {
  const r = rng(13);
  for (let trial = 0; trial < 30; trial++) {
    const n = 2 + Math.floor(r() * 6), terms = 1 + Math.floor(r() * 4);
    const mats = Array.from({ length: terms }, () => {
      const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
      for (let k = 0; k < 2 * n; k++) {
        ri.push(Math.floor(r() * n)); ci.push(Math.floor(r() * n));
        re.push(r() < 0.3 ? 0 : 2 * r() - 1); im.push(r() < 0.5 ? 0 : 2 * r() - 1);
      }
      return CsrMatrix.fromTriplets(n, n, ri, ci, re, im);
    });
    const sum = new PatternSum(mats, n, n), theta = Array.from({ length: terms }, () => (r() < 0.2 ? 0 : 3 * r()));
    const kernel = unrolledCombination(sum.pattern.nnz, mats.map((m, t) => ({ slots: sum.slots[t], values: m.values })));
    assert.ok(kernel);
    const out = new Float64Array(2 * sum.pattern.nnz).fill(NaN);
    kernel(theta, out);
    const ref = sum.values(theta);
    for (let p = 0; p < out.length; p++) assert.ok(out[p] === ref[p], `slot ${p >> 1}: ${out[p]} vs ${ref[p]}`); // ±0 equal
    const norm = unrolledGroupNorm(n, sum.pattern.colIdx);
    assert.ok(norm);
    const sums = new Array(n).fill(0);
    for (let p = 0; p < sum.pattern.nnz; p++) sums[sum.pattern.colIdx[p]] += Math.hypot(out[2 * p], out[2 * p + 1]);
    assert.ok(Math.abs(norm(out) - Math.max(0, ...sums)) <= 1e-15 * Math.max(1, ...sums));
  }
});

test('assembled Liouvillian: matvec and ‖L‖_∞ equal the sparse superoperator, re-targeted across θ (generated and loop paths)', () => {
  const r = rng(21), paths = new Set<string>();
  for (const [n, perColumn] of [[2, 2], [3, 2], [4, 3], [6, 3], [8, 8]] as const) {
    const model = randomModel(n, 100 + n, { perColumn, channels: 3 });
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model, 'all');
    const op = new AssembledLiouvillian(lv, coefficients);
    const path = () => ((op as unknown as { combination: unknown }).combination ? 'generated' : 'loops');
    paths.add(path()); // the constructor's own θ: loops (kernels come with the first re-targeting)
    for (let trial = 0; trial < 5; trial++) {
      const theta = trial <= 1 ? Array.from(coefficients) : Array.from(coefficients, (c, k) => (k === 1 && trial === 3 ? 0 : c * (0.1 + 3 * r())));
      if (trial > 0) op.setCoefficients(theta);
      paths.add(`${path()} n=${n}`);
      const full = liouvillian(modelAt(model, lv, theta));
      const x = Float64Array.from({ length: 2 * n * n }, () => (r() < 0.3 ? 0 : 2 * r() - 1));
      const y = op.matvec(x), yRef = full.matvec(x);
      const scale = full.normInf();
      for (let k = 0; k < y.length; k++) assert.ok(Math.abs(y[k] - yRef[k]) <= 1e-14 * scale * n, `n = ${n}: ${y[k]} vs ${yRef[k]}`);
      assert.ok(Math.abs(op.normInf() - scale) <= 1e-14 * scale, `n = ${n}: ‖L‖ ${op.normInf()} vs ${scale}`);
      assert.ok(Math.abs(new LiouvillianOperator(lv, theta).normInf() - scale) <= 1e-14 * scale);
    }
  }
  assert.deepEqual([...paths].sort(), ['generated n=2', 'generated n=3', 'generated n=4', 'loops', 'loops n=2', 'loops n=3', 'loops n=4', 'loops n=6', 'loops n=8']); // n = 6, 8: patterns above the generation limit
});

/** The member of the family with coefficients θ (H scale first when present, then channel rates). */
function modelAt(model: ReturnType<typeof randomModel>, lv: FactoredLiouvillian, theta: number[]) {
  let h = model.hamiltonian;
  const rates = model.channels.map((c) => c.rate);
  lv.terms.forEach((t, k) => { if (t.kind === 'hamiltonian') h = h.scale(theta[k]); else rates[t.channel] = theta[k]; });
  return model.with({ hamiltonian: h, channels: model.channels.map((c, i) => ({ ...c, rate: rates[i] })) });
}
