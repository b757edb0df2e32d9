/**
 * The compiled CLI's module graph, read as text (run `npm run build` first). The bundle may be ES modules
 * (static `import … from "x"`, dynamic `import("x")`) or CommonJS made from them (static top-level
 * `var m = require("x");`, dynamic `Promise.resolve().then(() => __toESM(require("x")))`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLE = new URL('../../dist/bundle/', import.meta.url).pathname;

/** A whole line that imports `spec` statically: `import … from "spec"`, `import "spec"` or top-level `var m = require("spec");`. */
export const STATIC = (spec: string) => new RegExp(String.raw`^\s*(?:(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?|(?:(?:var|const|let)\s+[\w$]+\s*=\s*)?require\(\s*)["'](${spec})["']\)?;?\s*$`, 'gm');
/** A dynamic import of package `name`: `import("name")`, or its CommonJS form `Promise.resolve().then(() => __toESM(require("name")))`. */
export const DYNAMIC = (name: string) => new RegExp(String.raw`import\(\s*["']${name}["']\s*\)|Promise\.resolve\(\)\.then\(\(\) => (?:__toESM\()?require\(\s*["']${name}["']\s*\)`);

/** Files of the bundle loaded statically from `entry` (relative imports / requires), the entry included, with their text. */
export function staticClosure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(join(BUNDLE, file), 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(STATIC(String.raw`\./[^"']+`))) visit(m[1]!.slice(2));
  };
  visit(entry);
  return seen;
}

/** Bare package names a file imports statically. */
export const staticPackages = (text: string) => [...text.matchAll(STATIC(String.raw`[^."'][^"']*`))].map((m) => m[1]!);
