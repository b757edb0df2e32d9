/**
 * The exchange-reduced solve of a sector (symmetry/exchange.ts): the solver of the symmetric block (with the
 * trace) and the checks of the other joint eigenspaces of the swaps, built from the sector's per-term matrices.
 */
import type { CsrMatrix } from '../linalg/sparse.ts';
import type { RealNumbering } from '../symmetry/sector-system.ts';
import type { Sector } from '../symmetry/symmetry.ts';
import { exchangeReduction, reducedTerm, type Exchange, type ExchangeReduction } from '../symmetry/exchange.ts';
import { RealBlockCheck, RealSectorSolver, type SectorFactorization } from './sector-solve.ts';

/** The exchange reduction of the sector: the symmetric solver and the checks of the other blocks. */
export interface ExchangeSolve {
  readonly exs: readonly Exchange[];
  readonly red: ExchangeReduction;
  readonly plus: RealSectorSolver;
  readonly others: readonly RealBlockCheck[];
  /** For the certificate's sector line, e.g. "exchange q1↔q2: 42 symmetric unknowns solved, 26 antisymmetric checked". */
  readonly note: string;
}

/** The reduced solve of sector `s` under those of the swaps `candidates` that map it into itself (its real terms `terms`), or null when they do not reduce it. */
export function exchangeSolve(candidates: readonly Exchange[], s: Sector, num: RealNumbering, terms: readonly CsrMatrix[], factorization: 'auto' | SectorFactorization): ExchangeSolve | null {
  const red = exchangeReduction(candidates, s, num);
  if (!red) return null;
  const plus = red.plus, others = red.others, exs = red.swaps;
  const swaps = exs.map((ex) => `${ex.names[0]}↔${ex.names[1]}`).join(', '), checked = others.reduce((a, b) => a + b.size, 0);
  return {
    exs, red,
    plus: new RealSectorSolver(terms.map((t) => reducedTerm(t, plus, num.size)), { size: plus.size, diagonal: plus.diagonal, traceWeights: plus.traceWeights }, factorization),
    others: others.map((b) => new RealBlockCheck(terms.map((t) => reducedTerm(t, b, num.size)), b.size)),
    note: exs.length === 1 ? `exchange ${swaps}: ${plus.size} symmetric unknowns solved, ${checked} antisymmetric checked`
      : `exchanges ${swaps}: ${plus.size} symmetric unknowns solved, ${checked} in ${others.length} antisymmetric blocks checked`,
  };
}
