/**
 * Closed forms for the diamond model (PHYSICS.md §2–§3). With x = e^{β_S}, y = e^{β_A} and
 * D = x²y + 2x² + xy² + 2xy + 3x + 2y² + 3y + 2:
 *   p_G = (x²y + x² + xy² + y²)/D, p_S = (xy + 2x + y²)/D, p_A = (x² + xy + 2y)/D, p_E = (x + y + 2)/D,
 *   C = max(0, |p_S − p_A| − 2√(p_G p_E)),   Ṡ/Γ⁺ = 4(β_A − β_S)(y² − x²)/D,
 *   Q̇_S/(ω0Γ⁺) = 2[(p_G − x p_S) + (p_S − x p_E)] = −Q̇_A/(ω0Γ⁺).
 * Everything is evaluated in log space (each polynomial as a log-sum-exp of its monomials), so large β
 * cannot overflow. Infinite β are exact limits: only the monomials of leading order in the diverging
 * variable(s) are kept (both infinite: the limit along β_A − β_S fixed).
 */

type Monomial = [coefficient: number, powerOfX: number, powerOfY: number];
const D: Monomial[] = [[1, 2, 1], [2, 2, 0], [1, 1, 2], [2, 1, 1], [3, 1, 0], [2, 0, 2], [3, 0, 1], [2, 0, 0]];
const NUM = {
  G: [[1, 2, 1], [1, 2, 0], [1, 1, 2], [1, 0, 2]] as Monomial[],
  S: [[1, 1, 1], [2, 1, 0], [1, 0, 2]] as Monomial[],
  A: [[1, 2, 0], [1, 1, 1], [2, 0, 1]] as Monomial[],
  E: [[1, 1, 0], [1, 0, 1], [2, 0, 0]] as Monomial[],
};
/** Order of growth of a monomial when the infinite β's diverge (β = ±t, t → ∞). */
const order = ([, a, b]: Monomial, bs: number, ba: number) =>
  (Number.isFinite(bs) ? 0 : Math.sign(bs) * a) + (Number.isFinite(ba) ? 0 : Math.sign(ba) * b);

/** ln of the monomial [c, a, b] with the finite β's substituted (infinite ones contribute their order only). */
const logMonomial = ([c, a, b]: Monomial, bs: number, ba: number) =>
  Math.log(c) + (Number.isFinite(bs) ? a * bs : 0) + (Number.isFinite(ba) ? b * ba : 0);

/**
 * Leading order of a polynomial and the log of its leading coefficient (finite β's substituted), by
 * log-sum-exp over the leading monomials: plain loops, since sweeps evaluate this once per point.
 */
function leading(ms: Monomial[], bs: number, ba: number): { order: number; log: number } {
  let top = -Infinity;
  for (const m of ms) top = Math.max(top, order(m, bs, ba));
  let max = -Infinity;
  for (const m of ms) if (order(m, bs, ba) === top) max = Math.max(max, logMonomial(m, bs, ba));
  let sum = 0;
  for (const m of ms) if (order(m, bs, ba) === top) sum += Math.exp(logMonomial(m, bs, ba) - max);
  return { order: top, log: max + Math.log(sum) };
}

/** ln of a polynomial for finite β's (log-sum-exp over monomials). */
function logPoly(ms: Monomial[], bs: number, ba: number): number {
  return leading(ms, bs, ba).log;
}

/** Ratio num/den of two polynomials, exact in the infinite limits (den given by its `leading`). */
function ratio(num: Monomial[], d: { order: number; log: number }, bs: number, ba: number): number {
  const n = leading(num, bs, ba);
  return n.order < d.order ? 0 : Math.exp(n.log - d.log);
}

export interface DiamondPopulations { G: number; S: number; A: number; E: number }

/** Steady-state populations of G, S, A, E for inverse temperatures β_A, β_S (any value in [−∞, ∞]). */
export function diamondPopulationsAnalytic(betaA: number, betaS: number): DiamondPopulations {
  if (Number.isNaN(betaA) || Number.isNaN(betaS)) throw new RangeError('β must not be NaN');
  const d = leading(D, betaS, betaA);
  return { G: ratio(NUM.G, d, betaS, betaA), S: ratio(NUM.S, d, betaS, betaA), A: ratio(NUM.A, d, betaS, betaA), E: ratio(NUM.E, d, betaS, betaA) };
}

/** Steady-state concurrence C = max(0, |p_S − p_A| − 2√(p_G p_E)) (an X state). */
export function diamondConcurrenceAnalytic(betaA: number, betaS: number): number {
  const p = diamondPopulationsAnalytic(betaA, betaS);
  return Math.max(0, Math.abs(p.S - p.A) - 2 * Math.sqrt(p.G * p.E));
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

/** Ṡ/Γ⁺ = 4(β_A − β_S)(e^{2β_A} − e^{2β_S})/D ≥ 0; +∞ when a bath is at β = ±∞ and β_A ≠ β_S. */
export function diamondEntropyProductionAnalytic(betaA: number, betaS: number): number {
  if (betaA === betaS) return 0;
  if (!Number.isFinite(betaA) || !Number.isFinite(betaS)) return Infinity;
  const hi = Math.max(betaA, betaS), gap = Math.abs(betaA - betaS);
  const logDiff = 2 * hi + Math.log1p(-Math.exp(-2 * gap)); // ln|y² − x²|
  return 4 * gap * Math.exp(logDiff - logPoly(D, betaS, betaA));
}

/** Heat currents per Γ⁺ω0: Q̇_S = 2[(p_G − x p_S) + (p_S − x p_E)], Q̇_A = −Q̇_S. */
export function diamondHeatCurrentsAnalytic(betaA: number, betaS: number): { A: number; S: number } {
  if (betaA === betaS) return { A: 0, S: 0 };
  const p = diamondPopulationsAnalytic(betaA, betaS);
  // Use the bath whose β is finite (x·p is ∞·0 at β = +∞); both ±∞ and distinct: take the one not +∞.
  const viaS = betaS !== Infinity;
  const z = Math.exp(viaS ? betaS : betaA); // 0 at β = −∞
  const pu = viaS ? p.S : p.A;
  const q = 2 * ((p.G - z * pu) + (pu - z * p.E));
  return viaS ? { S: q, A: -q } : { A: q, S: -q };
}
