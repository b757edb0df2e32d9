"""QuTiP 4.7 reference numbers for lindblad's spectra and two-time correlations (issue 15).

Usage:
  /usr/bin/python3 bench/qutip/correlations.py data > test/measures/data/qutip-correlations.json
      reference values for test/measures/qutip-reference.test.ts (CI has no QuTiP; the test reads this file)
  /usr/bin/python3 bench/qutip/correlations.py time '{"cutoff":16,"count":1000,"repeats":1,"solver":"es"}'
      wall and CPU time of qutip.spectrum ('es' solver by default, "solver":"pi" for the exact one; an
      "omegas" list replaces the grid linspace(-5, 5, count)) on the cavity model, for bench/spectrum.bench.ts
  /usr/bin/python3 bench/qutip/correlations.py correlate '{"cutoff":8,"taus":[0,0.5,...]}'
      wall and CPU time and values of correlation_2op_1t(a^dag, a) and coherence_function_g2(a) on the cavity
      model, for bench/spectrum.bench.ts

Conventions as in lindblad: basis order q1, q2, cav; |0> is the ground state of each emitter, so
destroy(2) = |0><1| is sigma^- (QuTiP's sigmam() = |1><0| would be the opposite convention). Cavity model
in the rotating frame: H = g sum_i (c_i^dag a + c_i a^dag); collapse operators sqrt(p) c_i^dag,
sqrt(gamma) c_i, sqrt(kappa) a. Driven qubit: H = (Omega/2) sigma_x + delta n, collapse sqrt(gamma) sigma^-.
QuTiP's spectrum(H, w, c_ops, A^dag, A) = int e^{-i w tau} (<A^dag(tau) A(0)> - |<A>|^2) dtau (its 'pi' solver,
an exact dense linear solve per frequency, is used for the data; it fails at w = 0 exactly, where L is
singular, so the grids leave out 0); correlation_2op_1t(H, None, tau, c_ops, A, B)
= <A(tau) B(0)>_ss; coherence_function_g2(H, None, tau, c_ops, a) = (g2, G2). The ODE tolerances are
tightened (atol 1e-14, rtol 1e-12) and auto_tidyup is off, so that the numbers are good to ~1e-9: with
atol 1e-12, rtol 1e-10 QuTiP's own g2(tau) of the cutoff-4 cavity case was off by 2.5e-7 relative (at
tau = 10, g2 = 0.718) from the exact e^{L tau} (scipy.linalg.expm of the dense Liouvillian), with atol 1e-14,
rtol 1e-12 by 2.5e-9.
"""
import json
import sys
import time

import numpy as np
import qutip as qt

qt.settings.auto_tidyup = False
OPTS = qt.Options(atol=1e-14, rtol=1e-12, nsteps=10**7)


def cavity(g, kappa, gamma, pump, cutoff):
    n = cutoff + 1
    i2, ic = qt.qeye(2), qt.qeye(n)
    sm = qt.destroy(2)
    c1 = qt.tensor(sm, i2, ic)
    c2 = qt.tensor(i2, sm, ic)
    a = qt.tensor(i2, i2, qt.destroy(n))
    h = g * (c1.dag() * a + c1 * a.dag() + c2.dag() * a + c2 * a.dag())
    c_ops = [np.sqrt(pump) * c1.dag(), np.sqrt(pump) * c2.dag(), np.sqrt(gamma) * c1, np.sqrt(gamma) * c2, np.sqrt(kappa) * a]
    return h, c_ops, {"cav.a": a, "q1.sigma_minus": c1}


def qubit(omega, delta, gamma):
    sm = qt.destroy(2)
    h = 0.5 * omega * (sm + sm.dag()) + delta * sm.dag() * sm
    return h, [np.sqrt(gamma) * sm], {"q.sigma_minus": sm}


def case(name, model, h, c_ops, ops, omegas, taus, g2_op):
    out = {"name": name, "model": model, "omegas": list(omegas), "taus": list(taus), "spectra": {}, "correlations": {}}
    for label, op in ops.items():
        s_pi = qt.spectrum(h, omegas, c_ops, op.dag(), op, solver="pi")
        s_es = qt.spectrum(h, omegas, c_ops, op.dag(), op, solver="es")
        out["spectra"][label] = {"pi": list(map(float, s_pi)), "es": list(map(float, s_es))}
        corr = qt.correlation_2op_1t(h, None, taus, c_ops, op.dag(), op, options=OPTS)
        out["correlations"][label] = {"re": list(map(float, np.real(corr))), "im": list(map(float, np.imag(corr)))}
    g2, big = qt.coherence_function_g2(h, None, taus, c_ops, g2_op, options=OPTS)
    out["g2"] = {"re": list(map(float, np.real(g2))), "im": list(map(float, np.imag(g2)))}
    out["G2"] = {"re": list(map(float, np.real(big))), "im": list(map(float, np.imag(big)))}
    return out


def data():
    cases = []
    p = {"g": 1, "kappa": 2.33, "gamma": 1e-3, "pump": 5e-3, "cutoff": 4}
    h, c_ops, ops = cavity(**p)
    cases.append(case("cavity", {"cavity": p}, h, c_ops, ops, np.linspace(-3, 3, 24), np.linspace(0, 10, 21), ops["cav.a"]))
    q = {"omega": 3.0, "delta": 0.8, "gamma": 1.0}
    h, c_ops, ops = qubit(**q)
    cases.append(case("driven qubit", {"qubit": q}, h, c_ops, ops, np.linspace(-6, 6, 24), np.linspace(0, 8, 17), ops["q.sigma_minus"]))
    return {"qutip": qt.__version__, "cases": cases}


def timing(p):
    h, c_ops, ops = cavity(1, p.get("kappa", 2.33), p.get("gamma", 1e-3), p.get("pump", 5e-3), p["cutoff"])
    a = ops["cav.a"]
    omegas = np.array(p["omegas"], dtype=float) if "omegas" in p else np.linspace(-5, 5, p["count"])
    walls, cpus, s = [], [], None
    for _ in range(p.get("repeats", 1)):
        w0, c0 = time.perf_counter(), time.process_time()
        s = qt.spectrum(h, omegas, c_ops, a.dag(), a, solver=p.get("solver", "es"))
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return {"wall": walls, "cpu": cpus, "omegas": list(map(float, omegas)), "spectrum": list(map(float, s))}


def correlate(p):
    h, c_ops, ops = cavity(1, p.get("kappa", 2.33), p.get("gamma", 1e-3), p.get("pump", 5e-3), p["cutoff"])
    a = ops["cav.a"]
    taus = np.array(p["taus"], dtype=float)
    w0, c0 = time.perf_counter(), time.process_time()
    corr = qt.correlation_2op_1t(h, None, taus, c_ops, a.dag(), a, options=OPTS)
    g2, big = qt.coherence_function_g2(h, None, taus, c_ops, a, options=OPTS)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    series = lambda z: {"re": list(map(float, np.real(z))), "im": list(map(float, np.imag(z)))}
    return {"wall": wall, "cpu": cpu, "correlation": series(corr), "g2": series(g2), "G2": series(big)}


if __name__ == "__main__":
    if sys.argv[1] == "data":
        print(json.dumps(data()))
    elif sys.argv[1] == "correlate":
        print(json.dumps(correlate(json.loads(sys.argv[2]))))
    else:
        print(json.dumps(timing(json.loads(sys.argv[2]))))
