"""Column contracts of the keyword frames and the labels of groups (one dict of column -> dtype each)."""

from __future__ import annotations

import polars as pl

from ..schemas import ID, OFFSET

#: Separator of the values in a multi-column ``group`` label.
GROUP_SEP = " · "
#: Label of a missing grouping value.
MISSING = "(missing)"

#: Columns of :func:`group_sizes` (after the grouping columns).
GROUP_SIZES: dict[str, pl.DataType] = {
    "group": pl.String(),
    "n_documents": pl.UInt32(),
    "n_sections": pl.UInt32(),
    "n_tokens": pl.UInt32(),  # running words: tokens that are not punctuation
    "n_terms": pl.UInt32(),  # tokens left after the term filters
    "n_types": pl.UInt32(),  # distinct terms
}

#: Columns of :func:`term_counts` (after the grouping columns).
TERM_COUNTS: dict[str, pl.DataType] = {
    "group": pl.String(),
    "term": pl.String(),
    "count": pl.UInt32(),
    "n_tokens": pl.UInt32(),
    "per_10k": pl.Float64(),
}

#: Columns of :func:`tfidf` (after the grouping columns).
TFIDF: dict[str, pl.DataType] = {
    "group": pl.String(),
    "term": pl.String(),
    "count": pl.UInt32(),
    "tf": pl.Float64(),
    "idf": pl.Float64(),
    "tfidf": pl.Float64(),
    "rank": pl.UInt32(),
}

#: Columns of :func:`keyness`.
KEYNESS: dict[str, pl.DataType] = {
    "term": pl.String(),
    "n_target": pl.UInt32(),
    "n_reference": pl.UInt32(),
    "statistic": pl.Float64(),
    "p": pl.Float64(),
    "log_ratio": pl.Float64(),
    "significant": pl.Boolean(),  # p <= 0.05 (one test, not corrected for the number of terms)
}

#: Columns of :func:`distinctive_terms` (after the grouping columns).
DISTINCTIVE: dict[str, pl.DataType] = {
    "group": pl.String(),
    "rank": pl.UInt32(),
    **KEYNESS,
}

#: Columns of :func:`similarity` (tidy form).
SIMILARITY: dict[str, pl.DataType] = {
    "group_a": pl.String(),
    "group_b": pl.String(),
    "similarity": pl.Float64(),
}

#: Columns of :func:`kwic`.
KWIC: dict[str, pl.DataType] = {
    "doc_id": ID,
    "section_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "left": pl.String(),
    "match": pl.String(),
    "right": pl.String(),
    "char_start": OFFSET,
    "char_end": OFFSET,
}
