import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contourLines } from '../../src/figures/contour.ts';
import { binValues, DASH, heatmapSpec, histogramSpec, lineChartSpec } from '../../src/figures/specs.ts';
import { renderSvg, svgToPng, writeFigure } from '../../src/figures/render.ts';
import { PNG_SIGNATURE, readPngSize } from '../../src/figures/png.ts';
import { planLogAxis } from '../../src/figures/theme.ts';

function grid(nx: number, ny: number, uneven = false) {
  const x = Array.from({ length: nx }, (_, i) => -1 + (2 * i) / (nx - 1));
  const y = Array.from({ length: ny }, (_, i) => (uneven ? (i / (ny - 1)) ** 2 : i / (ny - 1)));
  const z = new Float64Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) for (let ix = 0; ix < nx; ix++) z[iy * nx + ix] = x[ix] * x[ix] + y[iy];
  return { x, y, z };
}

const heat = (uneven = false) => {
  const g = grid(30, 20, uneven);
  return heatmapSpec({
    title: '(a) Steady-state concurrence', xLabel: 'β_A', yLabel: 'Coupling g/γ', colorLabel: 'Concurrence C', grid: g,
    overlays: [
      { kind: 'rule', x: 0, y: 0.5, color: '#ffffff', dash: DASH.dashed, halo: '#000000' },
      { kind: 'polyline', points: contourLines(g, 0.8), color: '#ff0000', dash: [4, 2], label: 'C = 0.8' },
    ],
    width: 200, height: 150,
  });
};
const line = () => lineChartSpec({
  title: '(b) Relaxation', xLabel: 'Time γt', yLabel: 'Ṡ', xScale: 'log',
  series: [{ name: 'global', points: [[0.01, 1], [1, 2], [100, 3]] }, { name: 'local', points: [[0.01, 2], [100, 1]], dash: DASH.dashed }],
  annotations: [{ y: 2.5, label: 'bound' }], width: 200, height: 120,
});
const hist = () => histogramSpec({
  title: '(c) Residuals', xLabel: 'log₁₀ residual', values: [1, 2, 2, 3, 3, 3, 4, 4, 5],
  markers: [{ x: 3, label: 'median' }], width: 200, height: 120,
});

test('every spec builder renders (without warnings) to SVG with its title and axis labels', async () => {
  const cases: Array<[object, string[]]> = [
    [heat(), ['(a) Steady-state concurrence', 'β_A', 'Coupling g/γ', 'Concurrence C', 'C = 0.8', '<image']],
    [heat(true), ['(a) Steady-state concurrence', 'β_A', 'Coupling g/γ', 'Concurrence C']],
    [line(), ['(b) Relaxation', 'Time γt', 'Ṡ', 'global', 'local', 'bound', '10⁻²', '10⁰', '10²']],
    [hist(), ['(c) Residuals', 'log₁₀ residual', 'Count', 'median']],
  ];
  for (const [spec, needles] of cases) {
    const svg = await renderSvg(spec as never, { strict: true, onWarning: () => {} });
    assert.ok(svg.startsWith('<svg'), 'SVG document');
    for (const s of needles) assert.ok(svg.includes(s), `SVG lacks "${s}"`);
  }
  // The uneven grid falls back to one rect per cell (30·20 of them, plus the frame).
  const rects = (await renderSvg(heat(true))).match(/<path[^>]*fill="rgb\(/g) ?? [];
  assert.ok(rects.length >= 600, `expected ≥ 600 cell rects, got ${rects.length}`);
});

test('PNG has the signature and the SVG size times the scale', async () => {
  const svg = await renderSvg(line());
  const w = Number(/<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  const h = Number(/<svg[^>]* height="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  for (const scale of [1, 2]) {
    const png = svgToPng(svg, { scale });
    assert.deepEqual([...png.subarray(0, 8)], [...PNG_SIGNATURE]);
    assert.deepEqual(readPngSize(png), { width: Math.ceil(w * scale), height: Math.ceil(h * scale) });
  }
  assert.throws(() => svgToPng(svg, { scale: 0 }), /scale/);
});

test('writeFigure writes SVG and PNG atomically and leaves no temporary files', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lindblad-fig-')), 'nested');
  const out = await writeFigure(dir, 'hist', hist(), { scale: 1, writeSpec: true });
  assert.deepEqual(readdirSync(dir).sort(), ['hist.png', 'hist.svg', 'hist.vl.json']);
  assert.ok(readFileSync(out.svg, 'utf8').includes('(c) Residuals'));
  assert.ok(readPngSize(readFileSync(out.png)).width > 200);
  await writeFigure(dir, 'hist', hist()); // overwrite in place
  assert.deepEqual(readdirSync(dir).sort(), ['hist.png', 'hist.svg', 'hist.vl.json']);
  await assert.rejects(() => writeFigure(dir, '../escape', hist()), /plain file name/);
});

test('an empty labelled contour draws nothing and gets no legend entry', async () => {
  const g = grid(10, 10);
  const spec = heatmapSpec({
    title: 'empty', xLabel: 'x', yLabel: 'y', colorLabel: 'z', grid: g, width: 100, height: 100,
    overlays: [
      { kind: 'polyline', points: contourLines(g, 99), color: '#000', label: 'never there' },
      { kind: 'polyline', points: contourLines(g, 1), color: '#f00', label: 'level one' },
    ],
  });
  const svg = await renderSvg(spec, { strict: true, onWarning: () => {} });
  assert.ok(!svg.includes('never there'));
  assert.ok(svg.includes('level one'));
});

test('spec builders validate their inputs', () => {
  const g = grid(4, 4);
  const base = { title: 't', xLabel: 'x', yLabel: 'y', colorLabel: 'c', width: 100, height: 100 };
  assert.throws(() => heatmapSpec({ ...base, grid: g, colorScheme: 'no-such-scheme' }), /scheme/);
  assert.throws(() => heatmapSpec({ ...base, grid: { x: [0, 0, 1, 2], y: g.y, z: g.z } }), /increasing/);
  assert.throws(() => heatmapSpec({ ...base, grid: g, overlays: [{ kind: 'rule', color: 'red' }] }), /needs x or y/);
  const s = (points: Array<[number, number]>) => ({ ...base, xScale: 'log' as const, series: [{ name: 'a', points }] });
  assert.throws(() => lineChartSpec(s([[0, 1]])), /log axis/);
  assert.throws(() => lineChartSpec(s([[1, NaN]])), /not finite/);
  assert.throws(() => histogramSpec({ ...base, values: [1, NaN] }), /not finite/);
});

test('binning and log-axis planning', () => {
  const b = binValues([0, 1, 2, 3, 4], 4);
  assert.deepEqual(b.edges, [0, 1, 2, 3, 4]);
  assert.deepEqual(b.counts, [1, 1, 1, 2]);
  assert.equal(binValues([2, 2, 2]).counts.reduce((a, c) => a + c, 0), 3);
  const p = planLogAxis(0.02, 300);
  assert.deepEqual(p.domain, [0.01, 1000]);
  assert.deepEqual(p.major, [0.01, 0.1, 1, 10, 100, 1000]);
  assert.equal(p.minor.length, 5 * 8);
  assert.deepEqual(planLogAxis(1e-6, 1e6).major, [1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6]); // every 2nd decade
  assert.equal(planLogAxis(1e-12, 1e12).major.length, 9); // every 3rd decade
  assert.deepEqual(planLogAxis(3, 3).domain, [1, 10]);
});
