/**
 * Model-file sweeps: what --hamiltonian-scale does to the energy H0 that heat currents use, and which
 * channels a --rate.<key> sets. References are independent: the library's heatCurrents on a model parsed
 * from a file with H (and H0) written out scaled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standardOutput, sweep } from '../../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../../src/sweep/families.ts';
import { parseModelText } from '../../src/io/model-file.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatCurrentErrors, heatCurrents } from '../../src/thermo/heat.ts';
import { readFileSync } from 'node:fs';
import { serializeModel, deserializeModel } from '../../src/model/serialize.ts';
import { LindbladError } from '../../src/errors.ts';

/** Two coupled qubits, each with a hot and a cold channel; H (and optionally H0) scaled by s. */
function twoQubits(s: number, bare: 'none' | 'explicit'): string {
  const h = `{ "sum": [ { "scale": ${1.0 * s}, "of": "a.n" }, { "scale": ${1.3 * s}, "of": "b.n" },
    { "scale": ${0.4 * s}, "of": { "product": ["a.sigma_plus", "b.sigma_minus"] } }, { "scale": ${0.4 * s}, "of": { "product": ["a.sigma_minus", "b.sigma_plus"] } } ] }`;
  return `{ "subsystems": { "a": "qubit", "b": "qubit" },
    "hamiltonian": ${h},
    ${bare === 'explicit' ? '"bareHamiltonian": { "sum": [ { "scale": 1.0, "of": "a.n" }, { "scale": 1.3, "of": "b.n" } ] },' : ''}
    "channels": [
      { "operator": "a.sigma_minus", "rate": 0.7, "bath": "hot", "label": "a down" },
      { "operator": "a.sigma_plus", "rate": 0.2, "bath": "hot", "label": "a up" },
      { "operator": "b.sigma_minus", "rate": 0.9, "bath": "cold", "label": "b down" },
      { "operator": "b.sigma_plus", "rate": 0.05, "bath": "cold", "label": "b up" } ],
    "baths": { "hot": { "beta": 0.3 }, "cold": { "beta": 2 } } }`;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

for (const bare of ['none', 'explicit'] as const) {
  test(`--hamiltonian-scale: heat and entropy production equal the model written out scaled (bareHamiltonian ${bare})`, () => {
    const scales = [1, 2.5, -0.5, 1e-3];
    const rows = scales.flatMap((s) => sweep(sweepSpecFrom({ model: 'file', fileText: twoQubits(1, bare), args: { 'hamiltonian-scale': String(s), 'rate.a_up': '0.2:0.6:2' } })));
    assert.equal(rows.length, 2 * scales.length);
    for (const row of rows) {
      const s = row.params['hamiltonian-scale'];
      const text = twoQubits(s, bare).replace('"rate": 0.2', `"rate": ${row.params['rate.a_up']}`);
      const m = parseModelText(text, 'scaled.json');
      const rho = steadyState(m).rho;
      const q = heatCurrents(m, rho);
      close(row.values['heat.hot'] as number, q.hot, `heat.hot at s = ${s}`);
      close(row.values['heat.cold'] as number, q.cold, `heat.cold at s = ${s}`);
      close(row.values.entropyProduction as number, entropyProduction(m, rho).rate, `Ṡ at s = ${s}`);
      // energy balance of the steady state: Q̇_hot + Q̇_cold = 0 when H0 = H (it is not a check when H0 ≠ H)
      if (bare === 'none') close(q.hot + q.cold, 0, 'energy balance');
    }
    if (bare === 'none') {
      // without an explicit H0, scaling H scales the currents: rows at s and 1 (same rate) differ by s
      for (const r of rows.filter((x) => Math.abs(x.params["hamiltonian-scale"]) >= 0.5)) assert.ok(Math.abs(r.values["heat.hot"] as number) > 1e-6 * Math.abs(r.params["hamiltonian-scale"]), `a current to compare: ${JSON.stringify(r)}`);
    }
  });
}

test('a model whose H0 follows H keeps following it through with() and serialization; an explicit H0 stays', () => {
  const follows = parseModelText(twoQubits(1, 'none'), 'a.json'), fixed = parseModelText(twoQubits(1, 'explicit'), 'b.json');
  assert.equal(follows.bareFollowsHamiltonian, true);
  assert.equal(fixed.bareFollowsHamiltonian, false);
  const h2 = follows.hamiltonian.scale(2);
  assert.equal(follows.with({ hamiltonian: h2 }).bareHamiltonian, h2);
  assert.equal(fixed.with({ hamiltonian: h2 }).bareHamiltonian, fixed.bareHamiltonian);
  assert.equal(follows.with({ hamiltonian: h2, bareHamiltonian: follows.bareHamiltonian }).bareFollowsHamiltonian, false);
  assert.equal(deserializeModel(structuredClone(serializeModel(follows))).bareFollowsHamiltonian, true);
  assert.equal(deserializeModel(structuredClone(serializeModel(fixed))).bareFollowsHamiltonian, false);
});

function threeChannels(labels: [string, string, string]): string {
  return `{ "dims": [3], "hamiltonian": { "matrix": [[0, [0.2,0], 0], [[0.2,0], 1, [0.1,0]], [0, [0.1,0], 2]] },
    "channels": [
      { "operator": { "matrix": [[0,1,0],[0,0,0],[0,0,0]] }, "rate": 0.3, "label": ${JSON.stringify(labels[0])} },
      { "operator": { "matrix": [[0,0,0],[0,0,1],[0,0,0]] }, "rate": 0.4, "label": ${JSON.stringify(labels[1])} },
      { "operator": { "matrix": [[0,0,0],[0,0,0],[1,0,0]] }, "rate": 0.05, "label": ${JSON.stringify(labels[2])} } ] }`;
}

function fieldOf(f: () => unknown): string {
  try { f(); } catch (e) { assert.ok(e instanceof LindbladError, String(e)); return `${e.code} ${e.field}`; }
  assert.fail('expected an error');
}

test('--rate.<key> that names two channels by different means is an error; one meaning sets one channel', () => {
  const spec = (labels: [string, string, string], args: Record<string, string>) => () => sweepSpecFrom({ model: 'file', fileText: threeChannels(labels), args });
  // label "1" on channel 0, and index 1 (another channel): ambiguous
  assert.equal(fieldOf(spec(['1', 'x', 'y'], { 'rate.1': '0.2' })), 'invalid-input --rate.1');
  // two labels that read alike after non-alphanumerics become "_"
  assert.equal(fieldOf(spec(['a b', 'a-b', 'y'], { 'rate.a_b': '0.2' })), 'invalid-input --rate.a_b');
  // channel 1 labelled "1": label and index agree
  const ok = (labels: [string, string, string], key: string, changed: number) => {
    const base = sweep(sweepSpecFrom({ model: 'file', fileText: threeChannels(labels), args: {} }))[0];
    const row = sweep(sweepSpecFrom({ model: 'file', fileText: threeChannels(labels), args: { [`rate.${key}`]: '0.2' } }))[0];
    // independent reference: the file with that one rate written
    const rates = [0.3, 0.4, 0.05]; rates[changed] = 0.2;
    const text = threeChannels(labels).replace('"rate": 0.3', `"rate": ${rates[0]}`).replace('"rate": 0.4', `"rate": ${rates[1]}`).replace('"rate": 0.05', `"rate": ${rates[2]}`);
    const rho = steadyState(parseModelText(text, 'ref.json')).rho;
    for (let k = 0; k < 3; k++) close(row.values[`population.${k}`] as number, rho.re(k, k), `population.${k} with --rate.${key}`);
    assert.notEqual(row.values['population.0'], base.values['population.0']);
  };
  ok(['p', '1', 'y'], '1', 1);
  ok(['p', 'x', 'y'], '2', 2);
  ok(['a b', 'x', 'y'], 'a_b', 0);
  ok(['0', 'x', 'y'], '0', 0);
});

test('model-file sweeps state the heat currents\' and Ṡ\'s errors (heatError.<bath>, entropyProductionError): they cover the 40-digit reference where currents cancel', () => {
  const data = JSON.parse(readFileSync(new URL('../thermo/data/heat-cancellation.json', import.meta.url), 'utf8')) as { model: unknown; heat: { b0: number }; entropyProduction: number };
  const fileText = JSON.stringify(data.model);
  const [row] = sweep(sweepSpecFrom({ model: 'file', fileText, args: { 'hamiltonian-scale': '1' } }));
  const v = row.values as Record<string, number>;
  const dq = Math.abs(v['heat.b0'] - data.heat.b0), ds = Math.abs(v.entropyProduction - data.entropyProduction);
  assert.ok(dq > 1e-10, `the case still cancels (error ${dq})`);
  assert.ok(dq <= v['heatError.b0'], `Q̇ error ${dq} beyond the stated ${v['heatError.b0']}`);
  assert.ok(ds <= v.entropyProductionError, `Ṡ error ${ds} beyond the stated ${v.entropyProductionError}`);
  // the same bounds as the library's for the model and state of the point
  const m = parseModelText(fileText), r = steadyState(m);
  const lib = heatCurrentErrors(m, r.rho, r.certificate.conditioning!).b0;
  assert.ok(Math.abs(v['heatError.b0'] - lib) <= 1e-12 * lib, `${v['heatError.b0']} vs the library's ${lib}`);
  // a plain model: columns beside each current, bounds small against the currents
  const [plain] = sweep(sweepSpecFrom({ model: 'file', fileText: twoQubits(1, 'none'), args: { 'hamiltonian-scale': '1' } }));
  const names = Object.keys(plain.values);
  assert.deepEqual(names.filter((n) => /^heat|^entropy/.test(n)), ['heat.hot', 'heatError.hot', 'heat.cold', 'heatError.cold', 'entropyProduction', 'entropyProductionError']);
  for (const b of ['hot', 'cold']) {
    const e = plain.values[`heatError.${b}`] as number;
    assert.ok(e > 0 && e < 1e-12 * Math.abs(plain.values[`heat.${b}`] as number) + 1e-14, `heatError.${b} = ${e}`);
  }
});

test('an error column is defined where its value is: Ṡ\'s error needs thermal baths, a current\'s error at most one infinitely fast bath (each refused as the value is)', () => {
  const refusal = (fileText: string, output: string) => {
    try {
      sweep({ ...sweepSpecFrom({ model: 'file', fileText, args: { 'hamiltonian-scale': '1' } }), outputs: [standardOutput(output)] });
    } catch (e) {
      assert.ok(e instanceof LindbladError, String(e));
      return `${e.field}: ${e.message.replace(/ \(at sweep point.*$/, '')}`;
    }
    return 'no error';
  };
  const nonThermal = JSON.stringify({ subsystems: { q: 'qubit' }, hamiltonian: 'q.n', channels: [{ operator: 'q.sigma_minus', rate: 0.5 }, { operator: 'q.sigma_plus', rate: 0.3 }] });
  assert.match(refusal(nonThermal, 'entropyProduction'), /inverse temperature/);
  assert.equal(refusal(nonThermal, 'entropyProductionError'), refusal(nonThermal, 'entropyProduction'));
  const twoFast = JSON.stringify({
    subsystems: { a: 'qubit', b: 'qubit' }, hamiltonian: { sum: ['a.n', 'b.n', { product: ['a.sigma_plus', 'b.sigma_minus'] }, { product: ['a.sigma_minus', 'b.sigma_plus'] }] },
    channels: [{ operator: 'a.sigma_minus', rate: 'inf', bath: 'x' }, { operator: 'b.sigma_minus', rate: 'inf', bath: 'y' }, { operator: 'a.sigma_plus', rate: 0.3, bath: 'z' }],
    baths: { x: { beta: 1 }, y: { beta: 1 }, z: { beta: 1 } },
  });
  assert.match(refusal(twoFast, 'heat.x'), /at most one bath with infinite rates/);
  assert.equal(refusal(twoFast, 'heatError.x'), refusal(twoFast, 'heat.x'));
  assert.equal(refusal(twoFast, 'entropyProductionError'), refusal(twoFast, 'entropyProduction'));
});
