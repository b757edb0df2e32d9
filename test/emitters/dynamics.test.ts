/**
 * Evolution and spectrum of the reduced Liouvillian: the trajectory from the ground state matches the
 * tensor-product model's (N = 3), conserves the trace, stays positive and relaxes to the steady state; every
 * eigenvalue of the reduced L̄ is an eigenvalue of the tensor-product L (the zero-charge permutation-invariant
 * operators are an invariant subspace), and the gap is positive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evolve, steadyState, liouvillianGap, liouvillianSpectrum, expectation, emittersInCavity, emitterMoments, pairConcurrence,
  basisKet, ketToDensity, partialTrace, concurrence,
} from '../../src/index.ts';
import { emittersBasisState, emittersLiouvillian } from '../../src/evolve/dicke-evolve.ts';
import { eigvals } from '../../src/linalg/eig.ts';
import { tensorCavity } from './tensor-model.ts';

const p = { emitters: 3, kappa: 1.2, gamma: 0.05, pump: 0.3, dephasing: 0.04, collectiveDecay: 0.02, cutoff: 2 };

test('N = 3: ρ̄(t) from the ground state matches the tensor-product evolution (J_z, photons, pair concurrence)', () => {
  const model = emittersInCavity(p), times = [0.5, 1, 2, 5, 10];
  const r = evolve(model, emittersBasisState(model), times);
  const t = tensorCavity(p), ground = ketToDensity(basisKet(t.space, { q1: 0, q2: 0, q3: 0, cav: 0 }));
  const ref = evolve(t.model, ground, times, { keepStates: true });
  const jz = t.jz.matrix.toDense(), n = t.a.dag().times(t.a).matrix.toDense();
  times.forEach((_, k) => {
    const m = emitterMoments(r.states[k]), rho = ref.states![k];
    assert.ok(Math.abs(m.jz - expectation(jz, rho)[0]) <= 1e-7, `J_z at t = ${times[k]}`);
    assert.ok(Math.abs(m.meanPhotons - expectation(n, rho)[0]) <= 1e-7, `photons at t = ${times[k]}`);
    assert.ok(Math.abs(pairConcurrence(r.states[k]) - concurrence(partialTrace(t.space, rho, ['q1', 'q2']))) <= 1e-7);
  });
  assert.ok(r.stats.traceError <= 1e-9 && r.stats.minEigenvalue >= -1e-9);
});

test('N = 10: evolution conserves the trace, stays positive and relaxes to the steady state', () => {
  const model = emittersInCavity({ emitters: 10, kappa: 2, gamma: 0.2, pump: 0.5, cutoff: 3 });
  const r = evolve(model, emittersBasisState(model), [1, 10, 200]);
  assert.ok(r.stats.traceError <= 1e-9, `trace error ${r.stats.traceError}`);
  assert.ok(r.stats.minEigenvalue >= -1e-9);
  const ss = emitterMoments(steadyState(model).state), last = emitterMoments(r.states[2]);
  assert.ok(Math.abs(ss.jz - last.jz) <= 1e-7 && Math.abs(ss.meanPhotons - last.meanPhotons) <= 1e-7, `${last.jz} vs ${ss.jz}`);
});

test('N = 3: every eigenvalue of the reduced L̄ is one of the tensor-product L; the gap is positive', () => {
  const small = { ...p, cutoff: 1 }, model = emittersInCavity(small);
  const reduced = eigvals(emittersLiouvillian(model).matrix.toDense());
  const full = liouvillianSpectrum(tensorCavity(small).model);
  for (let k = 0; k < reduced.re.length; k++) {
    const d = Math.min(...full.map(([re, im]) => Math.hypot(re - reduced.re[k], im - reduced.im[k])));
    assert.ok(d <= 1e-9, `reduced eigenvalue ${reduced.re[k]} + ${reduced.im[k]}i not in the full spectrum (distance ${d})`);
  }
  const gap = liouvillianGap(model);
  assert.ok(gap.gap > 0 && gap.stationary === 1, JSON.stringify(gap));
  assert.ok(liouvillianGap(emittersInCavity({ emitters: 12, kappa: 1, gamma: 0.01, pump: 0.02, cutoff: 2 })).gap > 0);
});

test('N = 3 with loose dopri5 / implicit tolerances: ⟨J_z⟩ and ⟨n⟩ are within ‖O‖·errorEstimate of the exact tensor-product evolution', () => {
  const model = emittersInCavity(p), times = [1, 5, 20];
  const t = tensorCavity(p), ground = ketToDensity(basisKet(t.space, { q1: 0, q2: 0, q3: 0, cav: 0 }));
  const ref = evolve(t.model, ground, times, { keepStates: true, method: { kind: 'expm' } });
  const jz = t.jz.matrix.toDense(), n = t.a.dag().times(t.a).matrix.toDense();
  for (const method of [{ kind: 'dopri5', rtol: 1e-5, atol: 1e-7 }, { kind: 'implicit', rtol: 1e-4, atol: 1e-6 }] as const) {
    const r = evolve(model, emittersBasisState(model), times, { method });
    const est = r.stats.errorEstimate;
    assert.ok(est !== null && est > 0, `${method.kind}: no estimate`);
    let worst = 0;
    times.forEach((_, k) => {
      const m = emitterMoments(r.states[k]), rho = ref.states![k];
      worst = Math.max(worst, Math.abs(m.jz - expectation(jz, rho)[0]) / 1.5, Math.abs(m.meanPhotons - expectation(n, rho)[0]) / p.cutoff);
    });
    assert.ok(worst <= est, `${method.kind}: observable error / ‖O‖ = ${worst} > estimate ${est}`);
  }
});
