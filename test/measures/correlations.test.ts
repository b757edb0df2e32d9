/**
 * Two-time correlations by the quantum regression theorem (src/measures/correlations.ts) against closed
 * forms: a thermal damped cavity (⟨a†(τ)a⟩ = n̄e^{(iΔ − κ/2)τ}, g² = 1 + e^{−κτ}), a coherently driven one
 * (g² ≡ 1), resonance fluorescence (the Carmichael–Walls antibunching g²(τ)), a decaying qubit and a
 * coherent state of a driven cavity from a given (non-stationary) state, and g²(τ → ∞) = 1 in the
 * two-emitter cavity model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LindbladError } from '../../src/errors.ts';
import { thermalCavity } from './cavity-fixtures.ts';
import { correlation, firstOrderCoherence, secondOrderCoherence } from '../../src/measures/correlations.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { steadyState } from '../../src/steady/steady.ts';

const taus = [0, 0.1, 0.5, 1, 2, 4, 8];

test('thermal cavity: ⟨a†(τ)a(0)⟩ = n̄e^{(iΔ − κ/2)τ}, g¹(τ) = e^{(iΔ − κ/2)τ}, g²(τ) = 1 + e^{−κτ} (2 at τ = 0, → 1)', () => {
  const delta = 1.3, kappa = 0.7, nbar = 0.2;
  const { sp, model } = thermalCavity(delta, kappa, nbar);
  const a = op(sp, 'c', 'a');
  const c = correlation(model, a.dag(), a, taus);
  const g1 = firstOrderCoherence(model, a, taus);
  const g2 = secondOrderCoherence(model, a, [...taus, 60]);
  taus.forEach((t, k) => {
    const mag = Math.exp(-kappa * t / 2), re = mag * Math.cos(delta * t), im = mag * Math.sin(delta * t);
    assert.ok(Math.hypot(c.re[k] - nbar * re, c.im[k] - nbar * im) < 1e-9 * nbar, `τ = ${t}: ${c.re[k]} + ${c.im[k]}i`);
    assert.ok(Math.hypot(g1.re[k] - re, g1.im[k] - im) < 1e-9, `g1 at τ = ${t}`);
    assert.ok(Math.abs(g2.re[k] - (1 + Math.exp(-kappa * t))) < 1e-9, `g2 at τ = ${t}: ${g2.re[k]}`);
  });
  assert.ok(Math.abs(g2.re[0] - 2) < 1e-12);
  assert.ok(Math.abs(g2.re[taus.length] - 1) < 1e-12, 'g²(τ → ∞) = 1');
  assert.ok(c.certificate?.unique, 'from the certified steady state');
});

test('coherently driven cavity: g²(τ) = 1 at every τ (a coherent state), and ⟨a†(τ)a(0)⟩ = |α|²', () => {
  const sp = space({ c: fock(20) }), kappa = 1.1, f = 0.6, a = op(sp, 'c', 'a');
  const model = lindbladModel(sp, { hamiltonian: a.plus(a.dag()).scale(f), channels: [{ operator: a, rate: kappa }] });
  const g2 = secondOrderCoherence(model, a, taus);
  for (const x of g2.re) assert.ok(Math.abs(x - 1) < 1e-9, `g2 = ${x}`);
  const c = correlation(model, a.dag(), a, taus), alpha2 = (f / (kappa / 2)) ** 2;
  for (const x of c.re) assert.ok(Math.abs(x - alpha2) < 1e-9 * alpha2);
});

test('resonance fluorescence: g²(τ) = 1 − e^{−3γτ/4}(cos μτ + (3γ/4μ) sin μτ), μ = √(Ω² − γ²/16) (antibunching, g²(0) = 0)', () => {
  const sp = space({ q: qubit() }), gamma = 1, omega = 2.5, sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(omega / 2), channels: [{ operator: sm, rate: gamma }] });
  const ts = Array.from({ length: 41 }, (_, k) => 0.25 * k);
  const g2 = secondOrderCoherence(model, sm, ts);
  const mu = Math.sqrt(omega ** 2 - gamma ** 2 / 16);
  ts.forEach((t, k) => {
    const exact = 1 - Math.exp(-0.75 * gamma * t) * (Math.cos(mu * t) + ((0.75 * gamma) / mu) * Math.sin(mu * t));
    assert.ok(Math.abs(g2.re[k] - exact) < 1e-9, `τ = ${t}: ${g2.re[k]} vs ${exact}`);
    assert.ok(Math.abs(g2.im[k]) < 1e-12);
  });
});

test('from a given state: a qubit excited at t, decaying at rate γ with splitting ω: ⟨σ⁺(t+τ)σ⁻(t)⟩ = e^{(iω − γ/2)τ}', () => {
  const sp = space({ q: qubit() }), gamma = 0.4, w = 2;
  const sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(w), channels: [{ operator: sm, rate: gamma }] });
  const excited = ketToDensity(basisKet(sp, { q: 1 }));
  const c = correlation(model, sm.dag(), sm, taus, { from: { kind: 'state', rho: excited } });
  taus.forEach((t, k) => {
    const mag = Math.exp(-gamma * t / 2);
    assert.ok(Math.hypot(c.re[k] - mag * Math.cos(w * t), c.im[k] - mag * Math.sin(w * t)) < 1e-9, `τ = ${t}`);
  });
  assert.equal(c.certificate, undefined);
  // g¹ from that state normalises by √(n(t) n(t+τ)) = e^{−γτ/2}: |g¹| = 1 (a single emitter's field stays coherent with itself).
  const g1 = firstOrderCoherence(model, sm, taus, { from: { kind: 'state', rho: excited } });
  g1.re.forEach((x, k) => assert.ok(Math.abs(Math.hypot(x, g1.im[k]) - 1) < 1e-8, `|g1| at τ = ${taus[k]}`));
});

test('from a given, non-stationary coherent state |β⟩ of a driven damped cavity: ⟨a†(τ)a(0)⟩ = β·conj(α(τ)), n(τ) = |α(τ)|², |g¹| = 1, g² ≡ 1', () => {
  // H = Δa†a + F(a + a†), decay κ: |β⟩ stays coherent, |α(τ)⟩ with α(τ) = α_ss + (β − α_ss)e^{−(κ/2 + iΔ)τ},
  // α_ss = −iF/(κ/2 + iΔ); so aρ = βρ, ⟨a†(τ)a(0)⟩ = β·conj(α(τ)) and G²(τ) = |β|²|α(τ)|² = n(0)n(τ).
  const sp = space({ c: fock(25) }), delta = 0.7, kappa = 1.1, f = 0.6, br = 1.2, bi = -0.9;
  const a = op(sp, 'c', 'a');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'c', 'n').scale(delta).plus(a.plus(a.dag()).scale(f)), channels: [{ operator: a, rate: kappa }] });
  const ket = new Float64Array(2 * sp.dim);
  let cr = Math.exp(-(br * br + bi * bi) / 2), ci = 0; // β^k e^{−|β|²/2} / √k!
  for (let k = 0; k < sp.dim; k++) {
    ket[2 * k] = cr; ket[2 * k + 1] = ci;
    const s = Math.sqrt(k + 1);
    [cr, ci] = [(cr * br - ci * bi) / s, (cr * bi + ci * br) / s];
  }
  const from = { kind: 'state' as const, rho: ketToDensity(ket) };
  // α_ss = −iF/(κ/2 + iΔ) = −iF(κ/2 − iΔ)/|κ/2 + iΔ|² = (−FΔ − iFκ/2)/(κ²/4 + Δ²).
  const d = kappa ** 2 / 4 + delta ** 2, sr = -f * delta / d, si = (-f * kappa / 2) / d;
  const alpha = (t: number): [number, number] => {
    const m = Math.exp(-kappa * t / 2), er = m * Math.cos(delta * t), ei = -m * Math.sin(delta * t);
    return [sr + (br - sr) * er - (bi - si) * ei, si + (br - sr) * ei + (bi - si) * er];
  };
  const ts = [0, 0.3, 1, 2.5, 5];
  const c = correlation(model, a.dag(), a, ts, { from });
  const g1 = firstOrderCoherence(model, a, ts, { from }), g2 = secondOrderCoherence(model, a, ts, { from });
  ts.forEach((t, k) => {
    const [ar, ai] = alpha(t), n = ar * ar + ai * ai;
    // β·conj(α) = (br + i bi)(ar − i ai)
    const er = br * ar + bi * ai, ei = bi * ar - br * ai;
    assert.ok(Math.hypot(c.re[k] - er, c.im[k] - ei) < 1e-9 * Math.hypot(er, ei), `⟨a†(τ)a(0)⟩ at τ = ${t}: ${c.re[k]} + ${c.im[k]}i vs ${er} + ${ei}i`);
    assert.ok(Math.abs(g2.photons[k] - n) < 1e-9 * n, `n(τ) at τ = ${t}: ${g2.photons[k]} vs ${n}`);
    assert.ok(Math.abs(Math.hypot(g1.re[k], g1.im[k]) - 1) < 1e-9, `|g¹| at τ = ${t}`);
    assert.ok(Math.abs(g2.re[k] - 1) < 1e-9 && Math.abs(g2.im[k]) < 1e-9, `g² at τ = ${t}: ${g2.re[k]}`);
  });
  assert.ok(Math.abs(g2.photons[0] - (br * br + bi * bi)) < 1e-12, 'n(0) = |β|²');
  assert.equal(g2.certificate, undefined, 'not from the steady state');
});

test('two-emitter cavity model: g²(τ → ∞) = 1, and g²(0) = Tr(a†a†aaρ)/⟨a†a⟩² from the steady state', () => {
  const { model, space: sp } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 6 });
  const a = op(sp, 'cav', 'a');
  const g2 = secondOrderCoherence(model, a, [0, 1e5]);
  assert.ok(Math.abs(g2.re[1] - 1) < 1e-8, `g2(∞) = ${g2.re[1]}`);
  const ad = a.dag(), n = g2.photons[0];
  // Equal-time value straight from ρ_ss (no evolution): ⟨a†a†aa⟩/n².
  const ss = steadyState(model).rho;
  const g20 = ad.times(ad).times(a).times(a).toDense().mul(ss).trace()[0] / n ** 2;
  assert.ok(Math.abs(g2.re[0] - g20) < 1e-10 * g20, `${g2.re[0]} vs ${g20}`);
});

test('correlation input errors name the field', () => {
  const sp = space({ q: qubit() }), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x'), channels: [{ operator: sm, rate: 1 }] });
  const expectError = (f: () => unknown, field: string) => assert.throws(f, (e: unknown) => e instanceof LindbladError && e.field === field, field);
  expectError(() => correlation(model, sm, sm, [0], { from: { kind: 'state', rho: DenseMatrix.identity(2) } }), 'from.rho');
  expectError(() => correlation(model, sm, op(space({ q: fock(3) }), 'q', 'a'), [0]), 'b');
  expectError(() => correlation(model, sm, sm, [1, 0]), 'times[1]');
  const dark = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: sm, rate: 1 }] });
  expectError(() => secondOrderCoherence(dark, sm, [0]), 'a');
});

test('g¹, g² where the field has decayed to exactly 0: NaN listed in undefinedAt, never ±Infinity; elsewhere exact', () => {
  // A cavity decaying (rate 1) from the Fock state |2⟩: G²(τ) = 2e^{−τ}, n(τ) = 2e^{−τ}, so g²(τ) = 1/2 exactly;
  // at τ = 800 n(τ) = 2e^{−800} underflows to 0 and g² is 0/0 (before: NaN with nothing saying so, and g¹
  // ±Infinity or NaN).
  const sp = space({ c: fock(4) });
  const model = lindbladModel(sp, { channels: [{ operator: op(sp, 'c', 'a'), rate: 1 }] });
  const rho = ketToDensity(basisKet(sp, { c: 2 }));
  const taus = [0, 1, 10, 100, 800];
  const g2 = secondOrderCoherence(model, op(sp, 'c', 'a'), taus, { from: { kind: 'state', rho } });
  assert.deepEqual(g2.undefinedAt, [4]);
  assert.ok(Number.isNaN(g2.re[4]) && Number.isNaN(g2.im[4]));
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(g2.re[k] - 0.5) <= 1e-12, `g²(${taus[k]}) = ${g2.re[k]}`);
  const g1 = firstOrderCoherence(model, op(sp, 'c', 'a'), taus, { from: { kind: 'state', rho } });
  assert.deepEqual(g1.undefinedAt, [4]);
  assert.ok(g1.re.every((x, k) => (k === 4 ? Number.isNaN(x) : Number.isFinite(x))), `g¹ = ${g1.re}`);
});

test('dense exponential at large ‖L‖τ: the stated rounding estimate covers the error against the closed form ⟨σ₊(τ)σ₋⟩ = p_e e^{(iω − Γ/2)τ}', () => {
  // Before: errorEstimate was null ("exact to rounding") while at ω = 1e8, τ = 30 the values were off by 2.8e-9.
  const sp = space({ q: qubit() }), gd = 0.3, gu = 0.1, ts = [0, 1, 10, 30];
  for (const w of [1, 1e4, 1e8]) {
    const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(w / 2), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gd }, { operator: op(sp, 'q', 'sigma_plus'), rate: gu }] });
    const r = correlation(model, op(sp, 'q', 'sigma_plus'), op(sp, 'q', 'sigma_minus'), ts, { method: { kind: 'expm' } });
    assert.equal(r.stats.method, 'expm');
    assert.equal(r.stats.errorKind, 'rounding');
    const pe = gu / (gu + gd);
    ts.forEach((t, k) => {
      const mag = pe * Math.exp(-((gd + gu) * t) / 2), phase = Math.sin(w * t); // σ₊(τ) = σ₊e^{iωτ} for H = ωσ_z/2
      const err = Math.hypot(r.re[k] - mag * Math.cos(w * t), r.im[k] - mag * phase);
      assert.ok(err <= r.stats.errorEstimate!, `ω = ${w}, τ = ${t}: error ${err.toExponential(2)} beyond the stated ${r.stats.errorEstimate}`);
    });
  }
});
