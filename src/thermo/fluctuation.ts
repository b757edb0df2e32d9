/**
 * Entropy bookkeeping of single jumps and the integral fluctuation theorem evaluated exactly, without
 * sampling (PHYSICS.md §4).
 *
 * A channel of bath i whose operator moves the bare energy by a definite amount, [H0, o] = ΔE·o, adds
 * s = −β_i·ΔE/ω_ref to the medium entropy each time it fires (absorbing ΔE = +ω from the bath: −β_i ω/ω_ref;
 * emitting: +β_i ω/ω_ref). With the boundary term ln p0(n0) − ln p_t(n_t) of a two-point measurement this
 * gives the total Σ of a trajectory, and ⟨e^{−Σ}⟩ follows from a tilted generator in which every jump
 * term is weighted by e^{−s}. Entropies in units of k_B; times in the model's inverse rate units.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { CsrMatrix } from '../linalg/sparse.ts';
import { expm, norm1, propagateLinear } from '../linalg/ode/expm.ts';
import { evolve } from '../evolve/evolve.ts';
import { LindbladError, check, describe } from '../errors.ts';
import { checkBasis, checkDistribution, checkIncrements, checkTime } from './fluctuation-input.ts';
import type { LindbladModel } from '../model/model.ts';
import { liouvillian, vectorize } from '../liouvillian/liouvillian.ts';
import { unvec } from '../steady/steady.ts';
import { checkModel } from '../model/check-model.ts';

/** Largest dimension for which the exact (n²×n² matrix exponential) evaluations are attempted. */
export const MAX_EXACT_DIM = 16;

/** Frobenius inner product Re Tr(A†B) of two sparse matrices of one shape. */
function frobeniusRe(a: CsrMatrix, b: CsrMatrix): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const [br, bi] = b.get(i, a.colIdx[p]);
      s += a.values[2 * p] * br + a.values[2 * p + 1] * bi;
    }
  }
  return s;
}

/**
 * Energy shift ΔE of channel `index` (in the model's energy units): the number with [H0, o] = ΔE·o, H0 the
 * bare Hamiltonian. Throws 'unsupported' when o is not an eigenoperator of [H0, ·] (to 1e-10 relative).
 */
export function channelEnergyShift(model: LindbladModel, index: number): number {
  const o = model.channels[index].operator.matrix, h0 = model.bareHamiltonian.matrix;
  const comm = h0.mul(o).add(o.mul(h0), -1);
  const oo = frobeniusRe(o, o);
  if (oo === 0) return 0;
  const shift = frobeniusRe(o, comm) / oo;
  const residual = comm.add(o, -shift).normFrobenius();
  const scale = Math.max(h0.normFrobenius(), 1e-300) * Math.sqrt(oo);
  if (residual > 1e-10 * scale) {
    throw new LindbladError('unsupported', 'the jump operator does not move the bare energy by a definite amount ([H0, o] ≠ ΔE·o), so its entropy flow is undefined', `channels[${index}].operator`);
  }
  return Math.abs(shift) <= 1e-12 * Math.max(h0.normInf(), 1e-300) ? 0 : shift;
}

/**
 * Medium entropy added by one jump of each channel (model order): s_c = −β_i·ΔE_c/ω_ref. Channels that
 * never fire (rate 0 or zero operator) and energy-neutral channels get 0. Throws 'unsupported' for an
 * active energy-moving channel of a non-thermal bath (β = null) or of a bath at β = ±∞ (s = ∓∞).
 */
export function channelEntropyIncrements(model: LindbladModel): Float64Array {
  checkModel(model);
  return Float64Array.from(model.channels, (c, i) => {
    if (c.rate === 0 || c.operator.isZero()) return 0;
    const shift = channelEnergyShift(model, i);
    if (shift === 0) return 0;
    const beta = model.baths.get(c.bath)!.beta;
    if (beta === null) throw new LindbladError('unsupported', `bath "${c.bath}" is non-thermal (β = null): its jumps carry no entropy flow`, `baths.${c.bath}.beta`);
    if (!Number.isFinite(beta)) throw new LindbladError('unsupported', `bath "${c.bath}" has β = ${beta}: each of its energy-moving jumps carries infinite entropy`, `baths.${c.bath}.beta`);
    return (-beta * shift) / model.referenceEnergy;
  });
}

/** A classical jump process in a basis: per-channel rates W^c_{mn} = γ_c|⟨m|o_c|n⟩|² (row-major n×n). */
export interface ClassicalProcess {
  n: number;
  channelRates: Float64Array[];
}

/** ⟨b_m|M|b_n⟩ as a dense matrix for kets b (interleaved). */
function inBasis(m: CsrMatrix, basis: ReadonlyArray<Float64Array>): DenseMatrix {
  const n = basis.length, out = new DenseMatrix(n, n);
  for (let j = 0; j < n; j++) {
    const mb = m.matvec(basis[j]);
    for (let i = 0; i < n; i++) {
      const b = basis[i];
      let re = 0, im = 0;
      for (let k = 0; k < b.length; k += 2) {
        re += b[k] * mb[k] + b[k + 1] * mb[k + 1];
        im += b[k] * mb[k + 1] - b[k + 1] * mb[k];
      }
      out.set(i, j, re, im);
    }
  }
  return out;
}

/**
 * The classical process behind the quantum jumps when the dynamics never leaves the basis: H and
 * Σγo†o diagonal in it and every jump operator mapping each basis state to a multiple of one basis state
 * (checked to 1e-10 relative; 'unsupported' otherwise). Rates in the model's units.
 */
export function classicalProcess(model: LindbladModel, basis: ReadonlyArray<Float64Array>): ClassicalProcess {
  checkModel(model);
  checkBasis(basis, model.space.dim, model.space.dim, 'basis'); // a short or non-ket basis gave a process on fewer states
  const n = basis.length;
  /** True if the off-diagonal part exceeds 1e-10 of the whole (Frobenius norms). */
  const offDiag = (m: DenseMatrix) => {
    let off = 0, all = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = m.re(i, j) ** 2 + m.im(i, j) ** 2;
        all += a;
        if (i !== j) off += a;
      }
    }
    return Math.sqrt(off) > 1e-10 * Math.max(Math.sqrt(all), 1e-300);
  };
  const fail = (why: string) => new LindbladError('unsupported', `the jump process is not classical in this basis (${why})`, 'basis');
  let g = CsrMatrix.zeros(model.space.dim);
  const channelRates = model.channels.map((c, ci) => {
    const w = new Float64Array(n * n);
    if (c.rate === 0 || c.operator.isZero()) return w;
    g = g.add(c.operator.matrix.adjoint().mul(c.operator.matrix), c.rate);
    const o = inBasis(c.operator.matrix, basis);
    for (let j = 0; j < n; j++) {
      let total = 0, top = 0;
      for (let i = 0; i < n; i++) {
        const a = o.re(i, j) ** 2 + o.im(i, j) ** 2;
        w[i * n + j] = c.rate * a;
        total += a;
        top = Math.max(top, a);
      }
      if (total - top > 1e-10 * total) throw fail(`channel ${ci} maps basis state ${j} onto a superposition`);
    }
    return w;
  });
  if (offDiag(inBasis(model.hamiltonian.matrix, basis))) throw fail('H is not diagonal');
  if (offDiag(inBasis(g, basis))) throw fail('Σγ o†o is not diagonal');
  return { n, channelRates };
}

/**
 * Generator of the process tilted by e^{−s_c} per jump of channel c:
 *   W̃_{mn} = Σ_c W^c_{mn} e^{−s_c} − δ_{mn} Σ_{c,m'} W^c_{m'n}.
 * With s = 0 this is the master-equation generator W; with local detailed balance, W^c_{mn}e^{−s_c} is the
 * reverse channel's rate W^{c̄}_{nm}, i.e. the off-diagonal rates are replaced by the reverse rates.
 */
export function tiltedGenerator(p: ClassicalProcess, s: ArrayLike<number>): DenseMatrix {
  const { n } = p, out = new DenseMatrix(n, n);
  p.channelRates.forEach((w, c) => {
    const f = Math.exp(-s[c]);
    for (let m = 0; m < n; m++) {
      for (let k = 0; k < n; k++) {
        const rate = w[m * n + k];
        if (rate === 0) continue;
        out.addAt(m, k, rate * f);
        out.addAt(k, k, -rate);
      }
    }
  });
  return out;
}

/**
 * Rounding error allowed in the exact evaluations: the matrix exponential of M·t loses about ε‖M‖₁t
 * (scaling and squaring), so times with ε‖M‖₁t > EXACT_ERROR are refused (LindbladError 'unsupported',
 * field 't'; stochastic.ts then reports no exact value and says why).
 */
export const EXACT_ERROR = 1e-6;
function checkReach(m: DenseMatrix, t: number): void {
  const reach = EXACT_ERROR / (Number.EPSILON * norm1(m));
  if (t > reach) {
    throw new LindbladError('unsupported', `the exact value at t = ${t} is not computed: the matrix exponential's rounding error ε‖M‖₁t exceeds ${EXACT_ERROR} beyond t = ${reach.toExponential(3)}`, 't');
  }
}

/** exp(M t)·x for a real vector x (M dense, complex storage). */
function expTimes(m: DenseMatrix, t: number, x: ArrayLike<number>): Float64Array {
  checkReach(m, t);
  const v = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) v[2 * i] = x[i];
  const y = expm(m.scale(t)).matvec(v);
  return Float64Array.from({ length: x.length }, (_, i) => y[2 * i]);
}

/**
 * ⟨e^{−Σ}⟩ for the classical process started from p0, exactly:
 *   p_t = e^{Wt} p0,  g = e^{W̃t} 1_{supp p0},  ⟨e^{−Σ}⟩ = Σ_m p_t(m) g_m,
 * since g_m(t) = E[e^{−Σ_medium} 1{n_t = m} / p0(n0)] obeys dg/dt = W̃g (as a function of the end state
 * after summing over the start). Equals 1 − (probability that the reverse process ends outside supp p0):
 * 1 for full support, less for a start in a single state (absolute irreversibility). The rounding error
 * of the matrix exponentials grows like ε·‖W‖t (~1e-15 for rates of order 1, ~1e-11 for rates 1e4·t⁻¹).
 */
export function fluctuationTheoremClassical(p: ClassicalProcess, s: ArrayLike<number>, p0: ArrayLike<number>, t: number): { value: number; pt: Float64Array } {
  if (typeof p !== 'object' || p === null || !Number.isInteger(p.n) || !Array.isArray(p.channelRates)) throw new LindbladError('invalid-input', `expected the ClassicalProcess of classicalProcess(model, basis), got ${describe(p)}`, 'process');
  s = checkIncrements(s, p.channelRates.length);
  p0 = checkDistribution(p0, p.n, 'p0'); // a p0 that did not sum to 1 gave a wrong ⟨e^{−Σ}⟩
  checkTime(t);
  const pt = expTimes(tiltedGenerator(p, new Float64Array(s.length)), t, p0);
  const support = Float64Array.from(p0, (x) => (x > 0 ? 1 : 0));
  const g = expTimes(tiltedGenerator(p, s), t, support);
  let value = 0;
  for (let m = 0; m < p.n; m++) value += pt[m] * g[m];
  return { value, pt };
}

/**
 * ρ(t) = e^{Lt}ρ0 by evolve (exact exponentials for small models, the steady state at long times once
 * relaxed, every output checked; dimension ≤ MAX_EXACT_DIM).
 */
export function exactState(model: LindbladModel, rho0: DenseMatrix, t: number): DenseMatrix {
  const n = model.space.dim;
  if (n > MAX_EXACT_DIM) throw new LindbladError('unsupported', `exact ρ(t) is limited to dimension ≤ ${MAX_EXACT_DIM} (got ${n})`, 'model');
  return evolve(model, rho0, [t]).states![0];
}

/**
 * ⟨e^{−Σ}⟩ for the quantum jumps with a two-point measurement, exactly: with the tilted Liouvillian
 * L̃ = L + Σ_c γ_c(e^{−s_c} − 1)·conj(o_c)⊗o_c and Π0 the projector on the support of ρ0,
 *   ⟨e^{−Σ}⟩ = Σ_m p_t(m)·⟨b_m| e^{L̃t}(Π0) |b_m⟩   (b_m the final measurement basis, p_t(m) = ⟨b_m|ρ_t|b_m⟩).
 * It is 1 whenever ρ0 has full support and every channel's reverse has rate γ_c e^{−s_c}
 * (then L̃ is the adjoint of a trace-preserving map). Dimension ≤ MAX_EXACT_DIM.
 */
export function fluctuationTheoremQuantum(model: LindbladModel, s: ArrayLike<number>, support: DenseMatrix,
  finalBasis: ReadonlyArray<Float64Array>, pt: ArrayLike<number>, t: number): number {
  checkModel(model);
  const n = model.space.dim;
  s = checkIncrements(s, model.channels.length);
  check(support instanceof DenseMatrix && support.rows === n && support.cols === n && support.isFinite(), 'support', `expected a finite ${n}×${n} matrix (the projector on the support of ρ0), got ${describe(support)}`);
  checkBasis(finalBasis, n, n, 'finalBasis');
  pt = checkDistribution(pt, n, 'pt');
  checkTime(t);
  if (n > MAX_EXACT_DIM) throw new LindbladError('unsupported', `the exact fluctuation theorem is limited to dimension ≤ ${MAX_EXACT_DIM} (got ${n})`, 'model');
  let tilted = liouvillian(model);
  model.channels.forEach((c, i) => {
    if (c.rate === 0 || c.operator.isZero() || s[i] === 0) return;
    const o = c.operator.matrix;
    tilted = tilted.add(o.conj().kron(o), c.rate * (Math.exp(-s[i]) - 1));
  });
  const m = tilted.toDense();
  checkReach(m, t);
  const x = unvec(propagateLinear(m, vectorize(support), [t]).states[0], n);
  const xb = inBasis(CsrMatrix.fromDense(x), finalBasis);
  let value = 0;
  for (let m = 0; m < finalBasis.length; m++) value += pt[m] * xb.re(m, m);
  return value;
}
