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

The package is split by family (each module opens with a docstring saying what it owns):
:mod:`~workbench.topics.schemas` (column contracts), :mod:`~workbench.topics.items` (items
and their words), :mod:`~workbench.topics.fits` (TF-IDF, fits, distances, silhouettes,
stability), :mod:`~workbench.topics.clustering` (:func:`cluster`) and
:mod:`~workbench.topics.result` (:class:`TopicResult`, :func:`agreement`). Every name is
importable from ``workbench.topics`` as before; to change :data:`DENSE_MAX_CELLS` for an
experiment, set it on ``workbench.topics.clustering``.
"""

from __future__ import annotations

from .clustering import DENSE_MAX_CELLS, _DIGITS, _cluster, _svd2, cluster
from .fits import (
    _canonical,
    _cosine,
    _cosine_distances,
    _fit,
    _identity,
    _silhouettes,
    _stability,
    _tfidf,
)
from .items import _check_corpus, content_stopwords, item_tokens, plan_items
from .result import TopicResult, agreement
from .schemas import (
    AGREEMENT,
    ASSIGNMENTS,
    BY_DISTRICT,
    COORDS,
    ITEM_TOKENS,
    ITEMS,
    K_SCORES,
    METHODS,
    REPRESENTATIVES,
    STABILITY,
    TERMS,
    TOPICS,
    Method,
)

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
