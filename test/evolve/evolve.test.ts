import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolve, type EvolveMethod } from '../../src/evolve/evolve.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { space, qubit, fock, levels } from '../../src/model/space.ts';
import { op, fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { traceDistance } from '../../src/measures/measures.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel, emissionRate } from '../../src/paper/diamond.ts';
import { thermalOscillator, drivenQubit } from '../systems/reference.ts';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (|Δ| = ${Math.abs(a - b)})`);

const METHODS: Array<[EvolveMethod, number]> = [
  [{ kind: 'auto' }, 1e-12],
  [{ kind: 'expm' }, 1e-12],
  [{ kind: 'implicit', rtol: 1e-10, atol: 1e-12 }, 1e-8],
  [{ kind: 'dopri5', rtol: 1e-10, atol: 1e-12 }, 1e-8],
];

function decayingQubit(omega: number, gamma: number) {
  const sp = space({ q: qubit() });
  return lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(omega), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma }] });
}

test('qubit decay: ρ_ee(t) = ½e^{−γt} and ρ_eg(t) = ½e^{−γt/2}e^{−iωt} from |+⟩, with every method', () => {
  const omega = 2.7, gamma = 0.4;
  const model = decayingQubit(omega, gamma);
  const plus = ketToDensity(Float64Array.of(1, 0, 1, 0));
  const times = [0, 0.1, 0.5, 1, 2.5, 4, 7.5, 12];
  for (const [method, tol] of METHODS) {
    const { states, stats } = evolve(model, plus, times, { method });
    times.forEach((t, k) => {
      const rho = states![k];
      close(rho.re(1, 1), 0.5 * Math.exp(-gamma * t), tol, `${method.kind} ρ_ee(${t})`);
      const a = 0.5 * Math.exp(-gamma * t / 2);
      close(rho.re(1, 0), a * Math.cos(omega * t), tol, `${method.kind} Re ρ_eg(${t})`);
      close(rho.im(1, 0), -a * Math.sin(omega * t), tol, `${method.kind} Im ρ_eg(${t})`);
      close(rho.re(0, 1), rho.re(1, 0), 0, 'Hermitian');
    });
    assert.ok(stats.traceError < 1e-9, `${method.kind}: trace error ${stats.traceError}`);
  }
  // From the excited state only the two populations are ever non-zero: a 2-unknown sector.
  const excited = evolve(model, ketToDensity(basisKet(model.space, { q: 1 })), times, { method: { kind: 'expm' } });
  assert.equal(excited.stats.unknowns, 2);
  times.forEach((t, k) => close(excited.states![k].re(1, 1), Math.exp(-gamma * t), 1e-13, `ρ_ee(${t}) from |1⟩`));
});

test('damped oscillator: ⟨n⟩(t) = n̄ + (n0 − n̄)e^{−κt} from a Fock state and from a thermal state (cutoff converged)', () => {
  const kappa = 0.3, nbar = 0.8, times = [0, 0.3, 1, 2, 5, 10, 20, 40];
  const fockStart = (cutoff: number) => ketToDensity(basisKet(space({ c: fock(cutoff) }), { c: 3 }));
  const thermalStart = (cutoff: number, n0: number) => {
    const q = n0 / (n0 + 1), p = Array.from({ length: cutoff + 1 }, (_, k) => q ** k), z = p.reduce((a, b) => a + b, 0);
    return DenseMatrix.diagonal(p.map((x) => x / z));
  };
  const run = (cutoff: number, rho0: DenseMatrix) => {
    const { model } = thermalOscillator(1.1, kappa, nbar, cutoff);
    const n = op(model.space, 'c', 'n');
    const res = evolve(model, rho0, times, { observables: { n } });
    assert.equal(res.states, undefined, 'only expectation values were asked for');
    return res;
  };
  for (const [name, start] of [['Fock |3⟩', fockStart], ['thermal n̄0 = 1.5', (c: number) => thermalStart(c, 1.5)]] as const) {
    const a = run(60, start(60)), b = run(80, start(80));
    let n0 = 0;
    const rho0 = start(60);
    for (let k = 0; k <= 60; k++) n0 += k * rho0.re(k, k);
    times.forEach((t, k) => {
      close(a.expectations!.n[k], nbar + (n0 - nbar) * Math.exp(-kappa * t), 1e-8, `${name}: ⟨n⟩(${t})`);
      close(a.expectations!.n[k], b.expectations!.n[k], 1e-9, `${name}: cutoff 60 vs 80 at t = ${t}`);
    });
    assert.equal(a.stats.unknowns, 61, 'a diagonal start stays diagonal');
  }
});

/** exp(W t) p for a small real matrix W: Taylor series with scaling and squaring (independent of the engine). */
function expmApply(w: number[][], t: number, p: number[]): number[] {
  const n = w.length, norm = Math.max(...w.map((r) => r.reduce((s, x) => s + Math.abs(x), 0))) * t;
  const s = Math.max(0, Math.ceil(Math.log2(norm)) + 4), h = t / 2 ** s;
  const mul = (a: number[][], b: number[][]) => a.map((r) => b[0].map((_, j) => r.reduce((acc, x, k) => acc + x * b[k][j], 0)));
  let e: number[][] = w.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  let term = e;
  for (let k = 1; k <= 30; k++) {
    term = mul(term, w).map((r) => r.map((x) => (x * h) / k));
    e = e.map((r, i) => r.map((x, j) => x + term[i][j]));
  }
  for (let k = 0; k < s; k++) e = mul(e, e);
  return e.map((r) => r.reduce((acc, x, j) => acc + x * p[j], 0));
}

test('diamond model: populations follow the 4-state rate equation (2Γ⁺ up, 2Γ_i⁻ down along G↔S↔E, G↔A↔E)', () => {
  const gp = 0.7;
  for (const [betaA, betaS] of [[1.5, -0.5], [5, 0], [0.3, 0.3], [-2, 4]]) {
    const up = 2 * gp, dS = 2 * emissionRate(gp, betaS), dA = 2 * emissionRate(gp, betaA);
    // Order G, S, A, E; column j = from state j.
    const w = [
      [-2 * up, dS, dA, 0],
      [up, -(up + dS), 0, dS],
      [up, 0, -(up + dA), dA],
      [0, up, up, -(dS + dA)],
    ];
    const times = [0, 0.05, 0.2, 0.6, 1.5, 4];
    for (const basis of ['bell', 'product'] as const) {
      const d = diamondModel({ betaA, betaS, gammaPlus: gp, basis });
      const { states } = evolve(d.model, ketToDensity(basisKet(d.space)), times);
      times.forEach((t, k) => {
        const ref = expmApply(w, t, [1, 0, 0, 0]), p = d.populations(states![k]);
        [p.G, p.S, p.A, p.E].forEach((x, i) => close(x, ref[i], 1e-11, `${basis} (β_A, β_S) = (${betaA}, ${betaS}) p_${'GSAE'[i]}(${t})`));
      });
    }
  }
});

test('long-time limit equals steadyState(model) to 1e-8 (trace distance)', () => {
  const cav = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const lab = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4, frame: 'lab' });
  const driven = drivenQubit(0.7, 2, 1).model;
  const cases = [
    { name: 'cavity (rotating)', model: cav.model, rho0: ketToDensity(basisKet(cav.space)), t: 1e4 },
    { name: 'cavity (lab)', model: lab.model, rho0: ketToDensity(basisKet(lab.space)), t: 1e4 },
    { name: 'driven qubit', model: driven, rho0: ketToDensity(basisKet(driven.space)), t: 80 },
  ];
  for (const c of cases) {
    const ss = steadyState(c.model).rho;
    for (const method of [{ kind: 'auto' }, { kind: 'implicit' }] as EvolveMethod[]) {
      const { states } = evolve(c.model, c.rho0, [c.t / 2, c.t], { method });
      const dist = traceDistance(states![1], ss);
      assert.ok(dist <= 1e-8, `${c.name}, ${method.kind}: trace distance ${dist}`);
    }
  }
});

/** A 3-level model with a generic Hamiltonian and non-commuting jumps: every entry of ρ couples. */
function genericModel() {
  const sp = space({ x: levels(3) });
  const h = fromMatrix(sp, DenseMatrix.fromRows([[0.3, [0.5, 0.2], 0], [[0.5, -0.2], -0.4, [0.1, 0.7]], [0, [0.1, -0.7], 1.1]]));
  const t = (to: number, from: number) => op(sp, 'x', 'transition', { to, from });
  return lindbladModel(sp, {
    hamiltonian: h,
    channels: [
      { operator: t(0, 1), rate: 0.8 }, { operator: t(1, 2), rate: 0.35 }, { operator: t(2, 0), rate: 0.05 },
      { operator: op(sp, 'x', 'n'), rate: 0.2 },
    ],
  });
}

test('all methods agree (cavity model and a generic 3-level model), with and without the sector restriction', () => {
  const cav = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const gen = genericModel();
  const mixed = DenseMatrix.fromRows([[0.5, [0.1, 0.2], 0], [[0.1, -0.2], 0.3, 0.05], [0, 0.05, 0.2]]);
  const cases = [
    { name: 'cavity', model: cav.model, rho0: ketToDensity(basisKet(cav.space)), times: Array.from({ length: 16 }, (_, k) => 2 * k) },
    { name: 'generic', model: gen, rho0: mixed, times: [0, 0.01, 0.3, 0.31, 1, 2.2, 5, 9] },
  ];
  for (const c of cases) {
    const ref = evolve(c.model, c.rho0, c.times, { method: { kind: 'expm' }, restrictToSector: false });
    for (const [method] of METHODS) {
      for (const restrict of [true, false]) {
        const r = evolve(c.model, c.rho0, c.times, { method, restrictToSector: restrict });
        r.states!.forEach((rho, k) => {
          const d = traceDistance(rho, ref.states![k]);
          assert.ok(d < 1e-7, `${c.name} ${method.kind} restrict=${restrict} t=${c.times[k]}: distance ${d}`);
        });
      }
    }
  }
  // The cavity model from its ground state only couples the 68 equal-excitation entries (cutoff 4).
  assert.equal(evolve(cav.model, ketToDensity(basisKet(cav.space)), [1]).stats.unknowns, 68);
});

test('expectation values agree with the states; non-Hermitian observables also give Im Tr(Aρ)', () => {
  const model = genericModel();
  const sp = model.space;
  const rho0 = ketToDensity(Float64Array.of(0.6, 0, 0, 0.8, 0, 0));
  const a = op(sp, 'x', 'transition', { to: 0, from: 1 }), n = op(sp, 'x', 'n');
  const times = [0, 0.5, 2];
  const r = evolve(model, rho0, times, { observables: { a, n }, keepStates: true });
  assert.ok(r.expectationsImag && r.expectationsImag.a && !r.expectationsImag.n);
  times.forEach((_, k) => {
    const rho = r.states![k];
    close(r.expectations!.n[k], rho.re(1, 1) + 2 * rho.re(2, 2), 1e-14, 'Tr(nρ)');
    close(r.expectations!.a[k], rho.re(1, 0), 1e-14, 'Re Tr(|0⟩⟨1|ρ) = Re ρ_10');
    close(r.expectationsImag!.a[k], rho.im(1, 0), 1e-14, 'Im Tr(|0⟩⟨1|ρ) = Im ρ_10');
  });
});

test('stiff problems stay finite: rates spanning 9 orders of magnitude', () => {
  const sp = space({ x: levels(3) });
  const t = (to: number, from: number) => op(sp, 'x', 'transition', { to, from });
  const model = lindbladModel(sp, {
    hamiltonian: t(0, 1).plus(t(1, 0)).scale(0.5),
    channels: [{ operator: t(1, 2), rate: 1e6 }, { operator: t(2, 0), rate: 1e-3 }, { operator: t(0, 1), rate: 1 }],
  });
  const times = [0, 1e-6, 1e-3, 1, 1e3, 1e4];
  const ref = evolve(model, ketToDensity(basisKet(sp)), times, { method: { kind: 'expm' } });
  const r = evolve(model, ketToDensity(basisKet(sp)), times, { method: { kind: 'implicit' } });
  r.states!.forEach((rho, k) => {
    assert.ok(rho.isFinite());
    assert.ok(traceDistance(rho, ref.states![k]) < 1e-6, `t = ${times[k]}`);
  });
  assert.ok(traceDistance(ref.states![5], steadyState(model).rho) < 1e-8);
});
