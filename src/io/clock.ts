/**
 * A monotonic clock in milliseconds for code on a CLI call's start-up path: `performance.now()` without the
 * global `performance`, whose first use loads node:perf_hooks and its dependencies (≈ 2 ms of start-up).
 * Only differences of its values mean anything (the origin is arbitrary).
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
