/**
 * Argument checks at the entry of the public kernels (the `linalg` namespace), for callers without types
 * (plain JavaScript): a wrong argument is a LindbladError 'invalid-input' naming the function and the
 * parameter, never a TypeError from inside a loop. One `instanceof` or `typeof` each: free next to the
 * kernels' work. Shapes and lengths are the kernels' own checks (LinalgError 'argument').
 */
import { LindbladError, describe } from '../errors.ts';
import { CsrMatrix } from './sparse.ts';
import { DenseMatrix } from './dense.ts';

/** The kinds of argument the public kernels take. */
export type ArgumentKind =
  | 'csr' | 'dense' | 'vector' | 'int32' | 'indices' | 'number' | 'count' | 'function' | 'options' | 'solver'
  | 'csr-or-operator';

const EXPECTED: Record<ArgumentKind, string> = {
  csr: 'a CsrMatrix',
  dense: 'a DenseMatrix',
  vector: 'a Float64Array',
  int32: 'an Int32Array',
  indices: 'an array or typed array of indices',
  number: 'a number',
  count: 'a non-negative integer',
  function: 'a function',
  options: 'an options object (or nothing)',
  solver: 'an object with a solve(…) method',
  'csr-or-operator': 'a CsrMatrix or a linear operator { n, matvec(x, y) }',
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function fits(x: unknown, kind: ArgumentKind): boolean {
  switch (kind) {
    case 'csr': return x instanceof CsrMatrix;
    case 'dense': return x instanceof DenseMatrix;
    case 'vector': return x instanceof Float64Array;
    case 'int32': return x instanceof Int32Array;
    case 'indices': return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
    case 'number': return typeof x === 'number';
    case 'count': return Number.isInteger(x) && (x as number) >= 0;
    case 'function': return typeof x === 'function';
    case 'options': return x === undefined || isObject(x);
    case 'solver': return isObject(x) && typeof x.solve === 'function';
    case 'csr-or-operator': return x instanceof CsrMatrix || (isObject(x) && Number.isInteger(x.n) && typeof x.matvec === 'function');
  }
}

/**
 * Throws LindbladError('invalid-input', "FN.PARAM: expected …, got …", field "FN.PARAM") unless `value` is
 * of `kind`. One call per argument (no arrays built: some kernels are called in loops).
 */
export function checkArgument(value: unknown, kind: ArgumentKind, fn: string, name: string): void {
  if (!fits(value, kind)) throw new LindbladError('invalid-input', `expected ${EXPECTED[kind]}, got ${describe(value)}`, `${fn}.${name}`);
}
