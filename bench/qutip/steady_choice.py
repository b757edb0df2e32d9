"""QuTiP 4.7 side of bench/steady-choice.bench.ts: qutip.steadystate (default: the direct sparse solver)
on one model, one JSON object on stdout.

Usage: /usr/bin/python3 bench/qutip/steady_choice.py '<case JSON>'
Case fields: "model" (path of a JSON model written by the bench, loaded with generic_models.load_model),
"repeats". Output: {"wall": best seconds, "cpu": CPU seconds of that call (process_time, BLAS threads
included), "rho": [[[re, im], ...], ...]}. The import of qutip and loading the model are not timed.
"""
import json
import os
import sys
import time

import qutip as qt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generic_models import load_model  # noqa: E402


def main():
    case = json.loads(sys.argv[1])
    h, c_ops, _ = load_model(case["model"])
    best = None
    for _ in range(int(case.get("repeats", 1))):
        w0, c0 = time.perf_counter(), time.process_time()
        rho = qt.steadystate(h, c_ops)
        w, c = time.perf_counter() - w0, time.process_time() - c0
        if best is None or w < best[0]:
            best = (w, c, rho)
    m = best[2].full()
    print(json.dumps({"wall": best[0], "cpu": best[1],
                      "rho": [[[float(z.real), float(z.imag)] for z in row] for row in m]}))


if __name__ == "__main__":
    main()
