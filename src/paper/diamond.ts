/**
 * The effective diamond model of Tacchino et al., PRL 120, 063604 (2018), Eqs. (1)–(3), built with the
 * public engine API. Two qubits, H0 = ω0(n1 + n2), collective operators J_S = c1 + c2, J_A = c1 − c2.
 * Bath i ∈ {S, A}: absorption √Γ⁺·J_i† and emission √Γ_i⁻·J_i with Γ⁺/Γ_i⁻ = e^{−β_i}. β = −∞ means no
 * emission; β = +∞ means Γ_i⁻ = ∞, handled by the engine's infinitely-fast limit.
 */
import { space, qubit, levels, type Space } from '../model/space.ts';
import { op, type Operator } from '../model/operator.ts';
import { lindbladModel, type LindbladModel } from '../model/model.ts';
import { check, checkKeys, describe, isPlainObject, LindbladError } from '../errors.ts';
import { DenseMatrix } from '../linalg/dense.ts';

export interface DiamondParams {
  /** Inverse temperature of the antisymmetric bath, in units of 1/ω0 (±Infinity allowed). */
  betaA: number;
  /** Inverse temperature of the symmetric bath, in units of 1/ω0 (±Infinity allowed). */
  betaS: number;
  /** Common pumping rate Γ⁺ (default 1). */
  gammaPlus?: number;
  /** Transition energy ω0 (default 1). */
  omega0?: number;
  /**
   * 'bell' (default): one 4-level system with levels G, S, A, E (0…3), where J_S = √2(|G⟩⟨S| + |S⟩⟨E|) and
   * J_A = √2(|A⟩⟨E| − |G⟩⟨A|). 'product': two qubits q1 ⊗ q2 with c_i = σ⁻_i. Same physics; in the product
   * basis the dark state |A⟩ is a cancellation between entries of size Γ_S⁻, so with |β| ≳ 15 round-off of
   * order ε·Γ_S⁻/Γ⁺ enters the populations; the Bell basis has no such cancellation.
   */
  basis?: 'bell' | 'product';
}

export interface DiamondModel {
  model: LindbladModel;
  space: Space;
  basis: 'bell' | 'product';
  /** J_S = c1 + c2 and J_A = c1 − c2. */
  jS: Operator;
  jA: Operator;
  /** The state as a two-qubit density matrix in the product basis |00⟩, |01⟩, |10⟩, |11⟩. */
  twoQubitState(rho: DenseMatrix): DenseMatrix;
  /** Populations of G, S, A, E. */
  populations(rho: DenseMatrix): { G: number; S: number; A: number; E: number };
}

/**
 * Largest finite emission rate Γ⁺e^β the model is built with (2^1018 ≈ 2.8e306): the Liouvillian's entries
 * add up to four such rates, which must stay finite. Above it the bath is taken at its β = +∞ limit
 * (rate Infinity, the engine's infinitely-fast limit), whose populations differ from those at the finite β
 * by O(Γ⁺/Γ⁻) < 4e-307 — below what a double holds next to an O(1) population.
 */
export const MAX_FINITE_RATE = 2 ** 1018;

/** Emission rate Γ⁺e^β (Infinity for β = +∞ and wherever Γ⁺e^β > MAX_FINITE_RATE, 0 for β = −∞ or below the double range). */
export function emissionRate(gammaPlus: number, beta: number): number {
  if (gammaPlus === 0) return 0; // a decoupled bath: Γ⁻ = 0·e^β = 0 for every β (0·∞ would give NaN)
  if (beta === Infinity) return Infinity;
  if (beta === -Infinity) return 0;
  const rate = gammaPlus * Math.exp(beta);
  return rate > MAX_FINITE_RATE ? Infinity : rate;
}

/** Builds the diamond model for (β_A, β_S), Γ⁺, ω0. */
export function diamondModel(p: DiamondParams): DiamondModel {
  check(isPlainObject(p), 'params', `expected { betaA, betaS, … }, got ${describe(p)}`);
  checkKeys(p, ['betaA', 'betaS', 'gammaPlus', 'omega0', 'basis'], 'params');
  const gp = p.gammaPlus ?? 1, w0 = p.omega0 ?? 1;
  check(Number.isFinite(gp) && gp > 0, 'gammaPlus', `expected a positive finite rate, got ${gp}`);
  check(Number.isFinite(w0) && w0 > 0, 'omega0', `expected a positive finite energy, got ${w0}`);
  check(typeof p.betaA === 'number' && !Number.isNaN(p.betaA), 'betaA', `expected a number or ±Infinity, got ${p.betaA}`);
  check(typeof p.betaS === 'number' && !Number.isNaN(p.betaS), 'betaS', `expected a number or ±Infinity, got ${p.betaS}`);
  const basis = p.basis ?? 'bell';
  check(basis === 'bell' || basis === 'product', 'basis', `expected "bell" or "product", got ${basis}`);
  let sp: Space, jS: Operator, jA: Operator, h0: Operator;
  if (basis === 'product') {
    sp = space({ q1: qubit(), q2: qubit() });
    const c1 = op(sp, 'q1', 'sigma_minus'), c2 = op(sp, 'q2', 'sigma_minus');
    jS = c1.plus(c2);
    jA = c1.minus(c2);
    h0 = op(sp, 'q1', 'n').plus(op(sp, 'q2', 'n')).scale(w0);
  } else {
    sp = space({ diamond: levels(4) });
    const t = (to: number, from: number) => op(sp, 'diamond', 'transition', { to, from });
    jS = t(G, S).plus(t(S, E)).scale(Math.SQRT2);
    jA = t(A, E).minus(t(G, A)).scale(Math.SQRT2);
    h0 = t(S, S).plus(t(A, A)).plus(t(E, E).scale(2)).scale(w0);
  }
  const model = lindbladModel(sp, {
    hamiltonian: h0,
    channels: [
      { operator: jS.dag(), rate: gp, bath: 'S', label: 'S absorption' },
      { operator: jS, rate: emissionRate(gp, p.betaS), bath: 'S', label: 'S emission' },
      { operator: jA.dag(), rate: gp, bath: 'A', label: 'A absorption' },
      { operator: jA, rate: emissionRate(gp, p.betaA), bath: 'A', label: 'A emission' },
    ],
    baths: { S: { beta: p.betaS }, A: { beta: p.betaA } },
    referenceEnergy: w0,
  });
  const twoQubitState = (rho: DenseMatrix) => (basis === 'product' ? rho : bellToProduct(rho));
  return {
    model, space: sp, basis, jS, jA, twoQubitState,
    populations: (rho) => (basis === 'product' ? diamondPopulations(rho) : { G: rho.re(G, G), S: rho.re(S, S), A: rho.re(A, A), E: rho.re(E, E) }),
  };
}

const G = 0, S = 1, A = 2, E = 3;

/**
 * U ρ U† with U the Bell→product change of basis (columns |00⟩, (|01⟩+|10⟩)/√2, (|01⟩−|10⟩)/√2, |11⟩),
 * summed over U's six non-zero entries only (no dense products): out_ij = Σ_kl U_ik ρ_kl U_jl. Entries that
 * vanish in exact arithmetic (the X-pattern complement when ρ is diagonal in the Bell basis) come out
 * exactly 0: only the G/E and the S/A blocks are combined.
 */
export function bellToProduct(rho: DenseMatrix): DenseMatrix {
  if (rho.rows !== 4 || rho.cols !== 4) throw new LindbladError('invalid-input', `expected a 4×4 density matrix, got ${rho.rows}×${rho.cols}`, 'rho');
  const d = rho.data, out = new DenseMatrix(4, 4), o = out.data;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let re = 0, im = 0;
      for (let a = U_PTR[i]; a < U_PTR[i + 1]; a++) {
        for (let b = U_PTR[j]; b < U_PTR[j + 1]; b++) {
          const w = U_SIGN[a] * U_SIGN[b], p = 2 * (4 * U_COL[a] + U_COL[b]);
          re += w * d[p];
          im += w * d[p + 1];
        }
      }
      const f = PAIR_SCALE[U_HALF[i] + U_HALF[j]];
      o[2 * (4 * i + j)] = f * re;
      o[2 * (4 * i + j) + 1] = f * im;
    }
  }
  return out;
}

/**
 * U of bellToProduct by rows (CSR), as signs times a row scale: |00⟩ = G; |01⟩ = (S + A)/√2;
 * |10⟩ = (S − A)/√2; |11⟩ = E. U_HALF marks the rows scaled by 1/√2; the product of two row scales is
 * PAIR_SCALE[U_HALF[i] + U_HALF[j]], with an exact ½ for (1/√2)².
 */
const U_PTR = [0, 1, 3, 5, 6], U_COL = [0, 1, 2, 1, 2, 3], U_SIGN = [1, 1, 1, 1, -1, 1];
const U_HALF = [0, 1, 1, 0], PAIR_SCALE = [1, Math.SQRT1_2, 0.5];

/** Populations of |G⟩ = |00⟩, |S⟩, |A⟩, |E⟩ = |11⟩ in a two-qubit ρ (basis |00⟩,|01⟩,|10⟩,|11⟩). */
export function diamondPopulations(rho: DenseMatrix): { G: number; S: number; A: number; E: number } {
  const r11 = rho.re(1, 1), r22 = rho.re(2, 2), r12 = rho.re(1, 2);
  return { G: rho.re(0, 0), S: (r11 + r22) / 2 + r12, A: (r11 + r22) / 2 - r12, E: rho.re(3, 3) };
}
