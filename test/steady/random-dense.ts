/**
 * Random small dense models for the certificate tests against exact rational answers (exact-rational.ts):
 * H of scale 1e-3 … 1e5 (a quarter of the off-diagonal pairs zero), 1–4 channels with rates 1e-9 … 1e4,
 * whose operators are of one of four kinds — a single |i⟩⟨j| (projector or transition), dense random,
 * a normal near-projector (off-diagonal entries down to 1e-8), or a rotated projector |v⟩⟨v|.
 */
import { SeededRandom } from '../../src/model/random.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { levels, space as makeSpace } from '../../src/model/space.ts';
import type { DenseModel } from './exact-rational.ts';

export type Entry = [number, number];
export const KINDS = ['projector', 'dense', 'near-projector', 'rotated'] as const;

/** A random model of `kind` on n levels (module comment). */
export function randomDenseModel(rng: SeededRandom, n: number, kind: typeof KINDS[number]): DenseModel {
  const u = () => rng.uniform();
  const zeros = (): Entry[][] => Array.from({ length: n }, () => Array.from({ length: n }, () => [0, 0] as Entry));
  const h = zeros(), hs = 10 ** (-3 + 8 * u());
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    if (u() < 0.25 && i !== j) continue;
    const re = (u() - 0.5) * hs, im = i === j ? 0 : (u() - 0.5) * hs;
    h[i][j] = [re, im];
    h[j][i] = [re, -im];
  }
  const channels = [];
  for (let c = 1 + Math.floor(u() * 4); c > 0; c--) {
    const o = zeros();
    if (kind === 'projector') o[Math.floor(u() * n)][Math.floor(u() * n)] = [1, 0];
    else if (kind === 'dense') { for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (u() < 0.5) o[i][j] = [u() - 0.5, u() - 0.5]; }
    else if (kind === 'near-projector') {
      const k = Math.floor(u() * n), eps = 10 ** (-8 * u());
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
        if (i === j) { o[i][i] = [i === k ? 1 + u() : u() < 0.5 ? eps * u() : 0, 0]; continue; }
        if (u() < 0.6) { const re = eps * (u() - 0.5), im = eps * (u() - 0.5); o[i][j] = [re, im]; o[j][i] = [re, -im]; }
      }
    } else { // |v⟩⟨v| for a random unit v
      const v = Array.from({ length: n }, () => [u() - 0.5, u() - 0.5]), norm = Math.hypot(...v.flat());
      for (const z of v) { z[0] /= norm; z[1] /= norm; }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) o[i][j] = [v[i][0] * v[j][0] + v[i][1] * v[j][1], v[i][1] * v[j][0] - v[i][0] * v[j][1]];
    }
    channels.push({ operator: o, rate: 10 ** (-9 + 13 * u()) });
  }
  return { n, hamiltonian: h, channels };
}

/** The LindbladModel of the data (one subsystem of n levels). */
export function modelOf(data: DenseModel): LindbladModel {
  const sp = makeSpace({ q: levels(data.n) });
  return lindbladModel(sp, {
    hamiltonian: fromMatrix(sp, DenseMatrix.fromRows(data.hamiltonian as Entry[][])),
    channels: data.channels.map((c) => ({ operator: fromMatrix(sp, DenseMatrix.fromRows(c.operator as Entry[][])), rate: c.rate })),
  });
}
