/**
 * Input checks of the fluctuation-theorem functions (fluctuation.ts, stochastic.ts): measurement bases,
 * probability distributions, per-channel entropy increments and times. Each failure is a LindbladError
 * naming the argument; before these, a short basis gave a wrong process, a p0 that did not sum to 1 a
 * wrong ⟨e^{−Σ}⟩, and short or NaN lists 'internal' errors or NaN.
 */
import { check, checkNumberList, describe } from '../errors.ts';

/** n orthonormal kets (interleaved complex Float64Array of length 2·dim each, to 1e-10). */
export function checkBasis(basis: unknown, n: number, dim: number, field: string): ReadonlyArray<Float64Array> {
  check(Array.isArray(basis), field, `expected an array of ${n} kets, got ${describe(basis)}`);
  check(basis.length === n, field, `expected ${n} kets (a complete basis), got ${basis.length}`);
  basis.forEach((v: unknown, k) => check(v instanceof Float64Array && v.length === 2 * dim && v.every(Number.isFinite), `${field}[${k}]`,
    `expected an interleaved complex ket (Float64Array of length ${2 * dim}) with finite entries, got ${describe(v)}`));
  const b = basis as Float64Array[];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < 2 * dim; k += 2) {
        re += b[i][k] * b[j][k] + b[i][k + 1] * b[j][k + 1];
        im += b[i][k] * b[j][k + 1] - b[i][k + 1] * b[j][k];
      }
      check(Math.hypot(re - (i === j ? 1 : 0), im) <= 1e-10, field, `kets ${i} and ${j} are not orthonormal (⟨${i}|${j}⟩ = ${re.toPrecision(3)}${im !== 0 ? ` + ${im.toPrecision(3)}i` : ''})`);
    }
  }
  return b;
}

/** A probability distribution over n outcomes: finite entries ≥ 0 (−1e-12 allowed: rounding of e^{Wt}p) summing to 1 (to 1e-9). */
export function checkDistribution(p: unknown, n: number, field: string): number[] {
  const xs = checkNumberList(p, field);
  check(xs.length === n, field, `expected ${n} probabilities (one per basis state), got ${xs.length}`);
  xs.forEach((x, k) => check(x >= -1e-12, `${field}[${k}]`, `expected a probability ≥ 0, got ${x}`));
  const total = xs.reduce((a, x) => a + x, 0);
  check(Math.abs(total - 1) <= 1e-9, field, `probabilities must sum to 1, got ${total}`);
  return xs;
}

/** One finite entropy increment per channel. */
export function checkIncrements(s: unknown, channels: number, field = 's'): number[] {
  const xs = checkNumberList(s, field);
  check(xs.length === channels, field, `expected one increment per channel (${channels}), got ${xs.length}`);
  return xs;
}

/** A finite time ≥ 0. */
export function checkTime(t: unknown, field = 't'): number {
  check(typeof t === 'number' && Number.isFinite(t) && t >= 0, field, `expected a finite time ≥ 0, got ${describe(t)}`);
  return t as number;
}
