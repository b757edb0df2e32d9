import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { complexSchur } from '../../src/linalg/schur.ts';
import { eigvals } from '../../src/linalg/eig.ts';
import { ShiftedLyapunovInverse } from '../../src/linalg/lyapunov.ts';

/** Seeded complex Gaussian-ish n×n matrix (uniform entries in [−½, ½]). */
function randomMatrix(n: number, seed: number): DenseMatrix {
  let s = seed;
  const r = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
  const a = new DenseMatrix(n, n);
  for (let k = 0; k < a.data.length; k++) a.data[k] = r();
  return a;
}

/** Column-major interleaved copy of a DenseMatrix (the layout of vec X). */
function colMajor(m: DenseMatrix): Float64Array {
  const n = m.rows, out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { out[2 * (i + n * j)] = m.re(i, j); out[2 * (i + n * j) + 1] = m.im(i, j); }
  return out;
}

function fromColMajor(x: Float64Array, n: number): DenseMatrix {
  const m = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, x[2 * (i + n * j)], x[2 * (i + n * j) + 1]);
  return m;
}

test('complex Schur form: A = Q·T·Q† to rounding, Q unitary, T upper triangular, diag T = the eigenvalues of eigvals', () => {
  for (const [n, seed] of [[1, 3], [2, 5], [7, 11], [30, 2]]) {
    const a = randomMatrix(n, seed), s = complexSchur(a);
    const q = new DenseMatrix(n, n, s.q), t = new DenseMatrix(n, n, s.t), norm = a.normFrobenius();
    assert.ok(q.mul(t).mul(q.adjoint()).sub(a).normFrobenius() < 1e-13 * n * norm, `n=${n}: backward error`);
    assert.ok(q.adjoint().mul(q).sub(DenseMatrix.identity(n)).normFrobenius() < 1e-13 * n, `n=${n}: Q unitary`);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(Math.hypot(t.re(i, j), t.im(i, j)), 0, `n=${n}: T(${i},${j})`);
    const e = eigvals(a), used = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i++) { // each diagonal entry matches a distinct eigenvalue from the eigenvalue-only QR
      let best = -1, d = Infinity;
      for (let k = 0; k < n; k++) {
        const dk = Math.hypot(t.re(i, i) - e.re[k], t.im(i, i) - e.im[k]);
        if (!used[k] && dk < d) { d = dk; best = k; }
      }
      used[best] = true;
      assert.ok(d < 1e-11 * norm, `n=${n}: eigenvalue ${i} off by ${d}`);
    }
  }
});

test('complex Schur form of a defective (Jordan) matrix and of a normal one', () => {
  const jordan = DenseMatrix.fromRows([[2, 1, 0], [0, 2, 1], [0, 0, 2]]);
  const s = complexSchur(jordan), q = new DenseMatrix(3, 3, s.q), t = new DenseMatrix(3, 3, s.t);
  assert.ok(q.mul(t).mul(q.adjoint()).sub(jordan).normFrobenius() < 1e-14);
  const h = DenseMatrix.fromRows([[1, [0, -2]], [[0, 2], -1]]); // Hermitian: eigenvalues ±√5
  const th = new DenseMatrix(2, 2, complexSchur(h).t);
  const ev = [th.re(0, 0), th.re(1, 1)].sort((x, y) => x - y);
  assert.ok(Math.abs(ev[0] + Math.sqrt(5)) < 1e-14 && Math.abs(ev[1] - Math.sqrt(5)) < 1e-14, `${ev}`);
});

test('shifted Lyapunov inverse: A·X + X·A† − σX = C to rounding, checked with dense products', () => {
  for (const [n, seed, sigma] of [[1, 1, 0.5], [5, 2, 0], [20, 3, 0.3]]) {
    const a = randomMatrix(n, seed);
    for (let i = 0; i < n; i++) a.addAt(i, i, -2); // stable: every λ_i + conj λ_j − σ has real part < 0
    const c = randomMatrix(n, seed + 100);
    const ly = new ShiftedLyapunovInverse(complexSchur(a), sigma);
    const x = fromColMajor(ly.solve(colMajor(c)), n);
    const lhs = a.mul(x).add(x.mul(a.adjoint())).sub(x.scale(sigma));
    assert.ok(lhs.sub(c).normFrobenius() < 1e-13 * c.normFrobenius() * n, `n=${n}: residual ${lhs.sub(c).normFrobenius()}`);
    // smallestPivot is min |λ_i + conj λ_j − σ| over the eigenvalues
    const e = eigvals(a);
    let p = Infinity;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p = Math.min(p, Math.hypot(e.re[i] + e.re[j] - sigma, e.im[i] - e.im[j]));
    assert.ok(Math.abs(ly.smallestPivot - p) < 1e-12 * (1 + p), `n=${n}: pivot ${ly.smallestPivot} vs ${p}`);
  }
});

test('shifted Lyapunov inverse of A = −iH − ½γ|1⟩⟨1| (a state with no decay): singular at σ = 0, solvable with a shift', () => {
  const a = DenseMatrix.fromRows([[[0, -1], [0, -0.5]], [[0, -0.5], [-0.5, 1]]]); // −iH − ½|1⟩⟨1| with H = [[1, .5], [.5, −1]]
  assert.doesNotThrow(() => new ShiftedLyapunovInverse(complexSchur(a), 0.1));
  const dark = DenseMatrix.fromRows([[[0, -1], 0], [0, [-0.5, 1]]]); // |0⟩ does not decay: λ_0 + conj λ_0 = 0
  assert.throws(() => new ShiftedLyapunovInverse(complexSchur(dark), 0), /singular/);
  const ly = new ShiftedLyapunovInverse(complexSchur(dark), 0.1);
  assert.ok(Math.abs(ly.smallestPivot - 0.1) < 1e-15);
});
