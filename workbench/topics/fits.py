"""The numerical steps of a clustering: TF-IDF vectors (:func:`_tfidf`), one fit of a method
(:func:`_fit`), cosine distances computed once (:func:`_cosine_distances`), silhouettes of
several assignments in one pass (:func:`_silhouettes`), canonical topic numbers
(:func:`_canonical`) and the stability refits (:func:`_stability`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from .schemas import STABILITY


def _identity(tokens):
    return list(tokens)


def _tfidf(token_lists: list[list[str]], min_df: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=_identity, min_df=min_df, norm="l2", sublinear_tf=True)
    X = vec.fit_transform(token_lists)
    return X, np.asarray(vec.get_feature_names_out(), dtype=object)


def _fit(X, method: str, k: int, seed: int, D: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Cluster labels (0..k-1) and, for NMF, the components matrix H.

    ``D`` (agglomerative only) is the square matrix of the cosine distances between
    the rows of ``X``, as :func:`_cosine_distances` gives it; without it they are computed here.
    """
    if method == "kmeans":
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X), None
    if method == "agglomerative":
        from sklearn.cluster import AgglomerativeClustering

        model = AgglomerativeClustering(n_clusters=k, metric="precomputed", linkage="average")
        return model.fit_predict(_cosine_distances(X) if D is None else D), None
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=2000, tol=1e-6)
    W = model.fit_transform(X)
    return np.argmax(W, axis=1), model.components_


def _cosine_distances(X) -> np.ndarray:
    """Square matrix of the cosine distances between the rows of ``X``, for average linkage.

    The distances the linkage was always given: scipy's ``pdist(X, "cosine")`` for a
    dense ``X`` (what ``AgglomerativeClustering(metric="cosine")`` computes), scikit-learn's
    ``pairwise_distances(X, metric="cosine")`` for a sparse one. Each distance depends only
    on its two rows, so the rows and columns ``idx`` of the matrix are the matrix of
    ``X[idx]`` to the last bit: one matrix serves every k and every subsample.
    """
    from scipy import sparse

    if sparse.issparse(X):
        from sklearn.metrics import pairwise_distances

        return pairwise_distances(X, metric="cosine")
    from scipy.spatial.distance import pdist, squareform

    return squareform(pdist(np.asarray(X, dtype=np.float64), "cosine"))


def _silhouettes(X, label_sets: Sequence[np.ndarray]) -> list[float | None]:
    """Mean cosine silhouette of each assignment of the rows of ``X``; None for fewer than 2 (or n) clusters.

    The same numbers, to the last bit, as ``sklearn.metrics.silhouette_score(X, labels,
    metric="cosine")`` for each assignment (a test checks it), with the distances computed
    once for all of them instead of once each: the same chunks of
    ``pairwise_distances_chunked``, reduced for every assignment as ``silhouette_samples`` does.
    """
    from sklearn.metrics import pairwise_distances_chunked
    from sklearn.preprocessing import LabelEncoder
    from sklearn.utils import check_array

    n = X.shape[0]
    scored = []  # (position, encoded labels, cluster sizes)
    for pos, labels in enumerate(label_sets):
        n_labels = len(set(labels.tolist()))
        if 2 <= n_labels < n:
            encoded = LabelEncoder().fit_transform(labels)
            scored.append((pos, encoded, np.bincount(encoded)))
    out: list[float | None] = [None] * len(label_sets)
    if not scored:
        return out
    X = check_array(X, accept_sparse=["csr"])  # as silhouette_samples checks it
    intra: list[list[np.ndarray]] = [[] for _ in scored]
    inter: list[list[np.ndarray]] = [[] for _ in scored]
    start = 0
    for D_chunk in pairwise_distances_chunked(X, metric="cosine"):
        rows = D_chunk.shape[0]
        for j, (_, labels, freqs) in enumerate(scored):
            cluster_distances = np.zeros((rows, len(freqs)), dtype=D_chunk.dtype)
            for i in range(rows):
                cluster_distances[i] += np.bincount(labels, weights=D_chunk[i], minlength=len(freqs))
            own = (np.arange(rows), labels[start : start + rows])
            intra[j].append(cluster_distances[own])
            cluster_distances[own] = np.inf
            cluster_distances /= freqs
            inter[j].append(cluster_distances.min(axis=1))
        start += rows
    for j, (pos, labels, freqs) in enumerate(scored):
        a = np.concatenate(intra[j])
        b = np.concatenate(inter[j])
        denom = (freqs - 1).take(labels, mode="clip")
        with np.errstate(divide="ignore", invalid="ignore"):
            a /= denom
        s = b - a
        with np.errstate(divide="ignore", invalid="ignore"):
            s /= np.maximum(a, b)
        out[pos] = float(np.mean(np.nan_to_num(s)))  # nan: a cluster of one item, silhouette 0
    return out


def _canonical(labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Renumber clusters 0..k-1 by size (desc) then by first item index, so topic numbers never permute."""
    first = {}
    for i, lab in enumerate(labels.tolist()):
        first.setdefault(lab, i)
    sizes = np.bincount(labels, minlength=k)
    order = sorted(range(k), key=lambda c: (-sizes[c], first.get(c, len(labels)), c))
    remap = np.empty(k, dtype=int)
    for new, old in enumerate(order):
        remap[old] = new
    return remap[labels], np.asarray(order)


def _stability(
    X, method: str, k: int, seed: int, labels: np.ndarray, n_runs: int, D: np.ndarray | None = None
) -> tuple[pl.DataFrame, list[float | None]]:
    """ARI summary frame, and each topic's mean best-match Jaccard over the subsample refits.

    ``D`` (agglomerative) is :func:`_cosine_distances` of ``X``, computed here when not given.
    """
    from sklearn.metrics import adjusted_rand_score

    rows = []
    n = X.shape[0]
    if method == "agglomerative" and n_runs > 0 and D is None:
        D = _cosine_distances(X)
    if method == "kmeans" and n_runs > 0:
        aris = [adjusted_rand_score(labels, _fit(X, method, k, seed + r)[0]) for r in range(1, n_runs + 1)]
        rows.append(("seeds", aris))
    rng = np.random.default_rng(seed)
    m = max(k + 1, int(round(0.8 * n)))
    aris = []
    jaccards: list[list[float]] = [[] for _ in range(k)]
    if n_runs > 0 and m < n:
        for _ in range(n_runs):
            idx = np.sort(rng.choice(n, size=m, replace=False))
            sub, _ = _fit(X[idx], method, k, seed, None if D is None else D[np.ix_(idx, idx)])
            ref = labels[idx]
            aris.append(adjusted_rand_score(ref, sub))
            for t in range(k):
                a = ref == t
                if a.any():
                    jaccards[t].append(max(float((a & (sub == c)).sum() / (a | (sub == c)).sum()) for c in set(sub.tolist())))
        rows.append(("subsamples", aris))
    frame = pl.DataFrame(
        {
            "check": [r[0] for r in rows],
            "n_runs": [len(r[1]) for r in rows],
            "mean_ari": [float(np.mean(r[1])) for r in rows],
            "min_ari": [float(np.min(r[1])) for r in rows],
            "max_ari": [float(np.max(r[1])) for r in rows],
        },
        schema=STABILITY,
    )
    return frame, [float(np.mean(j)) if j else None for j in jaccards]


def _cosine(X, centroids: np.ndarray) -> np.ndarray:
    from sklearn.metrics.pairwise import cosine_similarity

    return cosine_similarity(X, centroids)
