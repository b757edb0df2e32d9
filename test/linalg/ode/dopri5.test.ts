import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dopri5 } from '../../../src/linalg/ode/dopri5.ts';
import { OdeError } from '../../../src/linalg/ode/common.ts';
import { cvec, maxDiff } from './helpers.ts';

test('dopri5: the free dense output is as accurate as the step endpoints (rotation, many outputs)', () => {
  const w = 2;
  const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = -w * y[2]; dy[1] = -w * y[3]; dy[2] = w * y[0]; dy[3] = w * y[1]; };
  const y0 = cvec([[1, 0], [0, 0]]);
  for (const rtol of [1e-5, 1e-8]) {
    const dense = Array.from({ length: 1001 }, (_, k) => 0.01 * k);
    const r = dopri5(f, y0, dense, { rtol, atol: rtol * 1e-2 });
    assert.ok(r.stats.steps < 300, `steps ${r.stats.steps}`); // far fewer steps than outputs: interpolated
    let err = 0;
    dense.forEach((t, k) => { err = Math.max(err, maxDiff(r.states[k], cvec([[Math.cos(w * t), 0], [Math.sin(w * t), 0]]))); });
    const endOnly = dopri5(f, y0, [10], { rtol, atol: rtol * 1e-2 });
    const errEnd = maxDiff(endOnly.states[0], cvec([[Math.cos(20), 0], [Math.sin(20), 0]]));
    assert.ok(err < 5 * Math.max(errEnd, rtol), `rtol ${rtol}: dense error ${err} vs endpoint error ${errEnd}`);
    assert.ok(err < 10 * rtol, `rtol ${rtol}: dense error ${err}`);
  }
});

test('dopri5: time-dependent complex right-hand side y′ = i·t·y, y = e^{i t²/2}', () => {
  const f = (t: number, y: Float64Array, dy: Float64Array) => { dy[0] = -t * y[1]; dy[1] = t * y[0]; };
  const times = [0.5, 1, 2, 3];
  const r = dopri5(f, cvec([[1, 0]]), times, { rtol: 1e-10, atol: 1e-12 });
  times.forEach((t, k) => assert.ok(maxDiff(r.states[k], cvec([[Math.cos(t * t / 2), Math.sin(t * t / 2)]])) < 1e-9));
  // FSAL bookkeeping: 1 evaluation at t0, 1 for the starting step, then 6 per attempted step.
  assert.equal(r.stats.fevals, 2 + 6 * (r.stats.steps + r.stats.rejected));
});

test('dopri5: start time t0, hmax clamping, and PI-controlled steps', () => {
  const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = -y[0]; dy[1] = -y[1]; };
  const r = dopri5(f, cvec([[1, 0]]), [3, 4], { t0: 2, rtol: 1e-9, atol: 1e-12, hmax: 0.01 });
  assert.ok(r.stats.steps >= 200, `hmax ignored: ${r.stats.steps} steps`);
  assert.ok(Math.abs(r.states[1][0] - Math.exp(-2)) < 1e-10);
  assert.throws(() => dopri5(f, cvec([[1, 0]]), [1], { t0: 2 }), /before the start time/);
});

test('dopri5: finite-time blow-up ends in a clear step-size error, never NaN', () => {
  // y′ = y², y(0) = 1 → y = 1/(1 − t), singular at t = 1.
  const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = y[0] * y[0] - y[1] * y[1]; dy[1] = 2 * y[0] * y[1]; };
  assert.throws(() => dopri5(f, cvec([[1, 0]]), [0.5, 2]), (e: unknown) => e instanceof OdeError && /underflow|maxSteps/.test((e as Error).message));
  // A right-hand side that turns NaN partway: rejected steps shrink h until underflow, with a clear message.
  const g = (t: number, y: Float64Array, dy: Float64Array) => { dy[0] = t < 0.7 ? -y[0] : NaN; dy[1] = 0; };
  assert.throws(() => dopri5(g, cvec([[1, 0]]), [1]), /step size underflow.*at t = 0\.69.*non-finite/);
  const bad = (_t: number, _y: Float64Array, dy: Float64Array) => { dy[0] = NaN; };
  assert.throws(() => dopri5(bad, cvec([[1, 0]]), [1]), /f\(t0, y0\) is not finite/);
});

test('dopri5: maxSteps is enforced on a stiff problem', () => {
  const f = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = -1e5 * y[0]; dy[1] = -1e5 * y[1]; };
  assert.throws(() => dopri5(f, cvec([[1, 0]]), [10], { maxSteps: 500 }), /maxSteps = 500.*stiff/);
});
