import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState } from '../../src/steady/steady.ts';
import { iterativeBorderedSolve, pinnedFromBordered } from '../../src/steady/iterative.ts';
import { LindbladError } from '../../src/errors.ts';
import { liouvillian, vectorize } from '../../src/liouvillian/liouvillian.ts';
import { borderedSystem, diagonalPositions } from '../../src/linalg/bordered.ts';
import { denseLu } from '../../src/linalg/lu.ts';
import { minEigenvalueBlockwise } from '../../src/linalg/blocks.ts';
import { norm2 } from '../../src/linalg/vector.ts';
import { space, qubit, levels } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { randomModel } from '../systems/random.ts';

/** ‖L vec ρ‖₂/(‖L‖_∞‖vec ρ‖₂) recomputed here from the model, not taken from the certificate. */
function independentResidual(model: LindbladModel, rho: ReturnType<typeof steadyState>['rho']): number {
  const l = liouvillian(model), v = vectorize(rho);
  return norm2(l.matvec(v)) / (l.normInf() * norm2(v));
}

const notConverged = (e: unknown) => e instanceof LindbladError && e.code === 'not-converged' && e.field === 'method';

// Unstructured random models (n, seed, non-zeros per column, channels). The first three stalled at relative
// residuals 6.6e-3, 9.7e12 and 1.4e-2 with GMRES(60) + ILU(0) of the bordered matrix before the pinned system.
const CASES: Array<[number, number, number, number]> = [
  [12, 5, 2, 1], [12, 13, 1, 1], [12, 23, 6, 1], [12, 6, 1, 1], [16, 2, 3, 2], [20, 3, 1, 1], [30, 1, 6, 1], [40, 2, 3, 2],
];

test('iterative steady state on unstructured random models n = 12…40: converged and certified, agreeing with the direct solver', () => {
  for (const [n, seed, perColumn, channels] of CASES) {
    const model = randomModel(n, seed, { perColumn, channels });
    const direct = steadyState(model).rho;
    for (const solver of ['gmres', 'bicgstab'] as const) {
      const what = `n=${n} seed=${seed} ${solver}`;
      let res;
      try {
        res = steadyState(model, { method: { kind: 'iterative', solver } });
      } catch (e) {
        // The contract allows a clean refusal; these cases are known to converge, so one is a regression.
        assert.ok(notConverged(e), `${what}: ${(e as Error).message}`);
        assert.fail(`${what}: did not converge: ${(e as Error).message}`);
      }
      const c = res.certificate;
      const r = independentResidual(model, res.rho);
      assert.ok(r < 1e-10, `${what}: recomputed relative residual ${r}`);
      assert.ok(Math.abs(r - c.relativeResidual) <= 1e-3 * r + 1e-15, `${what}: certificate ${c.relativeResidual} vs recomputed ${r}`);
      assert.ok(Math.abs(res.rho.trace()[0] - 1) < 1e-12 && c.unique, what);
      assert.ok(minEigenvalueBlockwise(res.rho) > -1e-10, `${what}: λ_min(ρ) = ${minEigenvalueBlockwise(res.rho)}`);
      const d = res.rho.sub(direct).normFrobenius();
      assert.ok(d < 1e-8, `${what}: ‖ρ_iterative − ρ_direct‖_F = ${d}`);
      assert.match(c.solver, new RegExp(`^(${solver}|gmres)`));
    }
  }
});

test('an unconverged iterate is never returned: too few iterations give a not-converged error naming what was reached', () => {
  const model = randomModel(12, 5, { perColumn: 2, channels: 1 });
  for (const solver of ['gmres', 'bicgstab'] as const) {
    assert.throws(() => steadyState(model, { method: { kind: 'iterative', solver, maxIterations: 3, sectors: false } }), (e: unknown) =>
      notConverged(e) && /stalled at \d\.\de[-+]\d+ after \d+ iterations/.test((e as Error).message) && /direct solver/.test((e as Error).message));
  }
});

test('invalid iterative options are refused with the field named', () => {
  const model = randomModel(4, 1);
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ solver: 'cg' }, 'method.solver'], [{ solver: 'gmres', tol: 0 }, 'method.tol'], [{ solver: 'gmres', tol: 2 }, 'method.tol'],
    [{ solver: 'gmres', tol: Number.NaN }, 'method.tol'], [{ solver: 'gmres', restart: 0 }, 'method.restart'],
    [{ solver: 'gmres', maxIterations: 1.5 }, 'method.maxIterations'], [{ solver: 'gmres', preconditioner: 'ilut' }, 'method.preconditioner'],
  ];
  for (const [m, field] of bad) {
    assert.throws(() => steadyState(model, { method: { kind: 'iterative', ...m } as never }), (e: unknown) => e instanceof LindbladError && e.field === field, field);
  }
});

test('the pinned system has the bordered system\'s solution (λ = 0), and the Krylov route finds it', () => {
  for (const [n, seed] of [[3, 1], [5, 2], [6, 3]]) {
    const l = liouvillian(randomModel(n, seed));
    const b = borderedSystem(l, diagonalPositions(n)), p = pinnedFromBordered(b.matrix);
    const xb = denseLu(b.matrix.toDense()).solve(b.rhs), xp = denseLu(p.matrix.toDense()).solve(p.rhs);
    let diff = 0;
    for (let k = 0; k < xp.length; k++) diff = Math.max(diff, Math.abs(xp[k] - xb[k]));
    assert.ok(diff < 1e-12 && Math.hypot(xb[2 * n * n], xb[2 * n * n + 1]) < 1e-12, `n=${n}: ${diff}`);
    // The Krylov route gives the same vector and reports a finite, non-negligible min |λ|.
    const it = iterativeBorderedSolve(b.matrix, b.rhs, { kind: 'iterative', solver: 'gmres' });
    let d2 = 0;
    for (let k = 0; k < xb.length; k++) d2 = Math.max(d2, Math.abs(it.x[k] - xb[k]));
    assert.ok(d2 < 1e-10 && it.smallestEigenvalue > 1e-8 * it.scale, `n=${n}: ${d2}, ${it.smallestEigenvalue}`);
  }
});

test('degenerate models through the iterative method: not-unique, never a steady state', () => {
  const sp = space({ q: qubit() });
  const six = space({ x: levels(6) });
  const t = (to: number, from: number) => op(six, 'x', 'transition', { to, from });
  const models = [
    lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_x').scale(0.7) }),
    lindbladModel(sp, { hamiltonian: op(sp, 'q', 'sigma_z'), channels: [{ operator: op(sp, 'q', 'sigma_z'), rate: 0.3 }] }),
    lindbladModel(six, { hamiltonian: op(six, 'x', 'n').scale(0.3), channels: [{ operator: t(0, 1), rate: 0.37 }, { operator: t(2, 3), rate: 1.91 }, { operator: t(4, 5), rate: 1e-3 }] }),
  ];
  for (const model of models) {
    for (const solver of ['gmres', 'bicgstab'] as const) {
      for (const sectors of [true, false]) {
        assert.throws(() => steadyState(model, { method: { kind: 'iterative', solver, sectors } }),
          (e: unknown) => e instanceof LindbladError && e.code === 'not-unique', `${solver} sectors=${sectors}`);
      }
    }
  }
});
