/**
 * Evolution of operands that are not states: X(τ) = e^{Lτ} X0 for any n×n matrix X0 (e.g. B·ρ in the
 * quantum regression theorem, ⟨A(t+τ)B(t)⟩ = Tr[A e^{Lτ}(Bρ(t))]), through the same propagation as
 * `evolve` (propagate.ts: sector restriction — B·ρ of a U(1)-symmetric model lives in a charged sector —,
 * rotating frame, method choice, long times). Internal to the engine (measures/correlations.ts uses it);
 * the public `evolve` keeps refusing operands that are not density matrices.
 *
 * What is checked instead of positivity: e^{Lτ} preserves the trace of every operand, so each output must
 * have |Tr X(τ) − Tr X0| ≤ OUTPUT_TOLERANCE·Σ_ij |X0_ij| (a bound on ‖X0‖₁); otherwise, and for non-finite
 * outputs, LindbladError('not-converged') naming the time. That check is vacuous for an operand in a
 * charged sector (no diagonal entry: traceDrift null), and blind to phase errors in any case, so where an
 * ODE integrator runs the global error is estimated by a second run at tighter tolerances (errorEstimate).
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import { checkMethod, checkTimes, type EvolveMethod } from './input.ts';
import { AUTO_ATOL, AUTO_RTOL, propagate } from './propagate.ts';
import { DEFAULT_ATOL, DEFAULT_RTOL } from '../linalg/ode/index.ts';
import { dot } from './block-reader.ts';
import { OUTPUT_TOLERANCE } from './evolve.ts';

export interface OperandEvolution {
  times: number[];
  /** Tr(A_k X(τ_j)) for each read-out operator A_k: real and imaginary parts per time. */
  values: Array<{ re: Float64Array; im: Float64Array }>;
  stats: {
    method: 'dopri5' | 'implicit' | 'expm' | 'krylov'; unknowns: number; fullUnknowns: number; frame: string | null; steps: number;
    /**
     * max_τ |Tr X(τ) − Tr X0| / Σ|X0_ij|; null when the evolved block holds no diagonal entry (an operand in a
     * charged sector, such as a·ρ: its trace is 0 identically, so nothing was checked).
     */
    traceDrift: number | null;
    /**
     * Where an ODE integrator ran (dopri5, implicit; also 'auto' past the exponential's horizon): the largest
     * |difference| of the read-outs between a run at the method's tolerances and one at 1/16 of them, in the
     * read-outs' units; the values returned are the tighter run's, whose error this bounds generously.
     * Krylov: 2‖A‖₂·(its segments' summed a-posteriori bounds, in trace norm). Dense exponential: its
     * rounding, 2·ε‖L‖₁τ_max·Σ|X0_ij|·‖A‖₂ (at ‖L‖τ ~ 3e8 the values near 1e-3 were off by 6e-12 while
     * this was null, "exact to rounding"). null for a method none of these covers.
     */
    errorEstimate: number | null;
    /** How errorEstimate was obtained: 'tolerances' (two ODE runs), 'krylov' (a-posteriori bounds), 'rounding' (the dense exponential). */
    errorKind: 'tolerances' | 'krylov' | 'rounding' | null;
  };
}

/** The factor by which the estimating run's tolerances are tighter. */
const ESTIMATE_FACTOR = 16;
/** Tolerances are not tightened below these (the integrators' rounding floor). */
const MIN_RTOL = 1e-14, MIN_ATOL = 1e-16;

/** The method with tolerances ESTIMATE_FACTOR× tighter (the defaults made explicit). */
function tighter(m: EvolveMethod): EvolveMethod {
  if (m.kind !== 'auto' && m.kind !== 'dopri5' && m.kind !== 'implicit') return m;
  const rtol = m.rtol ?? (m.kind === 'auto' ? AUTO_RTOL : DEFAULT_RTOL), atol = m.atol ?? (m.kind === 'auto' ? AUTO_ATOL : DEFAULT_ATOL);
  return { kind: m.kind, rtol: Math.max(MIN_RTOL, rtol / ESTIMATE_FACTOR), atol: Math.max(MIN_ATOL, atol / ESTIMATE_FACTOR) };
}

/**
 * Tr(A_k e^{Lτ_j} X0) for the read-out operators A_k and times τ_j ≥ 0 (non-decreasing), X0 any finite
 * n×n matrix (field names: `x0`, `times`, `method`, `readouts[k]`). Units: τ in the model's inverse rate
 * units; the values in the units of A_k·X0.
 */
export function evolveOperand(model: LindbladModel, x0: DenseMatrix, times: number[], readouts: ReadonlyArray<Operator>, method: EvolveMethod = { kind: 'auto' }): OperandEvolution {
  const n = model.space.dim;
  if (!(x0 instanceof DenseMatrix)) throw new LindbladError('invalid-input', `expected a matrix (DenseMatrix), got ${describe(x0)}`, 'x0');
  if (x0.rows !== n || x0.cols !== n) throw new LindbladError('dimension-mismatch', `expected a ${n}×${n} matrix, got ${x0.rows}×${x0.cols}`, 'x0');
  check(x0.isFinite(), 'x0', 'has a NaN or infinite entry');
  const ts = checkTimes(times);
  const m = checkMethod(method);
  readouts.forEach((o, k) => {
    if (!(o instanceof Operator)) throw new LindbladError('invalid-input', `expected an Operator, got ${describe(o)}`, `readouts[${k}]`);
    if (!o.space.equals(model.space)) throw new LindbladError('dimension-mismatch', "operator acts on a different space than the model's", `readouts[${k}]`);
  });
  const full = vectorize(x0);
  let size = 0, tr0r = 0, tr0i = 0;
  for (let v = 0; v < n * n; v++) size += Math.hypot(full[2 * v], full[2 * v + 1]);
  for (let i = 0; i < n; i++) { tr0r += x0.re(i, i); tr0i += x0.im(i, i); }
  const first = readOut(propagate(model, full, ts, m), ts, readouts, { re: tr0r, im: tr0i, size });
  const run = first.run;
  // an ODE integrator's tolerances are local: its global error (a phase drifting over many periods) is
  // estimated by a second run with tighter tolerances, whose values are returned
  const ode = run.linear.kind === 'dopri5' || run.linear.kind === 'implicit' || ts.some((t) => t > run.info.lostAfter);
  let result = first, errorEstimate: number | null = null, errorKind: OperandEvolution['stats']['errorKind'] = null;
  const readoutNorm = Math.max(0, ...readouts.map((o) => Math.sqrt(o.matrix.normInf() * o.matrix.transpose().normInf()))); // ‖A‖₂ ≤ √(‖A‖₁‖A‖∞)
  if (ode) {
    result = readOut(propagate(model, full, ts, tighter(m)), ts, readouts, { re: tr0r, im: tr0i, size });
    let differs = 0;
    first.values.forEach((v, k) => {
      const w = result.values[k];
      for (let j = 0; j < ts.length; j++) differs = Math.max(differs, Math.hypot(v.re[j] - w.re[j], v.im[j] - w.im[j]));
    });
    // the two runs share their rounding, which the difference cannot see: ~4ε‖X‖ per step of the returned run
    // (a stiff qutrit at tolerances 1e-15: 2.7e-13 off against a difference of 2.0e-13), ‖X‖₁ ≤ Σ|x_ij| = size
    errorEstimate = differs + 4 * Number.EPSILON * result.run.stats.steps * size * readoutNorm;
    errorKind = 'tolerances';
  }
  if (!ode && run.localErrors) { // Krylov: its segments' bounds, through trace-norm contraction (×2: X is not Hermitian)
    errorEstimate = 2 * run.localErrors.reduce((a, b) => Math.max(a, b), 0) * readoutNorm;
    errorKind = 'krylov';
  } else if (!ode && run.linear.kind === 'expm') { // the exponential's rounding, ε‖A‖₁τ relative, grows with ‖L‖τ
    errorEstimate = 2 * run.info.roundingError * size * readoutNorm;
    errorKind = 'rounding';
  }
  return {
    times: ts,
    values: result.values,
    stats: {
      method: run.linear.kind, unknowns: run.unknowns, fullUnknowns: n * n, frame: run.frame, steps: run.stats.steps + (ode ? result.run.stats.steps : 0),
      traceDrift: result.drift, errorEstimate, errorKind,
    },
  };
}

/** The read-outs of a propagation, with the trace check (module comment); drift null when vacuous. */
function readOut(run: ReturnType<typeof propagate>, ts: number[], readouts: ReadonlyArray<Operator>, tr0: { re: number; im: number; size: number }) {
  const { re: tr0r, im: tr0i, size } = tr0;
  const weights = readouts.map((o) => run.reader.traceWeights(o));
  const values = readouts.map(() => ({ re: new Float64Array(ts.length), im: new Float64Array(ts.length) }));
  let drift: number | null = run.reader.hasDiagonal() ? 0 : null;
  run.states.forEach((y, j) => {
    for (let q = 0; q < y.length; q++) {
      if (!Number.isFinite(y[q])) throw new LindbladError('not-converged', `the evolved operand at τ = ${ts[j]} has non-finite entries; try another method`, `times[${j}]`);
    }
    run.reader.toLab(y, ts[j]);
    const [tr, ti] = run.reader.trace(y), d = Math.hypot(tr - tr0r, ti - tr0i);
    if (!(d <= OUTPUT_TOLERANCE * size)) {
      throw new LindbladError('not-converged', `the evolved operand at τ = ${ts[j]} lost its trace (|ΔTr| = ${d.toExponential(2)}, `
        + `tolerance ${OUTPUT_TOLERANCE.toExponential(0)}·Σ|X0_ij|); the integration lost accuracy: try smaller tolerances, another method or shorter times`, `times[${j}]`);
    }
    if (drift !== null) drift = Math.max(drift, size > 0 ? d / size : 0);
    weights.forEach((w, k) => {
      const [re, im] = dot(w, y);
      values[k].re[j] = re;
      values[k].im[j] = im;
    });
  });
  return { run, values, drift };
}
