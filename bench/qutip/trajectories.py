"""QuTiP 4.7 mcsolve on the diamond model (PHYSICS.md §2), for bench/trajectories.bench.ts.

Same operators as lindblad's product-basis diamond model: c1 = σ⁻⊗I, c2 = I⊗σ⁻ with QuTiP's
destroy(2) = |0⟩⟨1| = σ⁻, J_S = c1 + c2, J_A = c1 − c2, H = ω0(n1 + n2), collapse operators
√Γ⁺ J_S†, √Γ_S⁻ J_S, √Γ⁺ J_A†, √Γ_A⁻ J_A with Γ_i⁻ = Γ⁺ e^{β_i}. Start |00⟩ = G; expectation values of
the projectors on G, S, A, E at `points` equally spaced times in [0, t_max].
Prints one JSON object: wall time of the mcsolve call (import and set-up excluded) and populations at t_max.
Usage: python3 trajectories.py BETA_A BETA_S T_MAX COUNT POINTS SEED
"""
import json
import sys
import time

import numpy as np
from qutip import Options, basis, destroy, mcsolve, qeye, tensor

beta_a, beta_s, t_max = (float(x) for x in sys.argv[1:4])
count, points, seed = (int(x) for x in sys.argv[4:7])
gamma_plus, omega0 = 1.0, 1.0

c1 = tensor(destroy(2), qeye(2))
c2 = tensor(qeye(2), destroy(2))
j_s, j_a = c1 + c2, c1 - c2
h = omega0 * (c1.dag() * c1 + c2.dag() * c2)
c_ops = [
    np.sqrt(gamma_plus) * j_s.dag(),
    np.sqrt(gamma_plus * np.exp(beta_s)) * j_s,
    np.sqrt(gamma_plus) * j_a.dag(),
    np.sqrt(gamma_plus * np.exp(beta_a)) * j_a,
]
ket = lambda *amps: sum(a * tensor(basis(2, i), basis(2, j)) for a, (i, j) in zip(amps, [(0, 0), (0, 1), (1, 0), (1, 1)]))
r = 1 / np.sqrt(2)
states = {"G": ket(1, 0, 0, 0), "S": ket(0, r, r, 0), "A": ket(0, r, -r, 0), "E": ket(0, 0, 0, 1)}
e_ops = [s * s.dag() for s in states.values()]
tlist = np.linspace(0, t_max, points)
rng = np.random.RandomState(seed)
opts = Options(seeds=rng.randint(0, 2**31 - 1, size=count))

t0 = time.perf_counter()
res = mcsolve(h, states["G"], tlist, c_ops, e_ops, ntraj=count, options=opts, progress_bar=None)
seconds = time.perf_counter() - t0
print(json.dumps({
    "seconds": seconds,
    "populations": {k: float(np.real(res.expect[i][-1])) for i, k in enumerate(states)},
    "numCpus": opts.num_cpus,
}))
