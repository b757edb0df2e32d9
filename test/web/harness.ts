/**
 * Shared set-up of the explorer's Chromium tests: build web-dist/ when stale, serve it on a random loopback
 * port, launch Debian's Chromium through playwright-core and open one page at `path`, collecting console
 * errors and uncaught exceptions. Throws (the test fails, never skips) without Chromium.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/static-server.mjs';
import { chromiumProblem, launchChromium } from '../../scripts/chromium.mjs';
import { buildExplorer, OUT_DIR } from '../../scripts/build-explorer.mjs';

export interface ExplorerSession {
  server: StaticServer;
  browser: { context: BrowserContext; close(): Promise<void> };
  page: Page;
  /** Console errors and uncaught exceptions of the page, as they happen. */
  errors: string[];
  close(): Promise<void>;
}

/** The query string of a view: ?k=v&… */
export const query = (o: Record<string, number>) => '?' + new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();

/** Opens the built explorer at `path` (appended to the server's URL) and waits until the page is ready. */
export async function openExplorer(path: string, readyTimeout = 60_000): Promise<ExplorerSession> {
  const problem = chromiumProblem();
  if (problem) throw new Error(`explorer end-to-end test needs Chromium. ${problem}`);
  await buildExplorer();
  const server = await serveStatic(OUT_DIR, { port: 0 });
  const browser = await launchChromium({ viewport: { width: 1440, height: 1000 } });
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(server.url + path);
  await page.waitForSelector('body[data-ready]', { timeout: readyTimeout });
  return { server, browser, page, errors, async close() { await browser.close(); await server.close(); } };
}
