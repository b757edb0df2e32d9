import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareSteadyState, steadyState, type SteadyStateResult } from '../../src/steady/steady.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import type { LindbladModel } from '../../src/model/model.ts';
import { fock, lindbladModel, op, qubit, space, type ChannelInput } from '../../src/index.ts';

const maxDiff = (a: SteadyStateResult, b: SteadyStateResult): number => {
  let d = 0;
  for (let k = 0; k < a.rho.data.length; k++) d = Math.max(d, Math.abs(a.rho.data[k] - b.rho.data[k]));
  return d;
};
/** ρ and certificate, bit for bit; of the method choice only the method that ran (the default 'auto' and an explicit 'direct' say different things about what was requested). */
const key = (r: SteadyStateResult): string => JSON.stringify([Array.from(r.rho.data, (x) => x + 0), { ...r.certificate, method: r.certificate.method?.kind ?? 'direct' }]);
const unreduced = { method: { kind: 'direct' as const, exchange: false } };
const reduced = { method: { kind: 'direct' as const, exchange: true } };

/** θ of a cavity-family plan with channel c's coefficient set to rates[c] (channels as in cavity.ts). */
function thetaOf(p: ReturnType<typeof prepareSteadyState>, rates: number[]): Float64Array {
  return Float64Array.from(p.plan.liouvillian.terms, (t) => (t.kind === 'hamiltonian' ? 1 : rates[t.channel]));
}

/** The cavity model with channel c's rate replaced. */
const withRate = (model: LindbladModel, c: number, rate: number): LindbladModel =>
  model.with({ channels: model.channels.map((ch, i) => (i === c ? { ...ch, rate } : ch)) });

test('exchange-reduced and unreduced sector solves of the cavity model agree to 1e-13', () => {
  for (const cutoff of [1, 2, 4, 8]) {
    for (const kappa of [0.01, 0.3, 2.33, 100]) {
      const { model } = cavityModel({ kappa, gamma: 1e-3, pump: 5e-3, cutoff });
      const r = steadyState(model, reduced), u = steadyState(model, unreduced);
      assert.match(r.certificate.sector!, /exchange q1↔q2: \d+ symmetric unknowns solved, \d+ antisymmetric checked/, `cutoff ${cutoff}, κ ${kappa}`);
      assert.doesNotMatch(u.certificate.sector!, /exchange/);
      assert.ok(r.certificate.unknowns < u.certificate.unknowns);
      assert.ok(maxDiff(r, u) <= 1e-13, `cutoff ${cutoff}, κ ${kappa}: |Δρ| = ${maxDiff(r, u)}`);
      assert.ok(r.certificate.relativeResidual < 1e-14 && r.certificate.unique);
      assert.match(r.certificate.uniqueness.via!, /exchange-antisymmetric block checked/);
      const full = steadyState(model, { method: { kind: 'direct', sectors: false } });
      assert.ok(maxDiff(r, full) <= 1e-12, `against the unreduced full system: ${maxDiff(r, full)}`);
    }
  }
});

test('one-off steadyState calls are reduced only when the sector\'s LU is fill-heavy; prepared families always are', () => {
  for (const cutoff of [2, 16, 64]) { // the cavity sector is banded (block-tridiagonal by photon number)
    const { model } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff });
    assert.doesNotMatch(steadyState(model).certificate.sector!, /exchange/, `cutoff ${cutoff}`);
    assert.match(prepareSteadyState(model).solve().certificate.sector!, /exchange q1↔q2/);
  }
  const three = emittersInFock(3, 4); // 260 sector unknowns, fill-heavy
  const r = steadyState(three), u = steadyState(three, unreduced);
  assert.match(r.certificate.sector!, /exchange e1↔e2: 160 symmetric unknowns solved, 100 antisymmetric checked/);
  assert.ok(maxDiff(r, u) <= 1e-13, `|Δρ| = ${maxDiff(r, u)}`);
  assert.doesNotMatch(steadyState(emittersInFock(2, 4)).certificate.sector!, /exchange/); // 68 unknowns: not worth it
});

/** N identical qubits e1…eN ⊗ Fock(cutoff), each coupled to the cavity (g = 1), pumped, decaying; cavity loss κ = 2.33. */
function emittersInFock(n: number, cutoff: number, rates = { pump: 5e-3, gamma: 1e-3, kappa: 2.33 }): LindbladModel {
  const names = Array.from({ length: n }, (_, i) => `e${i + 1}`);
  const sp = space({ ...Object.fromEntries(names.map((e) => [e, qubit()])), cav: fock(cutoff) });
  const a = op(sp, 'cav', 'a');
  let h = op(sp, 'cav', 'n').scale(0);
  const channels: ChannelInput[] = [];
  for (const e of names) {
    const c = op(sp, e, 'sigma_minus'), t = c.dag().times(a);
    h = h.plus(t).plus(t.dag());
    channels.push({ operator: c.dag(), rate: rates.pump, bath: 'pump' }, { operator: c, rate: rates.gamma, bath: 'emitters' });
  }
  channels.push({ operator: a, rate: rates.kappa, bath: 'cavity' });
  return lindbladModel(sp, { hamiltonian: h, channels, baths: { pump: { beta: -Infinity }, emitters: { beta: Infinity }, cavity: { beta: Infinity } } });
}

test('several disjoint swaps (e1↔e2, e3↔e4): every joint eigenspace is accounted for, and the reduced solve agrees with the unreduced and the full one', () => {
  for (const [n, cutoff] of [[4, 2], [5, 1], [4, 3]] as const) {
    for (const kappa of [0.05, 2.33, 40]) {
      const model = emittersInFock(n, cutoff, { pump: 5e-3, gamma: 1e-3, kappa });
      const r = steadyState(model, reduced), u = steadyState(model, unreduced);
      const m = /exchanges e1↔e2, e3↔e4: (\d+) symmetric unknowns solved, (\d+) in 3 antisymmetric blocks checked/.exec(r.certificate.sector!);
      assert.ok(m, r.certificate.sector);
      assert.equal(Number(m[1]) + Number(m[2]), u.certificate.unknowns, 'the eigenspaces split the sector exactly');
      assert.equal(r.certificate.unknowns, Number(m[1]));
      assert.match(r.certificate.uniqueness.via!, /exchange-antisymmetric blocks checked/);
      assert.ok(r.certificate.unique && r.certificate.relativeResidual < 1e-14, `N ${n}, κ ${kappa}: ${r.certificate.relativeResidual}`);
      assert.ok(maxDiff(r, u) <= 1e-13, `N ${n}, cutoff ${cutoff}, κ ${kappa}: |Δρ| = ${maxDiff(r, u)}`);
      if (n === 4 && cutoff === 2) {
        const full = steadyState(model, { method: { kind: 'direct', sectors: false } });
        assert.ok(maxDiff(r, full) <= 1e-12, `against the full system: ${maxDiff(r, full)}`);
      }
    }
  }
});

test('several swaps: stationary states outside the symmetric part (dark states of collective decay) are found, not hidden', () => {
  // Four qubits decaying collectively through J− = Σ σ−_i: every state J− annihilates is stationary (the ground
  // state and the lowest states of the J = 1 and J = 0 multiplets), some of them antisymmetric under e1↔e2 or e3↔e4.
  const names = ['e1', 'e2', 'e3', 'e4'];
  const sp = space(Object.fromEntries(names.map((e) => [e, qubit()])));
  const jMinus = names.map((e) => op(sp, e, 'sigma_minus')).reduce((x, y) => x.plus(y));
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'e1', 'sigma_z').scale(0), channels: [{ operator: jMinus, rate: 1, bath: 'b' }], baths: { b: { beta: Infinity } } });
  assert.throws(() => steadyState(model, reduced), /not unique/);
  assert.throws(() => steadyState(model, unreduced), /not unique/);
  const a = steadyState(model, { ...reduced, onDegenerate: 'basis' }), b = steadyState(model, { ...unreduced, onDegenerate: 'basis' });
  assert.equal(a.certificate.unique, false);
  assert.equal(b.certificate.unique, false);
});

test('a prepared sweep family is reduced at every point that pairs the emitters, and agrees with the unreduced plan', () => {
  const { model } = cavityModel({ kappa: 1, gamma: 1, pump: 1, cutoff: 4 });
  const p = prepareSteadyState(model), q = prepareSteadyState(model, unreduced);
  for (const kappa of [0.01, 0.5, 7, 1000]) {
    const th = thetaOf(p, [5e-3, 5e-3, 1e-3, 1e-3, kappa]);
    const a = p.solve(th), b = q.solve(th);
    assert.match(a.certificate.sector!, /exchange q1↔q2/);
    assert.ok(maxDiff(a, b) <= 1e-13, `κ ${kappa}: ${maxDiff(a, b)}`);
  }
});

test('models that are not exchange-symmetric are not reduced and stay correct', () => {
  const { model } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const variants = [withRate(model, 1, 7e-3), withRate(model, 3, 2e-3)]; // pump q2 ≠ pump q1; γ2 ≠ γ1
  for (const m of variants) {
    const r = steadyState(m, reduced), full = steadyState(m, { method: { kind: 'direct', sectors: false } });
    assert.doesNotMatch(r.certificate.sector!, /exchange/);
    assert.equal(key(r), key(steadyState(m, unreduced)));
    assert.equal(key(prepareSteadyState(m).solve()), key(prepareSteadyState(m, unreduced).solve()));
    assert.ok(maxDiff(r, full) <= 1e-12);
    assert.ok(r.certificate.relativeResidual < 1e-14);
    // The state is really asymmetric: ⟨n1⟩ ≠ ⟨n2⟩ (q1 is the leading factor: index 8 + k is q1 excited).
    let n1 = 0, n2 = 0;
    const d = 10; // 2·(cutoff + 1)
    for (let k = 0; k < 2 * d; k++) { if (k >= d) n1 += r.rho.re(k, k); if (k % d >= 5) n2 += r.rho.re(k, k); }
    assert.ok(Math.abs(n1 - n2) > 1e-6, `⟨n1⟩ = ${n1}, ⟨n2⟩ = ${n2}`);
  }
});

test('a point whose θ breaks the pairing falls back to the unreduced sector solve', () => {
  const { model } = cavityModel({ kappa: 1, gamma: 1, pump: 1, cutoff: 4 });
  const p = prepareSteadyState(model), q = prepareSteadyState(model, unreduced);
  const sym = thetaOf(p, [5e-3, 5e-3, 1e-3, 1e-3, 2]);
  const broken = [thetaOf(p, [5e-3, 6e-3, 1e-3, 1e-3, 2]), thetaOf(p, [5e-3, 5e-3, 1e-3, 1e-3 * (1 + 2 ** -40), 2])];
  for (const th of broken) {
    const a = p.solve(th), b = q.solve(th);
    assert.doesNotMatch(a.certificate.sector!, /exchange/);
    assert.equal(key(a), key(b), 'the fallback is exactly the unreduced solve');
    assert.ok(a.certificate.relativeResidual < 1e-14);
  }
  assert.match(p.solve(sym).certificate.sector!, /exchange/, 'later symmetric points are reduced again');
});

test('exchange-reduced solves do not depend on point order (resumed sweeps stay byte-identical)', () => {
  const { model } = cavityModel({ kappa: 1, gamma: 1, pump: 1, cutoff: 4 });
  const f = prepareSteadyState(model), g = prepareSteadyState(model);
  const th: Float64Array[] = [];
  for (let i = 0; i < 30; i++) {
    const kappa = 0.01 * 10 ** (5 * i / 29);
    th.push(thetaOf(f, [5e-3, i % 5 === 0 ? 4e-3 : 5e-3, 1e-3, 1e-3, kappa]));
  }
  const a = th.map((t) => key(f.solve(t)));
  const b = th.slice().reverse().map((t) => key(g.solve(t))).reverse();
  a.forEach((x, i) => assert.equal(x, b[i], `point ${i}`));
  for (let i = 0; i < th.length; i += 6) assert.equal(key(prepareSteadyState(model).solve(th[i])), a[i]);
});

test('a non-unique symmetric model is still reported as not unique', () => {
  // No pump and no emitter decay: excitations trapped in the emitters' dark state survive, κ cannot remove them.
  const { model } = cavityModel({ kappa: 1, gamma: 0, pump: 0, cutoff: 2 });
  const p = prepareSteadyState(model), th = thetaOf(p, [0, 0, 0, 0, 1]);
  assert.throws(() => p.solve(th), /not unique.*exchange-symmetric part/);
  assert.throws(() => prepareSteadyState(model, unreduced).solve(th), /not unique/);
  const b = prepareSteadyState(model, { onDegenerate: 'basis' }).solve(th);
  assert.equal(b.certificate.unique, false);
  assert.ok((b.stationaryBasis?.length ?? 0) > 1);
});

test('several swaps: a stationary element only in an antisymmetric block is found (the symmetric block alone looks unique)', () => {
  // Two independent pairs (e1, e2) and (e3, e4); in each, |00⟩ → |10⟩ or |01⟩ and |11⟩ → |01⟩ or |10⟩ with
  // dephasing, so |10⟩⟨10| and |01⟩⟨01| are absorbing: four stationary states, of which only their
  // all-symmetric mixture lies in the symmetric block — the other three are in blocks (−,+), (+,−), (−,−).
  const sp = space({ e1: qubit(), e2: qubit(), e3: qubit(), e4: qubit() });
  const o = (e: string, k: string) => op(sp, e, k);
  const channels: ChannelInput[] = [];
  for (const [a, b] of [['e1', 'e2'], ['e3', 'e4']]) {
    for (const [x, y] of [[a, b], [b, a]]) {
      channels.push({ operator: o(x, 'sigma_plus').times(o(y, 'sigma_minus')).times(o(y, 'sigma_plus')), rate: 1, bath: 'up' });
      channels.push({ operator: o(x, 'sigma_minus').times(o(y, 'sigma_plus')).times(o(y, 'sigma_minus')), rate: 1, bath: 'down' });
      channels.push({ operator: o(x, 'sigma_z'), rate: 1, bath: 'dephasing' });
    }
  }
  const model = lindbladModel(sp, { hamiltonian: o('e1', 'sigma_z').scale(0), channels, baths: { up: { beta: null }, down: { beta: null }, dephasing: { beta: null } } });
  assert.throws(() => steadyState(model, reduced), /not unique.*an exchange-antisymmetric part of the diagonal sector \(\d+ unknowns\) holds a stationary element/);
  assert.throws(() => steadyState(model, unreduced), /not unique/);
  for (const options of [reduced, unreduced]) {
    const b = steadyState(model, { ...options, onDegenerate: 'basis' });
    assert.equal(b.certificate.unique, false);
    assert.equal(b.stationaryBasis?.length, 4);
  }
});
