/**
 * The per-operator data kept between Liouvillians (src/liouvillian/jump-facts.ts) and matvec's index of
 * jumps by column (matrix-free.ts): kept data equals what is computed afresh, is never used stale after an
 * operator's arrays change, and L·x stays the assembled superoperator's (liouvillian.ts, independent)
 * when a family operator's selection of jumps changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { LiouvillianOperator } from '../../src/liouvillian/matrix-free.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { jumpFacts, jumpProductFrom, jumpProductLowFrom, jumpRowDataFrom, jumpTransposeFrom } from '../../src/liouvillian/jump-facts.ts';
import type { CsrMatrix } from '../../src/linalg/sparse.ts';

// each lookup as a fresh Liouvillian makes it: the operator's arrays checked, then the kept data read
const jumpProductOf = (o: CsrMatrix) => jumpProductFrom(jumpFacts(o), o);
const jumpTransposeOf = (o: CsrMatrix) => jumpTransposeFrom(jumpFacts(o), o);
const jumpProductLowOf = (o: CsrMatrix, k: CsrMatrix) => jumpProductLowFrom(jumpFacts(o), o, k);
const jumpRowDataOf = (o: CsrMatrix, n: number) => jumpRowDataFrom(jumpFacts(o), o, n);
import { randomModel } from '../../src/model/random.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { steadyState } from '../../src/steady/steady.ts';

test('kept jump data equals a fresh computation, is shared between Liouvillians of one model, and is rebuilt when the operator changes', () => {
  const model = randomModel({ structure: 'unstructured', dim: 5, seed: 4 });
  const o = model.channels[0].operator.matrix;
  const k = jumpProductOf(o), fresh = o.adjoint().mul(o);
  assert.deepEqual(Array.from(k.values), Array.from(fresh.values));
  assert.deepEqual(Array.from(jumpTransposeOf(o).values), Array.from(o.transpose().values));
  assert.equal(FactoredLiouvillian.fromModel(model).liouvillian.terms.find((t) => t.kind === 'channel' && t.o === o)?.kind, 'channel');
  const a = FactoredLiouvillian.fromModel(model).liouvillian, b = FactoredLiouvillian.fromModel(model).liouvillian;
  const ta = a.terms.findIndex((t) => t.kind === 'channel'), tb = b.terms.findIndex((t) => t.kind === 'channel');
  assert.equal(a.jumpTranspose(ta), b.jumpTranspose(tb), 'the second Liouvillian of the same model reuses oᵀ');
  // k + kLow is o†o to about twice the working precision; here simply: kLow is tiny against k
  const low = jumpProductLowOf(o, k);
  for (let p = 0; p < low.length; p++) assert.ok(Math.abs(low[p]) <= 1e-15 * Math.max(1, Math.abs(k.values[p])), `kLow ${p}`);
  // an operator written into afterwards (a caller's own arrays): never the stale data
  const before = jumpRowDataOf(o, 5).full.slice();
  o.values[0] *= 2;
  o.values[1] *= 2;
  const k2 = jumpProductOf(o), again = o.adjoint().mul(o);
  assert.notEqual(k2, k);
  assert.deepEqual(Array.from(k2.values), Array.from(again.values));
  assert.deepEqual(Array.from(jumpTransposeOf(o).values), Array.from(o.transpose().values));
  assert.notDeepEqual(Array.from(jumpRowDataOf(o, 5).full), Array.from(before));
  // and the steady state of the changed model is that of a model built afresh from copies of its operators
  const copy = lindbladModel(model.space, {
    hamiltonian: model.hamiltonian,
    channels: model.channels.map((c) => ({ operator: c.operator.scale(1), rate: c.rate, label: c.label })),
  });
  const r1 = steadyState(model), r2 = steadyState(copy);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(r1.rho.re(i, i) - r2.rho.re(i, i)) <= 1e-13, `population ${i}`);
});

test('matvec over the jumps by column equals the assembled L·x, also after a family operator drops and regains jumps', () => {
  const model = randomModel({ structure: 'local', dim: 9, seed: 7 });
  const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model, 'all');
  const op = new LiouvillianOperator(lv, coefficients), n2 = 81;
  const x = new Float64Array(2 * n2);
  for (let p = 0; p < x.length; p++) x[p] = Math.sin(1.7 * p + 0.3);
  const channelTerms = lv.terms.map((t, i) => (t.kind === 'channel' ? i : -1)).filter((i) => i >= 0);
  for (const drop of [[], channelTerms.slice(0, 5), channelTerms.filter((_, j) => j % 2 === 0), []]) {
    const theta = Float64Array.from(coefficients, (c, t) => (drop.includes(t) ? 0 : c));
    op.setCoefficients(theta);
    const m = lindbladModel(model.space, {
      hamiltonian: model.hamiltonian,
      channels: model.channels.map((c, j) => ({ operator: c.operator, rate: drop.includes(lv.terms.findIndex((t) => t.kind === 'channel' && t.channel === j)) ? 0 : c.rate, label: c.label })),
    });
    const exact = liouvillian(m).matvec(x), y = op.matvec(x);
    for (let k = 0; k < y.length; k++) assert.ok(Math.abs(y[k] - exact[k]) <= 1e-12, `dropped ${drop.length}: entry ${k}`);
  }
});
