/**
 * A time-dependent Lindblad model (ħ = 1):
 *   dρ/dt = −i[H(t), ρ] + Σ_k γ_k(t) (o_k ρ o_k† − ½{o_k†o_k, ρ}),  H(t) = H + Σ_j c_j(t) O_j,
 * where the constant part (H, channels with constant rates, baths) is a LindbladModel (`base`), the O_j
 * are Hermitian operators with real coefficients c_j(t), and any channel's rate may be replaced by a
 * coefficient γ_k(t) ≥ 0 (in `base` that channel keeps rate 0, so that base.liouvillian() is the constant
 * part). t is in the model's inverse rate units.
 */
import { LindbladError, check, checkKeys, checkOptions, describe, isPlainObject } from '../errors.ts';
import { LindbladModel } from './model.ts';
import { Operator } from './operator.ts';
import { toTimeFunction, type CoefficientInput, type TimeFunction } from './coefficient.ts';

export interface DriveTerm {
  readonly operator: Operator;
  readonly coefficient: TimeFunction;
}

export interface RateDrive {
  /** Index into base.channels. */
  readonly channel: number;
  readonly coefficient: TimeFunction;
}

export interface DrivenInput {
  /** Terms c_j(t)·O_j added to the Hamiltonian (O_j Hermitian). */
  hamiltonian?: ReadonlyArray<{ operator: Operator; coefficient: CoefficientInput }>;
  /** Time-dependent rates γ_k(t) ≥ 0 by channel label (replacing that channel's constant rate). */
  rates?: Readonly<Record<string, CoefficientInput>>;
}

export class DrivenModel {
  readonly kind = 'driven' as const;
  readonly base: LindbladModel;
  readonly drives: readonly DriveTerm[];
  readonly rateDrives: readonly RateDrive[];

  constructor(base: LindbladModel, input: DrivenInput) {
    if (!(base instanceof LindbladModel)) throw new LindbladError('invalid-input', 'expected a LindbladModel', 'base');
    input = checkOptions(input, ['hamiltonian', 'rates'], 'drives') as DrivenInput;
    // a non-array hamiltonian or a null term was a TypeError, a misspelt key of a term ignored
    check(input.hamiltonian === undefined || Array.isArray(input.hamiltonian), 'hamiltonian', `expected an array of { operator, coefficient }, got ${describe(input.hamiltonian)}`);
    this.drives = (input.hamiltonian ?? []).map((d, j) => {
      const f = `drives[${j}]`;
      check(isPlainObject(d), f, `expected { operator, coefficient }, got ${describe(d)}`);
      checkKeys(d, ['operator', 'coefficient'], f);
      check(d.operator instanceof Operator, `${f}.operator`, 'expected an Operator');
      check(d.operator.space.equals(base.space), `${f}.operator`, "operator acts on a different space than the model's");
      check(d.operator.matrix.isFinite(), `${f}.operator`, 'has a NaN or infinite entry');
      const herm = d.operator.hermiticityError(), size = Math.max(1e-300, d.operator.matrix.normInf());
      check(herm <= 1e-12 * size, `${f}.operator`, `expected a Hermitian operator (the coefficient is real), but max |O − O†| = ${herm.toExponential(2)}`);
      return { operator: d.operator as Operator, coefficient: toTimeFunction(d.coefficient as CoefficientInput, `${f}.coefficient`) };
    });
    const rates: RateDrive[] = [];
    const channels = [...base.channels];
    // rates: 5 was ignored, an array read as labels "0", "1", …; a constant negative rate was accepted
    check(input.rates === undefined || isPlainObject(input.rates), 'rates', `expected an object of coefficients by channel label, got ${describe(input.rates)}`);
    for (const [label, c] of Object.entries((input.rates ?? {}) as Record<string, CoefficientInput>)) {
      if (typeof c === 'number') check(c >= 0, `rates.${label}`, `expected a rate ≥ 0, got ${c}`);
      const k = channels.findIndex((ch) => ch.label === label);
      check(k >= 0, `rates.${label}`, `no channel is labelled ${JSON.stringify(label)} (labels: ${channels.map((ch) => JSON.stringify(ch.label)).join(', ') || 'none'})`);
      check(!channels.slice(k + 1).some((ch) => ch.label === label), `rates.${label}`, 'several channels carry this label');
      rates.push({ channel: k, coefficient: toTimeFunction(c, `rates.${label}`) });
      channels[k] = { ...channels[k], rate: 0 };
    }
    this.base = rates.length > 0 ? base.with({ channels }) : base;
    this.rateDrives = rates;
  }

  get space() {
    return this.base.space;
  }

  /** H(t) = H + Σ_j c_j(t) O_j. */
  hamiltonianAt(t: number): Operator {
    return this.drives.reduce((h, d) => h.plus(d.operator.scale(d.coefficient.value(t))), this.base.hamiltonian);
  }

  /** γ_k(t) of channel k (its driven rate, or its constant rate). */
  rateOf(channel: number, t: number): number {
    const d = this.rateDrives.find((r) => r.channel === channel);
    return d ? d.coefficient.value(t) : this.base.channels[channel].rate;
  }

  /** Sorted breakpoints of all coefficients in (a, b). */
  breakpoints(a: number, b: number): number[] {
    const all = [...this.drives.map((d) => d.coefficient), ...this.rateDrives.map((r) => r.coefficient)].flatMap((c) => c.breakpoints(a, b));
    all.sort((x, y) => x - y);
    return all.filter((x, i) => i === 0 || x - all[i - 1] > 1e-12 * Math.max(1, Math.abs(x)));
  }

  /** Every coefficient with the field that names it. */
  coefficients(): Array<{ field: string; f: TimeFunction; rate: boolean }> {
    return [
      ...this.drives.map((d, j) => ({ field: `drives[${j}].coefficient`, f: d.coefficient, rate: false })),
      ...this.rateDrives.map((r) => ({ field: `channels[${r.channel}].rate`, f: r.coefficient, rate: true })),
    ];
  }
}

/** Builds a time-dependent model from its constant part and drives (see DrivenModel). */
export function drivenModel(base: LindbladModel, input: DrivenInput): DrivenModel {
  return new DrivenModel(base, input);
}

export function isDriven(x: unknown): x is DrivenModel {
  return x instanceof DrivenModel;
}
