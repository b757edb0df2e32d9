/**
 * Straight-line kernels for tiny fixed sizes and patterns, generated with `new Function` (once per size,
 * pattern or set of terms, by the code that owns them): at n ≤ 8 the loops of a triangular solve run 0–7
 * iterations each and the branch mispredictions cost more than the arithmetic (measured: a 5×5 LU solve
 * 52 ns with loops, 16 ns unrolled; a 16×16 Liouvillian's Σ_t θ_t L_t 0.24 µs with loops, 0.013 µs
 * unrolled). Every generated kernel performs the same floating-point operations in the same order as the
 * loop it replaces, so results are the same bit for bit (the combination kernels up to the sign of a
 * zero). Only numbers and generated names enter the source text. Where code generation is unavailable
 * (a Content-Security-Policy without 'unsafe-eval'), the getters return null and callers keep their
 * loops. No physics.
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

/**
 * In-place real LU with partial pivoting of a row-major n×n array (the right-looking rank-1 elimination
 * of lu-kernels.ts): `perm` (identity on entry) receives the row permutation, `fail(best, k, n)` is called
 * when column k's largest candidate pivot `best` is not a positive finite number (it must throw).
 * Returns sign(P).
 */
export type LuFactorKernel = (m: Float64Array, perm: Int32Array, fail: (best: number, k: number, n: number) => void) => number;

const factors = new Map<number, LuFactorKernel | null>();

/** The unrolled real LU factorisation of size n (1 ≤ n ≤ UNROLL_LIMIT), or null when unavailable. */
export function unrolledLuFactor(n: number): LuFactorKernel | null {
  if (!(Number.isInteger(n) && n >= 1 && n <= UNROLL_LIMIT)) return null;
  let k = factors.get(n);
  if (k === undefined) {
    const lines = ['let sign = 1, piv = 0, best = -1, t = 0, l = 0, pv = 0, pr = 0;'];
    for (let c = 0; c < n; c++) {
      lines.push(`piv = ${c}; best = -1;`);
      for (let i = c; i < n; i++) lines.push(`t = Math.abs(m[${i * n + c}]); if (t > best) { best = t; piv = ${i}; }`);
      lines.push(`if (!(best > 0 && best < Infinity)) fail(best, ${c}, ${n});`);
      const swap: string[] = [];
      for (let j = 0; j < n; j++) swap.push(`t = m[${c * n + j}]; m[${c * n + j}] = m[pr + ${j}]; m[pr + ${j}] = t;`);
      lines.push(`if (piv !== ${c}) { pr = piv * ${n}; ${swap.join(' ')} t = perm[${c}]; perm[${c}] = perm[piv]; perm[piv] = t; sign = -sign; }`);
      if (c + 1 < n) lines.push(`pv = m[${c * n + c}];`);
      for (let i = c + 1; i < n; i++) {
        const upd: string[] = [];
        for (let j = c + 1; j < n; j++) upd.push(`m[${i * n + j}] -= l * m[${c * n + j}];`);
        lines.push(`l = m[${i * n + c}] / pv; m[${i * n + c}] = l;${upd.length ? ` if (l !== 0) { ${upd.join(' ')} }` : ''}`);
      }
    }
    lines.push('return sign;');
    k = compile<LuFactorKernel>(['m', 'perm', 'fail'], lines.join('\n'));
    factors.set(n, k);
  }
  return k;
}

/**
 * r = b − A x for a real A stored at positions pos[e] of `values`, with its structural entries e given
 * row by row (rows ascending, columns ascending within a row): each row accumulated in double-double
 * (Dekker's TwoProduct, Knuth's TwoSum), term by term in that order and skipping zero entries, exactly
 * as residualExtendedReal of refine.ts.
 */
export type ResidualKernel = (values: Float64Array, x: Float64Array, b: Float64Array, r: Float64Array) => void;

/** Largest number of structural entries for which a residual kernel is generated. */
export const UNROLL_ENTRIES = 128;

const residuals = new Map<string, ResidualKernel | null>();

/**
 * The unrolled extra-precise residual for a fixed pattern (`row`, `col`, `pos` per entry, in the order
 * above; rows without entries give r_i = b_i), or null when too large or unavailable.
 */
export function unrolledResidual(rows: number, row: ArrayLike<number>, col: ArrayLike<number>, pos: ArrayLike<number>): ResidualKernel | null {
  const ne = row.length;
  if (ne > UNROLL_ENTRIES || rows > UNROLL_ENTRIES) return null;
  const key = `${rows}|${Array.from(row).join(',')}|${Array.from(col).join(',')}|${Array.from(pos).join(',')}`;
  let k = residuals.get(key);
  if (k === undefined) {
    const S = 134217729; // 2^27 + 1, Dekker's split
    const lines = ['let hi = 0, lo = 0, u = 0, v = 0, p = 0, t = 0, uh = 0, ul = 0, vh = 0, vl = 0, e = 0, s = 0, bb = 0;'];
    let q = 0;
    for (let i = 0; i < rows; i++) {
      lines.push(`hi = b[${i}]; lo = 0;`);
      for (; q < ne && row[q] === i; q++) {
        lines.push(`u = -values[${pos[q]}]; if (u !== 0) { v = x[${col[q]}]; p = u * v; t = ${S} * u; uh = t - (t - u); ul = u - uh; `
          + `t = ${S} * v; vh = t - (t - v); vl = v - vh; e = ((uh * vh - p) + uh * vl + ul * vh) + ul * vl; `
          + 's = hi + p; bb = s - hi; lo += ((hi - (s - bb)) + (p - bb)) + e; hi = s; }');
      }
      lines.push(`r[${i}] = hi + lo;`);
    }
    if (q !== ne) return null; // entries not in row order: leave it to the loops
    k = compile<ResidualKernel>(['values', 'x', 'b', 'r'], lines.join('\n'));
    if (residuals.size > 256) residuals.clear();
    residuals.set(key, k);
  }
  return k;
}

/**
 * out = Σ_t θ_t A_t on a union pattern: term t has entries (re, im) at slots[p] of the union, written as
 * interleaved complex numbers (out[2q], out[2q + 1]), or, for `real` kernels, only the real parts at out[q]
 * and only at the slots some term uses (the others are left as they are).
 * Each slot is summed over terms in ascending order as PatternSum does; zero parts of an A_t entry are
 * left out (they could only change the sign of a zero). The entries become literals of the generated code
 * (a JS number prints and parses back exactly).
 */
export type CombinationKernel = (theta: ArrayLike<number>, out: Float64Array) => void;

/**
 * The unrolled linear combination for fixed terms (each: slot per entry, interleaved values), or null
 * when the union has more than 2·UNROLL_ENTRIES slots or code generation is unavailable.
 */
export function unrolledCombination(slotCount: number, terms: ReadonlyArray<{ slots: ArrayLike<number>; values: ArrayLike<number> }>, real = false): CombinationKernel | null {
  if (slotCount > 2 * UNROLL_ENTRIES) return null;
  const re: string[][] = Array.from({ length: slotCount }, () => []), im: string[][] = Array.from({ length: slotCount }, () => []);
  const lit = (x: number) => (x < 0 ? `(${x})` : String(x));
  const used = new Uint8Array(slotCount);
  terms.forEach((t, k) => {
    for (let p = 0; p < t.slots.length; p++) {
      const q = t.slots[p], a = t.values[2 * p], b = t.values[2 * p + 1];
      used[q] = 1;
      if (a !== 0) re[q].push(`c${k} * ${lit(a)}`);
      if (b !== 0) im[q].push(`c${k} * ${lit(b)}`);
    }
  });
  const lines = terms.map((_, k) => `const c${k} = +theta[${k}];`);
  for (let q = 0; q < slotCount; q++) {
    if (real) {
      if (used[q]) lines.push(`out[${q}] = ${['0', ...re[q]].join(' + ')};`);
      continue;
    }
    lines.push(`out[${2 * q}] = ${['0', ...re[q]].join(' + ')};`);
    lines.push(`out[${2 * q + 1}] = ${['0', ...im[q]].join(' + ')};`);
  }
  return compile<CombinationKernel>(['theta', 'out'], lines.join('\n'));
}

/**
 * max_g Σ_{p in group g} |v_p| for complex entries v (interleaved) grouped by group[p] (e.g. the rows of a
 * matrix stored column-wise), each group summed in ascending p, |v| as √(re² + im²) unless that under- or
 * overflows (then Math.hypot).
 */
export type GroupNormKernel = (v: Float64Array) => number;

export function unrolledGroupNorm(groups: number, group: ArrayLike<number>): GroupNormKernel | null {
  if (group.length > 2 * UNROLL_ENTRIES) return null;
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let p = 0; p < group.length; p++) members[group[p]].push(p);
  const lines = ['let best = 0, s = 0, a = 0, b = 0, q = 0;'];
  for (const ps of members) {
    if (ps.length === 0) continue;
    lines.push('s = 0;');
    for (const p of ps) lines.push(`a = v[${2 * p}]; b = v[${2 * p + 1}]; q = a * a + b * b; s += q > 1e-290 && q < 1e290 ? Math.sqrt(q) : Math.hypot(a, b);`);
    lines.push('if (s > best) best = s;');
  }
  lines.push('return best;');
  return compile<GroupNormKernel>(['v'], lines.join('\n'));
}

function compile<F>(args: string[], body: string): F | null {
  try {
    return new Function(...args, `'use strict';\n${body}`) as F;
  } catch {
    return null; // e.g. code generation disallowed by a Content-Security-Policy
  }
}
