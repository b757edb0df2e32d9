/**
 * Parameter ranges and grids for sweeps. A range is written START:STOP:COUNT[:log] — COUNT points from
 * START to STOP inclusive, evenly spaced, or evenly spaced in log (START, STOP > 0) — or as one number.
 * A grid is the Cartesian product of named parameter lists in a fixed order; point k has the row-major
 * index over the axes with more than one value, the first such axis varying slowest.
 */
import { LindbladError, describe, checkOptions } from '../errors.ts';
import { decimalNumber } from '../io/decimal.ts';

export interface RangeOptions {
  /** Smallest allowed value (e.g. 0 for rates). */
  min?: number;
  /** Values must be integers (e.g. a Fock cutoff). */
  integer?: boolean;
  /** A single value may be "inf", "+inf" or "-inf". */
  allowInfinite?: boolean;
  /** Upper bound on COUNT (default 10⁶). */
  maxCount?: number;
}

function bad(field: string, message: string): never {
  throw new LindbladError('invalid-input', message, field);
}

function number(text: string, field: string, what: string, allowInfinite: boolean): number {
  const s = text.trim().toLowerCase();
  if (allowInfinite && (s === 'inf' || s === '+inf' || s === 'infinity')) return Infinity;
  if (allowInfinite && (s === '-inf' || s === '-infinity')) return -Infinity;
  const x = decimalNumber(s);
  if (!Number.isFinite(x)) bad(field, `${what}: expected a finite number, got ${JSON.stringify(text)}`);
  return x;
}

/**
 * The values of a range "START:STOP:COUNT[:log]" or of a single number. Endpoints are exact; interior
 * points are START + (STOP − START)·k/(COUNT − 1), or exp of the same in log space.
 */
export function parseRange(text: string, field: string, options: RangeOptions = {}): number[] {
  checkOptions(options, ['min', 'integer', 'allowInfinite', 'maxCount'], 'options');
  if (typeof text !== 'string') throw new LindbladError('invalid-input', `expected a value or a range START:STOP:COUNT[:log], got ${describe(text)}`, typeof field === 'string' ? field : 'range');
  const parts = text.split(':');
  let values: number[];
  if (parts.length === 1) {
    values = [number(parts[0], field, 'value', options.allowInfinite ?? false)];
  } else {
    if (parts.length < 3 || parts.length > 4) bad(field, `expected START:STOP:COUNT or START:STOP:COUNT:log, got ${JSON.stringify(text)}`);
    if (parts.length === 4 && parts[3].trim() !== 'log') bad(field, `the fourth part of a range must be "log", got ${JSON.stringify(parts[3])}`);
    const start = number(parts[0], field, 'START', false), stop = number(parts[1], field, 'STOP', false);
    const count = decimalNumber(parts[2]);
    const maxCount = options.maxCount ?? 1e6;
    if (!Number.isInteger(count) || count < 1 || count > maxCount) bad(field, `COUNT must be an integer in [1, ${maxCount}], got ${JSON.stringify(parts[2])}`);
    const log = parts.length === 4;
    if (log && !(start > 0 && stop > 0)) bad(field, `a log range needs START > 0 and STOP > 0, got ${start}:${stop}`);
    values = Array.from({ length: count }, (_, k) => {
      if (k === 0) return start;
      if (k === count - 1) return stop;
      const f = k / (count - 1);
      return log ? Math.exp(Math.log(start) + (Math.log(stop) - Math.log(start)) * f) : start + (stop - start) * f;
    });
  }
  for (const v of values) {
    if (options.min !== undefined && v < options.min) bad(field, `expected values ≥ ${options.min}, got ${v}`);
    if (options.integer && !Number.isInteger(v)) bad(field, `expected integer values, got ${v}`);
  }
  return values;
}

/** A named parameter and its values (one value: fixed). */
export interface Axis {
  readonly name: string;
  readonly values: readonly number[];
}

/** Most points a grid may have (10⁷: a sweep keeps one CSV record per point in memory). */
export const MAX_GRID_POINTS = 1e7;

export class Grid {
  /** Every parameter in column order, fixed ones included. */
  readonly parameters: readonly Axis[];
  /** Number of points. */
  readonly size: number;
  /** Index stride of each parameter (1 for fixed ones, whose only value is used). */
  private readonly strides: readonly number[];

  constructor(parameters: readonly Axis[]) {
    if (!Array.isArray(parameters) || !parameters.every((p) => typeof p === 'object' && p !== null && typeof p.name === 'string' && Array.isArray(p.values))) {
      throw new LindbladError('invalid-input', `expected an array of axes { name, values: number[] }, got ${describe(parameters)}`, 'grid');
    }
    const names = new Set<string>();
    for (const p of parameters) {
      if (names.has(p.name)) bad(p.name, 'parameter given twice');
      if (p.values.length === 0) bad(p.name, 'no values');
      names.add(p.name);
    }
    this.parameters = parameters;
    // Row-major over the swept axes: the stride of an axis is the product of the lengths after it.
    const strides = new Array<number>(parameters.length).fill(1);
    let stride = 1;
    for (let k = parameters.length - 1; k >= 0; k--) {
      strides[k] = stride;
      if (parameters[k].values.length > 1) stride *= parameters[k].values.length;
    }
    if (stride > MAX_GRID_POINTS) {
      const swept = parameters.filter((p) => p.values.length > 1);
      bad(swept.map((p) => `--${p.name}`).join(' × ') || 'grid', `the grid has ${stride.toExponential(2).replace('e+', 'e')} points (${swept.map((p) => p.values.length).join(' × ')}); at most ${MAX_GRID_POINTS.toExponential(0).replace('e+', 'e')} are allowed`);
    }
    this.strides = strides;
    this.size = stride;
  }

  /** From a record of names to a value list or a single value (insertion order is the column order). */
  static of(spec: Readonly<Record<string, number | readonly number[]>>): Grid {
    return new Grid(Object.entries(spec).map(([name, v]) => ({ name, values: typeof v === 'number' ? [v] : v })));
  }

  /** Parameter values of point `index` (0 ≤ index < size). */
  point(index: number): Record<string, number> {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`point index ${index} outside 0…${this.size - 1}`);
    const out: Record<string, number> = {}, { parameters, strides } = this;
    for (let k = 0; k < parameters.length; k++) {
      const p = parameters[k], n = p.values.length, v = n === 1 ? p.values[0] : p.values[Math.floor(index / strides[k]) % n];
      if (p.name === '__proto__') Object.defineProperty(out, p.name, { value: v, writable: true, enumerable: true, configurable: true }); // an own key, not the prototype
      else out[p.name] = v;
    }
    return out;
  }

  /** Names of the parameters (column order). */
  get names(): string[] {
    return this.parameters.map((p) => p.name);
  }
}
