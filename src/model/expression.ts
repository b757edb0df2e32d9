/**
 * Safe arithmetic expressions in t and named parameters, for time-dependent coefficients in model files
 * (e.g. "0.2*cos(omega*t)"). Own tokenizer and recursive-descent parser; the result is a tree of closures.
 * User text is never passed to eval or new Function.
 *
 * Grammar (usual precedence; ^ is right-associative and binds tighter than unary minus: -2^2 = −4):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?
 *   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 * Names: t, pi, the given parameters; functions sin cos tan exp log sqrt abs tanh (one argument),
 * min max (two or more), smoothstep(x, w) = ½(1 + tanh(x/w)) (a C^∞ step of width w at x = 0).
 * Errors: LindbladError('invalid-input') naming the field and the 1-based character position.
 */
import { LindbladError, describe } from '../errors.ts';

/** A parsed expression: value(t) for the parameters it was parsed with. */
export interface Expression {
  readonly text: string;
  /** True when the expression mentions t. */
  readonly dependsOnT: boolean;
  value(t: number): number;
}

/** Longest expression text accepted, and deepest nesting of parentheses / unary operators. */
export const MAX_EXPRESSION_LENGTH = 10_000, MAX_EXPRESSION_DEPTH = 100;

type Node = (t: number) => number;
type Token = { kind: 'num'; value: number; pos: number } | { kind: 'name'; name: string; pos: number } | { kind: 'op'; op: string; pos: number } | { kind: 'end'; pos: number };

const UNARY: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, tanh: Math.tanh,
};
const FUNCTIONS = [...Object.keys(UNARY), 'min', 'max', 'smoothstep'];

function tokenize(text: string, fail: (pos: number, what: string) => never): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num) {
      const v = Number(num[0]);
      if (!Number.isFinite(v)) fail(i, `the number ${num[0]} is beyond the double range`);
      out.push({ kind: 'num', value: v, pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    if (name) {
      out.push({ kind: 'name', name: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/^(),'.includes(c)) {
      out.push({ kind: 'op', op: c, pos: i });
      i++;
      continue;
    }
    fail(i, `unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ kind: 'end', pos: text.length });
  return out;
}

/**
 * Parses `text` (field names the model-file field in errors). `parameters` are the named constants it may
 * use (own keys only; they may not be called t or pi, nor shadow a function).
 */
export function parseExpression(text: string, field = 'expression', parameters: Readonly<Record<string, number>> = {}): Expression {
  if (typeof field !== 'string') field = 'expression';
  parameters = checkParameters(parameters, 'parameters'); // null was a TypeError, 5 ignored, NaN or "2" used as values
  const fail = (pos: number, what: string): never => {
    throw new LindbladError('invalid-input', `at position ${pos + 1} of ${JSON.stringify(text.length > 60 ? text.slice(0, 57) + '…' : text)}: ${what}`, field);
  };
  if (typeof text !== 'string') throw new LindbladError('invalid-input', 'expected an expression string', field);
  if (text.length > MAX_EXPRESSION_LENGTH) throw new LindbladError('invalid-input', `expression longer than ${MAX_EXPRESSION_LENGTH} characters`, field);
  const tokens = tokenize(text, fail);
  let k = 0, depth = 0, usesT = false;
  const peek = () => tokens[k];
  const isOp = (op: string) => { const tk = tokens[k]; return tk.kind === 'op' && tk.op === op; };
  const describeToken = (tk: Token) => (tk.kind === 'end' ? 'the end of the expression' : tk.kind === 'num' ? `the number ${tk.value}` : tk.kind === 'name' ? `"${tk.name}"` : `"${tk.op}"`);
  const expect = (op: string) => { if (!isOp(op)) fail(peek().pos, `expected "${op}", found ${describeToken(peek())}`); k++; };
  const deeper = (pos: number) => { if (++depth > MAX_EXPRESSION_DEPTH) fail(pos, `nested deeper than ${MAX_EXPRESSION_DEPTH} levels`); };

  function expr(): Node {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const minus = isOp('-');
      k++;
      const a = left, b = term();
      left = minus ? (t) => a(t) - b(t) : (t) => a(t) + b(t);
    }
    return left;
  }
  function term(): Node {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const div = isOp('/');
      k++;
      const a = left, b = unary();
      left = div ? (t) => a(t) / b(t) : (t) => a(t) * b(t);
    }
    return left;
  }
  function unary(): Node {
    if (isOp('-') || isOp('+')) {
      const minus = isOp('-');
      deeper(peek().pos);
      k++;
      const a = unary();
      depth--;
      return minus ? (t) => -a(t) : a;
    }
    return power();
  }
  function power(): Node {
    const base = primary();
    if (!isOp('^')) return base;
    deeper(peek().pos);
    k++;
    const e = unary();
    depth--;
    return (t) => base(t) ** e(t);
  }
  function primary(): Node {
    const tk = peek();
    if (tk.kind === 'num') { k++; const v = tk.value; return () => v; }
    if (tk.kind === 'op' && tk.op === '(') {
      deeper(tk.pos);
      k++;
      const inner = expr();
      expect(')');
      depth--;
      return inner;
    }
    if (tk.kind !== 'name') return fail(tk.pos, `expected a number, a name or "(", found ${describeToken(tk)}`);
    k++;
    const name = tk.name;
    if (isOp('(')) {
      if (!FUNCTIONS.includes(name)) fail(tk.pos, `unknown function "${name}" (known: ${FUNCTIONS.join(', ')})`);
      deeper(tk.pos);
      k++;
      const args = [expr()];
      while (isOp(',')) { k++; args.push(expr()); }
      expect(')');
      depth--;
      const arity = Object.hasOwn(UNARY, name) ? '1' : name === 'smoothstep' ? '2' : '2+';
      const ok = arity === '1' ? args.length === 1 : arity === '2' ? args.length === 2 : args.length >= 2;
      if (!ok) fail(tk.pos, `${name} takes ${arity === '1' ? 'one argument' : arity === '2' ? 'two arguments (x, width)' : 'two or more arguments'}, got ${args.length}`);
      if (Object.hasOwn(UNARY, name)) { const f = UNARY[name], a = args[0]; return (t) => f(a(t)); }
      if (name === 'smoothstep') { const [x, w] = args; return (t) => 0.5 * (1 + Math.tanh(x(t) / w(t))); }
      const f = name === 'min' ? Math.min : Math.max;
      return (t) => { let r = args[0](t); for (let j = 1; j < args.length; j++) r = f(r, args[j](t)); return r; };
    }
    if (name === 't') { usesT = true; return (t) => t; }
    if (name === 'pi') return () => Math.PI;
    if (Object.hasOwn(parameters, name)) { const v = parameters[name]; return () => v; }
    if (FUNCTIONS.includes(name)) return fail(tk.pos, `the function "${name}" needs arguments in parentheses`);
    const known = Object.keys(parameters);
    return fail(tk.pos, `unknown name "${name}" (known: t, pi${known.length ? ', ' + known.join(', ') : ''})`);
  }

  const root = expr();
  if (peek().kind !== 'end') fail(peek().pos, `unexpected ${describeToken(peek())}`);
  return { text, dependsOnT: usesT, value: root };
}

/** Checks parameter names and values: finite numbers, names that are identifiers other than t, pi and the functions. */
export function checkParameters(params: unknown, field: string): Record<string, number> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new LindbladError('invalid-input', 'expected an object of named numbers', field);
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(params)) {
    const f = `${field}.${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new LindbladError('invalid-input', 'a parameter name is a letter or _ followed by letters, digits or _', `${field}[${JSON.stringify(name)}]`);
    if (name === 't' || name === 'pi' || FUNCTIONS.includes(name)) throw new LindbladError('invalid-input', `"${name}" is reserved (t, pi and the function names)`, f);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LindbladError('invalid-input', `expected a finite number, got ${describe(v)}`, f);
    Object.defineProperty(out, name, { value: v, enumerable: true, writable: false });
  }
  return out;
}
