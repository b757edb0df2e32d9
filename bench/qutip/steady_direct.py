"""QuTiP 4.7 side of bench/direct-steady.bench.ts: qutip.steadystate (default direct method: SuperLU with
COLAMD) on models written by serializeModel (loaded with generic_models.load_model).

Usage: /usr/bin/python3 bench/qutip/steady_direct.py MODEL.json OUT.json [REPEATS]
Writes {"cold": {wall, cpu}, "warm": [{wall, cpu}, ...], "rho": {"re": [...], "im": [...]}} (ρ row-major)
to OUT.json. Timings: time.perf_counter / time.process_time (whole process, BLAS threads included) around
the steadystate call only; importing qutip and loading the model are outside.
"""
import json
import os
import sys
import time

import numpy as np
import qutip as qt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generic_models import load_model  # noqa: E402


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, {"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0}


def main():
    model, out_path = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    h, c_ops, _dims = load_model(model)
    rho, cold = timed(lambda: qt.steadystate(h, c_ops))
    warm = []
    for _ in range(repeats):
        if sum(t["wall"] for t in warm) > 3.0:
            break
        rho, t = timed(lambda: qt.steadystate(h, c_ops))
        warm.append(t)
    m = np.asarray(rho.full())
    with open(out_path, "w") as f:
        json.dump({"cold": cold, "warm": warm, "rho": {"re": m.real.ravel().tolist(), "im": m.imag.ravel().tolist()},
                   "qutip": qt.__version__}, f)


if __name__ == "__main__":
    main()
