import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trajectoriesSync, type TrajectoryOptions } from '../../src/jumps/jumps.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { unvec } from '../../src/steady/steady.ts';
import { propagateLinear } from '../../src/linalg/ode/expm.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LindbladError } from '../../src/errors.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { fromMatrix, op } from '../../src/model/operator.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { diamondBasis } from '../../src/paper/diamond-basis.ts';
import { streamFor } from '../../src/random/rng.ts';

/** ρ(t) for each time, exactly (matrix exponential of the Liouvillian). */
function exact(model: LindbladModel, rho0: DenseMatrix, times: number[]): DenseMatrix[] {
  return propagateLinear(liouvillian(model).toDense(), vectorize(rho0), times).states.map((v) => unvec(v, model.space.dim));
}
const expect = (rho: DenseMatrix, x: DenseMatrix) => rho.mul(x).trace()[0];

/** |mean − exact| within k standard errors (plus rounding). */
function within(mean: number, error: number, want: number, k: number, what: string): void {
  assert.ok(Math.abs(mean - want) <= k * error + 1e-12, `${what}: ${mean} ± ${error}, exact ${want}`);
}

/** A resonantly driven qubit with decay and weak pumping: [H, Σγo†o] ≠ 0, so H_eff is not normal. */
function drivenQubit(): LindbladModel {
  const sp = space({ q: qubit() });
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'sigma_x').scale(0.6),
    channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: 0.5, bath: 'vacuum' },
      { operator: op(sp, 'q', 'sigma_plus'), rate: 0.1, bath: 'pump' },
    ],
  });
}

test('diamond model from G: populations and Bell projectors agree with the master equation', () => {
  const d = diamondModel({ betaA: 4, betaS: -2, basis: 'product' });
  const b = diamondBasis('product');
  const proj = b.vectors.map((v) => ketToDensity(v));
  const observables = Object.fromEntries(b.labels.map((l, i) => [l, fromMatrix(d.space, proj[i])]));
  const times = [0.5, 2, 6];
  const res = trajectoriesSync(d.model, { kind: 'ket', psi: b.vectors[0] }, times, { count: 2000, seed: 11, observables });
  assert.equal(res.stats.propagator, 'normal');
  const rho = exact(d.model, proj[0], times);
  times.forEach((t, k) => {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      within(res.populations.mean[k][i], res.populations.error[k][i], rho[k].re(i, i), 4.5, `t=${t} population ${i}`);
      sum += res.populations.mean[k][i];
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
    b.labels.forEach((l, i) => within(res.observables[l].mean[k], res.observables[l].error[k], expect(rho[k], proj[i]), 4.5, `t=${t} ${l}`));
  });
});

test('a non-normal H_eff uses the Krylov propagator (and the grid one on request) and reproduces ρ(t)', () => {
  const m = drivenQubit();
  const sp = m.space;
  const obs = { x: op(sp, 'q', 'sigma_x'), y: op(sp, 'q', 'sigma_y'), z: op(sp, 'q', 'sigma_z') };
  const times = [0, 0.5, 1.5, 4, 8];
  const psi = basisKet(sp, { q: 1 });
  const rho = exact(m, ketToDensity(psi), times);
  for (const propagator of ['auto', 'grid'] as const) {
    const res = trajectoriesSync(m, { kind: 'ket', psi }, times, { count: 3000, seed: 5, observables: obs, propagator });
    assert.equal(res.stats.propagator, propagator === 'auto' ? 'krylov' : 'grid');
    times.forEach((t, k) => {
      for (const [name, o] of Object.entries(obs)) within(res.observables[name].mean[k], res.observables[name].error[k], expect(rho[k], o.toDense()), 4.5, `${propagator} t=${t} ⟨σ${name}⟩`);
    });
  }
});

test('jump times solve ‖ψ(t)‖² = r to ~1e-13 with all three propagators', () => {
  const sp = space({ q: qubit() });
  const gamma = 0.7;
  const m = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.3), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma, label: 'decay', bath: 'cold' }] });
  for (const propagator of ['auto', 'grid', 'krylov'] as const) {
    const res = trajectoriesSync(m, { kind: 'ket', psi: basisKet(sp, { q: 1 }) }, [200], { count: 50, seed: 3, propagator });
    for (let k = 0; k < 50; k++) {
      // A single ket draws no initial state: the first number of stream k is the first waiting-time r.
      const want = -Math.log(streamFor(3, k).nextOpenDouble()) / gamma;
      const [rec, ...rest] = res.jumps.records(k);
      assert.equal(rest.length, 0, 'after the decay the qubit is dark');
      assert.deepEqual([rec.channel, rec.label, rec.bath], [0, 'decay', 'cold']);
      assert.ok(Math.abs(rec.time - want) <= 1e-13 * want, `${propagator}: ${rec.time} vs ${want}`);
    }
  }
});

test('normal and grid propagators give the same trajectories (diamond, 200 × T = 10)', () => {
  const d = diamondModel({ betaA: 2, betaS: -1 });
  const init = { kind: 'ket' as const, psi: basisKet(d.space) };
  const a = trajectoriesSync(d.model, init, [10], { count: 200, seed: 9 });
  const b = trajectoriesSync(d.model, init, [10], { count: 200, seed: 9, propagator: 'grid' });
  assert.deepEqual([a.stats.propagator, b.stats.propagator], ['normal', 'grid']);
  assert.deepEqual(a.jumps.channels, b.jumps.channels);
  a.jumps.times.forEach((t, i) => assert.ok(Math.abs(t - b.jumps.times[i]) <= 1e-11 * Math.max(1, t)));
  for (let k = 0; k < 200; k++) {
    const r = a.jumps.records(k);
    r.forEach((j, i) => assert.ok(j.time <= 10 && (i === 0 || j.time >= r[i - 1].time)));
  }
});

test('diagonal and sparse eigenbases (a Fock ladder: the identity; levels with one coupled pair: a sparse V): normal and grid propagators give the same trajectories and ⟨n⟩(t) matches the master equation', async () => {
  const { fock, levels } = await import('../../src/model/space.ts');
  const { decayPropagator } = await import('../../src/linalg/decay-propagator.ts');
  const { CsrMatrix } = await import('../../src/linalg/sparse.ts');
  // Fock(12): H = ω a†a + χ (a†a)², decay, a weak pump and a strong projective jump on |2⟩ (H and G diagonal)
  const sf = space({ c: fock(12) }), a = op(sf, 'c', 'a'), nf = a.dag().times(a);
  const ladder = lindbladModel(sf, { hamiltonian: nf.scale(0.7).plus(nf.times(nf).scale(-0.2)),
    channels: [{ operator: a, rate: 0.4 }, { operator: a.dag(), rate: 0.05 }, { operator: op(sf, 'c', 'projector', { level: 2 }), rate: 3 }] });
  // 13 levels decaying one step down at one rate (G degenerate on 1 … 12), H diagonal but for a coupling of 4 and 5
  const sl = space({ x: levels(13) }), nl = op(sl, 'x', 'n');
  const coupled = lindbladModel(sl, {
    hamiltonian: nl.scale(0.7).plus(op(sl, 'x', 'transition', { to: 4, from: 5 }).scale(0.3)).plus(op(sl, 'x', 'transition', { to: 5, from: 4 }).scale(0.3)),
    channels: Array.from({ length: 12 }, (_, k) => ({ operator: op(sl, 'x', 'transition', { to: k, from: k + 1 }), rate: 0.4 })),
  });
  for (const [what, model, n, basis] of [['ladder', ladder, nf, 'identity'], ['coupled pair', coupled, nl, 'sparse']] as const) {
    const g = model.channels.reduce((acc, c) => acc.add(c.operator.matrix.adjoint().mul(c.operator.matrix), c.rate), CsrMatrix.zeros(13));
    const prop = decayPropagator(model.hamiltonian.toDense(), g.toDense());
    assert.equal(prop.basis === null ? 'identity' : CsrMatrix.fromDense(prop.basis).nnz <= 0.25 * 169 ? 'sparse' : 'dense', basis, what);
    const psi = new Float64Array(2 * 13);
    psi[2 * 3] = Math.SQRT1_2; psi[2 * 6 + 1] = Math.SQRT1_2; // (|3⟩ + i|6⟩)/√2
    const init = { kind: 'ket' as const, psi }, times = [0.5, 2];
    const x = trajectoriesSync(model, init, times, { count: 400, seed: 3, observables: { n } });
    const y = trajectoriesSync(model, init, times, { count: 400, seed: 3, observables: { n }, propagator: 'grid' });
    assert.deepEqual([x.stats.propagator, y.stats.propagator], ['normal', 'grid'], what);
    assert.deepEqual(x.jumps.channels, y.jumps.channels, what);
    x.jumps.times.forEach((t, i) => assert.ok(Math.abs(t - y.jumps.times[i]) <= 1e-11 * Math.max(1, t), what));
    const rho = exact(model, ketToDensity(psi), times);
    times.forEach((t, k) => within(x.observables.n.mean[k], x.observables.n.error[k], expect(rho[k], n.toDense()), 4, `${what}: ⟨n⟩(${t})`));
  }
});

test('initial distributions and final measurements follow their probabilities', () => {
  const d = diamondModel({ betaA: 1, betaS: 0 });
  const b = diamondBasis('bell');
  const p = [0.1, 0.2, 0.3, 0.4];
  const n = 20000;
  const res = trajectoriesSync(d.model, { kind: 'distribution', states: b.vectors, probabilities: p }, [0, 0.7], { count: n, seed: 2, finalMeasurement: b.vectors, keepJumps: false });
  const rho = exact(d.model, DenseMatrix.diagonal(p), [0.7])[0];
  for (let i = 0; i < 4; i++) {
    const f0 = res.initialIndex.filter((x) => x === i).length / n;
    assert.ok(Math.abs(f0 - p[i]) <= 4.5 * Math.sqrt(p[i] * (1 - p[i]) / n), `initial ${i}: ${f0}`);
    assert.ok(Math.abs(res.populations.mean[0][i] - f0) < 1e-12); // at t = 0 each trajectory sits in its basis state
    const f1 = res.finalOutcome!.filter((x) => x === i).length / n, q = rho.re(i, i);
    assert.ok(Math.abs(f1 - q) <= 4.5 * Math.sqrt(q * (1 - q) / n), `final ${i}: ${f1} vs ${q}`);
  }
  assert.equal(res.jumps.times.length, 0);
  assert.ok(res.jumpCounts.some((c) => c > 0));
});

test('a dark initial state never jumps', () => {
  const sp = space({ q: qubit() });
  const m = lindbladModel(sp, { channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 2 }] });
  for (const propagator of ['auto', 'grid', 'krylov'] as const) {
    const res = trajectoriesSync(m, { kind: 'ket', psi: basisKet(sp) }, [1, 100], { count: 10, seed: 0, propagator });
    assert.ok(res.jumpCounts.every((c) => c === 0));
    assert.deepEqual(Array.from(res.populations.mean[1]), [1, 0]);
    // no spread in the sample, so the error is the floor 1/count: ten samples cannot rule out a rarer outcome
    assert.deepEqual(Array.from(res.populations.error[1]), [0.1, 0.1]);
  }
});

test('bad input: LindbladErrors naming the field', () => {
  const d = diamondModel({ betaA: 1, betaS: 0 });
  const psi = basisKet(d.space);
  const ok: TrajectoryOptions = { count: 5, seed: 1 };
  const cases: Array<[() => unknown, string, string]> = [
    [() => trajectoriesSync(diamondModel({ betaA: 1, betaS: Infinity }).model, { kind: 'ket', psi }, [1], ok), 'unsupported', 'channels[1].rate'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [1], { ...ok, count: 0 }), 'invalid-input', 'count'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [1], { ...ok, seed: -1 }), 'invalid-input', 'seed'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [1, 0.5], ok), 'invalid-input', 'times[1]'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [-1], ok), 'invalid-input', 'times[0]'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi: new Float64Array(4) }, [1], ok), 'invalid-input', 'initial.psi'],
    [() => trajectoriesSync(d.model, { kind: 'distribution', states: [psi, psi], probabilities: [0.5, 0.6] }, [1], ok), 'invalid-input', 'initial.probabilities'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [1], { ...ok, observables: { j: d.jS } }), 'invalid-input', 'observables.j'],
    [() => trajectoriesSync(d.model, { kind: 'ket', psi }, [1], { ...ok, finalMeasurement: [psi, psi, psi, psi] }), 'invalid-input', 'finalMeasurement'],
    [() => trajectoriesSync(d.model, { kind: 'mixed' } as never, [1], ok), 'invalid-input', 'initial.kind'],
  ];
  for (const [f, code, field] of cases) {
    assert.throws(f, (e: unknown) => e instanceof LindbladError && e.code === code && e.field === field, field);
  }
});

test('a rare outcome no trajectory reached: the stated error still covers it (floor range/count)', () => {
  // Pumped 82.8, decaying 0.0146: p₀ = 0.0146/82.8146 = 1.76e-4; from (|0⟩ + |1⟩)/√2 at t = 4 all 1,500 trajectories
  // sit in |1⟩. Before: p₀ = 7e-145 ± 2e-146 (the sample's spread); the exact value was 1e141 errors away.
  const sp = space({ q: qubit() });
  const m = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(4.6), channels: [
    { operator: op(sp, 'q', 'sigma_minus'), rate: 0.0146 }, { operator: op(sp, 'q', 'sigma_plus'), rate: 82.8 }] });
  const psi = Float64Array.from([Math.SQRT1_2, 0, Math.SQRT1_2, 0]);
  const exact = 0.0146 / 82.8146; // the steady state, reached to e^{−331} by t = 4
  const res = trajectoriesSync(m, { kind: 'ket', psi }, [4], { count: 1500, seed: 1, observables: { n: op(sp, 'q', 'n') } });
  assert.ok(Math.abs(res.populations.mean[0][0] - exact) <= 3 * res.populations.error[0][0], `p₀ = ${res.populations.mean[0][0]} ± ${res.populations.error[0][0]}, exact ${exact}`);
  assert.ok(Math.abs(res.observables.n.mean[0] - (1 - exact)) <= 3 * res.observables.n.error[0], `⟨n⟩ = ${res.observables.n.mean[0]} ± ${res.observables.n.error[0]}`);
});
