"""Loads a lindblad model written as JSON into QuTiP 4.7 objects (shared by the generic-model benches).

The JSON is lindblad's serializeModel output (src/model/serialize.ts) with its typed arrays written as plain
lists (bench/generic.bench.ts, writeModelJson):
  {"format": "lindblad-model/1", "subsystems": [[name, {"kind": "qubit"|"fock"|"levels", ...}], ...],
   "hamiltonian": CSR, "channels": [{"operator": CSR, "rate": r, "bath": b, "label": l}, ...], ...}
  CSR = {"rows", "cols", "rowPtr", "colIdx", "values"} with values interleaved (re, im).
Basis order is lindblad's: the first subsystem is the most significant index, as in qutip.tensor.
A channel (operator J, rate r) is the dissipator r D[J], i.e. the QuTiP collapse operator sqrt(r) J;
channels with rate 0 or an empty operator are left out (they do not contribute to L).

Usage: from generic_models import load_model; H, c_ops, dims = load_model("model.json")
"""
import json

import numpy as np
import qutip as qt
import scipy.sparse as sp


def subsystem_dim(spec):
    kind = spec["kind"]
    if kind == "qubit":
        return 2
    if kind == "fock":
        return int(spec["cutoff"]) + 1
    if kind == "levels":
        return int(spec["n"])
    raise ValueError("unknown subsystem kind %r" % kind)


def csr_to_scipy(d):
    """scipy CSR matrix (complex) from lindblad's CSR data."""
    vals = np.asarray(d["values"], dtype=float)
    data = vals[0::2] + 1j * vals[1::2]
    return sp.csr_matrix((data, np.asarray(d["colIdx"], dtype=np.int32), np.asarray(d["rowPtr"], dtype=np.int32)),
                         shape=(d["rows"], d["cols"]))


def load_model_data(data):
    """(H, c_ops, dims) from the parsed JSON object."""
    if data.get("format") != "lindblad-model/1":
        raise ValueError("expected a lindblad-model/1 JSON object")
    dims = [subsystem_dim(spec) for _, spec in data["subsystems"]]
    qdims = [dims, dims]
    h = qt.Qobj(csr_to_scipy(data["hamiltonian"]), dims=qdims)
    c_ops = []
    for c in data["channels"]:
        rate = float(c["rate"])
        m = csr_to_scipy(c["operator"])
        if rate > 0 and m.nnz > 0:
            c_ops.append(qt.Qobj(np.sqrt(rate) * m, dims=qdims))
    return h, c_ops, dims


def load_model(path):
    """(H, c_ops, dims) from a JSON file written by writeModelJson."""
    with open(path) as f:
        return load_model_data(json.load(f))
