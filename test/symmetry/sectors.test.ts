import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, type SteadyOptions } from '../../src/steady/steady.ts';
import { FactoredLiouvillian } from '../../src/liouvillian/factored.ts';
import { analyseSectors } from '../../src/symmetry/symmetry.ts';
import { findU1Charge } from '../../src/symmetry/charge.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { cavityModel } from '../../src/paper/cavity.ts';
import { diamondModel } from '../../src/paper/diamond.ts';
import { LindbladError } from '../../src/errors.ts';
import { space, levels, qubit } from '../../src/model/space.ts';
import { op, fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { rng } from '../systems/random.ts';

const full: SteadyOptions = { method: { kind: 'direct', sectors: false } };
const forced: SteadyOptions = { method: { kind: 'direct', sectors: true } };
const diff = (a: LindbladModel, o1: SteadyOptions = {}, o2: SteadyOptions = full) => steadyState(a, o1).rho.sub(steadyState(a, o2).rho).normFrobenius();

/**
 * A random model with a planted U(1) charge: levels carry charges q ∈ {0, …, Q}; H couples only equal
 * charges; "up" jumps raise the charge by one, "down" jumps lower it (random amplitudes). With `z2` the
 * charge only counts mod 2 (a jump that flips between parity classes in both directions), which has no
 * U(1) structure.
 */
function planted(seed: number, z2 = false): LindbladModel {
  const r = rng(seed);
  const charges = [0, 0, 1, 1, 1, 2, 2, 3];
  const n = charges.length, sp = space({ x: levels(n) });
  const tri = (keep: (qi: number, qj: number) => boolean, hermitian: boolean) => {
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (!keep(charges[i], charges[j]) || r() < 0.3) continue;
      const a = r() - 0.5, b = hermitian && i === j ? 0 : r() - 0.5;
      ri.push(i); ci.push(j); re.push(a); im.push(b);
      if (hermitian && i !== j) { ri.push(j); ci.push(i); re.push(a); im.push(-b); }
    }
    return fromMatrix(sp, CsrMatrix.fromTriplets(n, n, ri, ci, re, im).scale(hermitian ? 0.5 : 1));
  };
  const up = z2 ? (qi: number, qj: number) => (qi - qj + 4) % 2 === 1 : (qi: number, qj: number) => qi === qj + 1;
  const down = (qi: number, qj: number) => qi === qj - 1;
  return lindbladModel(sp, {
    hamiltonian: tri((a, b) => a === b, true),
    channels: [
      { operator: tri(up, false), rate: 0.3 + r() }, { operator: tri(down, false), rate: 0.3 + r() },
      { operator: tri(down, false), rate: 0.1 + r() },
    ],
  });
}

test('cavity model: the diagonal sector (68 of 400 unknowns at cutoff 4) agrees with the full solve to 1e-12', () => {
  for (const cutoff of [2, 4]) {
    for (const kappa of [0.05, 2.33, 300]) {
      const { model } = cavityModel({ kappa, gamma: 1e-3, pump: 5e-3, cutoff });
      const s = steadyState(model), f = steadyState(model, full);
      assert.ok(s.rho.sub(f.rho).normFrobenius() < 1e-12, `cutoff ${cutoff}, κ ${kappa}: ${s.rho.sub(f.rho).normFrobenius()}`);
      assert.equal(s.certificate.unique, true);
      assert.equal(f.certificate.sector, undefined);
      if (cutoff === 4) assert.equal(s.certificate.sector, 'diagonal block: 68 of 400 unknowns');
      assert.equal(s.certificate.unknowns, 16 * cutoff + 4);
      assert.match(s.certificate.uniqueness.via ?? '', /U\(1\) charge/);
      // The certificate's residual is the full one: recompute it on the assembled n²×n² Liouvillian.
      const r = norm2(liouvillian(model).matvec(vectorize(s.rho)));
      assert.ok(Math.abs(r - s.certificate.residual) <= 1e-12 * Math.max(1, r) && s.certificate.relativeResidual < 1e-14, `residual ${r} vs ${s.certificate.residual}`);
      assert.ok(Math.abs(s.certificate.relativeResidual - f.certificate.relativeResidual * (f.certificate.residual ? s.certificate.residual / f.certificate.residual : 1)) < 1e-20, 'same ‖L‖_∞ as the assembled Liouvillian');
    }
  }
});

test('sector components equal the components of the assembled Liouvillian pattern', () => {
  for (const model of [planted(1), planted(2, true), cavityModel({ kappa: 1, gamma: 1e-3, pump: 5e-3, cutoff: 2 }).model, diamondModel({ betaA: 1, betaS: 2 }).model]) {
    const { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
    const a = analyseSectors(lv), n = lv.n, l = liouvillian(model);
    const parent = Int32Array.from({ length: n * n }, (_, i) => i);
    const find = (x: number): number => { while (parent[x] !== x) x = parent[x] = parent[parent[x]]; return x; };
    for (let i = 0; i < n * n; i++) for (let p = l.rowPtr[i]; p < l.rowPtr[i + 1]; p++) parent[find(i)] = find(l.colIdx[p]);
    const m = a.classes, label = (i: number, j: number) => a.classRoot[a.stateComponent[i] * m + a.stateComponent[j]];
    const pairs = new Map<number, number>();
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      const mine = label(i, j), theirs = find(i + n * j);
      if (!pairs.has(mine)) pairs.set(mine, theirs);
      assert.equal(pairs.get(mine), theirs, 'each sector lies inside one component of the pattern');
    }
    assert.equal(new Set(pairs.values()).size, pairs.size, 'and different sectors are different components');
    assert.equal(a.componentCount, pairs.size);
  }
});

test('random models with a planted U(1) block structure: sector and full solves agree to 1e-12', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const model = planted(seed);
    const { liouvillian: lv } = FactoredLiouvillian.fromModel(model, 'active');
    assert.ok(findU1Charge(analyseSectors(lv)), `seed ${seed}: a U(1) charge is found`);
    const s = steadyState(model);
    assert.ok(s.certificate.sector && s.certificate.unknowns < 64, `seed ${seed} used a sector`);
    for (const solver of ['dense', 'sparse'] as const) {
      const d = diff(model, { method: { kind: 'direct', solver } });
      assert.ok(d < 1e-12, `seed ${seed} (${solver}): |ρ_sector − ρ_full| = ${d}`);
    }
  }
});

test('a Z₂ block structure: the coherence blocks are checked numerically, and the result equals the full solve', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const model = planted(seed, true);
    const ref = steadyState(model, full);
    for (const o of [{}, forced]) {
      const s = steadyState(model, o);
      assert.match(s.certificate.uniqueness.via ?? '', /sector\(s\) checked|sectors checked/);
      assert.ok(s.rho.sub(ref.rho).normFrobenius() < 1e-12);
    }
  }
});

test('non-uniqueness through sectors: split diagonal, and a stationary coherence in a Z₂ coherence sector', () => {
  const notUnique = (m: LindbladModel, o: SteadyOptions, re: RegExp) => assert.throws(() => steadyState(m, o),
    (e: unknown) => e instanceof LindbladError && e.code === 'not-unique' && re.test(e.message));
  // Two decaying pairs 1→0 and 3→2 with a coupling inside each pair: the diagonal splits into two sectors.
  const sp = space({ x: levels(4) });
  const t = (to: number, from: number) => op(sp, 'x', 'transition', { to, from });
  const split = lindbladModel(sp, {
    hamiltonian: t(0, 1).plus(t(1, 0)).scale(0.4).plus(t(2, 3).plus(t(3, 2)).scale(0.7)),
    channels: [{ operator: t(0, 1), rate: 1 }, { operator: t(2, 3), rate: 2 }],
  });
  notUnique(split, {}, /disconnected symmetry sectors/);
  notUnique(split, forced, /disconnected symmetry sectors/);
  const basis = steadyState(split, { onDegenerate: 'basis' });
  assert.equal(basis.certificate.unique, false);
  assert.equal(basis.stationaryBasis!.length, 2);
  // σx dephasing of a qubit: (I ± σx)/2 are both stationary; σx lives in a coherence sector.
  const q = space({ q: qubit() });
  const dephased = lindbladModel(q, { channels: [{ operator: op(q, 'q', 'sigma_x'), rate: 1 }] });
  notUnique(dephased, {}, /more than one stationary state/);
  notUnique(dephased, forced, /coherence sector/);
});

test('iterative (GMRES, BiCGSTAB with ILU(0)) and direct solves agree, with and without sectors', () => {
  const models = [cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 3 }).model, planted(3), planted(4, true)];
  for (const model of models) {
    const direct = steadyState(model).rho;
    for (const solver of ['gmres', 'bicgstab'] as const) {
      for (const sectors of [true, false]) {
        const it = steadyState(model, { method: { kind: 'iterative', solver, sectors, tol: 1e-13 } });
        assert.ok(it.certificate.unique && it.certificate.relativeResidual < 1e-11, `${solver}: ${it.certificate.relativeResidual}`);
        const d = it.rho.sub(direct).normFrobenius();
        assert.ok(d < 1e-9, `${solver} (sectors ${sectors}) vs direct: ${d}`);
      }
    }
  }
});

test('diamond model: the S–A coherence is an extra charge-0 sector, checked; populations as in the full solve', () => {
  const { model } = diamondModel({ betaA: 5, betaS: 0 });
  const s = steadyState(model);
  assert.equal(s.certificate.sector, 'diagonal block: 4 of 16 unknowns');
  assert.match(s.certificate.uniqueness.via ?? '', /charge-0 coherence sector/);
  assert.ok(diff(model) < 1e-14);
});

test('large cavity model: cutoff 128 (dimension 516) through the sector', () => {
  const { model } = cavityModel({ kappa: 2.33, gamma: 1e-3, pump: 5e-3, cutoff: 128 });
  const t0 = performance.now();
  const s = steadyState(model);
  const ms = performance.now() - t0;
  assert.equal(s.certificate.sector, 'diagonal block: 2052 of 266256 unknowns');
  assert.ok(s.certificate.unique && s.certificate.relativeResidual < 1e-14 && s.certificate.minEigenvalue > -1e-15);
  assert.ok(ms < 3000, `took ${ms} ms (target < 1 s on an idle machine)`);
});
