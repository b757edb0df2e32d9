// Shared builders and fast-check arbitraries for the measures tests (not a test file itself).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMatrix, type ComplexPair } from '../../src/linalg/dense.ts';
import { MeasureError } from '../../src/measures/measures.ts';

export type Amp = number | ComplexPair;

/** |ψ⟩⟨ψ| for the normalised amplitudes ψ. */
export function pure(amps: readonly Amp[]): DenseMatrix {
  const n = amps.length;
  const re = amps.map((a) => (typeof a === 'number' ? a : a[0]));
  const im = amps.map((a) => (typeof a === 'number' ? 0 : a[1]));
  let norm = 0;
  for (let i = 0; i < n; i++) norm += re[i] * re[i] + im[i] * im[i];
  const m = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // ψ_i conj(ψ_j)
      m.set(i, j, (re[i] * re[j] + im[i] * im[j]) / norm, (im[i] * re[j] - re[i] * im[j]) / norm);
    }
  }
  return m;
}

const s = Math.SQRT1_2;
/** The four Bell states in the |00⟩, |01⟩, |10⟩, |11⟩ basis. */
export const BELL: Record<string, DenseMatrix> = {
  'Φ+': pure([s, 0, 0, s]),
  'Φ−': pure([s, 0, 0, -s]),
  'Ψ+': pure([0, s, s, 0]),
  'Ψ−': pure([0, s, -s, 0]),
};

/** Werner state p|ψ⁻⟩⟨ψ⁻| + (1 − p)I/4. */
export function werner(p: number): DenseMatrix {
  return BELL['Ψ−'].scale(p).add(DenseMatrix.identity(4).scale((1 - p) / 4));
}

/** U ρ U†. */
export function conjugate(u: DenseMatrix, rho: DenseMatrix): DenseMatrix {
  return u.mul(rho).mul(u.adjoint());
}

/** Largest entry-wise modulus of A − B. */
export function maxDiff(a: DenseMatrix, b: DenseMatrix): number {
  assert.equal(a.rows, b.rows);
  assert.equal(a.cols, b.cols);
  let e = 0;
  for (let k = 0; k < a.data.length; k += 2) e = Math.max(e, Math.hypot(a.data[k] - b.data[k], a.data[k + 1] - b.data[k + 1]));
  return e;
}

export function assertClose(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol,
    `${what}: expected ${expected}, got ${actual} (|diff| = ${Math.abs(actual - expected)} > ${tol})`);
}

/** Asserts that `f` throws a MeasureError with the given code whose message contains `text`. */
export function assertMeasureError(f: () => unknown, code: string, text: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof MeasureError, `expected a MeasureError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.ok(e.message.includes(text), `message "${e.message}" does not contain "${text}"`);
    return true;
  });
}

const unit = fc.double({ min: -1, max: 1, noNaN: true });
const complex: fc.Arbitrary<ComplexPair> = fc.tuple(unit, unit);

/** A random (unnormalised) complex vector of length n with norm ≥ 0.1. */
export function arbVector(n: number): fc.Arbitrary<ComplexPair[]> {
  return fc.array(complex, { minLength: n, maxLength: n })
    .filter((v) => v.reduce((acc, [a, b]) => acc + a * a + b * b, 0) >= 0.01);
}

/** A random pure state |ψ⟩⟨ψ| of dimension n. */
export function arbPure(n: number): fc.Arbitrary<DenseMatrix> {
  return arbVector(n).map(pure);
}

/** Columns of a random n×n unitary (Gram–Schmidt on random vectors), as DenseMatrix. */
export function gramSchmidt(vectors: ComplexPair[][]): DenseMatrix | null {
  const n = vectors[0].length;
  const cols: ComplexPair[][] = [];
  for (const v0 of vectors) {
    const v = v0.map((z) => [z[0], z[1]] as ComplexPair);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        // v −= ⟨q|v⟩ q
        let dr = 0, di = 0;
        for (let i = 0; i < n; i++) {
          dr += q[i][0] * v[i][0] + q[i][1] * v[i][1];
          di += q[i][0] * v[i][1] - q[i][1] * v[i][0];
        }
        for (let i = 0; i < n; i++) {
          v[i][0] -= dr * q[i][0] - di * q[i][1];
          v[i][1] -= dr * q[i][1] + di * q[i][0];
        }
      }
    }
    const norm = Math.sqrt(v.reduce((acc, [a, b]) => acc + a * a + b * b, 0));
    if (norm < 1e-3) return null;
    cols.push(v.map(([a, b]) => [a / norm, b / norm] as ComplexPair));
  }
  const u = new DenseMatrix(n, cols.length);
  for (let j = 0; j < cols.length; j++) for (let i = 0; i < n; i++) u.set(i, j, cols[j][i][0], cols[j][i][1]);
  return u;
}

/** A random n×n unitary. */
export function arbUnitary(n: number): fc.Arbitrary<DenseMatrix> {
  return fc.array(arbVector(n), { minLength: n, maxLength: n })
    .map(gramSchmidt)
    .filter((u): u is DenseMatrix => u !== null);
}

/** A random 2×2 unitary e^{iα}[[a, −b*], [b, a*]] with |a|² + |b|² = 1. */
export const arbUnitary2: fc.Arbitrary<DenseMatrix> = fc
  .tuple(unit, unit, unit, unit, fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }))
  .filter(([a, b, c, d]) => a * a + b * b + c * c + d * d >= 0.01)
  .map(([a, b, c, d, alpha]) => {
    const n = Math.sqrt(a * a + b * b + c * c + d * d);
    const m = DenseMatrix.fromRows([[[a / n, b / n], [-c / n, d / n]], [[c / n, d / n], [a / n, -b / n]]]);
    return m.scale(Math.cos(alpha), Math.sin(alpha));
  });

/** A random density matrix G G†/Tr(G G†) of dimension n and rank ≤ r (G is n×r with random entries). */
export function arbState(n: number, r: number = n): fc.Arbitrary<DenseMatrix> {
  return fc.array(arbVector(n), { minLength: r, maxLength: r }).map((cols) => {
    let rho = new DenseMatrix(n, n);
    for (const c of cols) {
      const norm = c.reduce((acc, [a, b]) => acc + a * a + b * b, 0);
      rho = rho.add(pure(c).scale(norm));
    }
    const [tr] = rho.trace();
    return rho.scale(1 / tr);
  });
}

/** A random two-qubit density matrix of random rank 1…4. */
export const arbTwoQubitState: fc.Arbitrary<DenseMatrix> = fc.integer({ min: 1, max: 4 }).chain((r) => arbState(4, r));

/** A random full-rank density matrix (1 − t)ρ + t·I/n with t in [0.05, 1]: smallest eigenvalue ≥ 0.05/n. */
export function arbFullRankState(n: number): fc.Arbitrary<DenseMatrix> {
  return fc.tuple(arbState(n), fc.double({ min: 0.05, max: 1, noNaN: true }))
    .map(([rho, t]) => rho.scale(1 - t).add(DenseMatrix.identity(n).scale(t / n)));
}
