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

/** Throws an 'invalid-input' error for `field` unless `ok`. */
export function check(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new LindbladError('invalid-input', message, field);
}

/** A finite number check with a uniform message. */
export function checkFinite(x: unknown, field: string): asserts x is number {
  check(typeof x === 'number' && Number.isFinite(x), field, `expected a finite number, got ${describe(x)}`);
}

/** Short human description of a value for error messages. */
export function describe(x: unknown): string {
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return typeof x;
}
