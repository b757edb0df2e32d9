/**
 * Steady states with infinitely fast channels (rate = Infinity, steady/fast-limit.ts) against closed forms
 * of the limit and against the same models with a large finite rate Γ (the limit is reached as O(1/Γ)):
 *  - a qubit with an infinitely fast decay σ⁻ (any H, a finite pump): ρ = |0⟩⟨0|;
 *  - a three-level cascade 0 → 2 (pump p) ⇒ 2 → 1 (infinitely fast) → 0 (γ): the effective two-state process
 *    0 ⇄ 1 at rates p, γ, so ρ₁₁ = p/(p + γ), ρ₂₂ = 0;
 *  - the quantum Zeno limit: a driven qubit (H = Ω σ_x) with decay γ and infinitely fast dephasing σ_z: the
 *    drive's transfer rate 4Ω²/Γ vanishes, ρ = |0⟩⟨0|.
 * Before the null-space fix (linalg/null-space.ts orthonormalise) the first case was refused with "the fast
 * channels' stationary manifold has 1 right but 2 left null vectors".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { lindbladModel, type ChannelInput } from '../../src/model/model.ts';
import { space as makeSpace, qubit, levels } from '../../src/model/space.ts';
import { fromMatrix, op, zero, type Operator } from '../../src/model/operator.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import type { Space } from '../../src/model/space.ts';
import { readFileSync } from 'node:fs';
import { parseModelText } from '../../src/io/model-file.ts';
import { entropyProduction } from '../../src/thermo/heat.ts';

/** |i⟩⟨j| on an n-level space. */
function ketBra(sp: Space, n: number, i: number, j: number): Operator {
  const m = new DenseMatrix(n, n);
  m.set(i, j, 1, 0);
  return fromMatrix(sp, m);
}

function populations(r: ReturnType<typeof steadyState>): number[] {
  return Array.from({ length: r.rho.rows }, (_, k) => r.rho.re(k, k));
}

test('a qubit with an infinitely fast decay is in |0⟩ whatever H and a finite pump; a finite Γ = 1e9 agrees to O(p/Γ)', () => {
  const sp = makeSpace({ q: qubit() });
  for (const h of [null, 'sigma_z', 'sigma_x', 'sigma_y'] as const) {
    for (const pump of [0, 0.3]) {
      const channels = (rate: number): ChannelInput[] => [
        { operator: op(sp, 'q', 'sigma_minus'), rate },
        ...(pump > 0 ? [{ operator: op(sp, 'q', 'sigma_plus'), rate: pump }] : []),
      ];
      const hamiltonian = h === null ? zero(sp) : op(sp, 'q', h).scale(0.7);
      const limit = steadyState(lindbladModel(sp, { hamiltonian, channels: channels(Infinity) }));
      assert.equal(limit.certificate.status, 'unique', `${h}, pump ${pump}`);
      assert.ok(Math.abs(limit.rho.re(0, 0) - 1) < 1e-14 && Math.abs(limit.rho.re(1, 1)) < 1e-14, `${h}, pump ${pump}: ρ₀₀ = ${limit.rho.re(0, 0)}`);
      assert.ok(Math.hypot(limit.rho.re(0, 1), limit.rho.im(0, 1)) < 1e-14);
      const finite = steadyState(lindbladModel(sp, { hamiltonian, channels: channels(1e9) }));
      assert.ok(Math.abs(finite.rho.re(1, 1) - limit.rho.re(1, 1)) < 1e-8, `${h}, pump ${pump}: Γ = 1e9 gives ρ₁₁ = ${finite.rho.re(1, 1)}`);
    }
  }
});

test('three-level cascade with an infinitely fast middle step: ρ₁₁ = p/(p + γ), ρ₂₂ = 0; Γ = 1e8 approaches it', () => {
  const sp = makeSpace({ a: levels(3) });
  for (const [p, g] of [[1, 1], [0.2, 3], [5e-3, 1e-3]]) {
    const channels = (rate: number): ChannelInput[] => [
      { operator: ketBra(sp, 3, 2, 0), rate: p }, // pump 0 → 2
      { operator: ketBra(sp, 3, 1, 2), rate }, // 2 → 1, fast
      { operator: ketBra(sp, 3, 0, 1), rate: g }, // 1 → 0
    ];
    const hamiltonian = ketBra(sp, 3, 0, 1).plus(ketBra(sp, 3, 1, 0)).scale(0.1); // a weak coherent 0 ↔ 1 coupling
    const limit = populations(steadyState(lindbladModel(sp, { channels: channels(Infinity) })));
    assert.ok(Math.abs(limit[1] - p / (p + g)) < 1e-13 && Math.abs(limit[0] - g / (p + g)) < 1e-13 && Math.abs(limit[2]) < 1e-15, `p = ${p}, γ = ${g}: ${limit}`);
    const withH = steadyState(lindbladModel(sp, { hamiltonian, channels: channels(Infinity) }));
    assert.equal(withH.certificate.status, 'unique');
    assert.ok(Math.abs(populations(withH)[2]) < 1e-15);
    const finite = populations(steadyState(lindbladModel(sp, { channels: channels(1e8) })));
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(finite[k] - limit[k]) < 1e-6, `Γ = 1e8, level ${k}: ${finite[k]} vs ${limit[k]}`);
  }
});

test('quantum Zeno limit: infinitely fast dephasing freezes a driven, decaying qubit in |0⟩', () => {
  const sp = makeSpace({ q: qubit() });
  const omega = 0.8, gamma = 0.05;
  const model = (rate: number) => lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'sigma_x').scale(omega),
    channels: [{ operator: op(sp, 'q', 'sigma_z'), rate }, { operator: op(sp, 'q', 'sigma_minus'), rate: gamma }],
  });
  const limit = steadyState(model(Infinity));
  assert.equal(limit.certificate.status, 'unique');
  assert.ok(Math.abs(limit.rho.re(0, 0) - 1) < 1e-14, `ρ₀₀ = ${limit.rho.re(0, 0)}`);
  // finite Γ: the rate equation 0 ⇄ 1 at W = Ω²/Γ (σ_z dephasing at rate Γ damps coherences at 2Γ) plus decay γ:
  // ρ₁₁ = W/(2W + γ) → 0 as 1/Γ
  for (const big of [1e6, 1e8]) {
    const r = steadyState(model(big)).rho.re(1, 1), w = omega ** 2 / big;
    assert.ok(Math.abs(r - w / (2 * w + gamma)) < 1e-3 * w / gamma, `Γ = ${big}: ρ₁₁ = ${r}, rate equation ${w / (2 * w + gamma)}`);
  }
});

test('the infinite-rate limit\'s error bound covers the reduction (computed null spaces of the fast channels): a current beside rates over 14 decades lies within its stated bound', () => {
  const data = JSON.parse(readFileSync(new URL('./data/fast-limit-reduction.json', import.meta.url), 'utf8')) as { model: unknown; heat: { b1: number }; entropyProduction: number };
  const model = parseModelText(JSON.stringify(data.model)), r = steadyState(model);
  assert.equal(r.certificate.solver, 'dense (infinite-rate limit)');
  const delta = r.certificate.conditioning!.errorBound, ep = entropyProduction(model, r.rho, delta);
  const dq = Math.abs(ep.heatCurrents.b1 - data.heat.b1);
  assert.ok(dq > 1e-7, `the case still shows the reduction's error (${dq})`);
  // before: δ = 1.4e-14 and Q̇_b1 stated ± 1.7e-9 while off by 1.0e-5
  assert.ok(dq <= ep.errors!.heat.b1, `Q̇_b1 off by ${dq}, stated ± ${ep.errors!.heat.b1} (δ = ${delta})`);
  assert.ok(Math.abs(ep.rate - data.entropyProduction) <= ep.errors!.rate, `Ṡ ${ep.rate} vs ${data.entropyProduction} ± ${ep.errors!.rate}`);
});
