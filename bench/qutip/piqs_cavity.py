"""QuTiP 4.7 PIQS counterpart of bench/emitters.bench.ts: N emitters in one cavity mode.

Usage:
  /usr/bin/python3 bench/qutip/piqs_cavity.py '{"N":6,"cutoff":4,"g":1,"kappa":2.3,"gamma":1e-3,"pump":5e-3,"dephasing":0,"repeats":1}'
prints one JSON object: wall and CPU seconds of each repeat (Liouvillian build + steadystate), the sizes, and
<J_z>, <J_z^2>, <J+J->, <a^dag a> and the pair margin W (concurrence max(0, W)) of the steady state.

The emitters are qutip.piqs.Dicke(N, emission=gamma, pumping=pump, dephasing=dephasing) in PIQS's Dicke basis
(num_dicke_states(N) states). PIQS's local terms are (rate/2) sum_n L_{A_n} with L_A[rho] = 2 A rho A^dag -
{A^dag A, rho}, A = J_{-,n} = sigma^-_n for emission, J_{+,n} for pumping and J_{z,n} = sigma^z_n/2 for
dephasing: emission=gamma and pumping=p are lindblad's gamma and pump; PIQS dephasing = 4 x lindblad's
dephasing (whose channel is sigma^z_n). The cavity (a, Fock cutoff) is added with super_tensor:
  L = L_dicke (x) 1 + 1 (x) L_cav - i[g (J+ a + J- a^dag), .],  L_cav = kappa D[a],
and the entries between different spin blocks (on which PIQS's L is zero) are damped (off_block_damping).
The pair state of any two emitters follows from the moments (the state has no coherence between different
excitation numbers): n = <J_z> + N/2, <n_i> = n/N, <n_i n_k> = (<(J_z + N/2)^2> - n)/(N(N-1)),
<sigma+_i sigma-_k> = (<J+J-> - n)/(N(N-1)); W = 2(|<sigma+_i sigma-_k>| - sqrt(p00 p11)), C = max(0, W).
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import qutip as qt
from qutip import piqs

qt.settings.auto_tidyup = False


def off_block_damping(N, cutoff, dims):
    """Unit damping of the entries of vec(rho) between different spin blocks j.

    PIQS's Liouvillian acts on the block-diagonal part of rho in the Dicke basis only: its rows for entries
    |j m><j' m'| with j != j' are zero, so the full matrix has a kernel of many dimensions and
    qt.steadystate's sparse LU fails ("Factor is exactly singular"). The block-diagonal part is invariant
    (L never maps it out of itself), so damping the other entries at rate 1 leaves its steady state unchanged
    and makes them decay to 0: the unique steady state of the damped L is PIQS's steady state.
    """
    nf = cutoff + 1
    block = []
    for k in range(piqs.num_dicke_ladders(N)):
        block += [k] * int(N - 2 * k + 1)
    blocks = np.repeat(np.array(block), nf)  # spin (x) cavity index s * nf + n
    d = blocks.size
    off = (blocks[:, None] != blocks[None, :]).astype(float)  # [row, col]
    diag = off.T.reshape(-1)  # qutip vec: column stacking, index col * d + row
    return qt.Qobj(sp.diags(diag, format="csr"), dims=dims, type="super")


def build(N, cutoff, g, kappa, gamma, pump, dephasing):
    system = piqs.Dicke(N, emission=gamma, pumping=pump, dephasing=dephasing)
    l_spin = system.liouvillian()
    nds = piqs.num_dicke_states(N)
    a = qt.destroy(cutoff + 1)
    jp = piqs.jspin(N, "+")
    jm = jp.dag()
    jz = piqs.jspin(N, "z")
    l_cav = qt.liouvillian(0 * a.dag() * a, [np.sqrt(kappa) * a])
    id_spin, id_cav = qt.to_super(qt.qeye(nds)), qt.to_super(qt.qeye(cutoff + 1))
    h_int = g * (qt.tensor(jp, a) + qt.tensor(jm, a.dag()))
    liouv = qt.super_tensor(l_spin, id_cav) + qt.super_tensor(id_spin, l_cav) + qt.liouvillian(h_int)
    liouv = liouv - off_block_damping(N, cutoff, liouv.dims)
    ops = {"jz": qt.tensor(jz, qt.qeye(cutoff + 1)), "jpjm": qt.tensor(jp * jm, qt.qeye(cutoff + 1)), "n": qt.tensor(qt.qeye(nds), a.dag() * a)}
    return liouv, ops, nds


def pair_margin(N, jz, jz2, jpjm):
    """W = 2(|<sigma+_i sigma-_k>| - sqrt(p00 p11)); the pair concurrence is max(0, W)."""
    ne = jz + N / 2
    pairs = N * (N - 1)
    nbar = ne / N
    p11 = (jz2 + N * jz + N * N / 4 - ne) / pairs
    c = (jpjm - ne) / pairs
    p00 = 1 - 2 * nbar + p11
    return 2 * (abs(c) - np.sqrt(max(0.0, p00 * p11)))


def main():
    p = json.loads(sys.argv[1])
    N, cutoff = p["N"], p["cutoff"]
    walls, cpus = [], []
    for _ in range(p.get("repeats", 1)):
        t0, c0 = time.perf_counter(), time.process_time()
        liouv, ops, nds = build(N, cutoff, p["g"], p["kappa"], p["gamma"], p["pump"], p["dephasing"])
        rho = qt.steadystate(liouv)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    jz = qt.expect(ops["jz"], rho)
    jz2 = qt.expect(ops["jz"] * ops["jz"], rho)
    jpjm = qt.expect(ops["jpjm"], rho)
    n = qt.expect(ops["n"], rho)
    print(json.dumps({
        "wall": walls, "cpu": cpus, "dim": nds * (cutoff + 1), "unknowns": (nds * (cutoff + 1)) ** 2,
        "jz": float(np.real(jz)), "jz2": float(np.real(jz2)), "jpjm": float(np.real(jpjm)), "meanPhotons": float(np.real(n)),
        "trace": float(np.real(rho.tr())), "pairMargin": float(pair_margin(N, float(np.real(jz)), float(np.real(jz2)), float(np.real(jpjm)))),
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
