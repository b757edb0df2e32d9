"""QuTiP 4.7 reference for test/evolve/driven-qutip.test.ts: mesolve with time-dependent lists.

Usage: /usr/bin/python3 bench/qutip/driven.py > test/evolve/data/driven-qutip.json
Writes rho(t) (re and im parts, row-major) at the output times of two systems, integrated with tight
tolerances (atol 1e-13, rtol 1e-11, adams) so that QuTiP's own error is far below the 1e-7 the test asks:

- "rabi": a qubit, H(t) = (w0/2) sz + Omega cos(w t) sx, decay with a time-dependent rate
  gamma(t) = g0 (1 + 0.5 sin(0.7 t)) (QuTiP multiplies the collapse operator by sqrt(gamma(t))), from |0>.
- "cavity": a Fock space (cutoff 3), H(t) = delta n + eps sin(w t) (a + a^dag) + 0.3 exp(-(t-3)^2) n,
  loss kappa, from |1>.

Conventions as in lindblad: |0> is the ground state; sz = diag(-1, 1); destroy(2) = |0><1| is sigma^-.
"""
import json

import numpy as np
import qutip as qt

OPTS = qt.Options(atol=1e-13, rtol=1e-11, nsteps=10**7, method="adams")


def dump(result, times):
    out = []
    for rho in result.states:
        m = rho.full()
        out.append({"re": m.real.flatten().tolist(), "im": m.imag.flatten().tolist()})
    return {"times": list(times), "states": out}


def rabi():
    p = {"w0": 3.0, "Omega": 0.4, "w": 2.9, "g0": 0.15}
    sz = qt.Qobj(np.diag([-1.0, 1.0]))
    sx = qt.sigmax()
    sm = qt.destroy(2)
    h = [0.5 * p["w0"] * sz, [p["Omega"] * sx, "cos(w * t)"]]
    c = [[sm, "sqrt(g0 * (1 + 0.5 * sin(0.7 * t)))"]]
    times = np.linspace(0, 12, 25)
    r = qt.mesolve(h, qt.ket2dm(qt.basis(2, 0)), times, c, [], args={"w": p["w"], "g0": p["g0"]}, options=OPTS)
    return {"params": p, **dump(r, times)}


def cavity():
    p = {"cutoff": 3, "delta": 0.5, "eps": 0.3, "w": 1.1, "kappa": 0.2}
    n = p["cutoff"] + 1
    a = qt.destroy(n)
    h = [p["delta"] * a.dag() * a, [p["eps"] * (a + a.dag()), "sin(w * t)"], [0.3 * a.dag() * a, "exp(-(t - 3)**2)"]]
    times = np.linspace(0, 8, 17)
    r = qt.mesolve(h, qt.ket2dm(qt.basis(n, 1)), times, [np.sqrt(p["kappa"]) * a], [], args={"w": p["w"]}, options=OPTS)
    return {"params": p, **dump(r, times)}


if __name__ == "__main__":
    print(json.dumps({"generator": "bench/qutip/driven.py", "qutip": qt.__version__, "rabi": rabi(), "cavity": cavity()}))
