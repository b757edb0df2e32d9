/**
 * The blocked real dense LU (lu-kernels.ts luRealInPlace: panels of 4 inside super-panels of 32, 4×4 and
 * 2×4 register blocks) against the textbook unblocked elimination with partial pivoting: the blocking
 * only reorders independent work, every entry receives its terms one at a time in increasing pivot order,
 * so factors and permutation must agree bit for bit — across panel and super-panel boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luRealInPlace } from '../../src/linalg/lu-kernels.ts';
import { LinalgError } from '../../src/linalg/errors.ts';
import { rng } from './sparse-fixtures.ts';

/** Textbook right-looking LU with partial pivoting (first row of largest |a_ik|), in place; returns sign(P). */
function textbook(m: Float64Array, n: number, perm: Int32Array): number {
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let piv = k, best = -1;
    for (let i = k; i < n; i++) { const t = Math.abs(m[i * n + k]); if (t > best) { best = t; piv = i; } }
    if (!(best > 0)) throw new LinalgError('singular', 'singular');
    if (piv !== k) {
      for (let j = 0; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[piv * n + j]; m[piv * n + j] = t; }
      const t = perm[k]; perm[k] = perm[piv]; perm[piv] = t;
      sign = -sign;
    }
    const pv = m[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = m[i * n + k] / pv;
      m[i * n + k] = l;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= l * m[k * n + j];
    }
  }
  return sign;
}

test('blocked real LU equals the textbook elimination bit for bit (sizes around the panel boundaries)', () => {
  const r = rng(4);
  for (const n of [9, 12, 31, 32, 33, 35, 64, 65, 66, 67, 97, 130]) {
    const a = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
    const m1 = a.slice(), m2 = a.slice(), p1 = Int32Array.from({ length: n }, (_, i) => i), p2 = p1.slice();
    const s1 = luRealInPlace(m1, n, p1), s2 = textbook(m2, n, p2);
    assert.equal(s1, s2, `n = ${n}: sign`);
    assert.deepEqual(Array.from(p1), Array.from(p2), `n = ${n}: permutation`);
    assert.ok(m1.every((x, k) => Object.is(x, m2[k])), `n = ${n}: factors bit for bit`);
  }
});

test('blocked real LU: exactly duplicated rows (in different super-panels) eliminate to an exactly zero pivot', () => {
  const r = rng(8), n = 100;
  const a = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
  for (let j = 0; j < n; j++) a[90 * n + j] = a[3 * n + j];
  assert.throws(() => luRealInPlace(a, n, Int32Array.from({ length: n }, (_, i) => i)), (e: unknown) => e instanceof LinalgError && e.kind === 'singular');
});
