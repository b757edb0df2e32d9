"""QuTiP 4.7 mcsolve on the two-emitter cavity model, for bench/trajectories.bench.ts.

Usage: /usr/bin/python3 bench/qutip/mcsolve_cavity.py '{"g":1,"kappa":2.33,"gamma":1e-3,"pump":5e-3,"cutoff":8,
  "tmax":100,"points":101,"count":1000,"seed":1,"cpus":1}'
Conventions as in lindblad (bench/qutip/evolve.py): basis order q1, q2, cav; destroy(2) = |0><1| is sigma^-;
rotating frame H = g sum_i (c_i^dag a + c_i a^dag); collapse operators sqrt(p) c_i^dag, sqrt(gamma) c_i,
sqrt(kappa) a. Start: the ground state |0, 0, 0>. Expectation values of a^dag a, n_1 and n_2 at `points` equally
spaced times in [0, tmax]. `cpus` = 1 runs mcsolve serially (Options.num_cpus = 1: QuTiP's serial_map).
Prints one JSON object: wall and CPU seconds of the mcsolve call (import and set-up excluded), the expectation
values at tmax, and the QuTiP version.
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
    e_ops = [a.dag() * a, c1.dag() * c1, c2.dag() * c2]
    psi0 = qt.tensor(qt.basis(2, 0), qt.basis(2, 0), qt.basis(n, 0))
    tlist = np.linspace(0.0, p["tmax"], p["points"])
    rng = np.random.RandomState(p["seed"])
    opts = qt.Options(seeds=rng.randint(0, 2**31 - 1, size=p["count"]), num_cpus=p["cpus"])
    t0, c0 = time.perf_counter(), time.process_time()
    res = qt.mcsolve(h, psi0, tlist, c_ops, e_ops, ntraj=p["count"], options=opts, progress_bar=None)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({
        "qutip": qt.__version__, "seconds": seconds, "cpuSeconds": cpu,
        "final": {k: float(np.real(res.expect[i][-1])) for i, k in enumerate(["n", "n1", "n2"])},
    }))


if __name__ == "__main__":
    main()
