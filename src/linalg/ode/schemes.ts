/**
 * One-step schemes for LINEAR constant-coefficient systems y' = A y whose only implicit operation is
 * a solve with M = I − γhA (one pole γ for all stages, so one factorisation per step size).
 * For y' = A y every such scheme is y_{n+1} = R(hA)·y_n with a rational R(z) = P(z)/(1 − γz)^s — the
 * stability function of an s-stage SDIRK (equivalently, a Rosenbrock method) with diagonal γ.
 * No physics lives here.
 */
import type { LinearSolver } from '../solver.ts';

export interface LinearStepScheme {
  readonly name: 'rational6' | 'sdirk4';
  /** The single pole γ: every solve is with I − γhA. */
  readonly gamma: number;
  /** Classical order p of R(z) = e^z + O(z^{p+1}). */
  readonly order: number;
  /** The error estimate scales like h^k with k = errorExponent (controller uses err^(−1/k)). */
  readonly errorExponent: number;
  /** Solves with M per step. */
  readonly solvesPerStep: number;
  /** Work vectors needed by `step`. */
  readonly workVectors: number;
  /** Writes y_{n+1} = R(hA) y into yNew and the local error estimate into est (M = I − γhA factorised). */
  step(solver: LinearSolver, y: Float64Array, yNew: Float64Array, est: Float64Array, work: Float64Array[]): void;
}

/** Laguerre polynomial L_n^{(α)}(x) by the three-term recurrence. */
export function laguerre(n: number, alpha: number, x: number): number {
  if (n === 0) return 1;
  let prev = 1, cur = 1 + alpha - x;
  for (let k = 1; k < n; k++) {
    const next = ((2 * k + 1 + alpha - x) * cur - (k + alpha) * prev) / (k + 1);
    prev = cur;
    cur = next;
  }
  return cur;
}

/** A root of L_n (= L_n^{(0)}) by Newton's method from `guess` (L_n′ = −L_{n−1}^{(1)}). */
function laguerreRoot(n: number, guess: number): number {
  let x = guess;
  for (let it = 0; it < 50; it++) {
    const dx = laguerre(n, 0, x) / -laguerre(n - 1, 1, x);
    x -= dx;
    if (Math.abs(dx) <= 1e-16 * x) break;
  }
  return x;
}

/**
 * Order-6, L-stable single-pole rational approximation of e^z. With u = 1/(1 − γz) the exponential has
 * the convergent expansion (Re z < 1/(2γ))
 *   e^z = Σ_{n≥0} q_n (u − 1)^n,  q_n = (−1)^n L_n^{(−1)}(1/γ)
 * (from the Laguerre generating function). Truncating after n = 6 gives R(z) of order 6; choosing
 * 1/γ = x₃ ≈ 2.9927, the third root of L₆, makes R(∞) = Σ (−1)^n q_n = L₆(1/γ) = 0, and for this root
 * R is A-stable, hence L-stable (γ ≈ 0.33414: the 6-stage order-6 L-stable SDIRK pole).
 * Evaluation: w_0 = y, w_n = M⁻¹w_{n−1} − w_{n−1} = (u − 1)(hA)·w_{n−1}; y_{n+1} = Σ_{n≤6} q_n w_n.
 * Error estimate: the first neglected term, damped by one more solve so that it vanishes like the true
 * error on stiff components:  est = κ·q₇·M⁻¹w₇ ≈ κ·q₇γ⁷(hA)⁷y  (κ = 3 covers the estimate's up-to-3×
 * underestimate of |R(z) − e^z| for moderately stiff real z). 8 solves per step.
 */
function makeRational6(): LinearStepScheme {
  const s = 6, x = laguerreRoot(s, 2.99), gamma = 1 / x, kappa = 3;
  const q: number[] = [];
  for (let n = 0; n <= s + 1; n++) q.push((n % 2 === 0 ? 1 : -1) * laguerre(n, -1, x));
  return {
    name: 'rational6', gamma, order: s, errorExponent: s + 1, solvesPerStep: s + 2, workVectors: 2,
    step(solver, y, yNew, est, work) {
      const len = y.length;
      let cur = work[0], tmp = work[1];
      cur.set(y);
      yNew.set(y); // q_0 = 1
      for (let n = 1; n <= s + 1; n++) {
        solver.solve(cur, tmp);
        for (let k = 0; k < len; k++) tmp[k] -= cur[k]; // w_n
        if (n <= s) {
          const c = q[n];
          for (let k = 0; k < len; k++) yNew[k] += c * tmp[k];
        }
        [cur, tmp] = [tmp, cur];
      }
      solver.solve(cur, est);
      const c = kappa * q[s + 1];
      for (let k = 0; k < len; k++) est[k] *= c;
    },
  };
}

/** The 5-stage, 4th-order, stiffly accurate L-stable SDIRK of Hairer & Wanner (§IV.6, γ = 1/4) with embedded order 3. */
export const SDIRK4_TABLEAU = {
  gamma: 1 / 4,
  a: [
    [1 / 4],
    [1 / 2, 1 / 4],
    [17 / 50, -1 / 25, 1 / 4],
    [371 / 1360, -137 / 2720, 15 / 544, 1 / 4],
    [25 / 24, -49 / 48, 125 / 16, -85 / 12, 1 / 4],
  ],
  b: [25 / 24, -49 / 48, 125 / 16, -85 / 12, 1 / 4],
  bHat: [59 / 48, -17 / 96, 225 / 32, -85 / 12, 0],
} as const;

/**
 * SDIRK4 for linear y' = A y: with W_i = y_n + Σ_{j<i} a_ij Z_j the stage value solves M·Y_i = W_i and
 * Z_i = hA·Y_i = (Y_i − W_i)/γ (no product with A needed); y_{n+1} = Y_5 (stiffly accurate).
 * Error estimate est = M⁻¹ Σ_i (b_i − b̂_i) Z_i (the filter keeps it bounded on stiff components,
 * since the embedded method has R̂(∞) ≈ 3.3). 6 solves per step.
 */
function makeSdirk4(): LinearStepScheme {
  const { gamma, a } = SDIRK4_TABLEAU, stages = 5;
  const e = SDIRK4_TABLEAU.b.map((b, i) => b - SDIRK4_TABLEAU.bHat[i]);
  return {
    name: 'sdirk4', gamma, order: 4, errorExponent: 4, solvesPerStep: stages + 1, workVectors: stages + 1,
    step(solver, y, yNew, est, work) {
      const len = y.length, w = work[stages], invG = 1 / gamma;
      for (let i = 0; i < stages; i++) {
        w.set(y);
        for (let j = 0; j < i; j++) {
          const c = a[i][j], zj = work[j];
          for (let k = 0; k < len; k++) w[k] += c * zj[k];
        }
        const zi = work[i];
        solver.solve(w, yNew); // Y_i; the last one is y_{n+1}
        for (let k = 0; k < len; k++) zi[k] = (yNew[k] - w[k]) * invG;
      }
      est.fill(0);
      for (let i = 0; i < stages; i++) {
        const c = e[i], zi = work[i];
        if (c !== 0) for (let k = 0; k < len; k++) est[k] += c * zi[k];
      }
      solver.solve(est, est);
    },
  };
}

export const RATIONAL6 = makeRational6();
export const SDIRK4 = makeSdirk4();
export const SCHEMES = { rational6: RATIONAL6, sdirk4: SDIRK4 } as const;
