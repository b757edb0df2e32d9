/**
 * Evolution of operands that are not states: X(τ) = e^{Lτ} X0 for any n×n matrix X0 (e.g. B·ρ in the
 * quantum regression theorem, ⟨A(t+τ)B(t)⟩ = Tr[A e^{Lτ}(Bρ(t))]), through the same propagation as
 * `evolve` (propagate.ts: sector restriction — B·ρ of a U(1)-symmetric model lives in a charged sector —,
 * rotating frame, method choice, long times). Internal to the engine (measures/correlations.ts uses it);
 * the public `evolve` keeps refusing operands that are not density matrices.
 *
 * What is checked instead of positivity: e^{Lτ} preserves the trace of every operand, so each output must
 * have |Tr X(τ) − Tr X0| ≤ OUTPUT_TOLERANCE·Σ_ij |X0_ij| (a bound on ‖X0‖₁); otherwise, and for non-finite
 * outputs, LindbladError('not-converged') naming the time.
 */
import { DenseMatrix } from '../linalg/dense.ts';
import { LindbladError, check, describe } from '../errors.ts';
import type { LindbladModel } from '../model/model.ts';
import { Operator } from '../model/operator.ts';
import { vectorize } from '../liouvillian/liouvillian.ts';
import { checkMethod, checkTimes, type EvolveMethod } from './input.ts';
import { propagate } from './propagate.ts';
import { dot } from './block-reader.ts';
import { OUTPUT_TOLERANCE } from './evolve.ts';

export interface OperandEvolution {
  times: number[];
  /** Tr(A_k X(τ_j)) for each read-out operator A_k: real and imaginary parts per time. */
  values: Array<{ re: Float64Array; im: Float64Array }>;
  stats: { method: 'dopri5' | 'implicit' | 'expm' | 'krylov'; unknowns: number; fullUnknowns: number; frame: string | null; steps: number; traceDrift: number };
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
  const run = propagate(model, full, ts, m);
  const weights = readouts.map((o) => run.reader.traceWeights(o));
  const values = readouts.map(() => ({ re: new Float64Array(ts.length), im: new Float64Array(ts.length) }));
  let drift = 0;
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
    drift = Math.max(drift, size > 0 ? d / size : 0);
    weights.forEach((w, k) => {
      const [re, im] = dot(w, y);
      values[k].re[j] = re;
      values[k].im[j] = im;
    });
  });
  return {
    times: ts,
    values,
    stats: { method: run.linear.kind, unknowns: run.unknowns, fullUnknowns: n * n, frame: run.frame, steps: run.stats.steps, traceDrift: drift },
  };
}
