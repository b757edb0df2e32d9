/**
 * report.md: each claim of the paper next to the number this code computed, with plain remarks where the
 * paper's text is loose.
 */
import type { Claims } from './claims.ts';

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : x > 0 ? '+∞' : '−∞');
const e = (x: number) => x.toExponential(1);

/** "Confirmed" or "NOT confirmed", from the computed numbers, never assumed. */
const verdict = (ok: boolean, yes = 'Confirmed', no = 'NOT confirmed by this computation') => (ok ? yes : no);

export interface ReportTiming { seconds: number; points: number }

/** Numbers from the figures beyond the paper (dynamics, stochastic entropy). */
export interface ReportExtras { entropyMean: number; entropyMeanError: number; entropyExpected: number; sections?: string[] }

export function reportMarkdown(c: Claims, timing: ReportTiming, files: string[], extras?: ReportExtras): string {
  const neg = c.negativeLimit.map((r) => `| ${f(r.betaHot, 0)} | ${f(r.engine, 12)} | ${f(r.concurrence, 12)} | ${f(Number.isFinite(r.betaHot) ? 1 / (2 + Math.exp(r.betaHot)) : 0.5, 12)} |`).join('\n');
  const third = c.negativeLimit.find((r) => r.betaHot === 0)!;
  const small = c.smallGamma.map((s) => `| ${e(s.gamma)} g | ${f(s.concurrence)} | ${f(s.pumpOverGamma, 2)} | ${f(s.kappa, 2)} |`).join('\n');
  return `# Steady State Entanglement beyond Thermal Limits — reproduced

Tacchino, Auffèves, Santos, Gerace, PRL 120, 063604 (2018). Every number below was computed by \`lindblad\`
(engine steady states; closed forms only where stated). Units: ω0 = Γ⁺ = 1 for the diamond model, g = 1 for
the cavity model; Fock cutoff ${c.cutoff}. The largest top-Fock-level population in the κ scans is ${e(c.maxTopFock)};
at the worst point of each curve, doubling the cutoff changes C by at most ${e(c.cutoffCheck)}.
Wall time ${timing.seconds.toFixed(1)} s for ${timing.points} steady states and the figures.

Figures: ${files.map((x) => `\`${x}\``).join(', ')}.

## Effective diamond model (Fig. 1)

- **Numerics vs Eqs. (4)–(5).** Over the Fig. 1 grid the engine's concurrence differs from the closed form by
  at most ${e(c.mapAgreement.maxConcurrenceError)}, and its entropy production from Eq. (6)'s closed form by at most
  ${e(c.mapAgreement.maxEntropyError)} (relative).
- **Claim: C ≤ 1/3 with thermal baths (both β ≥ 0), reached only when the cold bath is at zero temperature
  and the hot one at infinite temperature.** Largest C on the Fig. 1 grid inside the thermal quadrant:
  ${f(c.thermalMax.value)} at (β_A, β_S) = (${f(c.thermalMax.betaA, 2)}, ${f(c.thermalMax.betaS, 2)}). Over the
  quadrant up to β = ${c.thermalMax.extendedRange} (closed form, step 0.25): max C = 1/3 − ${e(1 / 3 - c.thermalMax.extendedValue)}. At (β_cold, β_hot) =
  (+∞, 0) the engine (infinite-rate limit) gives C = ${f(third.engine, 15)}. ${verdict(c.thermalMax.value < 1 / 3 && c.thermalMax.extendedValue < 1 / 3 && Math.abs(third.engine - 1 / 3) < 1e-12)}: the bound is a supremum, not a maximum.
- **Claim: C → 1/2 when the hot bath is at negative temperature (β_hot → −∞) and the cold one cold.**
  With the cold bath at β = +∞:

  | β_hot | C, engine (infinite-rate limit) | C, closed form | 1/(2 + e^{β_hot}) |
  |---|---|---|---|
${neg.split('\n').map((l) => '  ' + l).join('\n')}

  Largest C on the Fig. 1 grid: ${f(c.mapMax.value)} at (${f(c.mapMax.betaA, 2)}, ${f(c.mapMax.betaS, 2)}). ${verdict(Math.abs(c.negativeLimit[c.negativeLimit.length - 1].engine - 0.5) < 1e-12 && c.mapMax.value <= 0.5)}.
- **C = 0 for balanced baths (β_A = β_S) and when both β ≤ 0.** Largest C at such grid points:
  ${e(c.zeroRegionMax)}. ${verdict(c.zeroRegionMax < 1e-12)}. Entanglement needs the
  colder bath at β > ${f(c.positivityThreshold, 4)} = ln(4 + √20); the paper does not state this threshold.
- **Claim: "the more irreversible the process, the larger the concurrence"** (Fig. 1(c)). Ṡ and C are both
  largest in the corners with one bath at negative temperature, but the correspondence is qualitative:
  Ṡ grows without bound (linearly in |β_A − β_S|) while C saturates at 1/2, and Ṡ > 0 everywhere off the
  diagonal, including where C = 0. The Spearman rank correlation of C and Ṡ over the off-diagonal grid
  points is ${f(c.spearman, 3)}: a positive trend, not a one-to-one relation. The paper's wording is loose here.

## Cavity-QED realisation (Fig. 2)

- **Fig. 2(b) (γ = 0, p = 2·10⁻⁴ g).** Full-model maximum C = ${f(c.fig2bMax.concurrence)} at κ/g ≈ ${f(c.fig2bMax.kappa, 2)}.
  **Claim: the full model follows the effective one for κ/g > 1.** Full and effective differ by more than 0.01
  only for κ/g < ${c.partingKappa === null ? '(never on the scan)' : f(c.partingKappa, 3)}. ${verdict(c.partingKappa !== null && c.partingKappa <= 1)}.
- **Claim: "the maximal value is C ≃ 0.4 around p/γ ≃ 5" (γ = 10⁻³ g).** Best full-model concurrence over
  (p, κ): **C = ${f(c.best.concurrence)} at p/γ = ${f(c.best.pumpOverGamma, 2)}, κ/g = ${f(c.best.kappa, 2)}**. The paper rounds
  ${f(c.best.concurrence, 3)} up to 0.4; ${c.best.pumpOverGamma > 4 && c.best.pumpOverGamma < 6.5 ? 'the location matches' : 'the location does NOT match'}.
- **Claim: "for the proper values of κ the thermodynamic limit is overcome (C > 1/3) as soon as p > γ".**
  In the effective model the supremum over κ (reached as κ → 0) is p/(2p + γ), above 1/3 exactly when p > γ.
  In the full model, where small κ is not allowed (adiabatic elimination fails), the best C over κ first
  exceeds 1/3 at **p/γ = ${c.beatsThird.pumpOverGamma === null ? 'not found' : f(c.beatsThird.pumpOverGamma, 3)}**, not at p/γ = 1: "as soon as p > γ"
  holds for the effective model only. The paper's text is loose here.
- **Claim: larger concurrence, approaching 1/2, for smaller γ/g** (the paper defers numbers to its
  Supplemental Material):

  | γ | best C | at p/γ | at κ/g |
  |---|---|---|---|
${small.split('\n').map((l) => '  ' + l).join('\n')}

  ${verdict(c.smallGamma.every((g, k) => g.concurrence > (k === 0 ? c.best.concurrence : c.smallGamma[k - 1].concurrence) && g.concurrence < 0.5))}: the best C grows toward 1/2 as γ/g decreases.

${extras ? `## Beyond the paper

- \`cavity-dynamics.*\`: populations of G, S, A, E and the concurrence of the two emitters versus g·t for the
  cavity model at the best point of Fig. 2(c) (κ = 2.33 g, γ = 10⁻³ g, p = 5·10⁻³ g), from the ground state.
- \`entropy-histogram.*\`: stochastic entropy production Σ of 5000 quantum-jump trajectories of the diamond
  model at (β_A, β_S) = (4, −2) up to Γ⁺t = 2, started in the steady state: ⟨Σ⟩ = ${f(extras.entropyMean, 2)} ± ${f(extras.entropyMeanError, 2)},
  against Ṡ·t = ${f(extras.entropyExpected, 2)} from the steady-state heat currents (Eq. 6) — the stochastic definition the
  paper invokes for negative temperatures reproduces Eq. (6) on average.

` : ''}${extras?.sections?.join('') ?? ''}## Conventions and corrections

- The paper's Lindblad form (Γ/2)·D_o with D_o(ρ) = 2oρo† − {o†o, ρ} is the standard dissipator with rate Γ.
- c₁, c₂ are commuting qubit operators (σ⁻ ⊗ I, I ⊗ σ⁻); the paper says they anticommute, but only the
  commuting convention reproduces Eqs. (4)–(5).
- ρρ̃ is not Hermitian, whatever the paper says; the concurrence here uses the Hermitian form
  √(√ρ ρ̃ √ρ), or the X-state closed form when ρ is an X state.
- Eq. (9)'s "p_x" is a misprint for p.
`;
}
