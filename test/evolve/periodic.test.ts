/**
 * Periodic steady states tested by physics: the Otto engine on a qubit (efficiency exactly 1 − ω_c/ω_h
 * when the strokes are separated, entropy production ≥ 0, first law), the long-time limit of evolve
 * (integrated independently for hundreds of periods), and constant models (the steady state).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { drivenModel, DrivenModel } from '../../src/model/driven.ts';
import { fromTable } from '../../src/model/coefficient.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { parseAnyModel } from '../../src/io/model-file.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { periodicSteadyState } from '../../src/evolve/periodic.ts';
import { cycleThermodynamics } from '../../src/thermo/cycle.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { cliInThread, stopCliThread } from '../hostile/cli-thread.ts';

const runCaptured = (args: string[]) => cliInThread(args);
test.after(() => stopCliThread());

test('Otto engine (examples/otto-qubit.json): η = 1 − ω_c/ω_h, first law, Σ = −β_h Q_h − β_c Q_c ≥ 0, certificate OK', () => {
  const model = parseAnyModel(JSON.parse(readFileSync(new URL('../../examples/otto-qubit.json', import.meta.url), 'utf8')));
  assert.ok(model instanceof DrivenModel);
  const pss = periodicSteadyState(model, 22);
  assert.ok(pss.certificate.ok, pss.certificate.problems.join('; '));
  const c = cycleThermodynamics(pss);
  assert.ok(Math.abs(c.efficiency! - 0.5) <= 1e-8, `η = ${c.efficiency}`);
  assert.ok(c.firstLawRelative <= 1e-9, `first law relative residual ${c.firstLawRelative}`);
  assert.ok(c.work < 0 && c.heat.hot > 0 && c.heat.cold < 0);
  // Q_h = ω_h·Δp with Δp the excited population gained during the hot stroke [0, 10].
  const [at0, at10] = pss.trajectory([0, 10]);
  assert.ok(Math.abs(c.heat.hot - 2 * (at10.re(1, 1) - at0.re(1, 1))) <= 1e-9, `Q_h = ${c.heat.hot}`);
  assert.ok(Math.abs(c.entropyProduction! - (-0.5 * c.heat.hot - 3 * c.heat.cold)) <= 1e-12 && c.entropyProduction! > 0);
  assert.ok(c.efficiency! < 1 - 0.5 / 3, 'below Carnot');
});

test('driven damped qubit with a slow gap: the periodic steady state equals evolve after 400 periods to 1e-9', () => {
  const sp = space({ q: qubit() });
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.5), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.02 }] });
  const m = drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: (t) => 0.1 * Math.cos(1.05 * t) }] });
  const T = (2 * Math.PI) / 1.05;
  const pss = periodicSteadyState(m, T, { samples: 4 });
  assert.ok(pss.certificate.ok, pss.certificate.problems.join('; '));
  assert.ok(pss.certificate.secondEigenvalue > 0.9, 'slowly relaxing: |λ₂| close to 1');
  const r = evolve(m, ketToDensity(basisKet(sp)), [400 * T, 400.25 * T, 400.5 * T]);
  [0, 1, 2].forEach((k) => {
    const a = r.states![k], b = pss.states[k];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      assert.ok(Math.abs(a.re(i, j) - b.re(i, j)) <= 1e-9 && Math.abs(a.im(i, j) - b.im(i, j)) <= 1e-9, `t = ${400 + k / 4}T, ρ_${i}${j}: ${a.get(i, j)} vs ${b.get(i, j)}`);
    }
  });
});

test('a constant model: the periodic steady state is the steady state, constant in t, and W = 0', () => {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(0.3), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.4 }] });
  const pss = periodicSteadyState(model, 1.7, { samples: 3 });
  const ss = steadyState(model).rho;
  for (const rho of pss.states) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) assert.ok(Math.abs(rho.re(i, j) - ss.re(i, j)) <= 1e-10 && Math.abs(rho.im(i, j) - ss.im(i, j)) <= 1e-10);
  assert.equal(cycleThermodynamics(pss).work, 0);
});

test('lindblad periodic: text and --json; a bad --period is one line with exit code 2', async () => {
  const j = await runCaptured(['periodic', 'examples/otto-qubit.json', '--period', '22', '--samples', '4', '--observe', 'q.sigma_z', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.ok(Math.abs(out.thermodynamics.efficiency - 0.5) <= 1e-8);
  assert.equal(out.certificate.ok, true);
  assert.equal(out.columns['q.sigma_z'].length, 5);
  const t = await runCaptured(['periodic', 'examples/otto-qubit.json', '--period', '22', '--samples', '2']);
  assert.equal(t.code, 0);
  assert.match(t.stdout, /certificate: OK/);
  assert.match(t.stdout, /efficiency (0\.49999999|0\.50000000)/);
  const bad = await runCaptured(['periodic', 'examples/otto-qubit.json', '--period', '-1']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^lindblad: error: --period: /);
});

test('a wrong period is reported, not certified', () => {
  const sp = space({ q: qubit() });
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.5), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0.2 }] });
  const m = drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: (t) => 0.1 * Math.cos(t) }] });
  const pss = periodicSteadyState(m, 5, { samples: 2 });
  assert.equal(pss.certificate.ok, false);
  assert.ok(pss.certificate.problems.some((p) => /drives\[0\]\.coefficient is not periodic with period 5/.test(p)), pss.certificate.problems.join('; '));
  assert.equal(periodicSteadyState(m, 2 * Math.PI, { samples: 2 }).certificate.ok, true);
});

test('a second periodic state outside the diagonal block (a coherence no population reaches) makes the certificate say not unique', () => {
  // Qubit a is only flipped (σx at rate 1): ⟨σx_a⟩ is conserved, and every (1 + εσx_a)/2 ⊗ ρ_b*(t) is periodic.
  // Before: unique = true, ok = true (|λ₂| = 0.47 from the 8 unknowns reachable from the diagonal, of 16).
  const sp = space({ a: qubit(), b: qubit() });
  const channels = [{ operator: op(sp, 'a', 'sigma_x'), rate: 1 }, { operator: op(sp, 'b', 'sigma_minus'), rate: 0.7 }];
  const drive = { hamiltonian: [{ operator: op(sp, 'b', 'sigma_x'), coefficient: (t: number) => 0.8 * Math.cos(Math.PI * t) }] };
  const model = drivenModel(lindbladModel(sp, { hamiltonian: op(sp, 'b', 'sigma_z').scale(0.5), channels }), drive);
  const c = periodicSteadyState(model, 2, { samples: 4 }).certificate;
  assert.equal(c.unique, false);
  assert.equal(c.ok, false);
  assert.ok(Math.abs(c.secondEigenvalue - 1) <= 1e-9, `|λ₂| = ${c.secondEigenvalue}`);
  // The physics behind it: from |+⟩_a ⊗ |0⟩_b, ⟨σx_a⟩ stays 1 over 20 periods instead of relaxing to ρ*'s 0.
  const k0 = basisKet(sp, { a: 0, b: 0 }), k1 = basisKet(sp, { a: 1, b: 0 }), plus = ketToDensity(k0.map((x, q) => (x + k1[q]) * Math.SQRT1_2));
  const sx = evolve(model, plus, [40], { observables: { sx: op(sp, 'a', 'sigma_x') } }).expectations!.sx[0];
  assert.ok(Math.abs(sx - 1) <= 1e-6, `⟨σx_a⟩(40) = ${sx}`);
  // With a decay on qubit a as well, the coherence relaxes: unique, and |λ₂| is the larger of the two qubits' own.
  const damped = drivenModel(lindbladModel(sp, { hamiltonian: op(sp, 'b', 'sigma_z').scale(0.5), channels: [...channels, { operator: op(sp, 'a', 'sigma_minus'), rate: 0.3 }] }), drive);
  const d = periodicSteadyState(damped, 2, { samples: 4 }).certificate;
  assert.ok(d.unique && d.ok, d.problems.join('; '));
  assert.ok(d.secondEigenvalue < 1 - 1e-3, `|λ₂| = ${d.secondEigenvalue}`);
});

test('a step-shaped periodic table: the work of every jump of H is counted (first law to 1e-8), and the table at its own knot gives the value from that knot on', () => {
  // Knots [0, 1.1, 2.2] of period 3: ((1.1 % 3) + 3) % 3 = 1.0999999999999996 read the value before the knot, and
  // cycleThermodynamics, which read H(b⁺) at b itself, dropped that jump's work (W = 0.518 where W = −Q = 0.421).
  const sp = space({ q: qubit() });
  const table = fromTable({ t: [0, 1.1, 2.2], values: [0, 1, 2], interpolation: 'constant', period: 3 });
  assert.deepEqual([table.value(1.1), table.value(2.2), table.value(3), table.value(4.1 + 1e-12)], [1, 2, 0, 1]);
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(0.5), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 1, bath: 'bath' }] });
  const pss = periodicSteadyState(drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: table }] }), 3, { samples: 30 });
  assert.ok(pss.certificate.ok, pss.certificate.problems.join('; '));
  const c = cycleThermodynamics(pss);
  assert.ok(c.firstLawRelative <= 1e-8, `W = ${c.work}, Q = ${c.heat.bath}: first law off by ${c.firstLawRelative} relative`);
  assert.ok(c.work > 0.4, `W = ${c.work}`); // H is constant between the knots: all the work is done at the jumps
});
