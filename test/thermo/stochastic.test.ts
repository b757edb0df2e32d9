import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LindbladError } from '../../src/errors.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { diamondBasis } from '../../src/paper/diamond-basis.ts';
import { diamondEntropyProductionAnalytic, diamondPopulationsAnalytic } from '../../src/paper/analytic.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { readFileSync } from 'node:fs';
import {
  channelEntropyIncrements, classicalProcess, fluctuationTheoremClassical, fluctuationTheoremQuantum, tiltedGenerator,
} from '../../src/thermo/fluctuation.ts';
import { stochasticEntropy } from '../../src/thermo/stochastic.ts';

const unsupported = (field: string) => (e: unknown) => e instanceof LindbladError && e.code === 'unsupported' && e.field === field;

test('jump entropies: −β for absorption, +β for emission, independent of ω0; refusals name the field', () => {
  const d = diamondModel({ betaA: 4, betaS: -2, omega0: 3 });
  assert.deepEqual(Array.from(channelEntropyIncrements(d.model)), [2, -2, -4, 4]);
  // β_S = −∞: no emission, but every S absorption would carry +∞.
  assert.throws(() => channelEntropyIncrements(diamondModel({ betaA: 1, betaS: -Infinity }).model), unsupported('baths.S.beta'));
  // σ⁻ does not move the energy of H0 = H = σx/2 by a definite amount.
  const driven = parseModelText(readFileSync('examples/driven-qubit-matrix.json', 'utf8'));
  assert.throws(() => channelEntropyIncrements(driven), unsupported('channels[0].operator'));
  const sp = space({ q: qubit() });
  const nonThermal = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 1, bath: 'x' }] });
  assert.throws(() => channelEntropyIncrements(nonThermal), unsupported('baths.x.beta'));
  // Energy-neutral dephasing carries no entropy even in a non-thermal bath.
  const dephasing = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 1, bath: 'x' }] });
  assert.deepEqual(Array.from(channelEntropyIncrements(dephasing)), [0]);
});

test('tilted generator: off-diagonal rates are the reverse rates, diagonal the escape rates', () => {
  const d = diamondModel({ betaA: 1.5, betaS: -0.7 });
  const proc = classicalProcess(d.model, diamondBasis().vectors);
  const s = channelEntropyIncrements(d.model);
  const w = tiltedGenerator(proc, new Float64Array(4)), wt = tiltedGenerator(proc, s);
  for (let m = 0; m < 4; m++) {
    for (let n = 0; n < 4; n++) {
      if (m === n) assert.ok(Math.abs(wt.re(m, m) - w.re(m, m)) < 1e-15);
      else assert.ok(Math.abs(wt.re(m, n) - w.re(n, m)) < 1e-14, `W̃[${m}][${n}] = ${wt.re(m, n)}, W[${n}][${m}] = ${w.re(n, m)}`);
    }
  }
});

test('exact integral fluctuation theorem: 1 to 1e-12 with full support, < 1 from a single state', () => {
  // The rounding error of the matrix exponential grows like ε·‖W‖t: at (10, −10) the fastest rate is 2e4.
  for (const [betaA, betaS, tol] of [[4, -2, 1e-12], [5, 0, 1e-12], [-1, -3, 1e-12], [0.5, 0.2, 1e-12], [10, -10, 1e-10]]) {
    const d = diamondModel({ betaA, betaS });
    const b = diamondBasis();
    const proc = classicalProcess(d.model, b.vectors);
    const s = channelEntropyIncrements(d.model);
    const pss = diamondPopulationsAnalytic(betaA, betaS);
    for (const t of [0.3, 2, 10]) {
      for (const p0 of [[pss.G, pss.S, pss.A, pss.E], [0.1, 0.2, 0.3, 0.4]]) {
        const v = fluctuationTheoremClassical(proc, s, p0, t).value;
        assert.ok(Math.abs(v - 1) < tol, `(${betaA}, ${betaS}) t=${t} p0=${p0}: ${v}`);
      }
      const g = fluctuationTheoremClassical(proc, s, [1, 0, 0, 0], t);
      assert.ok(g.value < 0.999, `single state: ${g.value}`);
      // The quantum tilted Liouvillian (two-point measurement in the same basis) gives the same number.
      const q = fluctuationTheoremQuantum(d.model, s, ketToDensity(b.vectors[0]), b.vectors, g.pt, t);
      assert.ok(Math.abs(q - g.value) < 1e-10, `quantum ${q} vs classical ${g.value}`);
    }
  }
});

test('⟨Σ_medium⟩/t converges to Ṡ (negative temperature and a milder point)', async () => {
  for (const [betaA, betaS, count] of [[4, -2, 1500], [1, 0.5, 1500]]) {
    const d = diamondModel({ betaA, betaS });
    const r = await stochasticEntropy(d.model, { t: 20, count, seed: 21, basis: diamondBasis() });
    const sdot = diamondEntropyProductionAnalytic(betaA, betaS);
    assert.ok(Math.abs(r.steadyRate - sdot) < 1e-10 * sdot);
    assert.ok(Math.abs(r.mediumRate.mean - sdot) <= 3.5 * r.mediumRate.error, `(${betaA}, ${betaS}): ${r.mediumRate.mean} ± ${r.mediumRate.error} vs ${sdot}`);
    assert.ok(Math.abs(r.fluctuation.exact! - 1) < 1e-12 && r.fluctuation.exactMethod === 'classical');
  }
});

test('sampled ⟨e^{−Σ}⟩ at short t and small |β_A − β_S|: 1 from the steady state, the exact value from G', async () => {
  const d = diamondModel({ betaA: 0.5, betaS: 0.2 });
  const ss = await stochasticEntropy(d.model, { t: 1, count: 4000, seed: 4, basis: diamondBasis() });
  const f = ss.fluctuation.sampled;
  assert.ok(Math.abs(f.mean - 1) <= 3 * f.error, `${f.mean} ± ${f.error}`);
  const g = await stochasticEntropy(d.model, { t: 1, count: 4000, seed: 4, basis: diamondBasis(), start: { kind: 'basis-state', index: 0 } });
  assert.ok(g.fluctuation.exact! < 0.5);
  assert.ok(Math.abs(g.fluctuation.sampled.mean - g.fluctuation.exact!) <= 3.5 * g.fluctuation.sampled.error);
  assert.ok(g.boundary.every((x, k) => Math.abs(x + Math.log(g.pt[g.trajectories.finalOutcome![k]])) < 1e-15));
});

test('a model whose jumps leave the basis (two qubits, flip-flop coupling, local baths): quantum FT and Ṡ', async () => {
  const sp = space({ h: qubit(), c: qubit() });
  const n = (q: string) => op(sp, q, 'n');
  const h0 = n('h').plus(n('c'));
  const flip = op(sp, 'h', 'sigma_plus').times(op(sp, 'c', 'sigma_minus'));
  const bath = (q: string, beta: number, gamma: number) => [
    { operator: op(sp, q, 'sigma_minus'), rate: gamma, bath: q },
    { operator: op(sp, q, 'sigma_plus'), rate: gamma * Math.exp(-beta), bath: q },
  ];
  const m = lindbladModel(sp, {
    hamiltonian: h0.plus(flip.plus(flip.dag()).scale(0.3)),
    bareHamiltonian: h0,
    channels: [...bath('h', -0.5, 0.4), ...bath('c', 2, 0.6)],
    baths: { h: { beta: -0.5 }, c: { beta: 2 } },
  });
  const r = await stochasticEntropy(m, { t: 10, count: 1000, seed: 8 });
  assert.equal(r.trajectories.stats.propagator, 'krylov');
  assert.equal(r.fluctuation.exactMethod, 'quantum');
  assert.ok(Math.abs(r.fluctuation.exact! - 1) < 1e-10, `${r.fluctuation.exact}`);
  assert.ok(r.steadyRate > 0.05);
  assert.ok(Math.abs(r.mediumRate.mean - r.steadyRate) <= 3.5 * r.mediumRate.error, `${r.mediumRate.mean} ± ${r.mediumRate.error} vs ${r.steadyRate}`);
  // From |00⟩ the two measurement bases differ (ρ0 and ρ(t) eigenbases); exact and sampled still agree.
  const g = await stochasticEntropy(m, { t: 0.5, count: 3000, seed: 8, start: { kind: 'density', rho: ketToDensity(basisKet(sp)) } });
  assert.ok(g.fluctuation.exact! < 0.99);
  assert.ok(Math.abs(g.fluctuation.sampled.mean - g.fluctuation.exact!) <= 3.5 * g.fluctuation.sampled.error, `${g.fluctuation.sampled.mean} ± ${g.fluctuation.sampled.error} vs ${g.fluctuation.exact}`);
  await assert.rejects(stochasticEntropy(m, { t: 0, count: 1, seed: 1 }), (e: unknown) => e instanceof LindbladError && e.field === 't');
});

test('rare jumps: ⟨Σ_medium⟩/t of trajectories that mostly made no jump states an error that covers Ṡ (floor max|s_c|/(count·t))', async () => {
  // A qubit between a hot (β = 0.1) and a cold (β = 5) bath at rates ~1e-3: 100 trajectories to t = 1 make no jump
  // with probability 0.88. Before: 0 ± 0 in 17 of 20 seeds against Ṡ = 1.5e-3 (closed form below).
  const sp = space({ q: qubit() }), down = op(sp, 'q', 'sigma_minus'), up = down.dag();
  const [gdh, guh, gdc, guc] = [1e-3, 1e-3 * Math.exp(-0.1), 1e-3, 1e-3 * Math.exp(-5)];
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n'),
    channels: [{ operator: down, rate: gdh, bath: 'hot' }, { operator: up, rate: guh, bath: 'hot' }, { operator: down, rate: gdc, bath: 'cold' }, { operator: up, rate: guc, bath: 'cold' }],
    baths: { hot: { beta: 0.1 }, cold: { beta: 5 } },
  });
  const p1 = (guh + guc) / (guh + guc + gdh + gdc), p0 = 1 - p1;
  const exact = -0.1 * (p0 * guh - p1 * gdh) - 5 * (p0 * guc - p1 * gdc);
  let silent = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const r = await stochasticEntropy(model, { t: 1, count: 100, seed, start: { kind: 'steady' } });
    assert.ok(Math.abs(r.steadyRate - exact) <= 1e-15, `Ṡ ${r.steadyRate} vs ${exact}`);
    if (r.medium.every((m) => m === 0)) silent++;
    assert.ok(r.mediumRate.error >= 5 / 100, `seed ${seed}: error ${r.mediumRate.error} below one cold jump's entropy over the count`);
    assert.ok(Math.abs(r.mediumRate.mean - exact) <= 3 * r.mediumRate.error, `seed ${seed}: ${r.mediumRate.mean} ± ${r.mediumRate.error} vs Ṡ = ${exact}`);
  }
  assert.ok(silent > 0, 'some seeds made no jump at all');
});
