// Launches Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through playwright-core for the
// explorer's end-to-end test and screenshots, headless, with a fresh throw-away profile.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why Chromium cannot be used here, or null when it can. */
export function chromiumProblem() {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get update && apt-get install -y chromium" (or set CHROMIUM_PATH)`;
}

/**
 * Starts Chromium with a fresh profile; resolves to { context, close() }. Throws with an install
 * hint when Chromium is missing.
 */
export async function launchChromium({ viewport = { width: 1440, height: 1000 }, deviceScaleFactor = 1 } = {}) {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
  const profile = mkdtempSync(join(tmpdir(), 'lindblad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport, deviceScaleFactor, acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
