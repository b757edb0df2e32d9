/**
 * The Fock-cutoff check of the certificate (steady/truncation.ts): each bosonic mode's top-level population,
 * checked against an independent partial trace of the dense ρ and against closed forms, on every route; status
 * 'truncated' above TRUNCATION_LIMIT, and the sweep columns and CLI that carry it. Before it, a cavity with 6
 * emitters at cutoff 2 (⟨n⟩ 1.67 against 14.9 at a converged cutoff) was certified 'unique' with nothing said.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  space, fock, qubit, op, lindbladModel, steadyState, partialTrace, emittersInCavity, pairConcurrence, TRUNCATION_LIMIT,
  type LindbladModel, type SteadyOptions,
} from '../../src/index.ts';
import { emittersObservables } from '../../src/paper/emitters-solve.ts';
import { sweep } from '../../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../../src/paper/families.ts';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';

after(() => stopCliThread());

/** Top-level population of each fock mode from the dense ρ by partial trace (independent of truncation.ts). */
function topByPartialTrace(model: LindbladModel, rho: Parameters<typeof partialTrace>[1], modes: string[]): number[] {
  return modes.map((m) => { const r = partialTrace(model.space, rho, [m]); return r.re(r.rows - 1, r.rows - 1); });
}

/** A qubit coupled to two driven, damped modes a (cutoff na) and b (cutoff nb) — a, b thermal at n̄a, n̄b. */
function twoModes(na: number, nb: number, nbarA: number, nbarB: number): LindbladModel {
  const sp = space({ a: fock(na), q: qubit(), b: fock(nb) });
  const a = op(sp, 'a', 'a'), b = op(sp, 'b', 'a'), sm = op(sp, 'q', 'sigma_minus');
  return lindbladModel(sp, {
    hamiltonian: a.dag().times(sm).plus(sm.dag().times(a)).scale(0.3).plus(b.dag().times(sm).plus(sm.dag().times(b)).scale(0.2)).plus(a.plus(a.dag()).scale(0.1)),
    channels: [
      { operator: a, rate: nbarA + 1 }, { operator: a.dag(), rate: nbarA },
      { operator: b, rate: 0.5 * (nbarB + 1) }, { operator: b.dag(), rate: 0.5 * nbarB },
      { operator: sm, rate: 0.1 },
    ],
  });
}

const ROUTES: [string, SteadyOptions][] = [
  ['auto', {}], ['direct', { method: { kind: 'direct' } }], ['iterative', { method: { kind: 'iterative', solver: 'gmres' } }], ['krylov', { method: { kind: 'krylov' } }],
];

test('every mode is checked by name, stride and cutoff; the numbers are the partial trace of ρ on every route', () => {
  for (const [na, nb, nbarA, nbarB] of [[3, 6, 0.4, 0.05], [6, 2, 0.02, 0.3], [4, 3, 0.005, 0.001]]) {
    const model = twoModes(na, nb, nbarA, nbarB);
    for (const [route, options] of ROUTES) {
      const r = steadyState(model, options), c = r.certificate, what = `cutoffs ${na}/${nb}, ${route}`;
      assert.deepEqual(c.truncation!.map((t) => [t.mode, t.cutoff]), [['a', na], ['b', nb]], what);
      const ref = topByPartialTrace(model, r.rho, ['a', 'b']);
      c.truncation!.forEach((t, k) => assert.ok(Math.abs(t.topPopulation - Math.max(0, ref[k])) <= 1e-12, `${what}: ${t.mode} ${t.topPopulation} vs ${ref[k]}`));
      const over = ref.some((p) => p > TRUNCATION_LIMIT);
      if (c.status !== 'ill-conditioned') assert.equal(c.status, over ? 'truncated' : 'unique', `${what}: ${JSON.stringify(c.truncation)}`);
    }
  }
});

test('a thermal mode: the top level holds the truncated geometric law x^N(1 − x)/(1 − x^{N+1}), x = n̄/(n̄ + 1); truncated iff above 1e-6', () => {
  for (const nbar of [0.05, 0.5, 3]) {
    for (const cutoff of [2, 5, 10, 40]) {
      const sp = space({ c: fock(cutoff) }), a = op(sp, 'c', 'a');
      const model = lindbladModel(sp, { hamiltonian: op(sp, 'c', 'n'), channels: [{ operator: a, rate: nbar + 1 }, { operator: a.dag(), rate: nbar }] });
      const x = nbar / (nbar + 1), exact = (x ** cutoff * (1 - x)) / (1 - x ** (cutoff + 1));
      const c = steadyState(model).certificate, top = c.truncation![0].topPopulation;
      assert.ok(Math.abs(top - exact) <= 1e-12 * exact + 1e-300, `n̄ ${nbar}, N ${cutoff}: ${top} vs ${exact}`);
      assert.equal(c.status, exact > TRUNCATION_LIMIT ? 'truncated' : 'unique', `n̄ ${nbar}, N ${cutoff}`);
    }
  }
});

test('models without fock modes carry no truncation; a fock(0) mode (vacuum only, a mode left out) is not checked', () => {
  const sp = space({ q: qubit() }), sm = op(sp, 'q', 'sigma_minus');
  const c = steadyState(lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x'), channels: [{ operator: sm, rate: 1 }] })).certificate;
  assert.equal(c.truncation, undefined);
  assert.equal(c.status, 'unique');
  const sp0 = space({ q: qubit(), c: fock(0) }), sm0 = op(sp0, 'q', 'sigma_minus');
  const c0 = steadyState(lindbladModel(sp0, { hamiltonian: op(sp0, 'q', 'sigma_x'), channels: [{ operator: sm0, rate: 1 }] })).certificate;
  assert.equal(c0.truncation, undefined);
  assert.equal(c0.status, 'unique');
});

test('an infinitely fast channel (fast-limit route) is checked too', () => {
  const sp = space({ c: fock(3), q: qubit() }), a = op(sp, 'c', 'a'), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: a.dag().times(sm).plus(sm.dag().times(a)), channels: [{ operator: a.dag(), rate: 1 }, { operator: a, rate: 0.2 }, { operator: sm, rate: Infinity }] });
  const r = steadyState(model), ref = topByPartialTrace(model, r.rho, ['c'])[0];
  assert.ok(Math.abs(r.certificate.truncation![0].topPopulation - ref) <= 1e-12);
  assert.ok(ref > 0.1 && r.certificate.status === 'truncated');
});

test('N emitters (Dicke route): the cavity top level as emittersObservables reads it; 6 emitters at cutoff 2 are truncated, cutoff 0 is no cavity', () => {
  for (const [cutoff, emitters] of [[2, 6], [8, 3], [30, 1], [60, 1]]) {
    const r = steadyState(emittersInCavity({ emitters, g: 1, kappa: 1, gamma: 0.1, pump: 0.3, cutoff })), c = r.certificate;
    const top = emittersObservables(r.state).topFockPopulation;
    assert.deepEqual([c.truncation![0].mode, c.truncation![0].cutoff], ['cavity', cutoff]);
    assert.ok(Math.abs(c.truncation![0].topPopulation - top) <= 1e-15, `${top}`);
    assert.equal(c.status, top > TRUNCATION_LIMIT ? 'truncated' : 'unique', `N ${emitters}, cutoff ${cutoff}: top ${top}`);
  }
  const none = steadyState(emittersInCavity({ emitters: 3, g: 0, kappa: 0, gamma: 0.1, pump: 0.3, cutoff: 0 })).certificate;
  assert.equal(none.truncation, undefined);
});

test('pair concurrence of one emitter is NaN (there is no pair), not 0', () => {
  const r = steadyState(emittersInCavity({ emitters: 1, g: 1, kappa: 1, gamma: 0.1, pump: 0.3, cutoff: 20 }));
  assert.ok(Number.isNaN(pairConcurrence(r.state)));
  assert.ok(pairConcurrence(steadyState(emittersInCavity({ emitters: 2, g: 1, kappa: 1, gamma: 0.1, pump: 0.3, cutoff: 20 })).state) >= 0);
});

test('sweeps of every family carry status and errorBound columns; a truncating cutoff says "truncated" where unique = 1', () => {
  const rows = sweep(sweepSpecFrom({ model: 'cavity', args: { kappa: '0.1:10:3:log', gamma: '0.05', pump: '0.5', cutoff: '3' } }));
  for (const row of rows) {
    assert.equal(row.values.unique, 1);
    assert.ok(typeof row.values.errorBound === 'number');
    assert.equal(row.values.status, (row.values.topFockPopulation as number) > TRUNCATION_LIMIT ? 'truncated' : 'unique');
  }
  assert.ok(rows.some((r) => r.values.status === 'truncated'));
  const emitters = sweep(sweepSpecFrom({ model: 'cavity', args: { emitters: '6', kappa: '0.1', gamma: '0.05', pump: '0.5', cutoff: '2' } }));
  assert.equal(emitters[0].values.status, 'truncated');
  const one = sweep(sweepSpecFrom({ model: 'cavity', args: { emitters: '1', kappa: '1', gamma: '0.1', pump: '0.3', cutoff: '20' } }));
  assert.equal(one[0].values.pairConcurrence, 'undefined');
  const diamond = sweep(sweepSpecFrom({ model: 'diamond', args: { 'beta-a': '-1:1:2', 'beta-s': '2' } }));
  for (const row of diamond) assert.deepEqual([row.values.status, typeof row.values.errorBound], ['unique', 'number']);
});

test('CLI: `steady` names the truncated mode; `cavity --emitters 1` says the pair concurrence is undefined (JSON null)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-trunc-'));
  const file = join(dir, 'm.json');
  writeFileSync(file, JSON.stringify({
    subsystems: { c: { kind: 'fock', cutoff: 3 } },
    hamiltonian: 'c.n',
    channels: [{ operator: 'c.a', rate: 1.5 }, { operator: 'c.a_dag', rate: 0.5 }],
  }));
  const t = await cliInThread(['steady', file], {});
  if (t.code === 0) {
    assert.match(t.stdout, /status = truncated/);
    assert.match(t.stdout, /Fock cutoff of c: top level \|3⟩ holds .*⚠ truncated/);
    const j = JSON.parse((await cliInThread(['steady', file, '--json'], {})).stdout);
    assert.equal(j.certificate.status, 'truncated');
    assert.ok(Math.abs(j.certificate.truncation[0].topPopulation - (1 / 27) * (2 / 3) / (1 - 1 / 81)) <= 1e-12);
  } else assert.fail(`steady failed: ${t.stderr} ${readFileSync(file, 'utf8')}`);
  const e = await cliInThread(['cavity', '--emitters', '1', '--kappa', '1', '--gamma', '0.1', '--pump', '0.3', '--cutoff', '20'], {});
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /pair concurrence C = undefined \(one emitter: no pair\)/);
  const ej = JSON.parse((await cliInThread(['cavity', '--emitters', '1', '--kappa', '1', '--gamma', '0.1', '--pump', '0.3', '--cutoff', '20', '--json'], {})).stdout);
  assert.equal(ej.pairConcurrence, null);
  assert.equal(ej.effective.pairConcurrence, null);
});
