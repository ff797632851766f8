"""Keyword comparison across groups of the corpus: counts, TF-IDF, keyness, similarity, KWIC.

Every helper takes a :class:`~workbench.corpus.Corpus` and a grouping ``by``:
one column, or a list of columns, of ``documents`` (``district``, ``year``,
``doc_id``, ``city`` …) or of ``sections`` (``kind``, ``level``,
``section_id`` …). Tokens are joined to their document on ``doc_id`` and to
their section on ``section_id`` (never by row order). Each output keeps the
grouping columns under their own names *and* a readable ``group`` string: the
values joined with ``" · "`` (e.g. ``"拱墅区 · 2024"``); a missing value reads
``"(missing)"``.

Terms
-----
A *term* is a jieba token of the corpus that survives these filters:

* punctuation and numbers are always dropped (``tokens.is_punct``,
  ``tokens.is_number``);
* ``stopwords=True`` drops function words (``tokens.is_stopword`` or a word of
  :func:`workbench.segmenter.stopwords`);
* ``min_chars=2`` drops single characters (in this genre they are mostly
  fragments: 等, 年, 区, 化 …);
* ``drop_boilerplate`` drops the genre's formulaic words
  (:func:`workbench.segmenter.boilerplate`: 推进, 加强, 深化 …). Default
  ``False`` for counts and keyness (a district that leans on a formula more
  than the others is itself a finding, and keyness already measures use
  *relative* to the reference); ``True`` for TF-IDF and similarity (with only
  a handful of groups the idf is weak, at most ln((1+n)/2)+1, so formulas
  that every report repeats would crowd the top of each list and make every
  pair of reports look alike);
* ``drop_place_names`` drops tokens that lie inside a mention of one of the
  corpus's own place names (:func:`place_names`: 拱墅区, 拱墅, 杭州市,
  高新区 …; a token such as 法治浙江 that extends beyond the mention is
  kept). Default ``False`` for counts, ``True`` for TF-IDF, similarity and
  keyness: every report names itself, so its own name is trivially its most
  distinctive term and says nothing about what it reports;
* ``min_count`` drops terms whose frequency over the whole corpus is lower.

Totals (the denominators of relative frequencies, keyness and log ratio) are
the group's *running words*: all tokens that are not punctuation, before the
filters above (WordSmith's convention). They do not change when a filter
option changes.

See ``docs/keywords.md`` for the user guide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl
from scipy import sparse
from scipy import stats as _stats
from scipy.special import xlogy

from . import segmenter
from .corpus import Corpus
from .places import place_names, place_tokens

__all__ = [
    "GROUP_SIZES",
    "KEYNESS",
    "KWIC",
    "SIMILARITY",
    "distinctive_terms",
    "group_sizes",
    "keyness",
    "keyness_table",
    "kwic",
    "nearest_groups",
    "place_names",
    "similarity",
    "term_counts",
    "tfidf",
    "top_term",
    "top_terms_table",
]

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
    "doc_id": pl.String(),
    "section_id": pl.String(),
    "district": pl.String(),
    "year": pl.Int32(),
    "left": pl.String(),
    "match": pl.String(),
    "right": pl.String(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
}

_SECTION_ONLY_SKIP = {"text"}


# ----------------------------------------------------------------------------- grouping


def _by_list(by: str | Sequence[str], func: str) -> list[str]:
    cols = [by] if isinstance(by, str) else list(by)
    if not cols or not all(isinstance(c, str) for c in cols):
        msg = f"{func}: by must be a column name or a non-empty list of column names; got {by!r}"
        raise ValueError(msg)
    if len(set(cols)) != len(cols):
        msg = f"{func}: by names a column twice: {cols}; give each column once"
        raise ValueError(msg)
    return cols


def _groupable(corpus: Corpus) -> tuple[list[str], list[str]]:
    """Columns of documents and of sections (not in documents) that ``by`` may name."""
    doc_cols = [c for c in corpus.documents.columns if c != "text"]
    sec_cols = [c for c in corpus.sections.columns if c not in doc_cols and c not in _SECTION_ONLY_SKIP]
    return doc_cols, sec_cols


def _label_expr(cols: list[str]) -> pl.Expr:
    parts = [pl.col(c).cast(pl.String).fill_null(MISSING) for c in cols]
    return pl.concat_str(parts, separator=GROUP_SEP).alias("group")


def _grouped_tokens(corpus: Corpus, cols: list[str], func: str) -> pl.DataFrame:
    """Tokens with the grouping columns, ``group`` and ``is_place`` attached, joined on keys."""
    doc_cols, sec_cols = _groupable(corpus)
    unknown = [c for c in cols if c not in doc_cols and c not in sec_cols]
    if unknown:
        msg = (
            f"{func}: by column {unknown[0]!r} is not a column of documents or sections; "
            f"known: {', '.join(doc_cols + sec_cols)}"
        )
        raise ValueError(msg)
    if "group" in cols:
        msg = f"{func}: by may not name a column called 'group' (the output uses that name)"
        raise ValueError(msg)
    toks = corpus.tokens.select("doc_id", "section_id", "position", "token", "is_stopword", "is_punct", "is_number")
    places = place_tokens(corpus).with_columns(pl.lit(True).alias("is_place"))
    toks = toks.join(places, on=["doc_id", "position"], how="left").with_columns(pl.col("is_place").fill_null(False))
    from_docs = [c for c in cols if c in doc_cols and c != "doc_id"]
    from_secs = [c for c in cols if c in sec_cols and c != "section_id"]
    if from_docs:
        toks = toks.join(corpus.documents.select("doc_id", *from_docs), on="doc_id", how="left")
    if from_secs:
        toks = toks.join(corpus.sections.select("section_id", *from_secs), on="section_id", how="left")
    return toks.with_columns(_label_expr(cols))


def _term_filter(
    *, stopwords: bool, min_chars: int, drop_boilerplate: bool, drop_place_names: bool
) -> pl.Expr:
    keep = pl.col("token").str.len_chars() >= min_chars
    if drop_place_names:
        keep = keep & ~pl.col("is_place")
    if stopwords:
        extra = sorted(segmenter.stopwords())
        keep = keep & ~pl.col("is_stopword") & ~pl.col("token").is_in(extra)
    if drop_boilerplate:
        keep = keep & ~pl.col("token").is_in(sorted(segmenter.boilerplate()))
    return keep


def _check_options(func: str, min_chars: int, min_count: int) -> None:
    if min_chars < 1:
        msg = f"{func}: min_chars must be >= 1; got {min_chars}"
        raise ValueError(msg)
    if min_count < 1:
        msg = f"{func}: min_count must be >= 1; got {min_count}"
        raise ValueError(msg)


def _counts(
    corpus: Corpus,
    cols: list[str],
    func: str,
    *,
    stopwords: bool,
    min_chars: int,
    drop_boilerplate: bool,
    drop_place_names: bool,
    min_count: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(counts, totals): counts per group and term; running-word totals per group.

    ``counts`` has the grouping columns, ``group``, ``term``, ``count``;
    ``totals`` the grouping columns, ``group``, ``n_tokens``; both sorted.
    """
    _check_options(func, min_chars, min_count)
    toks = _grouped_tokens(corpus, cols, func)
    words = toks.filter(~pl.col("is_punct"))
    totals = (
        words.group_by(cols + ["group"]).agg(pl.len().cast(pl.UInt32).alias("n_tokens")).sort(cols, nulls_last=True)
    )
    kept = words.filter(~pl.col("is_number") & _term_filter(
        stopwords=stopwords, min_chars=min_chars, drop_boilerplate=drop_boilerplate, drop_place_names=drop_place_names
    ))
    counts = kept.group_by(cols + ["group", "token"]).agg(pl.len().cast(pl.UInt32).alias("count"))
    counts = counts.rename({"token": "term"})
    if min_count > 1:
        freq = counts.group_by("term").agg(pl.col("count").sum().alias("_total"))
        counts = counts.join(freq, on="term").filter(pl.col("_total") >= min_count).drop("_total")
    return counts.sort(cols + ["term"], nulls_last=True), totals


def _resolve_group(value: object, labels: Sequence[str], by: list[str], func: str, role: str) -> str:
    """The ``group`` label that ``value`` (a label, a value, or a tuple of values) names."""
    if isinstance(value, (tuple, list)):
        label = GROUP_SEP.join(MISSING if v is None else str(v) for v in value)
    else:
        label = MISSING if value is None else str(value)
    if label not in labels:
        what = f"column {by[0]!r}" if len(by) == 1 else f"columns {by}"
        msg = f"{func}: {role} {value!r} is not a value of {what}; known: {', '.join(labels)}"
        raise ValueError(msg)
    return label


# ----------------------------------------------------------------------------- sizes and counts


def group_sizes(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = False,
    drop_place_names: bool = False,
) -> pl.DataFrame:
    """Size of each group of the corpus: documents, sections, running words, terms.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
        Column(s) of ``documents`` or ``sections`` to group by.
    stopwords, min_chars, drop_boilerplate, drop_place_names
        Term filters that decide ``n_terms`` and ``n_types`` (see the module notes).

    Returns
    -------
    polars.DataFrame
        The grouping columns, then ``group`` (str), ``n_documents``,
        ``n_sections`` (sections holding at least one token), ``n_tokens``
        (running words: non-punctuation tokens), ``n_terms`` (tokens left
        after the term filters) and ``n_types`` (distinct terms); all u32.
        One row per group, sorted by the grouping columns.

    Raises
    ------
    ValueError
        Unknown ``by`` column.

    Examples
    --------
    >>> import workbench as wb
    >>> group_sizes(wb.load_corpus(), "district").select("group", "n_documents", "n_tokens").head(3)  # doctest: +SKIP
    shape: (3, 3)
    ┌────────────┬─────────────┬──────────┐
    │ group      ┆ n_documents ┆ n_tokens │
    │ ---        ┆ ---         ┆ ---      │
    │ str        ┆ u32         ┆ u32      │
    ╞════════════╪═════════════╪══════════╡
    │ 上城区     ┆ 1           ┆ 1556     │
    │ 余杭区     ┆ 1           ┆ 2052     │
    │ 宁波高新区 ┆ 1           ┆ 1153     │
    └────────────┴─────────────┴──────────┘
    """
    cols = _by_list(by, "group_sizes")
    _check_options("group_sizes", min_chars, 1)
    toks = _grouped_tokens(corpus, cols, "group_sizes")
    keep = ~pl.col("is_punct") & ~pl.col("is_number") & _term_filter(
        stopwords=stopwords, min_chars=min_chars, drop_boilerplate=drop_boilerplate, drop_place_names=drop_place_names
    )
    out = toks.group_by(cols + ["group"]).agg(
        pl.col("doc_id").n_unique().cast(pl.UInt32).alias("n_documents"),
        pl.col("section_id").n_unique().cast(pl.UInt32).alias("n_sections"),
        (~pl.col("is_punct")).sum().cast(pl.UInt32).alias("n_tokens"),
        keep.sum().cast(pl.UInt32).alias("n_terms"),
        pl.col("token").filter(keep).n_unique().cast(pl.UInt32).alias("n_types"),
    )
    return out.select(*cols, *(pl.col(c).cast(t) for c, t in GROUP_SIZES.items())).sort(cols, nulls_last=True)


def term_counts(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = False,
    drop_place_names: bool = False,
    min_count: int = 1,
) -> pl.DataFrame:
    """Frequency of each term in each group, absolute and per 10,000 running words.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
        Column(s) of ``documents`` (district, year, doc_id, city …) or of
        ``sections`` (kind, level, section_id …) to group by.
    stopwords : bool, default True
        Drop function words.
    min_chars : int, default 2
        Drop terms shorter than this many characters.
    drop_boilerplate : bool, default False
        Drop the genre's formulaic words (推进, 加强 …).
    drop_place_names : bool, default False
        Drop mentions of the corpus's own place names (拱墅区, 杭州市 …).
    min_count : int, default 1
        Drop terms whose frequency over the whole corpus is below this.

    Returns
    -------
    polars.DataFrame
        The grouping columns, then ``group`` (str), ``term`` (str), ``count``
        (u32), ``n_tokens`` (u32: the group's running words, the denominator)
        and ``per_10k`` (f64: ``count / n_tokens * 10000``). Only terms that
        occur in a group have a row for it. Sorted by the grouping columns,
        ``count`` descending, then ``term``.

    Raises
    ------
    ValueError
        Unknown ``by`` column; ``min_chars`` or ``min_count`` below 1.

    Examples
    --------
    >>> import workbench as wb
    >>> term_counts(wb.load_corpus(), "kind").select("group", "term", "count", "per_10k").head(3)  # doctest: +SKIP
    shape: (3, 4)
    ┌──────────────┬──────┬───────┬────────────┐
    │ group        ┆ term ┆ count ┆ per_10k    │
    │ ---          ┆ ---  ┆ ---   ┆ ---        │
    │ str          ┆ str  ┆ u32   ┆ f64        │
    ╞══════════════╪══════╪═══════╪════════════╡
    │ achievements ┆ 开展 ┆ 54    ┆ 107.355865 │
    │ achievements ┆ 工作 ┆ 52    ┆ 103.379722 │
    │ achievements ┆ 推进 ┆ 45    ┆ 89.463221  │
    └──────────────┴──────┴───────┴────────────┘
    """
    cols = _by_list(by, "term_counts")
    counts, totals = _counts(
        corpus,
        cols,
        "term_counts",
        stopwords=stopwords,
        min_chars=min_chars,
        drop_boilerplate=drop_boilerplate,
        drop_place_names=drop_place_names,
        min_count=min_count,
    )
    out = counts.join(totals.select("group", "n_tokens"), on="group", how="left").with_columns(
        (pl.col("count") / pl.col("n_tokens") * 10_000).alias("per_10k")
    )
    out = out.select(*cols, *(pl.col(c).cast(t) for c, t in TERM_COUNTS.items()))
    return out.sort(cols + ["count", "term"], descending=[False] * len(cols) + [True, False], nulls_last=True)


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


def similarity(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    as_matrix: bool = False,
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = True,
    drop_place_names: bool = True,
    min_count: int = 1,
    smooth_idf: bool = True,
    sublinear_tf: bool = True,
) -> pl.DataFrame:
    """Cosine similarity between groups over their TF-IDF vectors.

    The vectors are those of :func:`tfidf` with the same options
    (scikit-learn ``cosine_similarity``).

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
    as_matrix : bool, default False
        Return the square matrix instead of the tidy frame.
    stopwords, min_chars, drop_boilerplate, drop_place_names, min_count, smooth_idf, sublinear_tf
        As in :func:`tfidf`.

    Returns
    -------
    polars.DataFrame
        Tidy (default): ``group_a`` (str), ``group_b`` (str), ``similarity``
        (f64, 1 on the diagonal), one row per ordered pair including
        ``a == b``, sorted by ``group_a`` then ``group_b`` in group order.
        Matrix (``as_matrix=True``): a ``group`` column and one f64 column per
        group, named by its label, rows and columns in the same order.

    Raises
    ------
    ValueError
        Unknown ``by`` column; a filter option out of range; no terms left.

    Examples
    --------
    >>> import workbench as wb
    >>> similarity(wb.load_corpus(), "district").head(3)  # doctest: +SKIP
    shape: (3, 3)
    ┌─────────┬────────────┬────────────┐
    │ group_a ┆ group_b    ┆ similarity │
    │ ---     ┆ ---        ┆ ---        │
    │ str     ┆ str        ┆ f64        │
    ╞═════════╪════════════╪════════════╡
    │ 上城区  ┆ 上城区     ┆ 1.0        │
    │ 上城区  ┆ 余杭区     ┆ 0.270937   │
    │ 上城区  ┆ 宁波高新区 ┆ 0.182766   │
    └─────────┴────────────┴────────────┘
    """
    from sklearn.metrics.pairwise import cosine_similarity

    cols = _by_list(by, "similarity")
    counts, totals = _counts(
        corpus,
        cols,
        "similarity",
        stopwords=stopwords,
        min_chars=min_chars,
        drop_boilerplate=drop_boilerplate,
        drop_place_names=drop_place_names,
        min_count=min_count,
    )
    if counts.is_empty():
        msg = "similarity: no terms left after filtering; lower min_count or min_chars"
        raise ValueError(msg)
    groups = totals["group"].to_list()
    matrix, _, _ = _tfidf_matrix(counts, groups, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm="l2")
    sim = cosine_similarity(matrix)
    np.fill_diagonal(sim, 1.0)
    sim = np.clip(sim, -1.0, 1.0)
    if as_matrix:
        return pl.DataFrame(
            {"group": groups, **{g: sim[:, j].astype(float) for j, g in enumerate(groups)}},
            schema={"group": pl.String(), **{g: pl.Float64() for g in groups}},
        )
    n = len(groups)
    return pl.DataFrame(
        {
            "group_a": [groups[i] for i in range(n) for _ in range(n)],
            "group_b": [groups[j] for _ in range(n) for j in range(n)],
            "similarity": sim.reshape(-1).astype(float),
        },
        schema=SIMILARITY,
    )


def nearest_groups(df: pl.DataFrame, target: object, n: int = 12) -> list[str]:
    """The ``target`` group and the groups most similar to it, from a :func:`similarity` result.

    Use it to draw a readable part of a large similarity matrix: with 100
    districts the full heatmap has 10,000 cells, the target and its eleven
    nearest neighbours 144.

    Parameters
    ----------
    df : polars.DataFrame
        The tidy result of :func:`similarity` (``group_a``, ``group_b``,
        ``similarity``).
    target : str or value
        A group label (``"拱墅区"``, ``"拱墅区 · 2024"``) or value (``2024``).
    n : int, default 12
        Groups returned, the target included (fewer if there are fewer groups).

    Returns
    -------
    list of str
        The target first, then the other groups by similarity to it,
        descending (ties: the frame's group order).

    Raises
    ------
    ValueError
        ``df`` lacks the similarity columns; ``target`` is not a group; ``n`` < 1.

    Examples
    --------
    >>> sim = pl.DataFrame({"group_a": ["甲", "甲", "甲", "乙", "乙", "乙", "丙", "丙", "丙"],
    ...                     "group_b": ["甲", "乙", "丙"] * 3,
    ...                     "similarity": [1.0, 0.2, 0.5, 0.2, 1.0, 0.1, 0.5, 0.1, 1.0]})
    >>> nearest_groups(sim, "甲", n=2)
    ['甲', '丙']
    """
    _require(df, SIMILARITY, "nearest_groups")
    if n < 1:
        msg = f"nearest_groups: n must be >= 1; got {n}"
        raise ValueError(msg)
    label = MISSING if target is None else str(target)
    order = df["group_a"].unique(maintain_order=True).to_list()
    if label not in order:
        shown = ", ".join(order[:10]) + (" …" if len(order) > 10 else "")
        msg = f"nearest_groups: target {target!r} is not a group of the similarity frame; known: {shown}"
        raise ValueError(msg)
    position = {g: i for i, g in enumerate(order)}
    others = (
        df.filter((pl.col("group_a") == label) & (pl.col("group_b") != label))
        .with_columns(pl.col("group_b").replace_strict(position, return_dtype=pl.Int64).alias("_pos"))
        .sort(["similarity", "_pos"], descending=[True, False])
    )
    return [label, *others["group_b"].head(n - 1).to_list()]


# ----------------------------------------------------------------------------- keyness


def _keyness_stats(
    a: np.ndarray, b: np.ndarray, n_target: int | np.ndarray, n_reference: int | np.ndarray, measure: Literal["g2", "chi2"]
) -> tuple[np.ndarray, np.ndarray]:
    """Signed keyness statistic and p-value per term from its 2×2 table.

    The table of a term is ``[[a, n_target - a], [b, n_reference - b]]``.
    Yates's correction is applied as quanteda's ``textstat_keyness``
    (``correction = "default"``) applies it: only when ``|ad - bc| >= N/2``
    and some expected count is below 5; it moves every cell 0.5 towards
    independence. For G² the corrected cells enter ``2 Σ O ln(O/E)``; for χ²
    ``N (|ad - bc| - N/2)² / (row and column margins)``.
    """
    a = a.astype(float)
    b = b.astype(float)
    c = n_target - a
    d = n_reference - b
    n = a + b + c + d
    rows = np.stack([a + c, b + d])  # target, reference totals
    cols = np.stack([a + b, c + d])  # term, other terms
    expected = {
        "a": (a + b) * (a + c) / n,
        "b": (a + b) * (b + d) / n,
        "c": (c + d) * (a + c) / n,
        "d": (c + d) * (b + d) / n,
    }
    smallest = np.minimum.reduce(list(expected.values()))
    diff = a * d - b * c
    delta = np.where((np.abs(diff) >= n / 2) & (smallest < 5), 0.5, 0.0)
    # sign: + when the target's relative frequency exceeds the reference's (a > E_a)
    sign = np.sign(a * n_reference - b * n_target)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "g2":
            shift = delta * np.sign(diff)
            observed = {"a": a - shift, "b": b + shift, "c": c + shift, "d": d - shift}
            g2 = 2 * sum(xlogy(observed[k], observed[k] / expected[k]) for k in "abcd")
            stat = np.abs(g2)
        else:
            denom = rows[0] * rows[1] * cols[0] * cols[1]
            stat = n * (np.abs(diff) - n * delta) ** 2 / denom
    stat = np.nan_to_num(stat, nan=0.0, posinf=0.0)
    p = _stats.chi2.sf(stat, 1)
    signed = np.where(sign == 0, 0.0, sign * stat)
    return signed + 0.0, p


def _log_ratio(a: np.ndarray, b: np.ndarray, n_target: int | np.ndarray, n_reference: int | np.ndarray) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies; a zero count counts as 0.5."""
    aa = np.where(a == 0, 0.5, a.astype(float))
    bb = np.where(b == 0, 0.5, b.astype(float))
    return np.log2((aa / n_target) / (bb / n_reference))


def keyness(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    target: object = "拱墅区",
    *,
    reference: object | None = None,
    measure: Literal["g2", "chi2"] = "g2",
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = False,
    drop_place_names: bool = True,
    min_count: int = 1,
) -> pl.DataFrame:
    """Keyness of each term in a target group against the rest (or a reference group).

    For each term the 2×2 table is (this term, all other running words) ×
    (target, reference). The statistic is Dunning's log-likelihood G²
    (``measure="g2"``) or Pearson's χ² (``"chi2"``), each with Yates's
    correction applied as quanteda's ``textstat_keyness(correction =
    "default")`` applies it: only when ``|ad - bc| >= N/2`` and an expected
    count is below 5, moving each cell 0.5 towards independence. The
    statistic is signed: positive when the term's relative frequency in the
    target exceeds that in the reference (over-use), negative for under-use.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
        Column(s) of ``documents`` or ``sections`` that define the groups.
    target : str, value or tuple of values, default "拱墅区"
        The target group: its ``group`` label (``"拱墅区"``,
        ``"拱墅区 · 2024"``), a value (``2024`` for ``by="year"``) or a tuple
        of values for several ``by`` columns.
    reference : same as target, optional
        The reference group; default all groups other than the target.
    measure : {"g2", "chi2"}, default "g2"
    stopwords, min_chars, drop_boilerplate, drop_place_names, min_count
        Term filters (see the module notes; ``drop_place_names`` defaults to
        True, ``drop_boilerplate`` to False). Totals are running words in
        target and reference, so the filters do not change a term's table.

    Returns
    -------
    polars.DataFrame
        ``term`` (str), ``n_target`` (u32), ``n_reference`` (u32),
        ``statistic`` (f64, signed), ``p`` (f64: upper tail of χ²(1) at
        ``|statistic|``), ``log_ratio`` (f64: log2 of the target's relative
        frequency over the reference's, a zero count counted as 0.5 —
        Hardie's Log Ratio). One row per term found in target or reference,
        sorted by ``statistic`` descending, then ``term``.

    Raises
    ------
    ValueError
        Unknown ``by`` column, target or reference; target equal to reference;
        unknown ``measure``; an empty target or reference.

    See Also
    --------
    distinctive_terms : the top terms of every group against the rest.

    Examples
    --------
    >>> import workbench as wb
    >>> k = keyness(wb.load_corpus(), "kind", "plans", reference="achievements")  # doctest: +SKIP
    >>> k.select("term", "n_target", "n_reference", "statistic", "log_ratio").head(3)  # doctest: +SKIP
    shape: (3, 5)
    ┌──────────┬──────────┬─────────────┬───────────┬───────────┐
    │ term     ┆ n_target ┆ n_reference ┆ statistic ┆ log_ratio │
    │ ---      ┆ ---      ┆ ---         ┆ ---       ┆ ---       │
    │ str      ┆ u32      ┆ u32         ┆ f64       ┆ f64       │
    ╞══════════╪══════════╪═════════════╪═══════════╪═══════════╡
    │ 建设     ┆ 20       ┆ 25          ┆ 16.124206 ┆ 1.82213   │
    │ 法治建设 ┆ 11       ┆ 6           ┆ 15.585299 ┆ 3.018527  │
    │ 工作     ┆ 30       ┆ 52          ┆ 15.158989 ┆ 1.350509  │
    └──────────┴──────────┴─────────────┴───────────┴───────────┘
    """
    if measure not in ("g2", "chi2"):
        msg = f"keyness: measure must be 'g2' or 'chi2'; got {measure!r}"
        raise ValueError(msg)
    cols = _by_list(by, "keyness")
    counts, totals = _counts(
        corpus,
        cols,
        "keyness",
        stopwords=stopwords,
        min_chars=min_chars,
        drop_boilerplate=drop_boilerplate,
        drop_place_names=drop_place_names,
        min_count=min_count,
    )
    labels = totals["group"].to_list()
    tgt = _resolve_group(target, labels, cols, "keyness", "target")
    if reference is None:
        refs = [g for g in labels if g != tgt]
        if not refs:
            msg = f"keyness: the corpus has only one group ({tgt!r}) for {cols}; there is nothing to compare with"
            raise ValueError(msg)
    else:
        ref = _resolve_group(reference, labels, cols, "keyness", "reference")
        if ref == tgt:
            msg = f"keyness: target and reference are the same group {tgt!r}; name two different groups"
            raise ValueError(msg)
        refs = [ref]
    n_t = int(totals.filter(pl.col("group") == tgt)["n_tokens"].sum())
    n_r = int(totals.filter(pl.col("group").is_in(refs))["n_tokens"].sum())
    if n_t == 0 or n_r == 0:
        msg = f"keyness: the {'target' if n_t == 0 else 'reference'} has no running words; choose another group"
        raise ValueError(msg)
    table = (
        counts.filter(pl.col("group").is_in([tgt, *refs]))
        .group_by("term")
        .agg(
            pl.col("count").filter(pl.col("group") == tgt).sum().alias("n_target"),
            pl.col("count").filter(pl.col("group") != tgt).sum().alias("n_reference"),
        )
        .sort("term")
    )
    a = table["n_target"].to_numpy()
    b = table["n_reference"].to_numpy()
    stat, p = _keyness_stats(a, b, n_t, n_r, measure)
    out = table.with_columns(
        pl.Series("statistic", stat, dtype=pl.Float64),
        pl.Series("p", p, dtype=pl.Float64),
        pl.Series("log_ratio", _log_ratio(a, b, n_t, n_r), dtype=pl.Float64),
    )
    out = out.select(pl.col(c).cast(t) for c, t in KEYNESS.items())
    return out.sort(["statistic", "term"], descending=[True, False])


def distinctive_terms(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    n: int = 5,
    measure: Literal["g2", "chi2"] = "g2",
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = False,
    drop_place_names: bool = True,
    min_count: int = 1,
) -> pl.DataFrame:
    """The ``n`` most over-used terms of every group against all other groups.

    The same statistics as :func:`keyness` with each group in turn as the
    target against all other groups, computed for all groups in one pass;
    keeps each group's top ``n`` terms with a positive statistic.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"
    n : int, default 5
        Terms per group (fewer if a group over-uses fewer terms).
    measure, stopwords, min_chars, drop_boilerplate, drop_place_names, min_count
        As in :func:`keyness`.

    Returns
    -------
    polars.DataFrame
        The grouping columns, then ``group`` (str), ``rank`` (u32, 1 = most
        distinctive), and the columns of :func:`keyness`. Sorted by the
        grouping columns and rank.

    Raises
    ------
    ValueError
        Unknown ``by`` column or ``measure``; a filter option out of range;
        only one group; ``n`` < 1.

    Examples
    --------
    >>> import workbench as wb
    >>> distinctive_terms(wb.load_corpus(), "district", n=1).select("group", "term", "statistic").head(3)  # doctest: +SKIP
    shape: (3, 3)
    ┌────────────┬──────────┬───────────┐
    │ group      ┆ term     ┆ statistic │
    │ ---        ┆ ---      ┆ ---       │
    │ str        ┆ str      ┆ f64       │
    ╞════════════╪══════════╪═══════════╡
    │ 上城区     ┆ 普法     ┆ 11.711049 │
    │ 余杭区     ┆ 行政执法 ┆ 19.309197 │
    │ 宁波高新区 ┆ 管委会   ┆ 28.483663 │
    └────────────┴──────────┴───────────┘
    """
    if n < 1:
        msg = f"distinctive_terms: n must be >= 1; got {n}"
        raise ValueError(msg)
    if measure not in ("g2", "chi2"):
        msg = f"distinctive_terms: measure must be 'g2' or 'chi2'; got {measure!r}"
        raise ValueError(msg)
    cols = _by_list(by, "distinctive_terms")
    counts, totals = _counts(
        corpus,
        cols,
        "distinctive_terms",
        stopwords=stopwords,
        min_chars=min_chars,
        drop_boilerplate=drop_boilerplate,
        drop_place_names=drop_place_names,
        min_count=min_count,
    )
    schema = {**{c: totals.schema[c] for c in cols}, **DISTINCTIVE}
    if totals.height == 1:
        msg = (
            f"distinctive_terms: the corpus has only one group ({totals['group'][0]!r}) for {cols}; "
            "there is nothing to compare with"
        )
        raise ValueError(msg)
    # One pass over all (group, term) cells instead of one keyness() per group: a term the
    # group does not use has a statistic <= 0, so only the group's own terms can be kept.
    grand = int(totals["n_tokens"].sum())
    table = (
        counts.join(totals.select("group", "n_tokens"), on="group", how="left")
        .with_columns(
            pl.col("count").alias("n_target"),
            (pl.col("count").sum().over("term") - pl.col("count")).alias("n_reference"),
            pl.col("n_tokens").cast(pl.Int64).alias("_n_t"),
            (grand - pl.col("n_tokens").cast(pl.Int64)).alias("_n_r"),
        )
    )
    a = table["n_target"].to_numpy()
    b = table["n_reference"].to_numpy()
    n_t = table["_n_t"].to_numpy()
    n_r = table["_n_r"].to_numpy()
    stat, p = _keyness_stats(a, b, n_t, n_r, measure)
    out = (
        table.with_columns(
            pl.Series("statistic", stat, dtype=pl.Float64),
            pl.Series("p", p, dtype=pl.Float64),
            pl.Series("log_ratio", _log_ratio(a, b, n_t, n_r), dtype=pl.Float64),
        )
        .filter(pl.col("statistic") > 0)
        .sort(["group", "statistic", "term"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("group").alias("rank"))
        .filter(pl.col("rank") <= n)
    )
    return out.select(pl.col(c).cast(t) for c, t in schema.items()).sort(cols + ["rank"], nulls_last=True)


def keyness_table(df: pl.DataFrame, *, n: int = 10) -> pl.DataFrame:
    """The top ``n`` over-used and top ``n`` under-used terms of a :func:`keyness` result.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`keyness`.
    n : int, default 10

    Returns
    -------
    polars.DataFrame
        ``side`` (str: "target" or "reference"), then the columns of
        :func:`keyness`; the target's terms by statistic descending, then the
        reference's terms by statistic ascending (most under-used first).

    Raises
    ------
    ValueError
        ``df`` lacks the keyness columns; ``n`` < 1.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"term": ["运河", "执法", "工作"], "n_target": [5, 9, 11], "n_reference": [0, 40, 104],
    ...                   "statistic": [12.7, 0.0, -5.8], "p": [0.0004, 1.0, 0.016], "log_ratio": [5.6, 0.0, -1.0]})
    >>> keyness_table(k, n=1).select("side", "term", "statistic")
    shape: (2, 3)
    ┌───────────┬──────┬───────────┐
    │ side      ┆ term ┆ statistic │
    │ ---       ┆ ---  ┆ ---       │
    │ str       ┆ str  ┆ f64       │
    ╞═══════════╪══════╪═══════════╡
    │ target    ┆ 运河 ┆ 12.7      │
    │ reference ┆ 工作 ┆ -5.8      │
    └───────────┴──────┴───────────┘
    """
    _require(df, KEYNESS, "keyness_table")
    if n < 1:
        msg = f"keyness_table: n must be >= 1; got {n}"
        raise ValueError(msg)
    over = df.filter(pl.col("statistic") > 0).sort(["statistic", "term"], descending=[True, False]).head(n)
    under = df.filter(pl.col("statistic") < 0).sort(["statistic", "term"]).head(n)
    return pl.concat(
        [
            over.select(pl.lit("target").alias("side"), pl.all()),
            under.select(pl.lit("reference").alias("side"), pl.all()),
        ]
    )


def top_term(df: pl.DataFrame, term: str | None = None) -> str:
    """``term`` if given, else the first term of a ranked result (keyness or tfidf).

    Lets a notebook parameter such as ``kwic_term = None`` mean "the top
    keyness term".

    Parameters
    ----------
    df : polars.DataFrame
        A frame with a ``term`` column, best first (e.g. :func:`keyness`).
    term : str, optional

    Returns
    -------
    str

    Raises
    ------
    ValueError
        ``term`` is None and ``df`` has no rows or no ``term`` column.

    Examples
    --------
    >>> import polars as pl
    >>> top_term(pl.DataFrame({"term": ["数字化", "执法"]}))
    '数字化'
    >>> top_term(pl.DataFrame({"term": ["数字化"]}), "复议")
    '复议'
    """
    if term:
        return term
    if "term" not in df.columns or df.is_empty():
        msg = f"top_term: expected a non-empty frame with a 'term' column; got columns {df.columns} and {df.height} rows"
        raise ValueError(msg)
    return str(df["term"][0])


def top_terms_table(df: pl.DataFrame, *, n: int = 5, value: str = "term") -> pl.DataFrame:
    """A wide table of the top ``n`` terms: one row per rank, one column per group.

    Parameters
    ----------
    df : polars.DataFrame
        A ranked long frame with ``group``, ``rank`` and ``value`` columns,
        e.g. from :func:`tfidf` or :func:`distinctive_terms`.
    n : int, default 5
    value : str, default "term"
        The column to spread into the cells.

    Returns
    -------
    polars.DataFrame
        ``rank`` (u32) and one column per group (in the order the groups
        first appear in ``df``) holding ``value``; null where a group has
        fewer than ``n`` terms.

    Raises
    ------
    ValueError
        ``df`` lacks ``group``, ``rank`` or ``value``; ``n`` < 1.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"group": ["甲", "甲", "乙"], "rank": [1, 2, 1], "term": ["执法", "复议", "普法"]})
    >>> top_terms_table(df, n=2)
    shape: (2, 3)
    ┌──────┬──────┬──────┐
    │ rank ┆ 甲   ┆ 乙   │
    │ ---  ┆ ---  ┆ ---  │
    │ u32  ┆ str  ┆ str  │
    ╞══════╪══════╪══════╡
    │ 1    ┆ 执法 ┆ 普法 │
    │ 2    ┆ 复议 ┆ null │
    └──────┴──────┴──────┘
    """
    missing = [c for c in ("group", "rank", value) if c not in df.columns]
    if missing:
        msg = f"top_terms_table: frame lacks columns {missing}; has {df.columns}"
        raise ValueError(msg)
    if n < 1:
        msg = f"top_terms_table: n must be >= 1; got {n}"
        raise ValueError(msg)
    groups = df["group"].unique(maintain_order=True).to_list()
    ranks = pl.DataFrame({"rank": list(range(1, n + 1))}, schema={"rank": pl.UInt32()})
    out = ranks
    for g in groups:
        col = df.filter((pl.col("group") == g) & (pl.col("rank") <= n)).select(
            pl.col("rank").cast(pl.UInt32), pl.col(value).alias(g)
        )
        out = out.join(col, on="rank", how="left")
    return out.sort("rank")


def _require(df: pl.DataFrame, schema: dict[str, pl.DataType], func: str) -> None:
    missing = [c for c in schema if c not in df.columns]
    if missing:
        msg = f"{func}: frame lacks columns {missing}; expected the result of the matching workbench.keywords function"
        raise ValueError(msg)


# ----------------------------------------------------------------------------- kwic


def kwic(
    corpus: Corpus,
    pattern: str,
    *,
    window: int = 20,
    regex: bool = False,
) -> pl.DataFrame:
    """Every occurrence of a term or regular expression in the documents, with its context.

    The search runs on ``documents.text``, so ``char_start``/``char_end``
    point into it and any row can be quoted exactly.

    Parameters
    ----------
    corpus : Corpus
    pattern : str
        A literal string, or with ``regex=True`` a Python regular expression.
        Zero-length matches are skipped.
    window : int, default 20
        Characters of context on each side (fewer at the start or end of a
        document). Context is the raw text, line breaks included.
    regex : bool, default False

    Returns
    -------
    polars.DataFrame
        ``doc_id`` (str), ``section_id`` (str: the deepest section holding
        the match start; null if none does), ``district`` (str), ``year``
        (i32), ``left`` (str), ``match`` (str), ``right`` (str),
        ``char_start`` (i64), ``char_end`` (i64), where
        ``documents.text[char_start:char_end] == match``. Sorted by
        ``doc_id`` and ``char_start``.

    Raises
    ------
    ValueError
        Empty pattern; invalid regular expression; negative window.

    Examples
    --------
    >>> import workbench as wb
    >>> kwic(wb.load_corpus(), "涉外法治", window=5).select("left", "match", "right", "char_start").head(3)  # doctest: +SKIP
    shape: (3, 4)
    ┌────────────┬──────────┬────────────┬────────────┐
    │ left       ┆ match    ┆ right      ┆ char_start │
    │ ---        ┆ ---      ┆ ---        ┆ ---        │
    │ str        ┆ str      ┆ str        ┆ i64        │
    ╞════════════╪══════════╪════════════╪════════════╡
    │ .积极探索  ┆ 涉外法治 ┆ 工作。落实 ┆ 484        │
    │ 作。落实省 ┆ 涉外法治 ┆ 服务“一件  ┆ 494        │
    │ 十通三外”  ┆ 涉外法治 ┆ 服务模式,  ┆ 520        │
    └────────────┴──────────┴────────────┴────────────┘
    """
    if not pattern:
        msg = "kwic: pattern is empty; give a term such as '复议' or a regular expression with regex=True"
        raise ValueError(msg)
    if window < 0:
        msg = f"kwic: window must be >= 0; got {window}"
        raise ValueError(msg)
    try:
        compiled = re.compile(pattern if regex else re.escape(pattern))
    except re.error as err:
        msg = f"kwic: {pattern!r} is not a valid regular expression ({err}); pass regex=False to search it literally"
        raise ValueError(msg) from err
    rows: dict[str, list] = {k: [] for k in KWIC}
    for doc_id, district, year, text in corpus.documents.select("doc_id", "district", "year", "text").sort("doc_id").iter_rows():
        for m in compiled.finditer(text):
            s, e = m.span()
            if s == e:
                continue
            rows["doc_id"].append(doc_id)
            rows["section_id"].append(None)
            rows["district"].append(district)
            rows["year"].append(year)
            rows["left"].append(text[max(0, s - window) : s])
            rows["match"].append(text[s:e])
            rows["right"].append(text[e : e + window])
            rows["char_start"].append(s)
            rows["char_end"].append(e)
    hits = pl.DataFrame(rows, schema=KWIC).with_row_index("_hit")
    if hits.is_empty():
        return hits.drop("_hit")
    secs = corpus.sections.select(
        "doc_id", "section_id", "level", pl.col("char_start").alias("_s"), pl.col("char_end").alias("_e")
    )
    deepest = (
        hits.select("_hit", "doc_id", "char_start")
        .join(secs, on="doc_id", how="inner")
        .filter((pl.col("_s") <= pl.col("char_start")) & (pl.col("char_start") < pl.col("_e")))
        .sort(["_hit", "level", "_s"], descending=[False, True, True])
        .unique("_hit", keep="first")
        .select("_hit", pl.col("section_id").alias("_section"))
    )
    out = hits.join(deepest, on="_hit", how="left").with_columns(pl.col("_section").alias("section_id"))
    return out.select(pl.col(c).cast(t) for c, t in KWIC.items()).sort(["doc_id", "char_start"])
