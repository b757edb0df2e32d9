import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liouvillianGap, liouvillianSpectrum, gapOfMatrix } from '../../src/evolve/gap.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { space, qubit, fock, levels } from '../../src/model/space.ts';
import { op, Operator } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { randomModel } from '../../src/model/random.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { eigvals } from '../../src/linalg/eig.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { LindbladError } from '../../src/errors.ts';
import { traceDistance } from '../../src/measures/measures.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel, emissionRate } from '../../src/paper/diamond.ts';
import { thermalQubit } from '../systems/reference.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test('qubit decay: spectrum {0, −γ, −γ/2 ± iω}, so gap = γ/2 (coherences), not γ (populations)', () => {
  const sp = space({ q: qubit() });
  for (const [omega, gamma] of [[3, 0.7], [0, 2], [1e3, 1e-3]]) {
    const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(omega), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma }] });
    const g = liouvillianGap(model);
    assert.ok(rel(g.gap, gamma / 2) < 1e-12, `gap ${g.gap} vs γ/2 = ${gamma / 2}`);
    assert.ok(rel(g.relaxationTime, 2 / gamma) < 1e-12);
    assert.ok(Math.abs(Math.abs(g.slowest![1]) - omega) < 1e-12 * Math.max(1, omega));
    assert.equal(g.stationary, 1);
    assert.ok(g.certified);
    const spec = liouvillianSpectrum(model);
    assert.ok(spec.some(([re, im]) => Math.abs(re + gamma) < 1e-12 && Math.abs(im) < 1e-12), 'population rate −γ');
  }
});

test('thermal qubit: gap = (γ↑ + γ↓)/2', () => {
  for (const [down, up] of [[1, 0.5], [2, 1e-3], [0.3, 0.3]]) {
    const g = liouvillianGap(thermalQubit(1.3, down, up));
    assert.ok(rel(g.gap, (up + down) / 2) < 1e-12, `gap ${g.gap}`);
  }
});

test('diamond model: the 4-state rate matrix eigenvalues are in spec L; the gap is the slowest of those and the coherences', () => {
  const gp = 0.7;
  for (const [betaA, betaS] of [[1, 0.5], [5, 0], [-1, 3], [0.2, 0.2]]) {
    const up = 2 * gp, dS = 2 * emissionRate(gp, betaS), dA = 2 * emissionRate(gp, betaA);
    const w = DenseMatrix.fromRows([ // G, S, A, E; column j = from state j
      [-2 * up, dS, dA, 0],
      [up, -(up + dS), 0, dS],
      [up, 0, -(up + dA), dA],
      [0, up, up, -(dS + dA)],
    ]);
    const rates = eigvals(w);
    for (const basis of ['bell', 'product'] as const) {
      const { model } = diamondModel({ betaA, betaS, gammaPlus: gp, basis });
      const spec = liouvillianSpectrum(model);
      assert.equal(spec.length, 16);
      for (let k = 0; k < 4; k++) {
        assert.ok(spec.some(([re, im]) => Math.hypot(re - rates.re[k], im - rates.im[k]) < 1e-10), `${basis}: rate eigenvalue ${rates.re[k]} + ${rates.im[k]}i`);
      }
      // ρ_GE and ρ_SA are eigenmodes decaying at half the sum of their out-rates: 2Γ⁺ + Γ_S⁻ + Γ_A⁻.
      const coh = up + (dS + dA) / 2;
      assert.ok(spec.filter(([re]) => Math.abs(re + coh) < 1e-10).length >= 4, `${basis}: coherence rate ${coh}`);
      const g = liouvillianGap(model);
      const nonzero = spec.filter(([re, im]) => Math.hypot(re, im) > 1e-9).map(([re]) => -re);
      assert.ok(rel(g.gap, Math.min(...nonzero)) < 1e-12);
      const rateGap = Math.min(...Array.from(rates.re).filter((x) => Math.abs(x) > 1e-9).map((x) => -x));
      assert.ok(g.gap <= rateGap * (1 + 1e-12), 'the population relaxation is one of the modes');
      assert.equal(g.stationary, 1);
    }
  }
});

test('cavity model: the gap is the same in the lab and rotating frames, dense and Arnoldi agree, and it sets the approach to ρ_ss', () => {
  for (const cutoff of [4, 7]) {
    const rot = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff });
    const lab = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff, frame: 'lab' });
    const dense = liouvillianGap(rot.model);
    const arnoldi = liouvillianGap(rot.model, { method: { kind: 'arnoldi' } });
    const labGap = liouvillianGap(lab.model);
    assert.ok(dense.certified && !arnoldi.certified && arnoldi.arnoldiBlocks > 0);
    assert.ok(rel(arnoldi.gap, dense.gap) < 1e-9, `Arnoldi ${arnoldi.gap} vs dense ${dense.gap}`);
    assert.ok(rel(labGap.gap, dense.gap) < 1e-9, `lab ${labGap.gap} vs rotating ${dense.gap}`);
    assert.equal(dense.stationary, 1);
  }
  // From the ground state only the equal-excitation sector is excited; its slowest mode is faster than the
  // overall gap (a coherence between sectors). ‖ρ(t) − ρ_ss‖ decays like e^{−gap·t} with the sector's gap:
  // the ratio over one of its relaxation times is e^{−1} once the slowest mode dominates.
  const rot = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const ground = ketToDensity(basisKet(rot.space));
  const sector = liouvillianGap(rot.model, { from: ground }), full = liouvillianGap(rot.model);
  assert.ok(sector.gap > 1.2 * full.gap && sector.stationary === 1, `sector gap ${sector.gap} vs ${full.gap}`);
  const gap = sector.gap;
  const ss = steadyState(rot.model).rho;
  const t1 = 6 / gap, t2 = t1 + 1 / gap;
  const { states } = evolve(rot.model, ground, [t1, t2]);
  const ratio = traceDistance(states![1], ss) / traceDistance(states![0], ss);
  assert.ok(Math.abs(ratio - Math.exp(-1)) < 1e-3, `decay ratio ${ratio}`);
});

test('Arnoldi on one large block (driven damped oscillator, 289 unknowns) matches the dense gap', () => {
  const sp = space({ c: fock(16) });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'c', 'n').scale(0.3).plus(op(sp, 'c', 'x').scale(0.8)),
    channels: [{ operator: op(sp, 'c', 'a'), rate: 1 }, { operator: op(sp, 'c', 'n'), rate: 0.1 }],
  });
  const dense = liouvillianGap(model, { method: { kind: 'dense' } });
  const arnoldi = liouvillianGap(model, { method: { kind: 'arnoldi', eigenvalues: 8 } });
  assert.equal(dense.blocks, 1);
  assert.ok(rel(arnoldi.gap, dense.gap) < 1e-9, `${arnoldi.gap} vs ${dense.gap}`);
  assert.ok(Math.abs(arnoldi.slowest![1] - dense.slowest![1]) < 1e-8 || Math.abs(arnoldi.slowest![1] + dense.slowest![1]) < 1e-8);
});

test('no dissipation: gap 0 and infinite relaxation time; bad options are LindbladErrors', () => {
  const sp = space({ q: qubit() });
  const closed = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x') });
  const g = liouvillianGap(closed);
  assert.equal(g.gap, 0);
  assert.equal(g.relaxationTime, Infinity);
  assert.equal(g.stationary, 2);
  const zero = gapOfMatrix(CsrMatrix.zeros(4));
  assert.equal(zero.gap, 0);
  assert.equal(zero.slowest, null);
  assert.throws(() => liouvillianGap(closed, { method: { kind: 'lanczos' } as never }), (e: unknown) => e instanceof LindbladError && e.field === 'method.kind');
  assert.throws(() => liouvillianGap(closed, { zeroTolerance: 0 }), (e: unknown) => e instanceof LindbladError && e.field === 'zeroTolerance');
});

/** An n-level model from matrix entries [i, j, re] (H) and jumps |i⟩⟨j| at a rate. */
function levelModel(n: number, h: Array<[number, number, number]>, jumps: Array<[number, number, number]>) {
  const sp = space({ s: levels(n) });
  const mat = (t: Array<[number, number, number]>) => new Operator(sp, CsrMatrix.fromTriplets(n, n, t.map((x) => x[0]), t.map((x) => x[1]), t.map((x) => x[2]), t.map(() => 0)));
  return lindbladModel(sp, { hamiltonian: h.length > 0 ? mat(h) : undefined, channels: jumps.map(([i, j, rate]) => ({ operator: mat([[i, j, 1]]), rate })) });
}

test('stiff models: a slow mode inside the zero tolerance is reported unresolved, not certified as a stationary state', () => {
  // Chain |0⟩ ← |1⟩ (rate 100) ← |2⟩ (rate r): one stationary state; ρ₂₂ decays at r, ρ₀₂ and ρ₂₀ at r/2, so gap = r/2.
  // With r ≤ 1e-10·‖L‖ these three used to count as stationary: stationary 4, gap 50, certified true.
  for (const r of [1e-11, 1e-9, 1e-8]) {
    const g = liouvillianGap(levelModel(3, [], [[0, 1, 100], [1, 2, r]]));
    assert.ok(!g.certified && g.unresolved === 3, `r = ${r}: ${JSON.stringify(g)}`);
  }
  for (const r of [1e-6, 1e-3]) { // beyond the tolerance: resolved, exact (the blocks are single entries)
    const g = liouvillianGap(levelModel(3, [], [[0, 1, 100], [1, 2, r]]));
    assert.ok(g.certified && g.unresolved === 0 && g.stationary === 1 && rel(g.gap, r / 2) < 1e-12, `r = ${r}: ${JSON.stringify(g)}`);
  }
  // Two driven damped qubits {0,1}, {2,3} (scale s), exchanging population by |0⟩ ↔ |2⟩ jumps at ε: one
  // stationary state and a slow mode ≈ 1.21·ε for ε > 0; two stationary states (exactly degenerate) at ε = 0.
  const twoBlocks = (s: number, eps: number) => levelModel(4,
    [[0, 1, 0.8 * s], [1, 0, 0.8 * s], [2, 3, 0.8 * s], [3, 2, 0.8 * s], [1, 1, 0.3 * s], [3, 3, 0.3 * s]],
    [[0, 1, s], [2, 3, s], ...(eps > 0 ? [[0, 2, eps], [2, 0, eps]] as Array<[number, number, number]> : [])]);
  for (const s of [1, 1e3]) {
    const exact = liouvillianGap(twoBlocks(s, 0));
    assert.ok(exact.certified && exact.stationary === 2 && exact.unresolved === 0, JSON.stringify(exact));
    const slow = [1e-12, 1e-10, 1e-8].filter((e) => e > 10 * exact.resolution && e < 1e-10 * 2.6 * s);
    assert.ok(slow.length > 0);
    for (const eps of slow) {
      const g = liouvillianGap(twoBlocks(s, eps));
      assert.ok(!g.certified && g.unresolved === 1 && g.stationary === 2, `s = ${s}, ε = ${eps}: ${JSON.stringify(g)}`);
    }
    const g = liouvillianGap(twoBlocks(s, 1e-5));
    assert.ok(g.certified && g.stationary === 1 && Math.abs(g.gap / 1e-5 - 1.21) < 0.01, `s = ${s}: ${JSON.stringify(g)}`);
  }
  // A weak link inside one block (levels 0, 1 driven and damped, level 2 exchanging with 0 at r): slow rate ≈ 1.96·r.
  const weak = liouvillianGap(levelModel(3, [[0, 1, 10], [1, 0, 10], [2, 2, 0.7]], [[0, 1, 100], [0, 2, 1e-10], [2, 0, 1e-10]]));
  assert.ok(!weak.certified && weak.unresolved === 1 && weak.blocks < 9, JSON.stringify(weak));
  // Random models keep their certificates (zero eigenvalues sit at the round-off level, far below the tolerance).
  for (const structure of ['local', 'unstructured'] as const) for (const dim of [2, 4, 6]) for (const seed of [1, 2, 3]) {
    const g = liouvillianGap(randomModel({ structure, dim, seed }));
    assert.ok(g.certified && g.unresolved === 0 && g.stationary === 1, `${structure} ${dim} ${seed}: ${JSON.stringify(g)}`);
  }
});
