/**
 * Vite build of the browser explorer (`npm run explore:build`): a static site in web-dist/ with a
 * relative base, so it works from any plain file host. The engine runs in module Web Workers.
 *
 * Browser safety: engine modules must not import Node built-ins. Two figure-toolkit modules do
 * (src/figures/fonts.ts reads TrueType files with node:fs; src/figures/png.ts deflates with node:zlib
 * and returns a Buffer); when imported from src/figures/ they are swapped for the browser stand-ins
 * in web/src/shims/. Any other `node:` import reaching the bundle fails the build with its importer named.
 */
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, basename } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const figuresDir = resolve(here, '../src/figures');
const shims: Record<string, string> = {
  'fonts.ts': resolve(here, 'src/shims/fonts.ts'),
  'png.ts': resolve(here, 'src/shims/png.ts'),
};

/** Swaps the node-only figure modules for browser stand-ins and rejects any other Node built-in. */
function browserSafeEngine(): Plugin {
  return {
    name: 'lindblad-browser-safe-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer) return null;
      const from = importer.split('?')[0];
      if (source.startsWith('./') && dirname(from) === figuresDir && shims[basename(source)]) return shims[basename(source)];
      if (source.startsWith('node:') || source === 'fs' || source === 'zlib' || source === 'path') {
        this.error(`${from} imports ${source}, which does not exist in the browser; import a narrower module or add a shim`);
      }
      return null;
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [browserSafeEngine()],
  worker: { format: 'es', plugins: () => [browserSafeEngine()] },
  build: {
    outDir: resolve(here, '../web-dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', fs: { allow: [resolve(here, '..')] } },
});
