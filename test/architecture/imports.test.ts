import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The import graph of src/ (static imports, re-exports, type-only imports and dynamic import() alike):
// no circle between files, and stages import only stages below them in the data flow of ARCHITECTURE.md.

const SRC = resolve('src');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.mts')) out.push(p);
  }
  return out;
}

/** file (relative to src) → relative files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/(?:^|[\s;}])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
      deps.push(relative(SRC, resolve(dirname(file), m[1] ?? m[2])));
    }
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

/** The stage of a file: its folder, or the file itself at the top of src/. */
const stage = (file: string): string => (file.includes('/') ? file.split('/')[0] : file);

/**
 * Stages in data-flow order; a stage may import itself and any stage of a lower rank. Stages sharing a
 * rank are siblings and may not import each other.
 */
const RANK: Record<string, number> = {
  'errors.ts': 0, linalg: 1, random: 1, model: 2, io: 3, liouvillian: 4, symmetry: 5,
  steady: 6, evolve: 6, jumps: 6, measures: 7, thermo: 8, sweep: 9, figures: 10, paper: 11,
  cli: 12, dev: 13, 'index.ts': 13,
};
/** Stages that must stay free of physics: what they may import besides themselves. */
const PHYSICS_FREE: Record<string, readonly string[]> = {
  linalg: ['errors.ts'],
  random: ['errors.ts'],
  figures: ['errors.ts', 'io/atomic.ts', 'io/csv.ts', 'io/make-dir.ts'],
};

test('every relative import resolves to a file in src/', () => {
  const graph = importGraph();
  for (const [file, deps] of graph) {
    for (const d of deps) assert.ok(graph.has(d), `${file} imports ${d}, which does not exist`);
  }
});

/** A circle of the graph as a list of files (first = last), or null. */
function findCircle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string): string[] | null => {
    state.set(f, 'open');
    path.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') return [...path.slice(path.indexOf(d)), d];
      if (!state.has(d)) { const c = visit(d); if (c) return c; }
    }
    path.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) { const c = visit(f); if (c) return c; }
  return null;
}

/** Imports that break the stage order or the physics-free rule. */
function layerViolations(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [file, deps] of graph) {
    const from = stage(file);
    if (!(from in RANK)) { violations.push(`${file}: stage ${from} has no rank in this test (add it where it belongs in the data flow)`); continue; }
    for (const d of deps) {
      const to = stage(d);
      if (to === from) continue;
      const free = PHYSICS_FREE[from];
      if (free && !free.includes(to) && !free.includes(d)) violations.push(`${file} → ${d} (${from} must stay physics-free)`);
      else if (!((RANK[to] ?? Infinity) < RANK[from]!)) violations.push(`${file} → ${d} (${from} may not import ${to})`);
    }
  }
  return violations;
}

test('no import circle between files of src/', () => {
  const circle = findCircle(importGraph());
  assert.equal(circle, null, `import circle: ${circle?.join(' → ')}`);
});

test('stages import only stages below them; linalg, random and figures import no physics', () => {
  assert.deepEqual(layerViolations(importGraph()), []);
});

test('the checks can fail: synthetic circles and upward or physics imports are reported', () => {
  const graph = importGraph();
  const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
  assert.ok(edges > 300, `only ${edges} imports found: the import pattern no longer matches`);
  assert.ok((graph.get('steady/steady.ts') ?? []).includes('steady/plan.ts'), 'steady.ts → plan.ts not seen');
  assert.deepEqual(findCircle(new Map([['a/x.ts', ['a/y.ts']], ['a/y.ts', ['a/z.ts']], ['a/z.ts', ['a/x.ts']]])), ['a/x.ts', 'a/y.ts', 'a/z.ts', 'a/x.ts']);
  assert.equal(layerViolations(new Map([['linalg/a.ts', ['model/m.ts']]])).length, 1);
  assert.equal(layerViolations(new Map([['model/m.ts', ['steady/s.ts']]])).length, 1);
  assert.equal(layerViolations(new Map([['steady/s.ts', ['evolve/e.ts']]])).length, 1, 'siblings');
  assert.equal(layerViolations(new Map([['figures/f.ts', ['io/model-file.ts']]])).length, 1);
  assert.equal(layerViolations(new Map([['steady/s.ts', ['model/m.ts', 'linalg/l.ts']]])).length, 0);
});
