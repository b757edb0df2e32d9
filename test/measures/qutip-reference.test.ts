/**
 * Spectra and two-time correlations against QuTiP 4.7.1 on the same inputs, to 1e-7 relative: the reference
 * numbers are data (test/measures/data/qutip-correlations.json, written by bench/qutip/correlations.py),
 * so this test needs no QuTiP. Spectra: QuTiP's `spectrum(H, ω, c_ops, A†, A, solver='pi')` (exact dense
 * solves); correlations: `correlation_2op_1t(H, None, τ, c_ops, A†, A)`; g²: `coherence_function_g2`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { space, qubit } from '../../src/model/space.ts';
import { op, type Operator } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { emissionSpectrum } from '../../src/measures/spectrum.ts';
import { correlation, secondOrderCoherence } from '../../src/measures/correlations.ts';
import { cavityModel, type CavityParams } from '../../src/paper/cavity.ts';

interface Series { re: number[]; im: number[] }
interface Case {
  name: string;
  model: { cavity?: CavityParams; qubit?: { omega: number; delta: number; gamma: number } };
  omegas: number[];
  taus: number[];
  spectra: Record<string, { pi: number[]; es: number[] }>;
  correlations: Record<string, Series>;
  g2: Series;
}
const data = JSON.parse(readFileSync(new URL('./data/qutip-correlations.json', import.meta.url), 'utf8')) as { qutip: string; cases: Case[] };

function build(c: Case): { model: LindbladModel; operator: (label: string) => Operator; g2op: Operator } {
  if (c.model.cavity) {
    const { model, space: sp } = cavityModel(c.model.cavity);
    const operator = (label: string) => { const [s, name] = label.split('.'); return op(sp, s, name); };
    return { model, operator, g2op: operator('cav.a') };
  }
  const q = c.model.qubit!, sp = space({ q: qubit() }), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(q.omega / 2).plus(op(sp, 'q', 'n').scale(q.delta)), channels: [{ operator: sm, rate: q.gamma }] });
  return { model, operator: () => sm, g2op: sm };
}

/** max_k |x_k − y_k| / max_k |y_k| over complex series. */
function relativeError(x: Series, y: Series): number {
  let d = 0, s = 0;
  y.re.forEach((yr, k) => { d = Math.max(d, Math.hypot(x.re[k] - yr, x.im[k] - y.im[k])); s = Math.max(s, Math.hypot(yr, y.im[k])); });
  return d / s;
}

test(`reference data come from QuTiP ${data.qutip}`, () => assert.equal(data.qutip, '4.7.1'));

for (const c of data.cases) {
  test(`${c.name}: spectra agree with QuTiP's spectrum at every frequency to 1e-7 relative`, () => {
    const { model, operator } = build(c);
    for (const [label, ref] of Object.entries(c.spectra)) {
      const s = emissionSpectrum(model, operator(label), c.omegas).spectrum;
      s.forEach((x, k) => assert.ok(Math.abs(x - ref.pi[k]) <= 1e-7 * Math.abs(ref.pi[k]), `${label}, ω = ${c.omegas[k]}: ${x} vs QuTiP ${ref.pi[k]}`));
    }
  });

  test(`${c.name}: ⟨A†(τ)A(0)⟩ and g²(τ) agree with QuTiP's correlation_2op_1t and coherence_function_g2 to 1e-7 relative`, () => {
    const { model, operator, g2op } = build(c);
    for (const [label, ref] of Object.entries(c.correlations)) {
      const a = operator(label), got = correlation(model, a.dag(), a, c.taus);
      const e = relativeError(got, ref);
      assert.ok(e <= 1e-7, `${label}: relative error ${e}`);
    }
    const g2 = secondOrderCoherence(model, g2op, c.taus);
    const e = relativeError(g2, c.g2);
    assert.ok(e <= 1e-7, `g2: relative error ${e}`);
  });
}
