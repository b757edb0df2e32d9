/**
 * evolve's { kind: 'krylov' } method (Arnoldi exponential action, requested explicitly): closed form of a
 * damped precessing qubit, agreement with the dense exponential on random models and on the N-emitter
 * model, its tolerance, and the refusals (rtol/atol, time-dependent models, a bad tol), library and CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../../src/index.ts';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/lindblad.cjs', import.meta.url));

function maxDiff(a: L.EvolveResult, b: L.EvolveResult): number {
  let d = 0;
  a.states!.forEach((s, k) => {
    const t = b.states![k]!;
    for (let i = 0; i < s.rows; i++) for (let j = 0; j < s.cols; j++) d = Math.max(d, Math.abs(s.re(i, j) - t.re(i, j)), Math.abs(s.im(i, j) - t.im(i, j)));
  });
  return d;
}

test('krylov: a damped precessing qubit follows the closed form ρ11 = ½e^{−γt}, ρ10 = ½e^{−(γ/2 + iω)t}', () => {
  const sp = L.space({ q: L.qubit() }), omega = 3, gamma = 0.7;
  const model = L.lindbladModel(sp, { hamiltonian: L.op(sp, 'q', 'n').scale(omega), channels: [{ operator: L.op(sp, 'q', 'sigma_minus'), rate: gamma }] });
  const plus = new Float64Array([Math.SQRT1_2, 0, Math.SQRT1_2, 0]);
  const ts = Array.from({ length: 41 }, (_, k) => k * 0.25);
  const r = L.evolve(model, L.ketToDensity(plus), ts, { method: { kind: 'krylov' } });
  assert.equal(r.stats.method, 'krylov');
  assert.equal(r.stats.requested, 'krylov');
  ts.forEach((t, k) => {
    const s = r.states![k]!, decay = Math.exp(-gamma * t / 2) / 2;
    assert.ok(Math.abs(s.re(1, 1) - Math.exp(-gamma * t) / 2) < 1e-11, `ρ11 at t = ${t}`);
    assert.ok(Math.abs(s.re(1, 0) - decay * Math.cos(omega * t)) < 1e-11, `Re ρ10 at t = ${t}`);
    assert.ok(Math.abs(s.im(1, 0) + decay * Math.sin(omega * t)) < 1e-11, `Im ρ10 at t = ${t}`);
    assert.ok(Math.abs(s.re(0, 0) + s.re(1, 1) - 1) < 1e-12, `trace at t = ${t}`);
  });
});

test('krylov equals the dense exponential on random models and on the N-emitter model; a looser tol takes fewer segments', () => {
  for (const seed of [1, 2, 3]) {
    const m = L.randomModel({ structure: 'unstructured', dim: 12, seed });
    const rho0 = L.ketToDensity(L.basisKet(m.space));
    const ts = Array.from({ length: 21 }, (_, k) => k * 0.5);
    const kry = L.evolve(m, rho0, ts, { method: { kind: 'krylov' } }), ex = L.evolve(m, rho0, ts, { method: { kind: 'expm' } });
    assert.ok(maxDiff(kry, ex) < 1e-10, `seed ${seed}: ${maxDiff(kry, ex)}`);
    assert.ok(kry.stats.traceError < 1e-10 && (kry.stats.minEigenvalue ?? 0) > -1e-10, `seed ${seed}: a density matrix`);
    const loose = L.evolve(m, rho0, ts, { method: { kind: 'krylov', tol: 1e-6 } });
    assert.ok(maxDiff(loose, ex) < 1e-4, `seed ${seed}, tol 1e-6: ${maxDiff(loose, ex)}`);
    assert.ok(loose.stats.steps <= kry.stats.steps, `seed ${seed}: ${loose.stats.steps} segments at tol 1e-6, ${kry.stats.steps} at the default`);
  }
  const em = L.emittersInCavity({ emitters: 4, cutoff: 3, g: 1, kappa: 1, gamma: 1e-3, pump: 5e-3 });
  const s0 = L.emittersBasisState(em);
  const a = L.evolve(em, s0, [0, 1, 5], { method: { kind: 'krylov' } }), b = L.evolve(em, s0, [0, 1, 5], { method: { kind: 'expm' } });
  assert.equal(a.stats.method, 'krylov');
  const last = a.states.at(-1)!.values, ref = b.states.at(-1)!.values;
  assert.ok(Math.max(...last.map((v, k) => Math.abs(v - ref[k]!))) < 1e-10);
});

test('krylov: rtol/atol, a tol outside (0, 1) and time-dependent models are refused with the field named', () => {
  const d = L.diamondModel({ betaA: 4, betaS: -2 }).model;
  const rho0 = L.ketToDensity(L.basisKet(d.space));
  const field = (f: () => unknown) => { try { f(); } catch (e) { assert.ok(e instanceof L.LindbladError, String(e)); return e.field; } assert.fail('accepted'); };
  assert.equal(field(() => L.evolve(d, rho0, [0, 1], { method: { kind: 'krylov', rtol: 1e-6 } as never })), 'method.rtol');
  assert.equal(field(() => L.evolve(d, rho0, [0, 1], { method: { kind: 'krylov', tol: 0 } })), 'method.tol');
  assert.equal(field(() => L.evolve(d, rho0, [0, 1], { method: { kind: 'krylov', tol: 2 } })), 'method.tol');
  const sp = d.space;
  const driven = L.drivenModel(d, { hamiltonian: [{ operator: L.identity(sp), coefficient: (t: number) => Math.cos(t) }] });
  assert.equal(field(() => L.evolve(driven, rho0, [0, 1], { method: { kind: 'krylov' } })), 'method');
  assert.equal(field(() => L.periodicSteadyState(driven, 2 * Math.PI, { method: { kind: 'krylov' } })), 'method');
});

test('CLI: evolve --method krylov prints what --method expm prints (to 1e-12); --rtol with it is a one-line error', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'evolve', 'diamond', '--beta-a', '4', '--beta-s', '-2', '--t-max', '3', '--steps', '7', '--csv', ...args], { encoding: 'utf8' });
  const k = run('--method', 'krylov'), e = run('--method', 'expm');
  assert.equal(k.status, 0, k.stderr);
  assert.equal(k.stdout.trim().split('\n').length, 8, k.stdout);
  const cells = (out: string) => out.trim().split('\n').slice(1).flatMap((l) => l.split(',').map(Number));
  const a = cells(k.stdout), b = cells(e.stdout);
  assert.equal(a.length, b.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-12, `cell ${i}: ${x} vs ${b[i]}`));
  const bad = run('--method', 'krylov', '--rtol', '1e-3');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^lindblad: error: --rtol: does not apply to --method krylov[^\n]*\n$/);
});
