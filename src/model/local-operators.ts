/**
 * The named building-block operators of each subsystem kind, as sparse matrices on that subsystem alone.
 *
 * Qubit (basis |0⟩ ground, |1⟩ excited): σ⁻ = |0⟩⟨1|, σ⁺ = |1⟩⟨0|, σx = σ⁺ + σ⁻, σy = −iσ⁺ + iσ⁻,
 * σz = σ⁺σ⁻ − σ⁻σ⁺ = |1⟩⟨1| − |0⟩⟨0| (so [σ⁺, σ⁻] = σz), n = σ⁺σ⁻.
 * Fock (cutoff N): a|k⟩ = √k |k−1⟩, a†, n = a†a, x = (a + a†)/√2, p = i(a† − a)/√2 (all truncated).
 * Levels (|0⟩ … |N−1⟩): n = Σ k |k⟩⟨k|.
 * Every kind also has `identity`, `projector(k)` = |k⟩⟨k| and `transition(i, j)` = |i⟩⟨j|.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { LindbladError, check } from '../errors.ts';
import { subsystemDim, type SubsystemSpec } from './space.ts';

/** Sparse matrix from a list of (row, col, re, im) entries. */
function fromEntries(d: number, entries: Array<[number, number, number, number?]>): CsrMatrix {
  return CsrMatrix.fromTriplets(d, d, entries.map((e) => e[0]), entries.map((e) => e[1]),
    entries.map((e) => e[2]), entries.map((e) => e[3] ?? 0));
}

const QUBIT: Record<string, () => CsrMatrix> = {
  sigma_minus: () => fromEntries(2, [[0, 1, 1]]),
  sigma_plus: () => fromEntries(2, [[1, 0, 1]]),
  sigma_x: () => fromEntries(2, [[0, 1, 1], [1, 0, 1]]),
  sigma_y: () => fromEntries(2, [[0, 1, 0, 1], [1, 0, 0, -1]]),
  sigma_z: () => fromEntries(2, [[0, 0, -1], [1, 1, 1]]),
  n: () => fromEntries(2, [[1, 1, 1]]),
};
const QUBIT_ALIASES: Record<string, string> = { sm: 'sigma_minus', lower: 'sigma_minus', sp: 'sigma_plus', raise: 'sigma_plus', sx: 'sigma_x', sy: 'sigma_y', sz: 'sigma_z' };

function fock(d: number): Record<string, () => CsrMatrix> {
  const lower = () => fromEntries(d, Array.from({ length: d - 1 }, (_, k) => [k, k + 1, Math.sqrt(k + 1)] as [number, number, number]));
  const s = Math.SQRT1_2;
  return {
    a: lower,
    a_dag: () => lower().adjoint(),
    n: () => fromEntries(d, Array.from({ length: d }, (_, k) => [k, k, k] as [number, number, number])),
    x: () => lower().add(lower().adjoint()).scale(s),
    p: () => lower().adjoint().add(lower(), -1).scale(0, s),
  };
}
const FOCK_ALIASES: Record<string, string> = { lower: 'a', raise: 'a_dag', adag: 'a_dag', create: 'a_dag', destroy: 'a', num: 'n' };

function levelsTable(d: number): Record<string, () => CsrMatrix> {
  return { n: () => fromEntries(d, Array.from({ length: d }, (_, k) => [k, k, k] as [number, number, number])) };
}

/** Names accepted for a subsystem kind (for error messages and documentation). */
export function operatorNames(spec: SubsystemSpec): string[] {
  check(typeof spec === 'object' && spec !== null, 'subsystem', 'expected a subsystem: qubit(), fock(cutoff) or levels(n)');
  const common = ['identity', 'projector(k)', 'transition(i,j)'];
  switch (spec.kind) {
    case 'qubit': return [...Object.keys(QUBIT), ...Object.keys(QUBIT_ALIASES), ...common];
    case 'fock': return [...Object.keys(fock(2)), ...Object.keys(FOCK_ALIASES), ...common];
    case 'levels': return ['n', ...common];
  }
}

/** Optional integer arguments of `projector` and `transition`. */
export interface LocalArgs { level?: number; from?: number; to?: number }

/**
 * The local operator `name` on a subsystem of kind `spec`. `projector` takes args.level (|k⟩⟨k|);
 * `transition` takes args.to and args.from (|to⟩⟨from|).
 */
export function localOperator(spec: SubsystemSpec, name: string, args: LocalArgs = {}, field = 'operator'): CsrMatrix {
  const d = subsystemDim(spec);
  const level = (v: number | undefined, f: string): number => {
    check(v !== undefined && Number.isInteger(v) && v >= 0 && v < d, `${field}.${f}`,
      `expected an integer level in [0, ${d - 1}], got ${v}`);
    return v as number;
  };
  if (name === 'identity') return CsrMatrix.identity(d);
  if (name === 'projector') {
    const k = level(args.level, 'level');
    return fromEntries(d, [[k, k, 1]]);
  }
  if (name === 'transition') return fromEntries(d, [[level(args.to, 'to'), level(args.from, 'from'), 1]]);
  let table: Record<string, () => CsrMatrix>;
  let canonical = name;
  switch (spec.kind) {
    case 'qubit': table = QUBIT; canonical = Object.hasOwn(QUBIT_ALIASES, name) ? QUBIT_ALIASES[name] : name; break;
    case 'fock': table = fock(d); canonical = Object.hasOwn(FOCK_ALIASES, name) ? FOCK_ALIASES[name] : name; break;
    case 'levels': table = levelsTable(d); break;
  }
  const make = Object.hasOwn(table, canonical) ? table[canonical] : undefined;
  if (!make) {
    throw new LindbladError('unknown-name', `unknown ${spec.kind} operator ${JSON.stringify(name)} (expected one of ${operatorNames(spec).join(', ')})`, field);
  }
  return make();
}
