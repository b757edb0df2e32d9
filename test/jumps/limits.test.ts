import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJumpBudget, decayOperator, jumpRate, trajectoriesSync } from '../../src/jumps/jumps.ts';
import { MAX_TOTAL_JUMPS } from '../../src/jumps/core.ts';
import { LindbladError } from '../../src/errors.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { fromMatrix, op } from '../../src/model/operator.ts';
import { basisKet } from '../../src/model/states.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { effectiveSampleSize } from '../../src/thermo/stochastic.ts';

const err = (code: string, field: RegExp) => (e: unknown) => e instanceof LindbladError && e.code === code && field.test(e.field ?? '');

test('grid (powers P^(2^j)) and Krylov propagators give the exact diagonal one\'s jump times, also for waits of 1e5 grid steps', () => {
  // [H, G] = 0: the 'normal' path is exact; forcing 'grid' must reproduce its jump times (same random numbers).
  const sp = space({ q: levels(3) });
  const t = (to: number, from: number) => op(sp, 'q', 'transition', { to, from });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(2),
    // One fast and one very slow channel: waits span from a fraction of a grid step to ~1e5 steps.
    channels: [{ operator: t(0, 1), rate: 1 }, { operator: t(1, 2), rate: 1e-4 }, { operator: t(2, 0), rate: 3e-4 }],
  });
  const opts = { count: 40, seed: 5 };
  const a = trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp, { q: 2 }) }, [3e4], { ...opts, propagator: 'auto' });
  const b = trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp, { q: 2 }) }, [3e4], { ...opts, propagator: 'grid' });
  assert.equal(a.stats.propagator, 'normal');
  assert.equal(b.stats.propagator, 'grid');
  const c = trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp, { q: 2 }) }, [3e4], { ...opts, propagator: 'krylov' });
  assert.equal(c.stats.propagator, 'krylov');
  assert.ok(a.jumps.times.length > 40);
  for (const other of [b, c]) {
    assert.deepEqual(other.jumpCounts, a.jumpCounts);
    for (let k = 0; k < a.jumps.times.length; k++) {
      const x = a.jumps.times[k], y = other.jumps.times[k];
      assert.ok(Math.abs(x - y) <= 1e-8 * Math.max(1, x), `${other.stats.propagator} jump ${k}: ${x} vs ${y}`);
    }
  }
});

test('a dark state reached through a non-normal H_eff: t = 1e9 finishes (1 jump each), t = 1e300 is refused naming the time', () => {
  // |0⟩ ↔ |1⟩ by H, |1⟩ → |2⟩ by the jump, |2⟩ dark: [H, G] ≠ 0, so the Krylov path crosses the long dark stretch.
  const n = 3, sp = space({ x: levels(n) });
  const h = new DenseMatrix(n, n);
  h.set(0, 1, 0.5); h.set(1, 0, 0.5);
  const l = new DenseMatrix(n, n);
  l.set(2, 1, 1);
  const model = lindbladModel(sp, { hamiltonian: fromMatrix(sp, h), channels: [{ operator: fromMatrix(sp, l), rate: 0.3 }] });
  const t0 = performance.now();
  const r = trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp) }, [1e9], { count: 50, seed: 2 });
  assert.equal(r.stats.propagator, 'krylov');
  assert.ok(r.jumpCounts.every((c) => c === 1));
  assert.ok(Math.abs(r.populations.mean[0][2] - 1) < 1e-12);
  assert.ok(performance.now() - t0 < 10_000);
  assert.throws(() => trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp) }, [1, 1e300], { count: 1, seed: 1 }),
    (e: unknown) => err('unsupported', /^times\[1\]$/)(e) && /no-jump propagator/.test((e as Error).message));
});

test('non-finite or overflowing operators are refused naming the term', () => {
  const sp = space({ q: qubit() });
  const big = new DenseMatrix(2, 2);
  big.set(0, 1, 1e200);
  const cases = [
    lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x'), channels: [{ operator: fromMatrix(sp, big), rate: 1e10 }] }),
    lindbladModel(sp, { hamiltonian: fromMatrix(sp, DenseMatrix.fromRows([[1e308, 1e308], [1e308, -1e308]])) }),
  ];
  for (const model of cases) {
    assert.throws(() => decayOperator(model), err('invalid-input', /^(hamiltonian|channels\[0\])$/));
    assert.throws(() => trajectoriesSync(model, { kind: 'ket', psi: basisKet(sp) }, [1], { count: 1, seed: 1 }), err('invalid-input', /^(hamiltonian|channels\[0\])$/));
  }
});

test('jump budget: the steady jump rate Tr(Gρ_ss) (thermal qubit: γ↓p_e + γ↑p_g), and runs expected beyond the limit are refused', () => {
  const sp = space({ q: qubit() }), down = 0.4, up = 0.1;
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: down }, { operator: op(sp, 'q', 'sigma_plus'), rate: up }] });
  const pe = up / (up + down), rate = jumpRate(model, steadyState(model).rho);
  assert.ok(Math.abs(rate - (down * pe + up * (1 - pe))) < 1e-14, String(rate));
  checkJumpBudget(1000, rate, MAX_TOTAL_JUMPS / rate / 1000); // exactly at the limit: allowed
  assert.throws(() => checkJumpBudget(1000, rate, 1e300), err('unsupported', /^times$/));
  assert.throws(() => checkJumpBudget(10, rate, 1e300, 't'), err('unsupported', /^t$/));
});

test('Kish effective sample size of e^(−Σ): n for equal Σ, ~1 when one trajectory dominates, no overflow for |Σ| ~ 1e3', () => {
  assert.equal(effectiveSampleSize(new Float64Array(50).fill(110)), 50);
  assert.ok(Math.abs(effectiveSampleSize(Float64Array.of(0, 40, 40, 40)) - 1) < 1e-15);
  const big = Float64Array.from({ length: 1000 }, (_, k) => -800 + (k % 2)); // e^800 overflows, the ratio does not
  const want = (500 * (1 + Math.exp(-1))) ** 2 / (500 * (1 + Math.exp(-2)));
  assert.ok(Math.abs(effectiveSampleSize(big) - want) < 1e-9 * want);
});
