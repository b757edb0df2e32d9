/**
 * Closed forms for the diamond model (PHYSICS.md §2–§3). With x = e^{β_S}, y = e^{β_A} and
 * D = x²y + 2x² + xy² + 2xy + 3x + 2y² + 3y + 2:
 *   p_G = (x²y + x² + xy² + y²)/D, p_S = (xy + 2x + y²)/D, p_A = (x² + xy + 2y)/D, p_E = (x + y + 2)/D,
 *   C = max(0, |p_S − p_A| − 2√(p_G p_E)),   Ṡ/Γ⁺ = (β_A − β_S)·Q̇_S,
 *   Q̇_S/(ω0Γ⁺) = 2[(p_G − x p_S) + (p_S − x p_E)] = 4(y² − x²)/D = −Q̇_A/(ω0Γ⁺).
 *
 * Numerics, valid for every β in [−∞, ∞] (no overflow, no NaN, no loss of the O(1) terms at |β| ≳ 1e16):
 * a polynomial P = Σ c_m x^{a_m} y^{b_m} is evaluated as x^{a*} y^{b*} · Σ c_m e^{(a_m − a*)β_S + (b_m − b*)β_A},
 * factoring out its dominant monomial (a*, b*). Every exponent in the sum is ≤ 0 (up to rounding), each is
 * formed from differences of small integers times β (exact products; one rounding in their sum, so a
 * relative error ε in the exponent), and the sum has only positive terms. A ratio P/Q then needs the
 * factor e^{(a*_P − a*_Q)β_S + (b*_P − b*_Q)β_A}, again a small-integer combination of the β's — never a
 * difference of large rounded logarithms, which is what lost the O(1) terms before. Half-β's are used in
 * the combinations so that 2·β never overflows at β ≈ 1e308.
 *
 * Infinite β: monomials are first ranked by their order in the diverging variable(s) (β = ±t, t → ∞);
 * only the leading order survives, exactly as the limit of the finite formula. When both β's are infinite
 * the relative rate of divergence is not defined; the limit is taken along β_A − β_S = 0 (the only case
 * where it matters is a tie x²y vs xy², whose ratio is then 1). Large finite β's therefore follow the
 * closed form continuously into the infinite limits.
 */
import { check, describe } from '../errors.ts';

type Monomial = readonly [coefficient: number, powerOfX: number, powerOfY: number];
const D: readonly Monomial[] = [[1, 2, 1], [2, 2, 0], [1, 1, 2], [2, 1, 1], [3, 1, 0], [2, 0, 2], [3, 0, 1], [2, 0, 0]];
const NUM = {
  G: [[1, 2, 1], [1, 2, 0], [1, 1, 2], [1, 0, 2]] as readonly Monomial[],
  S: [[1, 1, 1], [2, 1, 0], [1, 0, 2]] as readonly Monomial[],
  A: [[1, 2, 0], [1, 1, 1], [2, 0, 1]] as readonly Monomial[],
  E: [[1, 1, 0], [1, 0, 1], [2, 0, 0]] as readonly Monomial[],
};

/** Order of growth of x^a y^b when the infinite β's diverge (β = ±t, t → ∞); 0 when both are finite. */
function order(a: number, b: number, bs: number, ba: number): number {
  return (bs === Infinity ? a : bs === -Infinity ? -a : 0) + (ba === Infinity ? b : ba === -Infinity ? -b : 0);
}

/**
 * (da, db)·(β_S, β_A) / 2 over the finite β's only (the infinite ones are accounted for by `order`);
 * da, db small integers, so every product is exact and only the sum rounds. Halved so that it cannot
 * overflow where the full value would only just.
 */
function halfExponent(da: number, db: number, bs: number, ba: number): number {
  let e = 0;
  if (da !== 0 && Number.isFinite(bs)) e += da * (0.5 * bs);
  if (db !== 0 && Number.isFinite(ba)) e += db * (0.5 * ba);
  return e;
}

/** A polynomial as x^a y^b · sum with (a, b) its dominant monomial and sum ≥ its coefficient. */
interface Factored { order: number; a: number; b: number; sum: number }

/** P(x, y) = x^{a*} y^{b*} · Σ_m c_m e^{(a_m − a*)β_S + (b_m − b*)β_A}, keeping only the leading order in infinite β's. */
function factor(ms: readonly Monomial[], bs: number, ba: number): Factored {
  // Indexed loops: a sweep calls this per point, mostly before the JIT optimises it, where for-of with
  // destructuring allocates iterator objects.
  let top = -Infinity;
  for (let k = 0; k < ms.length; k++) top = Math.max(top, order(ms[k][1], ms[k][2], bs, ba));
  // Dominant monomial of the leading order: compare pairwise through exact small-integer combinations.
  let a0 = -1, b0 = -1;
  for (let k = 0; k < ms.length; k++) {
    const a = ms[k][1], b = ms[k][2];
    if (order(a, b, bs, ba) !== top) continue;
    if (a0 < 0 || halfExponent(a - a0, b - b0, bs, ba) > 0) { a0 = a; b0 = b; }
  }
  let sum = 0;
  for (let k = 0; k < ms.length; k++) {
    const c = ms[k][0], a = ms[k][1], b = ms[k][2];
    if (order(a, b, bs, ba) !== top) continue;
    sum += c * Math.exp(2 * halfExponent(a - a0, b - b0, bs, ba));
  }
  return { order: top, a: a0, b: b0, sum };
}

/** P/Q for factored polynomials: 0 when P is of lower order, else e^{(a_P − a_Q)β_S + (b_P − b_Q)β_A}·Σ_P/Σ_Q. */
function ratio(p: Factored, q: Factored, bs: number, ba: number): number {
  if (p.order < q.order) return 0;
  return Math.exp(2 * halfExponent(p.a - q.a, p.b - q.b, bs, ba)) * (p.sum / q.sum);
}

export interface DiamondPopulations { G: number; S: number; A: number; E: number }

/** β_A and β_S: numbers, ±Infinity allowed, not NaN (a LindbladError naming the argument otherwise). */
function checkBetas(betaA: number, betaS: number): void {
  check(typeof betaA === 'number' && !Number.isNaN(betaA), 'betaA', `expected a number or ±Infinity, got ${describe(betaA)}`);
  check(typeof betaS === 'number' && !Number.isNaN(betaS), 'betaS', `expected a number or ±Infinity, got ${describe(betaS)}`);
}

/** Steady-state populations of G, S, A, E for inverse temperatures β_A, β_S (any value in [−∞, ∞]). */
export function diamondPopulationsAnalytic(betaA: number, betaS: number): DiamondPopulations {
  checkBetas(betaA, betaS);
  return populationsOf(factoredPolynomials(betaS, betaA), betaS, betaA);
}

/** D and the numerators of p_G, p_S, p_A, p_E, factored at (β_S, β_A). */
interface FactoredPolynomials { d: Factored; g: Factored; s: Factored; a: Factored; e: Factored }

function factoredPolynomials(bs: number, ba: number): FactoredPolynomials {
  return { d: factor(D, bs, ba), g: factor(NUM.G, bs, ba), s: factor(NUM.S, bs, ba), a: factor(NUM.A, bs, ba), e: factor(NUM.E, bs, ba) };
}

function populationsOf(f: FactoredPolynomials, bs: number, ba: number): DiamondPopulations {
  return { G: ratio(f.g, f.d, bs, ba), S: ratio(f.s, f.d, bs, ba), A: ratio(f.a, f.d, bs, ba), E: ratio(f.e, f.d, bs, ba) };
}

/** √(P/Q) for factored polynomials, from the halved exponent (no underflow where P/Q itself would). */
function sqrtRatio(p: Factored, q: Factored, bs: number, ba: number): number {
  if (p.order < q.order) return 0;
  return Math.exp(halfExponent(p.a - q.a, p.b - q.b, bs, ba)) * Math.sqrt(p.sum / q.sum);
}

/** Steady-state concurrence C = max(0, |p_S − p_A| − 2√p_G·√p_E) (an X state). */
export function diamondConcurrenceAnalytic(betaA: number, betaS: number): number {
  return diamondAnalytic(betaA, betaS).concurrence;
}

/**
 * Populations and concurrence together (diamondPopulationsAnalytic and diamondConcurrenceAnalytic, the same
 * numbers), each polynomial factored once: what a sweep point of the effective model needs.
 */
export function diamondAnalytic(betaA: number, betaS: number): { populations: DiamondPopulations; concurrence: number } {
  checkBetas(betaA, betaS);
  const f = factoredPolynomials(betaS, betaA), p = populationsOf(f, betaS, betaA);
  const rootGE = sqrtRatio(f.g, f.d, betaS, betaA) * sqrtRatio(f.e, f.d, betaS, betaA);
  return { populations: p, concurrence: Math.max(0, Math.abs(p.S - p.A) - 2 * rootGE) };
}

/**
 * The paper's Eqs. (4)–(5) as printed: C = max{0, (N1 − N2)/d} with S = e^{β_A} + e^{β_S},
 * A = e^{β_A} − e^{β_S}, P = e^{β_A+β_S}, N1 = |A(S/2 − 1)|, N2 = {(S/2 + 1)[2S² + 2P(S − 2)]}^{1/2},
 * d = 1 + S² + S(P + 3)/2 − P. Direct exponentials: finite |β| ≲ 300 only (used as a cross-check).
 */
export function concurrencePaperEq45(betaA: number, betaS: number): number {
  const ea = Math.exp(betaA), es = Math.exp(betaS);
  const S = ea + es, A = ea - es, P = ea * es;
  const n1 = Math.abs(A * (S / 2 - 1));
  const n2 = Math.sqrt((S / 2 + 1) * (2 * S * S + 2 * P * (S - 2)));
  const d = 1 + S * S + (S * (P + 3)) / 2 - P;
  return Math.max(0, (n1 - n2) / d);
}

/**
 * Q̇_S/(ω0Γ⁺) = 4(y² − x²)/D = sign(β_A − β_S)·4·(max(x, y)²/D)·(1 − e^{−2|β_A − β_S|}); 0 on β_A = β_S
 * (and for two infinite β's of the same sign, the limit along β_A − β_S = 0).
 */
function heatS(betaA: number, betaS: number): number {
  if (betaA === betaS) return 0;
  const aHot = betaA > betaS; // y > x
  const top = factor([[1, aHot ? 0 : 2, aHot ? 2 : 0]], betaS, betaA);
  const gap = Math.abs(betaA - betaS); // may be +∞ (one infinite β, or overflow of the difference): factor 1
  return (aHot ? 4 : -4) * ratio(top, factor(D, betaS, betaA), betaS, betaA) * -Math.expm1(-2 * gap);
}

/** Ṡ/Γ⁺ = (β_A − β_S)·Q̇_S/(ω0Γ⁺) = 4(β_A − β_S)(e^{2β_A} − e^{2β_S})/D ≥ 0; +∞ when a bath is at β = ±∞ and β_A ≠ β_S. */
export function diamondEntropyProductionAnalytic(betaA: number, betaS: number): number {
  checkBetas(betaA, betaS);
  if (betaA === betaS) return 0;
  if (!Number.isFinite(betaA) || !Number.isFinite(betaS)) return Infinity;
  return (betaA - betaS) * heatS(betaA, betaS);
}

/** Heat currents per Γ⁺ω0: Q̇_S = 4(y² − x²)/D, Q̇_A = −Q̇_S (finite for every β, including ±∞). */
export function diamondHeatCurrentsAnalytic(betaA: number, betaS: number): { A: number; S: number } {
  checkBetas(betaA, betaS);
  const q = heatS(betaA, betaS);
  return { S: q, A: q === 0 ? 0 : -q };
}
