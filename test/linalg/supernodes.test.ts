/**
 * The supernodal refactorisation (linalg/supernodes.ts, sparse-kernels.ts `runUpdate`): the partition of a
 * known L pattern, the run kernel bit for bit the column-by-column loop (zero members included), and on
 * fill-heavy patterns with wide supernodes a refactorisation bit for bit a fresh column-by-column
 * factorisation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrMatrix } from '../../src/linalg/sparse.ts';
import { amdOrdering } from '../../src/linalg/ordering.ts';
import { factorGilbertPeierls } from '../../src/linalg/sparse-lu-factor.ts';
import { RealLuRefactor } from '../../src/linalg/sparse-lu-refactor.ts';
import { cscPattern } from '../../src/linalg/csc-pattern.ts';
import { supernodeRuns } from '../../src/linalg/supernodes.ts';
import { runUpdate, scatterAxpy } from '../../src/linalg/sparse-kernels.ts';
import { gridLaplacian, rng } from './sparse-fixtures.ts';

test('findSupernodes, canonicalRows, supernodeRuns on a hand-made L pattern', () => {
  // Steps 0–2 form a supernode (L(:,0) = {1} ∪ L(:,1), L(:,1) = {2} ∪ L(:,2) = {2, 5, 7}); step 3 does not
  // continue 2 (L(:,3) = {4, 6}); 3–4 form one (L(:,4) = {6}); 5 is alone (empty column after a non-chain).
  const cols = [[7, 1, 2, 5], [5, 2, 7], [7, 5], [6, 4], [6], []];
  const Lp = new Int32Array(cols.length + 1);
  cols.forEach((c, k) => { Lp[k + 1] = Lp[k] + c.length; });
  const Li = Int32Array.from(cols.flat());
  const starts = findSupernodes(Lp, Li, 6);
  assert.deepEqual(Array.from(starts), [0, 3, 5, 6]);
  const { Li: canon, from } = canonicalRows(Lp, Li, starts);
  // R = L(:, 2) in its own order [7, 5]; every member lists its chain rows first, then R.
  assert.deepEqual(Array.from(canon), [1, 2, 7, 5, 2, 7, 5, 7, 5, 4, 6, 6]);
  assert.ok(from !== null, 'the hand-made columns are out of canonical order');
  assert.deepEqual(Array.from(from).map((p) => Li[p]), Array.from(canon), 'from maps each new position to its old one');
  assert.equal(canonicalRows(Lp, canon, starts).from, null, 'rows already in canonical order: nothing to move');
  // U patterns: column 6 meets 0, 1, 2 in turn (one run), column 7 meets 1, 2, 4, 3 (runs 1–2, 4, 3).
  const Up = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 3, 7]), Ui = Int32Array.from([0, 1, 2, 1, 2, 4, 3]);
  assert.deepEqual(Array.from(supernodeRuns(Up, Ui, starts, 6)), [3, 0, 0, 2, 0, 1, 1]);
});

test('runUpdate is bit for bit the column-by-column loop, zero members included (runs of 2–11)', () => {
  const r = rng(5);
  for (let trial = 0; trial < 300; trial++) {
    const len = 2 + Math.floor(r() * 10), below = Math.floor(r() * 9), first = 1 + Math.floor(r() * 3);
    const last = first + len - 1, n = last + 1 + below + 3;
    // Rows below the run: distinct, in a random order, shared by every member (canonical order).
    const rows = Array.from({ length: n - last - 1 }, (_, i) => last + 1 + i).sort(() => r() - 0.5).slice(0, below);
    const Lp = new Int32Array(n + 1), li: number[] = [], lx: number[] = [];
    for (let s = 0; s < n; s++) {
      if (s >= first && s <= last) {
        for (let t = s + 1; t <= last; t++) { li.push(t); lx.push((r() - 0.5) * 10 ** Math.round(6 * r() - 3)); }
        for (const t of rows) { li.push(t); lx.push((r() - 0.5) * 10 ** Math.round(6 * r() - 3)); }
      }
      Lp[s + 1] = li.length;
    }
    // Rows by step (as in the refactorisation) or, every other trial, relabelled as original rows π(step)
    // (as in the fresh factorisation, where x is indexed by original row).
    const pi = trial % 2 === 0 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
    const Li = Int32Array.from(li, (t) => pi[t]), Lx = Float64Array.from(lx);
    const x0 = Float64Array.from({ length: n }, () => (r() < 0.15 ? 0 : r() - 0.5));
    if (trial % 3 === 0) x0[pi[first + Math.floor(r() * len)]] = 0;
    const want = Float64Array.from(x0), got = Float64Array.from(x0);
    for (let s = first; s <= last; s++) if (want[pi[s]] !== 0) scatterAxpy(want, Li, Lx, Lp[s], Lp[s + 1], want[pi[s]]);
    runUpdate(got, Lp, Li, Lx, first, len, pi[first]);
    assert.ok(got.every((v, k) => Object.is(v, want[k])), `trial ${trial}: len ${len}, ${below} rows below`);
  }
});

test('supernodal refactorisation: bit for bit a fresh column-by-column factorisation on fill-heavy patterns', () => {
  const r = rng(23);
  let wide = 0, accepted = 0;
  for (const [m, tailFrac] of [[12, 0], [15, 0.1], [18, 0.05], [14, 0.3]] as const) {
    const grid = gridLaplacian(m), n = grid.rows;
    // The grid's pattern plus a few random couplings (fill that pivoting and supernodes have to follow).
    const ri: number[] = [], ci: number[] = [];
    for (let i = 0; i < n; i++) for (let t = grid.rowPtr[i]; t < grid.rowPtr[i + 1]; t++) { ri.push(i); ci.push(grid.colIdx[t]); }
    for (let e = 0; e < n / 4; e++) { ri.push(Math.floor(r() * n)); ci.push(Math.floor(r() * n)); }
    const pat = CsrMatrix.fromTriplets(n, n, ri, ci, ri.map(() => 1), ri.map(() => 0));
    const csc = cscPattern(pat.rowPtr, pat.colIdx, n), q = amdOrdering(pat), k0 = Math.round(n * (1 - tailFrac));
    const v = Float64Array.from({ length: pat.nnz }, (_, t) => (pat.colIdx[t] === rowOf(pat, t) ? 4 + r() : -1 + 0.5 * r()));
    const fresh = (values: Float64Array): RealLuRefactor => {
      const z = new Float64Array(values.length);
      for (let t = 0; t < z.length; t++) z[t] = values[csc.src[t]];
      const f = factorGilbertPeierls({ rows: n, rowPtr: csc.colPtr, colIdx: csc.rowIdx, values: z, nnz: z.length }, q,
        { pivotThreshold: 0.1, singularTolerance: 1e-14, recordCandidates: true, denseFrom: k0, real: true });
      const lu = new RealLuRefactor(pat.rowPtr, pat.colIdx, f, csc);
      lu.completeTail(values, 1e-14);
      return lu;
    };
    const re = fresh(v);
    const sn = re.structure().supernodes;
    for (let t = 0; t + 1 < sn.length; t++) if (sn[t + 1] - sn[t] >= 4) wide += sn[t + 1] - sn[t];
    for (let step = 0; step < 4; step++) {
      for (let t = 0; t < v.length; t++) v[t] *= 1 + 1e-3 * (2 * r() - 1);
      const saved = v.slice();
      if (step === 2) for (let t = 0; t < v.length; t += 7) if (pat.colIdx[t] !== rowOf(pat, t)) v[t] = 0; // exact zeros: zero members in the runs
      let f: RealLuRefactor;
      try {
        f = fresh(v);
      } catch {
        assert.equal(re.refactor(v, 0.1, 1e-14), false, 'a singular matrix is declined');
        v.set(saved);
        continue;
      }
      if (!re.refactor(v, 0.1, 1e-14)) continue;
      accepted++;
      const b = Float64Array.from({ length: n }, () => 2 * r() - 1);
      const x1 = re.solveReal(b), x2 = f.solveReal(b);
      assert.ok(x1.every((x, k) => Object.is(x, x2[k])), `grid ${m}: same solution bit for bit`);
      assert.equal(re.minPivot, f.minPivot);
      assert.equal(re.maxPivot, f.maxPivot);
      if (k0 === n) assert.ok(x1.every((x, k) => Object.is(x, columnByColumn(re, b)[k])), `grid ${m}: the supernodal solve is the column loop's`);
    }
  }
  assert.ok(wide > 100, `wide supernodes exercised (${wide} columns in supernodes of width ≥ 4)`);
  assert.ok(accepted >= 12, `refactorisations exercised (${accepted})`);
});

test('fresh factorisation: every supernode closed in canonical order, the same in complex and real mode', () => {
  const r = rng(31);
  for (const [m, tailFrac] of [[13, 0], [16, 0.08]] as const) {
    const grid = gridLaplacian(m), n = grid.rows;
    const ri: number[] = [], ci: number[] = [];
    for (let i = 0; i < n; i++) for (let t = grid.rowPtr[i]; t < grid.rowPtr[i + 1]; t++) { ri.push(i); ci.push(grid.colIdx[t]); }
    for (let e = 0; e < n / 5; e++) { ri.push(Math.floor(r() * n)); ci.push(Math.floor(r() * n)); }
    const vals = ri.map((i, t) => (i === ci[t] ? 4 + r() : -1 + 0.5 * r()));
    const a = CsrMatrix.fromTriplets(n, n, ri, ci, vals, vals.map(() => 0));
    const csc = a.transpose(), q = amdOrdering(a), k0 = Math.round(n * (1 - tailFrac));
    const real = Float64Array.from({ length: csc.nnz }, (_, t) => csc.values[2 * t]);
    const opts = { pivotThreshold: 0.1, singularTolerance: 1e-14, recordCandidates: true, denseFrom: k0 };
    const fr = factorGilbertPeierls({ ...pick(csc), values: real }, q, { ...opts, real: true });
    const fc = factorGilbertPeierls(pick(csc), q, opts);
    assert.deepEqual(Array.from(fr.Li), Array.from(fc.Li), 'same L pattern and order in both modes');
    assert.deepEqual(Array.from(fr.Ui), Array.from(fc.Ui), 'same U pattern and topological order in both modes');
    assert.ok(fr.Lx.every((v, p) => Object.is(v, fc.Lx[2 * p])), 'real mode: the real parts of the complex factors, bit for bit');
    const starts = findSupernodes(fr.Lp, fr.Li, k0);
    assert.deepEqual(Array.from(fr.supernodes), Array.from(starts), 'the kernel reports the supernodes findSupernodes finds');
    assert.deepEqual(Array.from(fc.supernodes), Array.from(starts));
    const { from } = canonicalRows(fr.Lp, fr.Li, starts);
    assert.equal(from, null, 'every supernode left in canonical order by the kernel');
    let widest = 0;
    for (let t = 0; t + 1 < starts.length; t++) widest = Math.max(widest, starts[t + 1] - starts[t]);
    assert.ok(widest >= 8, `wide supernodes (${widest})`);
  }
});

function pick(c: CsrMatrix): { rows: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array; nnz: number } {
  return { rows: c.rows, rowPtr: c.rowPtr, colIdx: c.colIdx, values: c.values, nnz: c.nnz };
}

function rowOf(a: CsrMatrix, t: number): number {
  let i = 0;
  while (a.rowPtr[i + 1] <= t) i++;
  return i;
}

/** x = Q·U⁻¹·L⁻¹·P·b column by column (no supernodes), from the factors of a LU without a dense tail. */
function columnByColumn(lu: RealLuRefactor, b: Float64Array): Float64Array {
  const { n, Lp, Li, Lx, Up, Ui, Ux, Ud, prow, q } = lu as unknown as Record<string, Int32Array & Float64Array> & { n: number };
  const y = Float64Array.from({ length: n }, (_, k) => b[prow[k]]);
  for (let k = 0; k < n; k++) if (y[k] !== 0) scatterAxpy(y, Li, Lx, Lp[k], Lp[k + 1], y[k]);
  for (let k = n - 1; k >= 0; k--) {
    const d = Ud[k];
    y[k] = (y[k] * d) / (d * d);
    if (y[k] !== 0) scatterAxpy(y, Ui, Ux, Up[k], Up[k + 1], y[k]);
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[q[k]] = y[k];
  return x;
}

test('fresh factorisation on unsymmetric patterns with off-diagonal pivots: the kernel finds every supernode, in canonical order', () => {
  const r = rng(77);
  let factored = 0, pivoted = 0, wide = 0;
  for (let trial = 0; trial < 150; trial++) {
    const n = 10 + Math.floor(r() * 150), per = 1 + Math.floor(r() * 5), weak = r() < 0.5;
    const ri: number[] = [], ci: number[] = [], v: number[] = [];
    for (let i = 0; i < n; i++) {
      ri.push(i); ci.push(i); v.push(weak ? 1e-3 * r() : 2 + r());
      for (let t = 0; t < per; t++) { ri.push(i); ci.push(Math.floor(r() * n)); v.push(r() - 0.5); }
    }
    const a = CsrMatrix.fromTriplets(n, n, ri, ci, v, v.map(() => 0));
    const k0 = r() < 0.5 ? n : Math.floor(n * r());
    let f;
    try {
      f = factorGilbertPeierls(a.transpose(), amdOrdering(a), { pivotThreshold: 0.1, singularTolerance: 1e-14, denseFrom: k0 });
    } catch {
      continue; // structurally or numerically singular: nothing to compare
    }
    factored++;
    if (f.offDiagonalPivots > 0) pivoted++;
    const starts = findSupernodes(f.Lp, f.Li, f.denseFrom ?? n);
    for (let t = 0; t + 1 < starts.length; t++) if (starts[t + 1] - starts[t] >= 4) wide++;
    assert.deepEqual(Array.from(f.supernodes), Array.from(starts), `trial ${trial}: the kernel's supernodes`);
    assert.equal(canonicalRows(f.Lp, f.Li, starts).from, null, `trial ${trial}: canonical order`);
  }
  assert.ok(factored > 100 && pivoted > 40 && wide > 50, `exercised: ${factored} factorised, ${pivoted} with off-diagonal pivots, ${wide} wide supernodes`);
});

// The definitions, checked directly on a factorisation's L in step numbering: the references the kernel's
// own supernodes (LuFactors.supernodes) and row order are compared with.

/** The supernode partition of steps 0 … k0 − 1: supernode t is the steps start[t] … start[t+1] − 1. */
function findSupernodes(Lp: Int32Array, Li: Int32Array, k0: number): Int32Array {
  const starts: number[] = [];
  const mark = new Int32Array(Math.max(k0, maxIndex(Li) + 1)).fill(-1);
  for (let s = 0; s < k0; s++) {
    if (s === 0 || !continues(Lp, Li, s - 1, mark)) starts.push(s);
  }
  starts.push(k0);
  return Int32Array.from(starts);
}

/** Whether column s + 1 continues column s: L(:, s) = {s + 1} ∪ L(:, s + 1) (mark: scratch, −1 or stale). */
function continues(Lp: Int32Array, Li: Int32Array, s: number, mark: Int32Array): boolean {
  const b = Lp[s], e = Lp[s + 1], nb = Lp[s + 1], ne = Lp[s + 2];
  if (e - b !== ne - nb + 1) return false;
  for (let p = nb; p < ne; p++) mark[Li[p]] = s;
  mark[s + 1] = s;
  for (let p = b; p < e; p++) if (mark[Li[p]] !== s) return false;
  return true;
}

function maxIndex(a: Int32Array): number {
  let m = -1;
  for (let p = 0; p < a.length; p++) if (a[p] > m) m = a[p];
  return m;
}

/**
 * L's row indices in the canonical order of every supernode (module comment), and the map from new to old
 * positions ; null, with Li itself, when the rows are in that order already.
 */
function canonicalRows(Lp: Int32Array, Li: Int32Array, starts: Int32Array): { Li: Int32Array; from: Int32Array | null } {
  const out = Int32Array.from(Li), from = new Int32Array(Li.length);
  for (let p = 0; p < from.length; p++) from[p] = p;
  const pos = new Int32Array(Math.max(maxIndex(Li) + 1, 1));
  for (let t = 0; t + 1 < starts.length; t++) {
    const s0 = starts[t], s1 = starts[t + 1] - 1;
    if (s1 === s0) continue;
    const rb = Lp[s1], re = Lp[s1 + 1];
    for (let s = s0; s < s1; s++) {
      const b = Lp[s];
      for (let p = b; p < Lp[s + 1]; p++) pos[Li[p]] = p;
      let at = b;
      for (let r = s + 1; r <= s1; r++, at++) { out[at] = r; from[at] = pos[r]; }
      for (let p = rb; p < re; p++, at++) { out[at] = Li[p]; from[at] = pos[Li[p]]; }
    }
  }
  for (let p = 0; p < from.length; p++) if (from[p] !== p) return { Li: out, from };
  return { Li, from: null };
}
