/**
 * `lindblad steady MODEL.json` states the heat currents and the entropy production with their error bounds
 * (text and --json), as the library computes them; where currents cancel (rates over 8 decades) the
 * 40-digit reference lies within the stated bounds. Real processes of the built CLI (`npm run build` first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseModelText } from '../../src/io/model-file.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatCurrentErrors } from '../../src/thermo/heat.ts';

const BIN = new URL('../../bin/lindblad.mjs', import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'lindblad-steady-heat-'));

test('steady --json: heat currents and Ṡ with bounds equal to the library\'s, covering the 40-digit reference where currents cancel', () => {
  const data = JSON.parse(readFileSync(new URL('../thermo/data/heat-cancellation.json', import.meta.url), 'utf8')) as { model: unknown; heat: { b0: number }; entropyProduction: number };
  const file = join(dir, 'cancel.json');
  writeFileSync(file, JSON.stringify(data.model));
  const r = run(['steady', file, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as { heatCurrents: Record<string, number>; heatCurrentErrors: Record<string, number>; entropyProduction: number; entropyProductionError: number };
  assert.ok(Math.abs(o.heatCurrents.b0 - data.heat.b0) <= o.heatCurrentErrors.b0, `Q̇ ${o.heatCurrents.b0} vs ${data.heat.b0} ± ${o.heatCurrentErrors.b0}`);
  assert.ok(Math.abs(o.entropyProduction - data.entropyProduction) <= o.entropyProductionError, `Ṡ ${o.entropyProduction} vs ${data.entropyProduction} ± ${o.entropyProductionError}`);
  const model = parseModelText(JSON.stringify(data.model)), s = steadyState(model), delta = s.certificate.conditioning!;
  const ep = entropyProduction(model, s.rho, delta);
  assert.deepEqual(o.heatCurrents, ep.heatCurrents);
  assert.deepEqual(o.heatCurrentErrors, heatCurrentErrors(model, s.rho, delta));
  assert.equal(o.entropyProduction, ep.rate);
  assert.equal(o.entropyProductionError, ep.errors!.rate);
});

test('steady (text): one line per bath with ±, Ṡ when every bath has a β; channels without a bath have their own; not defined with two infinitely fast baths', () => {
  const two = JSON.stringify({
    subsystems: { q: 'qubit' }, hamiltonian: 'q.n',
    channels: [{ operator: 'q.sigma_minus', rate: 0.5, bath: 'cold' }, { operator: 'q.sigma_plus', rate: 0.3, bath: 'hot' }],
    baths: { cold: { beta: 2 }, hot: { beta: null } },
  });
  writeFileSync(join(dir, 'two.json'), two);
  let r = run(['steady', join(dir, 'two.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^heat currents Q̇ = Tr\{H0 L_bath\(ρ\)\}, into the system/m);
  assert.match(r.stdout, /^ {2}cold +-?\d\.\d{10}e[+-]\d+ ± \d\.\de[+-]\d+$/m);
  assert.match(r.stdout, /^ {2}hot +-?\d\.\d{10}e[+-]\d+ ± \d\.\de[+-]\d+$/m);
  assert.match(r.stdout, /^entropy production: not defined \(.*inverse temperature.*\)$/m, 'a non-thermal bath that exchanges heat: Ṡ is not defined, and the output says why');
  const thermal = two.replace('"beta":null', '"beta":-1');
  writeFileSync(join(dir, 'thermal.json'), thermal);
  r = run(['steady', join(dir, 'thermal.json')]);
  assert.match(r.stdout, /^entropy production Ṡ = \d\.\d{10}e[+-]\d+ ± \d\.\de[+-]\d+$/m);
  // two baths at β = +∞, one absorbing and one emitting: Ṡ = +∞ − ∞ is undefined; the state and currents are still shown
  writeFileSync(join(dir, 'undef.json'), JSON.stringify({ subsystems: { q: 'qubit' }, hamiltonian: 'q.n',
    channels: [{ operator: 'q.sigma_plus', rate: 1, bath: 'A' }, { operator: 'q.sigma_minus', rate: 1, bath: 'B' }], baths: { A: { beta: 'inf' }, B: { beta: 'inf' } } }));
  r = run(['steady', join(dir, 'undef.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}A +5\.0{10}e-1 ± /m);
  assert.match(r.stdout, /^entropy production: not defined \(.*undefined.*\)$/m);
  const u = JSON.parse(run(['steady', join(dir, 'undef.json'), '--json']).stdout);
  assert.equal(u.heatCurrents.A, 0.5);
  assert.ok(!('entropyProduction' in u));
  // channels without a bath each form their own (non-thermal) bath
  writeFileSync(join(dir, 'nobath.json'), JSON.stringify({ subsystems: { q: 'qubit' }, hamiltonian: 'q.n', channels: [{ operator: 'q.sigma_minus', rate: 0.5 }, { operator: 'q.sigma_plus', rate: 0.3 }] }));
  const o = JSON.parse(run(['steady', join(dir, 'nobath.json'), '--json']).stdout);
  assert.deepEqual(Object.keys(o.heatCurrents), ['channel0', 'channel1']);
  assert.ok(!('entropyProduction' in o));
  // two infinitely fast baths: the currents are not defined, and the output says so (the solve is still shown)
  writeFileSync(join(dir, 'inf.json'), JSON.stringify({
    subsystems: { a: 'qubit', b: 'qubit' }, hamiltonian: { sum: ['a.n', 'b.n', { product: ['a.sigma_plus', 'b.sigma_minus'] }, { product: ['a.sigma_minus', 'b.sigma_plus'] }] },
    channels: [{ operator: 'a.sigma_minus', rate: 'inf', bath: 'x' }, { operator: 'b.sigma_minus', rate: 'inf', bath: 'y' }, { operator: 'a.sigma_plus', rate: 0.3, bath: 'z' }],
    baths: { x: { beta: 1 }, y: { beta: 1 }, z: { beta: 1 } },
  }));
  r = run(['steady', join(dir, 'inf.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^heat currents: not defined \(channels: heat currents need at most one bath with infinite rates \(found x, y\)\)$/m);
});
