import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trajectories, trajectoriesSync, type TrajectoriesResult } from '../../src/jumps/jumps.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { space, qubit } from '../../src/model/space.ts';
import { streamFor } from '../../src/random/rng.ts';

/**
 * Resonance fluorescence: H = (Ω/2)σ_x, decay γ. From |g⟩ the no-jump survival ‖ψ(τ)‖² (the probability
 * of no jump by τ) is, with μ = √(Ω² − γ²/4) (Carmichael; the integral of the waiting-time density
 * w(τ) = (γΩ²/μ²)e^{−γτ/2}sin²(μτ/2) from τ to ∞):
 *   S(τ) = (γΩ²/(2μ²))·e^{−γτ/2}·(2/γ − (γ/2·cos μτ − μ sin μτ)/Ω²).
 * [H, σ⁺σ⁻] ≠ 0, so the no-jump evolution is the non-normal (Krylov) path.
 */
const OMEGA = 1.3, GAMMA = 0.7;
const MU = Math.sqrt(OMEGA ** 2 - GAMMA ** 2 / 4);
const survival = (t: number) => (GAMMA * OMEGA ** 2 / (2 * MU ** 2)) * Math.exp(-GAMMA * t / 2)
  * (2 / GAMMA - (GAMMA / 2 * Math.cos(MU * t) - MU * Math.sin(MU * t)) / OMEGA ** 2);

function fluorescence() {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'sigma_x').scale(OMEGA / 2),
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: GAMMA, label: 'decay', bath: 'vacuum' }],
  });
  return { sp, model };
}

test('Krylov path, analytic jump times: resonance fluorescence S(t₁) = r to 1e-12, and the first waiting times pass a KS test', () => {
  const { sp, model } = fluorescence();
  const count = 2000;
  const res = trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp) }, [60], { count, seed: 8 });
  assert.equal(res.stats.propagator, 'krylov');
  const first: number[] = [];
  let worst = 0;
  for (let k = 0; k < count; k++) {
    const t1 = res.jumps.times[res.jumps.offsets[k]];
    const r = streamFor(8, k).nextOpenDouble(); // a single ket draws no initial state: r is the first number
    // A jump-time error δt moves S by S'(t)δt = −w(t)δt: compare in S (well conditioned where w is not tiny).
    worst = Math.max(worst, Math.abs(survival(t1) - r));
    first.push(t1);
  }
  assert.ok(worst <= 1e-12, `max |S(t₁) − r| = ${worst}`);
  // Kolmogorov–Smirnov against F = 1 − S: D ≤ 1.63/√n is the 1% critical value (deterministic seed).
  first.sort((a, b) => a - b);
  let d = 0;
  first.forEach((t, i) => { const f = 1 - survival(t); d = Math.max(d, Math.abs(f - i / count), Math.abs(f - (i + 1) / count)); });
  assert.ok(d <= 1.63 / Math.sqrt(count), `KS D = ${d}`);
});

test('Krylov path forced on a decaying qubit: waiting times −ln(r)/γ to 1e-13 relative, binned counts follow e^{−γt}', () => {
  const sp = space({ q: qubit() });
  const gamma = 0.7;
  const m = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.3), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma }] });
  const count = 4000;
  const res = trajectoriesSync(m, { kind: 'ket', psi: basisKet(sp, { q: 1 }) }, [200], { count, seed: 3, propagator: 'krylov' });
  assert.equal(res.stats.propagator, 'krylov');
  const bins = new Float64Array(6); // [0, 0.5), [0.5, 1), … [2.5, ∞) in units of 1/γ
  for (let k = 0; k < count; k++) {
    const want = -Math.log(streamFor(3, k).nextOpenDouble()) / gamma, t = res.jumps.times[k];
    assert.equal(res.jumpCounts[k], 1);
    assert.ok(Math.abs(t - want) <= 1e-13 * want, `${t} vs ${want}`);
    bins[Math.min(5, Math.floor(gamma * t / 0.5))]++;
  }
  // χ² with 5 degrees of freedom: 15.09 is the 1% critical value.
  let chi2 = 0;
  for (let b = 0; b < 6; b++) {
    const p = Math.exp(-0.5 * b) - (b < 5 ? Math.exp(-0.5 * (b + 1)) : 0);
    chi2 += (bins[b] - count * p) ** 2 / (count * p);
  }
  assert.ok(chi2 <= 15.09, `χ² = ${chi2}`);
});

/** The cavity model with a strong pump (many jumps; H_eff not normal), cutoff 3. */
const strongCavity = () => cavityModel({ g: 1, kappa: 2.33, gamma: 0.05, pump: 0.4, cutoff: 3 });

test('cavity model (Krylov path): trajectory averages of n, n₁, n₂ and the populations converge to evolve\'s ρ(t) within 4.5 standard errors', () => {
  const { model, space: sp } = strongCavity();
  const obs = { n: op(sp, 'cav', 'n'), n1: op(sp, 'q1', 'n'), n2: op(sp, 'q2', 'n') };
  const times = [0.5, 2, 5, 12];
  const psi = basisKet(sp);
  const res = trajectoriesSync(model, { kind: 'ket', psi }, times, { count: 3000, seed: 21, observables: obs });
  assert.equal(res.stats.propagator, 'krylov');
  const ev = evolve(model, ketToDensity(psi), times, { observables: obs, keepStates: true });
  let checked = 0;
  times.forEach((t, k) => {
    for (const name of Object.keys(obs)) {
      const mean = res.observables[name].mean[k], err = res.observables[name].error[k], want = ev.expectations![name][k];
      assert.ok(err > 0 && Math.abs(mean - want) <= 4.5 * err + 1e-12, `t=${t} ⟨${name}⟩: ${mean} ± ${err}, evolve ${want}`);
      checked++;
    }
    for (let i = 0; i < sp.dim; i++) {
      // A population lies in [0, 1], so its variance is at most p(1 − p): that bound stands in for the sample's
      // when a rare level (p ~ 1e-7) was never visited and the sample error is 0.
      const mean = res.populations.mean[k][i], want = ev.states![k].re(i, i);
      const err = Math.max(res.populations.error[k][i], Math.sqrt(Math.max(0, want * (1 - want)) / res.count));
      assert.ok(Math.abs(mean - want) <= 4.5 * err + 1e-12, `t=${t} population ${i}: ${mean} ± ${err}, evolve ${want}`);
    }
  });
  assert.equal(checked, 12);
});

test('old (grid) and new (Krylov) propagators agree on a fixed-seed cavity run: same jumps, times within 1e-9', () => {
  const { model, space: sp } = strongCavity();
  const init = { kind: 'ket' as const, psi: basisKet(sp) };
  const a = trajectoriesSync(model, init, [0, 5, 20], { count: 100, seed: 4 });
  const b = trajectoriesSync(model, init, [0, 5, 20], { count: 100, seed: 4, propagator: 'grid' });
  assert.deepEqual([a.stats.propagator, b.stats.propagator], ['krylov', 'grid']);
  assert.deepEqual(a.jumpCounts, b.jumpCounts);
  assert.deepEqual(a.jumps.channels, b.jumps.channels);
  assert.ok(a.jumps.times.length > 500);
  let worst = 0;
  a.jumps.times.forEach((t, i) => { worst = Math.max(worst, Math.abs(t - b.jumps.times[i]) / Math.max(1, t)); });
  assert.ok(worst <= 1e-9, `max relative jump-time difference ${worst}`);
});

function assertSameRecords(a: TrajectoriesResult, b: TrajectoriesResult): void {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, what: string) => {
    assert.equal(x.length, y.length, what);
    for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  };
  same(a.jumps.offsets, b.jumps.offsets, 'offsets');
  same(a.jumps.times, b.jumps.times, 'jump times');
  same(a.jumps.channels, b.jumps.channels, 'jump channels');
  a.populations.mean.forEach((m, t) => same(m, b.populations.mean[t], `mean[${t}]`));
  a.populations.error.forEach((m, t) => same(m, b.populations.error[t], `error[${t}]`));
}

test('Krylov path: the same seed gives identical records on 1 and 2 threads', async () => {
  const { model, space: sp } = strongCavity();
  const init = { kind: 'ket' as const, psi: basisKet(sp) };
  const one = await trajectories(model, init, [1, 4, 9], { count: 300, seed: 12, workers: 1 });
  const two = await trajectories(model, init, [1, 4, 9], { count: 300, seed: 12, workers: 2 });
  assert.equal(one.stats.propagator, 'krylov');
  assert.equal(two.stats.workers, 2);
  assertSameRecords(one, two);
});

test('Krylov kernel beyond an invariant space (40-site chain, m = 30 < n): states and crossing times match the dense exponential', async () => {
  const { decayPropagator } = await import('../../src/linalg/decay-propagator.ts');
  const { KrylovDecayPropagator } = await import('../../src/linalg/decay-krylov.ts');
  const { DenseMatrix } = await import('../../src/linalg/dense.ts');
  const { expm } = await import('../../src/linalg/ode/expm.ts');
  const n = 40, h = new DenseMatrix(n, n), g = new DenseMatrix(n, n);
  for (let i = 0; i + 1 < n; i++) { h.set(i, i + 1, 1); h.set(i + 1, i, 1); }
  for (let i = 0; i < n; i++) h.set(i, i, 0.3 * Math.sin(i)); // disorder: no symmetry shortcuts
  g.set(n - 1, n - 1, 0.8); // loss at the far end
  g.set(n / 2, n / 2, 0.05);
  const a = h.scale(0, -1).add(g, -0.5);
  const prop = decayPropagator(h, g, 'auto');
  assert.ok(prop instanceof KrylovDecayPropagator);
  const start = new Float64Array(2 * n);
  start[0] = 1;
  // Outputs every 0.7 up to 35: compare with exp(A t)e₀.
  const c = start.slice();
  let worst = 0;
  for (let k = 1; k <= 50; k++) {
    assert.equal(prop.evolveUntil(c, 1e-300, 0.7), -1);
    const want = expm(a.scale(0.7 * k)).matvec(start);
    let d = 0, s = 0;
    for (let i = 0; i < 2 * n; i++) { d += (c[i] - want[i]) ** 2; s += want[i] ** 2; }
    worst = Math.max(worst, Math.sqrt(d / s));
  }
  assert.ok(worst <= 1e-10, `relative state error ${worst}`);
  const st = (prop as InstanceType<typeof KrylovDecayPropagator>).stats;
  assert.ok(st.segments > st.invariant && st.segments >= 2, JSON.stringify(st));
  // A crossing: N(τ) = r located to ~1e-10 (bisection on the dense exponential for reference).
  const r = 0.6, y = start.slice(), tau = prop.evolveUntil(y, r, 100);
  const norm = (t: number) => { const v = expm(a.scale(t)).matvec(start); let q = 0; for (const x of v) q += x * x; return q; };
  let lo = 0, hi = 100;
  for (let it = 0; it < 200 && hi - lo > 1e-14 * hi; it++) { const mid = 0.5 * (lo + hi); if (norm(mid) > r) lo = mid; else hi = mid; }
  assert.ok(Math.abs(tau - lo) <= 1e-10 * lo, `crossing ${tau} vs ${lo}`);
});
