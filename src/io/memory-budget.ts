/**
 * The memory budget of a run, with no Node module imported: the engine's own checks (N-emitter sectors,
 * trajectory counts, evolve outputs, forced dense work) use it on paths the browser explorer also runs.
 * The machine's memory is read through the reader io/limits.ts installs when it is loaded (os.totalmem):
 * in Node, `import … from 'lindblad'` loads it (through the sweeps), and so do the CLI and the workers.
 * Where no reader is installed (the browser explorer) the budget is unbounded and only
 * LINDBLAD_MAX_MEMORY, if readable, limits it.
 */
import { LindbladError } from '../errors.ts';

/** Fraction of the machine's memory one run may use. */
export const MEMORY_FRACTION = 0.5;

/** Parses "8G", "512M", "1e9" … into bytes (K, M, G, T are powers of 1024); NaN when malformed. */
export function parseBytes(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return NaN;
  const power = ' kmgt'.indexOf(m[2].toLowerCase() || ' ');
  return Number(m[1]) * 1024 ** power;
}

let totalMemoryReader: (() => number) | null = null;

/** Installs the reader of the machine's memory (io/limits.ts passes os.totalmem). */
export function readTotalMemoryWith(reader: () => number): void {
  totalMemoryReader = reader;
}

/** Bytes of memory of this machine, or NaN where it cannot be read. */
function totalMemory(): number {
  return totalMemoryReader ? totalMemoryReader() : NaN;
}

/** The memory a run may use, in bytes, and where that number comes from (Infinity where no size is readable: a browser). */
export function memoryBudget(): { bytes: number; source: string } {
  const env = globalThis.process?.env?.LINDBLAD_MAX_MEMORY;
  if (env !== undefined && env !== '') {
    const bytes = parseBytes(env);
    if (!(bytes > 0)) throw new LindbladError('invalid-input', `expected a number of bytes such as 8G or 512M, got ${JSON.stringify(env)}`, 'LINDBLAD_MAX_MEMORY');
    return { bytes, source: 'LINDBLAD_MAX_MEMORY' };
  }
  const total = totalMemory();
  if (!(total > 0)) return { bytes: Infinity, source: 'no memory size readable here' };
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
