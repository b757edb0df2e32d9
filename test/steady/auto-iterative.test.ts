/**
 * method 'auto' takes sparse GMRES + ILU(0) (iterative.ts) for a sparse L whose LU fills in and whose
 * Schur-basis Krylov operator is dense: a qubit between two driven cavities (no U(1) sector). Before,
 * 'auto' took Schur-preconditioned GMRES there: n = 98 in 6.1 s and n = 198 in 67 s, against 0.37 s and
 * 1.0 s for ILU-GMRES (bench/steady-choice.bench.ts; QuTiP's direct steadystate: 226 s at n = 198). The answer is checked against the
 * direct LU within both certificates' error bounds, and the fall-back of a stalled attempt is exercised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { space, fock, qubit, op, lindbladModel, steadyState, randomModel, type LindbladModel } from '../../src/index.ts';
import { AutoChoice } from '../../src/steady/auto.ts';
import { SectorPlan } from '../../src/steady/plan.ts';
import { resolveSteadyOptions } from '../../src/steady/options.ts';

function twoCavities(na: number, nb: number): LindbladModel {
  const sp = space({ a: fock(na), q: qubit(), b: fock(nb) });
  const a = op(sp, 'a', 'a'), b = op(sp, 'b', 'a'), sm = op(sp, 'q', 'sigma_minus');
  return lindbladModel(sp, {
    hamiltonian: a.dag().times(sm).plus(sm.dag().times(a)).scale(0.3).plus(b.dag().times(sm).plus(sm.dag().times(b)).scale(0.2)).plus(a.plus(a.dag()).scale(0.1)),
    channels: [{ operator: a, rate: 1.005 }, { operator: a.dag(), rate: 0.005 }, { operator: b, rate: 0.5005 }, { operator: b.dag(), rate: 0.0005 }, { operator: sm, rate: 0.1 }],
  });
}

function maxDiff(x: { rows: number; re(i: number, j: number): number; im(i: number, j: number): number }, y: typeof x): number {
  let d = 0;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.rows; j++) d = Math.max(d, Math.abs(x.re(i, j) - y.re(i, j)), Math.abs(x.im(i, j) - y.im(i, j)));
  return d;
}

test('auto takes GMRES + ILU(0) on a sparse L that fills in (two driven cavities); ρ equals the LU\'s within both error bounds', () => {
  for (const [na, nb] of [[6, 6], [4, 7]]) {
    const model = twoCavities(na, nb), auto = steadyState(model), c = auto.certificate;
    assert.equal(c.method?.kind, 'iterative', c.method?.reason);
    assert.match(c.method!.reason, /ILU\(0\)-preconditioned GMRES/);
    const p = c.method!.predicted!;
    assert.ok(p.iterative! < p.direct && p.iterative! < p.krylov, JSON.stringify(p));
    assert.match(c.solver, /gmres \+ ILU\(0\)/);
    assert.ok(c.status === 'unique' || c.status === 'truncated', c.status);
    const direct = steadyState(model, { method: { kind: 'direct' } });
    const d = maxDiff(auto.rho, direct.rho), bound = c.conditioning!.errorBound + direct.certificate.conditioning!.errorBound;
    assert.ok(d <= bound && bound <= 1e-9, `cutoffs ${na}/${nb}: |Δρ| ${d.toExponential(2)}, bounds ${bound.toExponential(2)}`);
    assert.deepEqual(c.truncation!.map((t) => t.mode), ['a', 'b']); // the cutoff check runs on this route too
  }
});

test('auto keeps its earlier choices where ILU-GMRES is not predicted cheaper: local random → LU, unstructured → Krylov', () => {
  assert.equal(steadyState(randomModel({ structure: 'local', dim: 30, seed: 3 })).certificate.method?.kind, 'direct');
  assert.equal(steadyState(randomModel({ structure: 'unstructured', dim: 20, seed: 3 })).certificate.method?.kind, 'krylov');
});

test('an ILU-GMRES attempt that does not converge within its limit falls back to the next-cheapest method, and says so', () => {
  const model = twoCavities(6, 6), o = resolveSteadyOptions({}, 'active');
  const plan = new SectorPlan(model, 'active', { sectors: o.sectors, solve: { kind: 'direct', factorization: o.solver }, tol: o.degeneracyTolerance, exchange: o.exchange, oneOff: true });
  const auto = new AutoChoice(model, plan);
  assert.equal(auto.choice.kind, 'iterative');
  (auto as unknown as { choice: object }).choice = { ...auto.choice, maxIterations: 1 }; // a limit no attempt meets
  const out = auto.at(() => model, o);
  const p = auto.choice.predicted!, next = p.krylov < p.direct ? 'krylov' : 'direct';
  const method = 'certificate' in out ? out.certificate.method! : out;
  assert.equal(method.kind, next);
  assert.match(method.reason, /did not converge within 1 iterations/);
  if ('certificate' in out) {
    const direct = steadyState(model, { method: { kind: 'direct' } });
    assert.ok(maxDiff(out.rho, direct.rho) <= 1e-9);
  }
});
