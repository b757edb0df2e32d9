/**
 * Entropy production does not depend on the units: the same qubit with energies and rates scaled by s
 * (and ω_ref = s, so that β is unit-free) has Ṡ ∝ s for finite β, Ṡ = +∞ with a β = −∞ pump into a β = +∞
 * sink, 'unsupported' when a non-thermal bath exchanges heat, and 0 when nothing flows. Before, a current
 * below 1e-13 (absolute) counted as zero: at s = 1e-7 (Q̇ = ±1.9e-15) Ṡ came out 0 in both infinite cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { entropyProduction, heatCurrents } from '../../src/thermo/heat.ts';

const sp = space({ q: qubit() });
function qubitBetween(s: number, hot: number | null, cold: number | null, pump = 0.3) {
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(s), referenceEnergy: s,
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.5 * s, bath: 'cold' }, { operator: op(sp, 'q', 'sigma_plus'), rate: pump * s, bath: 'hot' }],
    baths: { cold: { beta: cold }, hot: { beta: hot } },
  });
}
const sdot = (m: ReturnType<typeof qubitBetween>) => entropyProduction(m, steadyState(m).rho).rate;

test('entropy production in any units: Ṡ ∝ s for finite β; +∞ for a β = −∞ pump into a β = +∞ sink; refused for a non-thermal bath that exchanges heat', () => {
  const scales = [1e4, 1, 1e-4, 1e-8, 1e-12];
  const reference = sdot(qubitBetween(1, 0.5, 2));
  // Q̇_hot = −Q̇_cold = ω·γ↑γ↓/(γ↑ + γ↓) = 0.1875 at s = 1; Ṡ = (β_c − β_h)·0.1875 = 0.28125 ≥ 0
  assert.ok(Math.abs(reference - 0.28125) <= 1e-15, `Ṡ = ${reference}`);
  for (const s of scales) {
    const m = qubitBetween(s, 0.5, 2);
    const q = heatCurrents(m, steadyState(m).rho);
    assert.ok(Math.abs(q.hot / (s * s) - 0.1875) <= 1e-14, `s = ${s}: Q̇_hot = ${q.hot}`);
    assert.ok(Math.abs(sdot(m) / s - reference) <= 1e-14 * reference, `s = ${s}: Ṡ/s = ${sdot(m) / s}`);
    assert.equal(sdot(qubitBetween(s, -Infinity, Infinity)), Infinity, `s = ${s}`);
    assert.throws(() => sdot(qubitBetween(s, null, Infinity)), { code: 'unsupported' }, `s = ${s}`);
    // nothing pumped: the qubit sits in its ground state, no heat flows, and a β = +∞ sink adds nothing
    assert.equal(sdot(qubitBetween(s, null, Infinity, 0)), 0, `s = ${s}`);
  }
});
