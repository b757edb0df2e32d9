import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit, fock, levels } from '../../src/model/space.ts';
import { op, identity, sum } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { basisKet, ketToDensity, partialTrace } from '../../src/model/states.ts';
import { LindbladError } from '../../src/errors.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';

const close = (a: DenseMatrix, b: DenseMatrix, tol = 1e-14) => assert.ok(a.sub(b).normFrobenius() <= tol, `‖Δ‖ = ${a.sub(b).normFrobenius()}`);

test('qubit convention: σ⁻ = |0⟩⟨1|, [σ⁺, σ⁻] = σz, σx² = σy² = σz² = I, σxσy = iσz', () => {
  const sp = space({ q: qubit() });
  const sm = op(sp, 'q', 'sigma_minus').toDense(), sp_ = op(sp, 'q', 'sigma_plus').toDense();
  assert.deepEqual(sm.get(0, 1), [1, 0]);
  assert.deepEqual(sm.get(1, 0), [0, 0]);
  const [x, y, z] = ['sigma_x', 'sigma_y', 'sigma_z'].map((n) => op(sp, 'q', n).toDense());
  close(sp_.mul(sm).sub(sm.mul(sp_)), z);
  for (const p of [x, y, z]) close(p.mul(p), DenseMatrix.identity(2));
  close(x.mul(y), z.scale(0, 1));
  close(op(sp, 'q', 'n').toDense(), sp_.mul(sm));
});

test('Fock operators: [a, a†] = I below the cutoff, n = a†a, a|k⟩ = √k|k−1⟩', () => {
  const sp = space({ c: fock(6) });
  const a = op(sp, 'c', 'a'), ad = op(sp, 'c', 'a_dag');
  const comm = a.times(ad).minus(ad.times(a)).toDense();
  for (let k = 0; k < 6; k++) assert.ok(Math.abs(comm.re(k, k) - 1) < 1e-14);
  assert.ok(Math.abs(comm.re(6, 6) + 6) < 1e-14, 'truncation: the top level carries −N');
  close(op(sp, 'c', 'n').toDense(), ad.times(a).toDense());
  assert.ok(Math.abs(a.toDense().re(2, 3) - Math.sqrt(3)) < 1e-15);
});

test('embedding and ordering: first declared subsystem is the most significant index', () => {
  const sp = space({ a: qubit(), b: levels(3) });
  assert.equal(sp.dim, 6);
  assert.equal(sp.basisIndex({ a: 1, b: 2 }), 5);
  assert.deepEqual(sp.levelsOf(4), [1, 1]);
  const nb = op(sp, 'b', 'n').toDense();
  for (let i = 0; i < 6; i++) assert.equal(nb.re(i, i), i % 3);
  const na = op(sp, 'a', 'n').toDense();
  for (let i = 0; i < 6; i++) assert.equal(na.re(i, i), i >= 3 ? 1 : 0);
});

test('partial trace of a product state and of a Bell state', () => {
  const sp = space({ a: qubit(), b: qubit(), c: fock(2) });
  const rho = ketToDensity(basisKet(sp, { a: 1, c: 2 }));
  const ra = partialTrace(sp, rho, ['a']);
  close(ra, DenseMatrix.diagonal([0, 1]));
  const rab = partialTrace(sp, rho, ['a', 'b']);
  assert.equal(rab.re(2, 2), 1);
  const two = space({ a: qubit(), b: qubit() });
  const psi = new Float64Array(8);
  psi[2 * 1] = Math.SQRT1_2; psi[2 * 2] = Math.SQRT1_2; // (|01⟩ + |10⟩)/√2
  close(partialTrace(two, ketToDensity(psi), ['b']), DenseMatrix.identity(2).scale(0.5));
});

test('mistakes are caught where they are made, with the field named', () => {
  const s1 = space({ q: qubit() }), s2 = space({ q: qubit(), r: qubit() });
  const isErr = (f: () => unknown, code: string, re: RegExp) =>
    assert.throws(f, (e: unknown) => e instanceof LindbladError && e.code === code && re.test(e.message));
  isErr(() => op(s1, 'q', 'sigma_minus').plus(op(s2, 'q', 'sigma_minus')), 'dimension-mismatch', /different spaces/);
  isErr(() => op(s1, 'x', 'sigma_minus'), 'unknown-name', /unknown subsystem "x"/);
  isErr(() => op(s1, 'q', 'a'), 'unknown-name', /unknown qubit operator "a"/);
  isErr(() => op(s1, 'q', 'projector', { level: 2 }), 'invalid-input', /level/);
  isErr(() => space({ c: fock(-1) }), 'invalid-input', /cutoff/);
  isErr(() => lindbladModel(s1, { channels: [{ operator: op(s2, 'q', 'sigma_minus'), rate: 1 }] }), 'dimension-mismatch', /channels\[0\]\.operator/);
  isErr(() => lindbladModel(s1, { channels: [{ operator: op(s1, 'q', 'sigma_minus'), rate: NaN }] }), 'invalid-input', /channels\[0\]\.rate/);
  isErr(() => lindbladModel(s1, { hamiltonian: op(s1, 'q', 'sigma_minus') }), 'invalid-input', /hamiltonian: expected a Hermitian/);
  isErr(() => partialTrace(s2, DenseMatrix.identity(2), ['q']), 'dimension-mismatch', /rho/);
  assert.equal(sum(s1, []).isZero(), true);
  assert.equal(identity(s2).matrix.nnz, 4);
});
