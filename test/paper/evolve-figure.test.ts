import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cavityDynamicsData, writeCavityDynamicsFigure } from '../../src/paper/dynamics-figures.ts';
import { readPngSize } from '../../src/figures/figures.ts';

test('cavity dynamics figure: data start in G, end at the steady state; SVG, PNG and CSV are written', async () => {
  const d = cavityDynamicsData({ points: 41 });
  assert.deepEqual(d.columns, ['t', 'G', 'S', 'A', 'E', 'concurrence', 'photons']);
  assert.ok(d.rows[0][1] > 0.99 && d.rows[0][5] === 0, 'starts (almost) in |G⟩ with no entanglement');
  const last = d.rows[d.rows.length - 1];
  assert.ok(Math.abs(last[5] - d.steadyConcurrence) < 1e-8, `C(10⁴/g) = ${last[5]} vs ${d.steadyConcurrence}`);
  assert.ok(d.steadyConcurrence > 0.38 && d.steadyConcurrence < 0.39, 'the best point of Fig. 2(c): C ≈ 0.387');
  const dir = mkdtempSync(join(tmpdir(), 'lindblad-dynfig-'));
  const paths = await writeCavityDynamicsFigure(dir, { points: 41 });
  assert.match(readFileSync(paths.svg, 'utf8'), /concurrence C/);
  assert.ok(statSync(paths.png).size > 10_000);
  assert.ok(readPngSize(readFileSync(paths.png)).width > 800);
  assert.equal(readFileSync(paths.csv, 'utf8').trim().split('\n').length, 42);
});
