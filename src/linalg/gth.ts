/**
 * Stationary vector of an irreducible generator by the Grassmann–Taksar–Heyman (GTH) algorithm: for
 * dπ/dt = Q π with q(j → i) = Q_ij ≥ 0 (i ≠ j), states are eliminated one by one,
 *     s_k = Σ_i q(k → i),    q(j → i) += q(j → k)·q(k → i)/s_k   (i, j remaining, i ≠ j),
 * and π follows backwards from π_root = 1, π_k = Σ_j π_j q(j → k)/s_k over the states j remaining when k
 * was eliminated. The diagonal of Q is never read: every operation adds, multiplies or divides
 * non-negative numbers, so no cancellation occurs and each π_i comes out with a small relative error
 * whatever the rates span (O'Cinneide, Numer. Math. 65 (1993): O(n³u) componentwise, see gthRelativeError;
 * with relative errors η in the off-diagonal rates the Markov chain tree theorem bounds the change of
 * each π_i by a factor ((1+η)/(1−η))^{n−1}, i.e. 2(n−1)η to first order). Dense (`gth`, eliminating last to first) and
 * sparse (`gthSparse`, minimum-degree-like order from AMD, fill only where paths j → k → i appear). When
 * the π span more than 2^1000 the back substitution runs again with each π as m·2^E. No physics.
 */
import { CsrMatrix } from './sparse.ts';
import { computeOrdering } from './sparse-lu.ts';
import { LinalgError } from './errors.ts';

/**
 * First-order componentwise relative error bound of gth()/gthSparse() on n states, for relative errors η in
 * the off-diagonal rates: (n + 3)·n²·u + 2(n − 1)η, u = 2⁻⁵³. Derivation: eliminating one state computes
 * the censored chain's rates with relative error ≤ (n + 3)u each (a sum of ≤ n − 1 positive rates, a
 * division, a product, an addition); by the tree theorem a relative perturbation δ of the rates of an
 * m-state chain moves each π_i by at most 2(m − 1)δ; summed over the stages that is ≤ n(n − 1)(n + 3)u,
 * and the back substitution adds ≤ n(n + 1)u (one sum of positives and a division per level).
 */
export function gthRelativeError(n: number, eta: number): number {
  return (n + 3) * n * n * 2 ** -53 + 2 * Math.max(n - 1, 0) * eta;
}

/**
 * π (unnormalised) for the generator restricted to `states` (indices into the row-major m×m array q,
 * q[i·m + j] = rate j → i), into out[states[k]]; other entries of `out` are left alone. `work` must hold
 * at least n² + n numbers (n = states.length). Returns 0, or, when the values span more than the range of
 * doubles, the magnitude relative to the largest π below which they are subnormal or lost (2^−1021).
 * Throws LinalgError ('singular') when a state has no way out within `states` (not irreducible there).
 */
export function gth(q: Float64Array, m: number, states: ArrayLike<number>, out: Float64Array, work: Float64Array): number {
  const n = states.length, a = work; // a[i·n + j] = rate j → i within `states`
  if (work.length < n * n + n) throw new LinalgError(`GTH: work of length ${work.length} < ${n * n + n}`);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = i === j ? 0 : q[states[i] * m + states[j]];
  for (let k = n - 1; k > 0; k--) {
    let s = 0;
    for (let i = 0; i < k; i++) s += a[i * n + k];
    if (!(s > 0) || !Number.isFinite(s)) throw new LinalgError(`GTH: state ${states[k]} has no transition to the states before it (rate sum ${s})`, 'singular');
    a[k * n + k] = s; // kept for the back substitution
    for (let j = 0; j < k; j++) {
      const f = a[k * n + j] / s; // (rate j → k)/s_k
      if (f === 0) continue;
      for (let i = 0; i < k; i++) if (i !== j) a[i * n + j] += f * a[i * n + k];
    }
  }
  // Back substitution in plain doubles while the values stay within 2^±1000 of each other.
  const o = n * n; // π at work[o + k]
  work[o] = 1;
  let ok = true, lo = 1, hi = 1;
  for (let k = 1; k < n && ok; k++) {
    let v = 0;
    for (let j = 0; j < k; j++) v += work[o + j] * a[k * n + j];
    v /= a[k * n + k];
    work[o + k] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!(hi < 2 ** 1000 && lo > 2 ** -1000 && hi / lo < 2 ** 1000)) ok = false; // also catches NaN
  }
  if (ok) {
    for (let k = 0; k < n; k++) out[states[k]] = work[o + k];
    return 0;
  }
  // The same with π_k = m_k·2^{E_k}: state k (eliminated at step n − 1 − k) draws on the states j < k.
  const inflow = (k: number, visit: (j: number, rate: number) => void) => { for (let j = 0; j < k; j++) visit(j, a[k * n + j]); };
  return scaledBackSubstitution(n, (k) => a[k * n + k], inflow, (k, v) => { out[states[k]] = v; });
}

/**
 * GTH on a sparse generator: `q` holds rates q(j → i) at (i, j) (CSR; the diagonal is ignored), and
 * `states` the irreducible set to solve on. π into out[states[k]], other entries left alone; returns 0 or
 * the lost-range magnitude as gth() does. Throws LinalgError ('singular') when a state has no way out.
 */
export function gthSparse(q: CsrMatrix, states: ArrayLike<number>, out: Float64Array): number {
  const n = states.length, local = new Int32Array(q.rows).fill(-1);
  for (let k = 0; k < n; k++) local[states[k]] = k;
  // out-edges (k → i) and in-edges (j → k) of the remaining states, as maps keyed by the other end.
  const outs: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  const ins: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  const ri: number[] = [], ci: number[] = [];
  for (let i = 0; i < q.rows; i++) {
    const li = local[i];
    if (li < 0) continue;
    for (let p = q.rowPtr[i]; p < q.rowPtr[i + 1]; p++) {
      const lj = local[q.colIdx[p]], v = q.values[2 * p];
      if (lj < 0 || lj === li || !(v > 0)) continue;
      outs[lj].set(li, (outs[lj].get(li) ?? 0) + v);
      ins[li].set(lj, (ins[li].get(lj) ?? 0) + v);
      ri.push(li); ci.push(lj);
    }
  }
  // Elimination order: AMD on the symmetrised pattern (the last state is the root).
  const pattern = CsrMatrix.fromTriplets(n, n, [...ri, ...ci, ...Array.from({ length: n }, (_, k) => k)], [...ci, ...ri, ...Array.from({ length: n }, (_, k) => k)],
    new Float64Array(2 * ri.length + n).fill(1), new Float64Array(2 * ri.length + n));
  const order = computeOrdering(pattern, 'amd');
  const s = new Float64Array(n), recorded: Array<Array<[number, number]>> = new Array(n);
  for (let step = 0; step < n - 1; step++) {
    const k = order[step];
    let sum = 0;
    for (const v of outs[k].values()) sum += v;
    if (!(sum > 0) || !Number.isFinite(sum)) throw new LinalgError(`GTH: state ${states[k]} has no transition to the states not yet eliminated (rate sum ${sum})`, 'singular');
    s[k] = sum;
    const inn = Array.from(ins[k].entries());
    recorded[k] = inn;
    for (const [j, qjk] of inn) {
      const f = qjk / sum;
      for (const [i, qki] of outs[k]) {
        if (i === j) continue;
        const add = f * qki;
        outs[j].set(i, (outs[j].get(i) ?? 0) + add);
        ins[i].set(j, (ins[i].get(j) ?? 0) + add);
      }
      outs[j].delete(k);
    }
    for (const i of outs[k].keys()) ins[i].delete(k);
  }
  // Back substitution in reverse elimination order: position p ↔ state order[n − 1 − p] (root first).
  const pos = new Int32Array(n);
  for (let p = 0; p < n; p++) pos[order[n - 1 - p]] = p;
  const inflow = (p: number, visit: (j: number, rate: number) => void) => {
    for (const [j, r] of recorded[order[n - 1 - p]]) visit(pos[j], r);
  };
  const pi = new Float64Array(n);
  pi[0] = 1;
  let ok = true, lo = 1, hi = 1;
  for (let p = 1; p < n && ok; p++) {
    let v = 0;
    inflow(p, (j, r) => { v += pi[j] * r; });
    v /= s[order[n - 1 - p]];
    pi[p] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!(hi < 2 ** 1000 && lo > 2 ** -1000 && hi / lo < 2 ** 1000)) ok = false;
  }
  if (ok) {
    for (let p = 0; p < n; p++) out[states[order[n - 1 - p]]] = pi[p];
    return 0;
  }
  return scaledBackSubstitution(n, (p) => s[order[n - 1 - p]], inflow, (p, v) => { out[states[order[n - 1 - p]]] = v; });
}

/**
 * π_0 = 1, π_k = Σ_j π_j·rate(j → k)/s_k over the inflows j < k, with π_k = m_k·2^{E_k} (m_k ∈ [1, 2)),
 * normalised at the end to max π ∈ [1, 2); returns 2^−1021 when some results are subnormal or lost
 * (below that magnitude relative to the largest), else 0.
 */
function scaledBackSubstitution(n: number, s: (k: number) => number, inflow: (k: number, visit: (j: number, rate: number) => void) => void,
  write: (k: number, v: number) => void): number {
  const m = new Float64Array(n), e = new Float64Array(n);
  m[0] = 1;
  for (let k = 1; k < n; k++) {
    let top = -Infinity;
    inflow(k, (j, q) => { if (q > 0 && m[j] > 0) top = Math.max(top, e[j] + Math.log2(q)); });
    if (top === -Infinity) continue; // m[k] = 0
    const shift = Math.floor(top);
    let sum = 0;
    inflow(k, (j, q) => {
      if (!(q > 0) || m[j] === 0) return;
      const lq = Math.floor(Math.log2(q)), d = e[j] + lq - shift; // m_j·(q·2^−lq)·2^d, no overflow
      if (d >= -1060) sum += m[j] * (q * 2 ** -lq) * 2 ** d;
    });
    const sk = s(k), ls = Math.floor(Math.log2(sk));
    const v = sum / (sk * 2 ** -ls);
    const lv = Math.floor(Math.log2(v));
    m[k] = v * 2 ** -lv;
    e[k] = shift - ls + lv;
  }
  let top = -Infinity;
  for (let k = 0; k < n; k++) if (m[k] > 0) top = Math.max(top, e[k]);
  let lost = 0;
  for (let k = 0; k < n; k++) {
    const d = e[k] - top;
    if (m[k] > 0 && d < -1021) lost = 2 ** -1021;
    write(k, m[k] > 0 ? m[k] * 2 ** Math.max(d, -1100) : 0);
  }
  return lost;
}
