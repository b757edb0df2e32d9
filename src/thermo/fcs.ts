/**
 * Full counting statistics of one counted current of a model, in one call: the exact scaled cumulants
 * (counting.ts), the entropy production rate σ (heat.ts) and the TUR ratio 𝒬 = Dσ/⟨J⟩² (tur.ts), and,
 * when asked, θ(s) on a grid of s with the rate function (scgf.ts) and — for the entropy flow — the
 * Gallavotti–Cohen check θ(s) = θ(−1−s). Units: cumulant n in (weight)ⁿ per unit time (model rate units).
 */
import { LindbladError, check, checkNumberList, checkOptions, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import type { SteadyOptions } from '../steady/steady.ts';
import type { Certificate } from '../steady/certificate.ts';
import { TiltedSystem, cumulants, type CumulantResult } from './counting.ts';
import type { CountingField } from './counting-field.ts';
import { Scgf, gallavottiCohenCheck, type ScgfPoint } from './scgf.ts';
import { turRatio, type TurRatio } from './tur.ts';
import { secondLawGuarantee, type SecondLaw } from './second-law.ts';
import { entropyProduction } from './heat.ts';
import { checkModel } from '../model/check-model.ts';

/** A mean current below this fraction of the gross flux Σ_c |w_c|·rate_c counts as zero (rounding level). */
export const ZERO_CURRENT = 1e-12;

export interface FcsOptions {
  /** Highest cumulant order (default 4, at most 16). */
  order?: number;
  /** Values of s at which to evaluate θ(s) (default none). */
  scgf?: readonly number[];
  /** Options of the steady-state solve (a direct method is needed). */
  steady?: SteadyOptions;
}

export interface FcsResult {
  /** Weight of one jump per channel (model order). */
  weights: number[];
  /** c_1 = ⟨J⟩ (weight per unit time). */
  mean: number;
  /** c_2 = D, the variance per unit time (zero-frequency noise). */
  noise: number;
  /** c_1 … c_order. */
  cumulants: number[];
  /** First-order error estimates of c_1 … c_order (thermo/cumulant-error.ts); mean, noise and the TUR ratio inherit them. */
  cumulantErrors: number[];
  /** σ = −Σ_i β_i Q̇_i/ω_ref (k_B = 1), null when undefined (a non-thermal bath exchanges heat). */
  entropyProduction: number | null;
  /**
   * Whether σ ≥ 0 is guaranteed (second-law.ts: every bath keeps its Gibbs state of H0); false for a model
   * whose rates break local detailed balance, where σ may be negative and the TUR does not apply.
   */
  secondLaw: SecondLaw;
  turRatio: TurRatio;
  scgf: ScgfPoint[];
  /**
   * For the entropy flow with a grid of s: max |θ(s) − θ(−1−s)|, relative to ‖L‖_∞, the verdict (null:
   * undetermined, the points' own rounding exceeds 1e-3 of θ) and the resolution (the largest deviation
   * the points' rounding allows; scgf.ts gallavottiCohenCheck).
   */
  gallavottiCohen: { maxDeviation: number; relative: number; holds: boolean | null; resolution: number } | null;
  certificate: {
    steady: Certificate;
    drazin: CumulantResult['drazin'];
    /** 'ill-conditioned' when some cumulant's error estimate exceeds 1e-6 of its scale (e.g. a metastable model). */
    cumulants: CumulantResult['status'];
    /** Worst point of the θ(s) grid (null without a grid). */
    scgf: { worstResidual: number; smallestGap: number; dominance: 'proved' | 'not proved'; worstError: number; worstCurrentError: number } | null;
  };
}

/** Counting statistics of `field` for `model` (module comment). Throws LindbladError on bad input. */
export function fullCountingStatistics(model: LindbladModel, field: CountingField, options: FcsOptions = {}): FcsResult {
  checkModel(model);
  checkOptions(options, ['order', 'scgf', 'steady'], 'options');
  const order = options.order ?? 4; // order 0, −1 or 1.5 returned fewer cumulants than asked, silently
  check(Number.isInteger(order) && order >= 1 && order <= 16, 'order', `expected an integer order in [1, 16], got ${describe(order)}`);
  const values = options.scgf === undefined ? [] : checkNumberList(options.scgf, 'scgf'); // 3 or {} was ignored, "abc" a TypeError
  const sys = new TiltedSystem(model, field, options.steady);
  const c = cumulants(sys, Math.max(order, 2));
  let sigma: number | null;
  try {
    sigma = entropyProduction(model, sys.rho).rate;
  } catch (e) {
    if (!(e instanceof LindbladError) || e.code !== 'unsupported') throw e;
    sigma = null;
  }
  let points: ScgfPoint[] = [], gc: FcsResult['gallavottiCohen'] = null;
  if (values.length > 0) {
    const scgf = new Scgf(sys);
    points = scgf.over(values, c.cumulants);
    if (field.kind === 'entropy') gc = gallavottiCohenCheck(scgf, values, c.cumulants, sys.generator.normInf());
  }
  const cum = c.cumulants.slice(0, order);
  return {
    weights: Array.from(sys.weights),
    mean: c.cumulants[0],
    noise: c.cumulants[1],
    cumulants: cum,
    cumulantErrors: c.errors.slice(0, order),
    entropyProduction: sigma,
    secondLaw: secondLawGuarantee(model),
    turRatio: turRatio(c.cumulants[0], c.cumulants[1], sigma, ZERO_CURRENT * sys.grossCurrent()),
    scgf: points,
    gallavottiCohen: gc,
    certificate: {
      steady: sys.steadyCertificate,
      drazin: c.drazin,
      cumulants: c.status,
      scgf: points.length === 0 ? null : {
        worstResidual: Math.max(...points.map((p) => p.certificate.residual)),
        smallestGap: Math.min(...points.map((p) => p.certificate.gap)),
        dominance: points.every((p) => p.certificate.dominance === 'proved') ? 'proved' : 'not proved',
        worstError: Math.max(...points.map((p) => p.certificate.error)),
        worstCurrentError: Math.max(...points.map((p) => p.certificate.currentError)),
      },
    },
  };
}
