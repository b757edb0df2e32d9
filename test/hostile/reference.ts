/**
 * An independent reading of the model-file format of README.md ("Model files"), for the hostile suite: it
 * decides from the text alone whether a file is valid and, for small valid files, builds H and the jump
 * operators as dense matrices (dense.ts) — no engine code is used. The rules are the documented ones: fixed
 * key sets per object, own keys only, finite JSON numbers ("inf" strings for the limits), operator
 * expressions nested at most 100 deep, H and H0 Hermitian to ‖H − H†‖_F ≤ 1e-12‖H‖_F, at most 64
 * subsystems and 2^20 states. Verdicts: 'valid' (with matrices when the dimension is ≤ MAX_REF_DIM),
 * 'invalid' (the CLI must refuse it with exit code 2), or 'unverifiable' (an overflow in an intermediate
 * product, or a Hermiticity defect within a factor 3 of the tolerance, where dense and sparse rounding may
 * disagree): such cases are counted apart, never as verified.
 */
import { CMat, embed } from './dense.ts';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (x: Json): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (o: Obj, k: string) => Object.hasOwn(o, k);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Largest dimension for which matrices are built. */
export const MAX_REF_DIM = 64;

export interface RefChannel { o: CMat; rate: number; bath: string }
export interface RefModel { dims: number[]; names: string[]; n: number; h: CMat; channels: RefChannel[] }
export type Verdict =
  | { kind: 'valid'; n: number; model: RefModel | null }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unverifiable'; reason: string };

class Invalid extends Error {}
class Unverifiable extends Error {}
const fail = (reason: string): never => { throw new Invalid(reason); };
const need = (ok: boolean, reason: string): void => { if (!ok) fail(reason); };
const keysIn = (o: Obj, allowed: readonly string[], where: string) => {
  for (const k of Object.keys(o)) need(allowed.includes(k), `${where}: unknown key ${k}`);
};
const isInt = (x: Json): x is number => typeof x === 'number' && Number.isInteger(x);
const finite = (x: Json): x is number => typeof x === 'number' && Number.isFinite(x);

interface Sub { name: string; kind: 'qubit' | 'fock' | 'levels'; d: number }

function space(data: Obj): Sub[] {
  let subs: Sub[];
  if (has(data, 'subsystems')) {
    need(!has(data, 'dims'), 'both subsystems and dims');
    need(isObj(data.subsystems), 'subsystems not an object');
    subs = Object.entries(data.subsystems as Obj).map(([name, s]) => {
      need(IDENT.test(name), `subsystem name ${name}`);
      if (s === 'qubit') return { name, kind: 'qubit', d: 2 };
      need(isObj(s), 'subsystem spec');
      const o = s as Obj;
      if (o.kind === 'qubit') { keysIn(o, ['kind'], name); return { name, kind: 'qubit', d: 2 }; }
      if (o.kind === 'fock') { keysIn(o, ['kind', 'cutoff'], name); need(isInt(o.cutoff) && o.cutoff >= 0 && o.cutoff <= 100000, 'cutoff'); return { name, kind: 'fock', d: (o.cutoff as number) + 1 }; }
      if (o.kind === 'levels') { keysIn(o, ['kind', 'n'], name); need(isInt(o.n) && o.n >= 1 && o.n <= 100000, 'levels n'); return { name, kind: 'levels', d: o.n as number }; }
      return fail('subsystem kind');
    });
  } else {
    need(Array.isArray(data.dims) && (data.dims as Json[]).length > 0, 'dims');
    subs = (data.dims as Json[]).map((d, k) => {
      need(isInt(d) && d >= 1 && d <= 100000, 'dims entry');
      return { name: `s${k}`, kind: 'levels', d: d as number };
    });
  }
  need(subs.length >= 1 && subs.length <= 64, 'number of subsystems');
  need(new Set(subs.map((s) => s.name)).size === subs.length, 'duplicate subsystem');
  need(subs.reduce((a, s) => a * s.d, 1) <= 2 ** 20, 'dimension above 2^20');
  return subs;
}

/** The named block `name` on a subsystem (README: qubit basis |0⟩ ground; Fock a|k⟩ = √k|k−1⟩). */
function local(sub: Sub, name: string, args: { level?: Json; from?: Json; to?: Json }, build: boolean): CMat | null {
  const d = sub.d, m = build ? new CMat(d) : (null as unknown as CMat);
  const lvl = (v: Json) => { need(isInt(v) && v >= 0 && v < d, 'level'); return v as number; };
  if (name === 'identity') return build ? CMat.identity(d) : null;
  if (name === 'projector') { const k = lvl(args.level); if (build) m.set(k, k, 1); return m; }
  if (name === 'transition') { const to = lvl(args.to), from = lvl(args.from); if (build) m.set(to, from, 1); return m; }
  const names: Record<string, string[]> = { qubit: ['sigma_minus', 'sigma_plus', 'sigma_x', 'sigma_y', 'sigma_z', 'n'], fock: ['a', 'a_dag', 'n', 'x', 'p'], levels: ['n'] };
  const alias: Record<string, Record<string, string>> = {
    qubit: { sm: 'sigma_minus', lower: 'sigma_minus', sp: 'sigma_plus', raise: 'sigma_plus', sx: 'sigma_x', sy: 'sigma_y', sz: 'sigma_z' },
    fock: { lower: 'a', raise: 'a_dag', adag: 'a_dag', create: 'a_dag', destroy: 'a', num: 'n' },
    levels: {},
  };
  const c = Object.hasOwn(alias[sub.kind], name) ? alias[sub.kind][name] : name;
  need(names[sub.kind].includes(c), `${sub.kind} op ${name}`);
  if (!build) return null;
  if (sub.kind === 'qubit') {
    switch (c) {
      case 'sigma_minus': m.set(0, 1, 1); return m;
      case 'sigma_plus': m.set(1, 0, 1); return m;
      case 'sigma_x': m.set(0, 1, 1); m.set(1, 0, 1); return m;
      case 'sigma_y': m.set(1, 0, 0, -1); m.set(0, 1, 0, 1); return m; // −iσ⁺ + iσ⁻
      case 'sigma_z': m.set(0, 0, -1); m.set(1, 1, 1); return m;
      case 'n': m.set(1, 1, 1); return m;
    }
    return fail(`qubit op ${name}`);
  }
  const a = new CMat(d);
  for (let k = 1; k < d; k++) a.set(k - 1, k, Math.sqrt(k));
  if (sub.kind === 'fock') {
    switch (c) {
      case 'a': return a;
      case 'a_dag': return a.dag();
      case 'n': for (let k = 0; k < d; k++) m.set(k, k, k); return m;
      case 'x': return a.add(a.dag()).scale(Math.SQRT1_2);
      case 'p': return a.dag().add(a, -1).scale(0, Math.SQRT1_2);
    }
    return fail(`fock op ${name}`);
  }
  if (c === 'n') { for (let k = 0; k < d; k++) m.set(k, k, k); return m; }
  return fail(`levels op ${name}`);
}

function complex(x: Json): [number, number] {
  if (finite(x)) return [x, 0];
  need(Array.isArray(x) && x.length === 2 && x.every(finite), 'coefficient');
  return [(x as number[])[0], (x as number[])[1]];
}

const FORMS: Record<string, string[]> = { matrix: ['matrix'], op: ['op', 'on', 'level', 'from', 'to'], sum: ['sum'], product: ['product'], scale: ['scale', 'of'], dag: ['dag'] };

/** Checks an operator expression; builds it when `build` (else returns null). */
function operator(e: Json, subs: Sub[], n: number, build: boolean, depth = 0): CMat | null {
  const dims = subs.map((s) => s.d);
  const onSub = (name: Json): number => {
    const k = subs.findIndex((s) => s.name === name);
    need(typeof name === 'string' && k >= 0, 'unknown subsystem');
    return k;
  };
  const checked = (m: CMat | null): CMat | null => {
    if (m && !m.isFinite()) throw new Unverifiable('an intermediate operator overflowed');
    return m;
  };
  if (typeof e === 'string') {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    need(m !== null, 'operator string');
    const k = onSub(m![1]);
    const l = local(subs[k], m![2], {}, build);
    return build ? embed(dims, k, l!) : null;
  }
  need(isObj(e), 'operator expression');
  const o = e as Obj;
  const heads = Object.keys(FORMS).filter((h) => has(o, h));
  need(heads.length === 1, 'expression form');
  need(depth < 100, 'too deep');
  const head = heads[0];
  if (head === 'op') {
    need(typeof o.op === 'string', 'op name');
    const allowed = o.op === 'projector' ? ['op', 'on', 'level'] : o.op === 'transition' ? ['op', 'on', 'to', 'from'] : ['op', 'on'];
    keysIn(o, allowed, 'op');
    need(typeof o.on === 'string', 'on');
    for (const k of ['level', 'from', 'to']) if (has(o, k)) need(isInt(o[k]), 'integer argument');
    const k = onSub(o.on);
    const l = local(subs[k], o.op as string, { level: o.level, from: o.from, to: o.to }, build);
    return build ? embed(dims, k, l!) : null;
  }
  keysIn(o, FORMS[head], head);
  const list = (k: string) => {
    need(Array.isArray(o[k]) && (o[k] as Json[]).length > 0, `${k} list`);
    return (o[k] as Json[]).map((x) => checked(operator(x, subs, n, build, depth + 1)));
  };
  switch (head) {
    case 'matrix': {
      need(Array.isArray(o.matrix) && (o.matrix as Json[]).length === n, 'matrix rows');
      const rows = (o.matrix as Json[]).map((r) => {
        need(Array.isArray(r) && (r as Json[]).length === n, 'matrix row');
        return (r as Json[]).map(complex);
      });
      return build ? CMat.fromRows(rows) : null;
    }
    case 'sum': { const xs = list('sum'); return build ? checked(xs.reduce((a, b) => a!.add(b!))) : null; }
    case 'product': { const xs = list('product'); return build ? checked(xs.reduce((a, b) => a!.mul(b!))) : null; }
    case 'scale': {
      const [re, im] = complex(o.scale);
      need(has(o, 'of'), 'scale without of');
      const x = checked(operator(o.of, subs, n, build, depth + 1));
      return build ? checked(x!.scale(re, im)) : null;
    }
    default: { const x = operator(o.dag, subs, n, build, depth + 1); return build ? x!.dag() : null; }
  }
}

function hermitian(h: CMat, what: string): void {
  const big = h.maxAbs();
  if (big === 0) return;
  const s = new CMat(h.n, h.re.map((x) => x / big), h.im.map((x) => x / big));
  const ratio = s.add(s.dag(), -1).frob() / s.frob();
  if (ratio > 3e-12) fail(`${what} not Hermitian`);
  if (ratio > 3e-13) throw new Unverifiable(`${what}: Hermiticity defect ${ratio} near the tolerance`);
}

function beta(x: Json): void {
  if (x === null) return;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (['inf', '+inf', 'infinity', '+infinity', '-inf', '-infinity'].includes(s)) return;
    need(s !== '' && Number.isFinite(Number(s)), 'beta string');
    return;
  }
  need(finite(x), 'beta');
}

/** The verdict on a model file's text. */
export function interpret(text: string): Verdict {
  try {
    need(text.length <= 64 * 1024 * 1024, 'too large');
    let data: Json;
    try { data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); } catch { return fail('malformed JSON'); }
    need(isObj(data), 'root');
    const d = data as Obj;
    keysIn(d, ['subsystems', 'dims', 'hamiltonian', 'bareHamiltonian', 'channels', 'baths', 'referenceEnergy', 'description', 'name', 'initialState'], 'root');
    for (const k of ['description', 'name']) if (has(d, k)) need(typeof d[k] === 'string', k);
    const subs = space(d);
    const n = subs.reduce((a, s) => a * s.d, 1), build = n <= MAX_REF_DIM;
    const h = has(d, 'hamiltonian') ? operator(d.hamiltonian, subs, n, build) : build ? new CMat(n) : null;
    const h0 = has(d, 'bareHamiltonian') ? operator(d.bareHamiltonian, subs, n, build) : null;
    if (h) hermitian(h, 'H');
    if (h0) hermitian(h0, 'H0');
    const channels: RefChannel[] = [];
    if (has(d, 'channels')) {
      need(Array.isArray(d.channels), 'channels');
      (d.channels as Json[]).forEach((c, i) => {
        need(isObj(c), 'channel');
        const ch = c as Obj;
        keysIn(ch, ['operator', 'rate', 'bath', 'label'], 'channel');
        need(has(ch, 'operator') && has(ch, 'rate'), 'channel operator/rate');
        need(ch.rate === 'inf' || (finite(ch.rate) && ch.rate >= 0), 'rate');
        if (has(ch, 'bath')) need(typeof ch.bath === 'string' && ch.bath !== '', 'bath');
        if (has(ch, 'label')) need(typeof ch.label === 'string', 'label');
        const o = operator(ch.operator, subs, n, build);
        const bath = (ch.bath as string | undefined) ?? (ch.label as string | undefined) ?? `channel${i}`;
        need(bath !== '', 'empty bath name');
        if (o) channels.push({ o, rate: ch.rate === 'inf' ? Infinity : (ch.rate as number), bath });
      });
    }
    if (has(d, 'baths')) {
      need(isObj(d.baths), 'baths');
      for (const b of Object.values(d.baths as Obj)) {
        need(isObj(b), 'bath');
        keysIn(b as Obj, ['beta'], 'bath');
        need(has(b as Obj, 'beta'), 'beta missing');
        beta((b as Obj).beta);
      }
    }
    if (has(d, 'referenceEnergy')) need(finite(d.referenceEnergy) && (d.referenceEnergy as number) > 0, 'referenceEnergy');
    if (has(d, 'initialState')) {
      const s = d.initialState;
      need(isObj(s) && Object.keys(s as Obj).length === 1, 'initialState');
      const so = s as Obj;
      if (has(so, 'levels')) {
        need(isObj(so.levels), 'levels');
        for (const [name, v] of Object.entries(so.levels as Obj)) {
          const k = subs.findIndex((x) => x.name === name);
          need(k >= 0 && isInt(v) && v >= 0 && v < subs[k].d, 'initial level');
        }
      } else {
        need(has(so, 'matrix'), 'initialState key');
        operator({ matrix: so.matrix }, subs, n, false);
      }
    }
    return { kind: 'valid', n, model: build ? { dims: subs.map((s) => s.d), names: subs.map((s) => s.name), n, h: h!, channels } : null };
  } catch (e) {
    if (e instanceof Invalid) return { kind: 'invalid', reason: e.message };
    if (e instanceof Unverifiable) return { kind: 'unverifiable', reason: e.message };
    if (e instanceof RangeError) return { kind: 'unverifiable', reason: `reference: ${e.message}` };
    throw e;
  }
}
