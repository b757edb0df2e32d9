/** The expression parser (no eval) and the model-file form of time-dependent models: values and one-line field errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../src/model/expression.ts';
import { parseAnyModel, parseModel } from '../../src/io/model-file.ts';
import { DrivenModel } from '../../src/model/driven.ts';
import { LindbladError } from '../../src/errors.ts';

const val = (s: string, t = 0, p: Record<string, number> = {}) => parseExpression(s, 'f', p).value(t);

test('precedence, associativity, functions, constants and parameters', () => {
  assert.equal(val('1 + 2*3^2'), 19);
  assert.equal(val('-2^2'), -4);
  assert.equal(val('2^3^2'), 512);
  assert.equal(val('(1+2)*3 - 4/8'), 8.5);
  assert.equal(val('2*t - -t', 3), 9);
  assert.equal(val('max(1, t, 3) + min(4, 2)', 7), 9);
  assert.ok(Math.abs(val('sin(pi/6) + cos(0) + tan(0) + exp(0) + log(1) + sqrt(4) + abs(-1) + tanh(0)') - 5.5) < 1e-15);
  assert.equal(val('smoothstep(0, 1)'), 0.5);
  assert.ok(Math.abs(val('smoothstep(t - 5, 0.1)', 7) - 1) < 1e-15);
  assert.equal(val('Omega*cos(w*t)', 0, { Omega: 0.2, w: 3 }), 0.2);
  assert.equal(val('1.5e-3 + .5'), 0.5015);
  assert.equal(parseExpression('3*pi', 'f').dependsOnT, false);
  assert.equal(parseExpression('3*t', 'f').dependsOnT, true);
});

test('errors name the field and the 1-based position; nothing is evaluated as code', () => {
  const cases: Array<[string, RegExp]> = [
    ['1 +', /position 4 .*expected a number, a name or "\("/],
    ['sin(t', /position 6 .*expected "\)"/],
    ['foo(t)', /position 1 .*unknown function "foo"/],
    ['2*constructor', /position 3 .*unknown name "constructor"/],
    ['__proto__', /unknown name "__proto__"/],
    ['t; process.exit(1)', /position 2 .*unexpected character ";"/],
    ['max(1)', /max takes two or more arguments/],
    ['smoothstep(t)', /smoothstep takes two arguments/],
    ['sin', /needs arguments/],
    ['1 2', /position 3 .*unexpected the number 2/],
    ['1e999', /beyond the double range/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseExpression(text, 'drives[0].coefficient'), (e: unknown) => e instanceof LindbladError && e.field === 'drives[0].coefficient' && re.test(e.message) && !e.message.includes('\n'), text);
  }
  assert.throws(() => parseExpression('('.repeat(200) + 't' + ')'.repeat(200), 'f'), /nested deeper/);
});

const qubitFile = (extra: Record<string, unknown>) => ({ subsystems: { q: 'qubit' }, ...extra });

test('model files: drives, expression and table rates make a DrivenModel; constant files stay LindbladModel; parseModel refuses drives', () => {
  const m = parseAnyModel(qubitFile({ parameters: { w: 2 }, drives: [{ coefficient: '0.2*cos(w*t)', operator: 'q.sigma_x' }],
    channels: [{ operator: 'q.sigma_minus', rate: { table: { t: [0, 1], values: [0.1, 0.3], interpolation: 'linear' } }, label: 'd' }] }));
  assert.ok(m instanceof DrivenModel);
  assert.equal(m.drives[0].coefficient.value(0), 0.2);
  assert.ok(Math.abs(m.rateOf(0, 0.5) - 0.2) < 1e-15);
  assert.equal(m.base.channels[0].rate, 0);
  assert.ok(!(parseAnyModel(qubitFile({ parameters: { w: 2 }, channels: [{ operator: 'q.sigma_minus', rate: 0.1 }] })) instanceof DrivenModel));
  assert.throws(() => parseModel(qubitFile({ drives: [{ coefficient: 't', operator: 'q.sigma_x' }] })), (e: unknown) => e instanceof LindbladError && e.field === 'drives');
});

test('model files: strict keys and field-level errors for drives, parameters and tables', () => {
  const bad: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ drives: [{ coefficient: 'sin(t', operator: 'q.sigma_x' }] }, 'drives[0].coefficient', /position 6/],
    [{ drives: [{ coefficient: 't', operator: 'q.sigma_x', extra: 1 }] }, 'drives[0]', /unknown key "extra"/],
    [{ drives: [{ operator: 'q.sigma_x' }] }, 'drives[0].coefficient', /missing/],
    [{ drives: [{ coefficient: 'w*t', operator: 'q.sigma_x' }] }, 'drives[0].coefficient', /unknown name "w"/],
    [{ parameters: { t: 1 } }, 'parameters.t', /reserved/],
    [{ parameters: { w: 'x' } }, 'parameters.w', /finite number/],
    [{ channels: [{ operator: 'q.sigma_minus', rate: { table: { t: [0, 1], values: [1] } } }] }, 'channels[0].rate.table.values', /expected 2 values/],
    [{ channels: [{ operator: 'q.sigma_minus', rate: { table: { t: [1, 0], values: [1, 1] } } }] }, 'channels[0].rate.table.t[1]', /increase/],
    [{ channels: [{ operator: 'q.sigma_minus', rate: { table: { t: [0], values: [1], kind: 'x' } } }] }, 'channels[0].rate.table', /unknown key "kind"/],
    [{ channels: [{ operator: 'q.sigma_minus', rate: { tabel: {} } }] }, 'channels[0].rate', /unknown key "tabel"/],
  ];
  for (const [extra, field, re] of bad) {
    assert.throws(() => parseAnyModel(qubitFile(extra)), (e: unknown) => e instanceof LindbladError && e.field === field && re.test(e.message), `${JSON.stringify(extra)} → ${field}`);
  }
});
