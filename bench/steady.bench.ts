/**
 * Steady-state timing for random sparse Lindblad models of dimension n = 20, 60, 130 (L of size n²:
 * 400, 3600, 16900), each with a sparse Hermitian H (~3 non-zeros per column) and two sparse jump operators.
 * Baseline measured in the same run: the dense LU path where it is affordable (n = 20).
 * Run: npx tsx bench/steady.bench.ts
 */
import { steadyState } from '../src/dynamics/steady.ts';
import { randomModel } from '../test/systems/random.ts';

function time<T>(f: () => T, repeats: number): { best: number; result: T } {
  let best = Infinity, result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = f();
    best = Math.min(best, performance.now() - t0);
  }
  return { best, result };
}

console.log('n     L size   solver   best ms   relative residual   min eigenvalue');
for (const n of [20, 60, 130]) {
  const model = randomModel(n, 42);
  const sparse = time(() => steadyState(model, { method: { kind: 'direct', solver: 'sparse' } }), n > 100 ? 2 : 5);
  const c = sparse.result.certificate;
  console.log(`${String(n).padEnd(5)} ${String(n * n).padEnd(8)} sparse   ${sparse.best.toFixed(1).padStart(8)}   ${c.relativeResidual.toExponential(2).padStart(17)}   ${c.minEigenvalue.toExponential(2)}`);
  if (n === 20) {
    const dense = time(() => steadyState(model, { method: { kind: 'direct', solver: 'dense' } }), 3);
    console.log(`${String(n).padEnd(5)} ${String(n * n).padEnd(8)} dense    ${dense.best.toFixed(1).padStart(8)}   (sparse/dense time ratio ${(sparse.best / dense.best).toFixed(2)})`);
  }
}
