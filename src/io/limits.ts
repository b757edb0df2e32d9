/**
 * Resource limits checked before work starts, so that a request the machine cannot hold is refused with
 * one line instead of dying in an allocation minutes later.
 *
 *  - Memory: a run may use at most MEMORY_FRACTION (one half) of the machine's memory (os.totalmem), or
 *    LINDBLAD_MAX_MEMORY bytes when that is set (a number with an optional K, M, G or T suffix, powers of
 *    1024). Estimates are lower bounds of what the engine must allocate (see steadyStateBytes), so a refusal
 *    is never wrong; a run that passes may still need more (sparse factorisations fill in).
 *  - Worker threads: at most the cores available (os.availableParallelism) unless forced.
 */
import { availableParallelism, totalmem } from 'node:os';
import { LindbladError } from '../errors.ts';

/** Fraction of the machine's memory one run may use. */
export const MEMORY_FRACTION = 0.5;

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

/** Parses "8G", "512M", "1e9" … into bytes (K, M, G, T are powers of 1024); NaN when malformed. */
export function parseBytes(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return NaN;
  const power = ' kmgt'.indexOf(m[2].toLowerCase() || ' ');
  return Number(m[1]) * 1024 ** power;
}

/** The memory a run may use, in bytes, and where that number comes from. */
export function memoryBudget(): { bytes: number; source: string } {
  const env = process.env.LINDBLAD_MAX_MEMORY;
  if (env !== undefined && env !== '') {
    const bytes = parseBytes(env);
    if (!(bytes > 0)) throw new LindbladError('invalid-input', `expected a number of bytes such as 8G or 512M, got ${JSON.stringify(env)}`, 'LINDBLAD_MAX_MEMORY');
    return { bytes, source: 'LINDBLAD_MAX_MEMORY' };
  }
  const total = totalmem();
  return { bytes: MEMORY_FRACTION * total, source: `half of this machine's ${formatBytes(total)}; set LINDBLAD_MAX_MEMORY to change` };
}

/** 1.5 GiB, 300 MiB, … */
export function formatBytes(b: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let k = 0;
  while (b >= 1024 && k < units.length - 1) { b /= 1024; k++; }
  return `${k === 0 ? b.toFixed(0) : b < 10 ? b.toFixed(1) : b.toFixed(0)} ${units[k]}`;
}

/**
 * Throws (code 'unsupported', naming `field`) when `bytes` exceeds the memory budget; `what` says what
 * needs it, e.g. "a steady state of dimension 16388 needs at least 64·n² bytes".
 */
export function checkMemory(bytes: number, what: string, field: string): void {
  const budget = memoryBudget();
  if (bytes > budget.bytes) {
    throw new LindbladError('unsupported', `${what}: at least ${formatBytes(bytes)}, more than the ${formatBytes(budget.bytes)} a run may use (${budget.source})`, field);
  }
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
