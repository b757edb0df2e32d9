/**
 * Error bounds of the heat currents of heat.ts. A channel's current γ·Tr{ρ X}, X = D†[o](H0) =
 * o†H0o − ½{o†o, H0}, is formed and summed in floating point; where its terms cancel (rates over many decades,
 * a current many orders below its terms) the rounding is what is left: a 4-level model with rates 0.12 … 4.8e7
 * had Q̇ = 8.15166e-6 for an exact 8.14804e-6 (Ṡ off by 4.4e-4 relative) with ρ exact to 1e-16, and no word
 * of it. Bound per channel (first order, u = 2⁻⁵³):
 *     (m + 8)·u·γ·Σ_jk Y_jk |ρ_kj|  +  γ·Σ_jk Y_jk |Δρ_kj|,   |Δρ_kj| ≤ √2·δ,
 * Y = |o|ᵀ|H0||o| + ½(|o|ᵀ|o||H0| + |H0||o|ᵀ|o|) ≥ |X| entrywise (moduli of the entries: the sizes of the terms
 * X and Tr{ρX} are summed from; m = the dimension bounds the number of terms of each sum), δ the error of ρ's
 * entries (e.g. the steady-state certificate's errorBound: each of Re, Im within δ; with the certificate's
 * conditioning, each part's own error, RhoError). A bath's bound is the sum
 * over its channels'; an infinitely fast bath's current comes from energy balance, so its bound is the sum of
 * the others' plus the same bound for Tr{−i[H0, H] ρ}. Units: those of the currents (energy × rate).
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import type { LindbladModel } from '../model/model.ts';
import type { DenseMatrix } from '../linalg/dense.ts';
import { RELATIVE_TARGET, type Conditioning } from '../steady/certificate.ts';

/** ρ as heat.ts reads it (its ReadableRho). */
type ReadableRho = Pick<DenseMatrix, 'rows' | 'cols' | 're' | 'im'>;

const U = 2 ** -53;

/**
 * ρ's error: a number δ (each real parameter of ρ within δ), or a steady state's certificate.conditioning,
 * whose per-parameter statement is sharper: a parameter p with |p| > vouchedAbove is within
 * RELATIVE_TARGET·|p| (and δ = errorBound), one below it within min(vouchedAbove, δ).
 */
export type RhoError = number | Pick<Conditioning, 'errorBound' | 'vouchedAbove'>;

/** The error of a real parameter p of ρ under `e` (RhoError resolved: bound δ, vouched above `above`). */
function parameterError(p: number, bound: number, above: number): number {
  const a = Math.abs(p);
  return Math.min(bound, a > above ? RELATIVE_TARGET * a : above);
}

/** p ↦ the error of a real parameter p of ρ under `rhoError` (δ for a number δ). */
export function parameterErrorOf(rhoError: RhoError): (p: number) => number {
  if (typeof rhoError === 'number') return () => rhoError;
  const { errorBound, vouchedAbove } = rhoError;
  return (p) => parameterError(p, errorBound, vouchedAbove);
}

/** |M| entrywise (moduli as real entries; heatBoundMatrix's first argument). */
export function moduli(m: CsrMatrix): CsrMatrix {
  const v = new Float64Array(m.values.length);
  for (let p = 0; 2 * p < v.length; p++) v[2 * p] = Math.hypot(m.values[2 * p], m.values[2 * p + 1]);
  return new CsrMatrix(m.rows, m.cols, m.rowPtr, m.colIdx, v);
}

/**
 * (Σ_jk A_jk |ρ_kj|, Σ_jk A_jk |Δρ_kj|) for a non-negative real A, |Δρ_kj| ≤ √(Δ(Re)² + Δ(Im)²) with each
 * part's error from RhoError (√2·δ for a number δ).
 */
function sizes(a: CsrMatrix, rho: ReadableRho, rhoError: RhoError): [number, number] {
  const bound = typeof rhoError === 'number' ? rhoError : rhoError.errorBound;
  const above = typeof rhoError === 'number' ? Infinity : rhoError.vouchedAbove;
  let weighted = 0, errors = 0;
  for (let j = 0; j < a.rows; j++) {
    for (let p = a.rowPtr[j]; p < a.rowPtr[j + 1]; p++) {
      const vr = a.values[2 * p], vi = a.values[2 * p + 1], k = a.colIdx[p];
      const v = vi === 0 ? Math.abs(vr) : Math.hypot(vr, vi);
      const re = rho.re(k, j), im = rho.im(k, j); // |ρ_kj| ≤ 1: no overflow in the squares
      weighted += v * Math.sqrt(re * re + im * im);
      const er = parameterError(re, bound, above), ei = parameterError(im, bound, above);
      errors += v * Math.sqrt(er * er + ei * ei);
    }
  }
  return [weighted, errors];
}

/**
 * Y = |o|ᵀ|H0||o| + ½(|o|ᵀ|o||H0| + |H0||o|ᵀ|o|) ≥ |D†[o](H0)| entrywise (module comment), for `h0` already
 * taken entrywise (moduli) and a channel operator o.
 */
export function heatBoundMatrix(h0Moduli: CsrMatrix, operator: CsrMatrix): CsrMatrix {
  const o = moduli(operator), od = o.transpose(), ood = od.mul(o);
  return od.mul(h0Moduli).mul(o).add(ood.mul(h0Moduli).add(h0Moduli.mul(ood)), 0.5);
}

/**
 * The bound of the module comment for rate·Tr{ρ X} with |X| ≤ Y entrywise (energy × rate): rounding
 * (m + 8)·u·rate·Σ Y_jk|ρ_kj| plus rate·Σ Y_jk|Δρ_kj| (√2·δ·rate·Σ Y_jk for a number δ).
 */
export function termBound(y: CsrMatrix, rho: ReadableRho, rate: number, rhoError: RhoError): number {
  const [weighted, errors] = sizes(y, rho, rhoError);
  return rate * ((y.rows + 8) * U * weighted + errors);
}

/**
 * Error bounds of heatCurrents(model, rho) per bath (module comment); `rhoError` ≥ 0 the error of each real
 * parameter of ρ. Unchecked arguments: heat.ts heatCurrentErrors is the public, checking entry.
 */
export function heatCurrentBounds(model: LindbladModel, rho: ReadableRho, rhoError: RhoError): Record<string, number> {
  const h0 = moduli(model.bareHamiltonian.matrix), out: Record<string, number> = {};
  const fast = new Set(model.channels.filter((c) => c.rate === Infinity).map((c) => c.bath));
  let others = 0;
  for (const name of model.baths.keys()) {
    if (fast.has(name)) continue;
    let e = 0;
    for (const c of model.channels) {
      if (c.bath !== name || !(c.rate > 0) || c.operator.isZero()) continue;
      e += termBound(heatBoundMatrix(h0, c.operator.matrix), rho, c.rate, rhoError);
    }
    Object.defineProperty(out, name, { value: e, writable: true, enumerable: true, configurable: true });
    others += e;
  }
  for (const name of fast) {
    const h = moduli(model.hamiltonian.matrix);
    const e = others + termBound(h0.mul(h).add(h.mul(h0)), rho, 1, rhoError);
    Object.defineProperty(out, name, { value: e, writable: true, enumerable: true, configurable: true });
  }
  return out;
}
