/**
 * What the compiled sweep and jumps worker threads load (run `npm run build` first): the sweep worker's
 * entry loads the sweep engine statically and each family (cavity, N-emitter cavity, diamond, model file)
 * only through a dynamic require on the first task that names it (paper/family-registry.ts), so a thread
 * of a diamond sweep never parses cavity, Dicke-family or model-file code; the jumps worker loads the jump
 * engine, not the steady-state solver nor sweep code. The bundled worker then runs a diamond task in a
 * thread: concurrence = its closed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { BUNDLE, DYNAMIC, staticClosure } from '../cli/bundle-graph.ts';

/** The names among `names` whose bundled definition (`function name(` at a line start) `closure` holds. */
const defines = (closure: Map<string, string>, names: string[]) =>
  names.filter((n) => [...closure.values()].some((text) => new RegExp(String.raw`^function ${n}\(`, 'm').test(text)));

const FAMILIES = ['cavityFamily', 'emittersFamily', 'diamondFamily', 'modelFileDefinition', 'parseModelText'];

test('the sweep worker loads the engine statically and each family only on demand; the jumps worker loads no steady-state or sweep code', () => {
  assert.ok(readdirSync(BUNDLE).includes('sweep-worker.js'), 'dist/bundle/sweep-worker.js is missing (run npm run build)');
  const sweep = staticClosure('sweep-worker.js');
  assert.ok(sweep.size > 1, 'no static require found in sweep-worker.js: the import form is not recognised');
  // the check can fail: the engine is found by the same pattern
  assert.deepEqual(defines(sweep, ['steadyState', 'evaluateTask', 'loadFamily']), ['steadyState', 'evaluateTask', 'loadFamily']);
  assert.deepEqual(defines(sweep, FAMILIES), [], 'sweep-worker.js loads family code statically');
  // each family's chunk: reached by a dynamic require from the entry's closure, defining that family only
  const lazy = readdirSync(BUNDLE).filter((f) => /^(cavity-family|emitters-family|diamond-family|families)-.*\.js$/.test(f));
  assert.equal(lazy.length, 4, `family chunks: ${lazy.join(', ')}`);
  const entryText = [...sweep.values()].join('\n');
  for (const f of lazy) {
    assert.match(entryText, DYNAMIC(`\\./${f.replace(/\./g, '\\.')}`), `${f} is not loaded by a dynamic require`);
    const own = defines(new Map([...staticClosure(f)].filter(([file]) => !sweep.has(file))), FAMILIES);
    const expected = { 'cavity-family': ['cavityFamily'], 'emitters-family': ['emittersFamily'], 'diamond-family': ['diamondFamily'], families: ['modelFileDefinition', 'parseModelText'] }[f.slice(0, f.lastIndexOf('-'))];
    assert.deepEqual(own, expected, `${f} brings ${own.join(', ')}`);
  }
  const jumps = staticClosure('jumps-worker.js');
  assert.deepEqual(defines(jumps, ['simulateRange', 'runJumpTask']), ['simulateRange', 'runJumpTask']);
  assert.deepEqual(defines(jumps, ['steadyState', 'evaluateTask', ...FAMILIES]), [], 'jumps-worker.js loads steady-state or sweep code');
});

test('the bundled sweep worker in a thread: a diamond task loads its family and gives the closed-form concurrence; a second family in the same thread', { timeout: 60_000 }, async () => {
  const pool = new Piscina({ filename: join(BUNDLE, 'sweep-worker.js'), name: 'runSweepTask', minThreads: 1, maxThreads: 1 });
  try {
    const request = { model: 'diamond', args: { 'beta-a': '4:8:3', 'beta-s': '-2' }, outputs: ['concurrence', 'concurrenceAnalytic'] };
    const r = await pool.run({ key: 'd', request, indices: [0, 1, 2] }) as { records: string[] };
    assert.equal(r.records.length, 3);
    for (const rec of r.records) {
      const [c, ca] = rec.trim().split(',').slice(-2).map(Number); // beta-a, beta-s, gamma-plus, concurrence, concurrenceAnalytic
      assert.ok(Math.abs(c! - ca!) < 1e-12 && c! > 0.1, rec);
    }
    const cavity = await pool.run({ key: 'c', request: { model: 'cavity', args: { kappa: '1', gamma: '1e-3', pump: '5e-3', cutoff: '2' }, outputs: ['pG', 'pS', 'pA', 'pE'] }, indices: [0] }) as { records: string[] };
    const p = cavity.records[0]!.trim().split(',').slice(-4).map(Number);
    assert.ok(p.every((x) => x >= 0) && Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12, cavity.records[0]);
  } finally {
    await pool.destroy();
  }
});
