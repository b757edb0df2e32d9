/**
 * The numerical kernels, physics-free: complex numbers as interleaved Float64Array (re, im), dense and CSR
 * matrices, dense and sparse LU with fill-reducing orderings, Hermitian and general eigensolvers, Krylov
 * solvers, ODE integrators for linear systems. Imported as `import { linalg } from 'lindblad'` or
 * `from 'lindblad/linalg'`.
 */
export { DenseMatrix, type ComplexPair } from './dense.ts';
export { CsrMatrix } from './sparse.ts';
export { LinalgError, attempt, isBreakdown, type LinalgErrorKind } from './errors.ts';
export type { LinearSolver } from './solver.ts';
export { denseLu, denseLuReal, DenseLu, DenseLuReal } from './lu.ts';
export { sparseLu, SparseLu, computeOrdering, estimateFill, type SparseLuOptions, type SparseOrdering, type FillEstimate } from './sparse-lu.ts';
export type { LuFactors } from './sparse-lu-factor.ts';
export { amdOrdering, reverseCuthillMcKee, naturalOrdering, isPermutation, invertPermutation, type AmdOptions } from './ordering.ts';
export { ilu0, ilut, type IncompleteLu, type IlutOptions } from './ilu.ts';
export { gmres, bicgstab, type KrylovOptions, type KrylovResult, type LinearOperator } from './krylov.ts';
export { eigh, eigvalsh, hermitianFunction, type EighResult } from './eigh.ts';
export { eigvals, type Eigenvalues, type EigOptions } from './eig.ts';
export { hermitianMinEigenvalue } from './eig-small.ts';
export { arnoldiLargest, type ArnoldiOptions, type ArnoldiResult } from './arnoldi.ts';
export { refineSolution, residualExtended } from './refine.ts';
export { smallestEigenvalueEstimate, smallestEigenvalueEstimateReal, type RealSolve } from './inverse-iteration.ts';
export { borderedSystem, type BorderedSystem } from './bordered.ts';
export { nonzeroBlocks, minEigenvalueBlockwise } from './blocks.ts';
export { reachableSet, stronglyConnectedComponents, principalSubmatrix } from './pattern.ts';
export { cdot, norm2, axpy, scaleInPlace, normInf } from './vector.ts';
export { integrateLinear, type LinearMethod, type IntegrateStats, type OdeResult, type LinearAction, type LinearStepScheme, type SolverFactory } from './ode/index.ts';
