import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { op, fromMatrix, type Operator } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { eigh } from '../../src/linalg/eigh.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { rng } from '../systems/random.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { norm2 } from '../../src/linalg/vector.ts';

const notUnique = (m: LindbladModel) =>
  assert.throws(() => steadyState(m), (e: unknown) => e instanceof LindbladError && e.code === 'not-unique' && /more than one stationary state/.test(e.message));

test('a qubit with no dissipation has many stationary states → clear error', () => {
  const sp = space({ q: qubit() });
  notUnique(lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(0.7) }));
  notUnique(lindbladModel(sp, {}));
  notUnique(lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z'), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 0.3 }] }));
});

/** Two decoupled decaying blocks 1→0 and 3→2 (and 5→4), optionally in a randomly rotated basis. */
function twoBlocks(rotate: boolean): LindbladModel {
  const n = 6, sp = space({ x: levels(n) });
  let rot = (o: Operator) => o;
  if (rotate) {
    const r = rng(11), h = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h.set(i, j, r() - 0.5, r() - 0.5);
    const u = eigh(h.hermitianPart()).vectors;
    rot = (o) => fromMatrix(sp, u.mul(o.toDense()).mul(u.adjoint()));
  }
  const t = (to: number, from: number) => rot(op(sp, 'x', 'transition', { to, from }));
  return lindbladModel(sp, {
    hamiltonian: rot(op(sp, 'x', 'n').scale(0.3)),
    channels: [{ operator: t(0, 1), rate: 0.37 }, { operator: t(2, 3), rate: 1.91 }, { operator: t(4, 5), rate: 1e-3 }],
  });
}

test('decoupled dissipative blocks are detected, also when round-off hides the exact singularity', () => {
  notUnique(twoBlocks(false));
  notUnique(twoBlocks(true));
});

test('on request, a Hermitian basis of the stationary states', () => {
  for (const rotate of [false, true]) {
    const model = twoBlocks(rotate);
    const res = steadyState(model, { onDegenerate: 'basis' });
    assert.equal(res.certificate.unique, false);
    // Stationary: |0⟩⟨0|, |2⟩⟨2|, |4⟩⟨4| and the coherences among them that H (n) lets rotate? H = 0.3 n has
    // distinct energies 0, 0.6, 1.2, so only the three populations are stationary.
    assert.equal(res.stationaryBasis!.length, 3);
    const l = liouvillian(model);
    for (const b of res.stationaryBasis!) {
      assert.ok(b.hermiticityError() < 1e-12);
      assert.ok(norm2(l.matvec(vectorize(b))) < 1e-9);
    }
  }
});

test('zero rates and zero operators are ignored', () => {
  const sp = space({ q: qubit() });
  const m = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n'),
    channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: 1 },
      { operator: op(sp, 'q', 'sigma_plus'), rate: 0 },
      { operator: op(sp, 'q', 'sigma_plus').scale(0), rate: 5 },
    ],
  });
  const { rho, certificate } = steadyState(m);
  assert.equal(rho.re(0, 0), 1);
  assert.ok(certificate.unique);
});
