/**
 * The certificate that accompanies every steady state: how well ρ solves L vec ρ = 0, how far it is from a
 * valid density matrix, and whether it is the only stationary state.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { norm2 } from '../linalg/vector.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import type { SuperoperatorAction } from '../liouvillian/operator.ts';

export interface Certificate {
  /** ‖L vec ρ‖₂ in the model's rate units. */
  residual: number;
  /** residual / (‖L‖_∞ ‖vec ρ‖₂): dimensionless, ~1e-16 for a backward-stable solve. */
  relativeResidual: number;
  /** |Tr ρ − 1|. */
  traceError: number;
  /** max |ρ − ρ†| of the raw solution before it was symmetrised. */
  hermiticityError: number;
  /** Smallest eigenvalue of ρ (≥ −1e-12 or so for a physical state). */
  minEigenvalue: number;
  /** True when the stationary state is unique. */
  unique: boolean;
  /** Evidence for the verdict: smallest |eigenvalue| of the bordered system relative to its scale. */
  uniqueness: { smallestEigenvalue: number; scale: number; ratio: number; kernelDimension?: number; via?: string };
  /** Which factorisation solved the system. */
  solver: string;
  /** The symmetry sector that held the state, when a sector solve was used. */
  sector?: string;
  /** Number of unknowns solved for. */
  unknowns: number;
}

export interface CertifyInfo {
  unique: boolean;
  smallestEigenvalue: number;
  scale: number;
  solver: string;
  hermiticityBefore?: number;
  dimensionOfKernel?: number;
  sector?: string;
  unknowns?: number;
  /** How uniqueness beyond the solved sector was established (see charge.ts). */
  uniquenessVia?: string;
  /**
   * Off-diagonal positions (rows[k], cols[k]), i < j, outside which ρ is exactly zero (e.g. a sector's);
   * the blockwise eigenvalues then look only there for the blocks. Optional, never changes the result.
   */
  support?: { rows: Int32Array; cols: Int32Array };
  /** Buffers of length 2·l.rows for vec ρ and L vec ρ, reused across calls (optional). */
  work?: { vec: Float64Array; residual: Float64Array };
}

/** The full Liouvillian as certify needs it: any representation (liouvillian/operator.ts). */
export type ResidualOperator = SuperoperatorAction;

/** Computes the certificate of ρ against the full Liouvillian l (residual over all n² entries of L vec ρ). */
export function certify(l: ResidualOperator, rho: DenseMatrix, info: CertifyInfo): Certificate {
  const v = vectorize(rho, info.work?.vec);
  const r = l.matvec(v, info.work?.residual);
  const residual = norm2(r);
  const scale = l.normInf();
  const normRho = norm2(v);
  const [trRe, trIm] = rho.trace();
  // Built field by field (no spreads): certify runs once per point of a sweep.
  const uniqueness: Certificate['uniqueness'] = { smallestEigenvalue: info.smallestEigenvalue, scale: info.scale, ratio: info.smallestEigenvalue / info.scale };
  if (info.dimensionOfKernel !== undefined) uniqueness.kernelDimension = info.dimensionOfKernel;
  if (info.uniquenessVia !== undefined) uniqueness.via = info.uniquenessVia;
  const cert: Certificate = {
    residual,
    relativeResidual: scale > 0 ? residual / (scale * normRho) : residual,
    traceError: Math.hypot(trRe - 1, trIm),
    hermiticityError: info.hermiticityBefore ?? rho.hermiticityError(),
    minEigenvalue: minEigenvalueBlockwise(rho, info.support),
    unique: info.unique,
    uniqueness,
    solver: info.solver,
  } as Certificate;
  if (info.sector !== undefined) cert.sector = info.sector;
  cert.unknowns = info.unknowns ?? l.rows; // last, as the field order of the interface
  return cert;
}
