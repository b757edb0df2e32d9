/**
 * Errors a user can cause (bad model, bad parameter, unsupported request). They carry a machine-readable
 * `code`, the offending `field` (a dotted path such as "channels[2].rate") and a message that says what was
 * expected. The CLI prints them as one line without a stack trace and exits with code 2.
 */
export type LindbladErrorCode =
  | 'invalid-input'
  | 'dimension-mismatch'
  | 'unknown-name'
  | 'not-unique'
  | 'not-converged'
  | 'unsupported'
  // a defect or unhandled breakdown inside the engine (not the user's input); LinalgError uses it
  | 'internal';

export class LindbladError extends Error {
  readonly code: LindbladErrorCode;
  readonly field: string | undefined;

  constructor(code: LindbladErrorCode, message: string, field?: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'LindbladError';
    this.code = code;
    this.field = field;
  }
}

/**
 * Throws an 'invalid-input' error for `field` unless `ok`. The message is an argument, built even when the
 * check passes: on hot paths write `if (!ok) check(false, field, message)` (as the helpers below do).
 */
export function check(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new LindbladError('invalid-input', message, field);
}

/** A finite number check with a uniform message. */
export function checkFinite(x: unknown, field: string): asserts x is number {
  if (!(typeof x === 'number' && Number.isFinite(x))) check(false, field, `expected a finite number, got ${describe(x)}`);
}

/**
 * A list of finite numbers (an array or a typed array), copied; `field` names the list and `field[k]` an
 * entry in errors. `minLength` (default 0) is the fewest entries allowed.
 */
export function checkNumberList(x: unknown, field: string, minLength = 0): number[] {
  check(Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView)), field, `expected an array of numbers, got ${describe(x)}`);
  const xs = Array.from(x as ArrayLike<unknown>);
  check(xs.length >= minLength, field, `expected at least ${minLength} number${minLength === 1 ? '' : 's'}, got none`);
  xs.forEach((v, k) => { if (!(typeof v === 'number' && Number.isFinite(v))) check(false, `${field}[${k}]`, `expected a finite number, got ${describe(v)}`); });
  return xs as number[];
}

/** Short human description of a value for error messages. */
export function describe(x: unknown): string {
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') {
    const name = (Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'object';
  }
  return typeof x;
}

/** Throws "FIELD: unknown key "k" (expected …)" for the first own key of `o` not in `allowed`. */
export function checkKeys(o: object, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new LindbladError('invalid-input', `unknown key ${JSON.stringify(k)} (expected ${allowed.map((a) => JSON.stringify(a)).join(', ')})`, field);
  }
}

/**
 * An options argument of the public API: `undefined` (all defaults) or a plain object whose keys are all
 * in `allowed` (a misspelt option must not be silently ignored). Returns the object ({} for undefined).
 */
export function checkOptions(x: unknown, allowed: readonly string[], field: string): Record<string, unknown> {
  if (x === undefined) return {};
  if (!isPlainObject(x)) check(false, field, `expected an options object, got ${describe(x)}`);
  checkKeys(x, allowed, field);
  return x;
}

/** True for `{…}` objects: not null, not an array, not a class instance such as a Map or a matrix. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An optional option: `undefined` or one of `values`. */
export function checkOneOf(x: unknown, values: readonly unknown[], field: string): void {
  if (!(x === undefined || values.includes(x))) check(false, field, `expected ${values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(x)}`);
}

/** An optional boolean option. */
export function checkBoolean(x: unknown, field: string): void {
  if (!(x === undefined || typeof x === 'boolean')) check(false, field, `expected true or false, got ${describe(x)}`);
}

/** Throws 'invalid-input' on `field` unless `x` is an instance of `type` (`what` names it, e.g. "a Space"). */
export function checkInstance(x: unknown, type: abstract new (...args: never[]) => unknown, field: string, what: string): void {
  if (!(x instanceof type)) check(false, field, `expected ${what}, got ${describe(x)}`);
}
