/**
 * The operator-level charge analysis (symmetry/charge-sectors.ts) on the cases its fast paths take:
 * a model whose A connects every state (one A-component: no charge, null), and channels with a link
 * inside one A-component (dephasing-like: δ = 0, fixed instead of drawn). Checked against the full
 * coupling-graph analysis (symmetry.ts, charge.ts) and, for the steady state, against the unreduced solve.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { chargeSectors } from '../../src/symmetry/charge-sectors.ts';
import { analyseSectors, diagonalSector } from '../../src/symmetry/symmetry.ts';
import { findU1Charge } from '../../src/symmetry/charge.ts';
import { randomModel } from '../../src/model/random.ts';
import { space, qubit, fock, levels } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { steadyState } from '../../src/steady/steady.ts';

/** A qubit coupled to a cavity (Jaynes–Cummings), with decay, pump, cavity loss and qubit dephasing σz (a self-link). */
function dephasedJc(cutoff: number): LindbladModel {
  const sp = space({ q: qubit(), c: fock(cutoff) });
  const sm = op(sp, 'q', 'sigma_minus'), a = op(sp, 'c', 'a'), x = sm.dag().times(a);
  return lindbladModel(sp, {
    hamiltonian: x.plus(x.dag()).scale(0.8).plus(op(sp, 'c', 'n').scale(0.3)),
    channels: [
      { operator: sm, rate: 0.4 }, { operator: sm.dag(), rate: 0.1 }, { operator: a, rate: 1.1 },
      { operator: op(sp, 'q', 'sigma_z'), rate: 0.25 },
    ],
  });
}

/** A four-level ladder with a diagonal H (every state its own A-component), decays, and dephasing of two levels. */
function dephasedLadder(): LindbladModel {
  const sp = space({ x: levels(4) });
  const t = (i: number, j: number) => (i === j ? op(sp, 'x', 'projector', { level: i }) : op(sp, 'x', 'transition', { to: i, from: j }));
  return lindbladModel(sp, {
    hamiltonian: t(1, 1).scale(0.5).plus(t(2, 2).scale(1.3)).plus(t(3, 3).scale(-0.2)),
    channels: [
      { operator: t(0, 1), rate: 1 }, { operator: t(1, 2), rate: 0.6 }, { operator: t(2, 3), rate: 0.3 }, { operator: t(3, 0), rate: 0.05 },
      { operator: t(1, 1), rate: 0.2 }, { operator: t(2, 2), rate: 0.7 },
    ],
  });
}

const unknownSet = (s: { size: number; rowOf: Int32Array; colOf: Int32Array }) => new Set(Array.from({ length: s.size }, (_, u) => `${s.rowOf[u]},${s.colOf[u]}`));

test('one A-component (a hopping chain): no charge can separate the states, null', () => {
  for (const dim of [2, 12, 40]) {
    const { liouvillian: lv } = FactoredLiouvillian.fromModel(randomModel({ structure: 'local', dim, seed: 3 }), 'active');
    assert.equal(chargeSectors(lv), null, `local chain n = ${dim}`);
    // The full analysis agrees: every population in one sector, which is all n² unknowns.
    const full = diagonalSector(analyseSectors(lv));
    assert.ok(full && full.size === dim * dim);
  }
});

test('channels linking a component to itself get δ = 0; sectors equal the full analysis; the charge verifies on every entry', () => {
  for (const [name, model] of [['dephased JC 3', dephasedJc(3)], ['dephased JC 9', dephasedJc(9)], ['dephased ladder', dephasedLadder()]] as const) {
    const { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
    const cs = chargeSectors(lv), a = analyseSectors(lv), old = diagonalSector(a)!, charge = findU1Charge(a)!;
    assert.ok(cs && cs.diagonal && charge, name);
    assert.deepEqual(unknownSet(cs.diagonal), unknownSet(old), `${name}: same diagonal sector`);
    assert.equal(cs.neutral.length, charge.neutralRoots.length, `${name}: same number of charge-0 coherence sectors`);
    const channels = lv.terms.filter((t) => t.kind === 'channel');
    let selfLinked = 0;
    channels.forEach((t, k) => {
      const o = t.o;
      let self = false;
      for (let i = 0; i < o.rows; i++) for (let p = o.rowPtr[i]; p < o.rowPtr[i + 1]; p++) {
        const j = o.colIdx[p];
        assert.ok(Math.abs(cs.charge[i] - cs.charge[j] - cs.shifts[k]) <= 1e-9 * Math.max(1, ...Array.from(cs.charge, Math.abs)), `${name}: q_i − q_j = δ on entry (${i}, ${j}) of channel ${k}`);
        if (i === j) self = true;
      }
      if (self) { selfLinked++; assert.equal(cs.shifts[k], 0, `${name}: channel ${k} has a diagonal entry, δ = 0 exactly`); }
    });
    assert.ok(selfLinked > 0, `${name}: the model has a self-linked channel`);
  }
});

test('dephased models: the sector solve equals the unreduced solve (1e-12) and is certified unique', () => {
  for (const model of [dephasedJc(6), dephasedLadder()]) {
    const s = steadyState(model), f = steadyState(model, { method: { kind: 'direct', sectors: false } });
    assert.match(s.certificate.uniqueness.via ?? '', /U\(1\) charge/);
    assert.ok(s.certificate.unknowns < model.space.dim ** 2, 'solved in a sector');
    const d = s.rho.sub(f.rho).normFrobenius();
    assert.ok(d < 1e-12, `|Δρ| ${d}`);
    assert.ok(s.certificate.unique && s.certificate.relativeResidual < 1e-13);
  }
});

test('analyses of models with the same dimension, interleaved and repeated (answers kept per pattern): each answer is that model\'s own', () => {
  const sp = space({ q: qubit(), c: fock(3) });
  const sm = op(sp, 'q', 'sigma_minus'), a = op(sp, 'c', 'a'), x = sm.dag().times(a);
  const h = x.plus(x.dag());
  const variants: Array<[string, LindbladModel]> = [
    ['JC', lindbladModel(sp, { hamiltonian: h, channels: [{ operator: sm, rate: 0.4 }, { operator: a, rate: 1.1 }] })],
    ['JC, channels swapped', lindbladModel(sp, { hamiltonian: h, channels: [{ operator: a, rate: 1.1 }, { operator: sm, rate: 0.4 }] })],
    ['JC, pump instead of decay', lindbladModel(sp, { hamiltonian: h, channels: [{ operator: sm.dag(), rate: 0.4 }, { operator: a, rate: 1.1 }] })],
    ['JC + dephasing', lindbladModel(sp, { hamiltonian: h, channels: [{ operator: sm, rate: 0.4 }, { operator: a, rate: 1.1 }, { operator: op(sp, 'q', 'sigma_z'), rate: 0.2 }] })],
    ['no H', lindbladModel(sp, { channels: [{ operator: sm, rate: 0.4 }, { operator: a, rate: 1.1 }] })],
    ['two-photon loss', lindbladModel(sp, { hamiltonian: h, channels: [{ operator: sm, rate: 0.4 }, { operator: a.times(a), rate: 1.1 }] })],
    ['ladder', dephasedLadder()],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [name, model] of round === 1 ? [...variants].reverse() : variants) {
      const { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
      const cs = chargeSectors(lv), full = analyseSectors(lv), charge = findU1Charge(full);
      assert.equal(cs === null, charge === null, `${name}: a charge found by both analyses or by neither`);
      if (!cs || !charge) continue;
      if (cs.diagonal) assert.deepEqual(unknownSet(cs.diagonal), unknownSet(diagonalSector(full)!), `${name}, round ${round}: the diagonal sector`);
      // the shifts are this model's, channel by channel
      const channels = lv.terms.filter((t) => t.kind === 'channel');
      assert.equal(cs.shifts.length, channels.length, name);
      channels.forEach((t, k) => {
        for (let i = 0; i < t.o.rows; i++) for (let p = t.o.rowPtr[i]; p < t.o.rowPtr[i + 1]; p++) {
          const j = t.o.colIdx[p];
          assert.ok(Math.abs(cs.charge[i] - cs.charge[j] - cs.shifts[k]) <= 1e-9 * Math.max(1, ...Array.from(cs.charge, Math.abs)), `${name}, round ${round}: q_i − q_j = δ_${k} on (${i}, ${j})`);
        }
      });
    }
  }
});
