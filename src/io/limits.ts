/**
 * Resource limits checked before work starts, so that a request the machine cannot hold is refused with
 * one line instead of dying in an allocation minutes later.
 *
 *  - Memory (memory-budget.ts, which the engine's own checks import: it loads no Node module, so the
 *    browser explorer can run those paths): a run may use at most MEMORY_FRACTION (one half) of the
 *    machine's memory (os.totalmem), or LINDBLAD_MAX_MEMORY bytes when that is set (a number with an
 *    optional K, M, G or T suffix, powers of 1024). Estimates are lower bounds of what the engine must allocate (see steadyStateBytes), so a refusal
 *    is never wrong; a run that passes may still need more (sparse factorisations fill in).
 *  - Worker threads: at most the cores available (os.availableParallelism) unless forced.
 */
import { availableParallelism, totalmem } from 'node:os';
import { LindbladError } from '../errors.ts';
import { checkMemory, readTotalMemoryWith } from './memory-budget.ts';

export { MEMORY_FRACTION, parseBytes, memoryBudget, formatBytes, checkMemory } from './memory-budget.ts';

// Whatever node version: the CLI, sweeps and workers (which import this module) read the machine's memory.
readTotalMemoryWith(totalmem);

/** Bytes of one dense n×n complex matrix (two doubles per entry). */
export const denseComplexBytes = (n: number): number => 16 * n * n;

/**
 * Lower bound of the memory of one steady-state solve on a Hilbert space of dimension n, in bytes:
 * 64 n² — four dense n×n complex arrays that every route allocates (ρ, the raw solution it is normalised
 * from, the certificate's residual L·vec ρ over all n² entries, and the Hermitian eigenvalue problem of ρ
 * for its smallest eigenvalue). The Liouvillian itself acts on n² unknowns: its sparse matrix and LU
 * factors scale as n² times the terms and the fill; a dense LU of the unreduced (n² + 1)-square bordered
 * system would be 16 (n² + 1)² bytes, i.e. n⁴. Measured on the cavity model (n = 4(N+1)): 60–65 n² bytes
 * at N = 400…1200.
 */
export function steadyStateBytes(n: number): number {
  return 4 * denseComplexBytes(n);
}

/** Throws unless a steady state of dimension n (times `copies`, e.g. worker threads) fits the budget. */
export function checkSteadyMemory(n: number, field: string, copies = 1): void {
  checkMemory(copies * steadyStateBytes(n), `a steady state of dimension n = ${n} needs 64·n² bytes${copies > 1 ? ` in each of ${copies} threads` : ''}`, field);
}

/** Cores available to this process. */
export function coreCount(): number {
  return availableParallelism();
}

/** Worker threads must be an integer in [0, cores] unless `force` (then at most 64·cores). */
export function checkWorkers(workers: number, force: boolean, field = '--workers'): void {
  const cores = coreCount();
  if (!Number.isInteger(workers) || workers < 0) throw new LindbladError('invalid-input', `expected an integer ≥ 0, got ${workers}`, field);
  if (workers > cores && !force) {
    throw new LindbladError('invalid-input', `expected at most ${cores} (the cores available), got ${workers}; add --force-workers to start more threads than cores`, field);
  }
  if (workers > 64 * cores) throw new LindbladError('invalid-input', `expected at most ${64 * cores} (64 per core, even with --force-workers), got ${workers}`, field);
}
