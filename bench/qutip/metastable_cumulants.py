"""Exact scaled cumulants c_1..c_4 of a metastable 4-state jump process, in rational arithmetic (no QuTiP,
no floating point), for test/thermo/cumulant-accuracy.test.ts (committed as
test/thermo/data/metastable-cumulants.json).

States 0..3; rates: 0->1 a = 1, 1->0 b = 2, 2->3 c = 5, 3->2 d = 1/2, and a slow link 0<->2 at eps each way.
Counted: the jumps 0->1 and 2->3 (weight 1 each). Generator L[j][i] = rate i->j, L[i][i] = -(sum out of i);
tilted moments J_n = J (weights 0/1). Cumulants by the Rayleigh-Schroedinger recursion with the group inverse
(x_n = -L^# b_n, Tr x_n = 0), solved exactly by Gaussian elimination over Fractions.
"coherentLeak": a quantum 5-level model (coherent_leak below), same recursion on its 7 real unknowns.
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
    # steady state: replace the first equation by the trace
    A = [[F(1)] * n] + [row[:] for row in L[1:]]
    rho = solve(A, [F(1)] + [F(0)] * (n - 1))
    return cumulants_of(L, J, [F(1)] * n, rho, order)


def cumulants_of(L, J, t, x0, order=4):
    """c_1..c_order of the recursion for generator L, counted jump matrix J (all weights 1), trace functional t."""
    n = len(L)
    mul = lambda M, x: [sum(M[i][k] * x[k] for k in range(n)) for i in range(n)]
    tr = lambda x: sum(ti * xi for ti, xi in zip(t, x))
    B = [L[i][:] + [x0[i]] for i in range(n)] + [t[:] + [F(0)]]
    xs, cs = [x0], [F(0)]
    for k in range(1, order + 1):
        ck = sum(comb(k, j) * tr(mul(J, xs[k - j])) for j in range(1, k + 1))
        cs.append(ck)
        if k == order:
            break
        rhs = [F(0)] * n
        for j in range(1, k + 1):
            jx = mul(J, xs[k - j])
            for i in range(n):
                rhs[i] -= comb(k, j) * (jx[i] - cs[j] * xs[k - j][i])
        xs.append(solve(B, rhs + [F(0)])[:n])
    return cs[1:]


def coherent_leak(eps, counted, order=4):
    """The 5-level model of cumulant-accuracy.test.ts: fast blocks {0,1} and {2,3,4} (rates 1), joined by
    H = eps(|1><2| + |2><1|) and a leak 1 -> 2 at rate eps. Real unknowns p0..p4, x = Re rho_12, y = Im rho_12:
        dp1/dt += -2 eps y, dp2/dt += 2 eps y, dx/dt = -k x, dy/dt = -eps (p2 - p1) - k y, k = (2 + eps)/2
    (the coherence decays at half the rates out of 1 and 2). Jumps [to, from, rate]; `counted` the index of
    the counted one (weight 1)."""
    jumps = [(1, 0, F(1)), (0, 1, F(1)), (4, 2, F(1)), (4, 3, F(1)), (2, 4, F(1)), (3, 4, F(1)), (2, 1, eps)]
    n = 7
    L = [[F(0)] * n for _ in range(n)]
    J = [[F(0)] * n for _ in range(n)]
    for c, (to, fr, r) in enumerate(jumps):
        L[to][fr] += r
        L[fr][fr] -= r
        if c == counted:
            J[to][fr] += r
    k = (2 + eps) / 2
    L[1][6] -= 2 * eps
    L[2][6] += 2 * eps
    L[5][5] -= k
    L[6][2] -= eps
    L[6][1] += eps
    L[6][6] -= k
    t = [F(1)] * 5 + [F(0), F(0)]
    A = [t[:]] + [row[:] for row in L[1:]]
    x0 = solve(A, [F(1)] + [F(0)] * (n - 1))
    return cumulants_of(L, J, t, x0, order)


out = {"script": "bench/qutip/metastable_cumulants.py", "rates": {"a": 1, "b": 2, "c": 5, "d": 0.5}, "cases": [], "coherentLeak": []}
for e in [3, 6, 9, 12]:
    eps = F(1, 10 ** e)
    out["cases"].append({"eps": float(eps), "cumulants": [float(x) for x in cumulants(eps)]})
for e in [1e-6, 1e-12]:
    for counted in [5, 6]:  # |3><4| (fast block) and the leak
        out["coherentLeak"].append({"eps": e, "counted": counted, "cumulants": [float(x) for x in coherent_leak(F(e), counted)]})
print(json.dumps(out, indent=1))
