/**
 * The family operators' matvec with `support` (the entries outside which vec ρ is zero, ascending: the
 * sector certificate passes its sector's) visits only those columns, in the same order: the same L·x bit
 * for bit as the full scan, for the matrix-free and the small assembled operator, and equal to the
 * assembled superoperator's product (liouvillian.ts, independent) to rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { LiouvillianOperator } from '../../src/liouvillian/matrix-free.ts';
import { AssembledLiouvillian } from '../../src/liouvillian/assembled.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { randomModel } from '../../src/model/random.ts';
import { rng } from './random.ts';

test('matvec with a support gives the full scan\'s L·x bit for bit (matrix-free and assembled family operators)', () => {
  const r = rng(3);
  for (const [structure, dim, seed] of [['local', 10, 2], ['unstructured', 6, 9]] as const) {
    const model = randomModel({ structure, dim, seed });
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(model);
    const reference = liouvillian(model), n2 = dim * dim;
    for (const op of [new LiouvillianOperator(lv, coefficients), new AssembledLiouvillian(lv, coefficients)]) {
      for (let trial = 0; trial < 5; trial++) {
        const support = Int32Array.from({ length: n2 }, (_, k) => k).filter(() => r() < 0.3);
        const x = new Float64Array(2 * n2);
        for (const p of support) { if (r() < 0.9) { x[2 * p] = r() - 0.5; x[2 * p + 1] = r() - 0.5; } }
        const full = op.matvec(x), restricted = op.matvec(x, new Float64Array(2 * n2).fill(7), support);
        assert.deepEqual(restricted, full, `${structure} ${op.constructor.name} trial ${trial}`);
        const exact = reference.matvec(x);
        for (let k = 0; k < full.length; k++) assert.ok(Math.abs(full[k] - exact[k]) <= 1e-12, `${structure} entry ${k}`);
      }
    }
  }
});
