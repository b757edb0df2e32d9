import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { concurrence, logNegativity, negativity, partialTranspose } from '../../src/measures/measures.ts';
import {
  BELL, arbPure, arbState, arbTwoQubitState, arbUnitary2, arbVector, assertClose, assertMeasureError,
  conjugate, maxDiff, pure, werner,
} from './helpers.ts';

/** A random (not Hermitian) complex n×m matrix. */
function arbMatrix(n: number, m: number): fc.Arbitrary<DenseMatrix> {
  return fc.array(arbVector(m), { minLength: n, maxLength: n }).map((rows) => DenseMatrix.fromRows(rows));
}

test('partialTranspose of A ⊗ B transposes only the chosen factor', () => {
  fc.assert(fc.property(arbMatrix(2, 2), arbMatrix(3, 3), (a, b) => {
    const ab = a.kron(b);
    assert.ok(maxDiff(partialTranspose(ab, [2, 3], [1]), a.kron(b.transpose())) < 1e-15);
    assert.ok(maxDiff(partialTranspose(ab, [2, 3], 0), a.transpose().kron(b)) < 1e-15);
    assert.ok(maxDiff(partialTranspose(ab, [2, 3], [0, 1]), ab.transpose()) < 1e-15);
    assert.ok(maxDiff(partialTranspose(ab, [2, 3], []), ab) < 1e-15);
    assert.ok(maxDiff(partialTranspose(ab, [6], [0]), ab.transpose()) < 1e-15);
  }), { numRuns: 100 });
  fc.assert(fc.property(arbMatrix(3, 3), arbMatrix(2, 2), arbMatrix(2, 2), (a, b, c) => {
    const abc = a.kron(b).kron(c);
    const dims = [3, 2, 2];
    assert.ok(maxDiff(partialTranspose(abc, dims, [1]), a.kron(b.transpose()).kron(c)) < 1e-15);
    assert.ok(maxDiff(partialTranspose(abc, dims, [2, 0]), a.transpose().kron(b).kron(c.transpose())) < 1e-15);
  }), { numRuns: 100 });
});

test('partialTranspose is linear and an involution', () => {
  fc.assert(fc.property(arbMatrix(6, 6), arbMatrix(6, 6), (x, y) => {
    const pt = (m: DenseMatrix) => partialTranspose(m, [3, 2], [0]);
    assert.ok(maxDiff(pt(pt(x)), x) === 0);
    assert.ok(maxDiff(pt(x.add(y, 0.5, -2)), pt(x).add(pt(y), 0.5, -2)) < 1e-14);
  }), { numRuns: 100 });
});

test('negativity: Bell states N = 1/2, E_N = 1; either side gives the same', () => {
  for (const [name, rho] of Object.entries(BELL)) {
    assertClose(negativity(rho, [2, 2], [1]), 0.5, 1e-14, name);
    assertClose(negativity(rho, [2, 2], 0), 0.5, 1e-14, `${name}, T_A`);
    assertClose(logNegativity(rho, [2, 2], [1]), 1, 1e-14, name);
  }
});

test('negativity: product states give 0', () => {
  fc.assert(fc.property(arbState(2), arbState(3), (a, b) => {
    assertClose(negativity(a.kron(b), [2, 3], [1]), 0, 1e-13, 'N');
    assertClose(logNegativity(a.kron(b), [2, 3], [0]), 0, 1e-13, 'E_N');
  }), { numRuns: 200 });
  fc.assert(fc.property(arbPure(2), arbPure(2), (a, b) => {
    assertClose(negativity(a.kron(b), [2, 2], [1]), 0, 1e-13, 'pure product');
  }), { numRuns: 200 });
});

test('negativity: Werner state gives max(0, (3p − 1)/4)', () => {
  for (let k = 0; k <= 100; k++) {
    const p = k / 100;
    assertClose(negativity(werner(p), [2, 2], [1]), Math.max(0, (3 * p - 1) / 4), 1e-14, `p = ${p}`);
    assertClose(logNegativity(werner(p), [2, 2], [1]), Math.log2(1 + Math.max(0, (3 * p - 1) / 2)), 1e-14, `p = ${p}`);
  }
});

test('negativity: pure two-qubit states have N = C/2 (= |ab| for a|00⟩ + b|11⟩)', () => {
  fc.assert(fc.property(arbVector(2), ([a, b]) => {
    const n = Math.hypot(a[0], a[1], b[0], b[1]);
    const ab = (Math.hypot(a[0], a[1]) / n) * (Math.hypot(b[0], b[1]) / n);
    assertClose(negativity(pure([a, 0, 0, b]), [2, 2], [1]), ab, 1e-14, '|ab|');
  }), { numRuns: 200 });
  fc.assert(fc.property(arbPure(4), (rho) => {
    assertClose(negativity(rho, [2, 2], [1]), concurrence(rho) / 2, 1e-7, 'N vs C/2');
  }), { numRuns: 200 });
});

test('negativity: two qubits obey 2N ≤ C and local-unitary invariance', () => {
  fc.assert(fc.property(arbTwoQubitState, arbUnitary2, arbUnitary2, (rho, u1, u2) => {
    const n = negativity(rho, [2, 2], [1]);
    assert.ok(2 * n <= concurrence(rho) + 1e-7, `2N = ${2 * n} > C = ${concurrence(rho)}`);
    assertClose(negativity(conjugate(u1.kron(u2), rho), [2, 2], [1]), n, 1e-13, 'N after U1⊗U2');
  }), { numRuns: 300 });
});

test('negativity: maximally entangled qutrits give (d − 1)/2 = 1, log-negativity log2 3', () => {
  const psi = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  assertClose(negativity(pure(psi), [3, 3], [1]), 1, 1e-14, 'N');
  assertClose(logNegativity(pure(psi), [3, 3], [0]), Math.log2(3), 1e-14, 'E_N');
  // A Bell pair tensored with a third qubit in |0⟩: entangled across 0|12, not across 2|01.
  const ghzLike = BELL['Φ+'].kron(pure([1, 0]));
  assertClose(negativity(ghzLike, [2, 2, 2], [0]), 0.5, 1e-14, 'cut 0|12');
  assertClose(negativity(ghzLike, [2, 2, 2], [2]), 0, 1e-14, 'cut 2|01');
});

test('partialTranspose / negativity: input checks', () => {
  const rho = werner(0.5);
  assertMeasureError(() => negativity(rho, [2, 3], [1]), 'dimension-mismatch', 'product 6');
  assertMeasureError(() => partialTranspose(rho, [4, 2], [1]), 'dimension-mismatch', 'product 8');
  assertMeasureError(() => negativity(rho, [], [0]), 'invalid-input', 'non-empty');
  assertMeasureError(() => negativity(rho, [2, 2.5], [0]), 'invalid-input', 'positive integer');
  assertMeasureError(() => negativity(rho, [2, 2], [2]), 'invalid-input', 'out of range');
  assertMeasureError(() => negativity(rho, [2, 2], [-1]), 'invalid-input', 'out of range');
  assertMeasureError(() => negativity(rho, [2, 2], [1, 1]), 'invalid-input', 'twice');
  assertMeasureError(() => partialTranspose(new DenseMatrix(4, 3), [2, 2], [1]), 'invalid-input', 'square');
  const nonHermitian = rho.clone();
  nonHermitian.addAt(0, 3, 0.2);
  assertMeasureError(() => logNegativity(nonHermitian, [2, 2], [1]), 'invalid-input', 'Hermitian');
});
