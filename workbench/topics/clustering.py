"""Items to topics: :func:`cluster` (vectorize, choose k by silhouette, fit, measure stability)
and the frames of its :class:`~workbench.topics.result.TopicResult` (terms, topics,
representatives, the district grid, the 2-D map); the dense-or-sparse threshold
:data:`DENSE_MAX_CELLS` lives here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl

from .. import schemas
from .fits import _canonical, _cosine, _cosine_distances, _fit, _silhouettes, _stability, _tfidf
from .result import TopicResult
from .schemas import ASSIGNMENTS, BY_DISTRICT, COORDS, K_SCORES, METHODS, REPRESENTATIVES, TERMS, TOPICS, Method


_DIGITS = 9  # decimals kept of similarities and term weights (float noise is ~1e-15)

#: Largest items × terms TF-IDF matrix fitted as a dense array. Below it dense k-means is the faster
#: (the seeds' 20 plan items × 322 terms: 0.19 s against 0.28 s a fit); above it sparse is (1,177 real
#: plan items × 16,359 terms: 2.9 s against 22 s a fit), and a dense copy of a large corpus's matrix
#: would not fit in memory. Either way the same corpus always takes the same path.
DENSE_MAX_CELLS = 2_000_000


def cluster(
    items: pl.DataFrame,
    *,
    method: Method = "kmeans",
    k: int | None = None,
    k_range: Iterable[int] = range(2, 9),
    seed: int = 0,
    min_df: int = 1,
    n_terms: int = 8,
    n_representatives: int = 3,
    n_stability_runs: int = 20,
) -> TopicResult:
    """Cluster items into topics with scikit-learn; choose k by silhouette; report stability.

    Items are vectorized with ``TfidfVectorizer`` (sublinear tf, l2 norm) over
    their ``tokens`` column. The methods:

    - ``"kmeans"``: ``KMeans(n_init=10, random_state=seed)`` on the l2-normed
      TF-IDF vectors (close to spherical k-means).
    - ``"agglomerative"``: average-linkage ``AgglomerativeClustering`` with
      cosine distance (no randomness; ``seed`` only drives the subsamples).
    - ``"nmf"``: ``NMF(init="nndsvda", random_state=seed)`` topics; each item
      goes to the topic with the largest weight in its row of W.

    Choosing k (``k=None``): every k in ``k_range`` with 2 <= k <= n-1 is fitted
    and scored by the mean silhouette (cosine distance on the TF-IDF vectors)
    of its item assignment (for NMF the argmax assignment). The k with the
    highest silhouette wins; ties go to the smaller k. A k whose assignment
    has fewer than two non-empty clusters scores null and is never chosen.

    Stability: the adjusted Rand index (ARI, 1 = identical partition, about 0
    = chance) between the result and (a) for k-means, refits with seeds
    ``seed+1 … seed+n_stability_runs``; (b) for every method, refits on
    ``n_stability_runs`` random subsamples of 80 % of the items (drawn with
    ``numpy.random.default_rng(seed)``), compared on the items of the subsample.
    Per topic, ``topics.jaccard`` is the clusterwise stability of Hennig
    (2007), as in R's ``fpc::clusterboot``: the mean, over the subsample
    refits, of the best Jaccard overlap between the topic's items in the
    subsample and any refitted cluster. Hennig's guidance for this mean:
    0.75 or more, a stable topic; 0.6 to 0.75, a pattern whose exact members
    are doubtful; below 0.6, not to be trusted (0.5 is his threshold for
    counting a single refit as "dissolved").

    Topic numbers are canonical: 1 is the largest topic, ties broken by the
    earliest item (items in ``doc_id``, ``char_start`` order), so numbers and
    labels do not permute between runs. The same input and ``seed`` give
    identical frames with the same library versions and BLAS (numpy, scipy,
    scikit-learn, polars; see "Determinism" in ``docs/topics.md`` for the
    versions the notebooks were recorded with); another version may change
    the last bits of a TF-IDF weight and, through a near-tie, the result.

    Parameters
    ----------
    items : polars.DataFrame
        From :func:`plan_items`; needs ``item_id``, ``doc_id``, ``district``,
        ``year``, ``heading``, ``text`` and ``tokens`` (list of str).
    method : {"kmeans", "agglomerative", "nmf"}, default "kmeans"
    k : int, optional
        Number of topics; None chooses it over ``k_range`` by silhouette.
    k_range : iterable of int, default 2..8
        Candidates for k; those outside 2 … n_items-1 are skipped.
    seed : int, default 0
        Random seed (k-means init, NMF, subsamples, SVD map).
    min_df : int, default 1
        Drop terms found in fewer items than this.
    n_terms : int, default 8
        Terms per topic in ``terms`` and ``topics.top_terms``.
    n_representatives : int, default 3
        Items per topic in ``representatives``.
    n_stability_runs : int, default 20
        Re-runs per stability check (0 skips the checks).

    Returns
    -------
    TopicResult
        Frames ``assignments``, ``terms``, ``topics``, ``representatives``,
        ``k_scores``, ``stability``, ``coords``, ``by_district``; columns in
        :data:`ASSIGNMENTS`, :data:`TERMS`, :data:`TOPICS`,
        :data:`REPRESENTATIVES`, :data:`K_SCORES`, :data:`STABILITY`,
        :data:`COORDS`, :data:`BY_DISTRICT`.

        A topic's centroid is the mean TF-IDF vector of its items (k-means,
        agglomerative) or its NMF component (row of H); ``terms.weight`` is the
        centroid's weight of the term, ``similarity`` the cosine of an item's
        TF-IDF vector with the centroid. Representatives are the topic's own
        items with the highest similarity (ties: ``item_id``). The label is
        the three heaviest terms joined by "·".

    Raises
    ------
    ValueError
        Unknown ``method``; ``items`` lacks a column; fewer than 3 items; ``k``
        outside 2 … n_items-1; no usable k in ``k_range``; no terms left to
        vectorize.

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> result = cluster(plan_items(corpus), method="kmeans", seed=0)  # doctest: +SKIP
    >>> result.topics.select("topic", "label", "size").head(3)  # doctest: +SKIP
    shape: (3, 3)
    ┌───────┬──────────────────────────┬──────┐
    │ topic ┆ label                    ┆ size │
    ╞═══════╪══════════════════════════╪══════╡
    │ 1     ┆ 行政争议·化解·行政复议   ┆ 4    │
    │ 2     ┆ 改革·行政执法·执法       ┆ 4    │
    │ 3     ┆ 行政决策·合法性审查·规范 ┆ 3    │
    └───────┴──────────────────────────┴──────┘
    """
    if method not in METHODS:
        msg = f"cluster: method '{method}' is not offered; choose one of {', '.join(METHODS)}"
        raise ValueError(msg)
    needed = ["item_id", "doc_id", "district", "year", "heading", "text", "tokens"]
    missing = [c for c in needed if c not in items.columns]
    if missing:
        msg = f"cluster: items lacks columns {missing}; expected a frame from plan_items(corpus)"
        raise ValueError(msg)
    n = items.height
    if n < 3:
        msg = (
            f"cluster: need at least 3 items to form and compare 2 clusters; found {n}. "
            "Use more reports or another section kind."
        )
        raise ValueError(msg)
    if items["item_id"].n_unique() != n:
        msg = "cluster: item_id values are not unique; expected one row per item as from plan_items(corpus)"
        raise ValueError(msg)
    if k is not None and not 2 <= k <= n - 1:
        msg = f"cluster: k={k} is outside 2 … {n - 1} (the number of items minus one); pass a k in that range or k=None"
        raise ValueError(msg)
    k_range = tuple(int(c) for c in k_range)
    candidates = sorted({c for c in k_range if 2 <= c <= n - 1} | ({k} if k is not None else set()))
    if not candidates:
        msg = f"cluster: no k in k_range {list(k_range)} lies in 2 … {n - 1} for {n} items; widen k_range"
        raise ValueError(msg)

    # Import the estimators first: threadpool_limits only limits libraries already loaded
    # (scikit-learn's OpenMP runtime is loaded with sklearn.cluster).
    import sklearn.cluster  # noqa: F401
    import sklearn.decomposition  # noqa: F401
    import sklearn.metrics  # noqa: F401
    from threadpoolctl import threadpool_limits

    # One BLAS/OpenMP thread: tiny matrices fit faster without thread start-up, and the
    # result does not depend on the machine's core count.
    with threadpool_limits(limits=1):
        return _cluster(
            items,
            method=method,
            k=k,
            k_range=k_range,
            seed=seed,
            min_df=min_df,
            n_terms=n_terms,
            n_representatives=n_representatives,
            n_stability_runs=n_stability_runs,
            candidates=candidates,
        )


def _cluster(
    items: pl.DataFrame,
    *,
    method: str,
    k: int | None,
    k_range: Sequence[int],
    seed: int,
    min_df: int,
    n_terms: int,
    n_representatives: int,
    n_stability_runs: int,
    candidates: list[int],
) -> TopicResult:
    n = items.height
    token_lists = [list(t) for t in items["tokens"].to_list()]
    try:
        X, vocab = _tfidf(token_lists, min_df)
    except ValueError as err:
        msg = f"cluster: no terms left to vectorize ({err}); check the items' tokens or lower min_df"
        raise ValueError(msg) from err
    if X.shape[0] * X.shape[1] <= DENSE_MAX_CELLS:
        X = X.toarray()  # a small matrix: dense fits are faster than sparse k-means++
    if method == "nmf":  # NMF's nndsvda start needs k <= number of terms
        if k is not None and k > X.shape[1]:
            msg = f"cluster: k={k} exceeds the {X.shape[1]} terms left to vectorize, which NMF needs at least; lower k"
            raise ValueError(msg)
        candidates = [c for c in candidates if c <= X.shape[1]]

    D = _cosine_distances(X) if method == "agglomerative" else None  # one matrix for every fit
    fits = {c: _fit(X, method, c, seed, D) for c in candidates}
    silhouettes = _silhouettes(X, [fits[c][0] for c in candidates])
    scores = [(c, s, len(set(fits[c][0].tolist()))) for c, s in zip(candidates, silhouettes)]
    if k is None:
        scored = [(s, c) for c, s, _ in scores if s is not None and c in k_range]
        if not scored:
            msg = f"cluster: no k in {candidates} gave two or more non-empty clusters; give k explicitly"
            raise ValueError(msg)
        best = max(s for s, _ in scored)
        k_used = min(c for s, c in scored if s == best)
        chosen_by = "silhouette"
    else:
        k_used = k
        chosen_by = "given"
    k_scores = pl.DataFrame(
        {
            "k": [c for c, _, _ in scores],
            "silhouette": [s for _, s, _ in scores],
            "n_clusters": [m for _, _, m in scores],
            "chosen": [c == k_used for c, _, _ in scores],
        },
        schema=K_SCORES,
    )

    raw_labels, H = fits[k_used]
    labels, order = _canonical(raw_labels, k_used)
    if H is not None:
        centroids = H[order]
    else:
        centroids = np.vstack(
            [np.asarray(X[labels == t].mean(axis=0)).ravel() if (labels == t).any() else np.zeros(X.shape[1]) for t in range(k_used)]
        )
    # rounded so that exact ties (e.g. the two items of a two-item topic) break by item_id or term
    # on every platform, not by the last bits of floating-point noise
    sims = np.round(_cosine(X, centroids), _DIGITS)
    centroids = np.round(centroids, _DIGITS)  # term weights
    own = sims[np.arange(n), labels]

    # terms and labels
    term_rows = []
    label_of = {}
    for t in range(k_used):
        w = centroids[t]
        idx = sorted((i for i in range(len(vocab)) if w[i] > 0), key=lambda i: (-w[i], vocab[i]))[:n_terms]
        label_of[t + 1] = "·".join(str(vocab[i]) for i in idx[:3]) or f"topic {t + 1}"
        term_rows += [(t + 1, label_of[t + 1], r + 1, str(vocab[i]), float(w[i])) for r, i in enumerate(idx)]
    terms = pl.DataFrame(term_rows, schema=TERMS, orient="row")

    base = items.select("item_id", "doc_id", "district", "year", "heading", "text").with_columns(
        pl.Series("topic", labels + 1, dtype=pl.Int32()),
        pl.Series("similarity", own, dtype=pl.Float64()),
    )
    labels_frame = pl.DataFrame(
        {"topic": list(label_of), "label": list(label_of.values())}, schema={"topic": pl.Int32(), "label": pl.String()}
    )
    stability, jaccard = _stability(X, method, k_used, seed, labels, n_stability_runs, D)
    del D
    base = base.join(labels_frame, on="topic", how="left")
    assignments = schemas.conform(base.sort("topic", "similarity", "item_id", descending=[False, True, False]), ASSIGNMENTS)

    representatives = schemas.conform(
        base.sort("topic", "similarity", "item_id", descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("topic").cast(pl.Int32()).alias("rank"))
        .filter(pl.col("rank") <= n_representatives),
        REPRESENTATIVES,
    )

    sizes = base.group_by("topic").agg(
        pl.len().alias("size"),
        pl.col("district").n_unique().cast(pl.UInt32()).alias("n_districts"),
        pl.col("district").unique().sort().str.join("、").alias("districts"),
    )
    top = terms.group_by("topic").agg(pl.col("term").sort_by("rank").str.join("、").alias("top_terms"))
    topics = (
        labels_frame.with_columns(pl.Series("jaccard", jaccard, dtype=pl.Float64()))
        .join(sizes, on="topic", how="left")
        .join(top, on="topic", how="left")
        .with_columns(
            pl.col("size").fill_null(0).cast(pl.UInt32()),
            pl.col("n_districts").fill_null(0),
            pl.col("districts").fill_null(""),
            pl.col("top_terms").fill_null(""),
        )
        .sort("topic")
    )
    topics = schemas.conform(topics, TOPICS)

    districts = items.select(pl.col("district").unique().sort())
    by_district = (
        labels_frame.join(districts, how="cross")
        .join(base.group_by("topic", "district").agg(pl.len().alias("n_items")), on=["topic", "district"], how="left")
        .with_columns(pl.col("n_items").fill_null(0).cast(pl.UInt32()))
        .sort("topic", "district")
    )
    by_district = schemas.conform(by_district, BY_DISTRICT)

    coords = schemas.conform(
        base.with_columns(_svd2(X, seed)).sort("topic", "item_id"),
        COORDS,
    )
    return TopicResult(
        method=method,
        k=k_used,
        seed=seed,
        k_chosen_by=chosen_by,
        assignments=assignments,
        terms=terms,
        topics=topics,
        representatives=representatives,
        k_scores=k_scores,
        stability=stability,
        coords=coords,
        by_district=by_district,
    )


def _svd2(X, seed: int) -> list[pl.Series]:
    """x, y of each item: TruncatedSVD(2) of the TF-IDF vectors, signs fixed so the largest |value| is positive."""
    from sklearn.decomposition import TruncatedSVD

    if X.shape[1] >= 3:
        Z = TruncatedSVD(n_components=2, algorithm="randomized", n_iter=20, random_state=seed).fit_transform(X)
    else:
        Z = np.zeros((X.shape[0], 2))
        Z[:, : X.shape[1]] = X.toarray() if hasattr(X, "toarray") else X
    for j in range(2):
        col = Z[:, j]
        if col.size and col[np.argmax(np.abs(col))] < 0:
            Z[:, j] = -col
    return [pl.Series("x", Z[:, 0], dtype=pl.Float64()), pl.Series("y", Z[:, 1], dtype=pl.Float64())]
