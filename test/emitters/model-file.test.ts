/**
 * Issue 13's "N = 3, 4, 5: equal to the same physics written as a tensor-product model file": the N-emitter
 * cavity written as JSON model-file text (2^N qubit states ⊗ Fock; J⁻ as a sum of σ⁻_i, a thermal cavity as
 * loss and gain channels), read by the model-file parser, solved by the generic steady-state route, against
 * the Dicke-block route: ⟨J_z⟩, ⟨J⁺J⁻⟩, ⟨a†a⟩, the pair state and its concurrence, heat currents, to 1e-10.
 * Also the shipped examples/three-emitters-cavity.json against emittersInCavity with its parameters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseModelText } from '../../src/io/model-file.ts';
import {
  steadyState, expectation, partialTrace, concurrence, heatCurrents, op, emittersInCavity, emitterMoments, pairState, pairConcurrence,
  emittersHeatCurrents, type LindbladModel, type EmittersInCavityParams,
} from '../../src/index.ts';
import { assertUniqueStatus } from '../certified-status.ts';

type P = Required<Pick<EmittersInCavityParams, 'emitters' | 'kappa' | 'gamma' | 'pump' | 'dephasing' | 'collectiveDecay' | 'cavityThermal' | 'cutoff'>>;

/** The model file of the physics of model/emitters-cavity.ts (g = 1, ω0 = 1000), as a user would write it. */
function modelFileText(p: P): string {
  const q = Array.from({ length: p.emitters }, (_, i) => `q${i + 1}`);
  const jMinus = { sum: q.map((n) => `${n}.sigma_minus`) };
  const nth = p.cavityThermal;
  return JSON.stringify({
    subsystems: { ...Object.fromEntries(q.map((n) => [n, 'qubit'])), cav: { kind: 'fock', cutoff: p.cutoff } },
    hamiltonian: { sum: q.flatMap((n) => [{ product: [`${n}.sigma_plus`, 'cav.a'] }, { product: [`${n}.sigma_minus`, 'cav.a_dag'] }]) },
    bareHamiltonian: { scale: 1000, of: { sum: [...q.map((n) => `${n}.n`), 'cav.n'] } },
    referenceEnergy: 1000,
    channels: [
      ...q.map((n) => ({ label: `pump ${n}`, bath: 'pump', rate: p.pump, operator: `${n}.sigma_plus` })),
      ...q.map((n) => ({ label: `decay ${n}`, bath: 'emitters', rate: p.gamma, operator: `${n}.sigma_minus` })),
      ...q.map((n) => ({ label: `dephasing ${n}`, bath: 'dephasing', rate: p.dephasing, operator: `${n}.sigma_z` })),
      { label: 'collective decay', bath: 'emitters', rate: p.collectiveDecay, operator: jMinus },
      { label: 'cavity loss', bath: 'cavity', rate: p.kappa * (nth + 1), operator: 'cav.a' },
      { label: 'cavity gain', bath: 'cavity', rate: p.kappa * nth, operator: 'cav.a_dag' },
    ],
    baths: { pump: { beta: '-inf' }, emitters: { beta: 'inf' }, cavity: { beta: nth > 0 ? Math.log1p(1 / nth) : 'inf' }, dephasing: { beta: null } },
  });
}

/** Largest difference between the file model's generic steady state and the Dicke-block one. */
function compare(file: LindbladModel, p: EmittersInCavityParams): number {
  const rho = steadyState(file).rho, sp = file.space, N = p.emitters;
  const names = Array.from({ length: N }, (_, i) => `q${i + 1}`);
  const jMinus = names.map((n) => op(sp, n, 'sigma_minus')).reduce((s, x) => s.plus(x));
  const jz = names.map((n) => op(sp, n, 'sigma_z')).reduce((s, x) => s.plus(x)).scale(0.5);
  const a = op(sp, 'cav', 'a');
  const ex = (o: typeof a) => expectation(o.matrix.toDense(), rho)[0];
  const model = emittersInCavity(p), r = steadyState(model);
  assertUniqueStatus(r.certificate);
  const m = emitterMoments(r.state), pair = pairState(r.state), ref = partialTrace(sp, rho, ['q1', 'q2']);
  const diffs = [m.jz - ex(jz), m.jPlusJMinus - ex(jMinus.dag().times(jMinus)), m.meanPhotons - ex(a.dag().times(a)), pairConcurrence(r.state) - concurrence(ref)];
  for (let i = 0; i < 4; i++) for (let k = 0; k < 4; k++) diffs.push(pair.re(i, k) - ref.re(i, k), pair.im(i, k) - ref.im(i, k));
  const h = emittersHeatCurrents(model, r.state), hr = heatCurrents(file, rho);
  for (const b of ['pump', 'emitters', 'cavity'] as const) diffs.push((h[b] - hr[b]) / 1000);
  return Math.max(...diffs.map(Math.abs));
}

test('N = 3, 4, 5 written as a tensor-product model file equal the Dicke-block route to 1e-10', (t) => {
  const cases: P[] = [
    { emitters: 3, kappa: 2.33, gamma: 1e-3, pump: 5e-3, dephasing: 0, collectiveDecay: 0, cavityThermal: 0, cutoff: 4 },
    { emitters: 4, kappa: 0.7, gamma: 0.05, pump: 0.3, dephasing: 0.04, collectiveDecay: 0.02, cavityThermal: 0.3, cutoff: 3 },
    { emitters: 5, kappa: 1.9, gamma: 0.02, pump: 0.1, dephasing: 0.01, collectiveDecay: 0, cavityThermal: 0.1, cutoff: 2 },
  ];
  let worst = 0;
  for (const p of cases) {
    const d = compare(parseModelText(modelFileText(p), `N = ${p.emitters}`), p);
    worst = Math.max(worst, d);
    assert.ok(d <= 1e-10, `N = ${p.emitters}: differs by ${d}`);
  }
  t.diagnostic(`largest difference ${worst.toExponential(2)}`);
});

test('examples/three-emitters-cavity.json equals emittersInCavity({ emitters: 3, κ = 2.33, γ = 1e-3, p = 5e-3, cutoff 4 })', () => {
  const file = parseModelText(readFileSync(new URL('../../examples/three-emitters-cavity.json', import.meta.url), 'utf8'), 'example');
  assert.ok(compare(file, { emitters: 3, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 4 }) <= 1e-10);
});
