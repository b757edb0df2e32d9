/**
 * Hostile model files for the fuzz suite. A case is a small, mostly valid model (1–3 subsystems, dimension
 * ≤ 12; named blocks, sums, products, scales, daggers and explicit matrices; channels with rates from 0 to
 * 1e300 and "inf"; baths; reference energy; initial state) drawn by fast-check, then damaged by up to three
 * fast-check-chosen mutations of the JSON tree (unknown keys, values of the wrong type, huge and tiny numbers,
 * "NaN"/"inf" strings, deleted keys, deep nesting, prototype-ish names) and optionally of the text
 * (truncation, NaN/Infinity literals, 1e400, a byte-order mark, trailing garbage). Objects are built
 * without a prototype, so a "__proto__" key is an ordinary key of the written JSON.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | Nested | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** `inner` wrapped in `depth` expressions, written out as text by toText (deep trees overflow JSON.stringify). */
export class Nested {
  constructor(readonly depth: number, readonly wrapper: 'dag' | 'sum' | 'scale', readonly inner: Json) {}
}

/** JSON text of a tree (null-prototype objects, arrays, primitives, Nested). */
export function toText(v: Json): string {
  if (v instanceof Nested) {
    const [pre, post] = v.wrapper === 'dag' ? ['{"dag":', '}'] : v.wrapper === 'sum' ? ['{"sum":[', ']}'] : ['{"scale":1,"of":', '}'];
    return pre.repeat(v.depth) + toText(v.inner) + post.repeat(v.depth);
  }
  if (Array.isArray(v)) return `[${v.map(toText).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${toText(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** An object without a prototype (so "__proto__" is a plain key) from [key, value] pairs. */
export function obj(pairs: Array<[string, Json]>): Obj {
  const o = Object.create(null) as Obj;
  for (const [k, v] of pairs) o[k] = v;
  return o;
}

/** Names that collide with Object.prototype, mixed into subsystem, bath and label names. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** A small deterministic PRNG (mulberry32) for the details of one case; fast-check draws its seed. */
export function prng(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T; chance: (p: number) => boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p };
}

type Kind = { kind: 'qubit' } | { kind: 'fock'; cutoff: number } | { kind: 'levels'; n: number };
const dimOf = (k: Kind) => (k.kind === 'qubit' ? 2 : k.kind === 'fock' ? k.cutoff + 1 : k.n);
const HERMITIAN_OPS: Record<Kind['kind'], string[]> = { qubit: ['sigma_x', 'sigma_y', 'sigma_z', 'n', 'sx', 'sz', 'identity'], fock: ['n', 'x', 'p', 'num', 'identity'], levels: ['n', 'identity'] };
const ANY_OPS: Record<Kind['kind'], string[]> = { qubit: ['sigma_minus', 'sigma_plus', 'sm', 'sp', 'lower', 'raise', ...HERMITIAN_OPS.qubit], fock: ['a', 'a_dag', 'adag', 'create', 'destroy', 'lower', 'raise', ...HERMITIAN_OPS.fock], levels: ['n', 'identity'] };

/** The space part: subsystems by name (some of them prototype-ish) or dims. */
const spaceArb = fc.oneof(
  fc.uniqueArray(fc.constantFrom('q', 'q1', 'q2', 'c', 'x', '_a', ...PROTO_NAMES), { minLength: 1, maxLength: 3 }).chain((names) =>
    fc.tuple(...names.map(() => fc.constantFrom<Kind>({ kind: 'qubit' }, { kind: 'fock', cutoff: 1 }, { kind: 'fock', cutoff: 2 }, { kind: 'levels', n: 3 })))
      .map((kinds) => ({ names, kinds, dims: false })),
  ),
  fc.constantFrom([2], [3], [4], [2, 2], [2, 3]).map((ds) => ({ names: ds.map((_, k) => `s${k}`), kinds: ds.map((n): Kind => ({ kind: 'levels', n })), dims: true })),
).filter((s) => s.kinds.reduce((a, k) => a * dimOf(k), 1) <= 12);

type Rng = ReturnType<typeof prng>;
interface Sp { names: string[]; kinds: Kind[]; dims: boolean; n: number }

function leaf(sp: Sp, r: Rng, hermitian: boolean): Json {
  const k = r.int(sp.names.length), kind = sp.kinds[k], name = sp.names[k], d = dimOf(kind);
  if (!hermitian && r.chance(0.15)) return obj([['op', 'transition'], ['on', name], ['to', r.int(d)], ['from', r.int(d)]]);
  if (r.chance(0.15)) return obj([['op', 'projector'], ['on', name], ['level', r.int(d)]]);
  const op = r.pick((hermitian ? HERMITIAN_OPS : ANY_OPS)[kind.kind]);
  if (sp.dims || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || r.chance(0.4)) return obj([['op', op], ['on', name]]);
  return `${name}.${op}`;
}

function matrix(sp: Sp, r: Rng, hermitian: boolean): Json {
  const n = sp.n, m: Json[][] = Array.from({ length: n }, () => Array.from({ length: n }, (): Json => 0));
  for (let i = 0; i < n; i++) {
    for (let j = hermitian ? i : 0; j < n; j++) {
      if (!r.chance(0.4)) continue;
      const re = Math.round((r.next() * 4 - 2) * 1000) / 1000, im = i === j && hermitian ? 0 : Math.round((r.next() * 2 - 1) * 1000) / 1000;
      m[i][j] = im === 0 && r.chance(0.5) ? re : [re, im];
      if (hermitian && i !== j) m[j][i] = [re, -im];
    }
  }
  return obj([['matrix', m]]);
}

/** A random operator expression of depth ≤ `depth` (Hermitian by construction when asked). */
function expr(sp: Sp, r: Rng, depth: number, hermitian: boolean): Json {
  if (depth === 0 || r.chance(0.35)) return sp.dims && r.chance(0.3) ? matrix(sp, r, hermitian) : leaf(sp, r, hermitian);
  const sub = () => expr(sp, r, depth - 1, hermitian);
  switch (r.int(hermitian ? 3 : 4)) {
    case 0: return obj([['sum', Array.from({ length: 1 + r.int(3) }, sub)]]);
    case 1: return obj([['scale', hermitian || r.chance(0.5) ? Math.round((r.next() * 6 - 3) * 100) / 100 : [r.next(), r.next()]], ['of', sub()]]);
    case 2: {
      if (!hermitian) return obj([['dag', sub()]]);
      const x = expr(sp, r, depth - 1, false); // X + X† is Hermitian
      return obj([['sum', [x, obj([['dag', x]])]]]);
    }
    default: return obj([['product', Array.from({ length: 1 + r.int(2) }, () => expr(sp, r, depth - 1, false))]]);
  }
}

const RATES: Json[] = [0, 1e-300, 1e-12, 1e-3, 0.1, 0.5, 1, 2, 10, 1e6, 1e300, 'inf'];
/** Rates for models that evolve and trajectories run (stiff or infinite rates are the model-file test's). */
const GENTLE_RATES: Json[] = [0, 0.1, 0.5, 1, 2];
const BETAS: Json[] = [null, 0, 1, -1, 0.5, 20, -20, 700, 'inf', '-inf', '+Infinity', ' 2 ', '1e3'];

/** A base model (JSON tree) from a space and a seed. */
export function baseModel(space: { names: string[]; kinds: Kind[]; dims: boolean }, seed: number, gentle = false): Obj {
  const r = prng(seed);
  const rates = gentle ? GENTLE_RATES : RATES;
  const sp: Sp = { ...space, n: space.kinds.reduce((a, k) => a * dimOf(k), 1) };
  const top: Array<[string, Json]> = [];
  if (sp.dims) top.push(['dims', sp.kinds.map(dimOf)]);
  else top.push(['subsystems', obj(sp.names.map((nm, k): [string, Json] => {
    const kind = sp.kinds[k];
    if (kind.kind === 'qubit') return [nm, r.chance(0.5) ? 'qubit' : obj([['kind', 'qubit']])];
    return [nm, kind.kind === 'fock' ? obj([['kind', 'fock'], ['cutoff', kind.cutoff]]) : obj([['kind', 'levels'], ['n', kind.n]])];
  }))]);
  if (r.chance(0.85)) top.push(['hamiltonian', expr(sp, r, 3, true)]);
  const baths = ['hot', 'cold', ...PROTO_NAMES.slice(0, 3)];
  const used = new Set<string>();
  top.push(['channels', Array.from({ length: 1 + r.int(4) }, () => {
    const c: Array<[string, Json]> = [['operator', expr(sp, r, 2, false)], ['rate', r.pick(rates)]];
    if (r.chance(0.7)) { const b = r.pick(baths); used.add(b); c.push(['bath', b]); }
    if (r.chance(0.4)) c.push(['label', r.pick(['loss', 'pump', 'cavity loss', ...PROTO_NAMES])]);
    return obj(c);
  })]);
  if (gentle || r.chance(0.7)) { // lowering and raising on every subsystem: mostly a unique steady state
    const chans = top.find(([k]) => k === 'channels')![1] as Json[];
    sp.names.forEach((name, k) => {
      const kind = sp.kinds[k], d = dimOf(kind);
      for (let l = 0; l + 1 < d; l++) {
        const down = kind.kind === 'qubit' ? 'sigma_minus' : kind.kind === 'fock' ? 'a' : 'transition';
        const op = (to: number, from: number, name2: string): Json => (name2 === 'transition' ? obj([['op', 'transition'], ['on', name], ['to', to], ['from', from]]) : obj([['op', name2], ['on', name]]));
        chans.push(obj([['operator', op(l, l + 1, down)], ['rate', r.pick([0.3, 1, 2, 1e-3, 1e3])]]));
        chans.push(obj([['operator', op(l + 1, l, down === 'transition' ? 'transition' : down === 'a' ? 'a_dag' : 'sigma_plus')], ['rate', r.pick([0.1, 0.5, 1, 1e-3])]]));
        if (down !== 'transition') break; // a and σ⁻ already connect every level
      }
    });
  }
  if (used.size > 0 && r.chance(0.8)) top.push(['baths', obj([...used].map((b): [string, Json] => [b, obj([['beta', r.pick(BETAS)]])]))]);
  if (r.chance(0.2)) top.push(['referenceEnergy', r.pick([1, 2.5, 1000])]);
  if (r.chance(0.2)) top.push(['description', 'hostile']);
  if (r.chance(0.2)) top.push(['initialState', obj([['levels', obj([[sp.names[0], r.int(dimOf(sp.kinds[0]))]])]])]);
  if (r.chance(0.1)) top.push(['bareHamiltonian', expr(sp, r, 2, true)]);
  return obj(top);
}

/** Values that replace a node: wrong types, extreme and non-finite-looking numbers, prototype-ish strings. */
export const HOSTILE_VALUES: Json[] = [
  null, true, false, 0, -0, -1, 1.5, 3, 1e5, 100001, 2 ** 31, 2 ** 53, 1e308, -1e308, 5e-324, 1e-320,
  '', 'inf', '-inf', 'NaN', 'nan', '1e400', 'qubit', 'q.sigma_minus', 'x.n', '__proto__', 'constructor', 'toString',
  [], [1], [1, 2], [[0, 1], [1, 0]], {}, { kind: 'fock', cutoff: 1e5 }, { kind: 'levels', n: 100000 },
];
/** Keys inserted as unknown (or misplaced) keys. */
export const HOSTILE_KEYS = ['off', 'of', 'extra', 'Sum', 'scale', 'dag', 'kind', 'beta', 'level', 'rate', 'label', ...PROTO_NAMES];

export type TreeMutation =
  | { kind: 'addKey'; at: number; key: string; value: number }
  | { kind: 'replace'; at: number; value: number }
  | { kind: 'delete'; at: number }
  | { kind: 'nest'; at: number; depth: number; wrapper: 'dag' | 'sum' | 'scale' }
  | { kind: 'rename'; at: number; name: string };

export type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'literal'; at: number; text: string }
  | { kind: 'bom' }
  | { kind: 'garbage'; text: string };

export const treeMutationArb: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key: fc.constantFrom(...HOSTILE_KEYS), value: fc.nat({ max: HOSTILE_VALUES.length - 1 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.nat({ max: HOSTILE_VALUES.length - 1 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(2, 50, 99, 100, 101, 150), wrapper: fc.constantFrom('dag' as const, 'sum' as const, 'scale' as const) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constant(3000), wrapper: fc.constantFrom('dag' as const, 'sum' as const) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom(...PROTO_NAMES, 'a b', 'a\nb', '', 'ü') }),
);

export const textMutationArb: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('literal' as const), at: fc.nat(), text: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400', 'undefined', '0x10', '01') }),
  fc.constant({ kind: 'bom' as const }),
  fc.record({ kind: fc.constant('garbage' as const), text: fc.constantFrom('}', ' x', '\u0000', ',', '{}') }),
);

/** Every (container, key) position in the tree, depth first. */
function positions(t: Json, out: Array<{ parent: Obj | Json[]; key: string | number }> = []): Array<{ parent: Obj | Json[]; key: string | number }> {
  if (t instanceof Nested) return out;
  if (Array.isArray(t)) t.forEach((v, i) => { out.push({ parent: t, key: i }); positions(v, out); });
  else if (t !== null && typeof t === 'object') for (const k of Object.keys(t)) { out.push({ parent: t as Obj, key: k }); positions((t as Obj)[k], out); }
  return out;
}

function clone(t: Json): Json {
  if (t instanceof Nested) return t;
  if (Array.isArray(t)) return t.map(clone);
  if (t !== null && typeof t === 'object') return obj(Object.keys(t).map((k) => [k, clone((t as Obj)[k])]));
  return t;
}

/** Applies tree mutations to a copy of `tree`. */
export function mutate(tree: Obj, ms: readonly TreeMutation[]): Obj {
  const root = clone(tree) as Obj;
  for (const m of ms) {
    const all = positions(root);
    if (all.length === 0) continue;
    const p = all[m.at % all.length];
    const get = () => (p.parent as Record<string | number, Json>)[p.key];
    const set = (v: Json) => { (p.parent as Record<string | number, Json>)[p.key] = v; };
    switch (m.kind) {
      case 'addKey': {
        const objects = all.map((q) => (q.parent as Record<string | number, Json>)[q.key]).filter((v): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Nested));
        const target = objects.length > 0 ? objects[m.at % objects.length] : root;
        target[m.key] = clone(HOSTILE_VALUES[m.value]);
        break;
      }
      case 'replace': set(clone(HOSTILE_VALUES[m.value])); break;
      case 'delete':
        if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
        else delete (p.parent as Obj)[p.key as string];
        break;
      case 'nest': set(new Nested(m.depth, m.wrapper, get())); break;
      case 'rename': {
        if (Array.isArray(p.parent)) { set(m.name); break; }
        const parent = p.parent as Obj, entries = Object.keys(parent).map((k): [string, Json] => [k === p.key ? m.name : k, parent[k]]);
        for (const k of Object.keys(parent)) delete parent[k];
        for (const [k, v] of entries) parent[k] = v;
        break;
      }
    }
  }
  return root;
}

/** Applies a text mutation to serialised JSON. */
export function mutateText(text: string, m: TextMutation | null): string {
  if (m === null) return text;
  switch (m.kind) {
    case 'truncate': return text.slice(0, m.at % Math.max(1, text.length));
    case 'literal': {
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi)];
      if (numbers.length === 0) return text;
      const hit = numbers[m.at % numbers.length];
      return text.slice(0, hit.index) + m.text + text.slice(hit.index! + hit[0].length);
    }
    case 'bom': return `\ufeff${text}`;
    case 'garbage': return text + m.text;
  }
}

/** A hostile model file: base model, tree mutations, text mutation, and the resulting text. */
export const modelFileArb = fc.record({
  space: spaceArb,
  seed: fc.integer(),
  mutations: fc.oneof({ arbitrary: fc.constant([] as TreeMutation[]), weight: 2 }, { arbitrary: fc.array(treeMutationArb, { minLength: 1, maxLength: 3 }), weight: 3 }),
  text: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary: textMutationArb, weight: 1 }),
}).map((c) => {
  const tree = mutate(baseModel(c.space, c.seed), c.mutations);
  return { ...c, content: mutateText(toText(tree), c.text) };
});

/** A valid model with gentle rates (for evolve, trajectories, sweeps and steady flags), as text. */
export const gentleModelArb = fc.record({ space: spaceArb, seed: fc.integer() }).map((c) => toText(baseModel(c.space, c.seed, true)));
