import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { eigvalsh, hermitianFunction } from '../../src/linalg/eigh.ts';
import { flushNegligible } from '../../src/measures/spectral.ts';
import {
  expectation, fidelity, linearEntropy, purity, rootFidelity, traceDistance, traceNorm, vonNeumannEntropy,
} from '../../src/measures/measures.ts';
import {
  arbFullRankState, arbPure, arbState, arbUnitary, arbVector, assertClose, assertMeasureError, conjugate, gramSchmidt, pure,
} from './helpers.ts';

const dimension = fc.integer({ min: 2, max: 5 });
/** Random state of random dimension 2…5 and random rank. */
const arbAnyState = dimension.chain((n) => fc.integer({ min: 1, max: n }).chain((r) => arbState(n, r)));
/** Two random states of the same dimension 2…5 (random ranks). */
const arbStatePair = dimension.chain((n) => fc.tuple(
  fc.integer({ min: 1, max: n }).chain((r) => arbState(n, r)),
  fc.integer({ min: 1, max: n }).chain((r) => arbState(n, r)),
));
/** Two orthonormal random kets of dimension n, as density matrices, plus ⟨ψ|φ⟩ = 0. */
function arbOrthogonalPair(n: number) {
  return fc.tuple(arbVector(n), arbVector(n))
    .map(([a, b]) => gramSchmidt([a, b]))
    .filter((u): u is DenseMatrix => u !== null)
    .map((u) => {
      const col = (j: number) => Array.from({ length: n }, (_, i) => u.get(i, j));
      return [pure(col(0)), pure(col(1))] as const;
    });
}

test('entropy: S(I/d) = ln d (and log2 d in bits), purity 1/d, linear entropy 1 − 1/d', () => {
  for (let d = 1; d <= 8; d++) {
    const mixed = DenseMatrix.identity(d).scale(1 / d);
    assertClose(vonNeumannEntropy(mixed), Math.log(d), 1e-14, `d = ${d}`);
    assertClose(vonNeumannEntropy(mixed, 2), Math.log2(d), 1e-14, `d = ${d}, bits`);
    assertClose(purity(mixed), 1 / d, 1e-15, `purity d = ${d}`);
    assertClose(linearEntropy(mixed), 1 - 1 / d, 1e-15, `linear entropy d = ${d}`);
  }
});

test('entropy: pure states have S = 0, purity 1; S is unitarily invariant and ≤ ln d', () => {
  fc.assert(fc.property(dimension.chain((n) => arbPure(n)), (rho) => {
    assertClose(vonNeumannEntropy(rho), 0, 1e-13, 'S(pure)');
    assertClose(purity(rho), 1, 1e-14, 'purity(pure)');
    assertClose(linearEntropy(rho), 0, 1e-14, 'S_L(pure)');
  }), { numRuns: 200 });
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(arbState(n), arbUnitary(n))), ([rho, u]) => {
    const s = vonNeumannEntropy(rho);
    assert.ok(s >= -1e-15 && s <= Math.log(rho.rows) + 1e-12, `S = ${s}`);
    assertClose(vonNeumannEntropy(conjugate(u, rho)), s, 1e-12, 'S(UρU†)');
    // S ≥ S_2 = −ln Tr ρ² (Rényi ordering), a check that ties entropy to purity.
    assert.ok(s >= -Math.log(purity(rho)) - 1e-12);
  }), { numRuns: 200 });
});

test('entropy: diagonal states give the Shannon entropy −Σ p ln p (0·ln 0 = 0)', () => {
  const p = [0.5, 0.25, 0.125, 0.125, 0];
  const h = -p.filter((x) => x > 0).reduce((acc, x) => acc + x * Math.log(x), 0);
  assertClose(vonNeumannEntropy(DenseMatrix.diagonal(p)), h, 1e-15, 'nats');
  assertClose(vonNeumannEntropy(DenseMatrix.diagonal(p), 2), 1.75, 1e-15, 'bits');
});

test('expectation: Pauli values on known states, Tr(Aρ) for arbitrary A', () => {
  const sz = DenseMatrix.diagonal([1, -1]);
  const sx = DenseMatrix.fromRows([[0, 1], [1, 0]]);
  const sy = DenseMatrix.fromRows([[0, [0, -1]], [[0, 1], 0]]);
  const lower = DenseMatrix.fromRows([[0, 1], [0, 0]]); // σ⁻ = |0⟩⟨1|
  assert.deepEqual(expectation(sz, pure([1, 0])), [1, 0]);
  assertClose(expectation(sx, pure([1, 1]))[0], 1, 1e-15, '⟨σx⟩ on |+⟩');
  assertClose(expectation(sy, pure([1, [0, 1]]))[0], 1, 1e-15, '⟨σy⟩ on |+i⟩');
  // ⟨σ⁻⟩ = ρ_10 = ⟨1|ρ|0⟩ = conj(ρ_01); for (|0⟩ + i|1⟩)/√2 that is i/2.
  const [re, im] = expectation(lower, pure([1, [0, 1]]));
  assertClose(re, 0, 1e-15, 'Re⟨σ⁻⟩');
  assertClose(im, 0.5, 1e-15, 'Im⟨σ⁻⟩');
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(
    fc.array(arbVector(n), { minLength: n, maxLength: n }).map((r) => DenseMatrix.fromRows(r)), arbState(n))),
  ([a, rho]) => {
    const [tr, ti] = a.mul(rho).trace();
    const [er, ei] = expectation(a, rho);
    assertClose(er, tr, 1e-13, 'Re');
    assertClose(ei, ti, 1e-13, 'Im');
  }), { numRuns: 100 });
});

test('fidelity: F(ρ, ρ) = 1, symmetric, in [0, 1], rootFidelity² = F', () => {
  fc.assert(fc.property(arbAnyState, (rho) => {
    assertClose(fidelity(rho, rho), 1, 1e-12, 'F(ρ, ρ)');
  }), { numRuns: 200 });
  fc.assert(fc.property(arbStatePair, ([rho, sigma]) => {
    const f = fidelity(rho, sigma);
    assertClose(fidelity(sigma, rho), f, 1e-12, 'F(σ, ρ) vs F(ρ, σ)');
    assert.ok(f >= 0 && f <= 1 + 1e-12, `F = ${f}`);
    assertClose(rootFidelity(rho, sigma) ** 2, f, 1e-15, 'rootFidelity²');
  }), { numRuns: 300 });
  // Independent route for full-rank states: the textbook Tr √(√ρ σ √ρ) through hermitianFunction.
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(arbFullRankState(n), arbFullRankState(n))), ([rho, sigma]) => {
    // flushNegligible: the fast-check inputs contain entries like 1e-162, on which eigh (as of writing)
    // fails to converge; the measures flush them internally, the reference route must too.
    const sqrtRho = hermitianFunction(flushNegligible(rho.clone()), Math.sqrt);
    const textbook = eigvalsh(flushNegligible(sqrtRho.mul(sigma).mul(sqrtRho))).reduce((acc, l) => acc + Math.sqrt(Math.max(0, l)), 0);
    assertClose(rootFidelity(rho, sigma), textbook, 1e-12, 'root fidelity vs Tr √(√ρ σ √ρ)');
  }), { numRuns: 200 });
});

test('fidelity: unitarily invariant, also for low-rank states', () => {
  // States with eigenvalues ~1e-16…1e-12 (fast-check finds them) are intrinsically √-sensitive: rotating
  // them costs backward errors of O(n·ε) in the entries, which move √λ of a tiny eigenvalue by up to
  // √(n·ε); summed over n eigenvalues and squared (F = (Tr|√ρ√σ|)²), |ΔF| ≲ 2n·√(n·ε) — 1.5e-7 at n = 3.
  // (A run found 2.5e-8 at n = 3, σ with eigenvalues 1.2e-15 and 0.99; 1e-8 was too tight.)
  fc.assert(fc.property(arbStatePair.chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), arbUnitary(a.rows))),
    ([rho, sigma, u]) => {
      const n = rho.rows, tol = 2 * n * Math.sqrt(n * 2 ** -52);
      assertClose(fidelity(conjugate(u, rho), conjugate(u, sigma)), fidelity(rho, sigma), tol, 'F(UρU†, UσU†)');
    }), { numRuns: 300 });
});

test('fidelity of pure states is |⟨ψ|φ⟩|²; orthogonal pure states give F = 0, D = 1', () => {
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(arbVector(n), arbVector(n))), ([a, b]) => {
    let re = 0, im = 0, na = 0, nb = 0;
    for (let i = 0; i < a.length; i++) {
      re += a[i][0] * b[i][0] + a[i][1] * b[i][1];
      im += a[i][0] * b[i][1] - a[i][1] * b[i][0];
      na += a[i][0] ** 2 + a[i][1] ** 2;
      nb += b[i][0] ** 2 + b[i][1] ** 2;
    }
    const overlap2 = (re * re + im * im) / (na * nb);
    assertClose(fidelity(pure(a), pure(b)), overlap2, 1e-12, 'F = |⟨ψ|φ⟩|²');
    // √(1 − |⟨ψ|φ⟩|²) amplifies the round-off of the reference overlap near 1, hence 1e-7 below.
    assertClose(traceDistance(pure(a), pure(b)), Math.sqrt(Math.max(0, 1 - overlap2)), 1e-7, 'D = √(1 − |⟨ψ|φ⟩|²)');
  }), { numRuns: 300 });
  fc.assert(fc.property(dimension.chain(arbOrthogonalPair), ([psi, phi]) => {
    assertClose(fidelity(psi, phi), 0, 1e-12, 'F of orthogonal');
    assertClose(traceDistance(psi, phi), 1, 1e-13, 'D of orthogonal');
  }), { numRuns: 200 });
  // Commuting states: F = (Σ √(p_i q_i))².
  const p = [0.5, 0.3, 0.2, 0], q = [0.1, 0.2, 0.3, 0.4];
  const bc = p.reduce((acc, x, i) => acc + Math.sqrt(x * q[i]), 0);
  assertClose(fidelity(DenseMatrix.diagonal(p), DenseMatrix.diagonal(q)), bc * bc, 1e-15, 'classical');
});

test('trace distance: Fuchs–van de Graaf 1 − √F ≤ D ≤ √(1 − F); symmetric, unitarily invariant', () => {
  fc.assert(fc.property(arbStatePair, ([rho, sigma]) => {
    const f = fidelity(rho, sigma), d = traceDistance(rho, sigma);
    // D ≤ √(1 − F) compared as D² + F ≤ 1: the square root would amplify round-off near F = 1.
    assert.ok(d * d + f <= 1 + 1e-12, `D = ${d} > √(1 − F) = ${Math.sqrt(Math.max(0, 1 - f))}`);
    assert.ok(1 - Math.sqrt(f) <= d + 1e-12, `1 − √F = ${1 - Math.sqrt(f)} > D = ${d}`);
    assertClose(traceDistance(sigma, rho), d, 1e-14, 'symmetry');
    assert.ok(d >= 0 && d <= 1 + 1e-14);
  }), { numRuns: 300 });
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(arbState(n), arbState(n, 1), arbUnitary(n))), ([rho, sigma, u]) => {
    assertClose(traceDistance(conjugate(u, rho), conjugate(u, sigma)), traceDistance(rho, sigma), 1e-12, 'D(UρU†, UσU†)');
    assertClose(traceDistance(rho, rho), 0, 0, 'D(ρ, ρ)');
  }), { numRuns: 100 });
});

test('traceNorm: Hermitian Σ|λ|, non-Hermitian Σ singular values', () => {
  assertClose(traceNorm(DenseMatrix.diagonal([0.5, -2, 0.25])), 2.75, 1e-15, 'diagonal');
  assertClose(traceNorm(DenseMatrix.fromRows([[0, 1], [0, 0]])), 1, 1e-15, 'σ⁻');
  assertClose(traceNorm(DenseMatrix.fromRows([[1, 1], [0, 0]])), Math.SQRT2, 1e-15, '[[1,1],[0,0]]');
  assertClose(traceNorm(DenseMatrix.fromRows([[[0, 3], 0], [0, -4]])), 7, 1e-14, 'diag(3i, −4)');
  // U·diag(s)·W† with random unitaries has singular values s.
  fc.assert(fc.property(dimension.chain((n) => fc.tuple(arbUnitary(n), arbUnitary(n),
    fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: n, maxLength: n }))), ([u, w, sv]) => {
    const a = u.mul(DenseMatrix.diagonal(sv)).mul(w.adjoint());
    assertClose(traceNorm(a), sv.reduce((x, y) => x + y, 0), 1e-13, 'Σ s_i');
  }), { numRuns: 200 });
});

test('state measures: input checks', () => {
  const rho2 = pure([1, 0]), rho3 = DenseMatrix.identity(3).scale(1 / 3);
  assertMeasureError(() => vonNeumannEntropy(new DenseMatrix(2, 3)), 'invalid-input', 'square');
  assertMeasureError(() => vonNeumannEntropy(new DenseMatrix(0, 0)), 'invalid-input', 'non-empty');
  assertMeasureError(() => purity(new DenseMatrix(3, 1)), 'invalid-input', 'ket');
  assertMeasureError(() => vonNeumannEntropy(rho2, 10 as unknown as 2), 'invalid-input', 'base');
  assertMeasureError(() => vonNeumannEntropy(DenseMatrix.diagonal([1.5, -0.5])), 'invalid-input', 'positive semidefinite');
  assertMeasureError(() => fidelity(rho2, rho3), 'dimension-mismatch', '2×2');
  assertMeasureError(() => traceDistance(rho3, rho2), 'dimension-mismatch', '3×3');
  assertMeasureError(() => expectation(DenseMatrix.identity(2), rho3), 'dimension-mismatch', 'op');
  assertMeasureError(() => fidelity(rho2, DenseMatrix.diagonal([2, -1])), 'invalid-input', 'positive semidefinite');
  assertMeasureError(() => traceDistance(rho2, DenseMatrix.fromRows([[0, 1], [0, 0]])), 'invalid-input', 'Hermitian');
});
