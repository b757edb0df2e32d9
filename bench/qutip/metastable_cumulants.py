"""Exact scaled cumulants c_1..c_4 of a metastable 4-state jump process, in rational arithmetic (no QuTiP,
no floating point), for test/thermo/cumulant-accuracy.test.ts (committed as
test/thermo/data/metastable-cumulants.json).

States 0..3; rates: 0->1 a = 1, 1->0 b = 2, 2->3 c = 5, 3->2 d = 1/2, and a slow link 0<->2 at eps each way.
Counted: the jumps 0->1 and 2->3 (weight 1 each). Generator L[j][i] = rate i->j, L[i][i] = -(sum out of i);
tilted moments J_n = J (weights 0/1). Cumulants by the Rayleigh-Schroedinger recursion with the group inverse
(x_n = -L^# b_n, Tr x_n = 0), solved exactly by Gaussian elimination over Fractions.
Usage: /usr/bin/python3 bench/qutip/metastable_cumulants.py > test/thermo/data/metastable-cumulants.json
"""
import json
from fractions import Fraction as F
from math import comb


def solve(A, b):
    n = len(A)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for col in range(n):
        piv = next(r for r in range(col, n) if M[r][col] != 0)
        M[col], M[piv] = M[piv], M[col]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col] / M[col][col]
                M[r] = [x - f * y for x, y in zip(M[r], M[col])]
    return [M[i][n] / M[i][i] for i in range(n)]


def cumulants(eps, order=4):
    a, b, c, d = F(1), F(2), F(5), F(1, 2)
    rates = [(0, 1, a), (1, 0, b), (2, 3, c), (3, 2, d), (0, 2, eps), (2, 0, eps)]
    n = 4
    L = [[F(0)] * n for _ in range(n)]
    J = [[F(0)] * n for _ in range(n)]
    for i, j, r in rates:
        L[j][i] += r
        L[i][i] -= r
    J[1][0] = a
    J[3][2] = c
    mul = lambda M, x: [sum(M[i][k] * x[k] for k in range(n)) for i in range(n)]
    # steady state: replace the first equation by the trace
    A = [[F(1)] * n] + [row[:] for row in L[1:]]
    rho = solve(A, [F(1)] + [F(0)] * (n - 1))
    # bordered system [[L, rho], [1^T, 0]] gives the traceless solution of L x = Q r
    B = [L[i][:] + [rho[i]] for i in range(n)] + [[F(1)] * n + [F(0)]]
    xs, cs = [rho], [F(0)]
    for k in range(1, order + 1):
        ck = sum(comb(k, j) * sum(mul(J, xs[k - j])) for j in range(1, k + 1))
        cs.append(ck)
        if k == order:
            break
        rhs = [F(0)] * n
        for j in range(1, k + 1):
            jx = mul(J, xs[k - j])
            for i in range(n):
                rhs[i] -= comb(k, j) * (jx[i] - cs[j] * xs[k - j][i])
        sol = solve(B, rhs + [F(0)])
        xs.append(sol[:n])
    return cs[1:]


out = {"script": "bench/qutip/metastable_cumulants.py", "rates": {"a": 1, "b": 2, "c": 5, "d": 0.5}, "cases": []}
for e in [3, 6, 9, 12]:
    eps = F(1, 10 ** e)
    out["cases"].append({"eps": float(eps), "cumulants": [float(x) for x in cumulants(eps)]})
print(json.dumps(out, indent=1))
