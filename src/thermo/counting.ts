/**
 * Full counting statistics of jump currents: the tilted Liouvillian on the steady state's symmetry sector,
 * and the exact scaled cumulants of N_t = Σ_c w_c·(number of jumps of channel c up to t) (PHYSICS.md §9).
 *
 * Tilted generator (s real; χ = −is gives the characteristic-function form e^{iχw}):
 *     L(s)ρ = Lρ + Σ_c (e^{s w_c} − 1) γ_c o_c ρ o_c†,   θ(s) = lim_{t→∞} (1/t) ln E[e^{s N_t}]
 * is its eigenvalue continuing θ(0) = 0. Each jump term o ρ o† maps the U(1) charge-0 sector to itself
 * (it is part of the channel's dissipator, whose couplings define the sector), so everything lives in
 * the sector that the steady-state solve already found (steady/plan.ts), on the same real unknowns.
 *
 * Cumulants by Rayleigh–Schrödinger perturbation theory with the group (Drazin) inverse L^# on traceless
 * operators (linalg/group-inverse.ts). With 𝒥_n = Σ_c w_c^n γ_c o_c·o_c† (so L(s) = L + Σ_{n≥1} sⁿ/n! 𝒥_n),
 * θ(s) = Σ_n c_n sⁿ/n!, right eigenvector x(s) = Σ_n x_n sⁿ/n! with Tr x_n = δ_n0, x_0 = ρ_ss:
 *     c_n = Σ_{j=1}^{n} C(n,j) Tr[𝒥_j x_{n−j}],
 *     x_n = −L^# Σ_{j=1}^{n} C(n,j) (𝒥_j − c_j) x_{n−j}.
 * c_1 = ⟨J⟩ (mean current), c_2 = D (variance per unit time, zero-frequency noise), c_3, c_4 … in
 * (units of w)ⁿ per unit time. Order n needs n − 1 applications of L^#, one factorisation for all: the
 * steady-state solve's own pinned (or trace-bordered) LU of the same sector system L(θ), handed over by
 * the sector solve (steady/sector-solve.ts), so no second factorisation is made. Where that solve has no LU
 * — the GTH route of a populations-only Markov sector, the exchange-reduced system (other unknowns), or an
 * iterative solve — L^# makes its own pinned factorisation (linalg/group-inverse.ts), one for all orders.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { GroupInverse, dotReal, realMatvec, type PinnedFactorisation } from '../linalg/group-inverse.ts';
import { LinalgError } from '../linalg/errors.ts';
import { LindbladError, checkInstance, describe } from '../errors.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import type { LindbladModel } from '../model/model.ts';
import { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { prepareSteadyState, type SteadyOptions } from '../steady/steady.ts';
import { checkSteadyOptions } from '../steady/options.ts';
import type { Certificate } from '../steady/certificate.ts';
import { SectorSolved } from '../steady/sector-solved.ts';
import { combine, realNumbering, realTermMatrix, type RealNumbering } from '../symmetry/sector-system.ts';
import type { Sector } from '../symmetry/symmetry.ts';
import { countingWeights, type CountingField } from './counting-field.ts';
import { binomial, cumulantErrors } from './cumulant-error.ts';
import { checkModel } from '../model/check-model.ts';

/** The steady state's sector as a real system, with the jump superoperators of the counted channels. */
export class TiltedSystem {
  readonly model: LindbladModel;
  /** Weight of one jump per channel (model order). */
  readonly weights: Float64Array;
  readonly sector: Sector;
  readonly numbering: RealNumbering;
  /** Real unknowns of the sector. */
  readonly size: number;
  /** L on the sector's real unknowns. */
  readonly generator: CsrMatrix;
  /** γ_c·(ρ ↦ o_c ρ o_c†) on the sector's real unknowns, for every counted channel (w_c ≠ 0). */
  readonly jumps: ReadonlyArray<{ channel: number; weight: number; matrix: CsrMatrix }>;
  /** ρ_ss as the sector's real unknowns (unit trace). */
  readonly steady: Float64Array;
  /** ρ_ss itself. */
  readonly rho: DenseMatrix;
  /** The trace functional on the real unknowns (1 on populations). */
  readonly trace: Float64Array;
  readonly steadyCertificate: Certificate;
  private groupInverse: GroupInverse | null = null;
  /** The steady-state solve's LU of L on the sector (null when its route had none: GTH, exchange-reduced, iterative). */
  private readonly steadyFactorisation: PinnedFactorisation | null;

  /**
   * Builds the system for `model` and a counting field (or per-channel weights). Throws LindbladError:
   * 'unsupported' for infinitely fast channels or a route without a sector (iterative steady-state method),
   * 'not-unique' when the steady state is not unique (the current's statistics would depend on the start).
   */
  constructor(model: LindbladModel, field: CountingField, options: SteadyOptions = {}) {
    checkModel(model);
    if (model.hasInfiniteRates()) throw new LindbladError('unsupported', 'counting statistics need finite rates (a channel has rate = Infinity)', 'channels');
    this.model = model;
    this.weights = countingWeights(model, field);
    checkSteadyOptions(options); // before onDegenerate is overridden: a bad value the caller gave is still refused
    const prepared = prepareSteadyState(model, { ...options, onDegenerate: 'error' }, 'active');
    const solved = prepared.solveDeferred();
    const plan = prepared.plan;
    if (!plan.sector) throw new LindbladError('unsupported', 'counting statistics need a direct steady-state solve (method: { kind: "direct" })', 'method');
    this.steadyCertificate = solved.certificate;
    this.rho = solved.rho;
    const s = (this.sector = plan.sector), num = (this.numbering = realNumbering(s));
    this.size = num.size;
    const lv = plan.liouvillian;
    this.generator = combine(num.size, lv.terms.map((_, t) => realTermMatrix(lv, t, s, num)), plan.coefficients);
    const n = model.space.dim, zero = CsrMatrix.zeros(n);
    const jumps: { channel: number; weight: number; matrix: CsrMatrix }[] = [];
    model.channels.forEach((c, i) => {
      if (this.weights[i] === 0) return;
      const only = new FactoredLiouvillian(n, [{ kind: 'channel', o: c.operator.matrix, k: zero, channel: i }]);
      jumps.push({ channel: i, weight: this.weights[i], matrix: realTermMatrix(only, 0, s, num).scale(c.rate) });
    });
    this.jumps = jumps;
    this.trace = new Float64Array(num.size);
    for (const d of num.diagonal) this.trace[d] = 1;
    this.steady = toReal(this.rho, num);
    const f = solved instanceof SectorSolved ? solved.factorisation : null;
    this.steadyFactorisation = f && f.size === num.size && f.valid() ? f : null;
  }

  /** 𝒥_n = Σ_c w_cⁿ γ_c o_c·o_c† on the real unknowns. */
  moment(order: number): CsrMatrix {
    return combine(this.size, this.jumps.map((j) => j.matrix), this.jumps.map((j) => j.weight ** order));
  }

  /** out ← 𝒥_n x without assembling 𝒥_n (one sparse product per counted channel). */
  applyMoment(order: number, x: Float64Array, out: Float64Array, work: Float64Array): Float64Array {
    out.fill(0);
    for (const j of this.jumps) {
      const f = j.weight ** order;
      realMatvec(j.matrix, x, work);
      for (let i = 0; i < out.length; i++) out[i] += f * work[i];
    }
    return out;
  }

  /** Σ_c |w_c|·γ_c Tr[o_c ρ_ss o_c†]: the gross flux of the counted quantity (the scale a current that vanishes is judged by). */
  grossCurrent(): number {
    const work = new Float64Array(this.size);
    return this.jumps.reduce((acc, j) => acc + Math.abs(j.weight) * dotReal(this.trace, realMatvec(j.matrix, this.steady, work)), 0);
  }

  private noJumpPart: CsrMatrix | null = null;

  /**
   * L₀ = L − Σ_c γ_c o_c·o_c† (counted channels): the part of L without the counted jumps, formed once.
   * L(s) = L₀ + Σ_c e^{s w_c}·γ_c o_c·o_c† then has no cancellation: the form L + Σ (e^{s w} − 1)𝒥 subtracts
   * a jump rate from itself when e^{s w} ≪ 1 and kept only ε/e^{s w} of its relative accuracy (θ(−1.5) of a
   * one-bath ladder came out 4.9e-10 instead of 0).
   */
  noJump(): CsrMatrix {
    return (this.noJumpPart ??= combine(this.size, [this.generator, ...this.jumps.map((j) => j.matrix)], [1, ...this.jumps.map(() => -1)]));
  }

  /** L(s) = L₀ + Σ_c e^{s w_c} γ_c o_c·o_c† on the real unknowns (noJump: no cancellation). */
  tilted(s: number): CsrMatrix {
    return combine(this.size, [this.noJump(), ...this.jumps.map((j) => j.matrix)], [1, ...this.jumps.map((j) => Math.exp(s * j.weight))]);
  }

  /** dL(s)/ds = Σ_c w_c e^{s w_c} γ_c o_c·o_c†. */
  tiltedDerivative(s: number): CsrMatrix {
    return combine(this.size, this.jumps.map((j) => j.matrix), this.jumps.map((j) => j.weight * Math.exp(s * j.weight)));
  }

  /**
   * The group inverse of L on the sector, built on first use: through the steady-state solve's factorisation
   * when it has one and it is still valid (source 'shared'), else factorised once here (source 'own').
   * `route: 'own'` forces the latter (a cross-check of the shared route).
   */
  drazin(route: 'auto' | 'own' = 'auto'): GroupInverse {
    if (route === 'own') return this.makeDrazin(null);
    const f = this.steadyFactorisation;
    return (this.groupInverse ??= this.makeDrazin(f && f.valid() ? f : null));
  }

  private makeDrazin(shared: PinnedFactorisation | null): GroupInverse {
    try {
      return new GroupInverse(this.generator, this.trace, this.steady, shared);
    } catch (e) {
      if (e instanceof LinalgError) throw new LindbladError('not-converged', `the Liouvillian restricted to traceless operators could not be factorised (${e.message})`, 'model');
      throw e;
    }
  }
}

/** ρ's entries at the sector's real unknowns: ρ_kk, Re ρ_jk, Im ρ_jk (j < k). */
function toReal(rho: DenseMatrix, num: RealNumbering): Float64Array {
  return Float64Array.from({ length: num.size }, (_, r) => {
    const i = num.rowOf[r], j = num.colOf[r];
    return num.isImag[r] ? rho.im(i, j) : rho.re(i, j);
  });
}

export interface CumulantResult {
  /** Scaled cumulants c_1 … c_order of N_t (c_n = lim κ_n(N_t)/t; units (weight)ⁿ per unit time). */
  cumulants: number[];
  /**
   * Largest relative residual ‖L x − Q b‖_∞ / (‖L‖_∞‖x‖_∞ + ‖b‖_∞) over the group-inverse solves (~1e-16
   * when they are backward stable), and ‖A‖·‖A⁻¹‖ (estimate) of the pinned system that applied L^#.
   */
  drazin: { relativeResidual: number; condition: number; pinned: number; unknowns: number; factorisation: 'steady-state solve' | 'own' };
  /** First-order error estimates δc_1 … δc_order (units of each c_n; thermo/cumulant-error.ts). */
  errors: number[];
  /** 'accurate' when every δc_n ≤ 1e-6·max(|c_n|, Σ_c |w_c|ⁿ·flux_c); 'ill-conditioned' otherwise (e.g. a metastable model). */
  status: 'accurate' | 'ill-conditioned';
}

/**
 * Scaled cumulants c_1 … c_order of the counted current by the recursion of the module comment
 * (order ≥ 1; each order above 1 costs one application of L^#; `drazin` defaults to sys.drazin()).
 */
export function cumulants(sys: TiltedSystem, order = 4, drazin: (() => GroupInverse) = () => sys.drazin()): CumulantResult {
  checkInstance(sys, TiltedSystem, 'system', 'a TiltedSystem (new TiltedSystem(model, field))');
  if (!Number.isInteger(order) || order < 1 || order > 16) throw new LindbladError('invalid-input', `expected an integer order in [1, 16], got ${order}`, 'order');
  if (typeof drazin !== 'function') throw new LindbladError('invalid-input', `expected a function returning the group inverse, got ${describe(drazin)}`, 'drazin');
  const m = sys.size, w = sys.trace;
  const xs: Float64Array[] = [sys.steady], bs: Float64Array[] = [], c: number[] = [0];
  const tmp = new Float64Array(m), work = new Float64Array(m), b = new Float64Array(m), lx = new Float64Array(m);
  const normL = sys.generator.normInf();
  let worst = 0, inverse: GroupInverse | null = null;
  for (let n = 1; n <= order; n++) {
    let cn = 0;
    for (let j = 1; j <= n; j++) cn += binomial(n, j) * dotReal(w, sys.applyMoment(j, xs[n - j], tmp, work));
    c.push(cn);
    if (n === order) break;
    b.fill(0);
    for (let j = 1; j <= n; j++) {
      const f = binomial(n, j), x = xs[n - j];
      sys.applyMoment(j, x, tmp, work);
      for (let i = 0; i < m; i++) b[i] -= f * (tmp[i] - c[j] * x[i]);
    }
    for (let i = 0; i < m; i++) {
      if (!Number.isFinite(b[i]) || !Number.isFinite(cn)) throw new LindbladError('not-converged', `cumulant ${n} overflows double precision (weights too large: w^n·rate beyond ~1e308); rescale the weights`, 'weights');
    }
    const g = (inverse ??= drazin());
    const xn = g.apply(b);
    // Residual of L x_n = Q b (b is traceless up to rounding: Tr b = 0 by the choice of c_n).
    realMatvec(sys.generator, xn, lx);
    const tb = dotReal(w, b);
    let r = 0, nx = 0, nb = 0;
    for (let i = 0; i < m; i++) {
      r = Math.max(r, Math.abs(lx[i] - (b[i] - sys.steady[i] * tb)));
      nx = Math.max(nx, Math.abs(xn[i]));
      nb = Math.max(nb, Math.abs(b[i]));
    }
    const denom = normL * nx + nb;
    worst = Math.max(worst, denom > 0 ? r / denom : 0);
    xs.push(xn);
    bs[n] = b.slice();
  }
  for (const v of c) if (!Number.isFinite(v)) throw new LindbladError('not-converged', 'a cumulant is not finite (overflow)', 'model');
  const g = inverse ?? drazin(); // order 1 too: ρ_ss's response to rounding in L (cumulant-error.ts) needs L^#
  const accuracy = cumulantErrors(sys, c, xs, bs, g);
  return {
    cumulants: c.slice(1), errors: accuracy.errors, status: accuracy.status,
    drazin: { relativeResidual: worst, condition: g.conditioning.norm * g.conditioning.inverseNorm, pinned: g.pin, unknowns: m,
      factorisation: g.source === 'shared' ? 'steady-state solve' : 'own' },
  };
}

/**
 * The constant of the finite-time variance from a stationary start: Var(N_t) = c_2 t + b + O(e^{−Δt}) with
 *     b = −2 Tr[𝒥 (L^#)² 𝒥 ρ_ss]   (𝒥 = 𝒥_1; Δ the Liouvillian gap),
 * from Var(N_t) = t Tr[𝒥_2 ρ] + 2∫_0^t (t − τ) Tr[𝒥 e^{Lτ}Q 𝒥ρ] dτ and ∫_0^t (t − τ)e^{Lτ}Q dτ =
 * (L^#)²(e^{Lt} − 1)Q − t L^# Q. Units (weight)². Two applications of L^#.
 */
export function stationaryVarianceOffset(sys: TiltedSystem): number {
  checkInstance(sys, TiltedSystem, 'system', 'a TiltedSystem (new TiltedSystem(model, field))');
  const j1 = sys.moment(1), g = sys.drazin();
  const y = g.apply(g.apply(realMatvec(j1, sys.steady)));
  return -2 * dotReal(sys.trace, realMatvec(j1, y));
}
