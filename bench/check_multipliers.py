#!/usr/bin/python3
"""Independent check of `tradeshock analyze --leontief` output multipliers (dev tool, not
run by the tests).

Reads a native table folder with its own CSV code, builds A = Z x^-1 (zero-output
columns = 0) and computes the output multipliers m_j = sum_i L_ij two ways that share no
code with tradeshock:
  1. numpy: column sums of numpy.linalg.inv(I - A);
  2. a Neumann series m' = 1'(I + A + A^2 + ...), iterated to convergence (no LU at all).
Then compares both with multipliers.csv written by tradeshock.

Needs Debian's numpy: apt-get install -y python3-numpy, run with /usr/bin/python3.
usage: /usr/bin/python3 bench/check_multipliers.py TABLE_DIR MULTIPLIERS_CSV
"""
import csv
import sys

import numpy as np


def read_matrix(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    cols = rows[0][1:]
    labels = [r[0] for r in rows[1:]]
    data = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    return labels, cols, data


def codes(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [r[0] for r in list(csv.reader(f))[1:]]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    table, mult_csv = sys.argv[1], sys.argv[2]
    regions = codes(f"{table}/regions.csv")
    sectors = codes(f"{table}/sectors.csv")
    order = [f"{r}_{s}" for r in regions for s in sectors]  # i = r*S + s
    pos = {lab: k for k, lab in enumerate(order)}
    n = len(order)

    rl, cl, Zf = read_matrix(f"{table}/Z.csv")
    Z = np.zeros((n, n))
    ri = [pos[l] for l in rl]
    ci = [pos[l] for l in cl]
    Z[np.ix_(ri, ci)] = Zf
    xl, _, xf = read_matrix(f"{table}/x.csv")
    x = np.zeros(n)
    x[[pos[l] for l in xl]] = xf[:, 0]
    x = np.where(x > 0, x, 0.0)  # negative outputs: zero-output (as tradeshock's reader)

    inv_x = np.divide(1.0, x, out=np.zeros(n), where=x > 0)
    A = Z * inv_x[None, :]

    m_inv = np.linalg.inv(np.eye(n) - A).sum(axis=0)

    m_neu = np.ones(n)
    term = np.ones(n)
    for it in range(10000):
        term = term @ A
        m_neu += term
        if np.abs(term).max() < 1e-17 * np.abs(m_neu).max():
            break
    else:
        print("warning: Neumann series did not converge")

    got = np.full(n, np.nan)
    with open(mult_csv, newline="") as f:
        for row in csv.DictReader(f):
            got[pos[f"{row['region']}_{row['sector']}"]] = float(row["output_multiplier"])
    if np.isnan(got).any():
        sys.exit("multipliers.csv misses industries")

    for name, ref in (("numpy inv", m_inv), (f"Neumann ({it + 1} terms)", m_neu)):
        rel = np.abs(got - ref) / np.abs(ref)
        k = int(rel.argmax())
        print(f"{name:24s}: max rel diff {rel.max():.3g} at {order[k]} "
              f"(tradeshock {got[k]:.17g}, reference {ref[k]:.17g})")
    rel = np.abs(m_inv - m_neu) / np.abs(m_neu)
    print(f"{'numpy inv vs Neumann':24s}: max rel diff {rel.max():.3g}")
    print(f"n = {n}, multipliers from {got.min():.6g} to {got.max():.6g}")
    worst = max((np.abs(got - m_inv) / np.abs(m_inv)).max(),
                (np.abs(got - m_neu) / np.abs(m_neu)).max())
    print("PASS" if worst <= 1e-9 else "FAIL", "(target: max rel diff <= 1e-9)")
    return 0 if worst <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
