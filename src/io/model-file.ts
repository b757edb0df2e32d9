/**
 * The JSON model-file format (documented in README.md, "Model files"). A file describes any model the
 * TypeScript API can: subsystems by name, operators built from named blocks with coefficients, sums and
 * products, or explicit matrices; channels with rates and baths; baths with inverse temperatures.
 * Every error names the field (a JSON path) and what was expected.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, describe } from '../errors.ts';
import { Space, type SubsystemSpec } from '../model/space.ts';
import { Operator, fromMatrix, op, sum } from '../model/operator.ts';
import { LindbladModel, type Bath, type ChannelInput } from '../model/model.ts';
import { basisKet, ketToDensity } from '../model/states.ts';

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parses a model file's text; `source` names the file in messages. */
export function parseModelText(text: string, source = 'model'): LindbladModel {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LindbladError('invalid-input', `malformed JSON (${(e as Error).message})`, source);
  }
  return parseModel(data);
}

/** Builds a LindbladModel from parsed JSON. */
export function parseModel(data: Json): LindbladModel {
  check(isObject(data), '(root)', `expected a JSON object, got ${describe(data)}`);
  const known = new Set(['subsystems', 'dims', 'hamiltonian', 'bareHamiltonian', 'channels', 'baths', 'referenceEnergy', 'description', 'name', 'initialState']);
  for (const k of Object.keys(data)) check(known.has(k), k, `unknown field (expected one of ${[...known].join(', ')})`);
  const sp = parseSpace(data);
  const hamiltonian = data.hamiltonian === undefined ? undefined : parseOperator(sp, data.hamiltonian, 'hamiltonian');
  const bare = data.bareHamiltonian === undefined ? undefined : parseOperator(sp, data.bareHamiltonian, 'bareHamiltonian');
  const channels: ChannelInput[] = [];
  if (data.channels !== undefined) {
    check(Array.isArray(data.channels), 'channels', `expected an array, got ${describe(data.channels)}`);
    data.channels.forEach((c: Json, i: number) => {
      const f = `channels[${i}]`;
      check(isObject(c), f, `expected an object { operator, rate, bath }, got ${describe(c)}`);
      for (const k of Object.keys(c)) check(['operator', 'rate', 'bath', 'label'].includes(k), `${f}.${k}`, 'unknown field (expected operator, rate, bath, label)');
      check(c.operator !== undefined, `${f}.operator`, 'missing');
      // "inf" requests the infinitely-fast limit (supported by steady states), as rate: Infinity in the API.
      const rate = c.rate === 'inf' ? Infinity : c.rate;
      check(typeof rate === 'number' && (Number.isFinite(rate) || rate === Infinity), `${f}.rate`, `expected a finite number or "inf", got ${describe(c.rate)}`);
      check((rate as number) >= 0, `${f}.rate`, `expected a rate ≥ 0, got ${c.rate}`);
      check(c.bath === undefined || typeof c.bath === 'string', `${f}.bath`, `expected a bath name, got ${describe(c.bath)}`);
      check(c.label === undefined || typeof c.label === 'string', `${f}.label`, `expected a string, got ${describe(c.label)}`);
      channels.push({ operator: parseOperator(sp, c.operator, `${f}.operator`), rate: rate as number, bath: c.bath as string | undefined, label: c.label as string | undefined });
    });
  }
  const baths: Record<string, Bath> = {};
  if (data.baths !== undefined) {
    check(isObject(data.baths), 'baths', `expected an object of { beta }, got ${describe(data.baths)}`);
    for (const [name, b] of Object.entries(data.baths)) {
      check(isObject(b), `baths.${name}`, `expected { "beta": number | "inf" | "-inf" | null }, got ${describe(b)}`);
      baths[name] = { beta: parseBeta(b.beta, `baths.${name}.beta`) };
    }
  }
  if (data.referenceEnergy !== undefined) check(typeof data.referenceEnergy === 'number', 'referenceEnergy', `expected a number, got ${describe(data.referenceEnergy)}`);
  return new LindbladModel(sp, { hamiltonian, bareHamiltonian: bare, channels, baths, referenceEnergy: data.referenceEnergy as number | undefined });
}

/** β as a number, "inf"/"+inf"/"-inf" (JSON has no Infinity), or null for a non-thermal bath. */
export function parseBeta(x: Json, field: string): number | null {
  if (x === null) return null;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (s === 'inf' || s === '+inf' || s === 'infinity' || s === '+infinity') return Infinity;
    if (s === '-inf' || s === '-infinity') return -Infinity;
    const v = Number(s);
    check(s !== '' && Number.isFinite(v), field, `expected a number, "inf", "-inf" or null, got ${describe(x)}`);
    return v;
  }
  check(typeof x === 'number' && !Number.isNaN(x), field, `expected a number, "inf", "-inf" or null, got ${describe(x)}`);
  return x as number;
}

function parseSpace(data: Record<string, Json>): Space {
  if (data.subsystems !== undefined) {
    check(data.dims === undefined, 'dims', 'give either "subsystems" or "dims", not both');
    check(isObject(data.subsystems), 'subsystems', `expected an object of named subsystems, got ${describe(data.subsystems)}`);
    const entries: Array<[string, SubsystemSpec]> = Object.entries(data.subsystems).map(([name, s]) => {
      const f = `subsystems.${name}`;
      if (s === 'qubit') return [name, { kind: 'qubit' }];
      check(isObject(s), f, `expected "qubit", { "kind": "qubit" }, { "kind": "fock", "cutoff": N } or { "kind": "levels", "n": N }, got ${describe(s)}`);
      return [name, s as unknown as SubsystemSpec];
    });
    return new Space(entries);
  }
  check(Array.isArray(data.dims) && data.dims.length > 0, 'dims', `expected "subsystems" or a non-empty array "dims", got ${describe(data.dims)}`);
  const dims = data.dims as Json[];
  return new Space(dims.map((d, k) => {
    check(typeof d === 'number' && Number.isInteger(d) && d >= 1, `dims[${k}]`, `expected a positive integer, got ${describe(d)}`);
    return [`s${k}`, { kind: 'levels', n: d as number }] as [string, SubsystemSpec];
  }));
}

function parseComplex(x: Json, field: string): [number, number] {
  if (typeof x === 'number') {
    check(Number.isFinite(x), field, `expected a finite number, got ${describe(x)}`);
    return [x, 0];
  }
  check(Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number' && Number.isFinite(v)), field,
    `expected a number or [re, im] with finite entries, got ${describe(x)}`);
  return [(x as number[])[0], (x as number[])[1]];
}

function parseMatrix(sp: Space, m: Json, field: string): Operator {
  check(Array.isArray(m), field, `expected an array of rows, got ${describe(m)}`);
  const rows = m as Json[];
  check(rows.length === sp.dim, field, `expected ${sp.dim} rows (the space's dimension), got ${rows.length}`);
  const out = new DenseMatrix(sp.dim, sp.dim);
  rows.forEach((row, i) => {
    check(Array.isArray(row), `${field}[${i}]`, `expected a row array, got ${describe(row)}`);
    check((row as Json[]).length === sp.dim, `${field}[${i}]`, `expected ${sp.dim} entries (a square matrix), got ${(row as Json[]).length}`);
    (row as Json[]).forEach((z, j) => {
      const [re, im] = parseComplex(z, `${field}[${i}][${j}]`);
      out.set(i, j, re, im);
    });
  });
  return fromMatrix(sp, out);
}

/**
 * The optional "initialState" of a model file (read by `lindblad evolve`): {"levels": {"q1": 1, …}} is the
 * product basis state with those levels (missing subsystems at 0); {"matrix": rows} is a density matrix
 * with entries as numbers or [re, im] (trace, Hermiticity and positivity are checked by evolve).
 * Returns null when the file has none. `data` is the parsed file (the JSON root object).
 */
export function parseInitialState(data: Json, sp: Space): DenseMatrix | null {
  if (!isObject(data) || data.initialState === undefined) return null;
  const s = data.initialState, f = 'initialState';
  check(isObject(s) && Object.keys(s).length === 1 && ('levels' in s || 'matrix' in s), f,
    `expected {"levels": {subsystem: level, …}} or {"matrix": rows}, got ${describe(s)}`);
  if ('levels' in s) {
    check(isObject(s.levels), `${f}.levels`, `expected an object {subsystem: level}, got ${describe(s.levels)}`);
    return wrap(`${f}.levels`, () => ketToDensity(basisKet(sp, s.levels as Record<string, number>)));
  }
  return parseMatrix(sp, s.matrix, `${f}.matrix`).toDense();
}

/**
 * An operator expression: {"matrix": M} | {"op": name, "on": subsystem, "level"?, "from"?, "to"?} |
 * "subsystem.name" | {"sum": [e…]} | {"product": [e…]} | {"scale": c, "of": e} | {"dag": e};
 * c is a number or [re, im].
 */
export function parseOperator(sp: Space, e: Json, field: string): Operator {
  if (typeof e === 'string') {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    check(m !== null, field, `expected "subsystem.operator" (e.g. "q1.sigma_minus"), got ${describe(e)}`);
    return wrap(field, () => op(sp, m![1], m![2]));
  }
  check(isObject(e), field, `expected an operator expression (matrix, op, sum, product, scale, dag), got ${describe(e)}`);
  const keys = Object.keys(e);
  if ('matrix' in e) {
    check(keys.length === 1, field, 'a {"matrix"} expression takes no other fields');
    return parseMatrix(sp, e.matrix, `${field}.matrix`);
  }
  if ('op' in e) {
    check(typeof e.op === 'string', `${field}.op`, `expected an operator name, got ${describe(e.op)}`);
    check(typeof e.on === 'string', `${field}.on`, `expected a subsystem name, got ${describe(e.on)}`);
    for (const k of keys) check(['op', 'on', 'level', 'from', 'to'].includes(k), `${field}.${k}`, 'unknown field (expected op, on, level, from, to)');
    const args = { level: e.level as number | undefined, from: e.from as number | undefined, to: e.to as number | undefined };
    return wrap(field, () => op(sp, e.on as string, e.op as string, args));
  }
  const list = (k: string): Operator[] => {
    const xs = e[k];
    check(Array.isArray(xs) && xs.length > 0, `${field}.${k}`, `expected a non-empty array of operator expressions, got ${describe(xs)}`);
    return (xs as Json[]).map((x, i) => parseOperator(sp, x, `${field}.${k}[${i}]`));
  };
  if ('sum' in e) return sum(sp, list('sum'));
  if ('product' in e) return list('product').reduce((a, b) => a.times(b));
  if ('scale' in e) {
    const [re, im] = parseComplex(e.scale, `${field}.scale`);
    check(e.of !== undefined, `${field}.of`, 'missing the operator to scale');
    return parseOperator(sp, e.of, `${field}.of`).scale(re, im);
  }
  if ('dag' in e) return parseOperator(sp, e.dag, `${field}.dag`).dag();
  throw new LindbladError('invalid-input', `unknown operator expression with fields ${keys.join(', ')} (expected matrix, op, sum, product, scale or dag)`, field);
}

/** Re-labels errors thrown deep inside operator construction with the file's field path. */
function wrap<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof LindbladError) {
      const bare = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
      throw new LindbladError(err.code, bare, field);
    }
    throw err;
  }
}
