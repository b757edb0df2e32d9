/**
 * The Fock-cutoff check of a time evolution (stats.truncation, model/fock-cutoff.ts): each bosonic mode's
 * largest top-level population over the outputs. Checked against a birth–death closed form, against the
 * same population read through an independent route (the projector as an observable, or a partial trace of
 * the kept states), on constant, driven and Dicke-basis models, and in the CLI's text. Before it, `evolve`
 * on a cavity at cutoff 4 whose top level held 6e-3 of the population said nothing about it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  space, fock, qubit, op, lindbladModel, evolve, basisKet, ketToDensity, partialTrace, emittersInCavity, TRUNCATION_LIMIT,
  emittersBasisState,
} from '../../src/index.ts';
import { drivenModel } from '../../src/model/driven.ts';
import { periodicSteadyState } from '../../src/evolve/periodic.ts';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';

after(() => stopCliThread());

/** A mode with incoherent gain p a† and loss κ a (p < κ): a birth–death chain on 0 … N. */
function gainLoss(cutoff: number, p: number, kappa: number) {
  const sp = space({ a: fock(cutoff) });
  const a = op(sp, 'a', 'a');
  return lindbladModel(sp, { channels: [{ operator: a, rate: kappa }, { operator: a.dag(), rate: p }] });
}

test('gain and loss from the vacuum: the top level fills monotonically towards x^N(1 − x)/(1 − x^{N+1}), x = p/κ; the maximum is the last output', () => {
  for (const [cutoff, p, kappa] of [[4, 0.2, 1], [6, 0.5, 1], [3, 0.01, 2]] as const) {
    const model = gainLoss(cutoff, p, kappa), x = p / kappa;
    const steady = x ** cutoff * (1 - x) / (1 - x ** (cutoff + 1));
    const times = [0, 1, 3, 10, 80 / kappa];
    const r = evolve(model, ketToDensity(basisKet(model.space)), times, { keepStates: true });
    const [t] = r.stats.truncation!;
    assert.deepEqual([t.mode, t.cutoff], ['a', cutoff]);
    // P(n = N, t) = P(n ≥ N, t) grows with t from the vacuum (a birth–death chain is stochastically monotone).
    const tops = r.states!.map((rho) => rho.re(cutoff, cutoff));
    tops.forEach((v, k) => { if (k > 0) assert.ok(v >= tops[k - 1] - 1e-15, `cutoff ${cutoff}: not monotone at t = ${times[k]}`); });
    assert.ok(Math.abs(t.topPopulation - tops[tops.length - 1]) <= 1e-15, `${t.topPopulation} vs ${tops[tops.length - 1]}`);
    assert.ok(Math.abs(t.topPopulation - steady) <= 1e-9 * Math.max(steady, 1e-6), `cutoff ${cutoff}: ${t.topPopulation} vs closed form ${steady}`);
    assert.equal(t.topPopulation > TRUNCATION_LIMIT, steady > TRUNCATION_LIMIT);
  }
});

test('a qubit between two modes, on every integrator: each mode\'s entry is the maximum over outputs of its top-level projector', () => {
  const sp = space({ a: fock(3), q: qubit(), b: fock(4) });
  const a = op(sp, 'a', 'a'), b = op(sp, 'b', 'a'), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, {
    hamiltonian: a.dag().times(sm).plus(sm.dag().times(a)).scale(0.4).plus(b.dag().times(sm).plus(sm.dag().times(b)).scale(0.3)).plus(a.plus(a.dag()).scale(0.6)),
    channels: [{ operator: a, rate: 0.8 }, { operator: b, rate: 0.3 }, { operator: b.dag(), rate: 0.05 }, { operator: sm, rate: 0.1 }],
  });
  const observables = { topA: op(sp, 'a', 'projector', { level: 3 }), topB: op(sp, 'b', 'projector', { level: 4 }) };
  const times = Array.from({ length: 21 }, (_, k) => k * 0.75);
  for (const kind of ['auto', 'dopri5', 'implicit', 'expm', 'krylov'] as const) {
    const r = evolve(model, ketToDensity(basisKet(sp)), times, { method: { kind }, observables, keepStates: true });
    const tr = r.stats.truncation!;
    assert.deepEqual(tr.map((t) => [t.mode, t.cutoff]), [['a', 3], ['b', 4]], kind);
    const maxA = Math.max(...r.expectations!.topA), maxB = Math.max(...r.expectations!.topB);
    assert.ok(Math.abs(tr[0].topPopulation - maxA) <= 1e-14, `${kind} a: ${tr[0].topPopulation} vs ${maxA}`);
    assert.ok(Math.abs(tr[1].topPopulation - maxB) <= 1e-14, `${kind} b: ${tr[1].topPopulation} vs ${maxB}`);
    // and by a partial trace of the kept states (a third reading)
    const viaTrace = Math.max(...r.states!.map((rho) => { const m = partialTrace(sp, rho, ['a']); return m.re(3, 3); }));
    assert.ok(Math.abs(tr[0].topPopulation - viaTrace) <= 1e-14, `${kind}: partial trace ${viaTrace}`);
    assert.ok(maxA > 1e-4, `the drive fills mode a's top level (${maxA})`);
  }
});

test('a model without fock modes has no truncation entry; a driven model has one, equal to its projector\'s maximum', () => {
  const q = space({ q: qubit() });
  const plain = evolve(lindbladModel(q, { channels: [{ operator: op(q, 'q', 'sigma_minus'), rate: 1 }] }), ketToDensity(basisKet(q, { q: 1 })), [0, 1]);
  assert.equal(plain.stats.truncation, undefined);
  const sp = space({ c: fock(4) });
  const c = op(sp, 'c', 'a');
  const base = lindbladModel(sp, { channels: [{ operator: c, rate: 0.5 }] });
  const driven = drivenModel(base, { hamiltonian: [{ operator: c.plus(c.dag()), coefficient: (t) => 0.8 * Math.cos(0.3 * t) }] });
  const times = Array.from({ length: 31 }, (_, k) => k * 0.5);
  const r = evolve(driven, ketToDensity(basisKet(sp)), times, { observables: { top: op(sp, 'c', 'projector', { level: 4 }) } });
  const [t] = r.stats.truncation!;
  const max = Math.max(...r.expectations!.top);
  assert.deepEqual([t.mode, t.cutoff], ['c', 4]);
  assert.ok(Math.abs(t.topPopulation - max) <= 1e-14 && max > TRUNCATION_LIMIT, `${t.topPopulation} vs ${max}`);
});

test('the N-emitter (Dicke-basis) route reports the cavity\'s top level, the maximum of topFockPopulation over its states; none at cutoff 0', () => {
  const model = emittersInCavity({ emitters: 4, cutoff: 3, g: 1, kappa: 1, gamma: 0.01, pump: 0.4 });
  const times = [0, 2, 5, 20];
  const r = evolve(model, emittersBasisState(model), times);
  const [t] = r.stats.truncation!;
  const max = Math.max(...r.states.map((s) => s.topFockPopulation()));
  assert.deepEqual([t.mode, t.cutoff], ['cavity', 3]);
  assert.ok(t.topPopulation === max && max > TRUNCATION_LIMIT, `${t.topPopulation} vs ${max}`);
  const none = emittersInCavity({ emitters: 3, cutoff: 0, g: 1, kappa: 1, gamma: 0.01, pump: 0.4 });
  assert.equal(evolve(none, emittersBasisState(none), [0, 1]).stats.truncation, undefined);
});

test('lindblad evolve prints the cutoff line, with ⚠ only above 1e-6, and carries it in --json', async () => {
  const args = ['evolve', 'cavity', '--kappa', '0.5', '--gamma', '0.001', '--pump', '0.3', '--t-max', '50', '--steps', '3'];
  const low = await cliInThread([...args, '--cutoff', '4'], {});
  assert.equal(low.code, 0, low.stderr);
  assert.match(low.stdout, /Fock cutoff of cav: top level \|4⟩ holds up to [0-9.]+e-3 over the outputs {2}⚠ truncated \(above 1e-6\): raise the cutoff/);
  const high = await cliInThread([...args, '--cutoff', '10'], {});
  assert.match(high.stdout, /Fock cutoff of cav: top level \|10⟩ holds up to [0-9.]+e-(\d+) over the outputs\n/);
  assert.doesNotMatch(high.stdout, /⚠/);
  const json = JSON.parse((await cliInThread([...args, '--cutoff', '4', '--json'], {})).stdout);
  assert.equal(json.stats.truncation[0].mode, 'cav');
  assert.ok(json.stats.truncation[0].topPopulation > TRUNCATION_LIMIT);
  // a model file: its fock mode is checked by name
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-evolve-trunc-'));
  const file = join(dir, 'm.json');
  writeFileSync(file, JSON.stringify({
    subsystems: { a: { kind: 'fock', cutoff: 2 } },
    channels: [{ operator: 'a.a', rate: 1 }, { operator: 'a.a_dag', rate: 0.3 }],
  }));
  const f = await cliInThread(['evolve', file, '--t-max', '20', '--steps', '3', '--observe', 'a.n'], {});
  assert.equal(f.code, 0, f.stderr);
  assert.match(f.stdout, /Fock cutoff of a: top level \|2⟩ holds up to [0-9.]+e-2 over the outputs {2}⚠/);
});

test('periodic steady state of a driven cavity (a coherent state α(t)): the top level is the maximum over the samples, near Poisson; above 1e-6 it is a problem', () => {
  const F = 0.6, Om = 1, kappa = 1, T = (2 * Math.PI) / Om;
  // α̇ = −iF cos Ωt − (κ/2)α: α(t) = −(iF/2)[e^{iΩt}/(κ/2 + iΩ) + e^{−iΩt}/(κ/2 − iΩ)]
  const alpha2 = (t: number) => {
    const c = Math.cos(Om * t), s = Math.sin(Om * t), d = kappa * kappa / 4 + Om * Om;
    // the bracket is 2 Re(e^{iΩt}/(κ/2 + iΩ)) = 2(κ/2·cos Ωt + Ω sin Ωt)/(κ²/4 + Ω²): |α|² = F²(…)²/d²
    return (F * (kappa / 2 * c + Om * s) / d) ** 2;
  };
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  for (const cutoff of [3, 9]) {
    const sp = space({ c: fock(cutoff) });
    const a = op(sp, 'c', 'a');
    const m = drivenModel(lindbladModel(sp, { channels: [{ operator: a, rate: kappa }] }), { hamiltonian: [{ operator: a.plus(a.dag()).scale(F), coefficient: (t) => Math.cos(Om * t) }] });
    const pss = periodicSteadyState(m, T, { samples: 40 });
    const [t] = pss.certificate.truncation!;
    const read = Math.max(...pss.states.map((rho) => rho.re(cutoff, cutoff)));
    assert.ok(Math.abs(t.topPopulation - read) <= 1e-15, `cutoff ${cutoff}: ${t.topPopulation} vs ${read}`);
    const poisson = Math.max(...pss.times.map((s) => { const x = alpha2(s); return Math.exp(-x) * x ** cutoff / factorial(cutoff); }));
    assert.ok(Math.abs(t.topPopulation - poisson) <= 0.1 * poisson, `cutoff ${cutoff}: ${t.topPopulation} vs Poisson ${poisson}`);
    const flagged = pss.certificate.problems.some((p) => p.startsWith(`Fock cutoff of c: its top level |${cutoff}⟩`));
    assert.equal(flagged, t.topPopulation > TRUNCATION_LIMIT, pss.certificate.problems.join('; '));
    assert.equal(pss.certificate.ok, !flagged, pss.certificate.problems.join('; '));
  }
});
