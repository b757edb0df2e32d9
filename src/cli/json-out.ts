/** JSON output of CLI commands (import-light: no model-file code). */
import { LindbladError } from '../errors.ts';

/** Keys whose values the engine vouches for: a NaN under them is a defect, never printed. */
const VOUCHED = new Set(['certificate', 'rho', 'populations']);

/**
 * JSON text with ±Infinity written as "inf"/"-inf" and NaN as "nan" (JSON has none of them). A NaN inside
 * a certificate, ρ or populations is an internal error instead (a certified number cannot be undefined).
 */
export function toJson(value: unknown, indent = 0): string {
  const vouched = new WeakSet<object>();
  return JSON.stringify(value, function (this: unknown, k: string, v: unknown) {
    const inside = typeof this === 'object' && this !== null && vouched.has(this);
    if (v instanceof Float64Array) v = Array.from(v);
    if (typeof v === 'object' && v !== null && (inside || VOUCHED.has(k))) vouched.add(v);
    if (typeof v === 'number' && !Number.isFinite(v)) {
      if (!Number.isNaN(v)) return v > 0 ? 'inf' : '-inf';
      if (inside || VOUCHED.has(k)) throw new LindbladError('internal', `the result holds NaN at "${k}", inside a certified value`, 'output');
      return 'nan';
    }
    return v;
  }, indent || undefined);
}
