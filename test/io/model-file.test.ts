import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelText, parseModel, parseInitialState, MAX_MODEL_TEXT } from '../../src/io/model-file.ts';
import { heatCurrents } from '../../src/thermo/heat.ts';
import { steadyState } from '../../src/steady/steady.ts';
import { space, qubit, fock } from '../../src/model/space.ts';
import { op } from '../../src/model/operator.ts';
import { LindbladError } from '../../src/errors.ts';

test('named blocks, sums, products, scales and explicit matrices build the same operators as the API', () => {
  const m = parseModel({
    subsystems: { q: 'qubit', c: { kind: 'fock', cutoff: 2 } },
    hamiltonian: { sum: [{ scale: 0.5, of: 'q.sigma_z' }, { product: ['q.sigma_plus', 'c.a'] }, { dag: { product: ['q.sigma_plus', 'c.a'] } }] },
    channels: [{ operator: { op: 'a', on: 'c' }, rate: 0.3, bath: 'cav' }],
  });
  const sp = space({ q: qubit(), c: fock(2) });
  const x = op(sp, 'q', 'sigma_plus').times(op(sp, 'c', 'a'));
  const h = op(sp, 'q', 'sigma_z').scale(0.5).plus(x).plus(x.dag());
  assert.ok(m.hamiltonian.toDense().sub(h.toDense()).normFrobenius() < 1e-15);
  assert.equal(m.channels[0].bath, 'cav');
  // The same model with explicit matrices.
  const rows = (d: ReturnType<typeof h.toDense>) => d.toRows();
  const m2 = parseModel({ dims: [6], hamiltonian: { matrix: rows(h.toDense()) }, channels: [{ operator: { matrix: rows(op(sp, 'c', 'a').toDense()) }, rate: 0.3 }] });
  assert.ok(steadyState(m).rho.sub(steadyState(m2).rho).normFrobenius() < 1e-13);
});

test('"inf" for β and for rates (the infinitely fast limit)', () => {
  const m = parseModelText(JSON.stringify({
    subsystems: { x: { kind: 'levels', n: 3 } },
    channels: [
      { operator: { op: 'transition', on: 'x', to: 1, from: 0 }, rate: 1, bath: 'b' },
      { operator: { op: 'transition', on: 'x', to: 0, from: 1 }, rate: 2, bath: 'b' },
      { operator: { op: 'transition', on: 'x', to: 1, from: 2 }, rate: 'inf', bath: 'fast' },
    ],
    baths: { b: { beta: 'inf' }, fast: { beta: '-inf' } },
  }));
  assert.equal(m.channels[2].rate, Infinity);
  assert.equal(m.baths.get('b')!.beta, Infinity);
  assert.equal(m.baths.get('fast')!.beta, -Infinity);
  const { rho } = steadyState(m);
  assert.ok(Math.abs(rho.re(0, 0) - 2 / 3) < 1e-13 && Math.abs(rho.re(2, 2)) < 1e-15);
});

test('errors name the JSON path', () => {
  const bad = (data: unknown, re: RegExp) => assert.throws(() => parseModel(data), (e: unknown) => e instanceof LindbladError && re.test(e.message));
  bad({ subsystems: { q: 'qubit' }, channels: [{ operator: 'q.sigma_minus', rate: 'fast' }] }, /channels\[0\]\.rate: at position 1 of "fast": unknown name "fast"/);
  bad({ subsystems: { q: 'qubit' }, hamiltonian: { sum: [] } }, /hamiltonian\.sum: expected a non-empty array/);
  bad({ subsystems: { q: 'qubit' }, hamiltonian: { scale: [1], of: 'q.n' } }, /hamiltonian\.scale: expected a number or \[re, im\]/);
  bad({ subsystems: { q: 'qubit' }, bogus: 1 }, /^\(root\): unknown key "bogus" \(expected "subsystems", /);
  bad({ subsystems: { q: 'qubit' }, baths: { b: { beta: 'hot' } } }, /baths\.b\.beta/);
  bad({ dims: [2], hamiltonian: { matrix: [[[0, 0], [0, 0]], [[0, 0], [0, Number.NaN]]] } }, /hamiltonian\.matrix\[1\]\[1\]: expected a number or \[re, im\] with finite entries/);
});

/** The message of the LindbladError that parseModel throws for `data` (fails if it does not throw one). */
function refusal(data: unknown): string {
  try {
    parseModel(data);
  } catch (e) {
    assert.ok(e instanceof LindbladError, `not a LindbladError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`accepted: ${JSON.stringify(data)}`);
}

test('unknown keys are refused everywhere, naming the key and the keys expected', () => {
  const q = { q: 'qubit' };
  const cases: Array<[unknown, string]> = [
    [{ subsystems: q, hamiltonian: { sum: ['q.sigma_z', { scale: 1e-3, off: 'q.sigma_x' }] } }, 'hamiltonian.sum[1]: unknown key "off" (expected "scale", "of")'],
    [{ subsystems: q, hamiltonian: { sum: ['q.n'], extra: 1 } }, 'hamiltonian: unknown key "extra" (expected "sum")'],
    [{ subsystems: q, hamiltonian: { product: ['q.n'], of: 'q.n' } }, 'hamiltonian: unknown key "of" (expected "product")'],
    [{ subsystems: q, hamiltonian: { dag: 'q.n', scale: 2 } }, 'hamiltonian: an expression has exactly one of "matrix", "op", "sum", "product", "scale", "dag", got "scale" and "dag"'],
    [{ subsystems: q, hamiltonian: { matrix: [[1, 0], [0, 1]], note: 'x' } }, 'hamiltonian: unknown key "note" (expected "matrix")'],
    [{ subsystems: q, hamiltonian: { op: 'n', on: 'q', level: 1 } }, 'hamiltonian: unknown key "level" (expected "op", "on")'],
    [{ subsystems: q, hamiltonian: { op: 'projector', on: 'q', level: 1, to: 0 } }, 'hamiltonian: unknown key "to" (expected "op", "on", "level")'],
    [{ subsystems: q, hamiltonian: { of: 'q.n' } }, 'hamiltonian: expected an operator expression with one of "matrix", "op", "sum", "product", "scale", "dag", got keys "of"'],
    [{ subsystems: { q: { kind: 'qubit', n: 2 } } }, 'subsystems.q: unknown key "n" (expected "kind")'],
    [{ subsystems: { c: { kind: 'fock', cutoff: 3, n: 2 } } }, 'subsystems.c: unknown key "n" (expected "kind", "cutoff")'],
    [{ subsystems: { c: { kind: 'levels', n: 3, cutoff: 2 } } }, 'subsystems.c: unknown key "cutoff" (expected "kind", "n")'],
    [{ subsystems: q, channels: [{ operator: 'q.sigma_minus', rate: 1, beta: 2 }] }, 'channels[0]: unknown key "beta" (expected "operator", "rate", "bath", "label")'],
    [{ subsystems: q, baths: { b: { beta: 1, temperature: 2 } } }, 'baths.b: unknown key "temperature" (expected "beta")'],
    [{ subsystems: q, initialState: { ket: [1, 0] } }, 'initialState: unknown key "ket" (expected "levels", "matrix")'],
    [{ subsystems: q, __proto__x: 1 }, '(root): unknown key "__proto__x"'],
  ];
  for (const [data, message] of cases) {
    const m = refusal(data);
    assert.ok(m.startsWith(message), `${JSON.stringify(data)}:\n  got      ${m}\n  expected ${message}…`);
  }
  // A key spelt "__proto__" in the JSON text is an own key of the parsed object, and as unknown as any other.
  assert.throws(() => parseModelText('{"subsystems": {"q": "qubit"}, "hamiltonian": {"sum": ["q.n"], "__proto__": {"x": 1}}}'),
    /hamiltonian: unknown key "__proto__" \(expected "sum"\)/);
});

test('a key given twice in one object is refused, naming the object (JSON.parse kept the last value silently)', () => {
  const cases: Array<[string, string]> = [
    ['{"subsystems": {"q": "qubit"}, "channels": [{"operator": "q.sigma_minus", "rate": 1, "rate": 100}]}', 'channels[0]: key "rate" given twice'],
    ['{"subsystems": {"q": "qubit"}, "hamiltonian": "q.sigma_z", "hamiltonian": "q.sigma_x"}', '(root): key "hamiltonian" given twice'],
    ['{"subsystems": {"q": "qubit"}, "baths": {"hot bath": {"beta": 1, "beta": 2}}}', 'baths["hot bath"]: key "beta" given twice'],
    ['{"subsystems": {"q": "qubit"}, "hamiltonian": {"sum": ["q.n", {"scale": 1, "scale": 2, "of": "q.n"}]}}', 'hamiltonian.sum[1]: key "scale" given twice'],
    ['{"subsystems": {"q": "qubit", "\\u0071": "qubit"}}', 'subsystems: key "q" given twice'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseModelText(text, 'm.json'), (e: unknown) => e instanceof LindbladError && e.message.startsWith(message), text);
  // equal keys in different objects, and key-like text inside strings, are fine
  parseModelText('{"description": "{\\"rate\\": 1, \\"rate\\": 2}", "subsystems": {"q": "qubit"}, "channels": [{"operator": "q.sigma_minus", "rate": 1}, {"operator": "q.sigma_plus", "rate": 1}]}', 'm.json');
});

test('names that are Object.prototype properties are ordinary names (subsystems, baths, labels, levels)', () => {
  // written as JSON text: in a JavaScript object literal, __proto__ would set the prototype instead of a key
  const text = `{
    "subsystems": {"constructor": "qubit", "toString": "qubit"},
    "hamiltonian": {"sum": ["constructor.n", "toString.n"]},
    "channels": [
      {"operator": "constructor.sigma_minus", "rate": 1, "bath": "__proto__", "label": "__proto__"},
      {"operator": "toString.sigma_minus", "rate": 2, "bath": "hasOwnProperty", "label": "valueOf"}],
    "baths": {"__proto__": {"beta": 1}, "hasOwnProperty": {"beta": "inf"}},
    "initialState": {"levels": {"toString": 1}}}`;
  const m = parseModelText(text);
  assert.deepEqual(m.space.names, ['constructor', 'toString']);
  assert.deepEqual([...m.baths.keys()].sort(), ['__proto__', 'hasOwnProperty']);
  assert.equal(m.baths.get('__proto__')!.beta, 1);
  assert.equal(m.baths.get('hasOwnProperty')!.beta, Infinity);
  assert.deepEqual(m.channels.map((c) => c.label), ['__proto__', 'valueOf']);
  // a subsystem named "constructor" that the levels object does not mention is at level 0 (not Object)
  const rho = parseInitialState(JSON.parse(text), m.space)!;
  assert.equal(rho.re(1, 1), 1); // |constructor = 0, toString = 1⟩ has index 1
  // the heat currents carry every bath, "__proto__" included, and add up to zero in the steady state
  const q = heatCurrents(m, steadyState(m).rho);
  assert.deepEqual(Object.keys(q).sort(), ['__proto__', 'hasOwnProperty']);
  assert.ok(Object.hasOwn(q, '__proto__') && typeof q.__proto__ === 'number');
});

test('H is Hermitian relative to its own norm: 1e15 entries accepted, a 1e-15 non-Hermitian H refused', () => {
  const hermitian = (scale: number) => ({ dims: [2], hamiltonian: { matrix: [[scale, [scale / 3, scale / 7]], [[scale / 3, -scale / 7], -scale]] } });
  for (const s of [1e-300, 1e-15, 1, 1e15, 1e300]) assert.doesNotThrow(() => parseModel(hermitian(s)), `scale ${s}`);
  for (const s of [5e-324, 1e-15, 1, 1e15, 1e300]) {
    const m = refusal({ dims: [2], hamiltonian: { matrix: [[0, s], [0, 0]] } });
    assert.match(m, /^hamiltonian: expected a Hermitian operator, but ‖H − H†‖ \/ ‖H‖ = 1\.41e\+0/, `scale ${s}`);
  }
  // a relative defect just below and just above the stated 1e-12
  const skew = (d: number) => ({ dims: [2], hamiltonian: { matrix: [[1, [1, d]], [[1, d], 1]] } }); // ‖H − H†‖_F/‖H‖_F = √2·d
  assert.doesNotThrow(() => parseModel(skew(0.7e-12)));
  assert.match(refusal(skew(2e-12)), /‖H − H†‖ \/ ‖H‖ = 2\.83e-12/);
  // bareHamiltonian too
  assert.match(refusal({ dims: [2], bareHamiltonian: { matrix: [[0, 1e-20], [0, 0]] } }), /^bareHamiltonian: expected a Hermitian operator/);
});

test('JSON numbers beyond the double range are not the "inf" limits; depth and size are capped', () => {
  const q = { q: 'qubit' };
  assert.match(refusal(JSON.parse('{"subsystems": {"q": "qubit"}, "channels": [{"operator": "q.sigma_minus", "rate": 1e400}]}')),
    /channels\[0\]\.rate: expected a finite number or "inf", got Infinity \(a JSON number beyond the double range\)/);
  assert.match(refusal(JSON.parse('{"subsystems": {"q": "qubit"}, "baths": {"b": {"beta": -1e400}}}')), /baths\.b\.beta: .*write "inf" or "-inf"/);
  assert.equal(parseModel({ subsystems: q, channels: [{ operator: 'q.sigma_minus', rate: 'inf' }] }).channels[0].rate, Infinity);
  let e: unknown = 'q.n';
  for (let k = 0; k < 3000; k++) e = { sum: [e] };
  assert.match(refusal({ subsystems: q, hamiltonian: e }), /^hamiltonian\.sum\[0\].*: operator expressions nest deeper than 100 levels$/);
  let ok: unknown = 'q.n';
  for (let k = 0; k < 99; k++) ok = { dag: ok };
  assert.doesNotThrow(() => parseModel({ subsystems: q, hamiltonian: ok }));
  assert.throws(() => parseModelText(' '.repeat(MAX_MODEL_TEXT + 1)), /larger than 64 MiB/);
  assert.match(refusal({ dims: Array(65).fill(1) }), /subsystems: at most 64 subsystems, got 65/);
  assert.match(refusal({ subsystems: { b: { kind: 'levels', n: 1e9 } } }), /subsystems\.b\.n: expected an integer number of levels ≥ 1, got 1000000000/);
  assert.match(refusal({ description: 3, subsystems: q }), /^description: expected a string, got 3/);
  assert.match(refusal({ subsystems: q, referenceEnergy: -1 }), /^referenceEnergy: expected a finite energy > 0/);
  assert.match(refusal({ subsystems: q, baths: { 'a\nb': { beta: 'hot' } } }), /^baths\["a\\nb"\]\.beta: /);
});
