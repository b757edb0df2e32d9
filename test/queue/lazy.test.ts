/**
 * BullMQ and ioredis load only in queue mode: in the compiled CLI (run `npm run build` first), the modules
 * that `lindblad --help`, a local sweep (its command module and the sweep worker thread) and `lindblad merge`
 * load statically never import them; only dynamic import() (taken by --queue and `lindblad worker`) does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLE = new URL('../../dist/bundle/', import.meta.url).pathname;

/** Files loaded statically from `entry` (import … from "./x.js" / import "./x.js"), the entry included. */
function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(join(BUNDLE, file), 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/^\s*(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?["']\.\/([^"']+)["'];?\s*$/gm)) visit(m[1]);
  };
  visit(entry);
  return seen;
}

/** Bare package names a file imports statically. */
const staticPackages = (text: string) => [...text.matchAll(/^\s*(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?["']([^."'][^"']*)["'];?\s*$/gm)].map((m) => m[1]);

test('--help, local sweeps and merge load neither bullmq nor ioredis; queue code reaches them only by dynamic import()', () => {
  const files = readdirSync(BUNDLE);
  const module = (prefix: string) => {
    const f = files.find((n) => n.startsWith(prefix) && n.endsWith('.js'));
    assert.ok(f, `no ${prefix}*.js in dist/bundle (run npm run build)`);
    return f!;
  };
  for (const entry of ['cli.js', 'sweep-worker.js', module('sweep-run-'), module('merge-run-')]) {
    for (const [file, text] of staticClosure(entry)) {
      const pkgs = staticPackages(text).filter((p) => /^(bullmq|ioredis|msgpackr)(\/|$)/.test(p));
      assert.deepEqual(pkgs, [], `${entry} loads ${file}, which imports ${pkgs.join(', ')} statically`);
    }
  }
  const lazy = files.filter((f) => f.endsWith('.js') && /import\(\s*["'](bullmq|ioredis)["']\s*\)/.test(readFileSync(join(BUNDLE, f), 'utf8')));
  assert.ok(lazy.length >= 2, `expected the queue coordinator and worker to import BullMQ dynamically, found ${lazy.join(', ')}`);
});
