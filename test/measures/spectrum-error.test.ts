/**
 * The spectra's error bounds (src/measures/spectrum-error.ts) against closed forms where double precision
 * is not enough: the flanks of a line narrower than the rounding of its frequency, and a telegraph process
 * flipping at rates 1e-13 beside a fast qubit (S(0) ∝ 1/rate). Every value's true error must lie within
 * its bound; where a true error exceeds the 1e-6 tolerance the status must say 'ill-conditioned'; and
 * well-conditioned spectra must come out 'accurate' with bounds near the rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel, parseOperator } from '../../src/io/model-file.ts';
import { emissionSpectrum, type SpectrumResult } from '../../src/measures/spectrum.ts';

/** Checks δS ≥ |S − S_exact| everywhere, and the status against the true errors; returns the worst true relative error. */
function checkBounds(r: SpectrumResult, exact: readonly number[], what: string): number {
  let worst = 0;
  const peak = Math.max(...exact.map(Math.abs));
  r.spectrum.forEach((s, k) => {
    const err = Math.abs(s - exact[k]);
    assert.ok(err <= r.errors[k], `${what}, ω = ${r.omegas[k]}: |S − S_exact| = ${err.toExponential(2)} > bound ${r.errors[k].toExponential(2)} (S = ${exact[k]})`);
    worst = Math.max(worst, err / Math.max(Math.abs(exact[k]), 1e-6 * peak));
  });
  if (worst > 1e-6) assert.equal(r.status, 'ill-conditioned', `${what}: true relative error ${worst.toExponential(2)}, status ${r.status}`);
  return worst;
}

/** Exact a + b as a pair (s, e), s = fl(a + b) (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

test('a line narrower than its frequency\'s rounding: the flanks\' errors lie within their bounds and are reported', () => {
  for (const [e0, e1, down, up] of [[0.1, 0.4, 2e-12, 1e-12], [0.7, 1.9, 4e-13, 2e-13], [0.1, 0.4, 2, 1]]) {
    const model = parseModel({ dims: [2], hamiltonian: { matrix: [[e0, 0], [0, e1]] }, channels: [
      { operator: { matrix: [[0, 1], [0, 0]] }, rate: down }, { operator: { matrix: [[0, 0], [1, 0]] }, rate: up }] });
    const a = parseOperator(model.space, { matrix: [[0, 1], [0, 0]] }, 'A');
    const gamma = down + up, pe = up / gamma, [s, err] = twoSum(e1, -e0); // ω0 = s + err exactly
    const h = gamma > 1 ? 2 ** -2 : 2 ** -40;
    const ks = Array.from({ length: 81 }, (_, k) => k - 40), omegas = ks.map((k) => s + k * h); // exact sums
    const exact = ks.map((k) => { const d = k * h - err; return pe * gamma / (d * d + gamma * gamma / 4); });
    const r = emissionSpectrum(model, a, omegas);
    const worst = checkBounds(r, exact, `E = (${e0}, ${e1}), Γ = ${gamma}`);
    if (gamma > 1) {
      assert.equal(r.status, 'accurate');
      r.errors.forEach((e, k) => assert.ok(e <= 1e-12 * exact[k], `bound ${e} at ω = ${omegas[k]} is not near the rounding`));
      assert.ok(worst < 1e-13);
    }
  }
});

test('telegraph flips at rates 1e-13 beside a fast driven qubit: S(0) ∝ 1/rate lost digits, within its bound and reported; at rates 0.3 accurate', () => {
  for (const [a, b] of [[1e-13, 2e-13], [3e-9, 1e-9], [0.3, 0.2]]) {
    const model = parseModel({ subsystems: { q: 'qubit', f: 'qubit' },
      hamiltonian: { scale: 0.8, of: 'f.sigma_x' },
      channels: [{ operator: 'q.sigma_plus', rate: a }, { operator: 'q.sigma_minus', rate: b }, { operator: 'f.sigma_minus', rate: 1 }] });
    const n = parseOperator(model.space, 'q.n', 'A');
    // ⟨δn(τ)δn(0)⟩ = p0 p1 e^{−(a+b)|τ|}: S(ω) = 2 p0 p1 (a+b) / ((a+b)² + ω²), no other part
    const g = a + b, p1 = a / g, p0 = b / g;
    const omegas = [0, g / 10, g, 10 * g, 0.5, 3];
    const exact = omegas.map((w) => 2 * p0 * p1 * g / (g * g + w * w));
    const r = emissionSpectrum(model, n, omegas);
    checkBounds(r, exact, `a = ${a}, b = ${b}`);
    if (a === 0.3) assert.equal(r.status, 'accurate');
    if (a === 1e-13) assert.equal(r.status, 'ill-conditioned'); // 4 digits or so are at stake at ω = 0
  }
});

test('far frequencies below ‖L‖/ε on a trace-bordered sector are solved, not refused as an undamped mode: S(ω)·ω² stays constant', () => {
  const model = parseModel({ dims: [2], hamiltonian: { matrix: [[1, 0.3], [0.3, -1]] }, channels: [
    { operator: { matrix: [[0, 1], [0, 0]] }, rate: 0.5 }, { operator: { matrix: [[0, 0], [1, 0]] }, rate: 0.1 }] });
  const a = parseOperator(model.space, { matrix: [[0, 1], [0, 0]] }, 'A');
  const ws = [1e10, 1e14, 1e15, 3e15, 1e16];
  const r = emissionSpectrum(model, a, ws); // (it threw "L − iω is singular" from ω ≈ 7e14 to 1e16)
  const c = r.spectrum[0] * ws[0] ** 2;
  r.spectrum.forEach((x, k) => assert.ok(Math.abs(x * ws[k] ** 2 / c - 1) < 1e-6 && Number.isFinite(r.errors[k]), `ω = ${ws[k]}: S = ${x}, bound ${r.errors[k]}`));
});
