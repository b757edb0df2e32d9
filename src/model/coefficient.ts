/**
 * Time-dependent coefficients c(t) (real; t in the model's inverse rate units): of Hamiltonian terms,
 * H(t) = H + Σ_k c_k(t) O_k, and of channel rates, γ(t). Three kinds: any TypeScript function of t, a
 * parsed expression (expression.ts), or a table interpolated piecewise-constant or linearly (optionally
 * repeated with a period). Besides its value, a coefficient knows its breakpoints (times where it or its
 * slope jumps: the integrators restart there, so no step straddles a kink or a jump).
 */
import { LindbladError, check, checkKeys, checkNumberList, checkOptions, describe } from '../errors.ts';
import { parseExpression, type Expression } from './expression.ts';

export interface TimeFunction {
  readonly kind: 'function' | 'expression' | 'table';
  /** c(t). */
  value(t: number): number;
  /** Times in the open interval (a, b) where c or c′ jumps, ascending. */
  breakpoints(a: number, b: number): number[];
  /** A short description for messages. */
  readonly label: string;
}

/** A plain TypeScript function of t (smooth as far as the integrators know; give breakpoints if it jumps). */
export function fromFunction(f: (t: number) => number, options: { breakpoints?: number[]; label?: string } = {}): TimeFunction {
  if (typeof f !== 'function') throw new LindbladError('invalid-input', 'expected a function of t', 'coefficient');
  checkOptions(options, ['breakpoints', 'label'], 'options'); // a misspelt key was ignored, breakpoints: 5 a TypeError, "ab" read as characters
  const bps = options.breakpoints === undefined ? [] : checkNumberList(options.breakpoints, 'coefficient.breakpoints').sort((x, y) => x - y);
  check(options.label === undefined || typeof options.label === 'string', 'options.label', `expected a string, got ${describe(options.label)}`);
  return { kind: 'function', value: f, breakpoints: (a, b) => bps.filter((x) => x > a && x < b), label: options.label ?? 'function of t' };
}

/** A parsed expression in t and named parameters (see expression.ts). */
export function fromExpression(text: string, parameters: Readonly<Record<string, number>> = {}, field = 'coefficient'): TimeFunction {
  const e: Expression = parseExpression(text, field, parameters);
  return { kind: 'expression', value: (t) => e.value(t), breakpoints: () => [], label: JSON.stringify(text) };
}

export interface TableInput {
  /** Strictly increasing times. */
  t: ReadonlyArray<number>;
  values: ReadonlyArray<number>;
  /** 'constant': c(t) = values[k] on [t_k, t_{k+1}); 'linear': linear between the points. Default 'linear'. */
  interpolation?: 'constant' | 'linear';
  /** When given, c(t) = c(t_0 + ((t − t_0) mod period)); the table must span at most one period. */
  period?: number;
}

/** Most breakpoints a periodic table may place in one time span (each starts an integration piece). */
export const MAX_BREAKPOINTS = 1_000_000;

/**
 * A table: outside [t_0, t_last] (without a period) the end values hold. Breakpoints are the table times
 * (and their repetitions). Field names `field.t`, `field.values`, … in errors.
 */
export function fromTable(input: TableInput, field = 'coefficient.table'): TimeFunction {
  if (typeof input !== 'object' || input === null) throw new LindbladError('invalid-input', `expected a table { t, values, interpolation?, period? }, got ${describe(input)}`, field);
  checkKeys(input, ['t', 'values', 'interpolation', 'period'], field); // a misspelt key (e.g. "peroid") was ignored
  const ts = checkNumberList(input.t, `${field}.t`), vs = checkNumberList(input.values, `${field}.values`);
  const interp = input.interpolation ?? 'linear';
  if (interp !== 'constant' && interp !== 'linear') throw new LindbladError('invalid-input', `expected "constant" or "linear", got ${JSON.stringify(interp)}`, `${field}.interpolation`);
  if (ts.length < 1) throw new LindbladError('invalid-input', 'expected at least one time', `${field}.t`);
  if (vs.length !== ts.length) throw new LindbladError('invalid-input', `expected ${ts.length} values (one per time), got ${vs.length}`, `${field}.values`);
  ts.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new LindbladError('invalid-input', `expected a finite number, got ${describe(x)}`, `${field}.t[${i}]`);
    if (i > 0 && !(x > ts[i - 1])) throw new LindbladError('invalid-input', `times must increase strictly, but ${x} ≤ ${ts[i - 1]}`, `${field}.t[${i}]`);
  });
  vs.forEach((x, i) => { if (typeof x !== 'number' || !Number.isFinite(x)) throw new LindbladError('invalid-input', `expected a finite number, got ${describe(x)}`, `${field}.values[${i}]`); });
  const period = input.period;
  if (period !== undefined) {
    if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) throw new LindbladError('invalid-input', `expected a finite period > 0, got ${describe(period)}`, `${field}.period`);
    if (ts[ts.length - 1] - ts[0] > period * (1 + 1e-12)) throw new LindbladError('invalid-input', `the table spans ${ts[ts.length - 1] - ts[0]}, more than one period ${period}`, `${field}.period`);
  }
  const t0 = ts[0], last = ts.length - 1;
  // t₀ + ((t − t₀) mod period), the remainder taken once (exact for t ≥ t₀; `((r % P) + P) % P` rounded a knot
  // 1.1 of period 3 to 1.0999999999999996, the value before it)
  const local = (t: number) => {
    if (period === undefined) return t;
    let r = (t - t0) % period;
    if (r < 0) r += period;
    return t0 + (r < period ? r : 0);
  };
  const value = (t: number): number => {
    const x = local(t);
    if (x <= ts[0]) return vs[0];
    if (x >= ts[last]) return interp === 'linear' && period !== undefined ? vs[last] + (vs[0] - vs[last]) * (x - ts[last]) / (t0 + period - ts[last]) : vs[last];
    let lo = 0, hi = last;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (ts[mid] <= x) lo = mid; else hi = mid; }
    return interp === 'constant' ? vs[lo] : vs[lo] + (vs[hi] - vs[lo]) * (x - ts[lo]) / (ts[hi] - ts[lo]);
  };
  const breakpoints = (a: number, b: number): number[] => {
    const out: number[] = [];
    if (period === undefined) return ts.filter((x) => x > a && x < b);
    const repeats = (b - a) / period + 2;
    if (!(repeats * (ts.length + 1) <= MAX_BREAKPOINTS)) { // before building the list (1e9 of them was a fatal V8 allocation error)
      throw new LindbladError('unsupported', `the table repeats ${repeats.toExponential(2)} times over [${a}, ${b}] (period ${period}): more than ${MAX_BREAKPOINTS.toExponential(0)} breakpoints, each the start of an integration piece; lengthen the period or shorten the time span`, `${field}.period`);
    }
    const first = Math.floor((a - t0) / period) - 1;
    for (let r = first; t0 + r * period < b; r++) {
      for (const x of [...ts, t0 + period]) { const y = x + r * period; if (y > a && y < b && (out.length === 0 || y > out[out.length - 1] * (1 + 1e-14) + 1e-300)) out.push(y); }
    }
    return out;
  };
  return { kind: 'table', value, breakpoints, label: `table of ${ts.length} points (${interp}${period !== undefined ? `, period ${period}` : ''})` };
}

/** A coefficient as the API accepts it: a number (constant), a function of t, or a TimeFunction. */
export type CoefficientInput = number | ((t: number) => number) | TimeFunction;

/** Normalises a CoefficientInput (field names it in errors). */
export function toTimeFunction(c: CoefficientInput, field: string): TimeFunction {
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) throw new LindbladError('invalid-input', `expected a finite number, got ${c}`, field);
    return { kind: 'function', value: () => c, breakpoints: () => [], label: String(c) };
  }
  if (typeof c === 'function') return fromFunction(c);
  if (typeof c === 'object' && c !== null && typeof (c as TimeFunction).value === 'function' && typeof (c as TimeFunction).breakpoints === 'function') return c;
  throw new LindbladError('invalid-input', 'expected a number, a function of t, or a coefficient from fromExpression / fromTable', field);
}
