/**
 * A Lindblad model: dρ/dt = −i[H, ρ] + Σ_k γ_k (o_k ρ o_k† − ½{o_k†o_k, ρ})  (ħ = 1).
 * Every channel belongs to a bath; every bath has an inverse temperature β (finite, ±Infinity) or null
 * (non-thermal). A rate may be Infinity: the infinitely fast (Zeno) limit, supported by steady states.
 * `bareHamiltonian` H0 is the energy used for heat currents (defaults to H, and then follows H: a copy
 * made by `with({ hamiltonian })` has H0 = the new H).
 */
import { LindbladError, check, checkFinite, checkKeys, checkOptions, describe, isPlainObject } from '../errors.ts';
import { checkSpace, type Space } from './space.ts';
import { Operator, zero } from './operator.ts';
import { CsrMatrix } from '../linalg/sparse.ts';

/** A bath: β in units of 1/ω_ref (see LindbladModel.referenceEnergy); null means not thermal. */
export interface Bath {
  readonly beta: number | null;
}

export interface Channel {
  readonly operator: Operator;
  /** Rate γ ≥ 0 of the standard dissipator γ(oρo† − ½{o†o, ρ}). */
  readonly rate: number;
  readonly bath: string;
  readonly label: string;
}

export interface ChannelInput {
  operator: Operator;
  rate: number;
  bath?: string;
  label?: string;
}

export interface ModelInput {
  hamiltonian?: Operator;
  channels?: ReadonlyArray<ChannelInput>;
  baths?: Readonly<Record<string, Bath>>;
  /** H0 for heat currents Q̇_i = Tr{H0 L_i(ρ)}; defaults to the Hamiltonian. */
  bareHamiltonian?: Operator;
  /** Energy unit ω_ref that makes β dimensionless: Ṡ = −Σ β_i Q̇_i / ω_ref. Default 1. */
  referenceEnergy?: number;
}

export class LindbladModel {
  readonly space: Space;
  readonly hamiltonian: Operator;
  readonly channels: readonly Channel[];
  readonly baths: ReadonlyMap<string, Bath>;
  readonly bareHamiltonian: Operator;
  /**
   * True when H0 was not given (or given as H itself): H0 is then H, and follows it through `with()` and
   * through scalings of H in sweeps (a sweep scaling H by s scales the heat currents by s).
   */
  readonly bareFollowsHamiltonian: boolean;
  readonly referenceEnergy: number;

  constructor(space: Space, input: ModelInput) {
    checkSpace(space);
    input = checkOptions(input, ['hamiltonian', 'channels', 'baths', 'bareHamiltonian', 'referenceEnergy'], 'model') as ModelInput;
    this.space = space;
    const h = input.hamiltonian ?? zero(space);
    checkOperator(space, h, 'hamiltonian');
    checkHermitian(h, 'hamiltonian');
    this.hamiltonian = h;
    const h0 = input.bareHamiltonian ?? h;
    checkOperator(space, h0, 'bareHamiltonian');
    checkHermitian(h0, 'bareHamiltonian');
    this.bareHamiltonian = h0;
    this.bareFollowsHamiltonian = h0 === h;
    const ref = input.referenceEnergy ?? 1;
    checkFinite(ref, 'referenceEnergy');
    check(ref > 0, 'referenceEnergy', `expected a positive energy, got ${ref}`);
    this.referenceEnergy = ref;

    const baths = new Map<string, Bath>();
    check(input.baths === undefined || isPlainObject(input.baths), 'baths', `expected { name: { beta }, … }, got ${describe(input.baths)}`);
    for (const [name, b] of Object.entries(input.baths ?? {})) {
      check(b !== null && typeof b === 'object', `baths.${name}`, 'expected an object { beta }');
      checkKeys(b, ['beta'], `baths.${name}`);
      const beta = b.beta;
      check(beta === null || (typeof beta === 'number' && !Number.isNaN(beta)), `baths.${name}.beta`,
        `expected a number (±Infinity allowed) or null for a non-thermal bath, got ${beta}`);
      baths.set(name, { beta });
    }
    const channels: Channel[] = [];
    check(input.channels === undefined || Array.isArray(input.channels), 'channels', `expected an array of { operator, rate, bath?, label? }, got ${describe(input.channels)}`);
    (input.channels ?? []).forEach((c, i) => {
      const f = `channels[${i}]`;
      check(isPlainObject(c as unknown), f, `expected { operator, rate, bath?, label? }, got ${describe(c)}`);
      checkKeys(c, ['operator', 'rate', 'bath', 'label'], f); // a misspelt key (say "rates") must not be ignored
      check(c.label === undefined || (typeof c.label === 'string' && c.label.length > 0), `${f}.label`, `expected a non-empty string, got ${describe(c.label)}`);
      checkOperator(space, c.operator, `${f}.operator`);
      check(typeof c.rate === 'number' && !Number.isNaN(c.rate) && c.rate >= 0, `${f}.rate`,
        `expected a rate ≥ 0 (or Infinity for the infinitely fast limit), got ${c.rate}`);
      const label = c.label ?? `channel${i}`;
      const bath = c.bath ?? label;
      check(typeof bath === 'string' && bath.length > 0, `${f}.bath`, 'expected a non-empty bath name');
      if (!baths.has(bath)) baths.set(bath, { beta: null });
      channels.push({ operator: c.operator, rate: c.rate, bath, label });
    });
    this.channels = channels;
    this.baths = baths;
  }

  /** True if some channel has rate = Infinity (only steady states support that limit). */
  hasInfiniteRates(): boolean {
    return this.channels.some((c) => c.rate === Infinity && !c.operator.isZero());
  }

  /** Channels that actually act (rate > 0 and operator ≠ 0). */
  activeChannels(): Channel[] {
    return this.channels.filter((c) => c.rate > 0 && !c.operator.isZero());
  }

  /**
   * A copy with some fields replaced (used by sweeps and frame changes). A model whose H0 follows H
   * (bareFollowsHamiltonian) keeps following it: a new Hamiltonian is also the new H0 unless one is given.
   */
  with(changes: Partial<ModelInput>): LindbladModel {
    return new LindbladModel(this.space, {
      hamiltonian: changes.hamiltonian ?? this.hamiltonian,
      channels: changes.channels ?? this.channels,
      baths: changes.baths ?? Object.fromEntries(this.baths),
      bareHamiltonian: changes.bareHamiltonian ?? (this.bareFollowsHamiltonian ? undefined : this.bareHamiltonian),
      referenceEnergy: changes.referenceEnergy ?? this.referenceEnergy,
    });
  }
}

/** Builds and validates a Lindblad model on `space`. */
export function lindbladModel(space: Space, input: ModelInput): LindbladModel {
  return new LindbladModel(space, input);
}

function checkOperator(space: Space, o: Operator, field: string): void {
  if (!(o instanceof Operator)) throw new LindbladError('invalid-input', 'expected an Operator', field);
  if (!o.space.equals(space)) {
    throw new LindbladError('dimension-mismatch', `operator acts on [${o.space.names}] (dims [${o.space.dims}]) but the model's space is [${space.names}] (dims [${space.dims}])`, field);
  }
  if (!o.matrix.isFinite()) throw new LindbladError('invalid-input', 'operator has a non-finite (NaN or infinite) entry', field);
}

/** Relative Hermiticity tolerance of H and H0: ‖H − H†‖_F ≤ HERMITIAN_TOL · ‖H‖_F. */
export const HERMITIAN_TOL = 1e-12;

/**
 * H must be Hermitian relative to its own size: ‖H − H†‖_F ≤ 1e-12·‖H‖_F (Frobenius norms, computed with
 * scaling so entries up to 1e308 neither overflow nor underflow). Relative, because the defect matters
 * against the energies of H itself: entries of 1e15 that are Hermitian up to rounding (≈ 1e-16 relative)
 * pass, and a non-Hermitian H with entries of 1e-15 is refused even though its defect is only 1e-15 in
 * absolute terms. 1e-12 leaves room for the rounding of sums and products of a few hundred terms.
 */
function checkHermitian(h: Operator, field: string): void {
  const m = h.matrix, nnz = m.nnz;
  let big = 0;
  for (let k = 0; k < 2 * nnz; k++) big = Math.max(big, Math.abs(m.values[k]));
  if (big === 0) return;
  // H/big (entries ≤ 1, divided rather than multiplied by 1/big, which overflows for subnormal big)
  const values = new Float64Array(2 * nnz);
  for (let k = 0; k < 2 * nnz; k++) values[k] = m.values[k] / big;
  const s = new CsrMatrix(m.rows, m.cols, m.rowPtr.slice(), m.colIdx.slice(0, nnz), values);
  const d = s.add(s.adjoint(), -1);
  let norm2 = 0, defect2 = 0;
  for (let k = 0; k < 2 * nnz; k++) norm2 += values[k] * values[k];
  for (let k = 0; k < 2 * d.nnz; k++) defect2 += d.values[k] * d.values[k];
  const ratio = Math.sqrt(defect2 / norm2);
  check(ratio <= HERMITIAN_TOL, field,
    `expected a Hermitian operator, but ‖H − H†‖ / ‖H‖ = ${ratio.toExponential(2)} (Frobenius norms; at most ${HERMITIAN_TOL} is accepted)`);
}
