"""Grouping and counting: the groups ``by`` names (joined on keys), the term filters, the
running-word totals, and the public :func:`group_sizes` and :func:`term_counts`."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import polars as pl

from .. import segmenter
from ..corpus import Corpus
from ..places import place_tokens
from .schemas import GROUP_SIZES, MISSING, GROUP_SEP, TERM_COUNTS

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
    _warn_pooled(corpus, cols, func)
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


class PooledYearsWarning(UserWarning):
    """A group of ``by`` pools one district's reports of different years into one document."""


def _pooled_years(corpus: Corpus, cols: list[str]) -> pl.DataFrame:
    """Groups of ``cols`` that hold one district's reports of two or more years: group, district, years."""
    if "year" in cols or "doc_id" in cols:
        return pl.DataFrame(schema={"group": pl.String(), "district": pl.String(), "years": pl.List(pl.Int32())})
    doc_cols, _ = _groupable(corpus)
    docs = corpus.documents.select("doc_id", "district", "year")
    if all(c in doc_cols for c in cols):
        keyed = corpus.documents.select("doc_id", *[c for c in cols if c not in ("district", "year")]).join(
            docs, on="doc_id"
        )
    else:  # a section column: a group holds the documents with a section of that value
        sec = [c for c in cols if c not in doc_cols]
        keyed = (
            corpus.sections.select("doc_id", *sec)
            .unique()
            .join(corpus.documents.select("doc_id", *[c for c in cols if c in doc_cols and c not in ("district", "year")]), on="doc_id")
            .join(docs, on="doc_id")
        )
    return (
        keyed.with_columns(_label_expr(cols))
        .group_by("group", "district")
        .agg(pl.col("year").unique().sort().alias("years"))
        .filter(pl.col("years").list.len() > 1)
        .sort("group", "district")
    )


def _warn_pooled(corpus: Corpus, cols: list[str], func: str) -> None:
    pooled = _pooled_years(corpus, cols)
    if pooled.is_empty():
        return
    shown = "; ".join(
        f"{g}: {d} {', '.join(map(str, ys))}" if g != d else f"{d} {', '.join(map(str, ys))}"
        for g, d, ys in pooled.head(5).iter_rows()
    )
    more = f" and {pooled.height - 5} more" if pooled.height > 5 else ""
    msg = (
        f"{func}: by={cols} pools a district's reports of different years into one group ({shown}{more}); "
        f"group by {[*cols, 'year']} to keep the years apart (wb.keywords.separate_years does this)"
    )
    warnings.warn(msg, PooledYearsWarning, stacklevel=4)


def separate_years(corpus: Corpus, by: str | Sequence[str], target: object = None) -> tuple[str | list[str], object]:
    """``by`` with ``"year"`` added when a group would pool one district's reports of different years.

    A notebook calls it after loading the corpus, so that on a corpus where a
    district has several years each report stays a group of its own (and the
    target becomes the district's latest year).

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str
    target : str, value or tuple, optional
        A target group of ``by``; a single value becomes ``(value, latest year)``
        when ``"year"`` is added.

    Returns
    -------
    (by, target)
        Unchanged when no group of ``by`` pools years.

    Examples
    --------
    >>> import workbench as wb
    >>> separate_years(wb.load_corpus(), "district", "拱墅区")  # doctest: +SKIP
    ('district', '拱墅区')
    """
    cols = _by_list(by, "separate_years")
    if _pooled_years(corpus, cols).is_empty():
        return by, target
    if target is not None and not isinstance(target, (tuple, list)) and len(cols) == 1:
        years = corpus.documents.filter(pl.col(cols[0]).cast(pl.String) == str(target))["year"]
        if years.len():
            target = (target, int(years.max()))
    return [*cols, "year"], target


def largest_group(corpus: Corpus, by: str | Sequence[str] = "district") -> object:
    """The value of ``by`` whose group has the most running words: a default target that exists in any corpus.

    Running words are non-punctuation tokens (``n_tokens`` of
    :func:`group_sizes`); ties go to the first group in sort order, and a
    group whose value is missing is never chosen.

    Parameters
    ----------
    corpus : Corpus
    by : str or list of str, default "district"

    Returns
    -------
    object
        The group's value (a tuple of values for several columns); None when
        no group has a value.

    Examples
    --------
    >>> import workbench as wb
    >>> largest_group(wb.load_corpus(), "district")  # doctest: +SKIP
    '余杭区'
    """
    cols = _by_list(by, "largest_group")
    sizes = group_sizes(corpus, cols).drop_nulls(cols)
    if sizes.is_empty():
        return None
    row = sizes.sort(["n_tokens", "group"], descending=[True, False]).row(0, named=True)
    values = tuple(row[c] for c in cols)
    return values[0] if len(cols) == 1 else values


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


