/**
 * BullMQ and ioredis load only in queue mode: in the compiled CLI (run `npm run build` first), the modules
 * that `lindblad --help`, a local sweep (its command module and the sweep worker thread) and `lindblad merge`
 * load statically never import them; only dynamic import() (taken by --queue and `lindblad worker`) does.
 * The bundle may be ES modules (static `import … from "x"`, dynamic `import("x")`) or CommonJS made from them
 * (static top-level `var m = require("x");`, dynamic `Promise.resolve().then(() => __toESM(require("x")))`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, DYNAMIC, staticClosure, staticPackages } from '../cli/bundle-graph.ts';

test('--help, local sweeps and merge load neither bullmq nor ioredis; queue code reaches them only by dynamic import()', () => {
  const files = readdirSync(BUNDLE);
  const module = (prefix: string) => {
    const f = files.find((n) => n.startsWith(prefix) && n.endsWith('.js'));
    assert.ok(f, `no ${prefix}*.js in dist/bundle (run npm run build)`);
    return f!;
  };
  for (const entry of ['cli.js', 'sweep-worker.js', module('sweep-run-'), module('merge-run-')]) {
    const closure = staticClosure(entry);
    assert.ok(closure.size > 1, `no static import found in ${entry}: the bundle's import form is not recognised (this check would pass vacuously)`);
    for (const [file, text] of closure) {
      const pkgs = staticPackages(text).filter((p) => /^(bullmq|ioredis|msgpackr)(\/|$)/.test(p));
      assert.deepEqual(pkgs, [], `${entry} loads ${file}, which imports ${pkgs.join(', ')} statically`);
    }
  }
  const lazy = files.filter((f) => f.endsWith('.js') && DYNAMIC('(?:bullmq|ioredis)').test(readFileSync(join(BUNDLE, f), 'utf8')));
  assert.ok(lazy.length >= 2, `expected the queue coordinator and worker to import BullMQ dynamically, found ${lazy.join(', ')}`);
});
