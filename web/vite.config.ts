/**
 * Vite build of the browser explorer (`npm run explore:build`): a static site in web-dist/ with a
 * relative base, so it works from any plain file host. The engine runs in module Web Workers.
 *
 * The explorer imports the engine as a user would: `from 'lindblad'`, aliased to src/index.ts (the
 * same alias is in web/tsconfig.json `paths`). The physics-free figure toolkit (src/figures/) is not
 * part of the package API and is imported by relative path from web/src/views/figure-toolkit.ts only.
 *
 * Browser safety (plugin below):
 * - Engine modules (importer in src/) may import Node built-ins and the Node-only packages
 *   cli-progress and piscina: those imports resolve to generated stand-ins exporting the same names,
 *   each a function that throws "… is not available in the browser". They let src/index.ts link;
 *   tree-shaking then drops every engine path the explorer does not call. After tree-shaking, a
 *   stand-in with any code left in the bundle fails the build, naming the Node module and its importer
 *   (the explorer would otherwise reach Node-only code at run time).
 * - Two figure-toolkit modules have real browser versions: src/figures/fonts.ts (node:fs) and
 *   src/figures/png.ts (node:zlib, Buffer) are swapped for web/src/shims/ when imported from src/figures/.
 * - Any other Node built-in import (from web/src or a package) fails the build with its importer named,
 *   and so does a web/src import of an engine file by path instead of through 'lindblad'.
 */
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { isBuiltin } from 'node:module';
import { dirname, resolve, basename, relative, sep } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const engineDir = resolve(repo, 'src');
const figuresDir = resolve(engineDir, 'figures');
const webSrcDir = resolve(here, 'src');
/** The one web module that imports the figure toolkit (src/figures/) by path. */
const toolkitDoor = resolve(here, 'src/views/figure-toolkit.ts');
const shims: Record<string, string> = {
  'fonts.ts': resolve(here, 'src/shims/fonts.ts'),
  'png.ts': resolve(here, 'src/shims/png.ts'),
};
/** npm packages the engine uses only on Node code paths (progress bars, worker-thread pools, the Redis queue of sweeps). */
const NODE_ONLY_PACKAGES = new Set(['cli-progress', 'piscina', 'bullmq', 'ioredis']);
/** Prefix of the stand-in modules' ids: `\0node-stand-in:SPECIFIER|IMPORTER` (importer relative to the repo). */
const STAND_IN = '\0node-stand-in:';

const inside = (dir: string, file: string) => file.startsWith(dir + sep);
const nodeOnly = (source: string) => isBuiltin(source) || NODE_ONLY_PACKAGES.has(source);

/**
 * Source of the stand-in for `spec` imported by `importer`: every export name of the real module
 * (read from Node itself, so no import can name a missing export) bound to a function that throws.
 * Each binding is marked pure, so the unused ones vanish.
 */
async function standInSource(spec: string, importer: string): Promise<string> {
  const names = Object.keys(await import(spec)).filter((n) => n !== 'default');
  const lines = [
    `const fail = (name) => function () { throw new Error(${JSON.stringify(`${spec}: `)} + name + ${JSON.stringify(` is not available in the browser (imported by ${importer})`)}); };`,
  ];
  names.forEach((n, i) => lines.push(`const s${i} = /* @__PURE__ */ fail(${JSON.stringify(n)});`, `export { s${i} as ${JSON.stringify(n)} };`));
  lines.push(`export default { ${names.map((n, i) => `${JSON.stringify(n)}: s${i}`).join(', ')} };`);
  return lines.join('\n');
}

/** Stands in for Node-only imports of engine modules; rejects Node built-ins anywhere else and deep engine imports. */
function browserSafeEngine(): Plugin {
  return {
    name: 'lindblad-browser-safe-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || importer.startsWith('\0')) return null;
      const from = importer.split('?')[0];
      if (source.startsWith('./') && dirname(from) === figuresDir && shims[basename(source)]) return shims[basename(source)];
      if (nodeOnly(source)) {
        if (inside(engineDir, from)) return `${STAND_IN}${source}|${relative(repo, from)}`;
        this.error(`${from} imports ${source}, which does not exist in the browser; import a narrower module or add a shim`);
      }
      if (inside(webSrcDir, from) && source.startsWith('.')) {
        const target = resolve(dirname(from), source);
        if (inside(engineDir, target) && !(from === toolkitDoor && inside(figuresDir, target))) {
          this.error(`${from} imports ${source}; the explorer imports the engine only through 'lindblad' (src/index.ts)`
            + ` and the figure toolkit only through ${relative(repo, toolkitDoor)}`);
        }
      }
      return null;
    },
    async load(id) {
      if (!id.startsWith(STAND_IN)) return null;
      const [spec, importer] = id.slice(STAND_IN.length).split('|');
      return { code: await standInSource(spec, importer), moduleSideEffects: false };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, m] of Object.entries(chunk.modules)) {
          if (!id.startsWith(STAND_IN) || m.renderedLength === 0) continue;
          const [spec, importer] = id.slice(STAND_IN.length).split('|');
          this.error(`${importer} imports ${spec} on a code path the explorer uses (${m.renderedExports.join(', ') || 'module body'} kept in ${chunk.fileName}); `
            + 'that path cannot run in the browser');
        }
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  resolve: { alias: [{ find: /^lindblad$/, replacement: resolve(engineDir, 'index.ts') }] },
  plugins: [browserSafeEngine()],
  worker: { format: 'es', plugins: () => [browserSafeEngine()] },
  build: {
    outDir: resolve(here, '../web-dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
});
