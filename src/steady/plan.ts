/**
 * A steady-state solve prepared once and repeated for many coefficient vectors θ (steadyState uses it for
 * one θ, sweeps for many): the Liouvillian's terms (factored.ts), its symmetry sectors (sectors.ts), the
 * charge argument that makes a sector solve conclusive (charge.ts), and the per-term sector matrices with
 * their factorisation pattern (sector-system.ts, sector-solve.ts). The certificate always checks the full
 * residual ‖L vec ρ‖ over all n² entries.
 *
 * Exchange symmetry (exchange.ts): with a direct solve, when two identical subsystems can be swapped without
 * changing the family (H and the channel set, at the template's θ), every θ that gives paired channels
 * equal coefficients is solved in the exchange-symmetric half of the sector, with the antisymmetric half
 * checked for non-singularity at the same θ (so the uniqueness verdict stays that of the whole sector);
 * any other θ is solved without the reduction.
 *
 * Routes: 'sector' solves the diagonal sector only; 'split' means the diagonal entries fall into more
 * than one component, so the stationary state is not unique; 'full' solves the unreduced system (no
 * reduction, reduction switched off, or no charge to make it conclusive): with a direct method through the
 * same real solver on every unknown of ρ (`fullSector`), with an iterative one through full.ts.
 *
 * Uniqueness: structural where it can be proved (symmetry/structural.ts: a populations-only sector whose
 * transitions have one closed class, at every θ), numerical otherwise (the equilibrated systems of
 * sector-solve.ts); beyond the sector, the charge argument with its coherence blocks checked numerically
 * (also equilibrated) as before.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import type { CsrMatrix } from '../linalg/sparse.ts';
import { LinalgError } from '../linalg/errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { FactoredLiouvillian, type TermSelection } from '../liouvillian/factored.ts';
import type { LiouvillianFamilyOperator } from '../liouvillian/operator.ts';
import { familyOperator } from '../liouvillian/family-operator.ts';
import { Sector, analyseSectors, diagonalSector, fullSector, offDiagonalSectors, type SectorAnalysis } from '../symmetry/symmetry.ts';
import { PopulationChain } from '../symmetry/structural.ts';
import { CoherenceChecks } from './coherence-checks.ts';
import { FullRouteStructure } from './full-structure.ts';
import { findU1Charge } from '../symmetry/charge.ts';
import { combine, complexTermMatrix, realNumbering, realSectorSystem, realTermMatrix, type AssemblyErrors, type RealNumbering } from '../symmetry/sector-system.ts';
import { addAssemblyErrors } from './assembly-error.ts';
import { residualFloorFactor } from '../liouvillian/residual-floor.ts';
import { ETA, RealSectorSolver, type SectorFactorization } from './sector-solve.ts';
import { iterativeBorderedSolve, EQUILIBRATED_PINNED } from './iterative.ts';
import { dataErrors, reciprocalCondition } from './solve-error.ts';
import { borderedSystem } from '../linalg/bordered.ts';
import { certifyMeasured, certifySupported, conditioningOf, type Certificate, type CertifyInfo, type Conditioning } from './certificate.ts';
import { chargeSectors } from '../symmetry/charge-sectors.ts';
import { blockLayoutOf } from './block-state.ts';
import { SectorSolved, complexToReal, normalisation, writeRho } from './sector-solved.ts';
import type { PinnedFactorisation } from '../linalg/group-inverse.ts';
import { SectorResidual } from './sector-certificate.ts';
import { exchangesHold, expandOrbits, findExchanges } from '../symmetry/exchange.ts';
import { exchangeSolve, type ExchangeSolve } from './exchange-solve.ts';
import type { SectorPlanOptions } from './plan-options.ts';

export type { SectorPlanOptions } from './plan-options.ts';

/** Sectors up to this many real unknowns are not exchange-reduced under exchange: 'fill-heavy' (a dense or small sparse LU is quick either way). */
const EXCHANGE_MIN_UNKNOWNS = 64;

/** The coefficient vector of a system assembled at its θ: one term with coefficient 1. */
const UNIT = Float64Array.of(1);

/**
 * Above this Hilbert-space dimension a sector solution is certified in its sector and kept in block form
 * (sector-certificate.ts, block-state.ts); up to it, against the full operator on a dense ρ, which costs
 * less there (the small assembled operator, unrolled.ts) and checks the sector against the full space.
 */
export const FULL_CERTIFICATE_LIMIT = 32;

export type SectorOutcome =
  | SectorSolved
  | { kind: 'degenerate'; smallestEigenvalue: number; scale: number; solver: string; reason: string };

export class SectorPlan {
  readonly template: LindbladModel;
  readonly liouvillian: FactoredLiouvillian;
  /** θ of the template model itself. */
  readonly coefficients: Float64Array;
  readonly route: 'sector' | 'full' | 'split';
  /** The diagonal sector when route = 'sector'; every unknown when route = 'full' with a direct method. */
  readonly sector: Sector | null;
  /** How uniqueness beyond the sector is argued: 'U(1) charge' or 'coherence sectors checked'. */
  readonly via: string | undefined;
  private readonly options: SectorPlanOptions;
  private numbering: RealNumbering | null = null;
  /** The chain of a populations-only sector (structural uniqueness), null when it does not apply; undefined: not built yet. */
  private chain: PopulationChain | null | undefined = undefined;
  /** Pin masks per structure (for the direct solver's and the exchange solver's populations). */
  private readonly pinMasks = new WeakMap<object, { direct?: Uint8Array; plus?: Uint8Array }>();
  private solver: RealSectorSolver | null = null;
  private realTerms: CsrMatrix[] | null = null;
  /** options.oneOff: the solver of M(θ) at the template's θ (one term, coefficient 1) and its chain. */
  private single: { solver: RealSectorSolver | null; matrix: CsrMatrix; errors: AssemblyErrors; chain: PopulationChain | null | undefined } | null = null;
  /** undefined: not looked for yet; null: no exchange symmetry (or switched off). */
  private exchange: ExchangeSolve | null | undefined = undefined;
  /** Sectors outside the solved one whose blocks must be non-singular for uniqueness, with their term matrices. */
  private readonly checks: Sector[] = [];
  private coherenceChecks: CoherenceChecks | null = null;
  /** The full route's structural fallback (full-structure.ts), built on first need. */
  private fullStructure: FullRouteStructure | null = null;
  /** Buffer for the sector unknowns expanded from the exchange-symmetric ones (read before the next solve). */
  private expanded: Float64Array | null = null;
  private expandedErrors: Float64Array | null = null;
  /** The full coupling-graph analysis (symmetry.ts), built only where needed (no charge found, the full route). */
  private fullAnalysis: SectorAnalysis | null = null;
  /** Number of components holding populations (> 1: route 'split'). */
  private readonly diagonalComponents: number;
  /** Sector route with a charge: the in-sector certificate (sector-certificate.ts); ρ's block layout is blockLayoutOf's. */
  private sectorLabel: string | undefined = undefined;
  private sectorResidual: SectorResidual | null = null;
  private cert: { operator: LiouvillianFamilyOperator; support: { rows: Int32Array; cols: Int32Array }; positions: Int32Array; work: { vec: Float64Array; residual: Float64Array }; sector: string; rho: DenseMatrix } | null = null;

  constructor(model: LindbladModel, select: TermSelection, options: SectorPlanOptions) {
    this.template = model;
    this.options = options;
    const { liouvillian, coefficients } = FactoredLiouvillian.fromModel(model, select);
    this.liouvillian = liouvillian;
    this.coefficients = coefficients;
    const n = model.space.dim;
    let route: SectorPlan['route'] = 'full', via: string | undefined, s: Sector | null = null;
    // Sector-first: a U(1) charge and its charge-0 sectors from the operators alone (charge-sectors.ts).
    const cs = options.sectors === 'off' ? null : chargeSectors(liouvillian);
    if (cs) {
      this.diagonalComponents = cs.diagonalComponents;
      if (cs.diagonal) {
        s = cs.diagonal;
        route = 'sector';
        via = 'diagonal sector + U(1) charge';
        if (cs.neutral.length > 0) {
          via += ` + ${cs.neutral.length} charge-0 coherence sector(s) checked`;
          this.checks.push(...cs.neutral);
        }
      } else route = 'split';
    } else {
      const analysis = this.analysis;
      this.diagonalComponents = analysis.diagonalRoots.length;
      s = options.sectors === 'off' ? null : diagonalSector(analysis);
      if (options.sectors !== 'off' && analysis.diagonalRoots.length > 1) route = 'split';
      else if (s && s.size < n * n) {
        const charge = findU1Charge(analysis);
        if (charge) {
          route = 'sector';
          via = 'diagonal sector + U(1) charge';
          if (charge.neutralRoots.length > 0) {
            via += ` + ${charge.neutralRoots.length} charge-0 coherence sector(s) checked`;
            for (const r of charge.neutralRoots) this.checks.push(new Sector(analysis, [r]));
          }
        } else if (options.sectors === 'forced') {
          route = 'sector';
          via = 'diagonal sector + all coherence sectors checked';
          this.checks.push(...offDiagonalSectors(analysis));
        }
      }
    }
    this.route = route;
    this.sector = route === 'sector' ? s : route === 'full' && options.solve.kind === 'direct' ? fullSector(this.analysis) : null;
    this.via = via;
  }

  /**
   * Components of the coupling graph on all n² unknowns (symmetry.ts): O(n² / component size²) classes, so
   * built only when needed — no verified charge, the full route, or a caller that asks (spectra).
   */
  get analysis(): SectorAnalysis {
    return (this.fullAnalysis ??= analyseSectors(this.liouvillian));
  }

  /** θ for another model of the same family (same operators, other rates or a scaled H), or null. */
  coefficientsOf(model: LindbladModel): Float64Array | null {
    return this.liouvillian.coefficientsOf(model);
  }

  /** The family member with coefficients θ: H scaled by θ_H, channel rates replaced. */
  modelAt(theta: ArrayLike<number>): LindbladModel {
    const rates = new Map<number, number>();
    let hScale = 1;
    this.liouvillian.terms.forEach((t, k) => { if (t.kind === 'hamiltonian') hScale = theta[k]; else rates.set(t.channel, theta[k]); });
    return this.template.with({
      hamiltonian: hScale === 1 ? this.template.hamiltonian : this.template.hamiltonian.scale(hScale),
      channels: this.template.channels.map((c, i) => ({ ...c, rate: rates.get(i) ?? c.rate })),
    });
  }

  /** Human-readable reason for route 'split'. */
  splitReason(): string {
    return `the diagonal entries of ρ fall into ${this.diagonalComponents} disconnected symmetry sectors, each with its own stationary state`;
  }

  /** Solves the diagonal sector (route 'sector') or every unknown (route 'full', direct method) for θ. */
  solve(theta: ArrayLike<number>): SectorOutcome {
    const s = this.sector;
    if (!s) throw new LinalgError('internal error: SectorPlan.solve needs route "sector" (or "full" with a direct method)');
    const num = (this.numbering ??= realNumbering(s));
    const n = this.template.space.dim, opts = this.options, full = this.route === 'full';
    let x: Float64Array | null, errors: Float64Array | null = null, smallest: number, scale: number, solver: string, hermiticity = 0;
    let method: 'exact' | 'estimate' | 'markov' = 'exact', rcond = 0, structural = false;
    let factorisation: PinnedFactorisation | null = null; // the direct route's LU, for the Drazin inverse (sector-solved.ts)
    const xs = opts.solve.kind === 'direct' && !full ? this.exchangeSolve(num) : null;
    const single = opts.solve.kind === 'direct' && opts.oneOff === true && sameCoefficients(theta, this.coefficients);
    const structure = opts.solve.kind === 'direct' ? this.structureAt(s, num, theta, single) : null;
    let reduced: ExchangeSolve | null = null, fullVia: string | undefined;
    let reason = full ? '' : 'the diagonal symmetry sector holds more than one stationary state';
    if (xs && exchangesHold(xs.exs, theta)) {
      reduced = xs;
      const pins = structure ? this.pinMask(structure, 'plus', xs.red.plus.diagonal, xs.red.plus.rep) : null;
      const sol = xs.plus.solve(theta, opts.tol, pins);
      ({ smallestEigenvalue: smallest, scale, solver, method, rcond, structural } = sol);
      x = null;
      reason = 'the exchange-symmetric part of the diagonal sector holds more than one stationary state';
      if (sol.x) {
        if (!structural) { // with one closed class the antisymmetric block is non-singular: nothing to check
          for (const block of xs.others) {
            const anti = block.check(theta, opts.tol);
            if (anti.singular) return { kind: 'degenerate', smallestEigenvalue: anti.smallest, scale: anti.scale, solver, reason: `an exchange-antisymmetric part of the diagonal sector (${block.size} unknowns) holds a stationary element` };
            if (anti.smallest * scale < smallest * anti.scale) { smallest = anti.smallest; scale = anti.scale; rcond = Math.min(rcond, anti.smallest / anti.scale); }
          }
        }
        x = expandOrbits(xs.red.plus, sol.x, num.size, (this.expanded ??= new Float64Array(num.size)));
        errors = expandOrbits(xs.red.plus, sol.errors!, num.size, (this.expandedErrors ??= new Float64Array(num.size)));
        for (let k = 0; k < errors.length; k++) errors[k] = Math.abs(errors[k]);
      }
    } else if (opts.solve.kind === 'direct') {
      const what = full ? 'real, all unknowns' : 'real sector', fact = opts.solve.factorization;
      const direct = this.unreducedSolver(s, num, single, what, fact);
      const th = single ? UNIT : theta;
      const pins = structure ? this.pinMask(structure, 'direct', num.diagonal) : null;
      ({ x, errors, smallestEigenvalue: smallest, scale, solver, method, rcond, structural, factorisation } = direct.solve(th, opts.tol, pins));
      if (!x && full) { // numerically singular: unique after all if the structure says so (full-structure.ts)
        const mask = (this.fullStructure ??= new FullRouteStructure(this.liouvillian, this.analysis)).recurrentMask(theta, opts.tol, num);
        if (mask) {
          ({ x, errors, smallestEigenvalue: smallest, scale, solver, method, rcond, factorisation } = direct.solve(th, opts.tol, mask));
          structural = true;
          fullVia = 'populations: one closed class of transitions; every coherence sector checked';
        }
      }
      if (single && x && errors && factorisation) addAssemblyErrors(this.single!.errors, x, errors, factorisation);
    } else {
      const terms = this.liouvillian.terms.map((_, t) => complexTermMatrix(this.liouvillian, t, s));
      const sys = borderedSystem(combine(s.size, terms, theta), s.diagonalIndices());
      // with an error estimate by correction solves (solve-error.ts)
      const sol = iterativeBorderedSolve(sys.matrix, sys.rhs, opts.solve, opts.tol, dataErrors(this.liouvillian, theta, s.rowOf, s.colOf));
      ({ smallestEigenvalue: smallest, solver, scale } = sol);
      const real = complexToReal(s, num, sol.x);
      hermiticity = real.hermiticityError;
      x = smallest > opts.tol * scale ? real.x : null;
      if (!x) reason = reason ? `${reason} (${EQUILIBRATED_PINNED})` : EQUILIBRATED_PINNED;
      const complexErrors = sol.errors;
      if (x && complexErrors) {
        // a real unknown is the mean of two complex ones (ρ_jk and conj ρ_kj): the mean of their errors
        errors = Float64Array.from({ length: num.size }, (_, r) => 0.5 * (complexErrors[s.index(num.rowOf[r], num.colOf[r])] + complexErrors[s.index(num.colOf[r], num.rowOf[r])]));
      }
      method = 'estimate';
      rcond = reciprocalCondition(smallest / scale, scale, sol.growth);
    }
    if (!x) return { kind: 'degenerate', smallestEigenvalue: smallest, scale, solver, reason };
    if (this.checks.length > 0) {
      const bad = (this.coherenceChecks ??= new CoherenceChecks(this.liouvillian, this.checks)).firstSingular(theta, opts.tol);
      if (bad) return { kind: 'degenerate', smallestEigenvalue: bad.smallest, scale: bad.scale, solver, reason: `a coherence sector (${bad.size} unknowns) holds a stationary element` };
    }
    const conditioning: Conditioning | undefined = errors
      ? conditioningOf(x, errors, num.diagonal, rcond, method, ETA) : undefined;
    const via = fullVia ?? (structural ? `${this.via ? `${this.via} + ` : ''}one closed class of transitions` : reduced ? `${this.via} + exchange-antisymmetric block${reduced.others.length > 1 ? 's' : ''} checked` : this.via);
    const label = (this.sectorLabel ??= s.describe());
    // Evaluated only past the residual limit. Bound, not an arrow: no closure per point of a sweep (under tsx,
    // whose esbuild names every arrow function it creates, that costs ~5 % of a diamond grid).
    const residualFloor = residualFloorFactor.bind(null, this.liouvillian, theta);
    const sector = full ? undefined : reduced ? `${label}; ${reduced.note}` : label, unknowns = reduced ? reduced.plus.size : s.size;
    if (!full && n > FULL_CERTIFICATE_LIMIT) {
      const info: CertifyInfo = { unique: true, smallestEigenvalue: smallest, scale, solver, hermiticityBefore: hermiticity, sector, unknowns, uniquenessVia: via, structural, conditioning, residualFloor };
      // In the sector (sector-certificate.ts): exact, as L maps the sector to itself; ρ stays in block form.
      const f = normalisation(num, x), state = blockLayoutOf(n, num).state(x, f);
      const { residual, norm } = (this.sectorResidual ??= new SectorResidual(this.liouvillian, s)).measure(theta, state);
      const certificate = certifyMeasured({
        residual, operatorNorm: norm, normRho: state.normFrobenius(), trace: state.trace(), minEigenvalue: state.minEigenvalue(),
        dimension: n, unknowns: s.size, hermiticity: 0,
      }, info);
      return new SectorSolved(n, num, x, f, certificate, factorisation, state);
    }
    const cert = this.certifying(num, theta);
    const f = writeRho(num, x, cert.rho);
    const certificate = certifySupported(cert.operator, cert.rho, cert.positions, {
      unique: true, smallestEigenvalue: smallest, scale, solver, hermiticityBefore: hermiticity, sector, unknowns,
      uniquenessVia: via, structural, conditioning, support: cert.support, work: cert.work, residualFloor,
    });
    return new SectorSolved(n, num, x, f, certificate, factorisation);
  }

  /**
   * The recurrence mask (1 = population in the closed class, per sector unknown) when the sector's
   * uniqueness is structural at θ (symmetry/structural.ts: one closed class), else null.
   */
  private structureAt(s: Sector, num: RealNumbering, theta: ArrayLike<number>, single: boolean): Uint8Array | null {
    let st;
    if (single) {
      const one = this.singleAt(s, num);
      if (one.chain === undefined) one.chain = PopulationChain.of([one.matrix], num.size, num.diagonal.length);
      st = one.chain?.at(UNIT);
    } else {
      if (this.chain === undefined) this.chain = PopulationChain.of(this.realTermsOf(s, num), num.size, num.diagonal.length);
      st = this.chain?.at(theta);
    }
    return st && st.closedClasses === 1 ? st.recurrent : null;
  }

  /**
   * A solver's pin mask for a structure (built once per structure and solver): structure[rep[o]] for each of
   * the solver's populations o, their unknowns `diagonal[o]` (rep: the orbit representatives of an
   * exchange-reduced solver; the identity otherwise).
   */
  private pinMask(structure: Uint8Array, which: 'direct' | 'plus', diagonal: Int32Array, rep?: Int32Array): Uint8Array {
    let m = this.pinMasks.get(structure);
    if (!m) this.pinMasks.set(structure, (m = {}));
    let mask = m[which];
    if (!mask) {
      mask = m[which] = new Uint8Array(diagonal.length);
      for (let o = 0; o < diagonal.length; o++) mask[o] = structure[rep ? rep[diagonal[o]] : diagonal[o]];
    }
    return mask;
  }

  /**
   * The solver of the whole sector (built once): of M(θ) at the template's θ when `single` (a one-off solve
   * at that θ), else of the per-term matrices.
   */
  private unreducedSolver(s: Sector, num: RealNumbering, single = this.options.oneOff === true, what = 'real sector',
    fact: 'auto' | SectorFactorization = this.options.solve.kind === 'direct' ? this.options.solve.factorization : 'auto'): RealSectorSolver {
    return single ? (this.singleAt(s, num).solver ??= new RealSectorSolver([this.single!.matrix], num, fact, what))
      : (this.solver ??= new RealSectorSolver(this.realTermsOf(s, num), num, fact, what));
  }

  /** M(θ) at the template's θ in one pass (options.oneOff; built once). */
  private singleAt(s: Sector, num: RealNumbering): NonNullable<SectorPlan['single']> {
    return (this.single ??= { solver: null, ...realSectorSystem(this.liouvillian, this.coefficients, s, num), chain: undefined });
  }

  /** Real per-term matrices of the diagonal sector (built once). */
  private realTermsOf(s: Sector, num: RealNumbering): CsrMatrix[] {
    return (this.realTerms ??= this.liouvillian.terms.map((_, t) => realTermMatrix(this.liouvillian, t, s, num)));
  }

  /**
   * The exchange reduction of the diagonal sector, looked for once per plan (exchange.ts): null when the
   * option is off, no two identical subsystems can be swapped, or the swap does not reduce the sector.
   */
  private exchangeSolve(num: RealNumbering): ExchangeSolve | null {
    if (this.exchange !== undefined) return this.exchange;
    this.exchange = null;
    const s = this.sector!, opts = this.options;
    if (opts.exchange === false || opts.solve.kind !== 'direct') return null;
    // 'fill-heavy': a small or banded sector is solved whole, where the parts would cost about what they save
    // (the banded order found here is the one the whole sector's solve then uses; looking for swaps, which
    // compares operators entry by entry for each pair of identical subsystems, can cost more)
    if (opts.exchange === 'fill-heavy' && (num.size <= EXCHANGE_MIN_UNKNOWNS || !this.unreducedSolver(s, num).fillHeavy())) return null;
    const exs = findExchanges(this.template, this.liouvillian, this.coefficients);
    if (exs.length === 0) return null;
    return (this.exchange = exchangeSolve(exs, s, num, this.realTermsOf(s, num), opts.solve.factorization));
  }

  /**
   * What certifying a sector solution at θ needs, kept across solves: the full L(θ) as an operator
   * (re-targeted, not rebuilt; assembled for n ≤ ASSEMBLED_LIMIT, factored otherwise), the vec ρ and
   * residual buffers (n² entries each), the sector's off-diagonal positions (ρ vanishes outside them,
   * which speeds up the blockwise eigenvalues), the vec indices of all its entries (certifySupported writes
   * and sums vec ρ only there), and a scratch ρ that is certified in place (only the sector's positions
   * are ever written, so it stays zero elsewhere).
   */
  private certifying(num: RealNumbering, theta: ArrayLike<number>): NonNullable<SectorPlan['cert']> {
    if (this.cert) {
      this.cert.operator.setCoefficients(theta);
      return this.cert;
    }
    const rows: number[] = [], cols: number[] = [], positions: number[] = [], n = this.template.space.dim, n2 = n * n;
    for (let r = 0; r < num.size; r++) {
      const i = num.rowOf[r], j = num.colOf[r];
      if (num.isImag[r]) continue;
      if (i === j) positions.push(i + n * i);
      else { rows.push(i); cols.push(j); positions.push(i + n * j, j + n * i); }
    }
    return (this.cert = {
      operator: familyOperator(this.liouvillian, theta),
      support: { rows: Int32Array.from(rows), cols: Int32Array.from(cols) },
      positions: Int32Array.from(positions).sort(),
      work: { vec: new Float64Array(2 * n2), residual: new Float64Array(2 * n2) },
      sector: this.sector!.describe(),
      rho: new DenseMatrix(this.template.space.dim, this.template.space.dim),
    });
  }

}

/** θ = θ' entry by entry (same length). */
function sameCoefficients(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(+a[k], +b[k])) return false;
  return true;
}
