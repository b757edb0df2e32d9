/**
 * `lindblad model TARGET`: the model file of the paper's diamond and cavity models (and of a model file, written
 * back), to stdout or atomically to --out; the CLI then solves the written file as it solves the model itself.
 * Real processes of the built CLI (bin/lindblad.mjs; `npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { steadyState } from '../../src/steady/steady.ts';
import type { LindbladModel } from '../../src/model/model.ts';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'lindblad-model-cmd-'));

function sameSteadyState(file: string, model: LindbladModel, what: string): void {
  const r = run(['steady', file, '--json']);
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  const rho = (JSON.parse(r.stdout) as { rho: [number, number][][] }).rho, direct = steadyState(model).rho;
  for (let i = 0; i < rho.length; i++) for (let j = 0; j < rho.length; j++) {
    assert.ok(Math.abs(rho[i][j][0] - direct.re(i, j)) <= 1e-14 && Math.abs(rho[i][j][1] - direct.im(i, j)) <= 1e-14, `${what}: ρ_${i}${j}`);
  }
}

test('model diamond / cavity: the written file is the model (the same steady state); stdout or --out', () => {
  const d = run(['model', 'diamond', '--beta-a', '4', '--beta-s', '-inf']);
  assert.equal(d.status, 0, d.stderr);
  assert.match(JSON.parse(d.stdout).description, /diamond model: β_A = 4, β_S = -Infinity/);
  const dfile = join(dir, 'diamond.json');
  writeFileSync(dfile, d.stdout);
  sameSteadyState(dfile, diamondModel({ betaA: 4, betaS: -Infinity }).model, 'diamond');
  const cfile = join(dir, 'cavity.json');
  const c = run(['model', 'cavity', '--kappa', '2.33', '--gamma', '1e-3', '--pump', '5e-3', '--cutoff', '3', '--out', cfile]);
  assert.deepEqual([c.status, c.stdout, c.stderr], [0, '', '']);
  sameSteadyState(cfile, cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 3, frame: 'rotating' }).model, 'cavity');
  // a model file written back is the same model
  const again = run(['model', cfile]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout).channels, JSON.parse(readFileSync(cfile, 'utf8')).channels);
});

test('model: bad input is one line, exit 2, nothing written', () => {
  const cases: Array<[string[], RegExp]> = [
    [['model', 'diamond', '--beta-a', '4'], /^lindblad: error: --beta-s: required for "model diamond"\n$/],
    [['model', 'cavity', '--kappa', '1', '--gamma', '1', '--pump', '1', '--beta-a', '2'], /^lindblad: error: --beta-a: does not apply to "model cavity"\n$/],
    [['model', 'cavity', '--kappa', '1', '--gamma', '1', '--pump', '1', '--out', dir], /^lindblad: error: [^\n]*is a directory[^\n]*\n$/],
    [['model', join(dir, 'missing.json')], /^lindblad: error: [^\n]+\n$/],
  ];
  const before = readdirSync(dir).sort();
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.deepEqual(readdirSync(dir).sort(), before, 'no file written or left behind');
});
