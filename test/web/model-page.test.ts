/**
 * End-to-end tests of the explorer's model page and the paper-page fixes of issue 19, in Debian's Chromium
 * through playwright-core (fails, does not skip, without Chromium):
 * - a model typed into the editor shows the same numbers as `lindblad steady --json` on that file (run
 *   in-process through runCaptured) and the engine's entropyProduction, and a dimension-64 model is shown
 *   ≤ 1 s after a valid edit on a quiet machine (guarded relative to Node's same call: see that test);
 * - the parser's field-level message appears at the line of the field;
 * - the URL round trip: the address after an edit, opened in a fresh page, restores the same text and numbers;
 * - no main-thread task over 100 ms (PerformanceObserver 'longtask') during a 2-D scan (on a quiet machine;
 *   the bound grows with the load per core, as wall-clock task durations do);
 * - hover on the paper page's map reads the point under the cursor within one pixel, a click pins it and the
 *   readout says "Pinned" there; at 390 px width neither page overflows horizontally.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/static-server.mjs';
import { chromiumProblem, launchChromium } from '../../scripts/chromium.mjs';
import { buildExplorer, OUT_DIR } from '../../scripts/build-explorer.mjs';
import { runCaptured } from '../../src/cli/main.ts';
import { entropyProduction, parseModelText, steadyState } from '../../src/index.ts';
import { modelSteady } from '../../web/src/engine/model-compute.ts';
import { warmUpTexts } from '../../web/src/model-page/warm-up.ts';
import { rendererThreads } from './thread-cpu.ts';

let server: StaticServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const errors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'lindblad-model-page-'));

/** Two qubits, each with its own thermal bath, coupled by an exchange term (dimension 4: pairs, heat flow between baths). */
const TWO_QUBITS = JSON.stringify({
  description: 'two coupled qubits between a hot and a cold bath',
  subsystems: { a: 'qubit', b: 'qubit' },
  hamiltonian: { sum: ['a.n', { scale: 1.2, of: 'b.n' }, { scale: 0.15, of: { sum: [{ product: ['a.sigma_plus', 'b.sigma_minus'] }, { product: ['a.sigma_minus', 'b.sigma_plus'] }] } }] },
  channels: [
    { operator: 'a.sigma_minus', rate: 0.2, bath: 'hot' }, { operator: 'a.sigma_plus', rate: 0.12, bath: 'hot' },
    { operator: 'b.sigma_minus', rate: 0.3, bath: 'cold' }, { operator: 'b.sigma_plus', rate: 0.01, bath: 'cold' },
  ],
  baths: { hot: { beta: 0.5 }, cold: { beta: 3 } },
  initialState: { levels: { a: 1, b: 0 } },
}, null, 2);

/** Six qubits in a chain (dimension 64). `rate` is the decay rate of the first qubit (edited by the test). */
function sixQubits(rate: number): string {
  const subsystems: Record<string, string> = {}, ham: unknown[] = [], channels: unknown[] = [];
  for (let k = 0; k < 6; k++) {
    subsystems[`q${k}`] = 'qubit';
    ham.push({ scale: 1 + 0.1 * k, of: `q${k}.n` });
    channels.push({ operator: `q${k}.sigma_minus`, rate: k === 0 ? rate : 0.2 }, { operator: `q${k}.sigma_plus`, rate: 0.05 });
    if (k > 0) ham.push({ scale: 0.3, of: { sum: [{ product: [`q${k - 1}.sigma_plus`, `q${k}.sigma_minus`] }, { product: [`q${k - 1}.sigma_minus`, `q${k}.sigma_plus`] }] } });
  }
  return JSON.stringify({ subsystems, hamiltonian: { sum: ham }, channels }, null, 1);
}

before(async () => {
  const problem = chromiumProblem();
  if (problem) throw new Error(`model page end-to-end test needs Chromium. ${problem}`);
  await buildExplorer();
  server = await serveStatic(OUT_DIR, { port: 0 });
  browser = await launchChromium({ viewport: { width: 1300, height: 1000 } });
  page = await browser.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Types `text` into the editor (as a paste) and waits for the steady state or the error it produces. */
async function typeModel(p: Page, text: string, expect: 'done' | 'error' = 'done'): Promise<void> {
  const before = await p.getAttribute('#steady-status', 'data-ms');
  await p.fill('#model-text', text);
  await p.waitForFunction(([want, ms]) => {
    const s = document.querySelector<HTMLElement>('#steady-status')!;
    return s.dataset.state === want && (want === 'error' || s.dataset.ms !== ms);
  }, [expect, before] as const, { timeout: 60_000 });
}

const values = async (p: Page) => JSON.parse((await p.getAttribute('#populations-card', 'data-values'))!) as number[];
const cell = async (p: Page, table: string, label: RegExp) => {
  const rows = await p.$$eval(`#${table} tr`, (trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!, tr.querySelector('td')!.dataset.value ?? '']));
  const row = rows.find(([k]) => label.test(k));
  assert.ok(row, `${table}: no row ${label}`);
  return Number(row[1]);
};

test('a typed model shows the numbers of `lindblad steady --json` and the engine', async () => {
  await page.goto(server.url + '#model');
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  await typeModel(page, TWO_QUBITS);
  const path = join(dir, 'two.json');
  writeFileSync(path, TWO_QUBITS);
  const cli = await runCaptured(['steady', path, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const ref = JSON.parse(cli.stdout) as { populations: number[]; certificate: { residual: number; status: string } };
  const pops = await values(page);
  assert.equal(pops.length, 4);
  pops.forEach((p, i) => assert.ok(Math.abs(p - ref.populations[i]) <= 1e-12, `p${i}: page ${p} vs CLI ${ref.populations[i]}`));
  assert.ok((await cell(page, 'certificate-table', /^residual/)) < 1e-12);
  assert.match(await page.textContent('#certificate-table') ?? '', new RegExp(ref.certificate.status));
  const model = parseModelText(TWO_QUBITS);
  const ep = entropyProduction(model, steadyState(model).rho);
  for (const bath of ['hot', 'cold']) {
    const q = await cell(page, 'heat-table', new RegExp(`^Q̇ ${bath}`));
    assert.ok(Math.abs(q - ep.heatCurrents[bath]) <= 1e-12 * Math.max(1, Math.abs(ep.heatCurrents[bath])), `Q̇ ${bath}: page ${q} vs engine ${ep.heatCurrents[bath]}`);
  }
  assert.ok(ep.heatCurrents.hot > 0 && ep.heatCurrents.cold < 0, 'heat flows from the hot bath to the cold one');
  const sdot = await cell(page, 'heat-table', /^Ṡ/);
  assert.ok(Math.abs(sdot - ep.rate) <= 1e-12 && sdot > 0, `Ṡ = ${sdot} (engine ${ep.rate}), second law`);
  // each current and Ṡ with its error bound, as `lindblad steady` states them
  const heatText = await page.textContent('#heat-table') ?? '';
  assert.equal((heatText.match(/ ± \d/g) ?? []).length, 3, heatText);
  assert.equal(await page.locator('#pairs-table tbody tr').count(), 1);
  assert.deepEqual(errors, []);
});

test('a truncated Fock mode: the certificate table shows its top-level population (⚠ above 1e-6) and status truncated, as the CLI; so does the evolution\'s status line', async () => {
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  const text = JSON.stringify({ subsystems: { c: { kind: 'fock', cutoff: 3 } }, hamiltonian: 'c.n', channels: [{ operator: 'c.a', rate: 1.5 }, { operator: 'c.a_dag', rate: 0.5 }], initialState: { levels: { c: 0 } } });
  await typeModel(page, text);
  const path = join(dir, 'fock.json');
  writeFileSync(path, text);
  const cli = await runCaptured(['steady', path, '--json']);
  const ref = JSON.parse(cli.stdout) as { certificate: { status: string; truncation: Array<{ mode: string; topPopulation: number }> } };
  assert.equal(ref.certificate.status, 'truncated');
  const top = await cell(page, 'certificate-table', /^top level \|3⟩ of c/);
  assert.ok(Math.abs(top - ref.certificate.truncation[0].topPopulation) <= 1e-15, `page ${top} vs CLI ${ref.certificate.truncation[0].topPopulation}`);
  // x = 1/3: p_top = x³(1 − x)/(1 − x⁴) = 1/40
  assert.ok(Math.abs(top - 1 / 40) <= 1e-12, `${top} vs 1/40`);
  const table = await page.textContent('#certificate-table') ?? '';
  assert.match(table, /truncated/);
  assert.match(table, /⚠ truncated: raise the cutoff/);
  // the evolution from the vacuum over t ≤ 20 (201 times, as the page): the top level's largest population, as `lindblad evolve`
  await page.fill('#evo-tmax', '20');
  await page.click('#evo-run');
  await page.waitForFunction(() => /times ·/.test(document.querySelector('#evo-status')!.textContent!), null, { timeout: 60_000 });
  const status = await page.textContent('#evo-status') ?? '';
  const evo = JSON.parse((await runCaptured(['evolve', path, '--t-max', '20', '--steps', '201', '--json'])).stdout) as { stats: { method: string; truncation: Array<{ topPopulation: number }> } };
  const shown = /top level \|3⟩ of c up to ([0-9.e×⁻⁰¹²³⁴⁵⁶⁷⁸⁹-]+) ⚠ truncated: raise the cutoff/.exec(status);
  assert.ok(shown, status);
  assert.ok(Math.abs(Number(shown[1]) - evo.stats.truncation[0].topPopulation) <= 1e-3 * evo.stats.truncation[0].topPopulation, `page ${shown[1]} vs CLI ${evo.stats.truncation[0].topPopulation}`);
  assert.match(status, new RegExp(`^201 times · \\d+ ms · ${evo.stats.method}`));
});

test('the parser\'s message is shown at the line of the offending field', async () => {
  const bad = TWO_QUBITS.replace('"rate": 0.3', '"rate": -0.3');
  await typeModel(page, bad, 'error');
  const line = bad.split('\n').findIndex((l) => l.includes('-0.3')) + 1;
  const msg = await page.textContent('#model-error') ?? '';
  assert.match(msg, /channels\[2\]\.rate/);
  assert.equal(await page.getAttribute('#model-error', 'data-line'), String(line), msg);
  assert.equal(await page.textContent('.gutter .bad'), String(line));
  await typeModel(page, TWO_QUBITS.replace('"beta": 3', '"beta": 3,,'), 'error');
  assert.match(await page.textContent('#model-error') ?? '', /line \d+, column \d+ — .*JSON/);
});

test('the URL holds the model: a fresh page restores text and numbers', async () => {
  await typeModel(page, TWO_QUBITS);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#steady-status')!.dataset.saved === 'true');
  assert.ok(decodeURIComponent(new URL(page.url()).hash).length < TWO_QUBITS.length, 'the address holds the text compressed');
  const url = page.url(), pops = await values(page);
  console.log(`# model URL: ${url.length} characters for a ${TWO_QUBITS.length}-character model`);
  const other = await browser.context.newPage();
  await other.goto(url);
  await other.waitForSelector('body[data-ready]', { timeout: 60_000 });
  assert.equal(await other.inputValue('#model-text'), TWO_QUBITS);
  assert.deepEqual(await values(other), pops);
  await other.close();
});

// Issue 19: a dimension-64 model shown ≤ 1 s after a valid edit. The page warms its solver's worker while
// idle (warm-up.ts; a fresh worker needed several solves before V8 had optimised the engine's kernels) and
// keeps it; the solve itself then costs ~80 ms of the worker thread's CPU. On a busy machine the wall times
// are mostly run-queue waits (printed from /proc), so the guards are relative to Node's same call measured
// between the edits (after the same warm-up) plus an absolute bound; the 1 s target is printed and checked
// when this machine is quiet enough for Node's solve to take < 100 ms.
test('a dimension-64 model is shown ≤ 1 s after a valid edit once the page has warmed its solver', async () => {
  await page.waitForFunction(() => (document.querySelector<HTMLElement>('#steady-status')!.dataset.warm ?? '').startsWith('{'), null, { timeout: 120_000 });
  const warm = await page.getAttribute('#steady-status', 'data-warm');
  for (const text of warmUpTexts()) modelSteady(text); // Node gets the page's warm-up too
  const rows: Array<{ shown: number; phases: Record<string, number>; node: number; cpu: string }> = [];
  for (const rate of [0.2, 0.25, 0.3]) {
    const n0 = performance.now();
    modelSteady(sixQubits(rate + 0.001)); // Node: the same function on the same model
    const node = performance.now() - n0;
    const c0 = rendererThreads();
    await typeModel(page, sixQubits(rate));
    const c1 = rendererThreads();
    const phases = JSON.parse((await page.getAttribute('#steady-status', 'data-phases'))!) as Record<string, number>;
    const cpu = c0 && c1 ? `worker thread ${Math.round(c1.cpu - c0.cpu)} ms CPU, ${Math.round(c1.wait - c0.wait)} ms waiting for a core` : 'no /proc';
    rows.push({ shown: Number(await page.getAttribute('#steady-status', 'data-ms')), phases, node, cpu });
  }
  assert.match(await page.textContent('#steady-status') ?? '', /dimension 64/);
  const r = (x: number) => Math.round(x);
  console.log(`# dimension 64 after the page's warm-up (${warm}), three edits:`);
  for (const x of rows) {
    const p = x.phases;
    console.log(`#   shown ${r(x.shown)} ms after the edit = wait ${r(p.wait)} + worker ${r(p.worker)} (solve ${r(p.solve)}: parse ${r(p.parse)}, steadyState ${r(p.steady)}, measures ${r(p.measures)}) + draw ${r(p.draw)}; ${x.cpu}; Node's same call ${r(x.node)} ms`);
  }
  const best = Math.min(...rows.map((x) => x.shown)), solve = Math.min(...rows.map((x) => x.phases.solve)), node = Math.min(...rows.map((x) => x.node));
  console.log(`# best: shown ${r(best)} ms (issue target 1000), page solve ${r(solve)} ms vs Node ${r(node)} ms`);
  // Warm, Chromium's worker spends ~1.8× Node's CPU on this solve, and a CI machine adds run-queue waits (a
  // CI run measured 131 ms against Node's 40 ms); before the warm-up the gap was 5×: guard at 4× + 100 ms.
  assert.ok(solve <= 4 * node + 100, `the worker's solve (${r(solve)} ms) is over four times Node's same call (${r(node)} ms) + 100 ms`);
  assert.ok(rows.every((x) => x.shown <= 3000), `edit to steady state: ${rows.map((x) => r(x.shown))} ms`);
  if (node < 100) assert.ok(best <= 1000, `quiet machine (Node solve ${r(node)} ms) yet the page showed the result ${r(best)} ms after the edit`);
});

test('gallery: three emitters solve on the page; the Otto engine has no steady state but a periodic one with η = 1 − ω_c/ω_h', async () => {
  await page.selectOption('#gallery', 'three-emitters');
  await page.waitForFunction(() => /dimension 40/.test(document.querySelector('#steady-status')!.textContent!), null, { timeout: 60_000 });
  assert.equal(await page.locator('#pairs-table tbody tr').count(), 6, 'every pair of q1, q2, q3, cav');
  await page.selectOption('#gallery', 'otto');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#steady-status')!.dataset.state === 'error', null, { timeout: 60_000 });
  assert.match(await page.textContent('#model-error') ?? '', /time-dependent model .* no steady state/);
  await page.click('#periodic-run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector<HTMLElement>('#periodic-status')!.dataset.state ?? ''), null, { timeout: 120_000 });
  assert.equal(await page.getAttribute('#periodic-status', 'data-state'), 'done', await page.textContent('#periodic-status') ?? '');
  assert.equal(await page.inputValue('#periodic-period'), '22', 'the period declared by the tables');
  const eta = await cell(page, 'periodic-table', /^efficiency/);
  console.log(`# Otto on the page: ${await page.textContent('#periodic-status')}; η = ${eta}`);
  assert.ok(Math.abs(eta - 0.5) < 1e-8, `η = ${eta}`);
  assert.equal(await page.locator('#periodic-chart svg').count(), 1, 'ρ*(t) drawn');
  assert.deepEqual(errors, []);
});

test('no main-thread task over 100 ms during a 2-D scan (quiet machine; bound scaled by the load per core)', async () => {
  await typeModel(page, TWO_QUBITS);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  await page.selectOption('#scan-x', 'r0');
  await page.selectOption('#scan-y', 'h');
  await page.fill('#scan-points', '15');
  await page.click('#scan-run');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#scan-status')!.dataset.state === 'done', null, { timeout: 120_000 });
  await page.waitForTimeout(200);
  const long = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  // A task's duration is wall time: on a machine with more runnable threads than cores it stretches while
  // the page's thread waits for a core. The 100 ms holds on a quiet machine (load ≤ cores); above
  // that the bound grows with the load per core, up to 400 ms.
  const perCore = loadavg()[0] / availableParallelism(), limit = perCore <= 1 ? 100 : Math.min(400, 100 * perCore);
  console.log(`# 2-D scan 15 × 15: ${await page.textContent('#scan-status')}; main-thread tasks over 50 ms: [${long.map(Math.round).join(', ')}] ms; load ${perCore.toFixed(1)} per core → bound ${Math.round(limit)} ms`);
  assert.ok(long.every((d) => d <= limit), `long tasks ${long} (bound ${limit} ms)`);
  assert.equal(await page.locator('#scan-chart svg image').count(), 1, 'heat map drawn');
  assert.deepEqual(errors, []);
});

test('paper page: hover reads the point under the cursor within one pixel; a click pins it', async () => {
  await page.goto(server.url + '?n=41');
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  // The raster spans the cell edges of the 41-point grid on [−10, 10]: [−10.25, 10.25] on both axes.
  const img = (await page.locator('#map-concurrence svg image').boundingBox())!;
  const edge = 10.25, perPx = (2 * edge) / img.width;
  const title = async () => {
    const t = (await page.textContent('#point-title'))!.replace(/−/g, '-');
    const m = /(Hovered|Pinned): β_A = (\S+), β_S = (\S+)/.exec(t)!;
    return { kind: m[1], a: Number(m[2].replace(/,$/, '')), s: Number(m[3]) };
  };
  for (const [fx, fy] of [[0.5, 0.5], [0.2, 0.8], [0.9, 0.15]]) {
    const x = img.x + fx * img.width, y = img.y + fy * img.height;
    const want = { a: -edge + fx * 2 * edge, s: edge - fy * 2 * edge };
    await page.mouse.move(x - 3, y - 3);
    await page.mouse.move(x, y, { steps: 2 });
    await page.waitForFunction((w) => {
      const t = document.querySelector('#point-title')!.textContent!.replace(/−/g, '-');
      const m = /Hovered: β_A = (\S+), β_S = (\S+)/.exec(t);
      // Within the assertion's own tolerance: 0.2 (3 px) also accepted the readout of the first move, 3 px away.
      return m !== null && Math.abs(Number(m[1].replace(/,$/, '')) - w.a) <= w.tol && Math.abs(Number(m[2]) - w.s) <= w.tol;
    }, { ...want, tol: perPx }, { timeout: 10_000 }).catch(() => {});
    const got = await title();
    assert.equal(got.kind, 'Hovered');
    assert.ok(Math.abs(got.a - want.a) <= perPx && Math.abs(got.s - want.s) <= perPx, `cursor at (${want.a.toFixed(3)}, ${want.s.toFixed(3)}) read (${got.a}, ${got.s}); 1 px = ${perPx.toFixed(4)}`);
  }
  const x = img.x + 0.25 * img.width, y = img.y + 0.25 * img.height;
  // A redraw of the hovered marker between press and release replaces the pressed element, and Chromium then
  // fires no 'click' (seen in CI under load: pointerdown, pointerover, pointerup; the readout stayed "Hovered").
  // The page pins on the host's press and release instead; this presses, redraws, releases.
  await page.mouse.move(x, y);
  await page.waitForFunction(() => /^Hovered: β_A = −5\.1/.test(document.querySelector('#point-title')!.textContent!), null, { timeout: 60_000 });
  await page.mouse.down();
  // The same redraw, made certain: a pointer move at the pressed place (as a layout change sends) redraws the marker.
  await page.evaluate(([cx, cy]) => {
    document.querySelector('#map-concurrence')!.dispatchEvent(new PointerEvent('pointermove', { clientX: cx, clientY: cy, bubbles: true }));
    return new Promise((r) => setTimeout(r, 300));
  }, [x, y]);
  await page.mouse.up();
  await page.waitForFunction(() => /^Pinned/.test(document.querySelector('#point-title')!.textContent!), null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const pinned = await title();
  assert.equal(pinned.kind, 'Pinned', 'the readout stays on the pinned point after the click');
  assert.ok(Math.abs(pinned.a - (-edge / 2)) <= perPx && Math.abs(pinned.s - edge / 2) <= perPx, `pinned (${pinned.a}, ${pinned.s})`);
});

test('at 390 px width neither page overflows horizontally', async () => {
  const phone = await launchChromium({ viewport: { width: 390, height: 844 } });
  try {
    const p = await phone.context.newPage();
    for (const where of ['?n=41', '#model']) {
      await p.goto(server.url + where);
      await p.waitForSelector('body[data-ready]', { timeout: 60_000 });
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${where}: page is ${width} px wide at a 390 px viewport`);
    }
  } finally { await phone.close(); }
});

test('web-dist/index.html opened from file:// says why nothing runs and how to serve it', async () => {
  const p = await browser.context.newPage();
  await p.goto('file://' + join(OUT_DIR, 'index.html'));
  await p.waitForSelector('#file-protocol', { state: 'visible', timeout: 10_000 });
  assert.match((await p.textContent('#file-protocol'))!.replace(/\s+/g, ' '), /module scripts or Web Workers .* npm run explore/);
  await p.close();
});
