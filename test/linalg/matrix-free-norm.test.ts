/**
 * The matrix-free ‖L‖_∞ (liouvillian/matrix-free.ts) visits, per row (i, j), only the jumps acting on row i.
 * Checked against the assembled superoperator's largest absolute row sum (liouvillian.ts, an independent
 * assembly) on local chains — diagonal (dephasing) jumps, hundreds of terms — and unstructured models,
 * and re-targeting across θ (a rate switched off and on) against a fresh operator, bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { LiouvillianOperator } from '../../src/liouvillian/matrix-free.ts';
import { AssembledLiouvillian } from '../../src/liouvillian/assembled.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { randomModel } from '../../src/model/random.ts';

test('matrix-free ‖L‖_∞ equals the assembled L\'s largest row sum (local chains with hundreds of jumps, unstructured models)', () => {
  for (const [structure, dim, seed] of [['local', 12, 1], ['local', 25, 3], ['unstructured', 6, 2]] as const) {
    const model = randomModel({ structure, dim, seed });
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model);
    const exact = liouvillian(model).normInf(), got = new LiouvillianOperator(lv, coefficients).normInf();
    assert.ok(Math.abs(got - exact) <= 1e-14 * exact, `${structure} n = ${dim}: ${got} vs ${exact}`);
  }
});

test('matrix-free ‖L‖_∞ after setCoefficients (rates changed, one switched off, then on) equals a fresh operator\'s, bit for bit', () => {
  const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(randomModel({ structure: 'local', dim: 15, seed: 5 }));
  const op = new LiouvillianOperator(lv, coefficients);
  op.normInf();
  for (const change of [(c: number, k: number) => (k === 3 ? 0 : 1.7 * c), (c: number, k: number) => (k % 5 === 0 ? 0 : c), (c: number) => c]) {
    const theta = Array.from(coefficients, change);
    const a = op.setCoefficients(theta).normInf(), b = new LiouvillianOperator(lv, theta).normInf();
    assert.equal(a, b);
  }
  // A switched-off jump no longer counts: with every channel off, ‖L‖_∞ is that of −i[H, ·] alone.
  const hOnly = Array.from(coefficients, (c, k) => (lv.terms[k].kind === 'hamiltonian' ? c : 0));
  const fresh = new LiouvillianOperator(lv, hOnly).normInf();
  assert.equal(op.setCoefficients(hOnly).normInf(), fresh);
});

test('matrix-free ‖L‖_∞ along a family (per-term row-sum bounds, previous argmax first) equals the assembled L(θ)\'s and a fresh operator\'s', () => {
  // Rates spanning ten decades, so the row that attains the norm moves between points; one rate switched
  // off on the way. Reference: AssembledLiouvillian's row sums of the merged L(θ) (an independent route).
  for (const [structure, dim, seed] of [['local', 9, 7], ['unstructured', 6, 4]] as const) {
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(randomModel({ structure, dim, seed }));
    const op = new LiouvillianOperator(lv, coefficients);
    op.normInf();
    for (let p = 0; p < 40; p++) {
      const theta = Array.from(coefficients, (c, k) => (lv.terms[k].kind === 'hamiltonian' ? c : p === 17 && k === 2 ? 0 : c * 10 ** (((p * (k + 3)) % 11) - 5)));
      const got = op.setCoefficients(theta).normInf();
      const exact = new AssembledLiouvillian(lv, theta).normInf(), fresh = new LiouvillianOperator(lv, theta).normInf();
      assert.ok(Math.abs(got - exact) <= 1e-14 * exact, `${structure} point ${p}: ${got} vs assembled ${exact}`);
      assert.ok(Math.abs(got - fresh) <= 4 * Number.EPSILON * fresh, `${structure} point ${p}: ${got} vs fresh ${fresh}`);
    }
  }
});
