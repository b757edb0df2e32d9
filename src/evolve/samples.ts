/**
 * The outputs of an integration, read and checked sample by sample (shared by `evolve` for constant and
 * time-dependent models): each block vector y(t_k) is made exactly Hermitian, its trace and (for n ≤ 512)
 * its smallest eigenvalue are checked against OUTPUT_TOLERANCE, and the requested expectation values
 * Tr(O ρ(t_k)) are read with precomputed weights, and each Fock mode's top-level population (the cutoff
 * check, model/fock-cutoff.ts) is kept at its largest over the samples. A sample that is not a density matrix is an error
 * ('not-converged', field `times[k]`), never a returned state.
 */
import type { DenseMatrix } from '../linalg/dense.ts';
import { minEigenvalueBlockwise } from '../linalg/blocks.ts';
import { LindbladError } from '../errors.ts';
import type { Operator } from '../model/operator.ts';
import { dot, own, type BlockReader } from './block-reader.ts';
import { largestTruncation, type FockMode, type Truncation } from '../model/fock-cutoff.ts';

/** Largest |Tr ρ − 1| and −λ_min(ρ) accepted for an output state. */
export const OUTPUT_TOLERANCE = 1e-6;
/** Largest dimension n for which every output's λ_min(ρ) is computed. */
export const POSITIVITY_CHECK_LIMIT = 512;

export interface SampleReadout {
  states?: DenseMatrix[];
  expectations?: Record<string, number[]>;
  expectationsImag?: Record<string, number[]>;
  /** max_k |Tr ρ(t_k) − 1|. */
  traceError: number;
  /** min_k λ_min(ρ(t_k)); null when not checked (n > POSITIVITY_CHECK_LIMIT). */
  minEigenvalue: number | null;
  /** For each Fock mode of `modes`: max_k of its top-level population in ρ(t_k) (empty without modes). */
  truncation: Truncation[];
}

/**
 * Reads the samples `ys` at times `ts` of an n-level model through `reader`; `beforeCheck(y, k)` (e.g. the
 * rotating frame's return to the lab frame) runs first; `remedy` ends the error message; `modes`: the
 * space's Fock modes (fockModes), whose cutoffs are checked.
 */
export function readSamples(reader: BlockReader, n: number, ys: readonly Float64Array[], ts: readonly number[],
  observables: ReadonlyArray<readonly [string, Operator]>, keepStates: boolean, remedy: string, modes: readonly FockMode[],
  beforeCheck?: (y: Float64Array, k: number) => void): SampleReadout {
  const states: DenseMatrix[] = [];
  const expectations: Record<string, number[]> = {}, expectationsImag: Record<string, number[]> = {};
  const weights = observables.map(([name, o]) => {
    own(expectations, name, []); // a name like "__proto__" stays an own key
    const hermitian = o.hermiticityError() <= 1e-12 * Math.max(1, o.matrix.normInf());
    if (!hermitian) own(expectationsImag, name, []);
    return { name, w: reader.traceWeights(o), hermitian };
  });
  let traceError = 0, minEigenvalue: number | null = n <= POSITIVITY_CHECK_LIMIT ? Infinity : null;
  const lost = (k: number, what: string) => new LindbladError('not-converged', `the state at t = ${ts[k]} is not a density matrix: ${what} `
    + `(tolerance ${OUTPUT_TOLERANCE.toExponential(0)}); ${remedy}`, `times[${k}]`);
  ys.forEach((y, k) => {
    for (let q = 0; q < y.length; q++) {
      if (!Number.isFinite(y[q])) throw lost(k, 'it has non-finite entries');
    }
    beforeCheck?.(y, k);
    reader.symmetrise(y);
    const [tr, ti] = reader.trace(y), te = Math.hypot(tr - 1, ti);
    if (!(te <= OUTPUT_TOLERANCE)) throw lost(k, `|Tr ρ − 1| = ${te.toExponential(2)}`);
    traceError = Math.max(traceError, te);
    const rho = keepStates || minEigenvalue !== null ? reader.toMatrix(y) : null;
    if (minEigenvalue !== null) {
      const lmin = minEigenvalueBlockwise(rho!);
      if (!(lmin >= -OUTPUT_TOLERANCE)) throw lost(k, `its smallest eigenvalue is ${lmin.toExponential(2)}`);
      minEigenvalue = Math.min(minEigenvalue, lmin);
    }
    for (const { name, w, hermitian } of weights) {
      const [re, im] = dot(w, y);
      expectations[name].push(re);
      if (!hermitian) expectationsImag[name].push(im);
    }
    if (keepStates) states.push(rho!);
  });
  const truncation = largestTruncation(modes, ys, (y) => (visit) => reader.eachPopulation(y, visit));
  return {
    ...(keepStates ? { states } : {}),
    ...(weights.length > 0 ? { expectations } : {}),
    ...(Object.keys(expectationsImag).length > 0 ? { expectationsImag } : {}),
    traceError, minEigenvalue, truncation,
  };
}
