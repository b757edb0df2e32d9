/**
 * The Liouvillian of the emitters-in-cavity model (model/emitters-cavity.ts) on the reduced state ρ̄ =
 * (ρ̄_j)_j of model/dicke-basis.ts (ρ̄_j = d_j ρ_j, Tr ρ = Σ_j Tr ρ̄_j), term by term with unit coefficients:
 *
 *   coupling        −i[J⁺a + J⁻a†, ρ̄_j]                                    (within block j)
 *   decay           Σ_i D[σ⁻_i]:  E⁻(ρ̄) − ½{J_z + N/2, ρ̄}
 *   pump            Σ_i D[σ⁺_i]:  E⁺(ρ̄) − ½{N/2 − J_z, ρ̄}
 *   dephasing       Σ_i D[σᶻ_i]:  Eᶻ(ρ̄) − N ρ̄
 *   collectiveDecay D[J⁻], collectivePump D[J⁺], cavityLoss D[a], cavityGain D[a†]   (within block j)
 *
 * with D[o]ρ = oρo† − ½{o†o, ρ}. The local jump maps move ρ̄_j's entry (m, m′) to block j′ ∈ {j−1, j, j+1}
 * (docs/n-emitters.md, derived by the Wigner–Eckart theorem and the trace identities Σ_i σ⁺_iσ⁻_i = J_z + N/2):
 *
 *   E_q(ρ̄)_{j′}(m+q, m′+q) += c_q · a_{j→j′} · C^{j′}_{j,m,q} C^{j′}_{j,m′,q} · ρ̄_j(m, m′),
 *   a_{j→j+1} = N/2 − j,  a_{j→j} = N/2 + 1,  a_{j→j−1} = N/2 + j + 1,
 *
 * q = −1 (σ⁻), +1 (σ⁺), 0 (σᶻ), c_{±1} = 1, c_0 = 2, and C the Clebsch–Gordan coefficients ⟨j m; 1 q|j′ m+q⟩.
 * The photon numbers of both sides are untouched by the local maps. Units: those of the coefficients θ_t.
 */
import type { DickeBasis } from '../model/dicke-basis.ts';
import type { ResolvedEmittersParams } from '../model/emitters-cavity.ts';
import type { EntrySink } from './factored.ts';
import { check, describe } from '../errors.ts';

/** The terms, in the order of the coefficient vector θ. */
export const DICKE_TERMS = ['coupling', 'decay', 'pump', 'dephasing', 'collectiveDecay', 'collectivePump', 'cavityLoss', 'cavityGain'] as const;
export type DickeTerm = (typeof DICKE_TERMS)[number];

/** θ for the parameters: [g, γ, p, γ_φ, Γ_c, Γ_p, κ(n_th + 1), κ n_th]. */
export function dickeCoefficients(p: ResolvedEmittersParams): Float64Array {
  check(typeof p === 'object' && p !== null, 'params', `expected the resolved parameters of an emitters-in-cavity model (model.params), got ${describe(p)}`);
  return Float64Array.from([p.g, p.gamma, p.pump, p.dephasing, p.collectiveDecay, p.collectivePump, p.kappa * (p.cavityThermal + 1), p.kappa * p.cavityThermal]);
}

/** √((j + m)(j − m + 1)): ⟨j, m−1|J⁻|j, m⟩ (spins doubled: tj = 2j, tm = 2m). */
function lower(tj: number, tm: number): number {
  return Math.sqrt(Math.max(0, ((tj + tm) / 2) * ((tj - tm) / 2 + 1)));
}

/** √((j − m)(j + m + 1)): ⟨j, m+1|J⁺|j, m⟩. */
function raise(tj: number, tm: number): number {
  return Math.sqrt(Math.max(0, ((tj - tm) / 2) * ((tj + tm) / 2 + 1)));
}

/**
 * c_q · a_{j→j′} · C^{j′}_{j,m,q} C^{j′}_{j,m′,q} for the local jump of kind q from (j, m, m′) to j′ = j + s
 * (s ∈ {−1, 0, 1}); 0 where a Clebsch–Gordan coefficient vanishes (or j = 0 and s = 0).
 */
function localWeight(q: -1 | 0 | 1, n: number, j: number, s: number, m: number, mp: number): number {
  const a = s > 0 ? n / 2 - j : s === 0 ? n / 2 + 1 : n / 2 + j + 1;
  if (a === 0) return 0;
  if (s === 0 && j === 0) return 0;
  const c = (q === 0 ? 2 : 1) * a;
  // m = m′ (a population's weight): C² as one quotient of exact half-integer products, rounded once — so a
  // weight whose exact value is an integer is exact, and its cancellation against the diagonal part (the
  // fully polarised state under dephasing: N − N = 0) leaves no rounding residue, which against a weak pump
  // had moved populations by 1e-10 while the certificate vouched for 1e-14
  if (m === mp) { const r = clebschSquared(q, j, s, m); return (c * r.num) / r.den; }
  return c * clebsch(q, j, s, m) * clebsch(q, j, s, mp);
}

/** C^{j+s}_{j,x,q}² = num / den (num, den products of half-integers: exact), as used by localWeight. */
function clebschSquared(q: -1 | 0 | 1, j: number, s: number, x: number): { num: number; den: number } {
  if (q === -1) {
    if (s > 0) return { num: (j - x + 1) * (j - x + 2), den: (2 * j + 1) * (2 * j + 2) };
    if (s === 0) return { num: (j + x) * (j - x + 1), den: 2 * j * (j + 1) };
    return { num: Math.max(0, (j + x) * (j + x - 1)), den: 2 * j * (2 * j + 1) };
  }
  if (q === 1) {
    if (s > 0) return { num: (j + x + 1) * (j + x + 2), den: (2 * j + 1) * (2 * j + 2) };
    if (s === 0) return { num: (j - x) * (j + x + 1), den: 2 * j * (j + 1) };
    return { num: Math.max(0, (j - x) * (j - x - 1)), den: 2 * j * (2 * j + 1) };
  }
  if (s > 0) return { num: (j + 1 - x) * (j + 1 + x), den: (2 * j + 1) * (j + 1) };
  if (s === 0) return { num: x * x, den: j * (j + 1) };
  return { num: (j - x) * (j + x), den: j * (2 * j + 1) };
}

/** C^{j+s}_{j,x,q} as used by localWeight (the s = −1, q = 0 sign (−) is dropped: it cancels in the product). */
function clebsch(q: -1 | 0 | 1, j: number, s: number, x: number): number {
  const { num, den } = clebschSquared(q, j, s, x);
  return q === 0 && s === 0 ? x / Math.sqrt(den) : Math.sqrt(num / den); // q = 0, s = 0: signed
}

/** The reduced Liouvillian's terms as rows over pairs (i, k) of reduced basis states (module comment). */
export class DickeCavityLiouvillian {
  readonly basis: DickeBasis;
  readonly terms = DICKE_TERMS.length;

  constructor(basis: DickeBasis) {
    this.basis = basis;
  }

  /** H_il ≠ 0 of H = J⁺a + J⁻a† in row i (real and symmetric). */
  private hamiltonianRow(i: number, f: (l: number, h: number) => void): void {
    const B = this.basis, b = B.blockOf[i], tj = B.twoJ[b], tm = B.twoMOf[i], n = B.photonsOf[i];
    const up = B.state(b, tm - 2, n + 1); // ⟨i|J⁺a|l⟩, l = (m − 1, n + 1)
    if (up >= 0) f(up, raise(tj, tm - 2) * Math.sqrt(n + 1));
    const down = B.state(b, tm + 2, n - 1); // ⟨i|J⁻a†|l⟩, l = (m + 1, n − 1)
    if (down >= 0) f(down, lower(tj, tm + 2) * Math.sqrt(n));
  }

  /**
   * A collective operator o with one entry per row: o_{i,l} = amplitude (or null), and (o†o)_ii.
   * Terms 4–7: J⁻, J⁺, a, a† (a† truncated: (aa†) at the cutoff is 0, as in fock(cutoff)).
   */
  private single(t: number, i: number): { l: number; amp: number; diag: number } {
    const B = this.basis, b = B.blockOf[i], tj = B.twoJ[b], tm = B.twoMOf[i], n = B.photonsOf[i];
    const j = tj / 2, m = tm / 2;
    switch (t) {
      case 4: return { l: B.state(b, tm + 2, n), amp: lower(tj, tm + 2), diag: (j + m) * (j - m + 1) };
      case 5: return { l: B.state(b, tm - 2, n), amp: raise(tj, tm - 2), diag: (j - m) * (j + m + 1) };
      case 6: return { l: B.state(b, tm, n + 1), amp: Math.sqrt(n + 1), diag: n };
      default: return { l: B.state(b, tm, n - 1), amp: Math.sqrt(n), diag: n < B.cutoff ? n + 1 : 0 };
    }
  }

  /** Entries of row (i, k) of term t: (L_t ρ̄)_ik = Σ emit(k′, l′, re, im)·ρ̄_k′l′. */
  termRow(t: number, i: number, k: number, emit: EntrySink): void {
    const B = this.basis, N = B.emitters;
    if (t === 0) {
      this.hamiltonianRow(i, (l, h) => emit(l, k, 0, -h)); // −i H_il ρ̄_lk
      this.hamiltonianRow(k, (l, h) => emit(i, l, 0, h)); // +i ρ̄_il H_lk
      return;
    }
    if (t >= 4) {
      const a = this.single(t, i), c = this.single(t, k);
      if (a.l >= 0 && c.l >= 0 && a.amp !== 0 && c.amp !== 0) emit(a.l, c.l, a.amp * c.amp, 0);
      const d = -0.5 * (a.diag + c.diag);
      if (d !== 0) emit(i, k, d, 0);
      return;
    }
    // Local channels: jump maps E_q from blocks j′ − 1, j′, j′ + 1 into this row's block j′, then the diagonal part.
    const q = t === 1 ? -1 : t === 2 ? 1 : 0;
    const bt = B.blockOf[i], jt = B.twoJ[bt] / 2, tmi = B.twoMOf[i], tmk = B.twoMOf[k], ni = B.photonsOf[i], nk = B.photonsOf[k];
    for (let bs = bt - 1; bs <= bt + 1; bs++) {
      if (bs < 0 || bs >= B.blocks) continue;
      const js = B.twoJ[bs] / 2, s = jt - js;
      const src = B.state(bs, tmi - 2 * q, ni), srk = B.state(bs, tmk - 2 * q, nk);
      if (src < 0 || srk < 0) continue;
      const w = localWeight(q, N, js, s, (tmi - 2 * q) / 2, (tmk - 2 * q) / 2);
      if (w !== 0) emit(src, srk, w, 0);
    }
    const mi = tmi / 2, mk = tmk / 2;
    const d = q === -1 ? -0.5 * (mi + mk + N) : q === 1 ? -0.5 * (N - mi - mk) : -N;
    if (d !== 0) emit(i, k, d, 0);
  }
}
