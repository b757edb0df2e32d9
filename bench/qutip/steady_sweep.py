"""QuTiP 4.7 reference for bench/sweep.bench.ts: steady states of the paper's models.

Usage: /usr/bin/python3 bench/qutip/steady_sweep.py '<json>' (or '-' and the JSON on standard input) with one of
  {"case": "kappa", "kappas": [...], "gamma": 1e-3, "pump": 5e-3, "cutoff": 4, "repeats": 3}
  {"case": "grid", "points": [[beta_a, beta_s], ...], "gamma_plus": 1, "repeats": 1}
  {"case": "single", "cutoff": 32, "kappa": 2.33, "gamma": 1e-3, "pump": 5e-3, "repeats": 5}
Prints one JSON object: the best wall time over `repeats` (seconds; operator set-up excluded, the
Liouvillian built inside steadystate included, as QuTiP users call it), and the concurrences (kappa,
grid) or the reduced populations (single) for a cross-check.

Conventions as in lindblad: basis order q1, q2, cav; destroy(2) = |0><1| is sigma^- (|0> ground).
Cavity (rotating frame): H = g sum_i (c_i^dag a + c_i a^dag), collapse operators sqrt(p) c_i^dag,
sqrt(gamma) c_i, sqrt(kappa) a. Diamond (product basis): J_S = c1 + c2, J_A = c1 - c2, H = n1 + n2,
collapse operators sqrt(G+) J_S^dag, sqrt(G+ e^beta_S) J_S, sqrt(G+) J_A^dag, sqrt(G+ e^beta_A) J_A.
"""
import json
import sys
import time

import numpy as np
import qutip as qt


def cavity_ops(cutoff):
    n = cutoff + 1
    i2, ic = qt.qeye(2), qt.qeye(n)
    sm = qt.destroy(2)
    c1, c2 = qt.tensor(sm, i2, ic), qt.tensor(i2, sm, ic)
    a = qt.tensor(i2, i2, qt.destroy(n))
    h = c1.dag() * a + c1 * a.dag() + c2.dag() * a + c2 * a.dag()
    return h, c1, c2, a


def best_of(repeats, f):
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    p = json.loads(sys.stdin.read() if sys.argv[1] == "-" else sys.argv[1])
    case = p["case"]
    if case == "kappa":
        h, c1, c2, a = cavity_ops(p["cutoff"])
        pump, gamma = p["pump"], p["gamma"]

        def run():
            out = []
            for kappa in p["kappas"]:
                c_ops = [np.sqrt(pump) * c1.dag(), np.sqrt(pump) * c2.dag(),
                         np.sqrt(gamma) * c1, np.sqrt(gamma) * c2, np.sqrt(kappa) * a]
                rho = qt.steadystate(h, c_ops)
                out.append(qt.concurrence(rho.ptrace([0, 1])))
            return out
        seconds, values = best_of(p["repeats"], run)
        print(json.dumps({"seconds": seconds, "concurrence": values}))
    elif case == "grid":
        sm, i2 = qt.destroy(2), qt.qeye(2)
        c1, c2 = qt.tensor(sm, i2), qt.tensor(i2, sm)
        js, ja = c1 + c2, c1 - c2
        h = c1.dag() * c1 + c2.dag() * c2
        gp = p["gamma_plus"]

        def run():
            out = []
            for beta_a, beta_s in p["points"]:
                c_ops = [np.sqrt(gp) * js.dag(), np.sqrt(gp * np.exp(beta_s)) * js,
                         np.sqrt(gp) * ja.dag(), np.sqrt(gp * np.exp(beta_a)) * ja]
                out.append(qt.steadystate(h, c_ops))
            return out
        seconds, states = best_of(p["repeats"], run)
        print(json.dumps({"seconds": seconds, "concurrence": [qt.concurrence(r) for r in states]}))
    elif case == "single":
        h, c1, c2, a = cavity_ops(p["cutoff"])
        c_ops = [np.sqrt(p["pump"]) * c1.dag(), np.sqrt(p["pump"]) * c2.dag(),
                 np.sqrt(p["gamma"]) * c1, np.sqrt(p["gamma"]) * c2, np.sqrt(p["kappa"]) * a]
        seconds, rho = best_of(p["repeats"], lambda: qt.steadystate(h, c_ops))
        q = rho.ptrace([0, 1]).full().real
        print(json.dumps({"seconds": seconds, "qubitDiagonal": [q[k, k] for k in range(4)]}))
    else:
        raise SystemExit(f"unknown case {case}")


if __name__ == "__main__":
    main()
