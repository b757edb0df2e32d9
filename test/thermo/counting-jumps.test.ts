/**
 * Cross-check of the exact counting statistics with the quantum-jump engine: seeded trajectories started
 * from ρ_ss (drawn from its eigen-decomposition), the jumps of each channel counted with the field's
 * weights up to time T. From a stationary start E[N_T] = c_1 T exactly and Var(N_T) = c_2 T + b (b from
 * stationaryVarianceOffset, up to O(e^{−ΔT})). Both sample statistics must agree within 4 estimated
 * standard errors (fixed seed: the test is deterministic; 4σ leaves room for any seed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eigh } from '../../src/linalg/eigh.ts';
import type { DenseMatrix } from '../../src/linalg/dense.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { op } from '../../src/model/operator.ts';
import { space, qubit } from '../../src/model/space.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { trajectoriesSync } from '../../src/jumps/jumps.ts';
import { TiltedSystem, cumulants, stationaryVarianceOffset } from '../../src/thermo/counting.ts';
import type { CountingField } from '../../src/thermo/counting-field.ts';

function stationaryStart(rho: DenseMatrix) {
  const { values, vectors } = eigh(rho), n = rho.rows;
  const states: Float64Array[] = [], probabilities: number[] = [];
  for (let j = 0; j < n; j++) {
    const p = Math.max(values[j], 0);
    if (p === 0) continue;
    const ket = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { ket[2 * i] = vectors.re(i, j); ket[2 * i + 1] = vectors.im(i, j); }
    states.push(ket); probabilities.push(p);
  }
  const total = probabilities.reduce((a, b) => a + b);
  return { kind: 'distribution' as const, states, probabilities: probabilities.map((p) => p / total) };
}

function crossCheck(model: LindbladModel, field: CountingField, t: number, count: number, seed: number) {
  const sys = new TiltedSystem(model, field);
  const [c1, c2] = cumulants(sys, 2).cumulants;
  const b = stationaryVarianceOffset(sys);
  const run = trajectoriesSync(model, stationaryStart(sys.rho), [t], { count, seed });
  const totals = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    for (let p = run.jumps.offsets[k]; p < run.jumps.offsets[k + 1]; p++) {
      if (run.jumps.times[p] <= t) totals[k] += sys.weights[run.jumps.channels[p]];
    }
  }
  const mean = totals.reduce((a, x) => a + x, 0) / count;
  let m2 = 0, m4 = 0;
  for (const x of totals) { m2 += (x - mean) ** 2; m4 += (x - mean) ** 4; }
  const variance = m2 / (count - 1), mu4 = m4 / count;
  const seMean = Math.sqrt(variance / count), seVar = Math.sqrt(Math.max(mu4 - variance ** 2, 0) / count);
  return { mean, variance, seMean, seVar, wantMean: c1 * t, wantVar: c2 * t + b };
}

test('diamond model (negative-temperature bath): heat counted from quantum jumps agrees with c1, c2 within 4 standard errors', () => {
  const d = diamondModel({ betaA: 2, betaS: -0.5 });
  const r = crossCheck(d.model, { kind: 'heat', bath: 'S' }, 20, 400, 7);
  assert.ok(Math.abs(r.mean - r.wantMean) <= 4 * r.seMean, `mean ${r.mean} ± ${r.seMean} vs ${r.wantMean}`);
  assert.ok(Math.abs(r.variance - r.wantVar) <= 4 * r.seVar, `variance ${r.variance} ± ${r.seVar} vs ${r.wantVar}`);
});

test('coherently driven qubit: emissions counted from quantum jumps agree with c1, c2 within 4 standard errors', () => {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(0.4).plus(op(sp, 'q', 'sigma_x').scale(0.55)),
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.36 }, { operator: op(sp, 'q', 'sigma_plus'), rate: 0.06 }],
  });
  const r = crossCheck(model, { kind: 'weights', weights: [1, -0.5] }, 40, 400, 11);
  assert.ok(Math.abs(r.mean - r.wantMean) <= 4 * r.seMean, `mean ${r.mean} ± ${r.seMean} vs ${r.wantMean}`);
  assert.ok(Math.abs(r.variance - r.wantVar) <= 4 * r.seVar, `variance ${r.variance} ± ${r.seVar} vs ${r.wantVar}`);
});
