import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { eigh, eigvalsh, hermitianFunction } from '../../src/linalg/eigh.ts';
import { randomDense, randomHermitian, rng, withSpectrum } from './random.ts';

const EPS = 2 ** -52;

/** Checks H = V·Λ·V†, V†V = I, ascending order and agreement with eigvalsh; returns the eigenvalues. */
function checkDecomposition(a: DenseMatrix, label = ''): Float64Array {
  const n = a.rows, h = a.hermitianPart(), scale = Math.max(h.normFrobenius(), Number.MIN_VALUE);
  const { values, vectors: v } = eigh(a);
  assert.equal(values.length, n);
  for (let i = 1; i < n; i++) assert.ok(values[i - 1] <= values[i], `${label}: not ascending`);
  const rec = v.mul(DenseMatrix.diagonal(Array.from(values))).mul(v.adjoint()).sub(h).normFrobenius();
  assert.ok(rec <= 10 * Math.max(n, 1) * EPS * scale, `${label}: ‖VΛV† − H‖ = ${rec} (‖H‖ = ${scale})`);
  const orth = v.adjoint().mul(v).sub(DenseMatrix.identity(n)).normFrobenius();
  assert.ok(orth <= 10 * Math.max(n, 1) * EPS, `${label}: ‖V†V − I‖ = ${orth}`);
  const only = eigvalsh(a);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(only[i] - values[i]) <= 10 * n * EPS * scale, `${label}: eigvalsh differs`);
  return values;
}

function assertValues(got: Float64Array, want: number[], tol: number, label = ''): void {
  const w = want.slice().sort((x, y) => x - y);
  assert.equal(got.length, w.length);
  for (let i = 0; i < w.length; i++) assert.ok(Math.abs(got[i] - w[i]) <= tol, `${label}: λ${i} = ${got[i]}, expected ${w[i]}`);
}

test('random Hermitian matrices of sizes 1…60: reconstruction, orthonormality, trace', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
      const h = randomHermitian(n, rng(seed));
      const values = checkDecomposition(h, `n=${n}`);
      const trace = values.reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(trace - h.trace()[0]) <= 10 * n * EPS * h.normFrobenius() * Math.sqrt(n));
    }),
    { numRuns: 40 },
  );
});

test('degenerate spectra: identity, multiples of I, zero, projectors, repeated eigenvalues', () => {
  const r = rng(21);
  for (const n of [1, 2, 7, 30]) {
    assertValues(checkDecomposition(DenseMatrix.identity(n), 'I'), Array(n).fill(1), 0, 'I');
    assertValues(checkDecomposition(DenseMatrix.identity(n).scale(-2.5), '−2.5 I'), Array(n).fill(-2.5), 0, '−2.5 I');
    const zero = eigh(DenseMatrix.zeros(n));
    assertValues(zero.values, Array(n).fill(0), 0, '0');
    assert.ok(zero.vectors.sub(DenseMatrix.identity(n)).normFrobenius() === 0);
  }
  for (const [n, rank] of [[4, 1], [10, 2], [25, 12], [40, 39]]) {
    const lam = Array.from({ length: n }, (_, i) => (i < rank ? 1 : 0));
    assertValues(checkDecomposition(withSpectrum(lam, r), 'projector'), lam, 1e-13, `rank-${rank} projector`);
  }
  for (const lam of [[3, 3, 3, -1, -1, 2], [1e-3, 1e-3, 5, 5, 5, 5, 5, 0, 0, 0, 0], Array.from({ length: 33 }, (_, i) => i % 3)]) {
    assertValues(checkDecomposition(withSpectrum(lam, r), 'repeated'), lam, 1e-13 * lam.length, 'repeated');
  }
});

test('diagonal inputs give the sorted diagonal and a permutation-with-phases eigenbasis', () => {
  const diag = [4, -1, 0, 4, 2.5, -7, 1e-9, 0];
  const d = DenseMatrix.diagonal(diag);
  assertValues(checkDecomposition(d, 'diag'), diag, 0, 'diag');
  const v = eigh(d).vectors;
  for (let i = 0; i < diag.length; i++) {
    let nonzero = 0;
    for (let j = 0; j < diag.length; j++) if (Math.hypot(v.re(i, j), v.im(i, j)) > 1e-15) nonzero++;
    assert.equal(nonzero, 1);
  }
});

test('already-tridiagonal inputs: discrete Laplacian, Hermitian tridiagonal with phases, direct sums', () => {
  for (const n of [2, 3, 10, 50]) {
    const lap = DenseMatrix.zeros(n);
    for (let i = 0; i < n; i++) {
      lap.set(i, i, 2);
      if (i + 1 < n) { lap.set(i, i + 1, -1); lap.set(i + 1, i, -1); }
    }
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    assertValues(checkDecomposition(lap, 'laplacian'), exact, 1e-14 * n, 'laplacian');
  }
  // Complex Hermitian tridiagonal: same spectrum as the real one with |off-diagonals|.
  const r = rng(9), n = 20, t = DenseMatrix.zeros(n), s = DenseMatrix.zeros(n);
  for (let i = 0; i < n; i++) {
    const d = 2 * r() - 1;
    t.set(i, i, d);
    s.set(i, i, d);
    if (i + 1 < n) {
      const m = i === 7 ? 0 : r(), ph = 2 * Math.PI * r(); // a zero coupling splits it into blocks
      t.set(i + 1, i, m * Math.cos(ph), m * Math.sin(ph));
      t.set(i, i + 1, m * Math.cos(ph), -m * Math.sin(ph));
      s.set(i + 1, i, m);
      s.set(i, i + 1, m);
    }
  }
  assertValues(checkDecomposition(t, 'complex tridiagonal'), Array.from(eigvalsh(s)), 1e-13, 'phases');
});

test('Wilkinson W21+ (nearly degenerate pairs) and graded matrices stay orthonormal', () => {
  const n = 21, w = DenseMatrix.zeros(n);
  for (let i = 0; i < n; i++) {
    w.set(i, i, Math.abs(10 - i));
    if (i + 1 < n) { w.set(i, i + 1, 1); w.set(i + 1, i, 1); }
  }
  const values = checkDecomposition(w, 'W21+');
  assert.ok(Math.abs(values[20] - 10.746194182903393) < 1e-12 && Math.abs(values[19] - 10.746194182903322) < 1e-12);
  const g = DenseMatrix.zeros(12);
  for (let i = 0; i < 12; i++) {
    g.set(i, i, 10 ** -i);
    if (i + 1 < 12) { g.set(i, i + 1, 0, 10 ** -(i + 0.5)); g.set(i + 1, i, 0, -(10 ** -(i + 0.5))); }
  }
  checkDecomposition(g, 'graded');
});

test('1×1 and 2×2 closed forms; non-Hermitian input uses (A + A†)/2', () => {
  assertValues(checkDecomposition(DenseMatrix.fromRows([[[3, 2]]]), '1×1'), [3], 0);
  const r = rng(4);
  for (let k = 0; k < 20; k++) {
    const a = 2 * r() - 1, d = 2 * r() - 1, br = 2 * r() - 1, bi = 2 * r() - 1;
    const m = DenseMatrix.fromRows([[a, [br, bi]], [[br, -bi], d]]);
    const rad = Math.hypot((a - d) / 2, Math.hypot(br, bi));
    assertValues(checkDecomposition(m, '2×2'), [(a + d) / 2 - rad, (a + d) / 2 + rad], 4 * EPS * 4, '2×2');
  }
  const a = randomDense(9, 9, r);
  assertValues(checkDecomposition(a, 'non-Hermitian'), Array.from(eigvalsh(a.hermitianPart())), 0);
});

test('extreme scales do not overflow or underflow', () => {
  const h = randomHermitian(8, rng(2)), base = eigvalsh(h);
  for (const s of [1e150, 1e-150, 1e300, 1e307]) {
    const values = checkDecomposition(h.scale(s), `scale ${s}`);
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(values[i] / s - base[i]) < 1e-13);
  }
  // Subnormal entries (about 14 significant bits are lost in the input itself).
  const tiny = eigh(h.scale(1e-310)).values;
  for (let i = 0; i < 8; i++) assert.ok(Math.abs(tiny[i] / 1e-310 - base[i]) < 1e-9);
  // Entries and eigenvalues (±1.2e308) near the largest double.
  const big = DenseMatrix.fromRows([[1e308, [5e307, 5e307]], [[5e307, -5e307], -1e308]]);
  const { values: vb, vectors: v } = eigh(big), rad = Math.hypot(1e308, Math.SQRT2 * 5e307);
  assert.ok(Math.abs(vb[0] / rad + 1) < 1e-15 && Math.abs(vb[1] / rad - 1) < 1e-15);
  assert.ok(v.adjoint().mul(v).sub(DenseMatrix.identity(2)).normFrobenius() < 1e-15);
  assert.ok(eigh(big.scale(0.5)).vectors.sub(v).normFrobenius() === 0);
});

test('hermitianFunction: √ρ·√ρ = ρ, identity and exp/log round trips, exact Hermiticity', () => {
  const r = rng(17);
  for (const n of [1, 3, 8, 20]) {
    const x = randomDense(n, n, r), rho = x.mul(x.adjoint());
    const sq = hermitianFunction(rho, (l) => Math.sqrt(Math.max(l, 0)));
    assert.equal(sq.hermiticityError(), 0);
    assert.ok(sq.mul(sq).sub(rho).normFrobenius() < 1e-12 * rho.normFrobenius());
    const h = randomHermitian(n, r);
    assert.ok(hermitianFunction(h, (l) => l).sub(h).normFrobenius() < 10 * n * EPS * h.normFrobenius());
    const back = hermitianFunction(hermitianFunction(h, Math.exp), Math.log);
    assert.ok(back.sub(h).normFrobenius() < 1e-12 * n);
  }
  assert.throws(() => hermitianFunction(DenseMatrix.diagonal([1, 0]), Math.log), LinalgError);
});

test('invalid inputs raise LinalgError', () => {
  assert.throws(() => eigh(DenseMatrix.zeros(2, 3)), LinalgError);
  assert.throws(() => eigvalsh(DenseMatrix.zeros(3, 2)), LinalgError);
  const bad = DenseMatrix.identity(3);
  bad.set(1, 2, Infinity);
  assert.throws(() => eigh(bad), LinalgError);
  assert.equal(eigh(DenseMatrix.zeros(0)).values.length, 0);
});

test('eigh: tiny and subnormal off-diagonal entries keep the reflectors unitary (regressions)', () => {
  // Column norms below 1e-154 used to overflow β to ∞ (NaN, then "did not converge").
  const a = DenseMatrix.fromRows([[0.6, 0, 1e-160], [0, 0, 0], [1e-160, 0, 0.4]]);
  const va = eigvalsh(a);
  assert.ok(Math.abs(va[0]) < 1e-15 && Math.abs(va[1] - 0.4) < 1e-15 && Math.abs(va[2] - 0.6) < 1e-15, `${va}`);
  // A subnormal x₀ used to give a non-unit phase, a non-unitary reflector and a wrong spectrum (0.99911).
  const b = DenseMatrix.fromRows([[0.2, [5e-322, 5e-322], 0, -0.4], [[5e-322, -5e-322], 0, 0, 0], [0, 0, 0, 0], [-0.4, 0, 0, 0.8]]);
  const vb = eigvalsh(b);
  assert.ok(Math.abs(vb[3] - 1) < 1e-14 && Math.abs(vb[0]) < 1e-14, `${vb}`);
  const { values, vectors } = eigh(b);
  const recon = vectors.mul(DenseMatrix.diagonal(Array.from(values))).mul(vectors.adjoint());
  assert.ok(recon.sub(b).normFrobenius() < 1e-14);
});
