/**
 * The certificate that accompanies every steady state: how well ρ solves L vec ρ = 0, how far it is from a
 * valid density matrix, whether it is the only stationary state, and how sensitive its numbers are.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { norm2, norm2At } from '../linalg/vector.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { LindbladError } from '../errors.ts';
import type { SuperoperatorAction } from '../liouvillian/operator.ts';
import type { Truncation } from '../model/fock-cutoff.ts';

export interface Certificate {
  /** ‖L vec ρ‖₂ in the model's rate units. */
  residual: number;
  /** residual / (‖L‖_∞ ‖vec ρ‖₂): dimensionless, ~1e-16 for a backward-stable solve. */
  relativeResidual: number;
  /** |Tr ρ − 1|. */
  traceError: number;
  /** max |ρ − ρ†| of the raw solution before it was symmetrised. */
  hermiticityError: number;
  /** Smallest eigenvalue of ρ; never below −positivityTolerance (a solve that would return one throws). */
  minEigenvalue: number;
  /** True when the stationary state is unique. */
  unique: boolean;
  /**
   * 'unique'; 'ill-conditioned': unique, but the estimated error of ρ (conditioning.errorBound) exceeds
   * ILL_CONDITIONED, so its entries are uncertain at that level; 'not-unique': a stationary state of a
   * degenerate model (onDegenerate: 'basis'); 'truncated': unique and well conditioned, but a bosonic mode's
   * top Fock level holds more than TRUNCATION_LIMIT = 1e-6 of the population (steady/truncation.ts), so ρ
   * is the truncated model's steady state and not a faithful one of the untruncated model: raise the cutoff.
   */
  status: 'unique' | 'ill-conditioned' | 'not-unique' | 'truncated';
  /** Models with fock(cutoff) subsystems: each mode's top-level population (steady/truncation.ts). */
  truncation?: Truncation[];
  /**
   * Evidence for the verdict. Direct solves: smallestEigenvalue = 1/‖A⁻¹‖ and scale = ‖A‖ of the
   * power-of-two equilibrated system that decided (pinned or trace-bordered, steady/sector-solve.ts), so
   * ratio is its reciprocal condition number; `structural` when uniqueness followed from the transitions
   * (one closed class, symmetry/structural.ts) whatever the numbers. Degenerate models: kernelDimension and
   * the singular-value gap of L (stationary-basis.ts).
   */
  uniqueness: {
    smallestEigenvalue: number; scale: number; ratio: number; kernelDimension?: number; via?: string; structural?: boolean;
    /** Largest singular value of L counted as zero and smallest one not, both relative to ‖L‖. */
    gap?: { kernel: number; next: number };
  };
  /** Sensitivity of ρ to rounding in the data and in the solve (Krylov and iterative solves: by correction solves, solve-error.ts). */
  conditioning?: Conditioning;
  /** Tolerance of the positivity check on minEigenvalue: POSITIVITY_FLOOR + n·errorBound (n the dimension), at most POSITIVITY_CAP = 1e-6. */
  positivityTolerance: number;
  /** Which factorisation solved the system. */
  solver: string;
  /** The symmetry sector that held the state, when a sector solve was used. */
  sector?: string;
  /** Number of unknowns solved for. */
  unknowns: number;
  /**
   * How the solve method was chosen (steady/choice.ts): the method used, why, and the predicted costs that
   * decided it. Absent when the caller named the method outright (direct or iterative).
   */
  method?: MethodChoice;
}

/**
 * How sensitive ρ is: first-order estimates for relative errors `perturbation` in every entry of the solved
 * system (the rounding of assembling it from the model) plus the solution's own extra-precise residual,
 * propagated through the inverse of the equilibrated system (linalg/condition.ts). `method` 'exact' (dense
 * solves: from the inverse itself), 'estimate' (sparse: ‖A⁻¹‖ from below by inverse iteration,
 * componentwise errors from the response to an all-positive and two randomly signed perturbations, ×10;
 * iterative and Krylov solves: the same from correction solves, plus twice the solve's own first-order
 * error, steady/solve-error.ts) or 'markov' (a Markov generator solved by
 * GTH, linalg/gth.ts: every population to relative (n+3)n²u + 2(n−1)η, rates of any size; rcond is then
 * 1/(2(n−1)), the reciprocal of the componentwise relative condition number).
 */
export interface Conditioning {
  /** Reciprocal condition number 1/(‖A‖‖A⁻¹‖) of the equilibrated system. */
  rcond: number;
  method: 'exact' | 'estimate' | 'markov';
  /** Estimated max |δ| over the real parameters of ρ (populations, Re and Im of coherences), Tr ρ = 1. */
  errorBound: number;
  /**
   * Parameters of ρ larger in modulus than this are vouched for to relative accuracy RELATIVE_TARGET; 0
   * when every one is (the tiny populations included). A parameter below it may be off by up to this much.
   */
  vouchedAbove: number;
  /** The relative data error assumed in every entry of the system. */
  perturbation: number;
}

/**
 * The steady-state method chosen by predicted cost (steady/choice.ts): 'direct' (sparse or dense LU, with
 * sectors) or 'krylov' (preconditioned matrix-free GMRES, steady/krylov-steady.ts), why, and the predicted
 * costs in real multiply-adds of the dense kernels (the direct one weighted by choice.ts DIRECT_WEIGHT;
 * absent where no prediction was needed, e.g. a symmetry sector was used).
 */
export interface MethodChoice {
  /** 'iterative': GMRES + ILU(0) on the sparse trace-pinned L (iterative.ts), chosen by 'auto' for a sparse L that fills in. */
  kind: 'direct' | 'krylov' | 'iterative';
  /**
   * What the caller asked for. 'iterative' or 'krylov' with kind 'direct': that method's uniqueness check
   * found the system numerically singular and the direct route decided (steady.ts, redecidedDirectly).
   */
  requested: 'auto' | 'krylov' | 'iterative';
  reason: string;
  /** Predicted costs in multiply-adds (choice.ts); `iterative` that of GMRES + ILU(0) on the sparse L. */
  predicted?: { direct: number; krylov: number; krylovIterations: number; iterative?: number };
  /** kind 'iterative' chosen by 'auto': the attempt's iteration limit, past which the next-cheapest method is taken. */
  maxIterations?: number;
}

/**
 * Relative residual ‖L vec ρ‖/(‖L‖_∞‖vec ρ‖), measured by the full-space operator (independent of the
 * solved system), above which a steady state is refused: a backward-stable solve of the right system leaves
 * ~1e-16, and the solve's own error estimate (conditioning) describes the system it solved. Far above it
 * that system was not L: a channel o ∝ 1 at rate 1e35, whose γ·oρo† − ½γ{o†o, ρ} = 0 the double-double
 * assembly cannot cancel beyond γ ~ 1/ε², gave ρ₀₀ wrong by 0.096 with relative residual 4e-4 while
 * errorBound said 9e-16 and the status 'unique'. Below the limit the residual is reported, not acted on;
 * the one-off assembly's own cancellation errors are in errorBound (steady/assembly-error.ts). The residual
 * is itself computed term by term: where terms cancel, its rounding noise (CertifyInfo.residualFloor) can
 * exceed the limit for a right answer (that channel in the cavity model at rate 1e15: true error 1e-16), so
 * a residual within that noise does not veto a state whose errorBound vouches for it.
 */
export const RESIDUAL_LIMIT = 1e-6;

/** errorBound above which a unique answer is reported as 'ill-conditioned'. */
export const ILL_CONDITIONED = 1e-6;

/** Relative accuracy that vouchedAbove refers to. */
export const RELATIVE_TARGET = 1e-6;

/** Absolute part of the positivity tolerance. */
export const POSITIVITY_FLOOR = 1e-12;

/**
 * Largest positivity tolerance: a returned ρ never has an eigenvalue below −1e-6, whatever its error bound.
 * Without it, an error bound ≥ 1 (nothing vouched for) made the positivity check vacuous: a fuzzed model
 * with a channel at rate 1e300 came back with an eigenvalue −7.5e-4 and errorBound 2e275.
 */
export const POSITIVITY_CAP = 1e-6;

/** The positivity tolerance of a ρ of dimension (or largest block) n with error bound e: POSITIVITY_FLOOR + n·e, at most POSITIVITY_CAP. */
export function positivityToleranceOf(n: number, e: number): number {
  const t = POSITIVITY_FLOOR + n * e;
  return t <= POSITIVITY_CAP ? t : POSITIVITY_CAP; // NaN: the cap
}

export interface CertifyInfo {
  unique: boolean;
  smallestEigenvalue: number;
  scale: number;
  solver: string;
  hermiticityBefore?: number;
  dimensionOfKernel?: number;
  /** Singular-value gap of a degenerate model (stationary-basis.ts). */
  gap?: { kernel: number; next: number };
  sector?: string;
  unknowns?: number;
  /** How uniqueness beyond the solved sector was established (see charge.ts). */
  uniquenessVia?: string;
  /** Uniqueness followed from the structure of the transitions (symmetry/structural.ts). */
  structural?: boolean;
  /** Sensitivity estimate of ρ (absent: none made). */
  conditioning?: Conditioning;
  /**
   * Off-diagonal positions (rows[k], cols[k]), i < j, outside which ρ is exactly zero (e.g. a sector's);
   * the blockwise eigenvalues then look only there for the blocks. Optional, never changes the result.
   */
  support?: { rows: Int32Array; cols: Int32Array };
  /** Buffers of length 2·l.rows for vec ρ and L vec ρ, reused across calls (optional). */
  work?: { vec: Float64Array; residual: Float64Array };
  /** The method choice to report (choice.ts). */
  method?: MethodChoice;
  /**
   * F with the rounding noise of the measured residual ≤ F·‖vec ρ‖₂ (liouvillian/residual-floor.ts), computed
   * only when the residual exceeds RESIDUAL_LIMIT: a residual within 16× that noise does not veto a state
   * whose errorBound vouches for it (≤ ILL_CONDITIONED). Absent: the limit alone decides.
   */
  residualFloor?: () => number;
}

/** The full Liouvillian as certify needs it: any representation (liouvillian/operator.ts). */
export type ResidualOperator = SuperoperatorAction;

/**
 * Computes the certificate of ρ against the full Liouvillian l (residual over all n² entries of L vec ρ),
 * and enforces positivity: a ρ with an eigenvalue below −positivityTolerance is not returned, the call
 * throws LindbladError('not-converged', field 'rho') instead.
 */
export function certify(l: ResidualOperator, rho: DenseMatrix, info: CertifyInfo): Certificate {
  const v = vectorize(rho, info.work?.vec);
  const r = l.matvec(v, info.work?.residual);
  return certifyMeasured({
    residual: norm2(r), operatorNorm: l.normInf(), normRho: norm2(v), trace: rho.trace(),
    minEigenvalue: minEigenvalueBlockwise(rho, info.support), dimension: rho.rows, unknowns: l.rows,
    hermiticity: info.hermiticityBefore ?? rho.hermiticityError(),
  }, info);
}

/**
 * certify for a ρ that is exactly zero outside known entries (a symmetry sector's): vec ρ is written and
 * its norm taken only at `positions` (the vec indices i + n·j of those entries, ascending), which gives
 * the same numbers as certify since every other entry is 0; the residual L vec ρ is still measured over
 * all n² entries (so the full space is checked). `work.vec` must be zero outside `positions` (only this
 * function writes it, and always the same positions).
 */
export function certifySupported(l: ResidualOperator, rho: DenseMatrix, positions: Int32Array,
  info: CertifyInfo & { work: { vec: Float64Array; residual: Float64Array } }): Certificate {
  const n = rho.rows, d = rho.data, v = info.work.vec;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k], i = p % n, q = 2 * ((p - i) / n + n * i); // vec index i + n·j ← ρ_ij at data[2(i·n + j)]
    v[2 * p] = d[q];
    v[2 * p + 1] = d[q + 1];
  }
  const r = l.matvec(v, info.work.residual, positions);
  return certifyMeasured({
    residual: norm2(r), operatorNorm: l.normInf(), normRho: norm2At(v, positions), trace: rho.trace(),
    minEigenvalue: minEigenvalueBlockwise(rho, info.support), dimension: n, unknowns: l.rows,
    hermiticity: info.hermiticityBefore ?? rho.hermiticityError(),
  }, info);
}

export type { Truncation } from '../model/fock-cutoff.ts';

/**
 * What a certificate is made of, measured by the caller: certify measures it on the full space; a sector
 * solve measures it in its sector, where that is exact (steady/sector-certificate.ts).
 */
export interface StateMeasurements {
  /** ‖L vec ρ‖₂ and the ‖L‖_∞ the relative residual refers to. */
  residual: number;
  operatorNorm: number;
  /** ‖vec ρ‖₂, Tr ρ as [re, im], the smallest eigenvalue of ρ, its dimension n. */
  normRho: number;
  trace: readonly [number, number];
  minEigenvalue: number;
  dimension: number;
  /** Default of the certificate's `unknowns` (the length of vec ρ for the full space). */
  unknowns: number;
  /** max |ρ − ρ†| of the raw solution (info.hermiticityBefore, when given, takes precedence). */
  hermiticity: number;
}

/** The certificate from measurements (see certify, which it shares the positivity rule with). */
export function certifyMeasured(m: StateMeasurements, info: CertifyInfo): Certificate {
  const { residual, operatorNorm: scale, normRho } = m, [trRe, trIm] = m.trace;
  const uniqueness: Certificate['uniqueness'] = { smallestEigenvalue: info.smallestEigenvalue, scale: info.scale, ratio: info.smallestEigenvalue / info.scale };
  if (info.dimensionOfKernel !== undefined) uniqueness.kernelDimension = info.dimensionOfKernel;
  if (info.uniquenessVia !== undefined) uniqueness.via = info.uniquenessVia;
  if (info.structural !== undefined) uniqueness.structural = info.structural;
  if (info.gap !== undefined) uniqueness.gap = info.gap;
  const c = info.conditioning;
  const minEigenvalue = m.minEigenvalue;
  const positivityTolerance = positivityToleranceOf(m.dimension, c ? c.errorBound : 0);
  if (!(minEigenvalue >= -positivityTolerance)) {
    throw new LindbladError('not-converged', `the computed steady state has an eigenvalue ${minEigenvalue.toExponential(3)} below −${positivityTolerance.toExponential(2)}`
      + (c ? ` (estimated error ${c.errorBound.toExponential(2)}, reciprocal condition ${c.rcond.toExponential(2)})` : '') + '; it is not returned', 'rho');
  }
  const relativeResidual = scale > 0 ? residual / (scale * normRho) : residual;
  if (relativeResidual > RESIDUAL_LIMIT && !(c && c.errorBound <= ILL_CONDITIONED && info.residualFloor && residual <= 16 * info.residualFloor() * normRho)) {
    throw new LindbladError('not-converged', `the computed steady state leaves a relative residual ‖L vec ρ‖/(‖L‖_∞‖vec ρ‖) = ${relativeResidual.toExponential(2)} on the full Liouvillian (limit ${RESIDUAL_LIMIT.toExponential(0)}): the system solved was not L to working precision`
      + ' (rates spanning more than ~30 decades on terms that cancel exactly, e.g. a channel proportional to the identity, exceed the assembly\'s double-double precision); it is not returned', 'rho');
  }
  // One object literal with every field, in the order of the interface (absent optional ones undefined, which
  // JSON leaves out): every certificate has the same shape, which keeps the per-point code monomorphic.
  return {
    residual,
    relativeResidual,
    traceError: Math.hypot(trRe - 1, trIm),
    hermiticityError: info.hermiticityBefore ?? m.hermiticity,
    minEigenvalue,
    unique: info.unique,
    status: !info.unique ? 'not-unique' : c && !(c.errorBound <= ILL_CONDITIONED) ? 'ill-conditioned' : 'unique',
    uniqueness,
    conditioning: c,
    positivityTolerance,
    solver: info.solver,
    sector: info.sector,
    unknowns: info.unknowns ?? m.unknowns,
    method: info.method,
    truncation: undefined,
  };
}

/**
 * The conditioning summary of ρ = x / Tr x from per-unknown error estimates e of the real unknowns x (the
 * populations, each of weight 1, at the indices `diagonal`): each normalised parameter x_i/t has error
 * ≲ e_i/|t| + (|x_i|/|t|)·((Σ_d e_d)/|t| + (n_d + 2)·u), t = Tr x (whose own error is at most Σ_d e_d),
 * the last term for the rounding of the sum t and of the division (n_d populations, u = 2⁻⁵³).
 */
export function conditioningOf(x: ArrayLike<number>, e: ArrayLike<number>, diagonal: ArrayLike<number>,
  rcond: number, method: Conditioning['method'], perturbation: number): Conditioning {
  let t = 0, et = 0;
  for (let k = 0; k < diagonal.length; k++) { t += x[diagonal[k]]; et += e[diagonal[k]]; }
  const at = Math.abs(t), rel = et / at + (diagonal.length + 2) * 2 ** -53;
  let errorBound = 0, vouchedAbove = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]) / at, raw = e[i] / at + v * rel, err = raw >= 0 ? raw : Infinity; // NaN: no estimate
    if (!(err <= errorBound)) errorBound = err;
    if (!(err <= RELATIVE_TARGET * v)) {
      const m = Math.max(v, err);
      if (!(m <= vouchedAbove)) vouchedAbove = m;
    }
  }
  // ρ's parameters are x·(1/Tr x), symmetrised: a few roundings away from |x_i|/|Tr x| above, so a
  // parameter left out here could otherwise read as 1 ulp above vouchedAbove; 2⁻⁴⁸ relative covers that.
  return { rcond, method, errorBound, vouchedAbove: vouchedAbove * (1 + 2 ** -48), perturbation };
}
