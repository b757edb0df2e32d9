/**
 * Sparse LU benchmark: ordering time, factorization time, nnz(L+U), multiply–adds and solve accuracy
 * for AMD vs RCM vs natural ordering on
 *   - a 2-D 100×100 grid Laplacian (complex shift), N = 10 000;
 *   - Lindblad-superoperator-patterned matrices 𝓛 + 0.01·I (see test/linalg/sparse-fixtures.ts) with
 *     *local* random H, L_k (entries within 2 of the diagonal, as for physical models), n = 60 and 130;
 *   - the same with *unstructured* random H, L_k (~3 entries per column in random rows). Their
 *     superoperator graphs are products of random expander graphs: every ordering leaves L and U
 *     nearly dense, so only small n are factored and n = 130 gets a symbolic fill estimate only.
 *
 * Run: npx tsx bench/sparse-lu.bench.ts [--quick] [--full]
 *   --quick  skips the slow cases;  --full  adds the unstructured n = 60 case with natural ordering.
 */
import { CsrMatrix } from '../src/linalg/sparse.ts';
import { amdOrdering, naturalOrdering, reverseCuthillMcKee } from '../src/linalg/ordering.ts';
import { estimateFill, sparseLu, type SparseOrdering } from '../src/linalg/sparse-lu.ts';
import { gridLaplacian, lindbladLike, rng } from '../test/linalg/sparse-fixtures.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick'), full = args.has('--full');

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(0)} ms`;
}

/** CPU time (user + system) of this process since `c0`, in ms: robust against a loaded machine. */
function cpu(c0: NodeJS.CpuUsage): string {
  const d = process.cpuUsage(c0);
  return `${((d.user + d.system) / 1000).toFixed(0)} ms`;
}

function relResidual(a: CsrMatrix, x: Float64Array, b: Float64Array): number {
  const r = a.matvec(x);
  let s = 0, t = 0;
  for (let k = 0; k < b.length; k++) { s += (r[k] - b[k]) ** 2; t += b[k] ** 2; }
  return Math.sqrt(s / t);
}

function row(cols: Array<string | number>): void {
  const w = [40, 9, 10, 11, 12, 12, 11, 9, 9];
  console.log(cols.map((c, i) => String(c).padStart(i === 0 ? 0 : w[i]).padEnd(i === 0 ? w[0] : 0)).join(''));
}

function run(name: string, a: CsrMatrix, orderings: SparseOrdering[]): void {
  const r = rng(1);
  const b = Float64Array.from({ length: 2 * a.rows }, () => 2 * r() - 1);
  for (const o of orderings) {
    let t0 = performance.now();
    const q = o === 'amd' ? amdOrdering(a) : o === 'rcm' ? reverseCuthillMcKee(a) : naturalOrdering(a.rows);
    const tOrder = ms(t0);
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const lu = sparseLu(a, { ordering: q });
    const tFactor = ms(t0), cFactor = cpu(c0);
    t0 = performance.now();
    const x = lu.solve(b);
    const tSolve = ms(t0);
    row([`${name} N=${a.rows} nnz(A)=${a.nnz}`, String(o), tOrder, tFactor, cFactor, lu.nnzL + lu.nnzU - a.rows,
      lu.flops.toExponential(2), tSolve, relResidual(a, x, b).toExponential(1)]);
  }
}

function predict(name: string, a: CsrMatrix): void {
  for (const o of ['amd', 'rcm', 'natural'] as const) {
    const t0 = performance.now();
    const q = o === 'amd' ? amdOrdering(a) : o === 'rcm' ? reverseCuthillMcKee(a) : naturalOrdering(a.rows);
    const tOrder = ms(t0);
    const e = estimateFill(a, q);
    row([`${name} N=${a.rows} nnz(A)=${a.nnz}`, `${o}*`, tOrder, 'skipped', '', e.nnzLU, e.mulAdds.toExponential(2), '', '']);
  }
}

console.log(`sparse LU benchmark (node ${process.version}); * = symbolic estimate (estimateFill) from the Cholesky fill of A + Aᵀ`);
console.log('times are wall clock; "factor cpu" is this process\'s CPU time (compare it when the machine is busy)');
row(['matrix', 'order', 'ordering', 'factor', 'factor cpu', 'nnz(L+U)', 'mul-adds', 'solve', 'resid']);

run('grid 100x100 +0.1i', gridLaplacian(100, 0, 0.1), ['amd', 'rcm', 'natural']);

let t0 = performance.now();
const local60 = lindbladLike(60, 1, 3, 3, 0.01, 2);
console.log(`  (built local Lindblad n=60 in ${ms(t0)})`);
run('Lindblad local n=60', local60, ['amd', 'natural']);
if (!quick) {
  t0 = performance.now();
  const local130 = lindbladLike(130, 1, 3, 3, 0.01, 2);
  console.log(`  (built local Lindblad n=130 in ${ms(t0)})`);
  run('Lindblad local n=130', local130, ['amd', 'natural']);
}

run('Lindblad random n=30', lindbladLike(30, 1, 3, 3, 0.01), ['amd', 'natural']);
if (!quick) run('Lindblad random n=40', lindbladLike(40, 1, 3, 3, 0.01), ['amd', 'natural']);
if (!quick) run('Lindblad random n=60', lindbladLike(60, 1, 3, 3, 0.01), full ? ['amd', 'natural'] : ['amd']);
t0 = performance.now();
const random130 = lindbladLike(130, 1, 3, 3, 0.01);
console.log(`  (built random Lindblad n=130 in ${ms(t0)}; dense N² = ${(random130.rows ** 2).toExponential(2)})`);
predict('Lindblad random n=130', random130);
