/**
 * Error-free transformations of floating-point arithmetic (Knuth's TwoSum, Dekker's TwoProduct with
 * Veltkamp's split) and a double-double accumulator built on them: the exact rounding error of one
 * addition or multiplication, as a double, so that sums of products can be carried to about twice the
 * working precision (Ogita, Rump & Oishi's Sum2/Dot2). Valid while no intermediate overflows (|a|, |b| below
 * ~1e300). Physics-free.
 */

/** 2^27 + 1: Veltkamp's splitting constant for doubles. */
const SPLIT = 134217729;

/**
 * The exact error of p = fl(a·b): a·b = p + productError(a, b, p) exactly (TwoProduct without FMA); 0 where
 * it cannot be formed (a factor beyond ~1e299, whose split overflows, or a non-finite product), and not
 * exact where the error falls below the smallest normal double (underflow).
 */
export function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return e - e === 0 ? e : 0;
}

/** The exact error of s = fl(a + b): a + b = s + sumError(a, b, s) exactly (TwoSum, any order of magnitude); 0 for a non-finite sum. */
export function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  const e = (a - (s - bb)) + (b - bb);
  return e - e === 0 ? e : 0;
}

/**
 * (hi + lo) − stored to about twice the working precision: what a double-double sum hi + lo adds to a
 * rounded value `stored` of the same sum (computed elsewhere, perhaps in another order); 0 where it overflowed.
 */
export function lowPart(hi: number, lo: number, stored: number): number {
  const d = hi - stored, low = d + (sumError(hi, -stored, d) + lo);
  return low - low === 0 ? low : 0;
}

/** A sum Σ a_k b_k (or Σ x_k) kept as hi + lo, each product and addition error-free; lo gathers the errors. */
export class DoubleDouble {
  hi = 0;
  lo = 0;
  /** hi + lo += a·b. */
  addProduct(a: number, b: number): void {
    const p = a * b;
    this.add(p);
    this.lo += productError(a, b, p);
  }
  /** hi + lo += x. */
  add(x: number): void {
    const s = this.hi + x;
    this.lo += sumError(this.hi, x, s);
    this.hi = s;
  }
  /** The sum rounded to a double. */
  value(): number {
    return this.hi + this.lo;
  }
  reset(): void {
    this.hi = 0;
    this.lo = 0;
  }
}
