/**
 * Per-point allocations of a sweep, counted (not timed): each typed array is an off-heap backing store the
 * GC tracks, and a few per point cost a cheap point more than its solve — a copy of ρ and of the unknowns
 * per point made the 121×121 diamond grid 1.6× slower (bench/sweep.bench.ts b: 38 → 63 ms) until they
 * were dropped. The marginal count per point (two grid sizes, the plan's set-up subtracted) must stay near
 * what the outputs need.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweep, type SweepSpec } from '../../src/sweep/sweep.ts';
import { sweepSpecFrom } from '../../src/paper/families.ts';

const NAMES = ['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray'] as const;

/** Typed arrays constructed while `f` runs (a Proxy on each global constructor; `from`/`of` go through it too). */
function typedArraysMade(f: () => void): number {
  const g = globalThis as unknown as Record<string, new (...a: unknown[]) => unknown>;
  const originals = NAMES.map((n) => g[n]!);
  let count = 0;
  NAMES.forEach((n, k) => { g[n] = new Proxy(originals[k]!, { construct(target, args) { count++; return Reflect.construct(target, args, originals[k]!) as object; } }); });
  try { f(); } finally { NAMES.forEach((n, k) => { g[n] = originals[k]!; }); }
  return count;
}

/** Marginal typed arrays per point between a small and a large grid of the same family (each swept twice, counted the second time). */
function perPoint(small: SweepSpec, large: SweepSpec): number {
  const count = (s: SweepSpec) => { sweep(s); return typedArraysMade(() => sweep(s)); };
  const a = count(small), b = count(large);
  return (b - a) / (large.grid.size - small.grid.size);
}

test('a diamond sweep whose outputs read no ρ allocates no typed array per point; one reading ρ a handful', () => {
  const diamond = (n: number, outputs?: string[]) => sweepSpecFrom({ model: 'diamond', args: { 'beta-a': `-6:6:${n}`, 'beta-s': `-6:6:${n}` }, ...(outputs ? { outputs } : {}) });
  const none = perPoint(diamond(11, []), diamond(21, []));
  assert.ok(none <= 0.05, `certificate only: ${none.toFixed(2)} typed arrays per point`);
  const all = perPoint(diamond(11), diamond(21));
  assert.ok(all <= 5, `all outputs: ${all.toFixed(2)} typed arrays per point`);
});

test('a cavity κ sweep with the concurrence allocates ρ\'s blocks and the two-qubit state per point, not the block layout', () => {
  const cavity = (n: number) => sweepSpecFrom({ model: 'cavity', args: { kappa: `0.01:1000:${n}:log`, gamma: '1e-3', pump: '5e-3', cutoff: '4' }, outputs: ['concurrence'] });
  const k = perPoint(cavity(61), cavity(181));
  assert.ok(k <= 4, `concurrence: ${k.toFixed(2)} typed arrays per point (the block layout alone is 9)`);
});
