"""Small views of ranked results: the top term of a frame and the wide top-terms table."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

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


def top_terms_table(df: pl.DataFrame, *, n: int = 5, value: str = "term", groups: Sequence[str] | None = None) -> pl.DataFrame:
    """A wide table of the top ``n`` terms: one row per rank, one column per group.

    Parameters
    ----------
    df : polars.DataFrame
        A ranked long frame with ``group``, ``rank`` and ``value`` columns,
        e.g. from :func:`tfidf` or :func:`distinctive_terms`.
    n : int, default 5
    value : str, default "term"
        The column to spread into the cells.
    groups : sequence of str, optional
        Only these groups' columns (still in the frame's order), e.g. the
        twelve a chart shows (:func:`workbench.charts.largest_groups`): a
        table of a thousand columns cannot be read. A group without a row in
        ``df`` (no distinctive term, say) is left out. Default: every group.

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
    every = df["group"].unique(maintain_order=True).to_list()
    groups = every if groups is None else [g for g in every if g in set(groups)]
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


