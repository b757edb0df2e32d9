/**
 * What a CLI call loads (compiled CLI: run `npm run build` first). `lindblad --help` loads commander and the
 * command definitions only — no engine code — and `lindblad diamond` adds the steady-state engine but not
 * the model-file parser nor the N-emitter cavity code. Each would cost every call parse time (README,
 * start-up). The bundle is CommonJS made from ES modules: static chunk imports are top-level
 * `var m = require("./x.js");`, lazy ones `Promise.resolve().then(() => require("./x.js"))`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, staticClosure } from './bundle-graph.ts';

/** The engine functions (by their bundled definitions) that `closure` holds. */
const defines = (closure: Map<string, string>, names: string[]) =>
  names.filter((n) => [...closure.values()].some((text) => new RegExp(String.raw`^function ${n}\(`, 'm').test(text)));

test('--help loads commander and the command definitions only; diamond adds the engine without the model-file parser or cavity code', () => {
  assert.ok(readdirSync(BUNDLE).includes('cli.js'), 'dist/bundle/cli.js is missing (run npm run build)');
  assert.match(readFileSync(join(BUNDLE, 'package.json'), 'utf8'), /"type":\s*"commonjs"/);
  const cli = staticClosure('cli.js');
  const diamondRun = readdirSync(BUNDLE).find((f) => f.startsWith('diamond-run-') && f.endsWith('.js'));
  assert.ok(diamondRun, 'no diamond-run-*.js in dist/bundle');
  const diamond = staticClosure(diamondRun);
  // the check can fail: diamond's closure holds the steady state, found by the same pattern
  assert.ok(diamond.size > 1, 'no static require found in the diamond chunk: the import form is not recognised');
  assert.deepEqual(defines(diamond, ['steadyState', 'liouvillian']), ['steadyState', 'liouvillian']);
  assert.deepEqual(defines(cli, ['steadyState', 'liouvillian', 'parseModelText', 'lindbladModel']), [], 'cli.js loads engine code statically');
  assert.deepEqual(defines(diamond, ['parseModelText', 'emittersCavitySteadyState', 'cavitySteadyState']), [], 'diamond loads the model-file parser or cavity code');
  const bytes = [...cli.values()].reduce((s, t) => s + t.length, 0);
  assert.ok(bytes < 150_000, `--help loads ${bytes} characters (commander and the command definitions are ≈ 106 kB)`);
});

test('a chunk\'s function exports become plain data properties on first read (no getter per cross-chunk call); other values stay live getters', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(BUNDLE, 'cli.js'));
  // the chunk that defines steadyState (a function) and is required by others
  const file = readdirSync(BUNDLE).find((f) => f.startsWith('chunk-') && f.endsWith('.js') && /^function steadyState\(/m.test(readFileSync(join(BUNDLE, f), 'utf8')));
  assert.ok(file, 'no chunk defines steadyState');
  const mod = require(join(BUNDLE, file)) as Record<string, unknown>;
  const before = Object.getOwnPropertyDescriptor(mod, 'steadyState');
  assert.ok(before?.get, 'before the first read the export is a getter (as esbuild writes it)');
  const fn = mod.steadyState;
  assert.equal(typeof fn, 'function');
  const after = Object.getOwnPropertyDescriptor(mod, 'steadyState');
  assert.equal(after?.get, undefined, 'after the first read: a data property');
  assert.equal(after?.value, fn);
  assert.equal(after?.writable, false);
  assert.equal(after?.enumerable, true);
  assert.equal(mod.steadyState, fn);
  assert.deepEqual(Object.keys(mod).includes('steadyState'), true);
  // a non-function export keeps its getter after reads (live binding)
  const other = Object.keys(mod).find((k) => typeof mod[k] !== 'function');
  if (other !== undefined) assert.ok(Object.getOwnPropertyDescriptor(mod, other)?.get, `${other} keeps its getter`);
});
