/**
 * Sector-first steady states (issue 17): the charge-0 sectors found from the operators (charge-sectors.ts)
 * are those of the full coupling-graph analysis; sector solves agree with the unreduced solve; the
 * certificate measured in the sector (sector-certificate.ts) is the full-space one; the block-diagonal ρ
 * (block-state.ts) is a density matrix equal to the dense one; models without a charge fall back; and a
 * cutoff-1024 cavity runs without n²-sized objects.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, prepareSteadyState, type SteadyOptions } from '../../src/steady/steady.ts';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { analyseSectors, diagonalSector } from '../../src/symmetry/symmetry.ts';
import { findU1Charge } from '../../src/symmetry/charge.ts';
import { chargeSectors } from '../../src/symmetry/charge-sectors.ts';
import { realNumbering } from '../../src/symmetry/sector-system.ts';
import { BlockLayout } from '../../src/steady/block-state.ts';
import { SectorResidual } from '../../src/steady/sector-certificate.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { eigvalsh } from '../../src/linalg/eigh.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';
import { rng } from '../systems/random.ts';
import { heatCurrents } from '../../src/thermo/heat.ts';
import { cavityObservables } from '../../src/paper/cavity-solve.ts';

const full: SteadyOptions = { method: { kind: 'direct', sectors: false } };
const cavity = (cutoff: number, kappa = 2.33) => cavityModel({ g: 1, kappa, gamma: 1e-3, pump: 5e-3, cutoff }).model;

/** A three-level V system with separate decay and pump channels: two independent U(1) shifts. */
function lambda(): LindbladModel {
  const sp = space({ x: levels(3) });
  const ket = (i: number, j: number) => (i === j ? op(sp, 'x', 'projector', { level: i }) : op(sp, 'x', 'transition', { to: i, from: j })); // |i⟩⟨j|
  return lindbladModel(sp, {
    hamiltonian: ket(1, 1).scale(0.7).plus(ket(2, 2).scale(-0.4)),
    channels: [
      { operator: ket(0, 1), rate: 1 }, { operator: ket(0, 2), rate: 0.5 },
      { operator: ket(1, 0), rate: 0.2 }, { operator: ket(2, 0), rate: 0.3 },
    ],
  });
}

/** A qubit with a σx jump and a σz Hamiltonian: no U(1) charge (σx only conserves parity). */
function noCharge(): LindbladModel {
  const sp = space({ q: qubit() });
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'sigma_z'),
    channels: [{ operator: op(sp, 'q', 'sigma_x'), rate: 0.4 }, { operator: op(sp, 'q', 'sigma_minus'), rate: 1 }],
  });
}

after(stopCliThread);

const unknownSet = (s: { size: number; rowOf: Int32Array; colOf: Int32Array }) => new Set(Array.from({ length: s.size }, (_, u) => `${s.rowOf[u]},${s.colOf[u]}`));

test('charge sectors from the operators are those of the full coupling-graph analysis', () => {
  for (const [name, model] of [['cavity 3', cavity(3)], ['cavity 8', cavity(8)], ['diamond', diamondModel({ betaA: 1, betaS: 2 }).model], ['Λ', lambda()]] as const) {
    const { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
    const cs = chargeSectors(lv), a = analyseSectors(lv), old = diagonalSector(a)!, charge = findU1Charge(a)!;
    assert.ok(cs && cs.diagonal, name);
    assert.deepEqual(unknownSet(cs.diagonal), unknownSet(old), `${name}: same diagonal sector`);
    assert.equal(cs.neutral.length, charge.neutralRoots.length, `${name}: same number of charge-0 coherence sectors`);
    for (let u = 0; u < cs.diagonal.size; u++) assert.equal(cs.diagonal.index(cs.diagonal.rowOf[u], cs.diagonal.colOf[u]), u);
    for (const s of cs.neutral) for (let u = 0; u < s.size; u++) assert.equal(Math.abs(cs.charge[s.rowOf[u]] - cs.charge[s.colOf[u]]) < 1e-9, true, `${name}: neutral`);
  }
  const { liouvillian: lv } = FactoredLiouvillian.fromModel(lambda(), 'active');
  const cs = chargeSectors(lv)!;
  assert.deepEqual([cs.groups, cs.neutral.length, cs.zeroChargeSize], [3, 0, 3], 'Λ: two independent shifts separate all three levels');
});

test('sector-first solves agree with the unreduced solve to 1e-12 (cutoffs 8 and 32) and certify the same residual', () => {
  for (const cutoff of [8, 32]) {
    for (const kappa of cutoff === 8 ? [0.05, 2.33, 300] : [2.33]) {
      const model = cavity(cutoff, kappa), s = steadyState(model), f = steadyState(model, full);
      const d = s.rho.sub(f.rho).normFrobenius();
      assert.ok(d < 1e-12, `cutoff ${cutoff}, κ ${kappa}: |Δρ| ${d}`);
      assert.equal(s.certificate.unknowns, 16 * cutoff + 4);
      assert.match(s.certificate.uniqueness.via ?? '', /U\(1\) charge/);
      assert.ok(s.state, 'a sector solve returns the block form');
      if (cutoff === 8) { // the residual measured in the sector is the full one (assembled n²×n² Liouvillian)
        const r = norm2(liouvillian(model).matvec(vectorize(s.rho)));
        assert.ok(Math.abs(r - s.certificate.residual) <= 1e-15 && s.certificate.relativeResidual < 1e-14, `residual ${r} vs ${s.certificate.residual}`);
      }
    }
  }
});

test('in-sector residual and ‖L_S‖_∞ equal the full-space ones on states that are not stationary', () => {
  const r = rng(7);
  for (const model of [cavity(8), cavity(12, 0.3), lambda()]) {
    const { liouvillian: lv, coefficients: theta } = FactoredLiouvillian.fromModel(model, 'active');
    const s = chargeSectors(lv)!.diagonal!, num = realNumbering(s), n = lv.n;
    const x = Float64Array.from({ length: num.size }, () => r() - 0.3);
    const state = new BlockLayout(n, num).state(x, 1), dense = state.toDense();
    const got = new SectorResidual(lv, s).measure(theta, state);
    const l = liouvillian(model), want = norm2(l.matvec(vectorize(dense)));
    assert.ok(Math.abs(got.residual - want) <= 1e-12 * want, `residual ${got.residual} vs ${want}`);
    // ‖L_S‖_∞: the largest absolute row sum of the full L over the sector's rows; at most ‖L‖_∞.
    let rows = 0;
    for (let u = 0; u < s.size; u++) {
      const row = s.rowOf[u] + n * s.colOf[u];
      let sum = 0;
      for (let p = l.rowPtr[row]; p < l.rowPtr[row + 1]; p++) sum += Math.hypot(l.values[2 * p], l.values[2 * p + 1]);
      rows = Math.max(rows, sum);
    }
    assert.ok(Math.abs(got.norm - rows) <= 1e-12 * rows && got.norm <= l.normInf() * (1 + 1e-15), `norm ${got.norm} vs ${rows}`);
  }
});

test('the block-diagonal state is a density matrix equal to the dense ρ', () => {
  const cutoff = 8, model = cavity(cutoff), res = steadyState(model), st = res.state!, rho = res.rho, n = rho.rows;
  const [tr, ti] = st.trace();
  assert.ok(Math.abs(tr - 1) < 1e-14 && ti === 0, `trace ${tr} ${ti}`);
  let herm = 0, same = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    herm = Math.max(herm, Math.abs(st.re(i, j) - st.re(j, i)), Math.abs(st.im(i, j) + st.im(j, i)));
    same = Math.max(same, Math.abs(st.re(i, j) - rho.re(i, j)), Math.abs(st.im(i, j) - rho.im(i, j)));
  }
  assert.equal(herm, 0, 'exactly Hermitian');
  assert.equal(same, 0, 'the dense ρ is the block form');
  const lowest = eigvalsh(rho)[0];
  assert.ok(Math.abs(st.minEigenvalue() - lowest) < 1e-15 && lowest >= -res.certificate.positivityTolerance, `λ_min ${st.minEigenvalue()} vs ${lowest}`);
  assert.ok(Math.abs(res.certificate.minEigenvalue - lowest) < 1e-15);
  assert.equal(st.blocks.length, cutoff + 3, 'one block per excitation number');
  const a = op(cavityModel({ kappa: 1, gamma: 1, pump: 1, cutoff }).space, 'cav', 'n').matrix;
  let photons = 0;
  for (let i = 0; i < n; i++) photons += (i % (cutoff + 1)) * rho.re(i, i);
  assert.ok(Math.abs(st.expectation(a)[0] - photons) < 1e-16 && st.expectation(a)[1] === 0, 'Tr(ρ a†a) from the blocks');
  assert.deepEqual(Array.from(st.populations()), Array.from({ length: n }, (_, i) => rho.re(i, i)));
  // What the CLI and the thermodynamics read, from the blocks: the same numbers as from the dense ρ.
  assert.deepEqual(heatCurrents(model, st), heatCurrents(model, rho));
  const fromBlocks = cavityObservables(st, cutoff), fromDense = cavityObservables(rho, cutoff);
  assert.deepEqual([fromBlocks.concurrence, fromBlocks.meanPhotons, fromBlocks.populations], [fromDense.concurrence, fromDense.meanPhotons, fromDense.populations]);
  const lab = cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff, frame: 'lab' }).model, ls = steadyState(lab);
  const q = heatCurrents(lab, ls.state!), total = Object.values(q).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total) < 1e-12 * Math.max(...Object.values(q).map(Math.abs)), `energy balance Σ Q̇ = ${total}`);
});

test('models without a U(1) charge fall back to the full analysis and still solve', () => {
  const model = noCharge(), { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
  assert.equal(chargeSectors(lv), null);
  const s = steadyState(model), f = steadyState(model, full);
  assert.ok(s.rho.sub(f.rho).normFrobenius() < 1e-14 && s.certificate.unique && s.certificate.residual < 1e-15);
  // The diamond model (Bell basis): the S–A coherence is a charge-0 sector of its own, checked.
  const diamond = diamondModel({ betaA: 0.3, betaS: -1 }).model, p = prepareSteadyState(diamond);
  assert.equal(p.plan.route, 'sector');
  assert.match(p.plan.via ?? '', /1 charge-0 coherence sector\(s\) checked/);
  for (const m of [diamond, lambda()]) assert.ok(steadyState(m).rho.sub(steadyState(m, full).rho).normFrobenius() < 1e-14);
});

test('cutoff 1024: no n²-sized object (library call and the whole CLI command, loose CPU and memory guards)', async () => {
  const model = cavity(1024);
  const rss0 = process.memoryUsage().rss, c0 = process.cpuUsage();
  const res = steadyState(model);
  const c = process.cpuUsage(c0), cpu = (c.user + c.system) / 1e6, grown = (process.memoryUsage().rss - rss0) / 2 ** 20;
  console.log(`cutoff 1024 steadyState: ${cpu.toFixed(2)} s CPU, RSS +${grown.toFixed(0)} MB (before sector-first: ≈ 6 s, +1000 MB)`);
  assert.ok(cpu < 4 && grown < 600, `${cpu} s, +${grown} MB`);
  assert.equal(res.certificate.status, 'unique');
  assert.equal(res.certificate.unknowns, 16388);
  assert.ok(res.certificate.traceError < 1e-12 && res.certificate.minEigenvalue >= -res.certificate.positivityTolerance && res.certificate.relativeResidual < 1e-14);
  const small = steadyState(cavity(32)).state!, big = res.state!;
  for (let i = 0; i < 4; i++) for (let k = 0; k < 5; k++) { // low Fock levels: converged in the cutoff
    const a = small.re(i * 33 + k, i * 33 + k), b = big.re(i * 1025 + k, i * 1025 + k);
    assert.ok(Math.abs(a - b) < 1e-12, `population (${i}, ${k}): ${a} vs ${b}`);
  }
  const r0 = process.memoryUsage().rss, k0 = process.cpuUsage();
  const out = await cliInThread(['cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '1024', '--json']);
  const k = process.cpuUsage(k0), kcpu = (k.user + k.system) / 1e6, kgrown = (process.memoryUsage().rss - r0) / 2 ** 20;
  console.log(`cutoff 1024 CLI (in a worker thread of this process): ${kcpu.toFixed(2)} s CPU, RSS +${kgrown.toFixed(0)} MB`);
  assert.equal(out.code, 0, out.stderr);
  assert.ok(kcpu < 6 && kgrown < 600, `${kcpu} s, +${kgrown} MB`);
  const json = JSON.parse(out.stdout);
  assert.equal(json.certificate.status, 'unique');
  assert.ok(Math.abs(json.concurrence - JSON.parse((await cliInThread(['cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '32', '--json'])).stdout).concurrence) < 1e-12);
});
