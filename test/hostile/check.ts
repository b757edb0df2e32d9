/**
 * Independent checks of what the CLI printed, for the hostile suite: the one-line error contract, and the
 * steady-state certificate recomputed from the reference model (reference.ts, dense.ts) — residual
 * ‖L(ρ)‖_F relative to a bound of ‖L‖ (2‖H‖_F + Σ 2γ‖o‖_F²) and ‖ρ‖_F, trace 1, Hermiticity, smallest
 * eigenvalue ≥ −tolerance. Models with infinitely fast channels are checked partially (the fast channels
 * at unit rate, L_f = Σ D[o_k], must annihilate ρ; the projected slow problem is not recomputed) and
 * counted apart.
 */
import { CMat, dissipator, lindbladian, minEigenvalueHermitian } from './dense.ts';
import type { RefModel } from './reference.ts';
import { ILL_CONDITIONED } from '../../src/steady/certificate.ts'; // the documented threshold, not a computation

export interface CliResult { code: number; stdout: string; stderr: string }

/** Residual bound: a ρ with ‖L(ρ)‖ ≤ RESIDUAL_TOL·‖L‖·‖ρ‖ counts as stationary. */
export const RESIDUAL_TOL = 1e-10;
/** Trace and Hermiticity of the returned ρ. */
export const TRACE_TOL = 1e-10;

/** Null when `r` is an exit 2 with exactly one line "lindblad: error: …" and no stdout; else why not. */
export function oneLineRefusal(r: CliResult): string | null {
  if (r.code !== 2) return `exit code ${r.code}`;
  if (!/^lindblad: error: [^\n]+\n$/.test(r.stderr)) return `stderr is not one "lindblad: error: " line: ${JSON.stringify(r.stderr.slice(0, 400))}`;
  if (/\n\s+at /.test(r.stderr)) return 'stack trace';
  return null;
}

/** Null when r is exit 0 or a proper refusal; else a description of the defect. */
export function exitContract(r: CliResult): string | null {
  if (r.code === 0) return null;
  return oneLineRefusal(r);
}

export interface SteadyCheck { ok: boolean; partial: boolean; reason: string }

/** Checks `steady --json` output against the reference model. */
export function checkSteady(out: Record<string, unknown>, model: RefModel): SteadyCheck {
  const bad = (reason: string): SteadyCheck => ({ ok: false, partial: false, reason });
  const rows = out.rho as Array<Array<[number, number]>>;
  const cert = out.certificate as Record<string, unknown>;
  const n = model.n;
  if (!Array.isArray(rows) || rows.length !== n || rows.some((r) => !Array.isArray(r) || r.length !== n)) return bad(`rho is not ${n}×${n}`);
  if (rows.some((r) => r.some((z) => !Array.isArray(z) || typeof z[0] !== 'number' || typeof z[1] !== 'number'))) return bad('rho entries are not [re, im] numbers');
  if (typeof cert !== 'object' || cert === null) return bad('no certificate');
  if (cert.unique !== true) return bad(`certificate.unique = ${String(cert.unique)} with exit 0`);
  const rho = CMat.fromRows(rows);
  const [tr, ti] = rho.trace();
  if (!(Math.abs(tr - 1) <= TRACE_TOL && Math.abs(ti) <= TRACE_TOL)) return bad(`Tr ρ = ${tr} + ${ti}i`);
  if (!(rho.add(rho.dag(), -1).frob() <= TRACE_TOL)) return bad('ρ is not Hermitian');
  const pops = out.populations as number[];
  if (!Array.isArray(pops) || pops.length !== n || pops.some((p, i) => p !== rows[i][i][0])) return bad('populations differ from diag ρ');
  const minEig = minEigenvalueHermitian(rho);
  const tol = typeof cert.positivityTolerance === 'number' ? cert.positivityTolerance : 1e-12;
  const cond = cert.conditioning as { errorBound?: number } | undefined;
  // certificate.ts: "unique" promises an estimated error ≤ ILL_CONDITIONED, else the status is "ill-conditioned"
  if (cert.status === 'unique' && cond && !(Number(cond.errorBound) <= ILL_CONDITIONED)) return bad(`status "unique" but conditioning.errorBound = ${cond.errorBound} > ${ILL_CONDITIONED}`);
  if (!(minEig >= -(tol + 1e-12))) return bad(`smallest eigenvalue ${minEig} below −${tol}`);
  const finite = model.channels.filter((c) => Number.isFinite(c.rate) && c.rate > 0);
  const fast = model.channels.filter((c) => c.rate === Infinity && c.o.maxAbs() > 0);
  // Scale H and the rates by s (L/s has the same kernel), so that huge rates neither overflow nor dominate.
  let s = model.h.maxAbs();
  for (const c of finite) s = Math.max(s, c.rate * c.o.maxAbs() ** 2);
  if (s === 0) s = 1;
  const h = model.h.scale(1 / s), chans = finite.map((c) => ({ o: c.o, rate: c.rate / s }));
  const bound = 2 * h.frob() + chans.reduce((a, c) => a + 2 * c.rate * c.o.frob() ** 2, 0);
  const normRho = rho.frob();
  if (fast.length > 0) {
    // The limit (src/steady/fast-limit.ts, README): the fast channels at unit rate, L_f = Σ D[o_k], annihilate ρ.
    let lf = new CMat(n), scaleF = 0;
    for (const c of fast) { lf = lf.add(dissipator(c.o, rho)); scaleF += 2 * c.o.frob() ** 2; }
    const d = lf.frob();
    if (!(d <= RESIDUAL_TOL * scaleF * normRho)) return bad(`the infinitely fast channels do not annihilate ρ: ‖L_f(ρ)‖/(‖L_f‖‖ρ‖) = ${(d / scaleF / normRho).toExponential(2)}`);
    return { ok: true, partial: true, reason: 'infinite rates: L_f ρ = 0 checked, the projected slow problem not recomputed' };
  }
  const residual = lindbladian(h, chans, rho).frob();
  if (!(residual <= RESIDUAL_TOL * Math.max(bound, 1e-300) * normRho)) return bad(`recomputed ‖L(ρ)‖/(‖L‖‖ρ‖) = ${(residual / bound / normRho).toExponential(2)} > ${RESIDUAL_TOL}`);
  return { ok: true, partial: false, reason: '' };
}
