/** Small helpers shared by CLI commands: reading model files, printing JSON, parsing numeric options. */
import { readFileSync } from 'node:fs';
import { LindbladError } from '../errors.ts';
import { parseModelText } from '../io/model-file.ts';
import type { LindbladModel } from '../model/model.ts';
import type { DenseMatrix } from '../linalg/dense.ts';

/** Reads and parses a JSON model file; a missing file is a user error. */
export function readModelFile(path: string): LindbladModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LindbladError('invalid-input', `cannot read model file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  return parseModelText(text, path);
}

/** JSON text with ±Infinity written as "inf"/"-inf" (JSON has neither) and NaN refused. */
export function toJson(value: unknown, indent = 0): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      if (Number.isNaN(v)) throw new Error('refusing to print NaN');
      return v > 0 ? 'inf' : '-inf';
    }
    if (v instanceof Float64Array) return Array.from(v);
    return v;
  }, indent || undefined);
}

/** ρ as rows of [re, im] pairs. */
export function matrixRows(m: DenseMatrix): Array<Array<[number, number]>> {
  return m.toRows();
}

/** A real number option: finite, or ±inf when allowInfinite; the option name goes into the error. */
export function parseNumber(value: string, option: string, opts: { allowInfinite?: boolean; min?: number; exclusiveMin?: number; integer?: boolean } = {}): number {
  const s = value.trim().toLowerCase();
  let x: number;
  if (opts.allowInfinite && (s === 'inf' || s === '+inf' || s === 'infinity')) x = Infinity;
  else if (opts.allowInfinite && (s === '-inf' || s === '-infinity')) x = -Infinity;
  else x = s === '' ? NaN : Number(s);
  const expected = opts.allowInfinite ? 'a number, inf or -inf' : opts.integer ? 'an integer' : 'a finite number';
  if (Number.isNaN(x) || (!opts.allowInfinite && !Number.isFinite(x))) throw new LindbladError('invalid-input', `expected ${expected}, got ${JSON.stringify(value)}`, option);
  if (opts.integer && !Number.isInteger(x)) throw new LindbladError('invalid-input', `expected an integer, got ${JSON.stringify(value)}`, option);
  if (opts.min !== undefined && x < opts.min) throw new LindbladError('invalid-input', `expected a value ≥ ${opts.min}, got ${value}`, option);
  if (opts.exclusiveMin !== undefined && x <= opts.exclusiveMin) throw new LindbladError('invalid-input', `expected a value > ${opts.exclusiveMin}, got ${value}`, option);
  return x;
}
