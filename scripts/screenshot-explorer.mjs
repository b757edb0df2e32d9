#!/usr/bin/env node
// Screenshots of the built explorer (web-dist/, rebuilt first when stale, or always with --build): the whole
// page, each panel, a hovered map point, invalid-input messages and the paper's Fig. 2(b) view, into out/explorer-screens/
// (or the directory given as the first argument); the whole page is also copied to docs/explorer.png
// with --docs.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';
import { launchChromium } from './chromium.mjs';
import { buildExplorer } from './build-explorer.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outDir = args.find((a) => !a.startsWith('--')) ?? join(repo, 'out/explorer-screens');
await buildExplorer({ force: args.includes('--build') });
mkdirSync(outDir, { recursive: true });
const server = await serveStatic(join(repo, 'web-dist'));
const browser = await launchChromium({ deviceScaleFactor: 1 });
try {
  const page = await browser.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  console.log('first sweep:', await page.textContent('#curve-timing'));
  // Move the p/g slider away and back (to 0.005), so the page shows a warm, live redraw time.
  for (const move of [() => page.locator('#s-pump').fill('-2.2'), () => page.fill('#f-pump', '0.005')]) {
    const before = await page.getAttribute('#curve-timing', 'data-ms');
    await move();
    await page.waitForFunction((b) => document.querySelector('#curve-chart').dataset.state === 'done'
      && document.querySelector('#curve-timing').dataset.ms !== b, before);
  }
  await page.waitForFunction(() => !document.querySelector('#cavity-readout table').classList.contains('stale'));
  await page.evaluate(() => document.activeElement?.blur());
  console.log('slider redraw:', await page.textContent('#curve-timing'));
  const shot = async (name, target = page, opts = {}) => {
    const path = join(outDir, `${name}.png`);
    await target.screenshot({ path, ...opts });
    console.log('wrote', path);
    return path;
  };
  const full = await shot('page', page, { fullPage: true });
  await shot('plane-panel', page.locator('#plane-panel'));
  await shot('cavity-panel', page.locator('#cavity-panel'));
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator('#map-concurrence svg').boundingBox();
  await page.mouse.move(box.x + box.width * 0.28, box.y + box.height * 0.3);
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.32, { steps: 4 });
  await page.waitForFunction(() => /^Hovered/.test(document.querySelector('#point-title').textContent));
  await shot('hover', page.locator('#plane-panel'));
  await page.fill('#f-pump', '-1');
  await page.fill('#f-aMin', '20');
  await page.waitForTimeout(200);
  await shot('invalid-input', page, { fullPage: true });
  // The paper's Fig. 2(b) parameters (γ = 0): the effective β_A = −∞ puts the cavity marker off the map.
  await page.goto(`${server.url}?gamma=0&pump=2e-4&kappa=2.2&ptA=10&ptS=-10`);
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  await shot('fig2b-gamma-zero', page, { fullPage: true });
  if (args.includes('--docs')) {
    mkdirSync(join(repo, 'docs'), { recursive: true });
    copyFileSync(full, join(repo, 'docs/explorer.png'));
    console.log('copied to docs/explorer.png');
  }
} finally {
  await browser.close();
  await server.close();
}
