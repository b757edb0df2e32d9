#!/usr/bin/env node
// `npm run explore`: builds the browser explorer (vite build → web-dist/) and serves it on
// 127.0.0.1 (port from PORT, default 5173, or any free port when that one is taken).
// `--no-build` serves an existing web-dist/ as it is.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from './static-server.mjs';
import { buildExplorer, OUT_DIR } from './build-explorer.mjs';

const requested = process.env.PORT === undefined ? 5173 : Number(process.env.PORT);
if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
  console.error(`PORT must be an integer in 0…65535, got "${process.env.PORT}"`);
  process.exit(2);
}
if (!process.argv.includes('--no-build') || !existsSync(join(OUT_DIR, 'index.html'))) {
  await buildExplorer({ force: true });
  console.log(`built ${OUT_DIR}`);
}
const { url, port } = await serveStatic(OUT_DIR, { port: requested });
if (port !== requested && requested !== 0) console.log(`port ${requested} is busy; using ${port}`);
console.log(`lindblad explorer: ${url}  (Ctrl-C to stop)`);
