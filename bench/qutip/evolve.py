"""QuTiP 4.7 reference for bench/evolve.bench.ts: the two-emitter cavity model from its ground state.

Usage: /usr/bin/python3 bench/qutip/evolve.py '{"g":1,"kappa":2.33,"gamma":1e-3,"pump":5e-3,"cutoff":4,"tmax":5000,"steps":101,"repeats":3}'
Prints one JSON object: wall times of mesolve (method 'bdf', QuTiP's default tolerances atol 1e-8,
rtol 1e-6), and the reduced two-emitter populations G, S, A, E and concurrence at every output time.

Conventions as in lindblad: basis order q1, q2, cav; |0> is the ground state of each emitter, so
destroy(2) = |0><1| is sigma^- (QuTiP's sigmam() = |1><0| would be the opposite convention).
Rotating frame: H = g sum_i (c_i^dag a + c_i a^dag); collapse operators sqrt(p) c_i^dag, sqrt(gamma) c_i,
sqrt(kappa) a.
"""
import json
import sys
import time

import numpy as np
import qutip as qt

from cavity_model import cavity_model


def main():
    p = json.loads(sys.argv[1])
    n = p["cutoff"] + 1
    h, c_ops, c1, c2, a = cavity_model(p)
    rho0 = qt.ket2dm(qt.tensor(qt.basis(2, 0), qt.basis(2, 0), qt.basis(n, 0)))
    tlist = np.linspace(0.0, p["tmax"], p["steps"])
    opts = qt.Options(method="bdf", store_states=True, nsteps=100000)
    times, result = [], None
    for _ in range(p.get("repeats", 3)):
        t0 = time.perf_counter()
        result = qt.mesolve(h, rho0, tlist, c_ops, [], options=opts)
        times.append(time.perf_counter() - t0)
    s = 1 / np.sqrt(2)
    bell = {"G": qt.tensor(qt.basis(2, 0), qt.basis(2, 0)),
            "S": s * (qt.tensor(qt.basis(2, 0), qt.basis(2, 1)) + qt.tensor(qt.basis(2, 1), qt.basis(2, 0))),
            "A": s * (qt.tensor(qt.basis(2, 0), qt.basis(2, 1)) - qt.tensor(qt.basis(2, 1), qt.basis(2, 0))),
            "E": qt.tensor(qt.basis(2, 1), qt.basis(2, 1))}
    cols = {k: [] for k in ["G", "S", "A", "E", "concurrence"]}
    for rho in result.states:
        q = rho.ptrace([0, 1])
        for k, v in bell.items():
            cols[k].append(float(qt.expect(qt.ket2dm(v), q)))
        cols["concurrence"].append(float(qt.concurrence(q)))
    ss = qt.steadystate(h, c_ops)
    diff = (result.states[-1] - ss).full()
    dist = 0.5 * float(np.sum(np.abs(np.linalg.eigvalsh((diff + diff.conj().T) / 2))))
    out = {"qutip": qt.__version__, "seconds": times, "columns": cols, "traceDistanceToSteadyState": dist}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
