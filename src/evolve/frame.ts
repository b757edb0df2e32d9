/**
 * Rotating frames. If a Hermitian N has a commutator superoperator ad_N(ρ) = [N, ρ] that commutes with
 * the whole Liouvillian, [ad_N, L] = 0, then for H = H' + cN
 *
 *     L = L' − i c·ad_N,   e^{Lt} = e^{−ic·ad_N t} e^{L't},   ρ_lab(t) = U(t) ρ_rot(t) U(t)†,  U(t) = e^{−icNt},
 *
 * so the model with H' (the rotating frame) has the same populations in N's eigenbasis, the same steady
 * state and the same decay rates (the spectrum only shifts along the imaginary axis), without the fast
 * phase rotation at frequency c. Typical N: a conserved total excitation number, e.g. ω0(n1 + n2 + a†a)
 * in the cavity model. Units: those of the model (ħ = 1); c·N is an energy, t a time.
 */
import { CsrMatrix } from '../linalg/sparse.ts';
import { DenseMatrix } from '../linalg/dense.ts';
import { eigh } from '../linalg/eigh.ts';
import { LindbladError, check, checkFinite, checkInstance, describe, checkOptions } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator, op, sum } from '../model/operator.ts';
import { liouvillian } from '../liouvillian/liouvillian.ts';
import { checkModel } from '../model/check-model.ts';

export interface FrameOptions {
  /**
   * The N to remove. Default: the best of the candidates diag(H0), diag(H) and the linear part Σ_k ω_k n_k
   * of diag(H) (ω_k the first level spacing of subsystem k), i.e. the commuting one that leaves the
   * smallest ‖H − cN‖_F.
   */
  generator?: Operator;
  /**
   * Relative tolerance of the check ‖[ad_N, L]‖_∞ ≤ tol·‖ad_N‖_∞‖L‖_∞ (default 1e-12); for a diagonal N also
   * of max |ν_r − ν_c| ≤ tol·max|ν| over the couplings L_rc ≠ 0 (nonResonantCoupling).
   */
  tolerance?: number;
}

export interface RotatingFrame {
  /** The model with H' = H − removed (channels, baths and H0 unchanged). */
  model: LindbladModel;
  /** The removed c·N (the zero operator when nothing could be removed). */
  removed: Operator;
  /** Human-readable account of what was removed, and why it is allowed. */
  note: string;
  /** Diagonal of `removed` when it is diagonal in the product basis (then U(t) is a phase), else null. */
  frequencies: Float64Array | null;
}

/** ad_N = I⊗N − Nᵀ⊗I in the column-stacking convention (vec[N, ρ] = ad_N vec ρ). */
export function commutatorSuperoperator(n: CsrMatrix): CsrMatrix {
  const id = CsrMatrix.identity(n.rows);
  return id.kron(n).add(n.transpose().kron(id), -1);
}

/**
 * ‖[ad_N, L]‖_∞ / (‖ad_N‖_∞‖L‖_∞): zero (to round-off) when N generates a symmetry of L. For diagonal N,
 * ad_N is diagonal with entries ν_(i,j) = N_ii − N_jj and [ad_N, L]_rc = (ν_r − ν_c)·L_rc (no products).
 */
export function commutationDefect(n: CsrMatrix, l: CsrMatrix): number {
  if (isDiagonal(n)) {
    const d = diagonalOf(n), dim = n.rows;
    const nu = (v: number) => d[v % dim] - d[Math.floor(v / dim)];
    let adNorm = 0, defect = 0;
    for (let v = 0; v < l.rows; v++) adNorm = Math.max(adNorm, Math.abs(nu(v)));
    for (let r = 0; r < l.rows; r++) {
      let row = 0;
      for (let p = l.rowPtr[r]; p < l.rowPtr[r + 1]; p++) row += Math.abs(nu(r) - nu(l.colIdx[p])) * Math.hypot(l.values[2 * p], l.values[2 * p + 1]);
      defect = Math.max(defect, row);
    }
    const scale = adNorm * l.normInf();
    return scale === 0 ? 0 : defect / scale;
  }
  const ad = commutatorSuperoperator(n);
  const scale = ad.normInf() * l.normInf();
  if (scale === 0) return 0;
  return ad.mul(l).add(l.mul(ad), -1).normInf() / scale;
}

/**
 * For diagonal N: max |ν_r − ν_c| / max|ν| over the entries L_rc ≠ 0, whatever their size — 0 (to the
 * rounding of the ν) exactly when every coupling of L is resonant in N's frame. commutationDefect weighs
 * each mismatch by |L_rc|, so a weak coupling g across a large detuning W passes it (g/W ≤ 1e-12); the
 * frame model then keeps g as a static, resonant coupling, wrong by ~g·t for all t: a qubit with W = 1e6,
 * g = 5e-7 had |ρ01| = 3.9e-3 at t = 1e4 against 2.8e-13.
 */
export function nonResonantCoupling(n: CsrMatrix, l: CsrMatrix): number {
  const d = diagonalOf(n), dim = n.rows;
  const nu = (v: number) => d[v % dim] - d[Math.floor(v / dim)];
  let scale = 0, worst = 0;
  for (let v = 0; v < l.rows; v++) scale = Math.max(scale, Math.abs(nu(v)));
  for (let r = 0; r < l.rows; r++) {
    for (let p = l.rowPtr[r]; p < l.rowPtr[r + 1]; p++) {
      if (l.values[2 * p] !== 0 || l.values[2 * p + 1] !== 0) worst = Math.max(worst, Math.abs(nu(r) - nu(l.colIdx[p])));
    }
  }
  return scale === 0 ? 0 : worst / scale;
}

function diagonalOf(m: CsrMatrix): Float64Array {
  const d = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) d[i] = m.get(i, i)[0];
  return d;
}

function diagonalOperator(model: LindbladModel, d: Float64Array): Operator {
  const idx = Array.from(d, (_, i) => i);
  return new Operator(model.space, CsrMatrix.fromTriplets(d.length, d.length, idx, idx, d, new Float64Array(d.length)));
}

/** ω_k = D(level 1 of subsystem k, others 0) − D(ground): the linear part Σ_k ω_k n_k of a diagonal D. */
function levelSpacings(model: LindbladModel, d: Float64Array): number[] {
  const sp = model.space;
  return sp.names.map((name) => d[sp.basisIndex({ [name]: 1 })] - d[0]);
}

/** "1000·q1.n + 1000·cav.n" when d = const + Σ ω_k n_k exactly, else null. */
function describeDiagonal(model: LindbladModel, d: Float64Array): string | null {
  const sp = model.space, w = levelSpacings(model, d);
  let scale = 0;
  for (const x of d) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < d.length; i++) {
    const lv = sp.levelsOf(i);
    const fit = d[0] + lv.reduce((s, l, k) => s + w[k] * l, 0);
    if (Math.abs(fit - d[i]) > 1e-12 * scale) return null;
  }
  const terms = sp.names.map((name, k) => (w[k] === 0 ? '' : `${Number(w[k].toPrecision(12))}·${name}.n`)).filter((t) => t !== '');
  return terms.length === 0 ? '0' : terms.join(' + ').replace(/\+ -/g, '− ');
}

interface Candidate { generator: Operator; label: string }

function candidates(model: LindbladModel): Candidate[] {
  const dh = diagonalOf(model.hamiltonian.matrix);
  const out: Candidate[] = [
    { generator: diagonalOperator(model, diagonalOf(model.bareHamiltonian.matrix)), label: 'diag(H0)' },
    { generator: diagonalOperator(model, dh), label: 'diag(H)' },
  ];
  const w = levelSpacings(model, dh);
  const terms = model.space.names.map((name, k) => op(model.space, name, 'n').scale(w[k])).filter((_, k) => w[k] !== 0);
  if (terms.length > 0) out.push({ generator: sum(model.space, terms), label: 'Σ_k ω_k n_k' });
  return out;
}

/** Tr(AB) = Σ_ij A_ij B_ji for sparse A, B (complex). */
function traceOfProduct(a: CsrMatrix, b: CsrMatrix): [number, number] {
  let re = 0, im = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const [br, bi] = b.get(a.colIdx[p], i), ar = a.values[2 * p], ai = a.values[2 * p + 1];
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
  }
  return [re, im];
}

/** ‖A − (Tr A/d)·I‖_F² = ‖A‖_F² − |Tr A|²/d: the Frobenius norm² without the identity part. */
function tracelessNorm2(a: CsrMatrix): number {
  let tr = 0;
  for (let i = 0; i < a.rows; i++) tr += a.get(i, i)[0];
  return Math.max(0, a.normFrobenius() ** 2 - (tr * tr) / a.rows);
}

/**
 * Removes c·N from H with c = Tr(N̂H)/Tr(N̂²), N̂ = N − (Tr N/d)·I (the least-squares choice), all sparse:
 * Tr(N̂H) = Tr(NH) − Tr N·Tr H/d.
 */
function projectOut(model: LindbladModel, n: Operator): { c: number; rest: Operator; restNorm: number } | null {
  const d = model.space.dim, nm = n.matrix, hm = model.hamiltonian.matrix;
  let trN = 0, trH = 0;
  for (let i = 0; i < d; i++) { trN += nm.get(i, i)[0]; trH += hm.get(i, i)[0]; }
  const num = traceOfProduct(nm, hm)[0] - (trN * trH) / d, den = tracelessNorm2(nm);
  if (!(den > 0) || num === 0) return null;
  // Any c is allowed ([ad_N, L] = 0), so round-off in the projection is trimmed (12 significant digits).
  const c = Number((num / den).toPrecision(12));
  const rest = model.hamiltonian.minus(n.scale(c));
  return { c, rest, restNorm: Math.sqrt(tracelessNorm2(rest.matrix)) };
}

/**
 * Finds a term c·N of H whose commutator superoperator commutes with the Liouvillian ([ad_N, L] = 0,
 * checked numerically on the sparse superoperators) and removes it: returns the rotating-frame model
 * (H' = H − cN), the removed operator and a note. If nothing qualifies, the model is returned unchanged
 * with removed = 0. A given `generator` that fails the check is an error (field "generator").
 */
export function rotatingFrame(model: LindbladModel, options: FrameOptions = {}): RotatingFrame {
  checkOptions(options, ['generator', 'tolerance'], 'options');
  checkModel(model);
  const tol = options.tolerance ?? 1e-12;
  check(typeof tol === 'number' && tol > 0 && Number.isFinite(tol), 'tolerance', `expected a small positive number, got ${tol}`);
  const l = liouvillian(model);
  if (options.generator !== undefined) checkInstance(options.generator, Operator, 'generator', 'an Operator'); // 5 was a TypeError, null ignored
  const list: Candidate[] = options.generator ? [{ generator: options.generator, label: 'the given generator' }] : candidates(model);
  let best: { cand: Candidate; c: number; rest: Operator; restNorm: number } | null = null;
  for (const cand of list) {
    const g = cand.generator;
    if (!g.space.equals(model.space)) {
      throw new LindbladError('dimension-mismatch', 'the generator acts on a different space than the model', 'generator');
    }
    if (options.generator) check(g.hermiticityError() <= 1e-12 * Math.max(1, g.matrix.normInf()), 'generator', 'expected a Hermitian operator');
    // (a diagonal N must also be resonant with every coupling of L, however weak: nonResonantCoupling)
    const defect = Math.max(commutationDefect(g.matrix, l), isDiagonal(g.matrix) ? nonResonantCoupling(g.matrix, l) : 0);
    if (!(defect <= tol)) {
      if (options.generator) {
        throw new LindbladError('invalid-input', `[ad_N, L] ≠ 0 (relative defect ${defect.toExponential(2)}): N does not generate a symmetry of the Liouvillian`, 'generator');
      }
      continue;
    }
    const p = projectOut(model, g);
    if (p && (best === null || p.restNorm < best.restNorm)) best = { cand, ...p };
  }
  if (best === null) {
    return {
      model, removed: new Operator(model.space, CsrMatrix.zeros(model.space.dim)), frequencies: new Float64Array(model.space.dim),
      note: 'nothing removed: no part of H commutes with the whole Liouvillian in the required way',
    };
  }
  const removed = best.cand.generator.scale(best.c);
  const diagonal = isDiagonal(removed.matrix);
  const frequencies = diagonal ? diagonalOf(removed.matrix) : null;
  const listed = frequencies && frequencies.length <= 8 ? `diag(${Array.from(frequencies, (x) => Number(x.toPrecision(12))).join(', ')}) = ` : '';
  const formula = (frequencies && describeDiagonal(model, frequencies)) ?? `${listed}${best.c}·${best.cand.label}`;
  return {
    // (H0 stays the lab-frame energy: heat currents are those of the lab frame)
    model: model.with({ hamiltonian: best.rest, bareHamiltonian: model.bareHamiltonian }),
    removed,
    frequencies,
    note: `removed ${formula} from H (N taken from ${best.cand.label}, [ad_N, L] = 0 checked numerically): `
      + 'same populations, steady state and decay rates; coherences in the lab frame rotate by U(t) = exp(−i·removed·t)',
  };
}

function isDiagonal(m: CsrMatrix): boolean {
  for (let i = 0; i < m.rows; i++) for (let p = m.rowPtr[i]; p < m.rowPtr[i + 1]; p++) if (m.colIdx[p] !== i) return false;
  return true;
}

/**
 * The lab-frame state ρ_lab(t) = U ρ_rot U†, U = exp(−i·removed·t), from a rotating-frame state ρ_rot(t).
 * Diagonal `removed` (the usual case): ρ_ij ↦ ρ_ij·e^{−i(r_i − r_j)t}.
 */
export function toLabFrame(frame: RotatingFrame, rhoRot: DenseMatrix, t: number): DenseMatrix {
  check(typeof frame === 'object' && frame !== null && 'model' in frame, 'frame', `expected the RotatingFrame of rotatingFrame(model), got ${describe(frame)}`);
  checkInstance(frame.removed, Operator, 'frame', 'the RotatingFrame of rotatingFrame(model)');
  checkInstance(rhoRot, DenseMatrix, 'rho', 'a density matrix (DenseMatrix)');
  const n = frame.removed.space.dim; // a ρ of another size gave NaN entries
  if (rhoRot.rows !== n || rhoRot.cols !== n) throw new LindbladError('dimension-mismatch', `expected a ${n}×${n} matrix (the frame's model), got ${rhoRot.rows}×${rhoRot.cols}`, 'rho');
  checkFinite(t, 't'); // NaN gave a NaN matrix
  if (frame.frequencies) {
    const r = frame.frequencies, out = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ph = -(r[i] - r[j]) * t, c = Math.cos(ph), s = Math.sin(ph);
        const a = rhoRot.re(i, j), b = rhoRot.im(i, j);
        out.set(i, j, a * c - b * s, a * s + b * c);
      }
    }
    return out;
  }
  const { values, vectors } = eigh(frame.removed.toDense());
  const phases = DenseMatrix.diagonal(Array.from(values, (v) => [Math.cos(-v * t), Math.sin(-v * t)] as [number, number]));
  const u = vectors.mul(phases).mul(vectors.adjoint());
  return u.mul(rhoRot).mul(u.adjoint());
}
