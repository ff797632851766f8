"""TF-IDF of one bag of terms per group (scikit-learn's ``TfidfTransformer``) as a long frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl
from scipy import sparse

from ..corpus import Corpus
from .counts import _by_list, _counts
from .schemas import TFIDF

# ----------------------------------------------------------------------------- tf-idf


def _long(matrix: sparse.spmatrix, rows: Sequence[str], terms: Sequence[str], value: str) -> pl.DataFrame:
    """The non-zero cells of a sparse group × term matrix as a long frame ``group, term, <value>``."""
    coo = sparse.coo_matrix(matrix)
    return pl.DataFrame(
        {
            "group": np.asarray(rows, dtype=object)[coo.row].tolist(),
            "term": np.asarray(terms, dtype=object)[coo.col].tolist(),
            value: coo.data.astype(float),
        },
        schema={"group": pl.String(), "term": pl.String(), value: pl.Float64()},
    )


def _tfidf_matrix(
    counts: pl.DataFrame,
    groups: list[str],
    *,
    smooth_idf: bool,
    sublinear_tf: bool,
    norm: Literal["l2", "l1"] | None,
):
    """TF-IDF of one "document" per group: scikit-learn's ``TfidfTransformer`` on the group × term counts.

    The same matrix as ``TfidfVectorizer`` fitted on one bag of terms per group
    (its vocabulary is the sorted terms, its counts these counts), built from
    the counts directly instead of from bags of repeated terms.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    terms = counts["term"].unique().sort()
    row_of = pl.DataFrame({"group": groups, "_row": np.arange(len(groups))}, schema={"group": pl.String(), "_row": pl.Int64()})
    col_of = pl.DataFrame({"term": terms, "_col": np.arange(terms.len())}, schema={"term": pl.String(), "_col": pl.Int64()})
    # Within a row, cells are stored in the order TfidfVectorizer stores them (the order in which
    # its vocabulary first met each term: by the first group using it, then by term), so that
    # the l2 norms are summed in the same order and the weights are equal to the last bit.
    cells = (
        counts.select("group", "term", "count")
        .join(row_of, on="group")
        .join(col_of, on="term")
        .with_columns(pl.col("_row").min().over("term").alias("_first"))
        .sort("_row", "_first", "term")
    )
    indptr = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(np.bincount(cells["_row"].to_numpy(), minlength=len(groups)), out=indptr[1:])
    matrix = sparse.csr_matrix(
        (cells["count"].to_numpy().astype(np.float64), cells["_col"].to_numpy(), indptr),
        shape=(len(groups), terms.len()),
    )
    transformer = TfidfTransformer(smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm)
    return transformer.fit_transform(matrix), terms.to_list(), transformer.idf_


def tfidf(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = True,
    drop_place_names: bool = True,
    min_count: int = 1,
    smooth_idf: bool = True,
    sublinear_tf: bool = True,
    norm: Literal["l2", "l1"] | None = "l2",
    top: int | None = None,
) -> pl.DataFrame:
    """TF-IDF of each term in each group, where each group is one "document".

    scikit-learn's ``TfidfVectorizer`` is fitted on one bag of terms per group
    (pre-tokenized: ``analyzer`` is the identity, ``token_pattern=None``).

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
        Column(s) of ``documents`` or ``sections`` to group by.
    stopwords, min_chars, drop_boilerplate, drop_place_names, min_count
        Term filters (see the module notes). ``drop_boilerplate`` defaults to
        True here: with few groups the idf is weak, and formulas every report
        repeats would otherwise top every list. ``drop_place_names`` defaults
        to True: a report's own name would otherwise top its list.
    smooth_idf : bool, default True
        ``idf = ln((1 + n) / (1 + df)) + 1`` (as if one extra group held every
        term once), so no idf is zero; False gives ``ln(n / df) + 1``.
    sublinear_tf : bool, default True
        ``tf = 1 + ln(count)`` instead of ``count``. The default damps a
        term's repetition inside one long report, so a term that only one
        group uses a few times can outrank a term every group uses often.
    norm : {"l2", "l1", None}, default "l2"
        Normalise each group's vector, which removes report length.
    top : int, optional
        Keep only terms with ``rank <= top``.

    Returns
    -------
    polars.DataFrame
        The grouping columns, then ``group`` (str), ``term`` (str), ``count``
        (u32), ``tf`` (f64: the tf weight used), ``idf`` (f64), ``tfidf``
        (f64: ``tf * idf`` normalised), ``rank`` (u32: 1 = highest tfidf
        within the group, ties broken by term). Sorted by the grouping
        columns and rank.

    Raises
    ------
    ValueError
        Unknown ``by`` column; a filter option out of range; ``top`` < 1;
        no terms left.

    See Also
    --------
    similarity : cosine similarity of the same vectors.

    Examples
    --------
    >>> import workbench as wb
    >>> tfidf(wb.load_corpus(), "district", top=1).select("group", "term", "tfidf", "rank").head(3)  # doctest: +SKIP
    shape: (3, 4)
    ┌────────────┬──────────┬──────────┬──────┐
    │ group      ┆ term     ┆ tfidf    ┆ rank │
    │ ---        ┆ ---      ┆ ---      ┆ ---  │
    │ str        ┆ str      ┆ f64      ┆ u32  │
    ╞════════════╪══════════╪══════════╪══════╡
    │ 上城区     ┆ 教育     ┆ 0.108207 ┆ 1    │
    │ 余杭区     ┆ 行政区划 ┆ 0.105599 ┆ 1    │
    │ 宁波高新区 ┆ 管委会   ┆ 0.152922 ┆ 1    │
    └────────────┴──────────┴──────────┴──────┘
    """
    cols = _by_list(by, "tfidf")
    if top is not None and top < 1:
        msg = f"tfidf: top must be >= 1 or None; got {top}"
        raise ValueError(msg)
    counts, totals = _counts(
        corpus,
        cols,
        "tfidf",
        stopwords=stopwords,
        min_chars=min_chars,
        drop_boilerplate=drop_boilerplate,
        drop_place_names=drop_place_names,
        min_count=min_count,
    )
    if counts.is_empty():
        msg = "tfidf: no terms left after filtering; lower min_count or min_chars"
        raise ValueError(msg)
    groups = totals["group"].to_list()
    matrix, terms, idf = _tfidf_matrix(counts, groups, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm)
    idf_frame = pl.DataFrame({"term": terms, "idf": idf.astype(float)}, schema={"term": pl.String(), "idf": pl.Float64()})
    tf_expr = (1 + pl.col("count").cast(pl.Float64).log()) if sublinear_tf else pl.col("count").cast(pl.Float64)
    out = (
        _long(matrix, groups, terms, "tfidf")
        .join(counts, on=["group", "term"], how="left")
        .join(idf_frame, on="term", how="left")
        .with_columns(tf_expr.alias("tf"))
        .sort(["group", "tfidf", "term"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("group").alias("rank"))
    )
    if top is not None:
        out = out.filter(pl.col("rank") <= top)
    out = out.select(*cols, *(pl.col(c).cast(t) for c, t in TFIDF.items()))
    return out.sort(cols + ["rank"], nulls_last=True)
