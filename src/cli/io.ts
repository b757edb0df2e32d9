/** Small helpers shared by CLI commands: reading model files, printing JSON, parsing numeric options. */
import { LindbladError } from '../errors.ts';
import { parseModelText } from '../io/model-file.ts';
import { readInputText } from '../io/input-file.ts';
import { checkSteadyMemory } from '../io/limits.ts';
import type { LindbladModel } from '../model/model.ts';
import type { DenseMatrix } from '../linalg/dense.ts';

/**
 * Reads and parses a JSON model file for a steady-state solve: a regular file of at most 64 MiB
 * (io/input-file.ts; a missing, unreadable or non-regular file is a user error naming the path) whose
 * steady state fits the memory budget (at least 64·n² bytes for dimension n, io/limits.ts), unless
 * `checkMemory` is false.
 */
export function readModelFile(path: string, options: { checkMemory?: boolean } = {}): LindbladModel {
  const model = parseModelText(readInputText(path, 'model file'), path);
  if (options.checkMemory ?? true) checkSteadyMemory(model.space.dim, path);
  return model;
}

/** The JSON value of a model file (read as readModelFile does), for commands that also read its initialState. */
export function readModelJson(path: string): unknown {
  const text = readInputText(path, 'model file');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LindbladError('invalid-input', `malformed JSON (${(e as Error).message})`, path);
  }
}

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

/** ρ as rows of [re, im] pairs. */
export function matrixRows(m: DenseMatrix): Array<Array<[number, number]>> {
  return m.toRows();
}

/** A real number option: finite, or ±inf when allowInfinite; the option name goes into the error. */
export function parseNumber(value: string, option: string, opts: { allowInfinite?: boolean; min?: number; exclusiveMin?: number; exclusiveMax?: number; integer?: boolean } = {}): number {
  const s = value.trim().toLowerCase();
  let x: number;
  if (opts.allowInfinite && (s === 'inf' || s === '+inf' || s === 'infinity')) x = Infinity;
  else if (opts.allowInfinite && (s === '-inf' || s === '-infinity')) x = -Infinity;
  else x = s === '' ? NaN : Number(s);
  const expected = opts.allowInfinite ? 'a number, inf or -inf' : opts.integer ? 'an integer' : 'a finite number';
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Number.isNaN(x) || (!opts.allowInfinite && !Number.isFinite(x))) throw new LindbladError('invalid-input', `expected ${expected}, got ${shown}`, option);
  if (opts.integer && !Number.isInteger(x)) throw new LindbladError('invalid-input', `expected an integer, got ${shown}`, option);
  if (opts.min !== undefined && x < opts.min) throw new LindbladError('invalid-input', `expected a value ≥ ${opts.min}, got ${value}`, option);
  if (opts.exclusiveMin !== undefined && x <= opts.exclusiveMin) throw new LindbladError('invalid-input', `expected a value > ${opts.exclusiveMin}, got ${value}`, option);
  if (opts.exclusiveMax !== undefined && x >= opts.exclusiveMax) throw new LindbladError('invalid-input', `expected a value < ${opts.exclusiveMax}, got ${value}`, option);
  return x;
}
