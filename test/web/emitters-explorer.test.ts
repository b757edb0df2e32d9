/**
 * End-to-end test of the explorer's N control (issue 13): builds web-dist/ when stale, serves it and drives
 * Debian's Chromium through playwright-core. N = 2 (the default) shows today's two-emitter numbers; changing
 * N recomputes the curve and the readout with the N-emitter model, whose pair concurrence and photon number
 * equal the engine's own Node-side results (N = 3, 6 whole curves, N = 20 the readout); N is kept in the URL;
 * bad N gets a clear message. Fails (does not skip) without Chromium.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openExplorer, query, type ExplorerSession } from './harness.ts';
import { cavitySteadyState, emittersInCavity, emitterMoments, pairConcurrence, steadyState } from '../../src/index.ts';

let session: ExplorerSession;
let page: Page;
let errors: string[] = [];

/** A coarse map (fast) and the cavity point of the paper's best concurrence. */
const START = { n: 41, pump: 5e-3, gamma: 1e-3, kappa: 2.3, cutoff: 4 };

before(async () => {
  session = await openExplorer(query(START));
  ({ page, errors } = session);
});

after(async () => {
  await session?.close();
});

const num = async (selector: string) => Number(await page.getAttribute(selector, 'data-value'));
const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: page ${a} vs engine ${b}`);

/** Types N and waits until the curve and the readout of that N are on screen; returns the redraw time (ms). */
async function setEmitters(n: number, timeout = 120_000): Promise<number> {
  await page.fill('#f-emitters', String(n));
  await page.waitForFunction((n) => {
    const t = document.querySelector<HTMLElement>('#curve-timing')!;
    return t.dataset.emitters === String(n) && document.querySelector<HTMLElement>('#curve-chart')!.dataset.state === 'done'
      && !document.querySelector('#cavity-readout table')!.classList.contains('stale');
  }, n, { timeout });
  return Number(await page.getAttribute('#curve-timing', 'data-ms'));
}

const engine = (emitters: number) => {
  const r = steadyState(emittersInCavity({ emitters, kappa: START.kappa, gamma: START.gamma, pump: START.pump, cutoff: START.cutoff }));
  return { concurrence: pairConcurrence(r.state), meanPhotons: emitterMoments(r.state).meanPhotons };
};

test('N = 2 by default: today\'s two-emitter value (the tensor-product cavity model), the effective column filled', async () => {
  await page.waitForFunction(() => !document.querySelector('#cavity-readout table')!.classList.contains('stale'));
  assert.equal(await page.inputValue('#f-emitters'), '2');
  const today = cavitySteadyState({ kappa: START.kappa, gamma: START.gamma, pump: START.pump, cutoff: START.cutoff });
  close(await num('#cav-C-full'), today.concurrence, 1e-9, 'C (N = 2)');
  close(await num('#cav-C-full'), 0.3868, 1e-3, 'C (N = 2) near the paper\'s best 0.387');
  close(await num('#cav-C-full'), engine(2).concurrence, 1e-9, 'C (N = 2, Dicke route)');
  assert.ok(Number.isFinite(await num('#cav-C-effective')), 'effective model shown for N = 2');
  assert.deepEqual(errors, []);
});

test('changing N recomputes the curve and the readout with the N-emitter model (N = 3, then 6)', async () => {
  const c2 = await num('#cav-C-full');
  const ms3 = await setEmitters(3);
  const e3 = engine(3);
  close(await num('#cav-C-full'), e3.concurrence, 1e-9, 'pair C (N = 3)');
  close(await num('#cav-n-full'), e3.meanPhotons, 1e-9, '⟨n⟩ (N = 3)');
  assert.ok(Math.abs(await num('#cav-C-full') - c2) > 0.1, 'N = 3 shows a different concurrence');
  assert.equal(await page.textContent('#cav-C-effective'), '—', 'no effective diamond for N ≠ 2');
  assert.match(await page.getAttribute('#curve-chart', 'data-max-c') ?? '', /^0\.1/, 'the N = 3 curve peaks near 0.2');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('emitters') === '3');
  const ms6 = await setEmitters(6);
  const e6 = engine(6);
  close(await num('#cav-C-full'), e6.concurrence, 1e-9, 'pair C (N = 6)');
  close(await num('#cav-n-full'), e6.meanPhotons, 1e-9, '⟨n⟩ (N = 6)');
  console.log(`# κ-curve redraw (100 points, cutoff 4): N = 3 ${Math.round(ms3)} ms, N = 6 ${Math.round(ms6)} ms`);
  assert.deepEqual(errors, []);
});

test('N = 20 (the largest): the readout at the selected κ is computed; back to N = 2 shows today\'s value again', async () => {
  // Only the readout (one steady state) is awaited: the 100-point curve at N = 20 takes ~40 s of CPU.
  const t0 = Date.now();
  await page.fill('#f-emitters', '20');
  await page.waitForFunction(() => !document.querySelector('#cavity-readout table')!.classList.contains('stale'), undefined, { timeout: 120_000 });
  const e20 = engine(20);
  close(await num('#cav-C-full'), e20.concurrence, 1e-9, 'pair C (N = 20)');
  close(await num('#cav-n-full'), e20.meanPhotons, 1e-9, '⟨n⟩ (N = 20)');
  console.log(`# N = 20 readout at κ/g = ${START.kappa}: ${Date.now() - t0} ms (while the curve computes)`);
  await setEmitters(2);
  close(await num('#cav-C-full'), cavitySteadyState({ kappa: START.kappa, gamma: START.gamma, pump: START.pump, cutoff: START.cutoff }).concurrence, 1e-9, 'C (N = 2 again)');
  assert.ok(Number.isFinite(await num('#cav-C-effective')));
  assert.deepEqual(errors, []);
});

test('an impossible N gets a clear message and changes nothing', async () => {
  const ms = await page.getAttribute('#curve-timing', 'data-ms');
  await page.fill('#f-emitters', '21');
  assert.match(await page.textContent('#f-emitters-msg') ?? '', /N \(emitters\) must lie in 1 … 20/);
  await page.fill('#f-emitters', '2.5');
  assert.match(await page.textContent('#f-emitters-msg') ?? '', /whole number/);
  assert.equal(await page.getAttribute('#curve-timing', 'data-ms'), ms, 'no recomputation');
  await page.fill('#f-emitters', '2');
  assert.equal(await page.textContent('#f-emitters-msg'), '');
});
