/**
 * Stationary spectra from the resolvent (src/measures/spectrum.ts) against closed forms: the Mollow
 * triplet of a strongly driven damped qubit, the Lorentzian of a thermal damped cavity (sign of ω: a mode
 * at +Δ shows at ω = +Δ, QuTiP's convention), the coherent δ-peak of a driven cavity; and against a
 * numerical Fourier transform of the QRT correlation computed by the time-domain route.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { LindbladError } from '../../src/errors.ts';
import { thermalCavity } from './cavity-fixtures.ts';
import { emissionSpectrum } from '../../src/measures/spectrum.ts';
import { correlation } from '../../src/measures/correlations.ts';
import { cavityModel } from '../../src/paper/cavity.ts';

const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

/** Resonantly driven damped qubit: H = (Ω/2)σx, decay γ (rate of σ⁻ = |0⟩⟨1|). */
function drivenQubit(omega: number, gamma: number) {
  const sp = space({ q: qubit() });
  return { sp, model: lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(omega / 2), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma }] }) };
}

test('Mollow triplet (Ω = 400γ): peaks at 0 and ±Ω of heights 1/γ and 1/(3γ), half widths γ/2 and 3γ/4, no coherent part', () => {
  const gamma = 1, omega = 400;
  const { sp, model } = drivenQubit(omega, gamma);
  const sm = op(sp, 'q', 'sigma_minus');
  const r = emissionSpectrum(model, sm, [0, omega, -omega, gamma / 2, -gamma / 2, omega - 0.75 * gamma, omega + 0.75 * gamma]);
  const S = r.spectrum;
  // Strong drive: incoherent weight 1/2 split 1/2 : 1/4 : 1/4; a Lorentzian of weight c and HWHM Γ has height 2c/Γ.
  assert.ok(rel(S[0], 1 / gamma) < 1e-4, `S(0) = ${S[0]}`);
  assert.ok(rel(S[1], 1 / (3 * gamma)) < 1e-4, `S(Ω) = ${S[1]}`);
  assert.ok(rel(S[2], S[1]) < 1e-12, 'symmetric sidebands');
  // Half widths: S(±Γ) = S(peak)/2 (the sidebands' small dispersive part, odd about ±Ω, cancels in the mean of both sides).
  assert.ok(Math.abs((S[3] + S[4]) / 2 / S[0] - 0.5) < 1e-4, `central: ${S[3] / S[0]}`);
  assert.ok(Math.abs((S[5] + S[6]) / 2 / S[1] - 0.5) < 1e-4, `sideband: ${(S[5] + S[6]) / 2 / S[1]}`);
  assert.ok(r.coherentWeight < 1e-5 && rel(r.total, 0.5) < 1e-4, `|⟨σ⟩|² = ${r.coherentWeight}, ⟨σ†σ⟩ = ${r.total}`);
  assert.ok(r.stats.bordered, 'no U(1) symmetry: the solve is the trace-bordered full system');
});

test('thermal damped cavity: S(ω) = n̄κ / ((ω − Δ)² + κ²/4), peaked at ω = +Δ; ⟨a⟩ = 0, so no coherent part', () => {
  const delta = 1.7, kappa = 0.6, nbar = 0.3;
  const { sp, model } = thermalCavity(delta, kappa, nbar);
  const ws = Array.from({ length: 41 }, (_, k) => -3 + 0.17 * k);
  const r = emissionSpectrum(model, op(sp, 'c', 'a'), ws);
  ws.forEach((w, k) => {
    const exact = (nbar * kappa) / ((w - delta) ** 2 + kappa ** 2 / 4);
    assert.ok(rel(r.spectrum[k], exact) < 1e-10, `ω = ${w}: ${r.spectrum[k]} vs ${exact}`);
  });
  assert.equal(r.coherentWeight, 0);
  assert.ok(rel(r.total, nbar) < 1e-12);
  assert.ok(!r.stats.bordered && r.stats.unknowns === 40, `a·ρ is solved in its charge −1 sector (${r.stats.unknowns} unknowns)`);
});

test('coherently driven damped cavity: a coherent state, so S_inc = 0 and the δ-peak has weight |α|², α = −iF/(κ/2 + iΔ)', () => {
  const sp = space({ c: fock(30) }), delta = 0.4, kappa = 1.3, f = 0.5;
  const a = op(sp, 'c', 'a');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'c', 'n').scale(delta).plus(a.plus(a.dag()).scale(f)), channels: [{ operator: a, rate: kappa }] });
  const r = emissionSpectrum(model, a, [-1, 0, 0.4, 2]);
  const d = (kappa / 2) ** 2 + delta ** 2, alpha = [(-f * delta) / d, (-f * kappa / 2) / d]; // −iF·(κ/2 − iΔ)/|κ/2 + iΔ|²
  assert.ok(Math.hypot(r.mean[0] - alpha[0], r.mean[1] - alpha[1]) < 1e-12);
  assert.ok(rel(r.coherentWeight, alpha[0] ** 2 + alpha[1] ** 2) < 1e-10);
  for (const x of r.spectrum) assert.ok(Math.abs(x) < 1e-10, `S_inc = ${x}`);
});

test('resolvent spectrum = numerical Fourier transform of the QRT correlation (driven qubit, Ω = 3γ, detuned frame)', () => {
  const gamma = 1, omega = 3, det = 0.8;
  const sp = space({ q: qubit() });
  const sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'sigma_x').scale(omega / 2).plus(op(sp, 'q', 'n').scale(det)),
    channels: [{ operator: sm, rate: gamma }],
  });
  // c(τ) = ⟨σ⁺(τ)σ⁻(0)⟩ − |⟨σ⁻⟩|², on τ ∈ [0, 70/γ] (e^{−35} left), Simpson's rule with h = 0.005.
  const h = 0.005, steps = 14000, taus = Array.from({ length: steps + 1 }, (_, k) => k * h);
  const c = correlation(model, sm.dag(), sm, taus);
  const r = emissionSpectrum(model, sm, [-4, -1, 0, 0.5, 3]);
  const m2 = r.coherentWeight;
  r.omegas.forEach((w, k) => {
    let sum = 0;
    for (let j = 0; j <= steps; j++) {
      const wt = j === 0 || j === steps ? 1 : j % 2 === 1 ? 4 : 2;
      const cr = c.re[j] - m2, ci = c.im[j];
      sum += wt * (cr * Math.cos(w * taus[j]) + ci * Math.sin(w * taus[j])); // Re(e^{−iωτ} c(τ))
    }
    const fourier = (2 * h * sum) / 3;
    assert.ok(Math.abs(fourier - r.spectrum[k]) < 1e-9 * Math.max(...r.spectrum), `ω = ${w}: FFT ${fourier} vs resolvent ${r.spectrum[k]}`);
  });
});

test('two-emitter cavity model: a·ρ_ss is solved in its charge −1 sector, positive spectrum, sum rule ∫S dω/2π = ⟨a†a⟩', () => {
  const { model, space: sp } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 6 });
  // A fine grid over ±60 g and the Lorentzian tails beyond, integrated in closed form from the tail's 1/ω² decay.
  const W = 60, count = 12001, ws = Array.from({ length: count }, (_, k) => -W + (2 * W * k) / (count - 1));
  const r = emissionSpectrum(model, op(sp, 'cav', 'a'), ws);
  assert.ok(!r.stats.bordered && r.stats.unknowns < r.stats.fullUnknowns / 4, `${r.stats.unknowns} of ${r.stats.fullUnknowns}`);
  assert.ok(r.spectrum.every((x) => x > 0), 'a power spectrum is positive');
  const h = (2 * W) / (count - 1);
  let integral = 0;
  for (let k = 0; k < count; k++) integral += (k === 0 || k === count - 1 ? 0.5 : 1) * r.spectrum[k] * h;
  integral += r.spectrum[0] * W + r.spectrum[count - 1] * W; // ∫_W^∞ c/ω² dω = c/W = S(W)·W
  assert.ok(rel(integral / (2 * Math.PI), r.total) < 1e-4, `${integral / (2 * Math.PI)} vs ${r.total}`);
  assert.equal(r.coherentWeight, 0);
  assert.ok(r.stats.refactorizations >= count - 10, `${r.stats.factorizations} fresh factorisations`);
});

test('frequencies far beyond the model scale: S_inc(ω) is 0 to double precision, not an "undamped mode" and not noise of either sign', () => {
  // Thermal damped cavity, S(ω) = n̄κ/((ω − Δ)² + κ²/4): within the model's scale the closed form to 1e-10
  // relative; beyond it |S − exact| stays below 1e-30 of the peak 4n̄/κ, and ω of either sign is accepted.
  const delta = 1.7, kappa = 0.6, nbar = 0.3, peak = (4 * nbar) / kappa;
  const { sp, model } = thermalCavity(delta, kappa, nbar);
  const ws = [1e3, -1e3, 1e6, 1e12, 1e17, 1e20, 1e100, 1e160, 1e300, -1e300];
  const r = emissionSpectrum(model, op(sp, 'c', 'a'), ws);
  ws.forEach((w, k) => {
    const exact = (nbar * kappa) / ((w - delta) ** 2 + kappa ** 2 / 4);
    assert.ok(Math.abs(r.spectrum[k] - exact) <= 1e-10 * exact + 1e-30 * peak, `ω = ${w}: ${r.spectrum[k]} vs ${exact}`);
  });
  // The two-emitter cavity model: its solve broke down from ω ≈ 1e160 ("an undamped mode at this frequency")
  // and gave −9.8e-120 at 1e50; every rate there is below 10.
  const { model: cavity, space: csp } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const far = emissionSpectrum(cavity, op(csp, 'cav', 'a'), [1, 1e50, 1e160, 1e300, -1e300]);
  assert.ok(far.spectrum[0] > 1e-3, `S(1) = ${far.spectrum[0]}`);
  assert.deepEqual(far.spectrum.slice(1), [0, 0, 0, 0]);
});

test('spectrum input errors name the field', () => {
  const { sp, model } = drivenQubit(1, 1);
  const other = space({ q: fock(2) });
  const expectError = (f: () => unknown, field: string) => assert.throws(f, (e: unknown) => e instanceof LindbladError && e.field === field);
  expectError(() => emissionSpectrum(model, op(other, 'q', 'a'), [0]), 'a');
  expectError(() => emissionSpectrum(model, op(sp, 'q', 'sigma_minus'), [0, Number.NaN]), 'omegas[1]');
  expectError(() => emissionSpectrum(model, op(sp, 'q', 'sigma_minus'), []), 'omegas');
});
