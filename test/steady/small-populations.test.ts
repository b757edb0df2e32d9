import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { space, fock, levels } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { ROUTES, checkCertificate, checkVouched } from './routes.ts';

/**
 * A damped oscillator at inverse temperature βω (Fock cutoff N): rates γ(n̄+1) for a, γn̄ for a†,
 * n̄ = 1/(e^{βω} − 1). Exact: p_k = e^{−kβω}/Σ_j e^{−jβω} (detailed balance, independent of γ and of the
 * cutoff). kβω is an exact double for the integer βω used, so the reference is good to a few ulps.
 */
function thermalLadder(betaOmega: number, cutoff: number): { model: LindbladModel; exact: number[] } {
  const sp = space({ c: fock(cutoff) });
  const nbar = 1 / Math.expm1(betaOmega);
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'c', 'n'),
    channels: [{ operator: op(sp, 'c', 'a'), rate: nbar + 1 }, { operator: op(sp, 'c', 'a_dag'), rate: nbar }],
  });
  const w = Array.from({ length: cutoff + 1 }, (_, k) => Math.exp(-k * betaOmega));
  const z = w.reduce((a, b) => a + b, 0);
  return { model, exact: w.map((x) => x / z) };
}

/**
 * A birth–death chain on levels 0…n−1 (up_k: k → k+1, down_k: k+1 → k) with H = diag(k): exact
 * p_k ∝ Π_{j<k} up_j/down_j (products in double: relative error ≤ (n − 1)u).
 */
function birthDeath(up: number[], down: number[]): { model: LindbladModel; exact: number[] } {
  const n = up.length + 1, sp = space({ x: levels(n) });
  const t = (to: number, from: number) => op(sp, 'x', 'transition', { to, from });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'x', 'n'),
    channels: up.flatMap((u, k) => [{ operator: t(k + 1, k), rate: u }, { operator: t(k, k + 1), rate: down[k] }]),
  });
  const w = [1];
  for (let k = 0; k < n - 1; k++) w.push(w[k] * (up[k] / down[k]));
  const z = w.reduce((a, b) => a + b, 0);
  return { model, exact: w.map((x) => x / z) };
}

test('thermal ladders up to βω = 60: every population accurate relative to itself, on every route', () => {
  for (const [bw, cutoff] of [[1, 5], [20, 5], [40, 6], [60, 8]]) {
    const { model, exact } = thermalLadder(bw, cutoff);
    for (const route of ROUTES) {
      const what = `βω = ${bw}, cutoff ${cutoff}, ${route.name}`;
      const res = steadyState(model, route.options);
      checkCertificate(model, res, what);
      // the Fock cutoff check: the top level's closed-form population, 'truncated' above 1e-6 (βω = 1: 4.3e-3)
      const top = res.certificate.truncation![0].topPopulation, exactTop = exact[exact.length - 1];
      assert.ok(Math.abs(top - exactTop) <= 1e-13 * exactTop, `${what}: top-level population ${top} vs ${exactTop}`);
      assert.equal(res.certificate.status, exactTop > 1e-6 ? 'truncated' : 'unique', what);
      assert.equal(res.certificate.conditioning!.vouchedAbove, 0, `${what}: every population vouched for`);
      exact.forEach((e, k) => {
        const rel = Math.abs(res.rho.re(k, k) - e) / e;
        assert.ok(rel <= 1e-13, `${what}: p_${k} = ${res.rho.re(k, k)} vs ${e} (relative ${rel})`);
      });
      checkVouched(res, exact, what);
    }
  }
});

test('a long thermal ladder through the sparse routes: 31 levels, populations down to 1e-66', () => {
  const { model, exact } = thermalLadder(5, 30);
  for (const route of ROUTES) {
    const res = steadyState(model, route.options);
    checkCertificate(model, res, route.name);
    exact.forEach((e, k) => assert.ok(Math.abs(res.rho.re(k, k) - e) <= 1e-13 * e, `${route.name}: p_${k}`));
  }
});

test('birth–death chains with rate ratios up to 1e28: the product of rate ratios, on every route', () => {
  const chains: Array<[string, number[], number[]]> = [
    ['ratio 1e-28 per step', Array.from({ length: 7 }, () => 1e-28), Array.from({ length: 7 }, (_, k) => 1 + k)],
    ['ratio 1e28 per step', Array.from({ length: 7 }, (_, k) => 1 + k), Array.from({ length: 7 }, () => 1e-28)],
    ['alternating 1e±14', Array.from({ length: 9 }, (_, k) => (k % 2 ? 1e14 : 1e-14)), Array.from({ length: 9 }, () => 1)],
  ];
  for (const [name, up, down] of chains) {
    const { model, exact } = birthDeath(up, down);
    for (const route of ROUTES) {
      const what = `${name}, ${route.name}`;
      const res = steadyState(model, route.options);
      checkCertificate(model, res, what);
      assert.ok(res.certificate.unique, what);
      checkVouched(res, exact, what);
      const full = route.options.method?.kind === 'direct' && route.options.method.sectors === false;
      if (!full || name !== 'alternating 1e±14') {
        exact.forEach((e, k) => { if (e > 1e-300) assert.ok(Math.abs(res.rho.re(k, k) - e) <= 1e-12 * e, `${what}: p_${k} = ${res.rho.re(k, k)} vs ${e}`); });
      } else {
        // Pairs of states joined by rates 1 and 1e14 and to their neighbours by 1e-14: the unreduced system,
        // whose coherences rule out the Markov solver, is numerically near-singular — and says so.
        assert.equal(res.certificate.status, 'ill-conditioned', what);
      }
    }
  }
});

test('nearly decoupled pairs with rates 1e±14 and 1e±28: exact where the structure allows (GTH), honest elsewhere', () => {
  const up = [1e-14, 1e14, 3e-28, 1, 2e13, 1e-28, 5, 1e-14, 1e14, 3e-28, 1, 2e13];
  const down = [1, 1e-14, 1, 1e28, 1e-15, 7, 1, 1, 1e-14, 1, 1e28, 1e-15];
  const { model, exact } = birthDeath(up, down);
  for (const route of ROUTES) {
    const what = route.name, res = steadyState(model, route.options);
    checkCertificate(model, res, what);
    assert.ok(res.certificate.unique, `${what}: one closed class, unique however stiff`);
    const worst = checkVouched(res, exact, what);
    if (route.options.method?.kind !== 'direct' || route.options.method.sectors !== false) {
      // the populations-only sector is a Markov generator: GTH, every population to relative 1e-13
      assert.match(res.certificate.solver, /GTH/, what);
      assert.equal(res.certificate.conditioning!.vouchedAbove, 0, what);
      assert.ok(worst <= 1e-13, `${what}: worst relative error ${worst}`);
    }
  }
});
