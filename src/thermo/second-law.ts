/**
 * Whether a model obeys the second law by construction. Spohn's inequality (J. Math. Phys. 19, 1227
 * (1978)): if the semigroup of a bath's dissipator D_i = Σ_{k∈i} γ_k D[o_k] keeps the faithful state σ_i,
 * then −Tr[D_i(ρ)(ln ρ − ln σ_i)] ≥ 0 for every ρ. With σ_i = e^{−β_i H0}/Z (the Gibbs state of the bare
 * energy at the bath's β, in units of 1/ω_ref) and the sum over baths in a steady state (where Tr[−i[H, ρ] ln ρ] = 0), this is
 *
 *     Ṡ = −Σ_i β_i Q̇_i ≥ 0,    Q̇_i = Tr[H0 D_i(ρ)]   (k_B = 1; β in units of 1/ω_ref as in heat.ts),
 *
 * for every model whose baths keep their Gibbs states: D_i(σ_i) = 0 (local detailed balance — reverse
 * channel pairs of H0's eigenoperators with γ↑/γ↓ = e^{−βω} — is the usual way to get it). A model that
 * assigns rates freely (a decay in a hot bath and a pump in a cold one at rates unrelated to their β's)
 * can show Ṡ < 0: its Ṡ is then the formula's value, not a thermodynamic entropy production.
 * β = ±∞: σ is the normalised projector on H0's lowest (highest) eigenspace, the limit of the Gibbs state.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { eigvalsh, hermitianFunction } from '../linalg/eigh.ts';
import type { LindbladModel } from '../model/model.ts';
import { checkModel } from '../model/check-model.ts';
import { check } from '../errors.ts';

export interface SecondLaw {
  /**
   * true: every bath's dissipator keeps its Gibbs state of H0, so Ṡ ≥ 0 in every steady state; false: some
   * bath's does not (named in `reason`), so Ṡ may be negative; null: not decided (a bath without a
   * temperature exchanges energy, or H0 too large for the dense check).
   */
  guaranteed: boolean | null;
  reason: string;
  /** Per thermal bath with active channels: ‖D_i(σ_i)‖_max over its scale Σ_k γ_k‖o_k†o_k‖_∞. */
  defects: Record<string, number>;
}

/** Relative size of ‖D_i(σ_i)‖ below which a bath keeps its Gibbs state (rounding of the eigenbasis and the products). */
export const GIBBS_TOLERANCE = 1e-9;

/**
 * Decides whether `model` keeps Ṡ ≥ 0 by construction (module comment): D_i(e^{−β_i H0}/Z) = 0 for every
 * thermal bath i, checked densely (an eigendecomposition of H0, O(n³); up to `maxDim`, default 512).
 */
export function secondLawGuarantee(model: LindbladModel, maxDim = 512): SecondLaw {
  checkModel(model);
  check(Number.isInteger(maxDim) && maxDim >= 1, 'maxDim', `expected a positive integer, got ${maxDim}`);
  const active = model.activeChannels(), defects: Record<string, number> = {};
  const baths = [...new Set(active.map((c) => c.bath))];
  const nonThermal = baths.filter((b) => model.baths.get(b)!.beta === null);
  if (nonThermal.length > 0) {
    return { guaranteed: null, reason: `bath ${JSON.stringify(nonThermal[0])} has no temperature: the entropy production is undefined`, defects };
  }
  const infinite = active.find((c) => c.rate === Infinity);
  if (infinite) return { guaranteed: null, reason: `channel ${JSON.stringify(infinite.label)} has an infinite rate (the Zeno limit): not checked`, defects };
  const n = model.space.dim;
  if (n > maxDim) return { guaranteed: null, reason: `not checked: the dense Gibbs states of H0 need n ≤ ${maxDim} (n = ${n})`, defects };
  const h0 = model.bareHamiltonian.matrix.toDense(), values = eigvalsh(h0);
  const spread = Math.max(1, Math.abs(values[0]), Math.abs(values[n - 1]));
  const broken: string[] = [];
  for (const bath of baths) {
    const given = model.baths.get(bath)!.beta as number, beta = given / model.referenceEnergy; // β is in units of 1/ω_ref
    const sigma = gibbs(h0, values, beta, spread);
    let worst = 0, scale = 0, d = new DenseMatrix(n, n);
    for (const c of active) {
      if (c.bath !== bath) continue;
      const o = c.operator.matrix.toDense(), od = o.adjoint(), odo = od.mul(o);
      // γ(oσo† − ½{o†o, σ})
      d = d.add(o.mul(sigma).mul(od), c.rate).add(odo.mul(sigma).add(sigma.mul(odo)), -0.5 * c.rate);
      scale += c.rate * c.operator.matrix.adjoint().mul(c.operator.matrix).normInf();
    }
    for (let k = 0; k < d.data.length; k += 2) worst = Math.max(worst, Math.hypot(d.data[k], d.data[k + 1]));
    const relative = scale > 0 ? worst / scale : 0;
    defects[bath] = relative;
    // eigenvalue rounding ε‖H0‖ moves the Gibbs weights by |β|ε‖H0‖ relative
    const tolerance = GIBBS_TOLERANCE + (Number.isFinite(beta) ? 64 * Math.abs(beta) * spread * Number.EPSILON : 0);
    if (!(relative <= tolerance)) broken.push(`${JSON.stringify(bath)} (β = ${given}: ‖D(σ)‖ = ${relative.toExponential(1)} of its scale)`);
  }
  if (broken.length > 0) {
    return {
      guaranteed: false, defects,
      reason: broken.length === 1
        ? `bath ${broken[0]} does not keep its Gibbs state e^{−βH0}/Z: its rates break local detailed balance, so Ṡ = −Σβ_iQ̇_i may be negative and is not a thermodynamic entropy production`
        : `baths ${broken.join(', ')} do not keep their Gibbs states e^{−βH0}/Z: their rates break local detailed balance, so Ṡ = −Σβ_iQ̇_i may be negative and is not a thermodynamic entropy production`,
    };
  }
  return { guaranteed: true, defects, reason: 'every bath keeps its Gibbs state e^{−βH0}/Z (local detailed balance): Ṡ ≥ 0 in every steady state (Spohn)' };
}

/**
 * e^{−βH0}/Z (β = ±∞: the normalised projector on the lowest / highest eigenspace), as f(H0) with the weights
 * shifted so that the largest is 1 (no overflow); `values` are H0's eigenvalues, ascending.
 */
function gibbs(h0: DenseMatrix, values: Float64Array, beta: number, spread: number): DenseMatrix {
  const n = values.length;
  let f: (lambda: number) => number;
  if (beta === Infinity || beta === -Infinity) {
    const edge = beta > 0 ? values[0] : values[n - 1], tol = 1e-12 * spread;
    f = (lambda) => (Math.abs(lambda - edge) <= tol ? 1 : 0);
  } else {
    const ref = beta >= 0 ? values[0] : values[n - 1];
    f = (lambda) => Math.exp(-beta * (lambda - ref));
  }
  let z = 0;
  for (let k = 0; k < n; k++) z += f(values[k]);
  return hermitianFunction(h0, (lambda) => f(lambda) / z);
}
