/**
 * Command-line messages from session 29 (real processes of the built CLI, bin/lindblad.mjs; `npm run build`
 * first):
 *  - a JSON numeral that overflows (1e400 is Infinity after JSON.parse) is reported as Infinity, not "null"
 *    (JSON.stringify's rendering of it), in parameters, tables and periods;
 *  - a time span too long to integrate names the option the user gave: --t-max (evolve), --period (periodic);
 *  - a sweep over a model beyond double precision (H = 1e308) is a one-line error naming the point, exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lindblad-fixes29-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const file = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
const qubit = (extra: string) => `{"dims":[2],${extra}"hamiltonian":{"matrix":[[0,1],[1,0]]},"channels":[{"operator":{"matrix":[[0,1],[0,0]]},"rate":1}]}`;

test('an overflowing JSON numeral is reported as Infinity, not null', () => {
  const p = run(['steady', file('p.json', qubit('"parameters":{"a":1e400},'))]);
  assert.deepEqual([p.code, p.err], [2, 'lindblad: error: parameters.a: expected a finite number, got Infinity\n']);
  const table = file('t.json', '{"dims":[2],"hamiltonian":{"matrix":[[0,1],[1,0]]},"drives":[{"operator":{"matrix":[[1,0],[0,-1]]},"coefficient":{"table":{"t":[0,1e400],"values":[0,1]}}}]}');
  const t = run(['evolve', table, '--t-max', '1']);
  assert.equal(t.code, 2);
  assert.match(t.err, /^lindblad: error: drives\[0\]\.coefficient\.table\.t\[1\]: expected a finite number, got Infinity\n$/);
});

test('a span too long to integrate names --t-max (evolve) and --period (periodic)', () => {
  const rabi = new URL('../../examples/rabi-qubit.json', import.meta.url).pathname;
  const e = run(['evolve', rabi, '--t-max', '1e15', '--steps', '3']);
  assert.equal(e.code, 2);
  assert.match(e.err, /^lindblad: error: --t-max: [^\n]*shorten the time span\n$/);
  const p = run(['periodic', rabi, '--period', '1e300']);
  assert.equal(p.code, 2);
  assert.match(p.err, /^lindblad: error: --period: [^\n]*shorten the time span\n$/);
});

test('a sweep over a model beyond double precision (H = 1e308) ends with one line naming the point, exit 2', () => {
  const huge = file('huge.json', '{"dims":[2],"hamiltonian":{"matrix":[[0,1e308],[1e308,0]]},"channels":[{"operator":{"matrix":[[0,1],[0,0]]},"rate":1,"label":"down"}]}');
  const r = run(['sweep', huge, '--rate.down', '1:2:3', '--progress', 'none']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /^lindblad: error: model: [^\n]+ \(at sweep point 0: hamiltonian-scale = 1, rate\.down = 1\)\n$/);
});
