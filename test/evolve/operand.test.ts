/**
 * evolveOperand (src/evolve/operand.ts): operands that are not states go through evolve's propagation —
 * for a state it reproduces evolve's expectation values, for X = |0⟩⟨1| of a decaying, precessing qubit it
 * follows e^{(−iω − γ/2)t} exactly, and the public evolve still refuses such an operand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { LindbladError } from '../../src/errors.ts';
import { evolve } from '../../src/evolve/evolve.ts';
import { evolveOperand } from '../../src/evolve/operand.ts';

const times = [0, 0.3, 1, 2.5, 7];

test('for a density matrix, evolveOperand gives the expectation values evolve gives (each method)', () => {
  const sp = space({ q: qubit(), c: fock(3) });
  const a = op(sp, 'c', 'a'), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'c', 'n').scale(2).plus(op(sp, 'q', 'n').scale(2)).plus(sm.dag().times(a).plus(sm.times(a.dag())).scale(0.7)),
    channels: [{ operator: a, rate: 0.4 }, { operator: sm.dag(), rate: 0.05 }],
  });
  const rho0 = ketToDensity(basisKet(sp, { q: 1 }));
  for (const kind of ['auto', 'expm', 'implicit', 'dopri5'] as const) {
    const method = kind === 'expm' ? { kind } : { kind, rtol: 1e-10, atol: 1e-12 };
    const ref = evolve(model, rho0, times, { method, observables: { n: a.dag().times(a) } }).expectations!.n;
    const got = evolveOperand(model, rho0, times, [a.dag().times(a)], method);
    ref.forEach((x, k) => assert.ok(Math.abs(got.values[0].re[k] - x) < 1e-9, `${kind}, t = ${times[k]}: ${got.values[0].re[k]} vs ${x}`));
  }
});

test('X = |0⟩⟨1| of a qubit with splitting ω and decay γ: Tr(σ⁺X(t)) = e^{(iω − γ/2)t} (dρ₀₁/dt = (iω − γ/2)ρ₀₁); trace 0 is kept', () => {
  const sp = space({ q: qubit() }), w = 3, gamma = 0.5, sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(w), channels: [{ operator: sm, rate: gamma }] });
  const x0 = DenseMatrix.fromRows([[0, 1], [0, 0]]);
  const r = evolveOperand(model, x0, times, [sm.dag()]);
  times.forEach((t, k) => {
    const m = Math.exp(-gamma * t / 2);
    assert.ok(Math.hypot(r.values[0].re[k] - m * Math.cos(w * t), r.values[0].im[k] - m * Math.sin(w * t)) < 1e-10, `t = ${t}`);
  });
  assert.equal(r.stats.unknowns, 1, 'the coherence ρ_01 is its own invariant block');
  assert.equal(r.stats.traceDrift, null, 'ρ_01 carries no trace: nothing to check, and it says so (it said 0)');
  // The public evolve refuses the same operand: it is not a density matrix.
  assert.throws(() => evolve(model, x0, times), (e: unknown) => e instanceof LindbladError && e.field === 'rho0');
});

test('evolveOperand input errors name the field', () => {
  const sp = space({ q: qubit() }), sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: sm, rate: 1 }] });
  const bad = (f: () => unknown, field: string) => assert.throws(f, (e: unknown) => e instanceof LindbladError && e.field === field, field);
  bad(() => evolveOperand(model, DenseMatrix.identity(3), [0], []), 'x0');
  bad(() => evolveOperand(model, DenseMatrix.fromRows([[Number.NaN, 0], [0, 0]]), [0], []), 'x0');
  bad(() => evolveOperand(model, DenseMatrix.identity(2), [0, -1], []), 'times[1]');
  bad(() => evolveOperand(model, DenseMatrix.identity(2), [0], [op(space({ c: fock(1) }), 'c', 'a')]), 'readouts[0]');
});

test('an ODE or Krylov integrator\'s global error is estimated (a phase drifting over many periods): the returned values lie within errorEstimate of the closed form', () => {
  const sp = space({ q: qubit() }), w = 40, gamma = 0.05, sm = op(sp, 'q', 'sigma_minus');
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n').scale(w), channels: [{ operator: sm, rate: gamma }] });
  const x0 = DenseMatrix.fromRows([[0, 1], [0, 0]]), ts = [0, 5, 20, 50];
  const exact = ts.map((t) => [Math.exp(-gamma * t / 2) * Math.cos(w * t), Math.exp(-gamma * t / 2) * Math.sin(w * t)]);
  for (const method of [{ kind: 'implicit' }, { kind: 'dopri5' }, { kind: 'implicit', rtol: 1e-6, atol: 1e-8 }, { kind: 'krylov', tol: 1e-9 }] as const) {
    const r = evolveOperand(model, x0, ts, [sm.dag()], method);
    assert.ok(r.stats.errorEstimate !== null && r.stats.errorEstimate > 0, `${JSON.stringify(method)}: no estimate`);
    let worst = 0;
    ts.forEach((_, k) => { worst = Math.max(worst, Math.hypot(r.values[0].re[k] - exact[k][0], r.values[0].im[k] - exact[k][1])); });
    assert.ok(worst <= r.stats.errorEstimate!, `${JSON.stringify(method)}: error ${worst} > estimate ${r.stats.errorEstimate}`);
  }
  // the dense exponential states its rounding (2ε‖L‖₁τ·Σ|X0|·‖A‖₂), which covers its error too
  const exp = evolveOperand(model, x0, ts, [sm.dag()], { kind: 'expm' });
  assert.equal(exp.stats.errorKind, 'rounding');
  let worst = 0;
  ts.forEach((_, k) => { worst = Math.max(worst, Math.hypot(exp.values[0].re[k] - exact[k][0], exp.values[0].im[k] - exact[k][1])); });
  assert.ok(exp.stats.errorEstimate !== null && worst <= exp.stats.errorEstimate && exp.stats.errorEstimate < 1e-11, `expm: error ${worst}, estimate ${exp.stats.errorEstimate}`);
});
