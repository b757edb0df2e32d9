/**
 * Seeded random Lindblad models, for tests and benchmarks of the engine on models unlike the paper's (in the
 * spirit of QuTiP's rand_herm / rand_dm). Same seed, same model, on every platform: the generator is
 * mulberry32 with Box–Muller normals, and each entry is drawn in a fixed order.
 *
 * - `structure: 'local'` — an n-level chain: H = Σ_i ε_i |i⟩⟨i| + Σ_i (t_i |i⟩⟨i+1| + h.c.) with ε_i, t_i
 *   complex normal (ε real); channels per link i: decay |i⟩⟨i+1| (rate U[0.5, 1.5]) in bath "down", pump
 *   |i+1⟩⟨i| (rate U[0.1, 0.5]) in bath "up", and dephasing |i⟩⟨i| (rate U[0, 0.2]) in bath "dephasing",
 *   all non-thermal. The Liouvillian has O(1) entries per row (n² unknowns).
 * - `structure: 'unstructured'` — a dense GUE Hamiltonian H = (G + G†)/(2√n) and `jumps` (default 2) dense
 *   Ginibre jump operators J_k = G_k/√n, rate 1 each, bath "noise". The Liouvillian is dense (n⁴ entries).
 * Energies and rates are in one arbitrary unit (ħ = 1).
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError, check, checkKeys, describe, isPlainObject } from '../errors.ts';
import { LindbladModel, type ChannelInput } from './model.ts';
import { Operator } from './operator.ts';
import { space, levels } from './space.ts';

export type RandomModelOptions =
  | { structure: 'local'; dim: number; seed?: number }
  | { structure: 'unstructured'; dim: number; seed?: number; jumps?: number };

/** A seeded uniform generator on [0, 1) (mulberry32) with standard normals by Box–Muller. */
export class SeededRandom {
  private state: number;
  private spare: number | null = null;
  constructor(seed: number) { this.state = seed >>> 0; }
  /** Uniform on [0, 1), 32 bits. */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.spare !== null) { const s = this.spare; this.spare = null; return s; }
    const u = 1 - this.uniform(), v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** A seeded random model (see the file comment for the two structures); seed defaults to 1. */
export function randomModel(options: RandomModelOptions): LindbladModel {
  check(isPlainObject(options), 'options', `expected { structure, dim, seed? }, got ${describe(options)}`);
  checkKeys(options, ['structure', 'dim', 'seed', 'jumps'], 'options');
  check(options.structure === 'local' || options.structure === 'unstructured', 'structure', `expected "local" or "unstructured", got ${describe(options.structure)}`);
  if (options.structure === 'local' && 'jumps' in options) throw new LindbladError('invalid-input', 'jumps is an option of the unstructured model only', 'jumps');
  const n = options.dim;
  if (!Number.isInteger(n) || n < 2 || n > 4096) {
    throw new LindbladError('invalid-input', `expected an integer dimension 2…4096, got ${n}`, 'dim');
  }
  const rng = new SeededRandom(options.seed ?? 1);
  const sp = space({ system: levels(n) });
  const matrix = (ri: number[], ci: number[], re: number[], im: number[]) => new Operator(sp, CsrMatrix.fromTriplets(n, n, ri, ci, re, im));
  const unit = (i: number, j: number) => matrix([i], [j], [1], [0]);
  if (options.structure === 'local') {
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let i = 0; i < n; i++) { ri.push(i); ci.push(i); re.push(rng.normal()); im.push(0); }
    for (let i = 0; i + 1 < n; i++) {
      const a = rng.normal(), b = rng.normal();
      ri.push(i, i + 1); ci.push(i + 1, i); re.push(a, a); im.push(b, -b);
    }
    const channels: ChannelInput[] = [];
    for (let i = 0; i + 1 < n; i++) {
      channels.push({ operator: unit(i, i + 1), rate: 0.5 + rng.uniform(), bath: 'down', label: `down ${i}` });
      channels.push({ operator: unit(i + 1, i), rate: 0.1 + 0.4 * rng.uniform(), bath: 'up', label: `up ${i}` });
      channels.push({ operator: unit(i, i), rate: 0.2 * rng.uniform(), bath: 'dephasing', label: `dephasing ${i}` });
    }
    return new LindbladModel(sp, { hamiltonian: matrix(ri, ci, re, im), channels, baths: { down: { beta: null }, up: { beta: null }, dephasing: { beta: null } } });
  }
  if (options.structure !== 'unstructured') {
    throw new LindbladError('invalid-input', `expected structure "local" or "unstructured", got ${JSON.stringify((options as { structure: unknown }).structure)}`, 'structure');
  }
  const jumps = options.jumps ?? 2;
  if (!Number.isInteger(jumps) || jumps < 1 || jumps > 64) {
    throw new LindbladError('invalid-input', `expected an integer number of jump operators 1…64, got ${jumps}`, 'jumps');
  }
  const ginibre = (scale: number) => {
    const ri: number[] = [], ci: number[] = [], re: number[] = [], im: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { ri.push(i); ci.push(j); re.push(scale * rng.normal()); im.push(scale * rng.normal()); }
    return matrix(ri, ci, re, im);
  };
  const g = ginibre(1 / (2 * Math.sqrt(n)));
  const hamiltonian = g.plus(g.dag());
  const channels: ChannelInput[] = [];
  for (let k = 0; k < jumps; k++) channels.push({ operator: ginibre(1 / Math.sqrt(n)), rate: 1, bath: 'noise', label: `jump ${k}` });
  return new LindbladModel(sp, { hamiltonian, channels, baths: { noise: { beta: null } } });
}
