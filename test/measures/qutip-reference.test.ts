/**
 * Spectra and two-time correlations against QuTiP 4.7.1 on the same inputs, to 1e-7 relative: the reference
 * numbers are data (test/measures/data/qutip-correlations.json, written by bench/qutip/correlations.py),
 * so this test needs no QuTiP. Spectra: QuTiP's `spectrum(H, ω, c_ops, A†, A, solver='pi')` (exact dense
 * solves); correlations: `correlation_2op_1t(H, None, τ, c_ops, A†, A)`; g²: `coherence_function_g2`
 * (its G² too). Every comparison is pointwise: |x_k − y_k| ≤ 1e-7·|y_k| at every frequency and every τ
 * (plus 1e-12·max_k |y_k|, so that an exact zero — the antibunched qubit's g²(0) = 0 — is compared in
 * absolute terms). QuTiP's ODE tolerances in the script (atol 1e-14, rtol 1e-12) make its own values good
 * to ~3e-9 relative against the exact e^{Lτ}; with atol 1e-12, rtol 1e-10 its g²(τ) was off by 2.5e-7.
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
  G2: Series;
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

/** max_k |x_k − y_k| / (|y_k| + 1e-5·max_j |y_j|) over complex series: below 1e-7, every point agrees to
 * 1e-7 relative, or to 1e-12·max|y| where y_k is (close to) 0. */
function pointwiseError(x: Series, y: Series): number {
  let s = 0;
  y.re.forEach((yr, k) => { s = Math.max(s, Math.hypot(yr, y.im[k])); });
  let e = 0;
  y.re.forEach((yr, k) => { e = Math.max(e, Math.hypot(x.re[k] - yr, x.im[k] - y.im[k]) / (Math.hypot(yr, y.im[k]) + 1e-5 * s)); });
  return e;
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
      const e = pointwiseError(got, ref);
      assert.ok(e <= 1e-7, `${label}: pointwise relative error ${e}`);
    }
    const g2 = secondOrderCoherence(model, g2op, c.taus);
    const e = pointwiseError(g2, c.g2), eBig = pointwiseError(g2.unnormalised, c.G2);
    assert.ok(e <= 1e-7, `g2: pointwise relative error ${e}`);
    assert.ok(eBig <= 1e-7, `G2: pointwise relative error ${eBig}`);
  });
}
