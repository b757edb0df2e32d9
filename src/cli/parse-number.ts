/** Numeric command-line options (import-light: no model-file code). */
import { LindbladError } from '../errors.ts';
import { decimalNumber } from '../io/decimal.ts';

/** A real number option: finite, or ±inf when allowInfinite (written inf, -inf; 1e400 is an error); the option name goes into the error. */
export function parseNumber(value: string, option: string, opts: { allowInfinite?: boolean; min?: number; exclusiveMin?: number; exclusiveMax?: number; integer?: boolean } = {}): number {
  const s = value.trim().toLowerCase();
  // ±∞ only as the words inf / -inf: a numeral that overflows (1e400) is a mistake, not an infinite limit
  let x: number, word = true;
  if (opts.allowInfinite && (s === 'inf' || s === '+inf' || s === 'infinity')) x = Infinity;
  else if (opts.allowInfinite && (s === '-inf' || s === '-infinity')) x = -Infinity;
  else { x = decimalNumber(s); word = false; }
  const expected = opts.allowInfinite ? 'a number, inf or -inf' : opts.integer ? 'an integer' : 'a finite number';
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Number.isNaN(x) || (!word && !Number.isFinite(x))) throw new LindbladError('invalid-input', `expected ${expected}, got ${shown}`, option);
  if (opts.integer && !Number.isInteger(x)) throw new LindbladError('invalid-input', `expected an integer, got ${shown}`, option);
  if (opts.min !== undefined && x < opts.min) throw new LindbladError('invalid-input', `expected a value ≥ ${opts.min}, got ${value}`, option);
  if (opts.exclusiveMin !== undefined && x <= opts.exclusiveMin) throw new LindbladError('invalid-input', `expected a value > ${opts.exclusiveMin}, got ${value}`, option);
  if (opts.exclusiveMax !== undefined && x >= opts.exclusiveMax) throw new LindbladError('invalid-input', `expected a value < ${opts.exclusiveMax}, got ${value}`, option);
  return x;
}
