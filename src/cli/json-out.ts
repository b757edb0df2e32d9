/** JSON output of CLI commands (import-light: no model-file code). */
import { LindbladError } from '../errors.ts';

/** Keys whose values the engine vouches for: a NaN under them is a defect, never printed. */
const VOUCHED = new Set(['certificate', 'rho', 'populations']);

/**
 * JSON text with ±Infinity written as "inf"/"-inf" and NaN as "nan" (JSON has none of them). A NaN inside
 * a certificate, ρ or populations is an internal error instead (a certified number cannot be undefined).
 * The vouched values are searched for NaN first, in one walk (marking each of their objects for the
 * replacer instead, in a WeakSet, made a 3000-level ρ — 9 M row entries — take minutes).
 */
export function toJson(value: unknown, indent = 0): string {
  const nan = vouchedNaN(value, '', false, 0);
  if (nan !== null) throw new LindbladError('internal', `the result holds NaN at "${nan}", inside a certified value`, 'output');
  return JSON.stringify(value, (_k: string, v: unknown) => {
    if (v instanceof Float64Array) return Array.from(v);
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return v;
  }, indent || undefined);
}

/** The key under which a NaN sits inside a vouched value (VOUCHED keys, at any depth), or null. */
function vouchedNaN(v: unknown, key: string, inside: boolean, depth: number): string | null {
  const vouched = inside || VOUCHED.has(key);
  if (typeof v === 'number') return vouched && Number.isNaN(v) ? key : null;
  if (typeof v !== 'object' || v === null || depth > 256) return null;
  if (ArrayBuffer.isView(v)) {
    if (vouched && v instanceof Float64Array) for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) return String(i);
    return null;
  }
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return vouchedNaN(toJSON.call(v, key), key, inside, depth + 1); // written as its toJSON says
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) { const r = vouchedNaN(v[i], String(i), vouched, depth + 1); if (r !== null) return r; }
    return null;
  }
  for (const k of Object.keys(v)) { const r = vouchedNaN((v as Record<string, unknown>)[k], k, vouched, depth + 1); if (r !== null) return r; }
  return null;
}
