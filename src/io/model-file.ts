/**
 * The JSON model-file format (documented in README.md, "Model files"). A file describes any model the
 * TypeScript API can: subsystems by name, operators built from named blocks with coefficients, sums and
 * products, or explicit matrices; channels with rates and baths; baths with inverse temperatures.
 * Every error names the field (a JSON path) and what was expected. The format is strict: every object
 * has a fixed set of keys and an unknown key is an error naming it (a misspelt "of" must not silently drop
 * a factor); names (subsystems, baths, labels) are compared as own keys only, so "__proto__",
 * "constructor" or "toString" are ordinary names; operator expressions nest at most MAX_DEPTH levels;
 * a JSON number must be finite (1e400 overflows to Infinity: the infinite limits are written "inf").
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, checkInstance, checkKeys, describe } from '../errors.ts';
import { decimalNumber } from './decimal.ts';
import { Space, type SubsystemSpec } from '../model/space.ts';
import { Operator, fromMatrix, op, sum } from '../model/operator.ts';
import { LindbladModel, type Bath, type ChannelInput } from '../model/model.ts';
import { basisKet, ketToDensity } from '../model/states.ts';
import { DrivenModel } from '../model/driven.ts';
import type { TimeFunction } from '../model/coefficient.ts';
import { isCoefficientRate, parseCoefficient, parseParameters } from './drive-file.ts';
import { firstDuplicateKey } from './json-keys.ts';

type Json = unknown;
type JsonObject = Record<string, Json>;
const isObject = (x: Json): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (o: JsonObject, k: string): boolean => Object.hasOwn(o, k);

/** Largest model-file text accepted, in UTF-16 code units (≈ bytes for JSON): 64 MiB. */
export const MAX_MODEL_TEXT = 64 * 1024 * 1024;
/** Deepest nesting of operator expressions ({"sum": [{"product": […]}]} is two levels). */
export const MAX_DEPTH = 100;

const TOP_KEYS = ['subsystems', 'dims', 'hamiltonian', 'bareHamiltonian', 'channels', 'baths', 'referenceEnergy', 'description', 'name', 'initialState', 'parameters', 'drives'];
const CHANNEL_KEYS = ['operator', 'rate', 'bath', 'label'];
/** The keys of each operator-expression form; the first key names the form. */
const FORMS: Readonly<Record<string, readonly string[]>> = {
  matrix: ['matrix'], op: ['op', 'on', 'level', 'from', 'to'], sum: ['sum'], product: ['product'], scale: ['scale', 'of'], dag: ['dag'],
};
/** The keys a named block takes: projector a level, transition its two levels, the others none. */
const OP_KEYS: Readonly<Record<string, readonly string[]>> = { projector: ['op', 'on', 'level'], transition: ['op', 'on', 'to', 'from'] };

/** `field.key` for identifier keys, `field["key"]` otherwise (so any name prints on one line). */
export function child(field: string, key: string): string {
  const k = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (field === '(root)') return k;
  return k.startsWith('"') ? `${field}[${k}]` : `${field}.${k}`;
}

/** Parses a model file's text; `source` names the file in messages. */
export function parseModelText(text: string, source = 'model'): LindbladModel {
  check(typeof text === 'string', typeof source === 'string' ? source : 'model', `expected the model file's text (a string), got ${describe(text)}`);
  check(text.length <= MAX_MODEL_TEXT, source, `the model file is larger than ${MAX_MODEL_TEXT / 1024 / 1024} MiB`);
  return parseModel(parseModelJson(text, source));
}

/**
 * The JSON value of a model file's text; malformed JSON, and a key given twice in one object (JSON.parse
 * would keep the last silently: {"rate": 1, "rate": 100} is a rate of 100), are errors.
 */
export function parseModelJson(text: string, source: string): Json {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LindbladError('invalid-input', `malformed JSON (${(e as Error).message.replace(/\s+/g, ' ')})`, source);
  }
  const dup = firstDuplicateKey(text);
  if (dup) {
    const where = dup.path.reduce<string>((f, p) => (typeof p === 'number' ? `${f}[${p}]` : child(f, p)), '(root)');
    throw new LindbladError('invalid-input', `key ${JSON.stringify(dup.key)} given twice (only one value is allowed)`, where);
  }
  return data;
}

/** Builds a LindbladModel from parsed JSON; a time-dependent model (drives, rate coefficients) is refused. */
export function parseModel(data: Json): LindbladModel {
  const m = parseAnyModel(data);
  if (m instanceof DrivenModel) {
    throw new LindbladError('unsupported', 'this command does not accept time-dependent models (drives or time-dependent rates); use evolve or periodic', isObject(data) && has(data, 'drives') ? 'drives' : 'channels');
  }
  return m;
}

/** Builds a LindbladModel, or a DrivenModel when the file has "drives" or time-dependent channel rates (drive-file.ts). */
export function parseAnyModel(data: Json): LindbladModel | DrivenModel {
  check(isObject(data), '(root)', `expected a JSON object, got ${describe(data)}`);
  checkKeys(data, TOP_KEYS, '(root)');
  for (const k of ['description', 'name']) if (has(data, k)) check(typeof data[k] === 'string', k, `expected a string, got ${describe(data[k])}`);
  const sp = parseSpace(data);
  const hamiltonian = has(data, 'hamiltonian') ? parseOperator(sp, data.hamiltonian, 'hamiltonian') : undefined;
  const bare = has(data, 'bareHamiltonian') ? parseOperator(sp, data.bareHamiltonian, 'bareHamiltonian') : undefined;
  const parameters = parseParameters(data);
  const channels: ChannelInput[] = [], rates: Record<string, TimeFunction> = {};
  if (has(data, 'channels')) {
    check(Array.isArray(data.channels), 'channels', `expected an array, got ${describe(data.channels)}`);
    (data.channels as Json[]).forEach((c, i) => {
      const f = `channels[${i}]`;
      if (isObject(c) && isCoefficientRate(c.rate)) { // a time-dependent rate: the channel has rate 0 in the constant part
        const label = has(c, 'label') && typeof c.label === 'string' ? c.label : `channel${i}`;
        check(!Object.hasOwn(rates, label), `${f}.label`, `two channels with time-dependent rates share the label ${JSON.stringify(label)}`);
        Object.defineProperty(rates, label, { value: parseCoefficient(c.rate, `${f}.rate`, parameters), enumerable: true });
        channels.push(parseChannel(sp, { ...c, rate: 0, label }, f));
      } else channels.push(parseChannel(sp, c, f));
    });
  }
  const drives: Array<{ operator: Operator; coefficient: TimeFunction }> = [];
  if (has(data, 'drives')) {
    check(Array.isArray(data.drives), 'drives', `expected an array of {"coefficient", "operator"}, got ${describe(data.drives)}`);
    (data.drives as Json[]).forEach((d, j) => {
      const f = `drives[${j}]`;
      check(isObject(d), f, `expected {"coefficient": …, "operator": …}, got ${describe(d)}`);
      checkKeys(d, ['coefficient', 'operator'], f);
      check(has(d, 'coefficient'), `${f}.coefficient`, 'missing (a number, an expression in t, or {"table": …})');
      check(has(d, 'operator'), `${f}.operator`, 'missing');
      drives.push({ coefficient: parseCoefficient(d.coefficient, `${f}.coefficient`, parameters), operator: parseOperator(sp, d.operator, `${f}.operator`) });
    });
  }
  const baths: Array<[string, Bath]> = [];
  if (has(data, 'baths')) {
    check(isObject(data.baths), 'baths', `expected an object of { "beta": … } by bath name, got ${describe(data.baths)}`);
    for (const [name, b] of Object.entries(data.baths)) {
      const f = child('baths', name);
      check(isObject(b), f, `expected { "beta": number | "inf" | "-inf" | null }, got ${describe(b)}`);
      checkKeys(b, ['beta'], f);
      check(has(b, 'beta'), child(f, 'beta'), 'missing (a number, "inf", "-inf", or null for a non-thermal bath)');
      baths.push([name, { beta: parseBeta(b.beta, child(f, 'beta')) }]);
    }
  }
  checkInitialState(data, sp);
  if (has(data, 'referenceEnergy')) {
    const e = data.referenceEnergy;
    check(typeof e === 'number' && Number.isFinite(e) && e > 0, 'referenceEnergy', `expected a finite energy > 0, got ${describe(e)}`);
  }
  // Object.fromEntries defines own properties, so a bath named "__proto__" is kept like any other.
  const model = new LindbladModel(sp, { hamiltonian, bareHamiltonian: bare, channels, baths: Object.fromEntries(baths), referenceEnergy: data.referenceEnergy as number | undefined });
  if (drives.length === 0 && Object.keys(rates).length === 0) return model;
  return new DrivenModel(model, { hamiltonian: drives, rates });
}

function parseChannel(sp: Space, c: Json, f: string): ChannelInput {
  check(isObject(c), f, `expected an object { operator, rate, bath?, label? }, got ${describe(c)}`);
  checkKeys(c, CHANNEL_KEYS, f);
  check(has(c, 'operator'), `${f}.operator`, 'missing');
  check(has(c, 'rate'), `${f}.rate`, 'missing (a number ≥ 0, or "inf" for the infinitely fast limit)');
  // "inf" requests the infinitely-fast limit (supported by steady states), as rate: Infinity in the API.
  const rate = c.rate === 'inf' ? Infinity : c.rate;
  check(typeof rate === 'number' && (Number.isFinite(rate) || c.rate === 'inf'), `${f}.rate`,
    `expected a finite number or "inf", got ${describe(c.rate)}${rate === Infinity || rate === -Infinity ? ' (a JSON number beyond the double range)' : ''}`);
  check((rate as number) >= 0, `${f}.rate`, `expected a rate ≥ 0, got ${describe(c.rate)}`);
  if (has(c, 'bath')) check(typeof c.bath === 'string' && c.bath !== '', `${f}.bath`, `expected a non-empty bath name, got ${describe(c.bath)}`);
  if (has(c, 'label')) check(typeof c.label === 'string', `${f}.label`, `expected a string, got ${describe(c.label)}`);
  return { operator: parseOperator(sp, c.operator, `${f}.operator`), rate: rate as number, bath: c.bath as string | undefined, label: c.label as string | undefined };
}

/** β as a finite number, "inf"/"+inf"/"-inf" (JSON has no Infinity), or null for a non-thermal bath. */
export function parseBeta(x: Json, field = 'beta'): number | null {
  if (x === null) return null;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (s === 'inf' || s === '+inf' || s === 'infinity' || s === '+infinity') return Infinity;
    if (s === '-inf' || s === '-infinity') return -Infinity;
    const v = decimalNumber(s); // Number() read "0x10" as 16 and "0b1" as 1
    check(s !== '' && Number.isFinite(v), field, `expected a number, "inf", "-inf" or null, got ${describe(x)}`);
    return v;
  }
  check(typeof x === 'number' && Number.isFinite(x), field,
    `expected a finite number, "inf", "-inf" or null, got ${describe(x)}${x === Infinity || x === -Infinity ? ' (a JSON number beyond the double range; write "inf" or "-inf")' : ''}`);
  return x as number;
}

const SUBSYSTEM_HELP = '"qubit", { "kind": "qubit" }, { "kind": "fock", "cutoff": N } or { "kind": "levels", "n": N }';

function parseSubsystem(s: Json, f: string): SubsystemSpec {
  if (s === 'qubit') return { kind: 'qubit' };
  check(isObject(s), f, `expected ${SUBSYSTEM_HELP}, got ${describe(s)}`);
  const kind = s.kind;
  check(kind === 'qubit' || kind === 'fock' || kind === 'levels', `${f}.kind`, `expected "qubit", "fock" or "levels", got ${describe(kind)}`);
  const size = kind === 'fock' ? 'cutoff' : kind === 'levels' ? 'n' : null;
  checkKeys(s, size ? ['kind', size] : ['kind'], f);
  if (size === null) return { kind: 'qubit' };
  const v = s[size];
  check(typeof v === 'number' && Number.isInteger(v), `${f}.${size}`, `expected an integer, got ${describe(v)}`);
  return kind === 'fock' ? { kind, cutoff: v as number } : { kind: 'levels', n: v as number };
}

function parseSpace(data: JsonObject): Space {
  if (has(data, 'subsystems')) {
    check(!has(data, 'dims'), 'dims', 'give either "subsystems" or "dims", not both');
    check(isObject(data.subsystems), 'subsystems', `expected an object of named subsystems, got ${describe(data.subsystems)}`);
    return new Space(Object.entries(data.subsystems).map(([name, s]) => [name, parseSubsystem(s, child('subsystems', name))]));
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

/** Checks that `m` is sp.dim rows of sp.dim entries, each a finite number or [re, im]; returns the rows. */
function checkMatrixShape(sp: Space, m: Json, field: string): Json[][] {
  check(Array.isArray(m), field, `expected an array of rows, got ${describe(m)}`);
  const rows = m as Json[];
  check(rows.length === sp.dim, field, `expected ${sp.dim} rows (the space's dimension), got ${rows.length}`);
  for (let i = 0; i < rows.length; i++) {
    check(Array.isArray(rows[i]), `${field}[${i}]`, `expected a row array, got ${describe(rows[i])}`);
    const row = rows[i] as Json[];
    check(row.length === sp.dim, `${field}[${i}]`, `expected ${sp.dim} entries (a square matrix), got ${row.length}`);
    for (let j = 0; j < row.length; j++) parseComplex(row[j], `${field}[${i}][${j}]`);
  }
  return rows as Json[][];
}

function parseMatrix(sp: Space, m: Json, field: string): Operator {
  const rows = checkMatrixShape(sp, m, field);
  const out = new DenseMatrix(sp.dim, sp.dim);
  rows.forEach((row, i) => row.forEach((z, j) => {
    const [re, im] = parseComplex(z, `${field}[${i}][${j}]`);
    out.set(i, j, re, im);
  }));
  return fromMatrix(sp, out);
}

/**
 * The optional "initialState" of a model file (read by `lindblad evolve`): {"levels": {"q1": 1, …}} is the
 * product basis state with those levels (missing subsystems at 0); {"matrix": rows} is a density matrix
 * with entries as numbers or [re, im] (trace, Hermiticity and positivity are checked by evolve).
 * Returns null when the file has none. `data` is the parsed file (the JSON root object).
 */
export function parseInitialState(data: Json, sp: Space): DenseMatrix | null {
  checkInstance(sp, Space, 'space', 'a Space (from space({ … }))'); // 5 was a TypeError
  const s = checkInitialState(data, sp);
  if (s === null) return null;
  if (has(s, 'levels')) return ketToDensity(basisKet(sp, s.levels as Record<string, number>));
  return parseMatrix(sp, s.matrix, 'initialState.matrix').toDense();
}

/**
 * Validates "initialState" without building it (parseModel does, so every command refuses a bad one):
 * keys, levels (own keys naming subsystems, integer levels in range), matrix shape and entries.
 * Returns the initialState object, or null when there is none.
 */
function checkInitialState(data: Json, sp: Space): JsonObject | null {
  if (!isObject(data) || !has(data, 'initialState')) return null;
  const s = data.initialState, f = 'initialState';
  check(isObject(s) && Object.keys(s).length === 1, f, `expected {"levels": {subsystem: level, …}} or {"matrix": rows}, got ${isObject(s) ? `an object with ${Object.keys(s).length} keys` : describe(s)}`);
  checkKeys(s, ['levels', 'matrix'], f);
  if (has(s, 'levels')) {
    const levels = s.levels;
    check(isObject(levels), `${f}.levels`, `expected an object {subsystem: level}, got ${describe(levels)}`);
    for (const [name, v] of Object.entries(levels)) check(typeof v === 'number' && Number.isInteger(v), child(`${f}.levels`, name), `expected an integer level, got ${describe(v)}`);
    wrap(`${f}.levels`, () => sp.basisIndex(levels as Record<string, number>));
    return s;
  }
  checkMatrixShape(sp, s.matrix, `${f}.matrix`);
  return s;
}

/** An integer argument of a named block (level, from, to), or undefined when absent. */
function intArg(e: JsonObject, k: string, field: string): number | undefined {
  if (!has(e, k)) return undefined;
  check(typeof e[k] === 'number' && Number.isInteger(e[k]), `${field}.${k}`, `expected an integer level, got ${describe(e[k])}`);
  return e[k] as number;
}

/**
 * An operator expression: {"matrix": M} | {"op": name, "on": subsystem, "level"?, "from"?, "to"?} |
 * "subsystem.name" | {"sum": [e…]} | {"product": [e…]} | {"scale": c, "of": e} | {"dag": e};
 * c is a number or [re, im]. Each object has exactly the keys of its form. `depth` counts the enclosing
 * expressions (at most MAX_DEPTH).
 */
export function parseOperator(sp: Space, e: Json, field = 'operator', depth = 0): Operator {
  if (typeof e === 'string') {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    check(m !== null, field, `expected "subsystem.operator" (e.g. "q1.sigma_minus"), got ${describe(e)}`);
    return wrap(field, () => op(sp, m![1], m![2]));
  }
  const forms = Object.keys(FORMS).map((k) => `"${k}"`).join(', ');
  check(isObject(e), field, `expected an operator expression (an object with one of ${forms}, or "subsystem.operator"), got ${describe(e)}`);
  const heads = Object.keys(FORMS).filter((k) => has(e, k));
  check(heads.length > 0, field, `expected an operator expression with one of ${forms}, got keys ${Object.keys(e).map((k) => JSON.stringify(k)).join(', ') || 'none'}`);
  check(heads.length === 1, field, `an expression has exactly one of ${forms}, got ${heads.map((k) => `"${k}"`).join(' and ')}`);
  check(depth < MAX_DEPTH, field.length > 120 ? `${field.slice(0, 60)}…${field.slice(-40)}` : field, `operator expressions nest deeper than ${MAX_DEPTH} levels`);
  const head = heads[0];
  if (head === 'op') {
    check(typeof e.op === 'string', `${field}.op`, `expected an operator name, got ${describe(e.op)}`);
    checkKeys(e, Object.hasOwn(OP_KEYS, e.op as string) ? OP_KEYS[e.op as string] : ['op', 'on'], field);
    check(typeof e.on === 'string', `${field}.on`, `expected a subsystem name, got ${describe(e.on)}`);
    const args = { level: intArg(e, 'level', field), from: intArg(e, 'from', field), to: intArg(e, 'to', field) };
    return wrap(field, () => op(sp, e.on as string, e.op as string, args));
  }
  checkKeys(e, FORMS[head], field);
  const sub = (x: Json, f: string) => parseOperator(sp, x, f, depth + 1);
  const list = (k: string): Operator[] => {
    const xs = e[k];
    check(Array.isArray(xs) && xs.length > 0, `${field}.${k}`, `expected a non-empty array of operator expressions, got ${describe(xs)}`);
    return (xs as Json[]).map((x, i) => sub(x, `${field}.${k}[${i}]`));
  };
  switch (head) {
    case 'matrix': return parseMatrix(sp, e.matrix, `${field}.matrix`);
    case 'sum': return sum(sp, list('sum'));
    case 'product': return list('product').reduce((a, b) => a.times(b));
    case 'scale': {
      const [re, im] = parseComplex(e.scale, `${field}.scale`);
      check(has(e, 'of'), `${field}.of`, 'missing the operator to scale');
      return sub(e.of, `${field}.of`).scale(re, im);
    }
    default: return sub(e.dag, `${field}.dag`).dag();
  }
}

/** Re-labels errors thrown deep inside operator construction with the file's field path. */
function wrap<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof LindbladError && err.code !== 'internal') {
      const bare = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
      throw new LindbladError(err.code, bare, field);
    }
    throw err;
  }
}
