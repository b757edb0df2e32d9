/**
 * The certificate's error bound against an exact answer when the system's entries cancel: unital models —
 * a Hamiltonian plus pure-dephasing channels γ_c |k⟩⟨k| (several on the same level, rates over 13 decades)
 * — have the steady state ρ = I/n exactly (L(I) = 0, and it is unique when H connects every level). A
 * population's dephasing entry is γ − ½γ − ½γ = 0 in exact arithmetic; assembled with rounded partial sums
 * it became a spurious rate ~1e-16·max γ, which against transfer rates ~|H|²/γ moved the populations by up
 * to 8e-7 while the certificate said 'unique' with errorBound ~1e-15 (found by comparing 800 random models
 * with exact rational solutions). Both the one-off route and the prepared (sweep) route are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { steadyState, prepareSteadyState } from '../../src/steady/steady.ts';
import { space, levels } from '../../src/model/space.ts';
import { fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel, type LindbladModel } from '../../src/model/model.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';
import { SeededRandom } from '../../src/model/random.ts';
import type { SteadyStateResult } from '../../src/steady/result.ts';

/** A Hermitian H with every off-diagonal entry non-zero (of scale `scale`) and dephasing channels. */
function unitalModel(rng: SeededRandom, n: number): LindbladModel {
  const sp = space({ q: levels(n) });
  const scale = 10 ** (-3 + 4 * rng.uniform());
  const h: Array<Array<[number, number]>> = Array.from({ length: n }, () => Array.from({ length: n }, () => [0, 0] as [number, number]));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    const re = (rng.uniform() - 0.5) * scale + (i === j ? 0 : 0.1 * scale), im = i === j ? 0 : (rng.uniform() - 0.5) * scale;
    h[i][j] = [re, im];
    h[j][i] = [re, -im];
  }
  const channels = [];
  const count = n + 1 + Math.floor(rng.uniform() * 3);
  for (let c = 0; c < count; c++) {
    const k = c < n ? c : Math.floor(rng.uniform() * n); // every level dephased, some twice
    const p = DenseMatrix.zeros(n, n);
    p.data[2 * (k * n + k)] = 1;
    channels.push({ operator: fromMatrix(sp, p), rate: 10 ** (-9 + 13 * rng.uniform()) });
  }
  return lindbladModel(sp, { hamiltonian: fromMatrix(sp, DenseMatrix.fromRows(h)), channels });
}

/**
 * A Hermitian H and Hermitian near-projector jump operators o = (1 + r)|k⟩⟨k| + ε(|k⟩⟨p| + |p⟩⟨k|) + …, ε
 * from 1e-8 to 1: o is normal, so Σ γ(o o† − o†o) = 0 and ρ = I/n exactly; a population's diagonal entry
 * |o_kk|² − Σ_p |o_pk|² = −Σ_{p≠k} |o_pk|² cancels within one term.
 */
function nearProjectorModel(rng: SeededRandom, n: number): LindbladModel {
  const sp = space({ q: levels(n) });
  const scale = 10 ** (-3 + 3 * rng.uniform());
  const hermitian = (diag: (i: number) => number, off: () => number): DenseMatrix => {
    const m: Array<Array<[number, number]>> = Array.from({ length: n }, () => Array.from({ length: n }, () => [0, 0] as [number, number]));
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
      if (i === j) { m[i][i] = [diag(i), 0]; continue; }
      const re = off(), im = off();
      m[i][j] = [re, im];
      m[j][i] = [re, -im];
    }
    return DenseMatrix.fromRows(m);
  };
  const h = hermitian(() => (rng.uniform() - 0.5) * scale, () => (0.1 + rng.uniform()) * scale);
  const channels = [];
  for (let c = 0; c < n; c++) {
    const eps = 10 ** (-8 * rng.uniform());
    const o = hermitian((i) => (i === c ? 1 + rng.uniform() : rng.uniform() < 0.5 ? eps * rng.uniform() : 0), () => (rng.uniform() < 0.6 ? eps * (rng.uniform() - 0.5) : 0));
    channels.push({ operator: fromMatrix(sp, o), rate: 10 ** (-6 + 10 * rng.uniform()) });
  }
  return lindbladModel(sp, { hamiltonian: fromMatrix(sp, h), channels });
}

/** max |ρ − I/n| over the real parameters of ρ. */
function distanceFromMixed(r: SteadyStateResult, n: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    d = Math.max(d, Math.abs(r.rho.re(i, j) - (i === j ? 1 / n : 0)), Math.abs(r.rho.im(i, j)));
  }
  return d;
}

function checkVouched(r: SteadyStateResult, n: number, what: string): void {
  const c = r.certificate, d = distanceFromMixed(r, n);
  if (c.status === 'not-unique') return; // refusing to vouch is allowed; vouching wrongly is not
  const bound = c.conditioning?.errorBound;
  assert.ok(bound !== undefined, `${what}: a direct solve reports its error bound`);
  // the bound is a first-order estimate: allow a factor 4 for second-order effects and the final normalisation
  assert.ok(d <= 4 * bound + 1e-16, `${what}: |ρ − I/n| = ${d.toExponential(2)} but the certificate vouches for ${bound.toExponential(2)} (status ${c.status}, ${c.solver})`);
}

/** 120 models of a family (n = 2, 3, 4 in turn): ρ = I/n within the certified bound on both routes; most vouched for. */
function checkFamily(seed: number, build: (rng: SeededRandom, n: number) => LindbladModel): void {
  const rng = new SeededRandom(seed);
  let vouched = 0;
  for (let t = 0; t < 120; t++) {
    const n = 2 + (t % 3);
    const model = build(rng, n);
    let one: SteadyStateResult;
    try {
      one = steadyState(model);
    } catch (e) {
      assert.equal((e as { code?: string }).code, 'not-unique', `model ${t}: ${(e as Error).message}`);
      continue;
    }
    checkVouched(one, n, `model ${t} (n = ${n}), one-off`);
    checkVouched(prepareSteadyState(model).solve(), n, `model ${t} (n = ${n}), prepared`);
    if (one.certificate.status === 'unique') vouched++;
  }
  assert.ok(vouched >= 60, `most of these models are well-conditioned enough to be vouched for (${vouched} of 120)`);
}

test('unital models (H + dephasing, rates over 13 decades): ρ = I/n within the certified bound, one-off and prepared', () => {
  checkFamily(20261204, unitalModel);
});

test('normal near-projector jump operators (cancellation within one term): ρ = I/n within the certified bound', () => {
  checkFamily(4122026, nearProjectorModel);
});

test('two dephasing channels on one level at 6.6 and 1e-8 (a weakly driven qubit): populations exactly 1/2', () => {
  const sp = space({ q: levels(2) });
  const h = DenseMatrix.fromRows([[[7.238318069909762e-4, 0], [-4.070318576184935e-4, -7.484885293862856e-4]], [[-4.070318576184935e-4, 7.484885293862856e-4], [-3.270896817707089e-4, 0]]]);
  const p0 = DenseMatrix.fromRows([[1, 0], [0, 0]]), p1 = DenseMatrix.fromRows([[0, 0], [0, 1]]);
  const model = lindbladModel(sp, {
    hamiltonian: fromMatrix(sp, h),
    channels: [1.0153074533393626e-8, 0.030243579594395737, 6.6286865352149364].map((rate) => ({ operator: fromMatrix(sp, p0), rate }))
      .concat([{ operator: fromMatrix(sp, p1), rate: 0.006153686812944616 }]),
  });
  const r = steadyState(model);
  assert.equal(r.certificate.status, 'unique');
  // before: populations 0.5 ± 5.1e-10 with errorBound 1.6e-15
  assert.ok(distanceFromMixed(r, 2) <= 1e-15, `|ρ − I/2| = ${distanceFromMixed(r, 2)}`);
});
