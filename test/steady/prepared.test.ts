import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareSteadyState, type SteadyStateResult } from '../../src/steady/steady.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel, emissionRate } from '../../src/paper/diamond.ts';

/** θ of the cavity family with the cavity loss κ and emitter decay γ replaced. */
function thetaAt(base: Float64Array, terms: ReadonlyArray<{ kind: string; channel?: number }>, kappa: number, gamma: number): Float64Array {
  const th = Float64Array.from(base);
  terms.forEach((t, k) => {
    if (t.kind === 'channel' && t.channel === 4) th[k] = kappa;
    if (t.kind === 'channel' && (t.channel === 2 || t.channel === 3)) th[k] = gamma;
  });
  return th;
}

const key = (r: SteadyStateResult): string => JSON.stringify([Array.from(r.rho.data, (x) => x + 0), r.certificate]);

test('prepared sector solves do not depend on what was solved before (refactorisation reuse is exact)', () => {
  // Cutoff 4: a sparse sector of 68 unknowns, whose pivots change along the κ range.
  const { model } = cavityModel({ kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 4 });
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 40; i++) points.push([0.01 * 10 ** (5 * i / 39), i % 3 === 0 ? 1 : 1e-3]);
  const forward = prepareSteadyState(model), backward = prepareSteadyState(model);
  const terms = forward.plan.liouvillian.terms as ReadonlyArray<{ kind: string; channel?: number }>;
  const th = points.map(([k, g]) => thetaAt(forward.plan.coefficients, terms, k, g));
  const a = th.map((t) => key(forward.solve(t)));
  const b = th.slice().reverse().map((t) => key(backward.solve(t))).reverse();
  for (let i = 0; i < th.length; i += 7) assert.equal(key(prepareSteadyState(model).solve(th[i])), a[i], `point ${i}: a fresh plan gives the same`);
  a.forEach((x, i) => assert.equal(x, b[i], `point ${i}: forward and backward order agree bit for bit`));
});

test('tiny sector families: generated kernels (from the second solve on) give the loops\' numbers', () => {
  // Diamond model: 4 levels (assembled certifying L), a 4-unknown dense sector (generated assembly, LU,
  // solve and refinement residual). A fresh plan solves with loops; a reused plan with the kernels.
  const { model } = diamondModel({ betaA: 0, betaS: 0, gammaPlus: 1 });
  const reused = prepareSteadyState(model);
  const terms = reused.plan.liouvillian.terms as ReadonlyArray<{ kind: string; channel?: number }>;
  const rates = (bA: number, bS: number) => [1, emissionRate(1, bS), 1, emissionRate(1, bA)];
  const points = [[0, 0], [1, -2], [-6, 6], [4, -2], [2.5, 0.3], [-1e-3, 5]];
  for (const [bA, bS] of [...points, ...points]) {
    const th = terms.map((t) => (t.kind === 'hamiltonian' ? 1 : rates(bA, bS)[t.channel!]));
    assert.equal(key(reused.solve(th)), key(prepareSteadyState(model).solve(th)), `β = (${bA}, ${bS})`);
  }
});

test('solveDeferred: the same certificate and, when ρ is read later (after other solves), the same ρ bit for bit', () => {
  const { model } = cavityModel({ kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 3 });
  const p = prepareSteadyState(model), q = prepareSteadyState(model);
  const terms = p.plan.liouvillian.terms as ReadonlyArray<{ kind: string; channel?: number }>;
  const th = [0.05, 0.7, 3, 40].map((k) => thetaAt(p.plan.coefficients, terms, k, 1e-3));
  const deferred = th.map((t) => p.solveDeferred(t)); // all solved before any ρ is read: buffers reused in between
  th.forEach((t, i) => {
    const eager = q.solve(t);
    assert.deepEqual(deferred[i].certificate, eager.certificate);
    assert.equal(key(deferred[i]), key(eager), `point ${i}`);
    assert.equal(deferred[i].rho, deferred[i].rho, 'built once, then the same object');
  });
  // The public solve returns a plain object: spreading keeps ρ.
  const spread = { ...p.solve(th[0]) };
  assert.ok(spread.rho && spread.rho.rows === 16);
});
