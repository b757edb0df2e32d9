import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { steadyState, type SteadyStateResult } from '../../src/steady/steady.ts';
import { space, levels } from '../../src/model/space.ts';
import { op, fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { rng } from '../systems/random.ts';
import { ROUTES, checkCertificate } from './routes.ts';

/** max_ij |ρ_ij − σ_ij| (real and imaginary parts). */
function maxDiff(a: SteadyStateResult, b: SteadyStateResult): number {
  let d = 0;
  for (let k = 0; k < a.rho.data.length; k++) d = Math.max(d, Math.abs(a.rho.data[k] - b.rho.data[k]));
  return d;
}

/**
 * Random models whose rates span `decades` decades: random sparse jump operators with log-uniform rates,
 * optionally a random sparse Hamiltonian (coherences coupled) or only level-to-level transitions (a
 * populations-only sector: the Markov route).
 */
function stiffModel(n: number, seed: number, decades: number, coherent: boolean): LindbladModel {
  const r = rng(seed), sp = space({ x: levels(n) });
  const channels = [];
  if (coherent) {
    for (let c = 0; c < 3; c++) {
      const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
      for (let j = 0; j < n; j++) for (let k = 0; k < 2; k++) { ri.push(Math.floor(r() * n)); ci.push(j); re.push(r() - 0.5); im.push(r() - 0.5); }
      channels.push({ operator: fromMatrix(sp, CsrMatrix.fromTriplets(n, n, ri, ci, re, im)), rate: 10 ** (decades * (r() - 0.5)) });
    }
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let k = 0; k < n; k++) { const i = Math.floor(r() * n), j = Math.floor(r() * n), a = r() - 0.5, b = i === j ? 0 : r() - 0.5; ri.push(i, j); ci.push(j, i); re.push(a, a); im.push(b, -b); }
    return lindbladModel(sp, { hamiltonian: fromMatrix(sp, CsrMatrix.fromTriplets(n, n, ri, ci, re, im).scale(10 ** (decades * (r() - 0.5)))), channels });
  }
  for (let j = 0; j < n; j++) {
    for (const i of [(j + 1) % n, Math.floor(r() * n)]) {
      if (i !== j) channels.push({ operator: op(sp, 'x', 'transition', { to: i, from: j }), rate: 10 ** (decades * (r() - 0.5)) });
    }
  }
  return lindbladModel(sp, { hamiltonian: op(sp, 'x', 'n'), channels });
}

test('random stiff models: every route certifies independently, and routes agree within their error bounds', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 30 }), fc.boolean(),
    (n, seed, decades, coherent) => {
      const model = stiffModel(n, seed, decades, coherent);
      const results: Array<[string, SteadyStateResult]> = [];
      for (const route of ROUTES) {
        let res: SteadyStateResult;
        try {
          res = steadyState(model, route.options);
        } catch (e) {
          // an honest refusal is allowed (numerically singular unreduced systems), a wrong answer is not
          const code = (e as { code?: string }).code;
          assert.ok(code === 'not-unique' || code === 'not-converged', `${route.name}: ${(e as Error).message}`);
          continue;
        }
        checkCertificate(model, res, `n ${n}, seed ${seed}, decades ${decades}, coherent ${coherent}, ${route.name}`);
        results.push([route.name, res]);
      }
      for (let i = 0; i < results.length; i++) {
        for (let j = i + 1; j < results.length; j++) {
          const [na, a] = results[i], [nb, b] = results[j];
          const ca = a.certificate.conditioning, cb = b.certificate.conditioning;
          if (!ca || !cb) continue;
          const allowed = 4 * (ca.errorBound + cb.errorBound + ca.vouchedAbove + cb.vouchedAbove) + 1e-14;
          assert.ok(maxDiff(a, b) <= allowed, `${na} vs ${nb}: ${maxDiff(a, b)} > ${allowed} (n ${n}, seed ${seed}, decades ${decades}, coherent ${coherent})`);
        }
      }
    }), { numRuns: Number(process.env.CROSS_RUNS ?? 60), seed: Number(process.env.CROSS_SEED ?? 20261202) });
});
