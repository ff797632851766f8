"""Keyword in context: every match of a term or pattern in ``documents.text`` with its context."""

from __future__ import annotations

import re

import polars as pl

from ..corpus import Corpus
from .schemas import KWIC

# ----------------------------------------------------------------------------- kwic


def kwic(
    corpus: Corpus,
    pattern: str,
    *,
    window: int = 20,
    regex: bool = False,
    overlapping: bool = False,
) -> pl.DataFrame:
    """Occurrences of a term or regular expression in the documents, with their context.

    By default the matches do not overlap (as ``re.finditer``): in "000" the
    pattern "00" is found once, at 0. ``overlapping=True`` finds every match
    starting at every position (twice in "000": at 0 and 1).

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
    overlapping : bool, default False
        Also report matches that overlap an earlier one (each start position
        is tried; a regular expression gives its match at each start).

    Returns
    -------
    polars.DataFrame
        ``doc_id`` (cat), ``section_id`` (cat: the deepest section holding
        the match start; null if none does), ``district`` (str), ``year``
        (i32), ``left`` (str), ``match`` (str), ``right`` (str),
        ``char_start`` (i32), ``char_end`` (i32), where
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
        for m in _matches(compiled, text, overlapping):
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


def _matches(compiled: re.Pattern[str], text: str, overlapping: bool):
    """Matches of ``compiled`` in ``text``: non-overlapping (``finditer``), or one at every start position."""
    if not overlapping:
        yield from compiled.finditer(text)
        return
    pos = 0
    while pos <= len(text):
        m = compiled.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1
