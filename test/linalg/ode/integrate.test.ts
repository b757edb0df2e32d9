import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseMatrix } from '../../../src/linalg/dense.ts';
import { CsrMatrix } from '../../../src/linalg/sparse.ts';
import { integrateLinear, OdeError, type LinearMethod } from '../../../src/linalg/ode/index.ts';
import { cvec, diagonalisable, maxAbs, maxDiff, rng } from './helpers.ts';

const METHODS: LinearMethod[] = [
  { kind: 'dopri5', rtol: 1e-10, atol: 1e-12 },
  { kind: 'implicit', rtol: 1e-10, atol: 1e-12 },
  { kind: 'expm' },
];

test('scalar decay y′ = −k·y matches e^{−kt} for every method (real and complex k)', () => {
  for (const [kr, ki] of [[0.7, 0], [0.5, 3]]) {
    const a = CsrMatrix.fromDense(DenseMatrix.fromRows([[[-kr, -ki]]]));
    const y0 = cvec([[2, -1]]);
    const times = [0, 0.3, 1, 2.5, 4, 4, 10];
    for (const m of METHODS) {
      const { states } = integrateLinear(a, y0, times, m);
      assert.equal(states.length, times.length);
      times.forEach((t, k) => {
        const mag = Math.exp(-kr * t), c = mag * Math.cos(-ki * t), s = mag * Math.sin(-ki * t);
        const exact = cvec([[2 * c + s, -c + 2 * s]]); // (2 − i)·e^{−kt}
        const err = maxDiff(states[k], exact);
        assert.ok(err < 50 * 1e-10 * 2.3 + 1e-12, `${m.kind} k=${kr}+${ki}i t=${t}: error ${err}`);
      });
    }
  }
});

test('2×2 rotation (eigenvalues ±iω) matches cos/sin for every method', () => {
  const w = 1.7;
  const a = CsrMatrix.fromDense(DenseMatrix.fromRows([[0, -w], [w, 0]]));
  const y0 = cvec([[1, 0], [0, 0]]);
  const times = Array.from({ length: 41 }, (_, k) => 0.25 * k);
  for (const m of METHODS) {
    const { states } = integrateLinear(a, y0, times, m);
    times.forEach((t, k) => {
      const err = maxDiff(states[k], cvec([[Math.cos(w * t), 0], [Math.sin(w * t), 0]]));
      // Error per step is controlled, so the global error on a neutral problem grows with the step count.
      assert.ok(err < 2e-8, `${m.kind} t=${t}: error ${err}`);
    });
  }
});

test('random complex 6×6 A = V·D·V⁻¹ (Re λ < 0): every method matches V·e^{Dt}·V⁻¹·y0', () => {
  const rand = rng(20250611);
  const lambdas: Array<[number, number]> = [[-0.05, 2], [-0.05, -2], [-0.4, 0.3], [-1, 0], [-2.5, 1.2], [-0.01, 0.7]];
  const { a, exact } = diagonalisable(lambdas, rand);
  const y0 = new Float64Array(12).map(() => 2 * rand() - 1);
  const times = [0, 0.5, 1, 3, 7.5, 15];
  for (const m of METHODS) {
    const { states } = integrateLinear(CsrMatrix.fromDense(a), y0, times, m);
    times.forEach((t, k) => {
      const ref = exact(t).matvec(y0);
      const err = maxDiff(states[k], ref) / Math.max(1, maxAbs(ref));
      const bound = m.kind === 'expm' ? 1e-12 : 5e-8;
      assert.ok(err < bound, `${m.kind} t=${t}: relative error ${err}`);
    });
  }
});

test('defaults are rtol 1e-8 / atol 1e-10 with the implicit method; stats are reported', () => {
  const a = CsrMatrix.fromDense(DenseMatrix.fromRows([[-1, 0.5], [0, -3]]));
  const r = integrateLinear(a, cvec([[1, 0], [1, 0]]), [0, 1, 2]);
  assert.equal(r.stats.method, 'implicit');
  assert.ok(r.stats.steps > 0 && r.stats.factorizations > 0 && r.stats.solves > 0);
  // y2 = e^{−3t}, y1 = e^{−t} + 0.5·(e^{−t} − e^{−3t})/2
  const e1 = Math.exp(-2), e3 = Math.exp(-6);
  assert.ok(maxDiff(r.states[2], cvec([[e1 + 0.25 * (e1 - e3), 0], [e3, 0]])) < 1e-7);
});

test('invalid times, states and tolerances are rejected with clear errors', () => {
  const a = CsrMatrix.identity(2).scale(-1);
  const y0 = cvec([[1, 0], [0, 1]]);
  const bad: Array<[number[], RegExp]> = [
    [[0, 2, 1], /non-decreasing.*times\[2\]/],
    [[-1, 0], /before the start time/],
    [[0, NaN], /times\[1\].*not a finite/],
    [[0, Infinity], /times\[1\].*not a finite/],
  ];
  for (const m of METHODS) {
    for (const [times, re] of bad) assert.throws(() => integrateLinear(a, y0, times, m), (e: unknown) => e instanceof OdeError && re.test((e as Error).message));
    assert.throws(() => integrateLinear(a, new Float64Array(6), [1], m), /expected 2/);
    assert.throws(() => integrateLinear(a, cvec([[NaN, 0], [0, 0]]), [1], m), /not finite/);
    assert.deepEqual(integrateLinear(a, y0, [], m).states, []);
  }
  assert.throws(() => integrateLinear(a, y0, [1], { kind: 'implicit', rtol: -1, atol: 0 }), /tolerances/);
  assert.throws(() => integrateLinear(a, y0, [1], { kind: 'dopri5', rtol: 0, atol: 0 }), /both be zero/);
  assert.throws(() => integrateLinear(a, y0, [1], { kind: 'expm', maxDim: 1 }), /dense 2×2.*limit 1/);
  assert.throws(() => integrateLinear(CsrMatrix.zeros(2, 3), y0, [1]), /square/);
});

test('outputs at t = 0 and repeated times return copies of the state', () => {
  const a = CsrMatrix.identity(1).scale(-1);
  const y0 = cvec([[1, 0]]);
  for (const m of METHODS) {
    const { states } = integrateLinear(a, y0, [0, 0, 1, 1], m);
    assert.deepEqual(Array.from(states[0]), [1, 0]);
    assert.notEqual(states[0], y0);
    assert.notEqual(states[0], states[1]);
    assert.deepEqual(Array.from(states[2]), Array.from(states[3]));
    assert.ok(Math.abs(states[3][0] - Math.exp(-1)) < 1e-8);
    // Gaps below the time resolution are not an error (no step-size underflow).
    const tiny = integrateLinear(a, y0, [1, 1 + Number.EPSILON, 1 + 2 * Number.EPSILON], m).states;
    assert.ok(Math.abs(tiny[2][0] - Math.exp(-1)) < 1e-8);
    assert.deepEqual(Array.from(integrateLinear(a, y0, [Number.MIN_VALUE], m).states[0]), [1, 0]);
  }
});
