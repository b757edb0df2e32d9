/**
 * The small dense exponential of Krylov methods (linalg/expm-small.ts) against closed forms, and its refusal
 * of a matrix whose scaled norm is not finite (it asked for infinitely many squarings: a hang).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SmallExpWorkspace, smallExpColumn, smallExpMatrix } from '../../src/linalg/expm-small.ts';
import { LinalgError } from '../../src/linalg/errors.ts';

/** B = [[0, −ω], [ω, 0]] + i·diag(φ, φ) (row-major, interleaved): exp(τB) = e^{iφτ}·R(ωτ). */
const rotation = (omega: number, phi: number) => Float64Array.from([0, phi, -omega, 0, omega, 0, 0, phi]);

test('smallExpMatrix and smallExpColumn equal e^{iφτ}·[[cos ωτ, −sin ωτ], [sin ωτ, cos ωτ]], with and without squarings', () => {
  const ws = new SmallExpWorkspace(4), out = new Float64Array(8), col = new Float64Array(4);
  for (const [omega, phi, tau] of [[1, 0, 0.3], [2, 0.5, 0.1], [3, -1, 7.5], [50, 2, 3]]) {
    const b = rotation(omega, phi);
    smallExpMatrix(b, 2, 2, tau, out, ws);
    smallExpColumn(b, 2, 2, tau, col, ws);
    const c = Math.cos(omega * tau), s = Math.sin(omega * tau), pr = Math.cos(phi * tau), pi = Math.sin(phi * tau);
    const want = [c, -s, s, c].flatMap((x) => [x * pr, x * pi]);
    const tol = 1e-13 * Math.max(1, omega * tau);
    for (let k = 0; k < 8; k++) assert.ok(Math.abs(out[k] - want[k]) <= tol, `ω ${omega} τ ${tau} entry ${k}: ${out[k]} vs ${want[k]}`);
    for (let i = 0; i < 2; i++) for (let p = 0; p < 2; p++) assert.ok(Math.abs(col[2 * i + p] - want[2 * (2 * i) + p]) <= tol, `column entry ${i}`);
  }
});

test('a scaled norm that overflows or is NaN is a non-finite LinalgError at once, not an endless squaring loop', () => {
  const ws = new SmallExpWorkspace(2), out = new Float64Array(8), col = new Float64Array(4);
  for (const [b, tau] of [[rotation(1e200, 0), 1e200], [rotation(Infinity, 0), 1], [rotation(NaN, 0), 1], [rotation(1e308, 1e308), 10]] as Array<[Float64Array, number]>) {
    const t0 = Date.now();
    for (const f of [() => smallExpMatrix(b, 2, 2, tau, out, ws), () => smallExpColumn(b, 2, 2, tau, col, ws)]) {
      assert.throws(f, (e: unknown) => e instanceof LinalgError && e.kind === 'non-finite');
    }
    assert.ok(Date.now() - t0 < 1000);
  }
});
