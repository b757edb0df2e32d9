/**
 * Iterative refinement with an extra-precise residual. The residual r = b − A x is accumulated in
 * double-double arithmetic (error-free TwoSum and Dekker's TwoProduct), so after a correction step
 * x ← x + A⁻¹r every component of x — including components far smaller than ‖x‖ — is accurate to a few
 * ulps of itself when A is not too ill-conditioned. This matters when tiny entries of a solution enter
 * square roots downstream (e.g. √(p_G p_E) in a concurrence).
 */
import type { CsrMatrix } from './sparse.ts';
import type { LinearSolver } from './solver.ts';
import { LinalgError } from './errors.ts';
import type { ResidualKernel } from './unrolled.ts';
import { checkArgument } from './arguments.ts';
import { DoubleDouble } from './double-double.ts';

const SPLIT = 134217729; // 2^27 + 1
/**
 * Refinement stops after a correction of at most one ulp in every component (|d_i| ≤ 2⁻⁵²|x_i|): a further
 * step could only move the last bit back and forth, since the corrected x is rounded to double.
 */
const ULP = 2 ** -52;

/** r = b − A x for complex interleaved vectors, each entry accumulated in double-double. */
export function residualExtended(a: CsrMatrix, x: Float64Array, b: Float64Array, r?: Float64Array): Float64Array {
  checkArgument(a, 'csr', 'residualExtended', 'a');
  checkArgument(x, 'vector', 'residualExtended', 'x');
  checkArgument(b, 'vector', 'residualExtended', 'b');
  if (r === undefined) r = new Float64Array(2 * a.rows);
  else checkArgument(r, 'vector', 'residualExtended', 'r');
  if (x.length !== 2 * a.cols || b.length !== 2 * a.rows || r.length !== 2 * a.rows) {
    throw new LinalgError(`residualExtended: lengths x ${x.length}, b ${b.length}, r ${r.length} do not fit a ${a.rows}×${a.cols} matrix (2 doubles per entry)`);
  }
  const re = new DoubleDouble(), im = new DoubleDouble();
  for (let i = 0; i < a.rows; i++) {
    re.hi = b[2 * i]; re.lo = 0;
    im.hi = b[2 * i + 1]; im.lo = 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const c = 2 * a.colIdx[p], ar = a.values[2 * p], ai = a.values[2 * p + 1], xr = x[c], xi = x[c + 1];
      re.addProduct(-ar, xr);
      re.addProduct(ai, xi);
      im.addProduct(-ar, xi);
      im.addProduct(-ai, xr);
    }
    r[2 * i] = re.value();
    r[2 * i + 1] = im.value();
  }
  return r;
}

/**
 * Refines a solution x of A x = b in place with up to `steps` extra-precise residual corrections
 * (stops when the correction changes no component by more than an ulp). Returns the number of steps taken.
 */
export function refineSolution(a: CsrMatrix, lu: LinearSolver, b: Float64Array, x: Float64Array, steps = 3): number {
  checkArgument(a, 'csr', 'refineSolution', 'a');
  checkArgument(lu, 'solver', 'refineSolution', 'lu');
  checkArgument(b, 'vector', 'refineSolution', 'b');
  checkArgument(x, 'vector', 'refineSolution', 'x');
  checkArgument(steps, 'count', 'refineSolution', 'steps');
  const r = new Float64Array(x.length);
  for (let k = 0; k < steps; k++) {
    residualExtended(a, x, b, r);
    const d = lu.solve(r);
    let changed = false;
    for (let i = 0; i < x.length; i++) {
      const nx = x[i] + d[i];
      if (Math.abs(d[i]) > ULP * Math.abs(nx)) changed = true;
      x[i] = nx;
    }
    if (!changed) return k + 1;
  }
  return steps;
}

/** A real square matrix in CSR form (values real, one per stored entry). */
export interface RealCsr {
  readonly rows: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
  /**
   * Optional straight-line form of residualExtendedReal for this pattern (unrolled.ts): the same
   * operations in the same order, called with `values`.
   */
  readonly residual?: ResidualKernel | null;
}

/**
 * r = b − A x for a real A and real vectors, each entry accumulated in double-double (the TwoSum and
 * TwoProduct of DoubleDouble (double-double.ts), written out on local variables: this runs once per refinement step).
 */
export function residualExtendedReal(a: RealCsr, x: Float64Array, b: Float64Array, r: Float64Array): Float64Array {
  const { rowPtr, colIdx, values } = a;
  if (a.residual) {
    a.residual(values, x, b, r);
    return r;
  }
  for (let i = 0; i < a.rows; i++) {
    let hi = b[i], lo = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const u = -values[p];
      if (u === 0) continue; // stored zeros (e.g. a dense matrix seen as CSR) add exactly nothing
      const v = x[colIdx[p]], prod = u * v;
      let t = SPLIT * u;
      const uh = t - (t - u), ul = u - uh;
      t = SPLIT * v;
      const vh = t - (t - v), vl = v - vh;
      const pe = ((uh * vh - prod) + uh * vl + ul * vh) + ul * vl;
      const s = hi + prod, bb = s - hi;
      lo += ((hi - (s - bb)) + (prod - bb)) + pe;
      hi = s;
    }
    r[i] = hi + lo;
  }
  return r;
}

/**
 * refineSolution for a real system: x of A x = b refined in place with up to `steps` extra-precise
 * residual corrections x ← x + A⁻¹(b − A x); `work` (two vectors of length rows: residual and correction)
 * avoids allocation. Convergence is judged on the first `judged` components only (default all; e.g. not on
 * a Lagrange multiplier whose exact value is 0, where no relative accuracy exists). Returns the number of
 * corrections applied (it stops early, without touching x, when the residual is not finite).
 */
export function refineSolutionReal(a: RealCsr, lu: { solve(r: Float64Array, out: Float64Array): Float64Array },
  b: Float64Array, x: Float64Array, steps = 3, work: { r: Float64Array; d: Float64Array } = { r: new Float64Array(a.rows), d: new Float64Array(a.rows) },
  judged = a.rows): number {
  const n = a.rows, { r, d } = work;
  for (let k = 0; k < steps; k++) {
    residualExtendedReal(a, x, b, r);
    // A non-finite residual (entries or x beyond ~1e300, where the exact splitting overflows) cannot
    // improve x: stop with x as it is (the caller's error estimate sees the residual).
    let finite = true;
    for (let i = 0; i < n; i++) if (!Number.isFinite(r[i])) { finite = false; break; }
    if (!finite) return k;
    lu.solve(r, d);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const nx = x[i] + d[i];
      if (i < judged && Math.abs(d[i]) > ULP * Math.abs(nx)) changed = true;
      x[i] = nx;
    }
    if (!changed) return k + 1;
  }
  return steps;
}
