"""QuTiP 4.7 counterpart of `lindblad sweep cavity --kappa 0.01:1000:200:log --gamma 1e-3 --pump 5e-3 --cutoff 4
--out k.csv`, timed as a whole process by bench/startup.bench.ts (d): Python start-up, the QuTiP import, the
model, one qutip.steadystate per kappa, the concurrence of the two emitters, and a CSV (kappa, concurrence).

Usage: /usr/bin/python3 bench/qutip/kappa_cli.py --kappa START:STOP:COUNT[:log] --gamma G --pump P --cutoff N --out k.csv
The cavity model is that of bench/qutip/steady_sweep.py (rotating frame, g = 1, basis order q1, q2, cav;
destroy(2) = |0><1| is sigma^-): H = sum_i (c_i^dag a + c_i a^dag), collapse operators sqrt(p) c_i^dag,
sqrt(gamma) c_i, sqrt(kappa) a.
"""
import argparse
import csv

import numpy as np
import qutip as qt


def parse_range(text):
    """START:STOP:COUNT[:log] or a single value, as lindblad's grid.ts reads it."""
    parts = text.split(":")
    if len(parts) == 1:
        return [float(parts[0])]
    start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    if len(parts) == 4 and parts[3] == "log":
        return list(np.logspace(np.log10(start), np.log10(stop), count))
    return list(np.linspace(start, stop, count))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kappa", required=True)
    ap.add_argument("--gamma", type=float, required=True)
    ap.add_argument("--pump", type=float, required=True)
    ap.add_argument("--cutoff", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    n = a.cutoff + 1
    i2, ic = qt.qeye(2), qt.qeye(n)
    sm = qt.destroy(2)
    c1, c2 = qt.tensor(sm, i2, ic), qt.tensor(i2, sm, ic)
    cav = qt.tensor(i2, i2, qt.destroy(n))
    h = c1.dag() * cav + c1 * cav.dag() + c2.dag() * cav + c2 * cav.dag()
    rows = []
    for kappa in parse_range(a.kappa):
        c_ops = [np.sqrt(a.pump) * c1.dag(), np.sqrt(a.pump) * c2.dag(),
                 np.sqrt(a.gamma) * c1, np.sqrt(a.gamma) * c2, np.sqrt(kappa) * cav]
        rho = qt.steadystate(h, c_ops)
        rows.append((repr(float(kappa)), repr(float(qt.concurrence(rho.ptrace([0, 1]))))))
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kappa", "concurrence"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
