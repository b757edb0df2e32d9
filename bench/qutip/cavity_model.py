"""The two-emitter cavity model in QuTiP 4.7, as lindblad builds it (src/paper/cavity.ts), for the bench scripts.

Conventions: basis order q1, q2, cav; |0> is the ground state of each emitter, so destroy(2) = |0><1| is
sigma^- (QuTiP's sigmam() = |1><0| would be the opposite convention). Rotating frame:
H = g sum_i (c_i^dag a + c_i a^dag); collapse operators sqrt(p) c_i^dag, sqrt(gamma) c_i, sqrt(kappa) a.
"""
import numpy as np
import qutip as qt


def cavity_model(p):
    """Returns (h, c_ops, c1, c2, a) for parameters p = {g, kappa, gamma, pump, cutoff}."""
    n = p["cutoff"] + 1
    i2, ic = qt.qeye(2), qt.qeye(n)
    sm = qt.destroy(2)  # |0><1|: lowers the excited |1> to the ground |0>
    c1 = qt.tensor(sm, i2, ic)
    c2 = qt.tensor(i2, sm, ic)
    a = qt.tensor(i2, i2, qt.destroy(n))
    h = p["g"] * (c1.dag() * a + c1 * a.dag() + c2.dag() * a + c2 * a.dag())
    c_ops = [np.sqrt(p["pump"]) * c1.dag(), np.sqrt(p["pump"]) * c2.dag(),
             np.sqrt(p["gamma"]) * c1, np.sqrt(p["gamma"]) * c2, np.sqrt(p["kappa"]) * a]
    return h, c_ops, c1, c2, a
