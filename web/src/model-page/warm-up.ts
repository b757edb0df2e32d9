/**
 * Warm-up models of the model page's steady-state worker (runner.ts warmUp). V8 compiles the engine's
 * long kernels (sparse LU, AMD ordering, CSR assembly) to optimised code only after they have run for a
 * while in that worker; a fresh worker took 1–3 s for its first dimension-64 solve and several more
 * solves to reach ~0.2–0.3 s. Solving these models while the page is idle (one short job at a time,
 * so an edit waits for at most one of them) moves that cost before the first edit.
 *
 * The models: XX-coupled qubit chains with decay and pumping on every qubit, H = Σ_k ω_k n_k +
 * J Σ_k (σ⁺_k σ⁻_{k+1} + h.c.), ω_k = 1 + 0.1 k, J = 0.3 (ħ = 1): the excitation number is conserved,
 * so they take the engine's usual route for qubit models (U(1) sectors, sparse LU of the real sector),
 * at increasing size (n = 4, 5, 6: dimensions 16, 32, 64).
 */

/** Model-file text of an n-qubit chain; `rate` is the first qubit's decay rate. */
export function qubitChain(n: number, rate: number): string {
  const subsystems: Record<string, string> = {}, ham: unknown[] = [], channels: unknown[] = [];
  for (let k = 0; k < n; k++) {
    subsystems[`q${k}`] = 'qubit';
    ham.push({ scale: 1 + 0.1 * k, of: `q${k}.n` });
    channels.push({ operator: `q${k}.sigma_minus`, rate: k === 0 ? rate : 0.2 }, { operator: `q${k}.sigma_plus`, rate: 0.05 });
    if (k > 0) ham.push({ scale: 0.3, of: { sum: [{ product: [`q${k - 1}.sigma_plus`, `q${k}.sigma_minus`] }, { product: [`q${k - 1}.sigma_minus`, `q${k}.sigma_plus`] }] } });
  }
  return JSON.stringify({ subsystems, hamiltonian: { sum: ham }, channels });
}

/** Number of warm-up solves per chain length. */
const PLAN: ReadonlyArray<[qubits: number, solves: number]> = [[4, 16], [5, 6], [6, 2]];

/** The warm-up texts, smallest first (rates vary so no two solves are the same). */
export function warmUpTexts(): string[] {
  return PLAN.flatMap(([n, count]) => Array.from({ length: count }, (_, i) => qubitChain(n, 0.1 + 0.01 * i)));
}
