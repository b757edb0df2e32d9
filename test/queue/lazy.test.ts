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

const BUNDLE = new URL('../../dist/bundle/', import.meta.url).pathname;

/** A whole line that imports `spec` statically: `import … from "spec"`, `import "spec"` or top-level `var m = require("spec");`. */
const STATIC = (spec: string) => new RegExp(String.raw`^\s*(?:(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?|(?:var|const|let)\s+[\w$]+\s*=\s*require\(\s*)["'](${spec})["']\)?;?\s*$`, 'gm');
/** A dynamic import of package `name`: `import("name")`, or its CommonJS form `Promise.resolve().then(() => __toESM(require("name")))`. */
const DYNAMIC = (name: string) => new RegExp(String.raw`import\(\s*["']${name}["']\s*\)|Promise\.resolve\(\)\.then\(\(\) => (?:__toESM\()?require\(\s*["']${name}["']\s*\)`);

/** Files loaded statically from `entry` (import … from "./x.js" / import "./x.js" / var m = require("./x.js")), the entry included. */
function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(join(BUNDLE, file), 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(STATIC(String.raw`\./[^"']+`))) visit(m[1].slice(2));
  };
  visit(entry);
  return seen;
}

/** Bare package names a file imports statically. */
const staticPackages = (text: string) => [...text.matchAll(STATIC(String.raw`[^."'][^"']*`))].map((m) => m[1]);

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
