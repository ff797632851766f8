"""Which reports an analysis leaves out, and why; the corpus without them.

A real corpus is incomplete: a saved page may be a 404 page, a report may not
say which year it covers, another may have no plans part. Each notebook asks
:func:`excluded_reports` which reports lack what it needs, shows that table,
and goes on with :func:`corpus_without` them, so one such file never makes a
notebook fail and the reader sees what was left out.

Examples
--------
>>> import polars as pl
>>> from workbench.corpus import Corpus
>>> from workbench import schemas
>>> docs = pl.DataFrame({c: [None, None] for c in schemas.DOCUMENTS}, schema=schemas.DOCUMENTS).with_columns(
...     doc_id=pl.Series(["a", "b"]), district=pl.Series(["拱墅区", None]), source_file=pl.Series(["a.txt", "b.html"]))
>>> c = Corpus(docs, *(schemas.empty(s) for s in (schemas.SECTIONS, schemas.SENTENCES, schemas.TOKENS, schemas.PROBLEMS)))
>>> excluded_reports(c, need=["district"]).rows()
[('b.html', 'b', 'no district')]
>>> corpus_without(c, excluded_reports(c, need=["district"])).documents["doc_id"].to_list()
['a']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import polars as pl

from . import schemas
from .corpus import Corpus

#: Level-1 kinds that count as a report's recognised parts (``other`` does not).
PART_KINDS: tuple[str, ...] = tuple(k for k in schemas.KINDS if k != "other")


def _not_loaded(corpus: Corpus) -> pl.DataFrame:
    loaded = corpus.documents["source_file"].implode()
    errors = corpus.problems.filter((pl.col("severity") == "error") & ~pl.col("source_file").is_in(loaded))
    return (
        errors.with_columns(
            reason=pl.lit("not loaded: ")
            + pl.col("message").str.strip_prefix(pl.col("source_file") + ": ")
        )
        .group_by("source_file", maintain_order=True)
        .agg(pl.col("reason").unique(maintain_order=True).str.join("; "))
        .select("source_file", pl.lit(None, dtype=pl.String).alias("doc_id"), "reason")
    )


def excluded_reports(
    corpus: Corpus,
    *,
    need: Iterable[str] = ("district", "year"),
    kind: str | None = None,
    parts: bool = False,
) -> pl.DataFrame:
    """Reports of ``corpus`` that lack what an analysis needs, one row each with the reason.

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus.
    need : iterable of str, default ("district", "year")
        Columns of ``documents`` that must not be null. Names that are not
        columns of ``documents`` (e.g. ``"kind"``, a ``sections`` column passed
        as a notebook's ``by``) are ignored.
    kind : str, optional
        A section kind (``"plans"`` …) the report must have as a level-1 part.
    parts : bool, default False
        Require at least one recognised level-1 part (一、 … classified as
        achievements, shortcomings, duties or plans).

    Returns
    -------
    polars.DataFrame
        Columns of :data:`workbench.schemas.EXCLUDED`: ``source_file``,
        ``doc_id`` and ``reason`` (every missing thing, joined by "; ": ``no
        district``, ``no year``, ``no plans part``, ``no 一、/二、 parts``, or
        ``not loaded: `` and the problem's message),
        ordered by ``source_file``. Files that were not loaded at all (a
        problem of severity ``error``) are listed too, with a null ``doc_id``.
        Empty when nothing is left out.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`workbench.schemas.KINDS`.
    """
    if kind is not None and kind not in schemas.KINDS:
        msg = f"excluded_reports: kind must be one of {', '.join(schemas.KINDS)}; got {kind!r}"
        raise ValueError(msg)
    docs = corpus.documents
    level1 = corpus.sections.filter(pl.col("level") == 1)
    checks: list[pl.Expr] = []
    for col in dict.fromkeys(need):
        if col in docs.columns:
            checks.append(
                pl.when(pl.col(col).is_null()).then(
                    pl.lit(f"no {col}")
                )
            )
    if parts:
        with_parts = level1.filter(pl.col("kind").is_in(PART_KINDS))["doc_id"].unique().implode()
        checks.append(
            pl.when(~pl.col("doc_id").is_in(with_parts)).then(
                pl.lit("no 一、/二、 parts")
            )
        )
    if kind is not None:
        with_kind = level1.filter(pl.col("kind") == kind)["doc_id"].unique().implode()
        checks.append(
            pl.when(~pl.col("doc_id").is_in(with_kind)).then(pl.lit(f"no {kind} part"))
        )
    if checks:
        missing = docs.select(
            "source_file", "doc_id", pl.concat_str(checks, separator="; ", ignore_nulls=True).alias("reason")
        ).filter(pl.col("reason").is_not_null() & (pl.col("reason") != ""))
    else:
        missing = schemas.empty(schemas.EXCLUDED)
    out = pl.concat([schemas.conform(missing, schemas.EXCLUDED), schemas.conform(_not_loaded(corpus), schemas.EXCLUDED)])
    return out.sort("source_file")


def corpus_without(corpus: Corpus, excluded: pl.DataFrame) -> Corpus:
    """``corpus`` without the documents listed in ``excluded`` (every per-document frame filtered).

    Parameters
    ----------
    corpus : Corpus
        A loaded corpus.
    excluded : polars.DataFrame
        A frame with a ``doc_id`` column, e.g. from :func:`excluded_reports`.

    Returns
    -------
    Corpus
        A new corpus: ``documents`` and every other frame of
        :data:`workbench.schemas.FRAMES` keyed by ``doc_id`` (sections,
        sentences, tokens, …) lose the excluded documents' rows; ``problems``
        (keyed by file), ``source`` and ``key`` are kept.
    """
    drop = excluded["doc_id"].drop_nulls().implode()
    keep = {
        name: getattr(corpus, name).filter(~pl.col("doc_id").is_in(drop))
        for name in schemas.FRAMES
        if name != "problems" and isinstance(getattr(corpus, name, None), pl.DataFrame)
        and "doc_id" in getattr(corpus, name).columns
    }
    return dataclasses.replace(corpus, **keep)
