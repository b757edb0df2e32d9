/**
 * The public API of `lindblad`: everything a user imports, by name, from 'lindblad'. The order follows the
 * data flow: model → Liouvillian → steady states / evolution / jumps → measures → thermodynamics →
 * sweeps; then the paper's models and the error family. Numerical kernels: the `linalg` namespace (also
 * 'lindblad/linalg'). A test snapshots this export list, so it changes only on purpose.
 */

// Model building: spaces, operators, models, states
export { space, qubit, fock, levels, subsystemDim, Space, type QubitSpec, type FockSpec, type LevelsSpec, type SubsystemSpec } from './model/space.ts';
export { op, identity, zero, sum, fromMatrix, Operator } from './model/operator.ts';
export { operatorNames, type LocalArgs } from './model/local-operators.ts';
export { lindbladModel, LindbladModel, type Bath, type Channel, type ChannelInput, type ModelInput } from './model/model.ts';
export { basisKet, ketToDensity, maximallyMixed, partialTrace } from './model/states.ts';
export { serializeModel, deserializeModel, type SerializedModel, type SerializedChannel, type CsrData } from './model/serialize.ts';
export { randomModel, SeededRandom, type RandomModelOptions } from './model/random.ts';

// Model files (JSON)
export { parseModelText, parseModel, parseInitialState, parseOperator, parseBeta } from './io/model-file.ts';
export { modelFileText, type ModelFileOptions } from './io/model-writer.ts';

// The Liouvillian
export { liouvillian, superoperator, dissipator, bathDissipator, vectorize } from './liouvillian/liouvillian.ts';
export type { LiouvillianTerm, TermSelection } from './liouvillian/factored.ts';
export type { SuperoperatorAction } from './liouvillian/operator.ts';

// Steady states
export { steadyState, prepareSteadyState, unvec } from './steady/steady.ts';
export type { SteadyMethod, SteadyOptions, PreparedSteadyState, SteadyStateResult } from './steady/steady.ts';
export type { IterativeMethod } from './steady/iterative.ts';
export type { Certificate, MethodChoice, Conditioning, Truncation } from './steady/certificate.ts';
export { TRUNCATION_LIMIT } from './steady/truncation.ts';
export type { KrylovMethod } from './steady/krylov-steady.ts';
export { BlockDiagonalState } from './steady/block-state.ts';
export type { HermitianBlock } from './steady/block-state.ts';

// Time evolution and the spectrum of L
export { evolve, type EvolveOptions, type EvolveResult, type EvolveStats, type EvolveMethod } from './evolve/evolve.ts';
export type { MethodChoice as EvolveMethodChoice, CandidateMethod } from './evolve/choice.ts';
export type { LongTimeInfo } from './evolve/long-time.ts';
export { rotatingFrame, toLabFrame, type RotatingFrame, type FrameOptions } from './evolve/frame.ts';
export { liouvillianGap, liouvillianSpectrum, type GapOptions, type GapResult, type GapMethod } from './evolve/gap.ts';

// Time-dependent models (drives, time-dependent rates), periodic steady states, cycle thermodynamics
export { drivenModel, DrivenModel, isDriven, type DrivenInput, type DriveTerm, type RateDrive } from './model/driven.ts';
export { fromFunction, fromExpression, fromTable, type TimeFunction, type TableInput, type CoefficientInput } from './model/coefficient.ts';
export { parseExpression, type Expression } from './model/expression.ts';
export { parseAnyModel } from './io/model-file.ts';
export type { DrivenEvolveResult } from './evolve/driven-evolve.ts';
export type { DrivenStats } from './evolve/driven-integrate.ts';
export { periodicSteadyState, type PeriodicOptions, type PeriodicResult, type PeriodicCertificate } from './evolve/periodic.ts';
export { cycleThermodynamics, type CycleThermodynamics } from './thermo/cycle.ts';

// Quantum-jump trajectories
export { trajectories, trajectoriesSync, JumpLog } from './jumps/jumps.ts';
export type { InitialState, TrajectoryOptions, TrajectoriesResult, EnsembleAverage, JumpRecord } from './jumps/jumps.ts';
export type { DecayPropagatorKind } from './linalg/decay-propagator.ts';

// Measures of states
export {
  expectation, purity, linearEntropy, vonNeumannEntropy, fidelity, rootFidelity, traceDistance, traceNorm,
  partialTranspose, negativity, logNegativity, concurrence, concurrenceXState, woottersLambdas, MeasureError,
} from './measures/measures.ts';

// Two-time correlations (quantum regression theorem) and stationary spectra (resolvent)
export {
  correlation, firstOrderCoherence, secondOrderCoherence,
  type CorrelationStart, type CorrelationOptions, type CorrelationResult, type CoherenceResult,
} from './measures/correlations.ts';
export { emissionSpectrum, type SpectrumResult } from './measures/spectrum.ts';

// Thermodynamics
export { heatCurrents, heatCurrentErrors, channelHeat, heatOperator, entropyProduction, bathEntropyFlow, entropyFromHeat, type EntropyProduction, type ReadableRho } from './thermo/heat.ts';
export { stochasticEntropy, type StochasticEntropyOptions, type StochasticEntropyResult, type EntropyBasis, type EntropyStart, type Estimate, type FluctuationReport } from './thermo/stochastic.ts';
export { fluctuationTheoremQuantum, fluctuationTheoremClassical, classicalProcess, channelEntropyIncrements, type ClassicalProcess } from './thermo/fluctuation.ts';
export { fullCountingStatistics, type FcsOptions, type FcsResult } from './thermo/fcs.ts';
export { TiltedSystem, cumulants, stationaryVarianceOffset, type CumulantResult } from './thermo/counting.ts';
export { countingWeights, type CountingField } from './thermo/counting-field.ts';
export { Scgf, gallavottiCohenCheck, type ScgfPoint, type ScgfCertificate } from './thermo/scgf.ts';
export { turRatio, type TurRatio } from './thermo/tur.ts';
export { secondLawGuarantee, GIBBS_TOLERANCE, type SecondLaw } from './thermo/second-law.ts';

// Parameter sweeps
export { sweep, standardOutput, type SweepSpec, type SweepOutput, type SweepRow, type SweepParams, type FamilyPoint, type PointResult, type SweepJob, type OutputValue, type CustomPoint } from './sweep/sweep.ts';
export type { ProgressMode } from './sweep/progress.ts';
export type { Shard } from './sweep/shard.ts';
export { Grid, parseRange, type RangeOptions, type Axis } from './sweep/grid.ts';
export { runSweep, defaultWorkers, type RunSweepOptions, type RunSweepResult } from './sweep/run.ts';
export { modelFileFamilies, type SweepRequest, type SweepFamilies } from './sweep/families.ts';

// The paper's models (Tacchino et al., PRL 120, 063604 (2018))
export { diamondModel, emissionRate, type DiamondModel, type DiamondParams } from './paper/diamond.ts';
export { cavityModel, type CavityModel, type CavityParams } from './paper/cavity.ts';
export { cavitySteadyState, cavityObservables, type CavitySteadyState, type MatrixReader, type CutoffPolicy } from './paper/cavity-solve.ts';
export { effectiveDiamond, type EffectiveDiamond } from './paper/elimination.ts';
export {
  diamondConcurrenceAnalytic, diamondPopulationsAnalytic, diamondHeatCurrentsAnalytic, diamondEntropyProductionAnalytic,
  type DiamondPopulations,
} from './paper/analytic.ts';
export { paperFamilies } from './paper/families.ts';

// N emitters in one cavity (permutation-invariant Dicke blocks ⊗ Fock; steadyState/evolve/liouvillianGap take the model)
export { emittersInCavity, isEmittersInCavity, EmittersInCavityModel, type EmittersInCavityParams, type ResolvedEmittersParams } from './model/emitters-cavity.ts';
export { DickeBasis } from './model/dicke-basis.ts';
export { DickeCavityState } from './symmetry/dicke-sector.ts';
export type { EmittersSteadyState } from './steady/dicke.ts';
export { emitterMoments, cavityG2, pairState, pairConcurrence, spinSqueezing, type EmitterMoments, type MaybeValue } from './measures/emitters.ts';
export { emittersHeatCurrents, emittersHeatCurrentErrors, emittersEntropyProduction } from './thermo/emitters-heat.ts';
export { PreparedEmittersSteady } from './steady/dicke.ts';
export { dickeCoefficients, DICKE_TERMS } from './liouvillian/dicke-cavity.ts';
export { emittersBasisState, emittersLiouvillian, type EmittersEvolveResult } from './evolve/dicke-evolve.ts';
export { emittersCavitySteadyState, emittersObservables, type EmittersCavitySteadyState, type EmittersObservables } from './paper/emitters-solve.ts';
export { eliminatedCavityModel, cavityInducedDecay } from './paper/emitters-elimination.ts';

// Errors: one family
export { LindbladError, type LindbladErrorCode } from './errors.ts';
export { LinalgError, type LinalgErrorKind } from './linalg/errors.ts';

// Numerical kernels
export * as linalg from './linalg/linalg.ts';
