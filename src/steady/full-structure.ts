/**
 * Structural uniqueness for the unreduced (full) route, used when its numerical verdict fails: L is block
 * diagonal over the components of its coupling graph (symmetry.ts), so ker L is one-dimensional exactly
 * when the block of the populations (the diagonal sector) has a one-dimensional kernel and every other
 * block (a coherence sector) is non-singular. When the diagonal sector holds only populations and its
 * transitions have one closed class (structural.ts), the first holds whatever the rates; the coherence
 * blocks are then checked numerically (equilibrated, coherence-checks.ts). A unique state whose full
 * system is numerically singular (nearly decoupled clusters of populations, rates spanning many decades)
 * is then still solved — in structural mode, flagged by its error estimate — instead of being refused.
 */
import type { FactoredLiouvillian } from '../liouvillian/factored.ts';
import { diagonalSector, offDiagonalSectors, type Sector, type SectorAnalysis } from '../symmetry/symmetry.ts';
import { realNumbering, realTermMatrix, type RealNumbering } from '../symmetry/sector-system.ts';
import { PopulationChain } from '../symmetry/structural.ts';
import { CoherenceChecks } from './coherence-checks.ts';

export class FullRouteStructure {
  private readonly lv: FactoredLiouvillian;
  private readonly analysis: SectorAnalysis;
  private built = false;
  private diagonal: { sector: Sector; num: RealNumbering; chain: PopulationChain } | null = null;
  private checks: CoherenceChecks | null = null;

  constructor(lv: FactoredLiouvillian, analysis: SectorAnalysis) {
    this.lv = lv;
    this.analysis = analysis;
  }

  /**
   * For the full numbering `full`: the pin mask over its populations (1 = in the closed class) when the
   * stationary state at θ is unique by the argument above, else null.
   */
  recurrentMask(theta: ArrayLike<number>, tol: number, full: RealNumbering): Uint8Array | null {
    if (!this.built) {
      this.built = true;
      const s = diagonalSector(this.analysis);
      if (s) {
        const num = realNumbering(s);
        const chain = PopulationChain.of(this.lv.terms.map((_, t) => realTermMatrix(this.lv, t, s, num)), num.size, num.diagonal.length);
        if (chain) {
          this.diagonal = { sector: s, num, chain };
          this.checks = new CoherenceChecks(this.lv, offDiagonalSectors(this.analysis));
        }
      }
    }
    const d = this.diagonal;
    if (!d) return null;
    const st = d.chain.at(theta);
    if (!st || st.closedClasses !== 1) return null;
    if (this.checks!.firstSingular(theta, tol)) return null;
    return Uint8Array.from(full.diagonal, (r) => {
      const k = full.rowOf[r];
      return st.recurrent[d.num.realOf[d.sector.index(k, k)]];
    });
  }
}
