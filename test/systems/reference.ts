/**
 * Reference systems with closed-form steady states (the analytic side of the steady-state tests).
 */
import { space, qubit, fock, levels } from '../../src/model/space.ts';
import { op, sum, fromMatrix } from '../../src/model/operator.ts';
import { lindbladModel } from '../../src/model/model.ts';
import { DenseMatrix } from '../../src/linalg/dense.ts';

/** Qubit with splitting ω, exchanging quanta with a bath: down rate γ↓, up rate γ↑. p1/p0 = γ↑/γ↓. */
export function thermalQubit(omega: number, down: number, up: number) {
  const sp = space({ q: qubit() });
  return lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(omega),
    channels: [
      { operator: op(sp, 'q', 'sigma_minus'), rate: down, bath: 'b' },
      { operator: op(sp, 'q', 'sigma_plus'), rate: up, bath: 'b' },
    ],
    baths: { b: { beta: Math.log(down / up) / omega } },
  });
}

/**
 * Driven damped qubit, H = Δ σ⁺σ⁻ + (Ω/2)σx, decay γ. Closed form:
 * ρ_ee = (Ω²/4)/(Δ² + γ²/4 + Ω²/2), ρ_eg = −i(Ω/2)(1 − 2ρ_ee)/(iΔ + γ/2).
 */
export function drivenQubit(delta: number, rabi: number, gamma: number) {
  const sp = space({ q: qubit() });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'q', 'n').scale(delta).plus(op(sp, 'q', 'sigma_x').scale(rabi / 2)),
    channels: [{ operator: op(sp, 'q', 'sigma_minus'), rate: gamma, bath: 'vacuum' }],
    baths: { vacuum: { beta: Infinity } },
  });
  const ree = (rabi * rabi / 4) / (delta * delta + gamma * gamma / 4 + rabi * rabi / 2);
  const w = 1 - 2 * ree;
  // −i(Ω/2)w / (iΔ + γ/2)
  const den = delta * delta + gamma * gamma / 4;
  const reg: [number, number] = [(rabi / 2) * w * (-delta) / den, (rabi / 2) * w * (-gamma / 2) / den];
  return { model, ree, reg };
}

/** Damped oscillator at cutoff N with thermal occupation n̄: κ(n̄+1)D[a] + κn̄D[a†]. Truncated geometric p_k. */
export function thermalOscillator(omega: number, kappa: number, nbar: number, cutoff: number) {
  const sp = space({ c: fock(cutoff) });
  const model = lindbladModel(sp, {
    hamiltonian: op(sp, 'c', 'n').scale(omega),
    channels: [
      { operator: op(sp, 'c', 'a'), rate: kappa * (nbar + 1), bath: 'b' },
      { operator: op(sp, 'c', 'a_dag'), rate: kappa * nbar, bath: 'b' },
    ],
    baths: { b: { beta: Math.log((nbar + 1) / nbar) / omega } },
  });
  const q = nbar / (nbar + 1);
  const z = (1 - Math.pow(q, cutoff + 1)) / (1 - q);
  const populations = Array.from({ length: cutoff + 1 }, (_, k) => Math.pow(q, k) / z);
  return { model, populations };
}

/** A ladder of `n` levels with nearest-neighbour down/up rates (birth–death chain): p_{k+1}/p_k = up_k/down_k. */
export function rateLadder(down: number[], up: number[]) {
  const n = down.length + 1;
  const sp = space({ x: levels(n) });
  const channels = down.flatMap((d, k) => [
    { operator: op(sp, 'x', 'transition', { to: k, from: k + 1 }), rate: d, bath: 'b' },
    { operator: op(sp, 'x', 'transition', { to: k + 1, from: k }), rate: up[k], bath: 'b' },
  ]);
  const model = lindbladModel(sp, { hamiltonian: op(sp, 'x', 'n'), channels });
  const w = [1];
  for (let k = 0; k < n - 1; k++) w.push(w[k] * up[k] / down[k]);
  const z = w.reduce((a, b) => a + b, 0);
  return { model, populations: w.map((x) => x / z) };
}

export { sum, fromMatrix, DenseMatrix };
