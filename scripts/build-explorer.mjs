// Builds the explorer into web-dist/ unless it is already newer than every source it is made from
// (web/, src/, package-lock.json). Used by the end-to-end test and the screenshot script.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(REPO, 'web-dist');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newestMtime(join(path, name)));
  return t;
}

/** True when web-dist/index.html exists and is newer than all inputs of the build. */
export function explorerIsFresh() {
  const index = join(OUT_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return ['web', 'src', 'package-lock.json'].every((p) => !existsSync(join(REPO, p)) || newestMtime(join(REPO, p)) <= built);
}

/** Builds web-dist/ (vite, web/vite.config.ts) when it is missing or stale, or always with force. */
export async function buildExplorer({ force = false } = {}) {
  if (!force && explorerIsFresh()) return { built: false };
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'web/vite.config.ts'), logLevel: 'warn' });
  return { built: true };
}
