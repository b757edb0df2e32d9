/**
 * `sweep cavity --emitters N …`: every row equals a fresh single solve (the prepared pattern is reused
 * across κ without changing the numbers), over the library sweep and the CLI.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sweep } from '../../src/sweep/sweep.ts';
import { paperFamilies } from '../../src/paper/families.ts';
import { emittersCavitySteadyState } from '../../src/paper/emitters-solve.ts';
import { zeroChargeSize } from '../../src/paper/emitters-family.ts';
import { DickeSector } from '../../src/symmetry/dicke-sector.ts';
import { DickeBasis } from '../../src/model/dicke-basis.ts';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';

after(() => stopCliThread());

test('library sweep over κ and N: rows equal single solves to 1e-12', () => {
  const spec = paperFamilies.specFrom({ model: 'cavity', args: { emitters: '3:4:2', kappa: '0.5:5:4:log', gamma: '1e-3', pump: '5e-3', dephasing: '1e-3', cutoff: '3' } });
  const rows = sweep(spec);
  assert.equal(rows.length, 8);
  for (const row of rows) {
    const ref = emittersCavitySteadyState({ emitters: row.params.emitters, kappa: row.params.kappa, gamma: 1e-3, pump: 5e-3, dephasing: 1e-3, cutoff: 3 });
    for (const k of ['pairConcurrence', 'excitationPerEmitter', 'meanPhotons'] as const) {
      assert.ok(Math.abs((row.values[k] as number) - ref[k]) <= 1e-12, `${k} at ${JSON.stringify(row.params)}`);
    }
    assert.equal(row.values.unique, 1);
    assert.equal(typeof row.values['heat.cavity'], 'number');
  }
});

test('lindblad sweep cavity --emitters 5 writes the N-emitter columns; a bad --emitters is one line', async () => {
  const r = await cliInThread(['sweep', 'cavity', '--emitters', '5', '--kappa', '1:4:3', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '2', '--progress', 'none'], {});
  assert.equal(r.code, 0, r.stderr);
  const [head, ...lines] = r.stdout.trim().split('\n');
  for (const c of ['emitters', 'kappa', 'pairConcurrence', 'excitationPerEmitter', 'meanPhotons', 'g2', 'spinSqueezing']) assert.ok(head.split(',').includes(c), c);
  assert.equal(lines.length, 3);
  const bad = await cliInThread(['sweep', 'cavity', '--emitters', '0', '--kappa', '1', '--gamma', '0', '--pump', '0', '--progress', 'none'], {});
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^lindblad: error: --emitters:/);
});

test('the memory check counts the zero-charge sector exactly', () => {
  for (const [n, c] of [[1, 1], [2, 4], [5, 3], [12, 8], [13, 2]]) assert.equal(zeroChargeSize(n, c), new DickeSector(new DickeBasis(n, c)).size);
});
