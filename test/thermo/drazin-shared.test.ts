/**
 * The Drazin inverse L^# of the counting statistics goes through the steady-state solve's own factorisation
 * (steady/sector-solve.ts → SectorSolved.factorisation → linalg/group-inverse.ts), so computing cumulants
 * makes no second factorisation. Checked here:
 *  - L^# b through the shared LU (dense and sparse sector backends, the sector and the full route, random
 *    dense models) equals L^# b through a factorisation made for it alone (the previous route) to 1e-13
 *    relative, and solves L x = Q b, Tr x = 0 (the defining equations, not the code's own numbers);
 *  - the trace-bordered factorisation (the solver's fallback) serves as well;
 *  - counting factorisations (a spy on the two LU entry points): TiltedSystem makes exactly the steady-state
 *    solve's, cumulants 1–4 then make none — except on the GTH route, which has no LU and makes its own one;
 *  - a handle is refused once its solver has refactorised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { fromMatrix, op } from '../../src/model/operator.ts';
import { levels, qubit, space } from '../../src/model/space.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { SystemPattern } from '../../src/linalg/pattern-system.ts';
import { DenseLuReal } from '../../src/linalg/lu.ts';
import { GroupInverse, dotReal, realMatvec } from '../../src/linalg/group-inverse.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { TiltedSystem, cumulants } from '../../src/thermo/counting.ts';
import type { CountingField } from '../../src/thermo/counting-field.ts';
import { prepareSteadyState } from '../../src/steady/steady.ts';
import { SectorSolved } from '../../src/steady/sector-solved.ts';
import { DenseBackend } from '../../src/steady/sector-dense.ts';
import { SparseBackend } from '../../src/steady/sector-sparse.ts';
import { ETA } from '../../src/steady/sector-solve.ts';

/** Deterministic uniform numbers in [−1, 1) (LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s / 2 ** 32) * 2 - 1; };
}

/** A random n-level model: Hermitian H, three dense jump operators (no symmetry: the full route). */
function randomModel(n: number, seed: number): LindbladModel {
  const r = rng(seed), sp = space({ a: levels(n) });
  const mat = (herm: boolean) => {
    const m = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, r(), r());
    if (herm) for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      const [a, b] = [m.get(i, j), m.get(j, i)], re = (a[0] + b[0]) / 2, im = (a[1] - b[1]) / 2;
      m.set(i, j, re, i === j ? 0 : im); m.set(j, i, re, i === j ? 0 : -im);
    }
    return fromMatrix(sp, m);
  };
  const channels = [0, 1, 2].map((k) => ({ operator: mat(false), rate: 0.5 + k + r() * 0.25, bath: `b${k}` }));
  return lindbladModel(sp, { hamiltonian: mat(true), channels });
}

const cav = (cutoff: number) => cavityModel({ g: 1, kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff }).model;
const CASES: { label: string; model: () => LindbladModel; field: CountingField; kind: 'dense' | 'sparse' | 'gth' }[] = [
  { label: 'diamond (bell) heat S', model: () => diamondModel({ betaA: 5, betaS: 0 }).model, field: { kind: 'heat', bath: 'S' }, kind: 'gth' },
  { label: 'diamond (product) entropy', model: () => diamondModel({ betaA: 1.5, betaS: -0.7, basis: 'product' }).model, field: { kind: 'entropy' }, kind: 'dense' },
  { label: 'cavity cutoff 4', model: () => cav(4), field: { kind: 'heat', bath: 'cavity' }, kind: 'sparse' },
  { label: 'cavity cutoff 16', model: () => cav(16), field: { kind: 'heat', bath: 'cavity' }, kind: 'sparse' },
  { label: 'random 3 levels (full route)', model: () => randomModel(3, 7), field: { kind: 'weights', weights: [1, -0.5, 2] }, kind: 'dense' },
  { label: 'random 4 levels (full route)', model: () => randomModel(4, 11), field: { kind: 'weights', weights: [0, 1, 1] }, kind: 'dense' },
  { label: 'random 6 levels (full route)', model: () => randomModel(6, 23), field: { kind: 'weights', weights: [1, 0, -1] }, kind: 'sparse' },
];

const maxAbs = (x: ArrayLike<number>) => { let m = 0; for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i])); return m; };

/** ‖g(b) − h(b)‖_∞ / ‖h(b)‖_∞ over random b, and the defining equations L x = Q b, Tr x = 0 for g. */
function compare(sys: TiltedSystem, g: GroupInverse, h: GroupInverse, seed: number, what: string): number {
  const r = rng(seed), m = sys.size, normL = sys.generator.normInf();
  let worst = 0;
  for (let k = 0; k < 4; k++) {
    const b = Float64Array.from({ length: m }, () => r());
    if (k % 2 === 0) { const t = dotReal(sys.trace, b); for (const d of sys.numbering.diagonal) b[d] -= t / sys.numbering.diagonal.length; } // Tr b = 0
    const x = g.apply(b), y = h.apply(b);
    let d = 0;
    for (let i = 0; i < m; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
    worst = Math.max(worst, d / maxAbs(y));
    const lx = realMatvec(sys.generator, x), tb = dotReal(sys.trace, b);
    let res = 0;
    for (let i = 0; i < m; i++) res = Math.max(res, Math.abs(lx[i] - (b[i] - sys.steady[i] * tb)));
    assert.ok(res <= 1e-14 * (normL * maxAbs(x) + maxAbs(b)), `${what}: residual ${res}`);
    assert.ok(Math.abs(dotReal(sys.trace, x)) <= 1e-13 * maxAbs(x), `${what}: Tr x = ${dotReal(sys.trace, x)}`);
  }
  return worst;
}

test('L^# through the steady-state LU equals L^# through its own factorisation (1e-13), dense and sparse, sector and full route', () => {
  for (const c of CASES) {
    const sys = new TiltedSystem(c.model(), c.field);
    const shared = sys.drazin(), own = sys.drazin('own');
    assert.equal(sys.steadyCertificate.solver.startsWith({ dense: 'dense LU', sparse: 'sparse LU', gth: 'GTH' }[c.kind]), true, `${c.label}: ${sys.steadyCertificate.solver}`);
    assert.equal(own.source, 'own');
    if (c.kind === 'gth') { assert.equal(shared.source, 'own', `${c.label}: GTH has no LU`); continue; }
    assert.equal(shared.source, 'shared', `${c.label}: the steady route had an LU`);
    const d = compare(sys, shared, own, 5, c.label);
    assert.ok(d <= 1e-13, `${c.label}: shared vs own ${d}`);
    const a = cumulants(sys, 4), b = cumulants(sys, 4, () => own);
    assert.equal(a.drazin.factorisation, 'steady-state solve');
    assert.equal(b.drazin.factorisation, 'own');
    const scale = Math.max(...b.cumulants.map(Math.abs));
    a.cumulants.forEach((v, k) => assert.ok(Math.abs(v - b.cumulants[k]) <= 1e-12 * scale, `${c.label}: c${k + 1} ${v} vs ${b.cumulants[k]}`));
    assert.ok(a.drazin.relativeResidual < 1e-14, `${c.label}: residual ${a.drazin.relativeResidual}`);
  }
});

test('the trace-bordered factorisation (the sector solver\'s fallback) applies L^# as well, dense and sparse backends', () => {
  for (const c of [CASES[1], CASES[3], CASES[6]]) {
    const sys = new TiltedSystem(c.model(), c.field), num = sys.numbering;
    const weights = new Float64Array(num.diagonal.length).fill(1);
    for (const kind of ['dense', 'sparse'] as const) {
      const be = kind === 'dense' ? new DenseBackend([sys.generator], num.diagonal, weights, sys.size, 'test') : new SparseBackend([sys.generator], num.diagonal, weights, 'test');
      be.assemble([1]);
      const cond = be.factor(-1);
      assert.ok(cond && be.solve(ETA), `${c.label} ${kind}: bordered factorisation`);
      const f = be.factorisation(cond!);
      assert.equal(f.pin, -1);
      const g = new GroupInverse(sys.generator, sys.trace, sys.steady, f);
      const d = compare(sys, g, sys.drazin('own'), 9, `${c.label} ${kind} bordered`);
      assert.ok(d <= 1e-13, `${c.label} ${kind} bordered: ${d}`);
      be.assemble([1]);
      assert.equal(f.valid(), false);
      assert.throws(() => new GroupInverse(sys.generator, sys.trace, sys.steady, f));
    }
  }
});

/** Numeric LU factorisations (sparse SystemPattern.factor, dense DenseLuReal.refactor) made while f runs. */
function factorisations<T>(f: () => T): { n: number; value: T } {
  const sp = SystemPattern.prototype.factor, dn = DenseLuReal.prototype.refactor;
  let n = 0;
  SystemPattern.prototype.factor = function (this: SystemPattern, tol?: number) { n++; return sp.call(this, tol); };
  DenseLuReal.prototype.refactor = function (this: DenseLuReal, data: Float64Array) { n++; return dn.call(this, data); };
  try {
    const value = f();
    return { n, value };
  } finally {
    SystemPattern.prototype.factor = sp;
    DenseLuReal.prototype.refactor = dn;
  }
}

test('one factorisation: TiltedSystem makes the steady-state solve\'s only, cumulants 1–4 make none (GTH route: exactly one)', () => {
  for (const c of CASES.filter((c) => c.kind !== 'gth')) {
    const model = c.model();
    const steady = factorisations(() => prepareSteadyState(model, { onDegenerate: 'error' }, 'active').solve());
    assert.ok(steady.n >= 1, `${c.label}: the steady solve factorises (${steady.n})`);
    const built = factorisations(() => new TiltedSystem(model, c.field));
    assert.equal(built.n, steady.n, `${c.label}: TiltedSystem = one steady solve`);
    const cum = factorisations(() => cumulants(built.value, 4));
    assert.equal(cum.n, 0, `${c.label}: cumulants made ${cum.n} factorisation(s)`);
    assert.equal(cum.value.drazin.factorisation, 'steady-state solve');
  }
  // A thermal qubit and the diamond model in the Bell basis: populations-only Markov sectors, solved by GTH
  // (no LU): L^# makes its own factorisation, once for all orders.
  const sp = space({ q: qubit() });
  const qb = lindbladModel(sp, { hamiltonian: op(sp, 'q', 'n'), channels: [
    { operator: op(sp, 'q', 'sigma_plus'), rate: 0.7, bath: 'b' }, { operator: op(sp, 'q', 'sigma_minus'), rate: 2.3, bath: 'b' }], baths: { b: { beta: Math.log(2.3 / 0.7) } } });
  for (const [model, field] of [[qb, { kind: 'weights', weights: [1, 0] }], [CASES[0].model(), CASES[0].field]] as const) {
    const steady = factorisations(() => prepareSteadyState(model, { onDegenerate: 'error' }, 'active').solve());
    const sys = new TiltedSystem(model, field);
    assert.match(sys.steadyCertificate.solver, /GTH/);
    assert.equal(steady.n, 0);
    const cum = factorisations(() => cumulants(sys, 4));
    assert.equal(cum.n, 1);
    assert.equal(cum.value.drazin.factorisation, 'own');
  }
});

test('a factorisation handle is refused once the plan has solved again', () => {
  const prepared = prepareSteadyState(cav(4), {}, 'active');
  const first = prepared.solveDeferred();
  assert.ok(first instanceof SectorSolved && first.factorisation);
  const f = first.factorisation!;
  assert.equal(f.valid(), true);
  prepared.solveDeferred();
  assert.equal(f.valid(), false);
  assert.throws(() => f.solve(new Float64Array(f.size), new Float64Array(f.size)), /replaced/);
});
