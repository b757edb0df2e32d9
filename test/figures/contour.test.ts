import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourLines, type Grid2D } from '../../src/figures/contour.ts';

/** Samples f on an n×n grid over [a, b]². */
function sample(n: number, a: number, b: number, f: (x: number, y: number) => number): Grid2D {
  const x = Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const y = x.slice();
  const z = new Float64Array(n * n);
  for (let iy = 0; iy < n; iy++) for (let ix = 0; ix < n; ix++) z[iy * n + ix] = f(x[ix], y[iy]);
  return { x, y, z };
}

const isClosed = (l: Array<[number, number]>) => l.length > 3 && l[0][0] === l[l.length - 1][0] && l[0][1] === l[l.length - 1][1];

test('circle: z = x² + y² at r² gives one closed loop within a grid step of the circle', () => {
  const n = 101, r = 0.7;
  const g = sample(n, -1, 1, (x, y) => x * x + y * y);
  const h = 2 / (n - 1);
  const lines = contourLines(g, r * r);
  assert.equal(lines.length, 1);
  const loop = lines[0];
  assert.ok(isClosed(loop), 'loop must end where it starts');
  assert.ok(loop.length > 100, `expected many points, got ${loop.length}`);
  for (const [x, y] of loop) assert.ok(Math.abs(Math.hypot(x, y) - r) < h, `point (${x}, ${y}) off the circle`);
  // It goes all the way round: the signed area equals πr² to grid accuracy.
  let area = 0;
  for (let i = 0; i + 1 < loop.length; i++) area += loop[i][0] * loop[i + 1][1] - loop[i + 1][0] * loop[i][1];
  assert.ok(Math.abs(Math.abs(area / 2) - Math.PI * r * r) < 4 * h * r, `area ${Math.abs(area / 2)}`);
});

test('a plane gives one straight open line from boundary to boundary', () => {
  const g = sample(21, 0, 1, (x, y) => x + 2 * y);
  const lines = contourLines(g, 1);
  assert.equal(lines.length, 1);
  const l = lines[0];
  assert.ok(!isClosed(l));
  for (const [x, y] of l) assert.ok(Math.abs(x + 2 * y - 1) < 1e-12);
  const ends = [l[0], l[l.length - 1]].map(([x, y]) => [x, y].some((c) => Math.abs(c) < 1e-12 || Math.abs(c - 1) < 1e-12));
  assert.deepEqual(ends, [true, true]);
});

test('saddle cell is resolved by the centre average', () => {
  // One cell, diagonal corners high (v0 = (0,0), v2 = (1,1)) and low (v1, v3); level 0.
  const grid = (centreHigh: boolean): Grid2D => {
    const hi = centreHigh ? 2 : 1, lo = centreHigh ? -1 : -2;
    return { x: [0, 1], y: [0, 1], z: Float64Array.from([hi, lo, lo, hi]) };
  };
  // Centre high: the high corners are connected, so the two low corners v1 = (1,0), v3 = (0,1) are cut off.
  const a = contourLines(grid(true), 0);
  assert.equal(a.length, 2);
  const cornerNear = (l: Array<[number, number]>) => {
    const mx = (l[0][0] + l[1][0]) / 2, my = (l[0][1] + l[1][1]) / 2;
    return `${Math.round(mx)},${Math.round(my)}`;
  };
  assert.deepEqual(a.map(cornerNear).sort(), ['0,1', '1,0']);
  // Centre low: the low corners are connected, so the high corners (0,0) and (1,1) are cut off.
  const b = contourLines(grid(false), 0);
  assert.equal(b.length, 2);
  assert.deepEqual(b.map(cornerNear).sort(), ['0,0', '1,1']);
  // Crossings are linearly interpolated on the edges: |lo|/(hi+|lo|) along each edge.
  for (const l of a) for (const [x, y] of l) assert.ok([x, y].some((c) => Math.abs(c - 2 / 3) < 1e-12 || Math.abs(c - 1 / 3) < 1e-12));
});

test('a level outside the range of z gives no lines', () => {
  const g = sample(11, -1, 1, (x, y) => x * x + y * y);
  assert.deepEqual(contourLines(g, 5), []);
  assert.deepEqual(contourLines(g, -0.1), []);
});

test('points lie on grid edges whose ends straddle the level, and lines never double back', () => {
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  for (let trial = 0; trial < 30; trial++) {
    const nx = 3 + Math.floor(rand() * 12), ny = 3 + Math.floor(rand() * 12);
    const x = Array.from({ length: nx }, (_, i) => i + 0.3 * rand());
    const y = Array.from({ length: ny }, (_, i) => 2 * i);
    const z = Float64Array.from({ length: nx * ny }, () => rand() - 0.5);
    const level = 0.2 * (rand() - 0.5);
    const at = (ix: number, iy: number) => z[iy * nx + ix];
    let points = 0;
    for (const line of contourLines({ x, y, z }, level)) {
      for (let k = 0; k < line.length; k++) {
        const [px, py] = line[k];
        const ix = x.indexOf(px), iy = y.indexOf(py);
        let ok = false;
        if (ix >= 0) { // on a vertical edge
          const j = Math.min(ny - 2, Math.floor(py / 2));
          ok = (at(ix, j) >= level) !== (at(ix, j + 1) >= level);
        }
        if (!ok && iy >= 0) { // on a horizontal edge
          const i = x.findIndex((xv, q) => q + 1 < nx && xv <= px && px <= x[q + 1]);
          ok = i >= 0 && (at(i, iy) >= level) !== (at(i + 1, iy) >= level);
        }
        assert.ok(ok, `trial ${trial}: point (${px}, ${py}) is not on a crossing edge`);
        if (k >= 2) assert.notDeepEqual(line[k], line[k - 2], `trial ${trial}: line doubles back`);
        points++;
      }
    }
    assert.ok(points > 0 || Math.min(...z) > level || Math.max(...z) < level);
  }
});

test('cells with a NaN corner are skipped; shape errors are reported', () => {
  const g = sample(21, -1, 1, (x, y) => (Math.abs(x) < 0.15 && Math.abs(y) < 0.15 ? NaN : x));
  const lines = contourLines(g, 0.01);
  assert.equal(lines.length, 2, 'the vertical line is cut by the hole');
  for (const l of lines) for (const [x] of l) assert.ok(Math.abs(x - 0.01) < 1e-12);
  assert.throws(() => contourLines({ x: [0, 1], y: [0, 1], z: new Float64Array(3) }, 0), /length/);
  assert.throws(() => contourLines({ x: [0], y: [0, 1], z: new Float64Array(2) }, 0), /2×2/);
  assert.throws(() => contourLines(g, NaN), /finite/);
});
