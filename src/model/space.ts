/**
 * Composite Hilbert spaces with named subsystems. The full space is the tensor product of the subsystems
 * in declaration order (the first declared is the most significant index), so a basis state
 * |n_1, n_2, …⟩ has index Σ_k n_k · Π_{l>k} d_l.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError, check, describe, isPlainObject } from '../errors.ts';

/** A two-level system with basis |0⟩ (ground) first and |1⟩ (excited). */
export interface QubitSpec { kind: 'qubit' }
/** A bosonic mode truncated at `cutoff` photons: basis |0⟩ … |cutoff⟩ (dimension cutoff + 1). */
export interface FockSpec { kind: 'fock'; cutoff: number }
/** A general N-level system with basis |0⟩ … |N−1⟩ (0 lowest). */
export interface LevelsSpec { kind: 'levels'; n: number }
export type SubsystemSpec = QubitSpec | FockSpec | LevelsSpec;

export const qubit = (): QubitSpec => ({ kind: 'qubit' });
export const fock = (cutoff: number): FockSpec => ({ kind: 'fock', cutoff });
export const levels = (n: number): LevelsSpec => ({ kind: 'levels', n });

/** Dimension of a subsystem. */
export function subsystemDim(spec: SubsystemSpec, field = 'subsystem'): number {
  check(isPlainObject(spec), field, `expected a subsystem: qubit(), fock(cutoff) or levels(n), got ${describe(spec)}`);
  switch (spec.kind) {
    case 'qubit':
      return 2;
    case 'fock':
      check(Number.isInteger(spec.cutoff) && spec.cutoff >= 0 && spec.cutoff <= 100000, `${field}.cutoff`,
        `expected an integer photon cutoff ≥ 0, got ${spec.cutoff}`);
      return spec.cutoff + 1;
    case 'levels':
      check(Number.isInteger(spec.n) && spec.n >= 1 && spec.n <= 100000, `${field}.n`,
        `expected an integer number of levels ≥ 1, got ${spec.n}`);
      return spec.n;
    default:
      throw new LindbladError('invalid-input', `unknown subsystem kind ${JSON.stringify((spec as { kind: unknown }).kind)} (expected "qubit", "fock" or "levels")`, `${field}.kind`);
  }
}

/** Most subsystems a space may have (2^20 states are reached by 20 qubits already). */
export const MAX_SUBSYSTEMS = 64;

export class Space {
  readonly names: readonly string[];
  readonly specs: readonly SubsystemSpec[];
  readonly dims: readonly number[];
  /** Total dimension Π d_k. */
  readonly dim: number;

  constructor(subsystems: ReadonlyArray<[string, SubsystemSpec]>) {
    check(Array.isArray(subsystems) && subsystems.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string'), 'subsystems', `expected [name, subsystem] pairs, got ${describe(subsystems)}`);
    check(subsystems.length > 0, 'subsystems', 'a space needs at least one subsystem');
    check(subsystems.length <= MAX_SUBSYSTEMS, 'subsystems', `at most ${MAX_SUBSYSTEMS} subsystems, got ${subsystems.length}`);
    const names: string[] = [];
    const dims: number[] = [];
    const seen = new Set<string>();
    for (const [name, spec] of subsystems) {
      check(typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name), 'subsystems',
        `subsystem names must be identifiers, got ${JSON.stringify(name)}`);
      check(!seen.has(name), `subsystems.${name}`, 'duplicate subsystem name');
      check(spec !== null && typeof spec === 'object', `subsystems.${name}`, 'expected a subsystem spec { kind, … }');
      seen.add(name);
      names.push(name);
      dims.push(subsystemDim(spec, `subsystems.${name}`));
    }
    this.names = names;
    this.specs = subsystems.map(([, s]) => s);
    this.dims = dims;
    this.dim = dims.reduce((a, b) => a * b, 1);
    check(this.dim <= 1 << 20, 'subsystems', `total dimension ${this.dim} is too large (max 2^20)`);
  }

  /** Position of a named subsystem; a clear error for unknown names. */
  index(name: string): number {
    const k = this.names.indexOf(name);
    if (k < 0) {
      throw new LindbladError('unknown-name', `unknown subsystem ${JSON.stringify(name)} (this space has ${this.names.map((n) => JSON.stringify(n)).join(', ')})`, 'subsystem');
    }
    return k;
  }

  /** True if both spaces have the same subsystems (names and dimensions) in the same order. */
  equals(other: Space): boolean {
    return this === other || (this.names.length === other.names.length
      && this.names.every((n, k) => n === other.names[k] && this.dims[k] === other.dims[k]));
  }

  /** Index of the product basis state with the given level of each subsystem. */
  basisIndex(levelsByName: Readonly<Record<string, number>>): number {
    let idx = 0;
    for (let k = 0; k < this.names.length; k++) {
      const n = Object.hasOwn(levelsByName, this.names[k]) ? levelsByName[this.names[k]] : 0; // own keys only: "constructor" is a name
      check(Number.isInteger(n) && n >= 0 && n < this.dims[k], `state.${this.names[k]}`,
        `level must be an integer in [0, ${this.dims[k] - 1}], got ${n}`);
      idx = idx * this.dims[k] + n;
    }
    for (const key of Object.keys(levelsByName)) this.index(key);
    return idx;
  }

  /** Levels of each subsystem for a full-space basis index. */
  levelsOf(index: number): number[] {
    const out = new Array<number>(this.dims.length);
    for (let k = this.dims.length - 1; k >= 0; k--) {
      out[k] = index % this.dims[k];
      index = Math.floor(index / this.dims[k]);
    }
    return out;
  }

  /** I_{before} ⊗ local ⊗ I_{after}: a local operator on subsystem `name` embedded in the full space. */
  embed(name: string, local: CsrMatrix): CsrMatrix {
    const k = this.index(name);
    if (local.rows !== this.dims[k] || local.cols !== this.dims[k]) {
      throw new LindbladError('dimension-mismatch', `a ${local.rows}×${local.cols} operator cannot act on subsystem "${name}" of dimension ${this.dims[k]}`, name);
    }
    const before = this.dims.slice(0, k).reduce((a, b) => a * b, 1);
    const after = this.dims.slice(k + 1).reduce((a, b) => a * b, 1);
    let m = local;
    if (before > 1) m = CsrMatrix.identity(before).kron(m);
    if (after > 1) m = m.kron(CsrMatrix.identity(after));
    return m;
  }
}

/** A composite space from an ordered record of named subsystems, e.g. space({ q1: qubit(), cav: fock(4) }). */
export function space(subsystems: Readonly<Record<string, SubsystemSpec>>): Space {
  check(isPlainObject(subsystems), 'subsystems', `expected { name: qubit() | fock(cutoff) | levels(n), … }, got ${describe(subsystems)}`);
  return new Space(Object.entries(subsystems));
}

/** Throws 'invalid-input' on `field` unless `x` is a Space. */
export function checkSpace(x: unknown, field = 'space'): asserts x is Space {
  if (!(x instanceof Space)) throw new LindbladError('invalid-input', `expected a Space (from space({ … })), got ${describe(x)}`, field);
}
