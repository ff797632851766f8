"""Topic clustering of report sections: which kinds of plans recur across districts and years.

The pipeline is three calls::

    items = plan_items(corpus)            # one row per plan item, with its content tokens
    result = cluster(items)               # scikit-learn clustering, k chosen by silhouette
    result.topics, result.representatives # what the topics are and which items show them

:func:`plan_items` cuts the parts of a report of one ``kind`` (by default the
plans for next year, 主要安排/工作安排) into their items: the direct children
of each level-1 part, whatever their level ((一) subsections, 一是 items or 1.
items). :func:`item_tokens` gives the content tokens of each item from the
corpus token frame. :func:`cluster` vectorizes the items with TF-IDF and
clusters them with k-means, agglomerative clustering or NMF; it chooses k by
the cosine silhouette, measures stability by the adjusted Rand index over
seeds and subsamples, and returns tidy polars frames in a :class:`TopicResult`.

Everything is deterministic for a given ``seed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from . import schemas
from .places import place_tokens
from .schemas import ID, OFFSET
from .segmenter import boilerplate, stopwords

__all__ = [
    "ITEMS",
    "ITEM_TOKENS",
    "ASSIGNMENTS",
    "TERMS",
    "TOPICS",
    "REPRESENTATIVES",
    "K_SCORES",
    "STABILITY",
    "COORDS",
    "BY_DISTRICT",
    "AGREEMENT",
    "METHODS",
    "TopicResult",
    "plan_items",
    "item_tokens",
    "content_stopwords",
    "cluster",
    "agreement",
]

Method = Literal["kmeans", "agglomerative", "nmf"]
#: The clustering methods :func:`cluster` offers.
METHODS: tuple[str, ...] = ("kmeans", "agglomerative", "nmf")

# ----------------------------------------------------------------------------- column contracts

#: Columns of :func:`plan_items`.
ITEMS: dict[str, pl.DataType] = {
    "doc_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "part_id": ID,  # section_id of the level-1 part the item belongs to
    "item_id": ID,  # section_id of the item
    "level": pl.Int8(),  # level of the item (2, 3 or 4; 1 when the part has no children)
    "label": pl.String(),  # marker as printed: (一) 一是 1.
    "heading": pl.String(),
    "text": pl.String(),  # documents.text[char_start:char_end]
    "char_start": OFFSET,
    "char_end": OFFSET,
    "tokens": pl.List(pl.String()),  # content tokens, in text order (see item_tokens)
}

#: Columns of :func:`item_tokens`.
ITEM_TOKENS: dict[str, pl.DataType] = {
    "item_id": ID,
    "position": pl.Int32(),  # tokens.position (index of the token in its document)
    "token": pl.String(),
    "char_start": OFFSET,
    "char_end": OFFSET,
}

#: :attr:`TopicResult.assignments`: one row per item.
ASSIGNMENTS: dict[str, pl.DataType] = {
    "item_id": ID,
    "doc_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "heading": pl.String(),
    "topic": pl.Int32(),  # 1-based; 1 is the largest topic
    "label": pl.String(),  # the topic's label
    "similarity": pl.Float64(),  # cosine of the item's TF-IDF vector with its topic's centroid
}

#: :attr:`TopicResult.terms`: top terms of each topic.
TERMS: dict[str, pl.DataType] = {
    "topic": pl.Int32(),
    "label": pl.String(),
    "rank": pl.Int32(),  # 1 = heaviest term
    "term": pl.String(),
    "weight": pl.Float64(),  # centroid TF-IDF weight (kmeans, agglomerative) or NMF component weight
}

#: :attr:`TopicResult.topics`: one row per topic.
TOPICS: dict[str, pl.DataType] = {
    "topic": pl.Int32(),
    "label": pl.String(),  # the three heaviest terms joined by "·"
    "size": pl.UInt32(),  # number of items assigned
    "jaccard": pl.Float64(),  # mean best-match Jaccard over the subsample refits (null if not run)
    "n_districts": pl.UInt32(),  # number of districts among those items
    "districts": pl.String(),  # those districts, sorted, joined by "、"
    "top_terms": pl.String(),  # the n_terms heaviest terms joined by "、"
}

#: :attr:`TopicResult.representatives`: the items closest to each topic's centroid.
REPRESENTATIVES: dict[str, pl.DataType] = {
    "topic": pl.Int32(),
    "label": pl.String(),
    "rank": pl.Int32(),  # 1 = closest to the centroid
    "item_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "heading": pl.String(),
    "similarity": pl.Float64(),  # cosine with the topic's centroid
    "text": pl.String(),  # the item's source text
}

#: :attr:`TopicResult.k_scores`: the k-selection table.
K_SCORES: dict[str, pl.DataType] = {
    "k": pl.Int32(),
    "silhouette": pl.Float64(),  # mean cosine silhouette; null if fewer than 2 clusters are non-empty
    "n_clusters": pl.Int32(),  # non-empty clusters in the assignment
    "chosen": pl.Boolean(),  # the k used for the result
}

#: :attr:`TopicResult.stability`: adjusted Rand index of re-runs against the result.
STABILITY: dict[str, pl.DataType] = {
    "check": pl.String(),  # "seeds" (refit with other seeds) | "subsamples" (refit on 80 % of the items)
    "n_runs": pl.Int32(),
    "mean_ari": pl.Float64(),
    "min_ari": pl.Float64(),
    "max_ari": pl.Float64(),
}

#: :attr:`TopicResult.coords`: a 2-D map of the items (TruncatedSVD of the TF-IDF vectors).
COORDS: dict[str, pl.DataType] = {
    "item_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "heading": pl.String(),
    "topic": pl.Int32(),
    "label": pl.String(),
    "x": pl.Float64(),
    "y": pl.Float64(),
}

#: :attr:`TopicResult.by_district`: items per topic and district (full grid, zeros included).
BY_DISTRICT: dict[str, pl.DataType] = {
    "topic": pl.Int32(),
    "label": pl.String(),
    "district": pl.String(),
    "n_items": pl.UInt32(),
}


#: :func:`agreement`: adjusted Rand index between the partitions of two results.
AGREEMENT: dict[str, pl.DataType] = {
    "method_a": pl.String(),
    "k_a": pl.Int32(),
    "method_b": pl.String(),
    "k_b": pl.Int32(),
    "ari": pl.Float64(),  # 1 = same partition, about 0 = chance agreement
}


# ----------------------------------------------------------------------------- items


def _check_corpus(func: str, corpus) -> None:
    for name in ("documents", "sections", "tokens"):
        if not isinstance(getattr(corpus, name, None), pl.DataFrame):
            msg = (
                f"{func}: expected a workbench Corpus (from wb.load_corpus) with a '{name}' frame; "
                f"found {type(corpus).__name__}"
            )
            raise TypeError(msg)


def content_stopwords() -> frozenset[str]:
    """Words dropped before vectorizing: function words plus the genre's boilerplate.

    The union of :func:`workbench.segmenter.stopwords` (的, 和, 等 …) and
    :func:`workbench.segmenter.boilerplate` (推进, 加强, 深化 …), read from
    ``data/dict/`` on each call.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> words = content_stopwords()
    >>> isinstance(words, frozenset)
    True
    """
    return stopwords() | boilerplate()


def item_tokens(
    corpus,
    items: pl.DataFrame,
    *,
    stop_words: Iterable[str] | None = None,
    min_chars: int = 2,
    drop_label: bool = True,
    drop_places: bool = True,
) -> pl.DataFrame:
    """Content tokens of each item, from the corpus token frame.

    A token belongs to an item when it lies inside the item's character range
    (``char_start <= token.char_start`` and ``token.char_end <= char_end``)
    in the same document, so the tokens of the item's sub-sections count too.
    Dropped: punctuation, numbers, tokens flagged ``is_stopword``, tokens in
    ``stop_words``, tokens shorter than ``min_chars`` characters, the item's
    own marker (``label``) and, with ``drop_places``, tokens inside a mention
    of one of the corpus's place names (:func:`workbench.places.place_tokens`,
    the same rule as ``drop_place_names`` in :mod:`workbench.keywords`: 椒江 in
    椒江区, 杭州 in 杭州市, but not 城区 in 主城区), which would otherwise tie a
    district's items together.

    Parameters
    ----------
    corpus : Corpus
        From :func:`workbench.load_corpus`.
    items : polars.DataFrame
        With columns ``doc_id``, ``district``, ``item_id``, ``label``,
        ``char_start``, ``char_end`` (as from :func:`plan_items`).
    stop_words : iterable of str, optional
        Words to drop; default :func:`content_stopwords` (function words and
        the genre's boilerplate).
    min_chars : int, default 2
        Shortest token kept. Single characters (法, 案, 率 …) rarely name a
        kind of plan.
    drop_label : bool, default True
        Drop the tokens of the item's marker, e.g. 一是.
    drop_places : bool, default True
        Drop tokens inside mentions of the corpus's place names (see above).

    Returns
    -------
    polars.DataFrame
        Columns (:data:`ITEM_TOKENS`): ``item_id``, ``position``, ``token``,
        ``char_start``, ``char_end``; sorted by item order then position.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus.
    ValueError
        ``items`` lacks a needed column.

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> items = plan_items(corpus)  # doctest: +SKIP
    >>> item_tokens(corpus, items).head(3)  # doctest: +SKIP
    shape: (3, 5)
    ┌──────────────────────────┬──────────┬────────────────┬────────────┬──────────┐
    │ item_id                  ┆ position ┆ token          ┆ char_start ┆ char_end │
    ╞══════════════════════════╪══════════╪════════════════╪════════════╪══════════╡
    │ 000_270b53498ad70ad4/4.1 ┆ 1434     ┆ 全面落实       ┆ 2969       ┆ 2973     │
    │ 000_270b53498ad70ad4/4.1 ┆ 1436     ┆ 责任           ┆ 2979       ┆ 2981     │
    │ 000_270b53498ad70ad4/4.1 ┆ 1439     ┆ 习近平法治思想 ┆ 2984       ┆ 2991     │
    └──────────────────────────┴──────────┴────────────────┴────────────┴──────────┘
    """
    _check_corpus("item_tokens", corpus)
    needed = ["doc_id", "district", "item_id", "label", "char_start", "char_end"]
    missing = [c for c in needed if c not in items.columns]
    if missing:
        msg = f"item_tokens: items lacks columns {missing}; expected a frame from plan_items(corpus)"
        raise ValueError(msg)
    if min_chars < 1:
        msg = f"item_tokens: min_chars must be at least 1; found {min_chars}"
        raise ValueError(msg)
    stop = sorted(content_stopwords() if stop_words is None else set(stop_words))
    spans = items.select(
        "doc_id",
        "item_id",
        pl.col("district").fill_null(""),
        pl.col("char_start").alias("item_start"),
        pl.col("char_end").alias("item_end"),
        (pl.col("char_start") + pl.col("label").fill_null("").str.len_chars()).alias("label_end"),
        pl.int_range(pl.len()).alias("item_order"),
    )
    toks = corpus.tokens.filter(~pl.col("is_punct"), ~pl.col("is_number"), ~pl.col("is_stopword"))
    keep = (pl.col("char_start") >= pl.col("item_start")) & (pl.col("char_end") <= pl.col("item_end"))
    keep &= ~pl.col("token").is_in(stop) & (pl.col("token").str.len_chars() >= min_chars)
    if drop_label:
        keep &= pl.col("char_start") >= pl.col("label_end")
    if drop_places:
        toks = toks.join(place_tokens(corpus), on=["doc_id", "position"], how="anti")
    out = (
        spans.join(toks, on="doc_id", how="inner")
        .filter(keep)
        .sort("item_order", "position")
    )
    return schemas.conform(out, ITEM_TOKENS)


def plan_items(
    corpus,
    kind: str = "plans",
    *,
    stop_words: Iterable[str] | None = None,
    min_chars: int = 2,
    drop_label: bool = True,
    drop_places: bool = True,
) -> pl.DataFrame:
    """One row per item of the report parts of one kind (by default the plans for next year).

    An item is a direct child of a level-1 section of kind ``kind``: the (一)
    subsections, the 一是/二是 items or the 1./2. items, whichever level the
    report uses right under that part. A part with no children is one item
    (the whole part, ``level`` 1). ``item_id`` is the item's ``section_id``.
    The ``tokens`` column holds the item's content tokens (see
    :func:`item_tokens`; the keyword options are passed on to it), which
    :func:`cluster` vectorizes.

    Parameters
    ----------
    corpus : Corpus
        From :func:`workbench.load_corpus`.
    kind : {"plans", "achievements", "shortcomings", "duties", "other"}, default "plans"
        Section kind whose parts are cut into items.
    stop_words, min_chars, drop_label, drop_places
        Token filtering, see :func:`item_tokens`.

    Returns
    -------
    polars.DataFrame
        Columns (:data:`ITEMS`): ``doc_id``, ``district``, ``year``,
        ``part_id``, ``item_id``, ``level``, ``label``, ``heading``, ``text``,
        ``char_start``, ``char_end`` (offsets into ``documents.text``),
        ``tokens`` (list of str). Sorted by ``doc_id`` then ``char_start``.
        Empty (with these columns) when no part of that kind exists.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus.
    ValueError
        ``kind`` is not a section kind.

    Examples
    --------
    >>> import workbench as wb
    >>> corpus = wb.load_corpus()  # doctest: +SKIP
    >>> plan_items(corpus).group_by("district").len().sort("district").head(3)  # doctest: +SKIP
    shape: (3, 2)
    ┌────────────┬─────┐
    │ district   ┆ len │
    ╞════════════╪═════╡
    │ 上城区     ┆ 3   │
    │ 余杭区     ┆ 4   │
    │ 宁波高新区 ┆ 3   │
    └────────────┴─────┘
    """
    _check_corpus("plan_items", corpus)
    if kind not in schemas.KINDS:
        msg = f"plan_items: kind '{kind}' is not a section kind; known: {', '.join(schemas.KINDS)}"
        raise ValueError(msg)
    secs = corpus.sections
    parts = secs.filter((pl.col("level") == 1) & (pl.col("kind") == kind)).select("section_id")
    children = secs.join(parts.rename({"section_id": "parent_id"}), on="parent_id", how="inner").with_columns(
        pl.col("parent_id").alias("part_id")
    )
    childless = (
        secs.join(parts, on="section_id", how="inner")
        .join(children.select(pl.col("part_id").alias("section_id")).unique(), on="section_id", how="anti")
        .with_columns(pl.col("section_id").alias("part_id"))
    )
    items = (
        pl.concat([children.select(childless.columns), childless])
        .rename({"section_id": "item_id"})
        .join(corpus.documents.select("doc_id", "district", "year"), on="doc_id", how="left")
        .sort("doc_id", "char_start", "item_id")
        .with_columns(pl.lit([], dtype=pl.List(pl.String())).alias("tokens"))
    )
    items = schemas.conform(items, ITEMS)
    if items.height == 0:
        return items
    toks = item_tokens(
        corpus, items, stop_words=stop_words, min_chars=min_chars, drop_label=drop_label, drop_places=drop_places
    )
    lists = toks.group_by("item_id", maintain_order=True).agg(pl.col("token").alias("tokens"))
    items = items.drop("tokens").join(lists, on="item_id", how="left").with_columns(
        pl.col("tokens").fill_null(pl.lit([], dtype=pl.List(pl.String())))
    )
    return schemas.conform(items.sort("doc_id", "char_start", "item_id"), ITEMS)


# ----------------------------------------------------------------------------- clustering


@dataclass(frozen=True)
class TopicResult:
    """The result of :func:`cluster`: tidy polars frames plus the settings that made them.

    Attributes
    ----------
    method : str
        "kmeans", "agglomerative" or "nmf".
    k : int
        Number of topics used (chosen or given).
    seed : int
        Random seed of the fit.
    k_chosen_by : str
        "silhouette" when k was chosen over ``k_range``, "given" otherwise.
    assignments : polars.DataFrame
        One row per item, columns :data:`ASSIGNMENTS`.
    terms : polars.DataFrame
        Top terms per topic, columns :data:`TERMS`.
    topics : polars.DataFrame
        One row per topic, columns :data:`TOPICS`.
    representatives : polars.DataFrame
        Items closest to each topic's centroid, columns :data:`REPRESENTATIVES`.
    k_scores : polars.DataFrame
        Silhouette for each k tried, columns :data:`K_SCORES`.
    stability : polars.DataFrame
        Adjusted Rand index of re-runs, columns :data:`STABILITY`.
    coords : polars.DataFrame
        2-D item map, columns :data:`COORDS`.
    by_district : polars.DataFrame
        Items per topic and district, columns :data:`BY_DISTRICT`.
    """

    method: str
    k: int
    seed: int
    k_chosen_by: str
    assignments: pl.DataFrame
    terms: pl.DataFrame
    topics: pl.DataFrame
    representatives: pl.DataFrame
    k_scores: pl.DataFrame
    stability: pl.DataFrame
    coords: pl.DataFrame
    by_district: pl.DataFrame


_DIGITS = 9  # decimals kept of similarities and term weights (float noise is ~1e-15)

#: Largest items × terms TF-IDF matrix fitted as a dense array. Below it dense k-means is the faster
#: (the seeds' 20 plan items × 322 terms: 0.19 s against 0.28 s a fit); above it sparse is (1,177 real
#: plan items × 16,359 terms: 2.9 s against 22 s a fit), and a dense copy of a large corpus's matrix
#: would not fit in memory. Either way the same corpus always takes the same path.
DENSE_MAX_CELLS = 2_000_000


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


def _silhouette(X, labels: np.ndarray) -> float | None:
    """Mean cosine silhouette of one assignment (see :func:`_silhouettes`)."""
    return _silhouettes(X, [labels])[0]


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


def agreement(results: Sequence[TopicResult]) -> pl.DataFrame:
    """Adjusted Rand index between the item partitions of each pair of results.

    Use it to see whether two methods (or two k) group the same items
    together: topic numbers need not match, only the grouping counts.

    Parameters
    ----------
    results : sequence of TopicResult
        Two or more results of :func:`cluster` on the same items.

    Returns
    -------
    polars.DataFrame
        One row per pair (in the given order, a before b), columns
        (:data:`AGREEMENT`): ``method_a``, ``k_a``, ``method_b``, ``k_b``, ``ari``.

    Raises
    ------
    ValueError
        Fewer than two results, or results over different items.

    Examples
    --------
    >>> runs = [cluster(items, method=m) for m in ("kmeans", "nmf")]  # doctest: +SKIP
    >>> agreement(runs)  # doctest: +SKIP
    shape: (1, 5)
    ┌──────────┬─────┬──────────┬─────┬──────────┐
    │ method_a ┆ k_a ┆ method_b ┆ k_b ┆ ari      │
    ╞══════════╪═════╪══════════╪═════╪══════════╡
    │ kmeans   ┆ 8   ┆ nmf      ┆ 8   ┆ 0.491018 │
    └──────────┴─────┴──────────┴─────┴──────────┘
    """
    from sklearn.metrics import adjusted_rand_score

    results = list(results)
    if len(results) < 2:
        msg = f"agreement: expected two or more TopicResult objects; found {len(results)}"
        raise ValueError(msg)
    frames = [r.assignments.select("item_id", "topic").sort("item_id") for r in results]
    ids = frames[0]["item_id"].to_list()
    for r, f in zip(results[1:], frames[1:]):
        if f["item_id"].to_list() != ids:
            msg = f"agreement: the {r.method} result (k={r.k}) covers other items than the first; cluster the same items"
            raise ValueError(msg)
    rows = []
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            ari = adjusted_rand_score(frames[i]["topic"].to_numpy(), frames[j]["topic"].to_numpy())
            rows.append((results[i].method, results[i].k, results[j].method, results[j].k, float(ari)))
    return pl.DataFrame(rows, schema=AGREEMENT, orient="row")
