"""QuTiP 4.7 side of bench/generic.bench.ts: one case per process, one JSON object on stdout.

Usage: /usr/bin/python3 bench/qutip/generic.py '<case JSON>'
Case fields: "task" ("steady" | "evolve" | "reference"), "model" (path of a JSON model written by
generic.bench.ts, loaded with generic_models.load_model), and per task:
- steady: "methods" (e.g. ["direct", "iterative-gmres"]), "rho" (return ρ of the direct solve),
  "cavityCutoff" (return the two-emitter observables of the cavity model q1 ⊗ q2 ⊗ Fock), "repeats";
- evolve: "tmax", "steps", "repeats": mesolve with QuTiP's default options (adams, atol 1e-8, rtol 1e-6),
  ρ0 = |0><0|, populations <k|ρ(t)|k> as e_ops;
- reference: the populations at the same times from the exact propagator exp(L t) vec ρ0 (scipy's
  expm_multiply on the Liouvillian; for d <= 24 also dense scipy.linalg.expm at t = tmax, printed as a check).
Timings: time.perf_counter (wall) and time.process_time (CPU of the whole process, BLAS threads included)
around the solver call only; the import of qutip and loading the model are outside. The first call is
"cold", later calls "warm". Peak RSS of the process during a call: VmHWM after resetting it
(/proc/self/clear_refs = 5), and the RSS just before the call ("base").
"""
import json
import os
import sys
import time

import numpy as np
import qutip as qt
import scipy.linalg as sla
import scipy.sparse.linalg as spla

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generic_models import load_model  # noqa: E402


def _status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def timed(fn):
    """(result, {wall, cpu, rssMB, baseMB}) of one call."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    base = _status_kb("VmRSS")
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    w1, c1 = time.perf_counter(), time.process_time()
    return out, {"wall": w1 - w0, "cpu": c1 - c0, "rssMB": _status_kb("VmHWM") / 1024, "baseMB": base / 1024}


def runs(fn, repeats, budget):
    """Cold call, then warm calls while they are cheap (at most `repeats`, none if the cold call took a
    quarter of the budget; stop once 2 s are spent)."""
    out, cold = timed(fn)
    warm, spent = [], 0.0
    for _ in range(repeats if cold["wall"] < budget / 4 else 0):
        if spent > 2.0:
            break
        out, t = timed(fn)
        warm.append(t)
        spent += t["wall"]
    return out, {"cold": cold, "warm": warm}


def relative_residual(L, rho):
    """||L vec rho||_2 / (||L||_inf ||vec rho||_2), as in lindblad's certificate."""
    v = qt.operator_to_vector(rho).full().ravel()
    r = L.data @ v
    norm_inf = np.max(np.asarray(abs(L.data).sum(axis=1)).ravel())
    return float(np.linalg.norm(r) / (norm_inf * np.linalg.norm(v)))


def cavity_observables(rho, cutoff):
    d = cutoff + 1
    q = rho.ptrace([0, 1])
    s = 1 / np.sqrt(2)
    b0, b1 = qt.basis(2, 0), qt.basis(2, 1)
    bell = {"G": qt.tensor(b0, b0), "S": s * (qt.tensor(b0, b1) + qt.tensor(b1, b0)),
            "A": s * (qt.tensor(b0, b1) - qt.tensor(b1, b0)), "E": qt.tensor(b1, b1)}
    pops = {k: float(qt.expect(qt.ket2dm(v), q)) for k, v in bell.items()}
    diag = np.real(rho.diag())
    photons = float(np.sum((np.arange(len(diag)) % d) * diag))
    return {"concurrence": float(qt.concurrence(q)), "populations": pops, "meanPhotons": photons}


def steady(case, h, c_ops):
    out = {"runs": {}}
    rho = None
    for method in case.get("methods", ["direct"]):
        try:
            if method == "direct":
                r, t = runs(lambda: qt.steadystate(h, c_ops), case.get("repeats", 3), case.get("budget", 60))
                rho = r
            elif "direct" in out["runs"] and out["runs"]["direct"].get("cold", {}).get("wall", 0) > case.get("budget", 60) / 8:
                out["runs"][method] = {"error": "not run (the direct solve took over 1/8 of the time cap)"}
                continue
            else:
                r, t = runs(lambda: qt.steadystate(h, c_ops, method=method, use_precond=True, tol=1e-14),
                            case.get("repeats", 3), case.get("budget", 60))
            entry = dict(t)
            entry["maxDiffToDirect"] = None if rho is None or method == "direct" else float(np.max(np.abs((r - rho).full())))
            out["runs"][method] = entry
        except Exception as e:  # a failing method is reported, not fatal
            out["runs"][method] = {"error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
    if rho is not None:
        L = qt.liouvillian(h, c_ops)
        out["relativeResidual"] = relative_residual(L, rho)
        out["trace"] = float(np.real(rho.tr()))
        if case.get("rho"):
            m = rho.full()
            out["rho"] = {"re": m.real.ravel().tolist(), "im": m.imag.ravel().tolist()}
        if case.get("cavityCutoff") is not None:
            out["cavity"] = cavity_observables(rho, case["cavityCutoff"])
    return out


def populations_ops(dims):
    n = int(np.prod(dims))
    return [qt.Qobj(qt.fock_dm(n, k).full(), dims=[dims, dims]) for k in range(n)]


def evolve(case, h, c_ops, dims):
    n = int(np.prod(dims))
    rho0 = qt.Qobj(qt.fock_dm(n, 0).full(), dims=[dims, dims])
    tlist = np.linspace(0.0, case["tmax"], case["steps"])
    e_ops = populations_ops(dims)
    res, t = runs(lambda: qt.mesolve(h, rho0, tlist, c_ops, e_ops), case.get("repeats", 3), case.get("budget", 60))
    return {"runs": {"mesolve": t}, "populations": [np.real(e).tolist() for e in res.expect]}


def reference(case, h, c_ops, dims):
    n = int(np.prod(dims))
    L = qt.liouvillian(h, c_ops).data.tocsc()
    v0 = np.zeros(n * n, dtype=complex)
    v0[0] = 1.0  # column-stacked |0><0|
    w0 = time.perf_counter()
    vs = spla.expm_multiply(L, v0, start=0.0, stop=case["tmax"], num=case["steps"], endpoint=True)
    diag = [k * (n + 1) for k in range(n)]
    pops = np.real(vs[:, diag]).T
    out = {"populations": pops.tolist(), "seconds": time.perf_counter() - w0}
    if n <= 24:
        exact = sla.expm(L.toarray() * case["tmax"]) @ v0
        out["denseCheck"] = float(np.max(np.abs(np.real(exact[diag]) - pops[:, -1])))
    return out


def main():
    case = json.loads(sys.argv[1])
    h, c_ops, dims = load_model(case["model"])
    task = case["task"]
    if task == "steady":
        out = steady(case, h, c_ops)
    elif task == "evolve":
        out = evolve(case, h, c_ops, dims)
    elif task == "reference":
        out = reference(case, h, c_ops, dims)
    else:
        raise ValueError("unknown task %r" % task)
    out["qutip"] = qt.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
