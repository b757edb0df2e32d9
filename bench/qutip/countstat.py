"""Reference currents and zero-frequency noise from QuTiP 4.7's countstat_current_noise, for
test/thermo/qutip-countstat.test.ts (the numbers are committed as test/thermo/data/countstat-qutip.json,
so the test needs no QuTiP).

For every model, the collapse operators are lindblad's channels in model order, c_k = sqrt(rate_k)·o_k,
on the same basis (qubits |0> = ground, destroy(2) = |0><1| = lindblad's sigma_minus; tensor order =
declaration order). countstat_current_noise(L, c_ops, sparse=False) returns I_k = Tr[c_k rho c_k^dag] and
S_kl = delta_kl I_k - Tr[J_k R J_l rho + J_l R J_k rho] (R the pseudo-inverse of L): for weights w the
mean current is sum_k w_k I_k and the noise (variance per unit time) sum_kl w_k w_l S_kl.
Usage: /usr/bin/python3 bench/qutip/countstat.py > test/thermo/data/countstat-qutip.json
"""
import json

import numpy as np
import qutip
from qutip import countstat_current_noise, destroy, liouvillian, qeye, tensor, sigmax


def diamond(beta_a, beta_s, gamma_plus=1.0, omega0=1.0):
    c1 = tensor(destroy(2), qeye(2))
    c2 = tensor(qeye(2), destroy(2))
    j_s, j_a = c1 + c2, c1 - c2
    h = omega0 * (c1.dag() * c1 + c2.dag() * c2)
    rates = [gamma_plus, gamma_plus * np.exp(beta_s), gamma_plus, gamma_plus * np.exp(beta_a)]
    ops = [j_s.dag(), j_s, j_a.dag(), j_a]
    return h, rates, ops


def driven_qubit(delta, omega, gamma, nbar):
    sm = destroy(2)
    h = delta * sm.dag() * sm + 0.5 * omega * sigmax()
    return h, [gamma * (nbar + 1), gamma * nbar], [sm, sm.dag()]


def cavity(g, kappa, gamma, pump, cutoff):
    c1 = tensor(destroy(2), qeye(2), qeye(cutoff + 1))
    c2 = tensor(qeye(2), destroy(2), qeye(cutoff + 1))
    a = tensor(qeye(2), qeye(2), destroy(cutoff + 1))
    coupling = c1.dag() * a + c2.dag() * a
    h = g * (coupling + coupling.dag())
    return h, [pump, pump, gamma, gamma, kappa], [c1.dag(), c2.dag(), c1, c2, a]


CASES = [
    ("diamond", {"betaA": 5.0, "betaS": 0.0}, diamond(5.0, 0.0)),
    ("diamond", {"betaA": 1.5, "betaS": -0.7}, diamond(1.5, -0.7)),
    ("driven-qubit", {"delta": 0.4, "omega": 1.1, "gamma": 0.3, "nbar": 0.2}, driven_qubit(0.4, 1.1, 0.3, 0.2)),
    ("cavity", {"g": 1.0, "kappa": 2.33, "gamma": 1e-3, "pump": 5e-3, "cutoff": 3}, cavity(1.0, 2.33, 1e-3, 5e-3, 3)),
]

out = {"qutip": qutip.__version__, "script": "bench/qutip/countstat.py", "cases": []}
for name, params, (h, rates, ops) in CASES:
    c_ops = [np.sqrt(r) * o for r, o in zip(rates, ops)]
    L = liouvillian(h, c_ops)
    current, noise = countstat_current_noise(L, c_ops, sparse=False)
    out["cases"].append({
        "model": name,
        "params": params,
        "current": [float(x) for x in current],
        "noise": [[float(noise[i, j, 0]) for j in range(len(c_ops))] for i in range(len(c_ops))],
    })
print(json.dumps(out, indent=1))
