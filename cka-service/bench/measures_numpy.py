"""The numpy float64 baseline of the measures benchmark: each measure written the way its paper's released code
computes it (QR bases for CCA, SVD truncation for SVCCA, canonical variates for PWCCA, the nuclear norm for
Procrustes and angular shape, np.corrcoef RDMs for RSA, lstsq for linear regression, sorted cosine similarities for
the neighbourhood measures). numpy only: the average ranks of RSA are written here, not taken from scipy.

Reads x.npy and y.npy (float32, n x p) from DIR, runs MEASURE once (the inputs are large: one timed run, after
the JVM side has warmed up its own code) and prints {"seconds": s, "value": v}.

usage: python3 measures_numpy.py DIR MEASURE [K] [SVCCA_VARIANCE]
"""
import json
import sys
import time

import numpy as np


def centred(x):
    x = x.astype(np.float64)
    return x - x.mean(axis=0, keepdims=True)


def cca_bases(x, y):
    qx, _ = np.linalg.qr(centred(x))
    qy, _ = np.linalg.qr(centred(y))
    return qx, qy


def cca(x, y, **_):
    qx, qy = cca_bases(x, y)
    return np.linalg.norm(qx.T @ qy) ** 2 / min(qx.shape[1], qy.shape[1])


def svcca(x, y, variance=0.99, **_):
    def reduce(a):
        u, s, _ = np.linalg.svd(centred(a), full_matrices=False)
        k = int(np.searchsorted(np.cumsum(s ** 2) / np.sum(s ** 2), variance * (1 - 1e-12)) + 1)
        return u[:, :k] * s[:k]
    qx, _ = np.linalg.qr(reduce(x))
    qy, _ = np.linalg.qr(reduce(y))
    rho = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return float(np.mean(np.minimum(rho, 1)))


def pwcca(x, y, **_):
    xc = centred(x)
    qx, _ = np.linalg.qr(xc)
    qy, _ = np.linalg.qr(centred(y))
    u, rho, _ = np.linalg.svd(qx.T @ qy, full_matrices=False)
    h = qx @ u
    alpha = np.abs(h.T @ xc).sum(axis=1)
    return float(np.sum(alpha * np.minimum(rho, 1)) / np.sum(alpha))


def nuclear(x, y):
    xc, yc = centred(x), centred(y)
    xc /= np.linalg.norm(xc)
    yc /= np.linalg.norm(yc)
    return min(1.0, np.linalg.norm(xc.T @ yc, ord="nuc"))


def procrustes(x, y, **_):
    return 2 - 2 * nuclear(x, y)


def angular_shape(x, y, **_):
    return float(np.arccos(nuclear(x, y)))


def average_ranks(v):
    order = np.argsort(v, kind="stable")
    sorted_v = v[order]
    first = np.r_[True, sorted_v[1:] != sorted_v[:-1]]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(v)]
    mean_rank = (starts + ends - 1) / 2.0 + 1
    ranks = np.empty(len(v))
    ranks[order] = mean_rank[group]
    return ranks


def rsa(x, y, **_):
    iu = np.triu_indices(x.shape[0], 1)
    rx = average_ranks((1 - np.corrcoef(x.astype(np.float64)))[iu])
    ry = average_ranks((1 - np.corrcoef(y.astype(np.float64)))[iu])
    return float(np.corrcoef(rx, ry)[0, 1])


def linear_regression(x, y, **_):
    xc, yc = centred(x), centred(y)
    beta = np.linalg.lstsq(xc, yc, rcond=None)[0]
    return 1 - np.linalg.norm(yc - xc @ beta) ** 2 / np.linalg.norm(yc) ** 2


def neighbours(a, k):
    a = a.astype(np.float64)
    unit = a / np.linalg.norm(a, axis=1, keepdims=True)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -np.inf)
    # a stable sort of the negated similarities puts ties in index order
    return np.argsort(-sims, axis=1, kind="stable")[:, :k]


def knn_jaccard(x, y, k=10, **_):
    nx, ny = neighbours(x, k), neighbours(y, k)
    overlaps = np.array([len(set(a) & set(b)) for a, b in zip(nx, ny)])
    return float(np.mean(overlaps / (2 * k - overlaps)))


def mutual_knn(x, y, k=10, **_):
    nx, ny = neighbours(x, k), neighbours(y, k)
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(nx, ny)]))


MEASURES = {"cca": cca, "svcca": svcca, "pwcca": pwcca, "procrustes": procrustes, "angular-shape": angular_shape,
            "rsa": rsa, "linear-regression": linear_regression, "knn-jaccard": knn_jaccard, "mutual-knn": mutual_knn}


def main():
    folder, measure = sys.argv[1], sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    variance = float(sys.argv[4]) if len(sys.argv) > 4 else 0.99
    x = np.load(folder + "/x.npy")
    y = np.load(folder + "/y.npy")
    start = time.perf_counter()
    value = MEASURES[measure](x, y, k=k, variance=variance)
    print(json.dumps({"seconds": time.perf_counter() - start, "value": float(value)}))


if __name__ == "__main__":
    main()
