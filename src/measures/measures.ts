/**
 * Quantum-information measures on density matrices (DenseMatrix, ρ[i][j] = ⟨i|ρ|j⟩, subsystems in
 * Kronecker order). See each module for formulas and conventions.
 */
export { MeasureError, INPUT_TOLERANCE } from './errors.ts';
export { expectation, purity, linearEntropy, vonNeumannEntropy } from './state.ts';
export { fidelity, rootFidelity, traceDistance, traceNorm } from './distance.ts';
export { partialTranspose, negativity, logNegativity } from './partial-transpose.ts';
export { concurrence, concurrenceXState, woottersLambdas } from './concurrence.ts';
