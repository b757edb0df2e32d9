import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolve, OUTPUT_TOLERANCE, type EvolveMethod } from '../../src/evolve/evolve.ts';
import { ACCURATE_ERROR, LOST_ERROR } from '../../src/evolve/long-time.ts';
import { LindbladError } from '../../src/errors.ts';
import { space, qubit } from '../../src/model/space.ts';
import { op, fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { basisKet, ketToDensity } from '../../src/model/states.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { expm, norm1 } from '../../src/linalg/ode/expm.ts';
import { OdeError } from '../../src/linalg/ode/index.ts';
import { minEigenvalueBlockwise } from '../../src/linalg/blocks.ts';

const METHODS: EvolveMethod[] = [{ kind: 'auto' }, { kind: 'expm' }, { kind: 'implicit' }, { kind: 'dopri5' }];

/** A qubit with H = ω n, decay γ↓ and excitation γ↑: p_e(t) = p∞(1 − e^{−Γt}) from |g⟩, Γ = γ↓ + γ↑, p∞ = γ↑/Γ. */
function thermalQubit(omega: number, down: number, up: number) {
  const sp = space({ q: qubit() });
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(omega),
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: down }, { operator: op(sp, 'q', 'sigma_plus'), rate: up }],
  });
}

test('long times follow the closed form p_e(t) = p∞(1 − e^{−Γt}) up to t = 1e308, with every method (trace kept, steady state switch stated)', () => {
  const down = 0.158, up = 0.058, model = thermalQubit(1, down, up);
  const g = ketToDensity(basisKet(model.space)), pInf = up / (down + up);
  // Before: expm gave |Tr ρ − 1| = 1.3e-7 at t = 1e10 and populations of 1e-41 at t = 1e20.
  const times = [0, 3, 1e3, 1e6, 1e10, 1e20, 1e100, 1e308];
  for (const method of METHODS) {
    // Exact propagation is accurate to ~ε‖L‖₁t ≤ ACCURATE_ERROR up to t_acc (1e-12 at small t); integrators to their rtol.
    const tol = method.kind === 'auto' || method.kind === 'expm' ? 2 * ACCURATE_ERROR : 1e-7;
    const { states, stats } = evolve(model, g, times, { method });
    times.forEach((t, k) => {
      const exact = pInf * -Math.expm1(-(down + up) * t);
      const rho = states![k];
      assert.ok(Math.abs(rho.re(1, 1) - exact) <= tol, `${method.kind} t=${t}: ${rho.re(1, 1)} vs ${exact}`);
      assert.ok(Math.abs(rho.trace()[0] - 1) <= tol, `${method.kind} t=${t}: trace ${rho.trace()[0]}`);
      if (t <= 1e3 && tol < 1e-9) assert.ok(Math.abs(rho.re(1, 1) - exact) <= 1e-12, `${method.kind} t=${t}`);
    });
    assert.ok(stats.traceError <= OUTPUT_TOLERANCE && stats.minEigenvalue !== null && stats.minEigenvalue >= -1e-12);
    const lt = stats.longTime;
    assert.ok(lt.steadyFrom !== null && lt.steadyFrom <= lt.accurateUntil && lt.accurateUntil < 1e10, `${method.kind}: ${JSON.stringify(lt)}`);
    assert.ok(lt.distance! <= 1e-7 && lt.roundingError <= ACCURATE_ERROR);
  }
});

test('without a steady state to relax to (a closed qubit), times up to t_lost are integrated and later ones refused, naming the time', () => {
  const sp = space({ q: qubit() }), omega = 1;
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(omega / 2) });
  const g = ketToDensity(basisKet(sp));
  // Rabi oscillation p_e(t) = sin²(Ωt/2); at t = 1e8 the rounding estimate ε‖L‖₁t is ~2e-8.
  const times = [0, 1, 1e5, 1e8];
  const { states, stats } = evolve(model, g, times);
  times.forEach((t, k) => {
    const exact = Math.sin((omega * t) / 2) ** 2;
    assert.ok(Math.abs(states![k].re(1, 1) - exact) <= 1e-6, `t=${t}: ${states![k].re(1, 1)} vs ${exact}`);
  });
  assert.equal(stats.longTime.steadyFrom, null);
  assert.ok(stats.longTime.roundingError > ACCURATE_ERROR && stats.longTime.roundingError <= LOST_ERROR);
  // The exponential refuses beyond t_lost; the integrators give up at their step limit (oscillations never let the step grow).
  assert.throws(() => evolve(model, g, [0, 1, 1e20], { method: { kind: 'expm' } }), (e: unknown) =>
    e instanceof LindbladError && e.code === 'not-converged' && e.field === 'times[2]' && /no unique stationary state/.test(e.message));
  for (const method of METHODS) {
    assert.throws(() => evolve(model, g, [0, 1, 1e20], { method }), (e: unknown) => e instanceof LindbladError && e.code === 'not-converged', method.kind);
  }
});

test('every returned output passes the trace and positivity checks (a property over methods, times and models)', () => {
  const models = [thermalQubit(1, 0.158, 0.058), thermalQubit(0, 1e-3, 0), thermalQubit(3, 2, 2)];
  for (const model of models) {
    const g = ketToDensity(basisKet(model.space));
    for (const method of METHODS) {
      for (const tMax of [0.5, 50, 1e4, 1e7, 1e12, 1e200]) {
        let res;
        try {
          res = evolve(model, g, [0, tMax / 3, tMax], { method });
        } catch (e) {
          assert.ok(e instanceof LindbladError && e.code === 'not-converged', `${method.kind} ${tMax}: ${(e as Error).message}`);
          continue;
        }
        for (const rho of res.states!) {
          assert.ok(Math.abs(rho.trace()[0] - 1) <= OUTPUT_TOLERANCE);
          assert.ok(minEigenvalueBlockwise(rho) >= -OUTPUT_TOLERANCE);
        }
      }
    }
  }
});

test('10⁵ output times: no stack overflow (no spread of the time list into a call)', () => {
  const model = thermalQubit(1, 0.3, 0.1), g = ketToDensity(basisKet(model.space));
  const times = Array.from({ length: 100_000 }, (_, k) => k * 1e-4);
  const { states, stats } = evolve(model, g, times, { keepStates: false, observables: { n: op(model.space, 'q', 'n') } });
  assert.equal(states, undefined);
  assert.equal(stats.method, 'expm');
});

test('expm: ‖A‖₁ does not overflow for entries near 1e300, and exp of a huge matrix fails fast instead of looping', () => {
  const a = new DenseMatrix(2, 2);
  a.set(0, 0, -3e300); a.set(1, 0, 3e300); a.set(0, 1, 1e300, 1e300);
  assert.ok(Math.abs(norm1(a) - 6e300) <= 1e286, String(norm1(a)));
  const t0 = performance.now();
  for (const s of [1e-100, 1, 1e8]) {
    try {
      const e = expm(a.scale(s));
      assert.ok(e.isFinite());
    } catch (err) {
      assert.ok(err instanceof OdeError, String(err));
    }
  }
  assert.throws(() => expm(a.scale(1e10)), OdeError); // entries overflow to ±Infinity
  assert.ok(performance.now() - t0 < 2000);
});

test('a Liouvillian that overflows double precision is refused up front, naming the model', () => {
  const sp = space({ q: qubit() });
  const big = new DenseMatrix(2, 2);
  big.set(0, 1, 1e200);
  const model = lindbladModel(sp, { channels: [{ operator: fromMatrix(sp, big), rate: 1e200 }] });
  assert.throws(() => evolve(model, ketToDensity(basisKet(sp)), [0, 1]), (e: unknown) => e instanceof LindbladError && e.code === 'invalid-input' && e.field === 'model');
});
