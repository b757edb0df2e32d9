/**
 * θ(s) against the closed form of a two-state process, both eigen-routes, the rate function, the
 * Gallavotti–Cohen symmetry (thermal, negative-temperature and one-way channels) and the TUR.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { TiltedSystem } from '../../src/thermo/counting.ts';
import { Scgf, gallavottiCohenCheck } from '../../src/thermo/scgf.ts';
import { fullCountingStatistics } from '../../src/thermo/fcs.ts';
import { turRatio } from '../../src/thermo/tur.ts';

/** θ(s) of the two-state process: rates up a_b, down b_b, an absorption from bath b counts u_b. */
function thetaTwoState(up: number[], down: number[], u: number[], s: number): number {
  const A = up.reduce((x, y) => x + y), B = down.reduce((x, y) => x + y);
  const F = up.reduce((acc, a, b) => acc + a * Math.exp(s * u[b]), 0) * down.reduce((acc, d, b) => acc + d * Math.exp(-s * u[b]), 0);
  return (-(A + B) + Math.sqrt((A - B) ** 2 + 4 * F)) / 2;
}

function qubitModel(up: number[], down: number[], omega = 1.3, reverse = true) {
  const sp = space({ q: qubit() });
  const channels = up.flatMap((a, b) => [
    ...(reverse || b > 0 ? [{ operator: op(sp, 'q', 'sigma_plus'), rate: a, bath: `b${b}` }] : []),
    { operator: op(sp, 'q', 'sigma_minus'), rate: down[b], bath: `b${b}` },
  ]);
  const baths = Object.fromEntries(up.map((a, b) => [`b${b}`, { beta: Math.log(down[b] / a) / omega }]));
  return lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(omega), channels, baths });
}

const grid = Array.from({ length: 21 }, (_, k) => -2.5 + 0.25 * k);

test('θ(s) of a qubit between two baths equals the 2×2 closed form, dense and shift-invert routes', () => {
  const omega = 1.3, up = [0.3, 1.7], down = [2.1, 0.9];
  const sys = new TiltedSystem(qubitModel(up, down, omega), { kind: 'heat', bath: 'b0' });
  for (const limit of [64, 0]) {
    const pts = new Scgf(sys, limit).over(grid);
    for (const p of pts) {
      const want = thetaTwoState(up, down, [omega, 0], p.s);
      assert.ok(Math.abs(p.theta - want) <= 1e-12 * Math.max(1, Math.abs(want)), `route ${p.certificate.route} s=${p.s}: ${p.theta} vs ${want}`);
      assert.equal(p.certificate.dominance, 'proved');
      assert.ok(p.certificate.residual < 1e-12, `residual ${p.certificate.residual}`);
      assert.ok(p.certificate.gap > 0.1, `gap ${p.certificate.gap}`);
      // θ'(s) by Hellmann–Feynman against a central difference of the closed form (step 1e-5: error ~1e-10).
      const h = 1e-5, slope = (thetaTwoState(up, down, [omega, 0], p.s + h) - thetaTwoState(up, down, [omega, 0], p.s - h)) / (2 * h);
      assert.ok(Math.abs(p.current - slope) < 1e-7 * Math.max(1, Math.abs(slope)), `θ' at ${p.s}: ${p.current} vs ${slope}`);
      assert.ok(p.rate >= -1e-12, `I(j) = ${p.rate} < 0`);
      // Rate function: I(j) = sup_σ [σj − θ(σ)] of the closed-form θ at the engine's j (the maximand is concave: ternary search).
      let lo = -8, hi = 8;
      const f = (x: number) => x * p.current - thetaTwoState(up, down, [omega, 0], x);
      for (let it = 0; it < 200; it++) { const a = lo + (hi - lo) / 3, b = hi - (hi - lo) / 3; if (f(a) < f(b)) lo = a; else hi = b; }
      assert.ok(Math.abs(p.rate - f((lo + hi) / 2)) <= 1e-10 * Math.max(1, Math.abs(p.rate)), `I(${p.current}) = ${p.rate} vs Legendre transform ${f((lo + hi) / 2)}`);
    }
    assert.equal(pts[0].certificate.route, limit === 0 ? 'shift-invert' : 'dense');
  }
});

test('Gallavotti–Cohen θ(s) = θ(−1−s) for the entropy flow: thermal and negative-temperature baths hold, a one-way channel breaks it', () => {
  const s = [-1.7, -1.2, -0.5, -0.2, 0, 0.3, 0.8];
  for (const [betaA, betaS] of [[2, 0.5], [1.5, -0.7], [-2, -0.3]] as const) {
    const d = diamondModel({ betaA, betaS, basis: 'product' });
    const sys = new TiltedSystem(d.model, { kind: 'entropy' });
    const gc = gallavottiCohenCheck(new Scgf(sys), s, [], sys.generator.normInf());
    assert.ok(gc.holds, `β = (${betaA}, ${betaS}): deviation ${gc.maxDeviation}`);
  }
  // A qubit whose bath b0 only takes energy (no absorption channel) but is given a finite β.
  const oneWay = qubitModel([0.3, 1.7], [2.1, 0.9], 1.3, false);
  const sys = new TiltedSystem(oneWay, { kind: 'entropy' });
  const gc = gallavottiCohenCheck(new Scgf(sys), s, [], sys.generator.normInf());
  assert.ok(!gc.holds && gc.relative > 1e-3, `one-way channel: deviation ${gc.relative}`);
});

test('fullCountingStatistics: TUR ≥ 2 for the (classical) diamond model, the cavity model on the shift-invert route with certificate', () => {
  for (const [betaA, betaS] of [[5, 0], [1.5, -0.7], [3, 1]] as const) {
    const r = fullCountingStatistics(diamondModel({ betaA, betaS }).model, { kind: 'heat', bath: 'S' });
    assert.ok(r.turRatio.value! >= 2, `𝒬 = ${r.turRatio.value} at (${betaA}, ${betaS})`);
    assert.ok(Math.abs(r.mean - r.cumulants[0]) === 0 && r.noise > 0);
  }
  const cav = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 6 });
  const r = fullCountingStatistics(cav.model, { kind: 'weights', weights: cav.model.channels.map((c) => (c.label === 'cavity loss' ? 1 : 0)) }, { scgf: [-1, -0.5, 0, 0.5, 1] });
  assert.equal(r.scgf[0].certificate.route, 'shift-invert');
  assert.equal(r.certificate.scgf!.dominance, 'proved');
  assert.ok(r.certificate.scgf!.worstResidual < 1e-10, `${r.certificate.scgf!.worstResidual}`);
  assert.ok(Math.abs(r.scgf[2].theta) < 1e-12);
  // Convexity and the slope at 0: θ'(0) = mean.
  assert.ok(Math.abs(r.scgf[2].current - r.mean) < 1e-9 * Math.abs(r.mean), `${r.scgf[2].current} vs ${r.mean}`);
  for (let k = 1; k < 4; k++) assert.ok(r.scgf[k - 1].theta + r.scgf[k + 1].theta - 2 * r.scgf[k].theta > 0);
});

test('turRatio limits', () => {
  assert.deepEqual(turRatio(1, 2, 3), { value: 6, belowClassicalBound: false });
  assert.equal(turRatio(2, 1, 1).belowClassicalBound, true);
  assert.equal(turRatio(0, 1, 1).value, null);
  assert.equal(turRatio(1, 1, Infinity).value, Infinity);
  assert.equal(turRatio(1, 1, null).value, null);
});

test('cavity model: θ(s) by dense QR and by shift-invert agree; near s = 0 it matches the cumulant series Σ c_n sⁿ/n!', () => {
  const cav = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 3 }).model;
  const sys = new TiltedSystem(cav, { kind: 'weights', weights: cav.channels.map((c) => (c.label === 'cavity loss' ? 1 : c.label === 'pump q1' ? -0.5 : 0)) });
  const s = [-0.8, -0.3, 0.2, 0.9];
  const dense = new Scgf(sys, 10_000).over(s), shifted = new Scgf(sys, 0).over(s);
  assert.equal(dense[0].certificate.route, 'dense');
  assert.equal(shifted[0].certificate.route, 'shift-invert');
  for (let k = 0; k < s.length; k++) {
    assert.ok(Math.abs(dense[k].theta - shifted[k].theta) <= 1e-10 * Math.abs(dense[k].theta), `s = ${s[k]}: ${dense[k].theta} vs ${shifted[k].theta}`);
    assert.ok(Math.abs(dense[k].current - shifted[k].current) <= 1e-8 * Math.abs(dense[k].current));
  }
  // Series: the truncation error after c4 is ~c5 s⁵/120 ≈ 4e-15, below 1e-10 of θ(±1e-2) ≈ 5e-5.
  const c = fullCountingStatistics(cav, { kind: 'weights', weights: cav.channels.map((ch) => (ch.label === 'cavity loss' ? 1 : ch.label === 'pump q1' ? -0.5 : 0)) }, { order: 4 }).cumulants;
  for (const x of [-1e-2, 1e-2]) {
    const series = c[0] * x + (c[1] * x ** 2) / 2 + (c[2] * x ** 3) / 6 + (c[3] * x ** 4) / 24;
    const p = new Scgf(sys).at(x, series);
    // An eigenvalue is accurate to ~ε‖L‖ absolutely (here θ ~ 5e-5 ≪ ‖L‖), the series to ~1e-12 relatively.
    const tol = 1e-10 * Math.abs(series) + 100 * Number.EPSILON * sys.generator.normInf();
    assert.ok(Math.abs(p.theta - series) <= tol, `s = ${x}: θ = ${p.theta}, series ${series}`);
  }
});
