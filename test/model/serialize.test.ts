import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeModel, deserializeModel, type SerializedModel } from '../../src/model/serialize.ts';
import { LindbladError } from '../../src/errors.ts';
import type { LindbladModel } from '../../src/model/model.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { liouvillian } from '../../src/liouvillian/liouvillian.ts';

function assertSameModel(a: LindbladModel, b: LindbladModel): void {
  assert.ok(a.space.equals(b.space));
  assert.deepEqual(b.space.specs, a.space.specs);
  const sameOp = (x: LindbladModel['hamiltonian'], y: LindbladModel['hamiltonian']) => {
    assert.deepEqual(Array.from(y.matrix.rowPtr), Array.from(x.matrix.rowPtr));
    assert.deepEqual(Array.from(y.matrix.colIdx.subarray(0, x.matrix.nnz)), Array.from(x.matrix.colIdx.subarray(0, x.matrix.nnz)));
    assert.deepEqual(Array.from(y.matrix.values.subarray(0, 2 * x.matrix.nnz)), Array.from(x.matrix.values.subarray(0, 2 * x.matrix.nnz)));
  };
  sameOp(a.hamiltonian, b.hamiltonian);
  sameOp(a.bareHamiltonian, b.bareHamiltonian);
  assert.equal(b.channels.length, a.channels.length);
  a.channels.forEach((c, i) => {
    sameOp(c.operator, b.channels[i].operator);
    assert.deepEqual([b.channels[i].rate, b.channels[i].bath, b.channels[i].label], [c.rate, c.bath, c.label]);
  });
  assert.deepEqual([...b.baths], [...a.baths]);
  assert.equal(b.referenceEnergy, a.referenceEnergy);
}

test('models survive serialize → structured clone → deserialize exactly (±∞ β, infinite rates)', () => {
  const models = [
    diamondModel({ betaA: 4, betaS: -2, omega0: 2 }).model,
    diamondModel({ betaA: Infinity, betaS: -Infinity, basis: 'product' }).model,
    cavityModel({ g: 1, kappa: 2, gamma: 0.1, pump: 0.05, cutoff: 3 }).model,
  ];
  for (const m of models) {
    const back = deserializeModel(structuredClone(serializeModel(m)));
    assertSameModel(m, back);
    if (!m.hasInfiniteRates()) assert.deepEqual(Array.from(liouvillian(back).values), Array.from(liouvillian(m).values));
  }
});

test('malformed data is refused with a LindbladError', () => {
  const good = serializeModel(diamondModel({ betaA: 1, betaS: 0 }).model);
  const bad: Array<[unknown, string]> = [
    [{ ...good, format: 'x' }, 'model'],
    [{ ...good, hamiltonian: { ...good.hamiltonian, rowPtr: new Int32Array(2) } }, 'hamiltonian'],
    [{ ...good, channels: [{ ...good.channels[0], operator: { ...good.channels[0].operator, colIdx: Int32Array.from(good.channels[0].operator.colIdx, () => 99) } }] }, 'channels[0].operator'],
  ];
  for (const [data, field] of bad) {
    assert.throws(() => deserializeModel(data as SerializedModel), (e: unknown) => e instanceof LindbladError && e.field === field, field);
  }
});
