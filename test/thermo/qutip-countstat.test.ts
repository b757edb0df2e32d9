/**
 * Mean currents and zero-frequency noise against QuTiP 4.7.1's countstat_current_noise on the same jump
 * operators (numbers produced by bench/qutip/countstat.py, committed as data/countstat-qutip.json). For
 * weights w: mean = Σ_k w_k I_k, noise = Σ_kl w_k w_l S_kl. Tolerance 1e-8 relative to the case's scale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import type { LindbladModel } from '../../src/model/model.ts';
import { TiltedSystem, cumulants } from '../../src/thermo/counting.ts';

interface Case { model: string; params: Record<string, number>; current: number[]; noise: number[][] }
const data = JSON.parse(readFileSync(new URL('./data/countstat-qutip.json', import.meta.url), 'utf8')) as { qutip: string; cases: Case[] };

function build(c: Case): LindbladModel {
  const p = c.params;
  if (c.model === 'diamond') return diamondModel({ betaA: p.betaA, betaS: p.betaS, basis: 'product' }).model;
  if (c.model === 'cavity') return cavityModel({ g: p.g, kappa: p.kappa, gamma: p.gamma, pump: p.pump, cutoff: p.cutoff }).model;
  if (c.model === 'driven-qubit') {
    const sp = space({ q: qubit() });
    const h = op(sp, 'q', 'n').scale(p.delta).plus(op(sp, 'q', 'sigma_x').scale(p.omega / 2));
    return lindbladModel(sp, { hamiltonian: h, channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: p.gamma * (p.nbar + 1) },
      { operator: op(sp, 'q', 'sigma_plus'), rate: p.gamma * p.nbar },
    ] });
  }
  throw new Error(`unknown case ${c.model}`);
}

test(`mean and noise equal QuTiP ${data.qutip} countstat_current_noise to 1e-8`, () => {
  assert.ok(data.cases.length >= 4);
  for (const c of data.cases) {
    const model = build(c), k = c.current.length;
    assert.equal(model.channels.length, k);
    const scale = Math.max(...c.current.map(Math.abs));
    const weightSets: number[][] = [];
    for (let i = 0; i < k; i++) weightSets.push(Array.from({ length: k }, (_, j) => (j === i ? 1 : 0)));
    for (let i = 0; i + 1 < k; i++) weightSets.push(Array.from({ length: k }, (_, j) => (j === i ? 1 : j === i + 1 ? -0.7 : 0)));
    weightSets.push(Array.from({ length: k }, (_, j) => 0.3 + 0.5 * j));
    for (const w of weightSets) {
      const r = cumulants(new TiltedSystem(model, { kind: 'weights', weights: w }), 2);
      let mean = 0, noise = 0;
      for (let i = 0; i < k; i++) {
        mean += w[i] * c.current[i];
        for (let j = 0; j < k; j++) noise += w[i] * w[j] * c.noise[i][j];
      }
      const tag = `${c.model} ${JSON.stringify(c.params)} w=${w}`;
      assert.ok(Math.abs(r.cumulants[0] - mean) <= 1e-8 * scale, `${tag}: mean ${r.cumulants[0]} vs QuTiP ${mean}`);
      assert.ok(Math.abs(r.cumulants[1] - noise) <= 1e-8 * scale, `${tag}: noise ${r.cumulants[1]} vs QuTiP ${noise}`);
    }
  }
});
