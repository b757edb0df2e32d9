import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelText, parseModel } from '../../src/io/model-file.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { LindbladError } from '../../src/errors.ts';

test('named blocks, sums, products, scales and explicit matrices build the same operators as the API', () => {
  const m = parseModel({
    subsystems: { q: 'qubit', c: { kind: 'fock', cutoff: 2 } },
    hamiltonian: { sum: [{ scale: 0.5, of: 'q.sigma_z' }, { product: ['q.sigma_plus', 'c.a'] }, { dag: { product: ['q.sigma_plus', 'c.a'] } }] },
    channels: [{ operator: { op: 'a', on: 'c' }, rate: 0.3, bath: 'cav' }],
  });
  const sp = space({ q: qubit(), c: fock(2) });
  const x = op(sp, 'q', 'sigma_plus').times(op(sp, 'c', 'a'));
  const h = op(sp, 'q', 'sigma_z').scale(0.5).plus(x).plus(x.dag());
  assert.ok(m.hamiltonian.toDense().sub(h.toDense()).normFrobenius() < 1e-15);
  assert.equal(m.channels[0].bath, 'cav');
  // The same model with explicit matrices.
  const rows = (d: ReturnType<typeof h.toDense>) => d.toRows();
  const m2 = parseModel({ dims: [6], hamiltonian: { matrix: rows(h.toDense()) }, channels: [{ operator: { matrix: rows(op(sp, 'c', 'a').toDense()) }, rate: 0.3 }] });
  assert.ok(steadyState(m).rho.sub(steadyState(m2).rho).normFrobenius() < 1e-13);
});

test('"inf" for β and for rates (the infinitely fast limit)', () => {
  const m = parseModelText(JSON.stringify({
    subsystems: { x: { kind: 'levels', n: 3 } },
    channels: [
      { operator: { op: 'transition', on: 'x', to: 1, from: 0 }, rate: 1, bath: 'b' },
      { operator: { op: 'transition', on: 'x', to: 0, from: 1 }, rate: 2, bath: 'b' },
      { operator: { op: 'transition', on: 'x', to: 1, from: 2 }, rate: 'inf', bath: 'fast' },
    ],
    baths: { b: { beta: 'inf' }, fast: { beta: '-inf' } },
  }));
  assert.equal(m.channels[2].rate, Infinity);
  assert.equal(m.baths.get('b')!.beta, Infinity);
  assert.equal(m.baths.get('fast')!.beta, -Infinity);
  const { rho } = steadyState(m);
  assert.ok(Math.abs(rho.re(0, 0) - 2 / 3) < 1e-13 && Math.abs(rho.re(2, 2)) < 1e-15);
});

test('errors name the JSON path', () => {
  const bad = (data: unknown, re: RegExp) => assert.throws(() => parseModel(data), (e: unknown) => e instanceof LindbladError && re.test(e.message));
  bad({ subsystems: { q: 'qubit' }, channels: [{ operator: 'q.sigma_minus', rate: 'fast' }] }, /channels\[0\]\.rate: expected a finite number or "inf"/);
  bad({ subsystems: { q: 'qubit' }, hamiltonian: { sum: [] } }, /hamiltonian\.sum: expected a non-empty array/);
  bad({ subsystems: { q: 'qubit' }, hamiltonian: { scale: [1], of: 'q.n' } }, /hamiltonian\.scale: expected a number or \[re, im\]/);
  bad({ subsystems: { q: 'qubit' }, bogus: 1 }, /bogus: unknown field/);
  bad({ subsystems: { q: 'qubit' }, baths: { b: { beta: 'hot' } } }, /baths\.b\.beta/);
  bad({ dims: [2], hamiltonian: { matrix: [[[0, 0], [0, 0]], [[0, 0], [0, Number.NaN]]] } }, /hamiltonian\.matrix\[1\]\[1\]: expected a number or \[re, im\] with finite entries/);
});
