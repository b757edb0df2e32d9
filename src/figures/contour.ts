/**
 * Iso-lines of a function sampled on a regular (rectilinear) grid, by marching squares.
 *
 * Each grid vertex is classified as "high" (z ≥ level) or "low". A cell edge whose two ends differ
 * in class carries one crossing point, placed by linear interpolation of z along the edge. A cell
 * with two crossings gets one segment joining them. A cell with four (a saddle: diagonal corners
 * alike) is ambiguous and is resolved by the cell-centre value, the average of the four corners:
 * the two corners whose class differs from the centre's are each cut off by a segment. Because
 * every crossing lies on an edge shared by at most two cells, the segments form a graph of maximum
 * degree 2 and are chained into polylines: open ones run from boundary to boundary (or to a NaN
 * hole), closed ones repeat their first point at the end.
 *
 * Cells with a non-finite corner are skipped, so lines stop at NaN holes. No physics lives here.
 */

/** A scalar field sampled on a rectilinear grid: z[iy·nx + ix] is the value at (x[ix], y[iy]). */
export interface Grid2D {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

/** A polyline as a list of (x, y) points. Closed loops end with a copy of their first point. */
export type Polyline = Array<[number, number]>;

/** Validates the grid shape and returns (nx, ny). */
export function gridShape(grid: Grid2D): { nx: number; ny: number } {
  const nx = grid.x.length, ny = grid.y.length;
  if (nx < 2 || ny < 2) throw new RangeError(`grid needs at least 2×2 points, got ${nx}×${ny}`);
  if (grid.z.length !== nx * ny) {
    throw new RangeError(`grid z has length ${grid.z.length}, expected nx·ny = ${nx}·${ny} = ${nx * ny}`);
  }
  for (const [name, axis] of [['x', grid.x], ['y', grid.y]] as const) {
    for (let i = 0; i < axis.length; i++) {
      if (!Number.isFinite(axis[i])) throw new RangeError(`grid ${name}[${i}] is not finite`);
    }
  }
  return { nx, ny };
}

/**
 * Contour lines of `grid` at `level`, joined into continuous polylines.
 * Returns [] when the level lies outside the range of z (or only touches it at isolated points).
 */
export function contourLines(grid: Grid2D, level: number): Polyline[] {
  if (!Number.isFinite(level)) throw new RangeError(`contour level must be finite, got ${level}`);
  const { nx, ny } = gridShape(grid);
  const { x, y, z } = grid;

  // Edge ids: horizontal edge (ix,iy)→(ix+1,iy) is iy·(nx−1)+ix; vertical edge (ix,iy)→(ix,iy+1)
  // is nH + iy·nx + ix. Each id stores at most one crossing point and at most two neighbours.
  const nH = (nx - 1) * ny;
  const nEdges = nH + nx * (ny - 1);
  const px = new Float64Array(nEdges);
  const py = new Float64Array(nEdges);
  const hasPoint = new Uint8Array(nEdges);
  const nbr = new Int32Array(2 * nEdges).fill(-1);

  const high = (v: number) => v >= level;
  /** Crossing on the edge between vertices a and b (flat indices), computed once per edge. */
  const crossing = (id: number, a: number, b: number): number => {
    if (!hasPoint[id]) {
      const za = z[a], zb = z[b];
      const t = (level - za) / (zb - za); // za ≠ zb since their classes differ
      const xa = x[a % nx], ya = y[Math.floor(a / nx)];
      const xb = x[b % nx], yb = y[Math.floor(b / nx)];
      px[id] = xa + t * (xb - xa);
      py[id] = ya + t * (yb - ya);
      hasPoint[id] = 1;
    }
    return id;
  };
  const link = (p: number, q: number) => {
    nbr[2 * p + (nbr[2 * p] < 0 ? 0 : 1)] = q;
    nbr[2 * q + (nbr[2 * q] < 0 ? 0 : 1)] = p;
  };

  for (let iy = 0; iy < ny - 1; iy++) {
    for (let ix = 0; ix < nx - 1; ix++) {
      // Corners counter-clockwise: v0 bottom-left, v1 bottom-right, v2 top-right, v3 top-left.
      const v0 = iy * nx + ix, v1 = v0 + 1, v3 = v0 + nx, v2 = v3 + 1;
      const z0 = z[v0], z1 = z[v1], z2 = z[v2], z3 = z[v3];
      if (!(Number.isFinite(z0) && Number.isFinite(z1) && Number.isFinite(z2) && Number.isFinite(z3))) continue;
      const h0 = high(z0), h1 = high(z1), h2 = high(z2), h3 = high(z3);
      if (h0 === h1 && h1 === h2 && h2 === h3) continue;
      // Edges in cyclic order: e0 bottom (v0–v1), e1 right (v1–v2), e2 top (v3–v2), e3 left
      // (v0–v3); corner vk sits between edges e(k−1) and ek.
      const edge = [
        () => crossing(iy * (nx - 1) + ix, v0, v1),
        () => crossing(nH + iy * nx + ix + 1, v1, v2),
        () => crossing((iy + 1) * (nx - 1) + ix, v3, v2),
        () => crossing(nH + iy * nx + ix, v0, v3),
      ];
      const cls = [h0, h1, h2, h3];
      const cut: number[] = []; // edges whose ends differ in class
      for (let k = 0; k < 4; k++) if (cls[k] !== cls[(k + 1) % 4]) cut.push(k);
      if (cut.length === 2) {
        link(edge[cut[0]](), edge[cut[1]]());
      } else {
        // Saddle: cut off the two corners whose class differs from the centre's.
        const centre = high((z0 + z1 + z2 + z3) / 4);
        for (let k = 0; k < 4; k++) if (cls[k] !== centre) link(edge[(k + 3) % 4](), edge[k]());
      }
    }
  }
  return chain(nEdges, px, py, hasPoint, nbr);
}

/** Walks the degree-≤2 segment graph into polylines: open chains first, then closed loops. */
function chain(nEdges: number, px: Float64Array, py: Float64Array, hasPoint: Uint8Array, nbr: Int32Array): Polyline[] {
  const seen = new Uint8Array(nEdges);
  const lines: Polyline[] = [];
  const walk = (start: number, closed: boolean) => {
    const line: Polyline = [];
    let prev = -1, cur = start;
    while (cur >= 0 && !seen[cur]) {
      seen[cur] = 1;
      pushDistinct(line, px[cur], py[cur]);
      const a = nbr[2 * cur], b = nbr[2 * cur + 1];
      const next = a !== prev ? a : b;
      prev = cur;
      cur = next;
    }
    if (closed) line.push([line[0][0], line[0][1]]);
    if (line.length >= 2) lines.push(line);
  };
  for (let id = 0; id < nEdges; id++) {
    if (hasPoint[id] && !seen[id] && (nbr[2 * id] < 0 || nbr[2 * id + 1] < 0)) walk(id, false);
  }
  for (let id = 0; id < nEdges; id++) {
    if (hasPoint[id] && !seen[id]) walk(id, true);
  }
  return lines;
}

/** Appends a point unless it coincides with the previous one (happens when z equals the level at a vertex). */
function pushDistinct(line: Polyline, x: number, y: number): void {
  const last = line[line.length - 1];
  if (!last || last[0] !== x || last[1] !== y) line.push([x, y]);
}
