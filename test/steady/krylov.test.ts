import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { LindbladError } from '../../src/errors.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { LiouvillianOperator } from '../../src/liouvillian/matrix-free.ts';
import { MatrixFormLiouvillian } from '../../src/liouvillian/matrix-form.ts';
import { minEigenvalueBlockwise } from '../../src/linalg/blocks.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { randomModel } from '../../src/model/random.ts';
import type { DenseMatrix } from '../../src/linalg/dense.ts';

/** ‖L vec ρ‖₂/(‖L‖_∞‖vec ρ‖₂) from the assembled Liouvillian (not the certificate, not the solver's matrix form). */
function independentResidual(model: LindbladModel, rho: DenseMatrix): number {
  const l = liouvillian(model), v = vectorize(rho);
  return norm2(l.matvec(v)) / (l.normInf() * norm2(v));
}

const krylov = { method: { kind: 'krylov' as const } };

test('matrix-form L (dense products) equals the entrywise matrix-free operator: action and exact ‖L‖_∞', () => {
  for (const [structure, dim] of [['unstructured', 9], ['local', 7]] as const) {
    const { liouvillian: lv, coefficients } = FactoredLiouvillian.fromModel(randomModel({ structure, dim, seed: 4 }), 'active');
    const mf = new MatrixFormLiouvillian(lv, coefficients), entrywise = new LiouvillianOperator(lv, coefficients);
    const x = new Float64Array(2 * dim * dim).map((_, k) => Math.sin(1.7 * k + 0.3));
    const a = mf.apply(x, new Float64Array(x.length)), b = entrywise.matvec(x);
    let d = 0, s = 0;
    for (let k = 0; k < a.length; k++) { d = Math.max(d, Math.abs(a[k] - b[k])); s = Math.max(s, Math.abs(b[k])); }
    assert.ok(d < 1e-14 * s, `${structure}: max difference ${d} (scale ${s})`);
    const na = mf.normInf(), nb = entrywise.normInf();
    assert.ok(Math.abs(na - nb) < 1e-14 * nb, `${structure}: ‖L‖_∞ ${na} vs ${nb}`);
  }
});

test('Krylov steady state of the resonantly driven, damped qubit: ρ_ee = Ω²/(γ² + 2Ω²), |ρ_eg| = Ωγ/(γ² + 2Ω²), ρ_eg imaginary', () => {
  // H = (Ω/2)σx, J = σ− (rate γ). Optical Bloch equations at resonance: ρ_ee = Ω²/(γ² + 2Ω²),
  // ρ_ge = ⟨σ+⟩ with |ρ_ge| = Ωγ/(γ² + 2Ω²) (purely imaginary).
  const sp = space({ q: qubit() });
  for (const [omega, gamma] of [[1, 1], [3, 0.2], [0.05, 2]]) {
    const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(omega / 2), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma }] });
    const r = steadyState(model, krylov), d = gamma ** 2 + 2 * omega ** 2;
    const p = [r.rho.re(0, 0), r.rho.re(1, 1)];
    const excited = Math.min(...p), coh = Math.hypot(r.rho.re(0, 1), r.rho.im(0, 1));
    assert.ok(Math.abs(excited - omega ** 2 / d) < 1e-13, `Ω=${omega} γ=${gamma}: ρ_ee ${excited} vs ${omega ** 2 / d}`);
    assert.ok(Math.abs(coh - omega * gamma / d) < 1e-13, `Ω=${omega} γ=${gamma}: |ρ_eg| ${coh} vs ${omega * gamma / d}`);
    assert.ok(Math.abs(r.rho.re(0, 1)) < 1e-13, 'coherence purely imaginary');
    assert.equal(r.certificate.method?.kind, 'krylov');
    assert.ok(independentResidual(model, r.rho) < 1e-13);
  }
});

test('Krylov steady state of pure decay (dark state, an eigenvalue of A on the imaginary axis): the shift is used and ρ = |g⟩⟨g|', () => {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.7), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 1.3 }] });
  const r = steadyState(model, krylov);
  const ground = Math.max(r.rho.re(0, 0), r.rho.re(1, 1)), excited = Math.min(r.rho.re(0, 0), r.rho.re(1, 1));
  assert.ok(Math.abs(ground - 1) < 1e-14 && Math.abs(excited) < 1e-14 && Math.hypot(r.rho.re(0, 1), r.rho.im(0, 1)) < 1e-14, `${r.rho.toRows()}`);
  assert.match(r.certificate.solver, /shift σ = /);
  assert.ok(independentResidual(model, r.rho) < 1e-14);
});

test('Krylov agrees with the direct LU on unstructured and local random models to 1e-10, with a full certificate', () => {
  for (const [structure, dim, seed] of [['unstructured', 12, 1], ['unstructured', 16, 7], ['local', 10, 2]] as const) {
    const model = randomModel({ structure, dim, seed });
    const k = steadyState(model, krylov), d = steadyState(model, { method: { kind: 'direct' } });
    const what = `${structure} n=${dim} seed=${seed}`;
    const diff = k.rho.sub(d.rho).normFrobenius();
    assert.ok(diff < 1e-10, `${what}: ‖ρ_krylov − ρ_direct‖_F = ${diff}`);
    const c = k.certificate, r = independentResidual(model, k.rho);
    assert.ok(r < 1e-12, `${what}: recomputed relative residual ${r}`);
    assert.ok(Math.abs(c.relativeResidual - r) <= 1e-2 * r + 1e-16, `${what}: certificate ${c.relativeResidual} vs recomputed ${r}`);
    assert.ok(c.traceError < 1e-14 && c.hermiticityError < 1e-10 && c.minEigenvalue > -1e-12, what);
    assert.equal(minEigenvalueBlockwise(k.rho), c.minEigenvalue);
    const eb = c.conditioning?.errorBound ?? NaN, maxDiff = Math.max(...Array.from(k.rho.sub(d.rho).data, Math.abs));
    assert.ok(c.unique && c.status === 'unique' && c.conditioning?.method === 'estimate' && maxDiff <= eb + d.certificate.conditioning!.errorBound,
      `${what}: the error estimate (${eb}) covers the difference from the direct answer (${maxDiff})`);
    assert.match(c.uniqueness.via ?? '', /numerical only/);
    assert.ok(c.uniqueness.smallestEigenvalue > 1e-3 && c.uniqueness.smallestEigenvalue <= 2, `${what}: ${c.uniqueness.smallestEigenvalue}`);
    assert.equal(d.certificate.method, undefined, `${what}: an explicit direct solve reports no choice`);
  }
});

test('Krylov detects a non-unique stationary state (pure dephasing: every diagonal ρ is stationary)', () => {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.4), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 0.5 }] });
  assert.throws(() => steadyState(model, krylov), (e: unknown) => e instanceof LindbladError && e.code === 'not-unique');
  const b = steadyState(model, { ...krylov, onDegenerate: 'basis' });
  assert.equal(b.certificate.status, 'not-unique');
  assert.equal(b.stationaryBasis?.length, 2);
});

test('method auto: dense unstructured models go to Krylov, sparse local ones and explicit direct stay direct; the reason is in the certificate', () => {
  const dense = steadyState(randomModel({ structure: 'unstructured', dim: 20, seed: 3 }));
  assert.equal(dense.certificate.method?.kind, 'krylov');
  assert.equal(dense.certificate.method?.requested, 'auto');
  assert.match(dense.certificate.method?.reason ?? '', /predicted cost of preconditioned GMRES/);
  const p = dense.certificate.method?.predicted;
  assert.ok(p && p.krylov < p.direct, JSON.stringify(p));
  const local = steadyState(randomModel({ structure: 'local', dim: 30, seed: 3 }));
  assert.equal(local.certificate.method?.kind, 'direct');
  assert.ok(local.certificate.method!.predicted!.krylov > 100 * local.certificate.method!.predicted!.direct);
  const explicit = steadyState(randomModel({ structure: 'unstructured', dim: 20, seed: 3 }), { method: { kind: 'direct' } });
  assert.equal(explicit.certificate.method, undefined);
  assert.doesNotMatch(explicit.certificate.solver, /GMRES/);
  assert.ok(explicit.rho.sub(dense.rho).normFrobenius() < 1e-10);
});

test('method auto: a model solved in a symmetry sector stays direct and says why', () => {
  const sp = space({ a: qubit(), b: qubit() });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'a', 'sigma_z').plus(op(sp, 'b', 'sigma_z').scale(0.6)),
    channels: [{ operator: op(sp, 'a', 'sigma_minus'), rate: 1 }, { operator: op(sp, 'a', 'sigma_plus'), rate: 0.3 }, { operator: op(sp, 'b', 'sigma_minus'), rate: 0.7 }, { operator: op(sp, 'b', 'sigma_plus'), rate: 0.2 }],
  });
  const r = steadyState(model);
  assert.equal(r.certificate.method?.kind, 'direct');
  assert.match(r.certificate.method?.reason ?? '', /symmetry sector/);
});

test('invalid Krylov options and unknown methods are refused with the field named', () => {
  const model = randomModel({ structure: 'unstructured', dim: 4 });
  const bad: Array<[Record<string, unknown>, string]> = [[{ tol: 0 }, 'method.tol'], [{ tol: 2 }, 'method.tol'], [{ maxIterations: 0 }, 'method.maxIterations'], [{ maxIterations: 2.5 }, 'method.maxIterations']];
  for (const [m, field] of bad) {
    assert.throws(() => steadyState(model, { method: { kind: 'krylov', ...m } as never }), (e: unknown) => e instanceof LindbladError && e.field === field, field);
  }
  assert.throws(() => steadyState(model, { method: { kind: 'lu' } as never }), (e: unknown) => e instanceof LindbladError && e.field === 'method.kind');
  assert.throws(() => steadyState(model, { method: { kind: 'krylov', maxIterations: 2 } }), (e: unknown) => e instanceof LindbladError && e.code === 'not-converged' && /direct solver/.test((e as Error).message));
});

test('method auto on the paper\'s models keeps the direct sector route: same solver and the same ρ bit for bit as { kind: \'direct\' }', async () => {
  const { cavityModel } = await import('../../src/paper/cavity.ts');
  const { diamondModel } = await import('../../src/paper/diamond.ts');
  for (const [name, model] of [['cavity 6', cavityModel({ kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 6 }).model], ['diamond', diamondModel({ betaA: 1, betaS: 2 }).model]] as const) {
    const auto = steadyState(model), direct = steadyState(model, { method: { kind: 'direct' } });
    assert.equal(auto.certificate.method?.kind, 'direct', name);
    assert.match(auto.certificate.method?.reason ?? '', /symmetry sector/, name);
    assert.equal(auto.certificate.solver, direct.certificate.solver, name);
    assert.deepEqual(auto.rho.data, direct.rho.data, name);
  }
});
