"""The column contracts of the topics frames (:data:`ITEMS`, :data:`ASSIGNMENTS` …) and the
clustering methods offered (:data:`METHODS`)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from ..schemas import ID, OFFSET

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
