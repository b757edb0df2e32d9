/**
 * End-to-end test of the browser explorer (issue 6): builds web-dist/ when stale, serves it on a
 * random loopback port and drives Debian's Chromium through playwright-core. Checks that the page
 * loads without console errors, the maps render, the numbers shown equal the engine's own Node-side
 * results for the same parameters, a slider move redraws the κ curve, exports produce files, bad
 * input gets a clear message, and the URL restores a view. Fails (does not skip) without Chromium.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openExplorer, query, type ExplorerSession } from './harness.ts';
import {
  cavitySteadyState, concurrence, diamondConcurrenceAnalytic, diamondEntropyProductionAnalytic, diamondModel,
  effectiveDiamond, entropyProduction, steadyState,
} from '../../src/index.ts';

let session: ExplorerSession;
let page: Page;
let errors: string[] = [];
const downloads = mkdtempSync(join(tmpdir(), 'lindblad-explorer-downloads-'));

/** The starting view: a coarse map (fast) and the cavity point of the paper's best concurrence. */
const START = { n: 81, ptA: 5, ptS: 0, pump: 5e-3, gamma: 1e-3, kappa: 2.3, cutoff: 4 };

before(async () => {
  session = await openExplorer(query(START), 30_000);
  ({ page, errors } = session);
});

after(async () => {
  await session?.close();
  rmSync(downloads, { recursive: true, force: true });
});

const num = async (selector: string) => Number(await page.getAttribute(selector, 'data-value'));
const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: page ${a} vs engine ${b}`);

test('the page loads without console errors and draws both maps with their overlays', async () => {
  assert.deepEqual(errors, []);
  for (const id of ['map-concurrence', 'map-entropy']) {
    assert.equal(await page.locator(`#${id} svg image`).count(), 1, `${id}: raster map`);
    const text = await page.locator(`#${id} svg`).textContent();
    assert.match(text ?? '', /C = 1\/3/, `${id}: contour legend`);
    assert.match(text ?? '', /β = 0/, `${id}: thermal-quadrant legend`);
  }
  assert.match(await page.textContent('#map-status') ?? '', /81 × 81 points/);
});

test('the pinned point shows the same numbers as the engine run in Node', async () => {
  const d = diamondModel({ betaA: START.ptA, betaS: START.ptS });
  const ss = steadyState(d.model);
  const ep = entropyProduction(d.model, ss.rho);
  const pops = d.populations(ss.rho);
  close(await num('#pt-C-numeric'), concurrence(d.twoQubitState(ss.rho)), 1e-9, 'C (engine)');
  close(await num('#pt-C-analytic'), diamondConcurrenceAnalytic(START.ptA, START.ptS), 1e-12, 'C (closed form)');
  close(await num('#pt-C-numeric'), 0.247198, 1e-6, 'C spot value of PHYSICS.md');
  close(await num('#pt-Sdot-numeric'), ep.rate, 1e-9, 'Ṡ');
  close(await num('#pt-Sdot-analytic'), diamondEntropyProductionAnalytic(START.ptA, START.ptS), 1e-12, 'Ṡ (closed form)');
  close(await num('#pt-QS-numeric'), ep.heatCurrents.S, 1e-9, 'Q̇_S');
  close(await num('#pt-QA-numeric'), ep.heatCurrents.A, 1e-9, 'Q̇_A');
  for (const k of ['G', 'S', 'A', 'E'] as const) {
    close(await num(`#pt-p${k}-numeric`), pops[k], 1e-9, `p_${k}`);
    close(Number(await page.getAttribute(`.diamond-scheme [data-level=${k}]`, 'data-value')), pops[k], 1e-9, `scheme p_${k}`);
  }
});

test('the cavity readout at the selected κ equals cavitySteadyState and effectiveDiamond', async () => {
  const p = { kappa: START.kappa, gamma: START.gamma, pump: START.pump };
  const full = cavitySteadyState({ ...p, cutoff: START.cutoff });
  const eff = effectiveDiamond(p);
  await page.waitForFunction(() => !document.querySelector('#cavity-readout table')!.classList.contains('stale'));
  close(await num('#cav-C-full'), full.concurrence, 1e-9, 'C full');
  close(await num('#cav-n-full'), full.meanPhotons, 1e-9, '⟨n⟩');
  close(await num('#cav-C-effective'), eff.concurrence, 1e-12, 'C effective');
  close(await num('#cav-bS-effective'), eff.betaS, 1e-12, 'β_S effective');
  close(await num('#cav-bA-effective'), eff.betaA, 1e-12, 'β_A effective');
});

test('hovering a map reads that point', async () => {
  const box = (await page.locator('#map-concurrence svg').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.move(box.x + box.width * 0.32, box.y + box.height * 0.32, { steps: 3 });
  await page.waitForFunction(() => /^Hovered/.test(document.querySelector('#point-title')!.textContent ?? ''));
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => /^Pinned/.test(document.querySelector('#point-title')!.textContent ?? ''));
});

test('moving the p/g slider redraws the κ curve (timed) and updates the URL', async () => {
  const chart = '#curve-chart';
  const before = { maxC: await page.getAttribute(chart, 'data-max-c'), ms: await page.getAttribute('#curve-timing', 'data-ms') };
  await page.locator('#s-pump').fill('-2.7'); // p/g = 10^-2.7 ≈ 2e-3
  await page.waitForFunction((ms) => document.querySelector<HTMLElement>('#curve-chart')!.dataset.state === 'done'
    && document.querySelector<HTMLElement>('#curve-timing')!.dataset.ms !== ms, before.ms, { timeout: 20_000 });
  const after = { maxC: await page.getAttribute(chart, 'data-max-c'), ms: Number(await page.getAttribute('#curve-timing', 'data-ms')) };
  assert.notEqual(after.maxC, before.maxC, 'the curve changed');
  assert.equal(await page.inputValue('#f-pump'), '0.001995');
  console.log(`# κ-curve redraw after a slider move: ${Math.round(after.ms)} ms (100 points, cutoff 4)`);
  assert.ok(after.ms < 10_000, `redraw took ${after.ms} ms`);
  await page.waitForFunction(() => new URLSearchParams(location.search).get('pump') === '0.001995');
});

test('exports: the κ-curve CSV matches the engine, SVG and PNG are real files', async () => {
  const save = async (selector: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const path = join(downloads, dl.suggestedFilename());
    await dl.saveAs(path);
    return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
  };
  const csv = await save('[data-export=kappa-curve-csv]');
  assert.equal(csv.name, 'kappa-curve_p0.001995_gamma0.001_N4.csv');
  const [header, ...rows] = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(header, 'kappa_over_g,concurrence_full,concurrence_effective,mean_photons,top_fock_population,beta_A_effective,beta_S_effective');
  assert.equal(rows.length, 100);
  for (const i of [0, 40, 99]) {
    const [kappa, cFull, cEff] = rows[i].split(',').map(Number);
    close(cFull, cavitySteadyState({ kappa, gamma: 1e-3, pump: 0.001995, cutoff: 4 }).concurrence, 1e-9, `C full at κ = ${kappa}`);
    close(cEff, effectiveDiamond({ kappa, gamma: 1e-3, pump: 0.001995 }).concurrence, 1e-12, `C effective at κ = ${kappa}`);
  }
  const svg = await save('[data-export=concurrence-map-svg]');
  assert.match(svg.bytes.toString('utf8', 0, 200), /<svg/);
  const png = await save('[data-export=kappa-curve-png]');
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const map = await save('[data-export=entropy-production-map-csv]');
  assert.equal(map.bytes.toString('utf8').trim().split('\n').length, 1 + 81 * 81);
});

test('impossible inputs get a clear message and change nothing', async () => {
  const curveMs = await page.getAttribute('#curve-timing', 'data-ms');
  await page.fill('#f-pump', '-1');
  assert.match(await page.textContent('#f-pump-msg') ?? '', /p\/g is a rate and cannot be negative/);
  await page.fill('#f-gamma', 'abc');
  assert.match(await page.textContent('#f-gamma-msg') ?? '', /"abc" is not a number/);
  await page.fill('#f-cutoff', '2.5');
  assert.match(await page.textContent('#f-cutoff-msg') ?? '', /whole number/);
  await page.fill('#f-aMin', '20');
  assert.match(await page.textContent('#f-aMin-msg') ?? '', /β_A range is empty/);
  assert.equal(await page.getAttribute('#f-pump', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#curve-timing', 'data-ms'), curveMs, 'no recomputation');
  await page.fill('#f-pump', '0.002');
  assert.equal(await page.textContent('#f-pump-msg'), '');
  assert.deepEqual(errors, []);
});

test('a shared URL restores the view; bad URL values are reported', async () => {
  const view = { aMin: -4, aMax: 6, sMin: -3, sMax: 9, n: 41, ptA: 3, ptS: -2, pump: 1e-3, gamma: 0, kappa: 10 };
  await page.goto(session.server.url + query(view) + '&cutoff=x');
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
  assert.equal(await page.inputValue('#f-aMax'), '6');
  assert.equal(await page.inputValue('#f-gamma'), '0');
  assert.equal(await page.inputValue('#f-cutoff'), '4', 'invalid cutoff falls back to the default');
  assert.match(await page.textContent('#url-warnings') ?? '', /cutoff/);
  assert.match(await page.textContent('#point-title') ?? '', /β_A = 3, β_S = −2/);
  close(await num('#pt-C-numeric'), diamondConcurrenceAnalytic(3, -2), 1e-9, 'C at the restored point');
  assert.equal(await num('#cav-bA-effective'), -Infinity, 'γ = 0 gives β_A = −∞');
  assert.deepEqual(errors, []);
});
