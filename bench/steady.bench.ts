/**
 * One steady state of a random Lindblad model of dimension n = 20, 60, 130 (L of size n² = 400, 3600,
 * 16900): a random Hermitian H and two random jump operators with rates in [0.1, 1.1).
 *  - "local" models: entries within |i − j| ≤ 2 (couplings between nearby levels, as in physical ladders);
 *    sparse direct solve (AMD-ordered LU).
 *  - "unstructured" models: ~3 entries per column in random rows; the superoperator's graph then has no
 *    small separators and any LU fills in to nearly dense, so the iterative path (GMRES + ILU(0)) is used.
 * Baseline in the same run: the dense LU path at n = 20.
 * Run: npx tsx bench/steady.bench.ts
 */
import { steadyState, type SteadyOptions } from '../src/steady/steady.ts';
import { randomModel } from '../test/systems/random.ts';

function best<T>(f: () => T, repeats: number): { ms: number; result: T } {
  let ms = Infinity, result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

const row = (label: string, n: number, opts: SteadyOptions, model: ReturnType<typeof randomModel>, repeats: number) => {
  try {
    const { ms, result } = best(() => steadyState(model, opts), repeats);
    const c = result.certificate;
    console.log(`${label.padEnd(13)} ${String(n).padStart(4)} ${String(n * n).padStart(6)}  ${c.solver.padEnd(24)} ${ms.toFixed(1).padStart(9)}  ${c.relativeResidual.toExponential(1).padStart(8)}  ${c.minEigenvalue.toExponential(1)}`);
    return ms;
  } catch (e) {
    console.log(`${label.padEnd(13)} ${String(n).padStart(4)} ${String(n * n).padStart(6)}  failed: ${(e as Error).message}`);
    return NaN;
  }
};

console.log('model          n     n²  solver                      best ms  rel.res.  min eig');
const dense = row('local', 20, { method: { kind: 'direct', solver: 'dense' } }, randomModel(20, 42, { bandwidth: 2 }), 5);
const sparse = row('local', 20, { method: { kind: 'direct', solver: 'sparse' } }, randomModel(20, 42, { bandwidth: 2 }), 5);
console.log(`  (n = 20: sparse/dense time ratio ${(sparse / dense).toFixed(2)})`);
for (const n of [60, 130]) row('local', n, { method: { kind: 'direct', solver: 'sparse' } }, randomModel(n, 42, { bandwidth: 2 }), n > 100 ? 1 : 3);
for (const n of [20, 60, 130]) {
  row('unstructured', n, { method: { kind: 'iterative', solver: 'gmres', preconditioner: 'ilu0', tol: 1e-12 } }, randomModel(n, 42), 1);
}
