/**
 * Time-dependent evolution tested by physics: the exactly solvable rotating drive with decay (Torrey's
 * solution), a narrow pulse in a long quiet stretch (rotation angle = pulse area; the step must not jump
 * over it), and a piecewise-constant table (angle = Σ c_k Δt_k, exact only if the breakpoints are hit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { drivenModel } from '../../src/model/driven.ts';
import { fromExpression, fromTable } from '../../src/model/coefficient.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { LindbladError } from '../../src/errors.ts';

const sp = space({ q: qubit() });
const ground = ketToDensity(basisKet(sp));

test('resonant rotating drive with decay: P_e(t) equals Torrey\'s closed form to 1e-8 (dopri5, implicit, auto)', () => {
  const w0 = 5, om = 0.7, g = 0.2;
  const base = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z').scale(w0 / 2), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: g }] });
  // (Ω/2)(σ⁺e^{−iωt} + σ⁻e^{iωt}) = (Ω/2)(cos ωt σx + sin ωt σy): constant in the frame rotating at ω = ω0.
  const m = drivenModel(base, { hamiltonian: [
    { operator: op(sp, 'q', 'sigma_x').scale(om / 2), coefficient: (t) => Math.cos(w0 * t) },
    { operator: op(sp, 'q', 'sigma_y').scale(om / 2), coefficient: (t) => Math.sin(w0 * t) }] });
  const mu = Math.sqrt(om * om - g * g / 16);
  const pe = (t: number) => (om * om / (2 * om * om + g * g)) * (1 - Math.exp(-3 * g * t / 4) * (Math.cos(mu * t) + (3 * g / (4 * mu)) * Math.sin(mu * t)));
  const times = Array.from({ length: 11 }, (_, k) => k * 2.5);
  for (const kind of ['dopri5', 'implicit', 'auto'] as const) {
    const r = evolve(m, ground, times, { method: { kind } });
    r.states!.forEach((rho, k) => assert.ok(Math.abs(rho.re(1, 1) - pe(times[k])) <= 1e-8, `${kind} t = ${times[k]}: ${rho.re(1, 1)} vs ${pe(times[k])}`));
  }
});

test('a narrow pulse late in a quiet stretch is not stepped over: P_1 = sin²(area)', () => {
  // f(t) = A[s(t − 60) − s(t − 60.3)], s a tanh step of width 0.02: ∫f = 0.3A (tails cancel); H = f σx.
  const area = Math.PI / 6, a = area / 0.3;
  const m = drivenModel(lindbladModel(sp, {}), { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: fromExpression('A*(smoothstep(t-60, 0.02) - smoothstep(t-60.3, 0.02))', { A: a }) }] });
  for (const kind of ['dopri5', 'implicit'] as const) {
    const r = evolve(m, ground, [0, 100], { method: { kind } });
    const p1 = r.states![1].re(1, 1);
    assert.ok(Math.abs(p1 - Math.sin(area) ** 2) <= 1e-8, `${kind}: P_1 = ${p1}, expected ${Math.sin(area) ** 2} (steps ${r.stats.steps}, cap ${r.stats.driveStepCap})`);
  }
});

test('piecewise-constant table: the rotation angle is Σ c_k Δt_k exactly (breakpoints hit), also repeated with a period', () => {
  const tab = fromTable({ t: [0, 1.3, 2, 4.5], values: [0.2, -0.5, 0.9, 0], interpolation: 'constant' });
  const angle = 0.2 * 1.3 - 0.5 * 0.7 + 0.9 * 2.5;
  const m = drivenModel(lindbladModel(sp, {}), { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: tab }] });
  for (const kind of ['dopri5', 'implicit'] as const) {
    const r = evolve(m, ground, [5], { method: { kind } });
    assert.ok(Math.abs(r.states![0].re(1, 1) - Math.sin(angle) ** 2) <= 1e-9, `${kind}: ${r.states![0].re(1, 1)} vs ${Math.sin(angle) ** 2}`);
  }
  const per = fromTable({ t: [0, 1], values: [0.3, -0.1], interpolation: 'constant', period: 1.5 });
  const mp = drivenModel(lindbladModel(sp, {}), { hamiltonian: [{ operator: op(sp, 'q', 'sigma_x'), coefficient: per }] });
  const r = evolve(mp, ground, [4 * 1.5]);
  const ang = 4 * (0.3 * 1 - 0.1 * 0.5);
  assert.ok(Math.abs(r.states![0].re(1, 1) - Math.sin(ang) ** 2) <= 1e-9);
});

test('time-dependent rates: a negative value is an error naming the channel, and expm is refused', () => {
  const base = lindbladModel(sp, { channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: 0, label: 'd' }] });
  const m = drivenModel(base, { rates: { d: (t) => Math.cos(t) } });
  assert.throws(() => evolve(m, ground, [0, 3]), (e: unknown) => e instanceof LindbladError && e.field === 'channels[0].rate' && /≥ 0/.test(e.message));
  assert.throws(() => evolve(m, ground, [1], { method: { kind: 'expm' } }), (e: unknown) => e instanceof LindbladError && e.code === 'unsupported');
  assert.throws(() => drivenModel(base, { rates: { nope: 1 } }), (e: unknown) => e instanceof LindbladError && e.field === 'rates.nope');
  assert.throws(() => drivenModel(base, { hamiltonian: [{ operator: op(sp, 'q', 'sigma_minus'), coefficient: 1 }] }), /Hermitian/);
});

test("'auto' takes SDIRK4 only where dopri5 would be stability-limited: strong damping yes; weak damping or fast oscillation no", async () => {
  // Before, ‖L(0)‖·cap > 30 alone decided: a cavity with κ = 10 went to SDIRK4 (16.7 s to t = 50 against dopri5's 0.28 s),
  // and a weakly damped 4-level model of period 76 took 87 s (dopri5: 8.7 s).
  const { fock } = await import('../../src/model/space.ts');
  const { DrivenGenerator } = await import('../../src/evolve/driven-generator.ts');
  const { resolveDrivenMethod } = await import('../../src/evolve/driven-evolve.ts');
  const jc = space({ q: qubit(), c: fock(6) });
  const a = op(jc, 'c', 'a'), sm = op(jc, 'q', 'sigma_minus');
  const chosen = (kappa: number, g: number) => {
    const base = lindbladModel(jc, { hamiltonian: sm.dag().times(a).plus(sm.times(a.dag())).scale(g), channels: [{ operator: a, rate: kappa }, { operator: sm, rate: 0.1 }] });
    const m = drivenModel(base, { hamiltonian: [{ operator: op(jc, 'q', 'sigma_x'), coefficient: (t) => 0.5 * Math.cos(t) }] });
    const gen = new DrivenGenerator(m, [0]);
    return resolveDrivenMethod({ kind: 'auto' }, gen, 0, 50, m.breakpoints(0, 50)).kind;
  };
  // (measured to t = 50: κ = 1e4 implicit 8 s / dopri5 78 s; κ = 10 dopri5 0.28 s / implicit 16.7 s;
  //  κ = 1e3 with g = 50 dopri5 7.8 s / implicit 29.6 s; κ = 0.01 dopri5 0.31 s / implicit 32 s)
  assert.deepEqual([chosen(1e4, 1), chosen(10, 1), chosen(1e3, 50), chosen(0.01, 1)], ['implicit', 'dopri5', 'dopri5', 'dopri5']);
});

test('the drive step cap does not alias: cos 2πt over spans of whole periods (256, 512) gets the cap it gets over 10', async () => {
  // Before: uniform scan samples one period apart saw a constant — no cap at all over [0, 256], 1.66 over [0, 250].
  const { driveWindows } = await import('../../src/evolve/driven-integrate.ts');
  const f = fromExpression('cos(2*pi*t)');
  for (const b of [10, 250, 255.5, 256, 512]) {
    const cap = Math.min(...driveWindows([{ f }], [], 0, b).map((w) => w[2]));
    assert.ok(cap > 0.02 && cap <= 1 / (8 * Math.PI) * 1.05, `[0, ${b}]: cap ${cap} (τ/8 = ${1 / (8 * Math.PI)})`);
  }
});
