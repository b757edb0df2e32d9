/**
 * modelFileText (src/io/model-writer.ts) against parseModelText: a model written and read back has the same
 * space, the same Liouvillian bit for bit, the same rates (also infinite), baths (β finite, ±∞, null), labels,
 * H0 and reference energy; the paper's models, random ones, a Fock ladder of cutoff 1,000 (written sparsely:
 * size proportional to its non-zeros), odd names; and the CLI solves the written file like the model itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { modelFileText } from '../../src/io/model-writer.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op, type Operator } from '../../src/model/operator.ts';
import { randomModel } from '../../src/model/random.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';

/** The same CSR matrix, bit for bit (±0 alike). */
function sameMatrix(a: Operator, b: Operator, what: string): void {
  const x = a.matrix, y = b.matrix;
  assert.deepEqual([y.rows, Array.from(y.rowPtr), Array.from(y.colIdx)], [x.rows, Array.from(x.rowPtr), Array.from(x.colIdx)], `${what}: pattern`);
  assert.ok(x.values.every((v, k) => v === y.values[k]), `${what}: values`);
}

function assertSame(a: LindbladModel, b: LindbladModel, what: string): void {
  assert.deepEqual(b.space.names, a.space.names, what);
  assert.deepEqual(b.space.specs, a.space.specs, what);
  sameMatrix(a.hamiltonian, b.hamiltonian, `${what}, H`);
  sameMatrix(a.bareHamiltonian, b.bareHamiltonian, `${what}, H0`);
  assert.equal(b.channels.length, a.channels.length, what);
  a.channels.forEach((c, k) => sameMatrix(c.operator, b.channels[k].operator, `${what}, channel ${k}`));
  assert.deepEqual(b.channels.map((c) => [c.rate, c.bath, c.label]), a.channels.map((c) => [c.rate, c.bath, c.label]), what);
  assert.deepEqual([...b.baths], [...a.baths], what);
  assert.equal(b.referenceEnergy, a.referenceEnergy, what);
  assert.equal(b.bareFollowsHamiltonian, a.bareFollowsHamiltonian, what);
  if (a.channels.every((c) => Number.isFinite(c.rate))) {
    const la = liouvillian(a), lb = liouvillian(b);
    assert.ok(la.nnz === lb.nnz && la.values.every((v, k) => v === lb.values[k]), `${what}: L bit for bit`);
  }
}

test('written and read back: the paper models, random models, baths at ±∞ and null, H0 and the reference energy', () => {
  const diamond = diamondModel({ betaA: 2, betaS: -Infinity });
  const subsystems = { c: fock(3) };
  Object.defineProperty(subsystems, '__proto__', { value: qubit(), enumerable: true }); // an own key, as a file gives it
  const sp = space(subsystems);
  const a = op(sp, 'c', 'a'), s = op(sp, '__proto__', 'sigma_minus');
  const odd = lindbladModel(sp, {
    hamiltonian: a.dag().times(s).scale(0.3, -0.7).plus(s.dag().times(a).scale(0.3, 0.7)).plus(a.dag().times(a).scale(1 / 3)),
    bareHamiltonian: a.dag().times(a).scale(1 / 3),
    channels: [{ operator: a, rate: 0.2, bath: 'hot', label: 'loss "x"' }, { operator: s.dag(), rate: Infinity, bath: 'constructor' }, { operator: s, rate: 0, bath: 'cold' }],
    baths: { hot: { beta: 0.5 }, cold: { beta: Infinity }, constructor: { beta: null } },
    referenceEnergy: 2.5,
  });
  const cases: Array<[string, LindbladModel]> = [
    ['cavity', cavityModel({ g: 1, kappa: 2.3, gamma: 1e-3, pump: 5e-3, cutoff: 4 }).model],
    ['diamond', diamond.model],
    ['local', randomModel({ structure: 'local', dim: 9, seed: 3 })],
    ['unstructured', randomModel({ structure: 'unstructured', dim: 5, seed: 4 })],
    ['odd names', odd],
  ];
  for (const [what, m] of cases) assertSame(m, parseModelText(modelFileText(m, { name: what, description: 'round trip' })), what);
});

test('a sparse operator is written entry by entry: a Fock cutoff of 1,000 gives a file proportional to its non-zeros', () => {
  const sp = space({ c: fock(1000) }), a = op(sp, 'c', 'a');
  const m = lindbladModel(sp, { hamiltonian: a.dag().times(a), channels: [{ operator: a, rate: 0.1 }] });
  const text = modelFileText(m);
  assert.ok(text.length < 400_000, `${text.length} characters`);
  assertSame(m, parseModelText(text), 'Fock 1000');
});

test('bad input is a LindbladError; the CLI reads the written file', () => {
  assert.throws(() => modelFileText({} as never), (e: unknown) => e instanceof LindbladError && e.field === 'model');
  const m = randomModel({ structure: 'local', dim: 6, seed: 2 });
  assert.throws(() => modelFileText(m, { nmae: 'x' } as never), (e: unknown) => e instanceof LindbladError && /nmae/.test(e.message));
  const file = join(mkdtempSync(join(tmpdir(), 'lindblad-writer-')), 'local.json');
  writeFileSync(file, modelFileText(m));
  const r = spawnSync(process.execPath, [new URL('../../bin/lindblad.mjs', import.meta.url).pathname, 'steady', file, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const direct = steadyState(m).rho, out = JSON.parse(r.stdout) as { rho: [number, number][][] };
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
    assert.ok(Math.abs(out.rho[i][j][0] - direct.re(i, j)) <= 1e-15 && Math.abs(out.rho[i][j][1] - direct.im(i, j)) <= 1e-15, `ρ_${i}${j}`);
  }
});
