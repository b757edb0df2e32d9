/**
 * The explorer build's browser-safety guard (web/vite.config.ts): small entry modules, served from
 * memory as if they were files in web/src, are built with the explorer's own Vite config (nothing
 * written). Engine code reached through 'lindblad' that needs Node must fail the build naming its
 * importer; engine code that does not must build without any Node stand-in left in the output; Node
 * built-ins and deep engine imports from web/src must fail as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';
import { REPO } from '../../scripts/build-explorer.mjs';

const ENTRY = join(REPO, 'web/src/__guard-fixture__.ts');

/** Builds `code` as the entry module web/src/__guard-fixture__.ts; resolves to the emitted JavaScript. */
async function buildFixture(code: string): Promise<string> {
  const fixture: Plugin = {
    name: 'guard-fixture',
    enforce: 'pre',
    resolveId: (id) => (id === ENTRY ? ENTRY : null),
    load: (id) => (id === ENTRY ? code : null),
  };
  const outDir = mkdtempSync(join(tmpdir(), 'lindblad-guard-'));
  try {
    const out = await build({
      configFile: join(REPO, 'web/vite.config.ts'),
      logLevel: 'silent',
      plugins: [fixture],
      build: { write: false, outDir, emptyOutDir: false, rolldownOptions: { input: ENTRY } },
    }) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const outputs = Array.isArray(out) ? out : [out];
    return outputs.flatMap((o) => o.output).map((c) => (c.type === 'chunk' ? c.code : '')).join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

test('an engine function that needs Node, reached through lindblad, fails the build naming its importer', async () => {
  await assert.rejects(
    buildFixture(`import { defaultWorkers } from 'lindblad';\n(globalThis as any).w = defaultWorkers();\n`),
    /src\/sweep\/run\.ts imports node:os on a code path the explorer uses \(availableParallelism/,
  );
});

test('engine functions that do not need Node build through lindblad with no Node stand-in left', async () => {
  const js = await buildFixture(
    `import { diamondModel, steadyState } from 'lindblad';\n`
    + `(globalThis as any).f = (a: number, b: number) => steadyState(diamondModel({ betaA: a, betaS: b }).model).rho;\n`,
  );
  assert.match(js, /globalThis\.f\s*=/, 'the fixture itself is in the output');
  assert.doesNotMatch(js, /is not available in the browser/);
  assert.doesNotMatch(js, /\bnode:[a-z]/);
});

test('a Node built-in imported outside the engine still fails the build naming its importer', async () => {
  await assert.rejects(
    buildFixture(`import { readFileSync } from 'node:fs';\n(globalThis as any).r = readFileSync;\n`),
    /__guard-fixture__\.ts imports node:fs, which does not exist in the browser/,
  );
});

test('web/src importing an engine file by path instead of through lindblad fails the build', async () => {
  await assert.rejects(
    buildFixture(`import { Grid } from '../../src/sweep/grid.ts';\n(globalThis as any).g = Grid;\n`),
    /__guard-fixture__\.ts imports \.\.\/\.\.\/src\/sweep\/grid\.ts; the explorer imports the engine only through 'lindblad'/,
  );
});
