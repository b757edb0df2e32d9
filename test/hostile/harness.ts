/**
 * Settings and runners of the hostile suite. The seed is fixed (printed by every test) unless
 * LINDBLAD_FUZZ_SEED is set; LINDBLAD_FUZZ_RUNS scales the number of cases (1 = the default counts).
 * Cases run in a worker thread of this process through the CLI's runCaptured (cli-thread.ts; src/cli/main.ts)
 * with LINDBLAD_MAX_MEMORY = 4G,
 * so that the refusals do not depend on the machine; subprocess.test.ts runs a few hundred real processes.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { cliInThread, stopCliThread } from './cli-thread.ts';
import type { CliResult } from './check.ts';

export const SEED = process.env.LINDBLAD_FUZZ_SEED !== undefined ? Number(process.env.LINDBLAD_FUZZ_SEED) : 20260512;
export const SCALE = process.env.LINDBLAD_FUZZ_RUNS !== undefined ? Number(process.env.LINDBLAD_FUZZ_RUNS) : 1;
/** The memory budget the suite runs with. */
export const MEMORY = '4G';

/** numRuns for a test whose default is `base` cases. */
export const runs = (base: number): number => Math.max(1, Math.round(base * SCALE));

/** A fresh temporary directory, removed by the returned function. */
export function scratch(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-hostile-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

after(() => stopCliThread());

/** Runs the CLI in the CLI thread (cli-thread.ts) with the suite's memory budget. */
export function cli(args: string[]): Promise<CliResult> {
  return cliInThread(args, { LINDBLAD_MAX_MEMORY: MEMORY });
}

/** Tally of outcomes, printed at the end of a test. */
export class Tally {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string>();
  /** Counts `what`; the first `example` of each kind is kept for the report. */
  add(what: string, example?: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
    if (example !== undefined && !this.examples.has(what)) this.examples.set(what, example);
  }
  get(what: string): number { return this.counts.get(what) ?? 0; }
  toString(): string { return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', '); }
  /** One line per kind with an example. */
  examplesText(): string { return [...this.examples].map(([k, v]) => `  ${k} — e.g. ${v.trim().slice(0, 300)}`).join('\n'); }
}

/** "seed S (LINDBLAD_FUZZ_SEED), N cases (LINDBLAD_FUZZ_RUNS = x)". */
export const settings = (n: number): string => `seed ${SEED} (LINDBLAD_FUZZ_SEED), ${n} cases (LINDBLAD_FUZZ_RUNS scale ${SCALE})`;

/** fc.assert with the failing case's own assertion message appended (fast-check keeps it as `cause`). */
export async function check<T extends unknown[]>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  try {
    await fc.assert(property, { seed: SEED, numRuns });
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    if (e instanceof Error && cause instanceof Error) e.message += `\nCause: ${cause.message}`;
    throw e;
  }
}
