"""Cosine similarity between groups over their TF-IDF vectors, and the nearest groups of one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from ..corpus import Corpus
from .counts import _by_list, _counts
from .schemas import GROUP_SEP, MISSING, SIMILARITY
from .tables import _require
from .tfidf import _tfidf_matrix

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


def similarity_matrix(df: pl.DataFrame, *, groups: Sequence[str] | None = None) -> pl.DataFrame:
    """The square table of a :func:`similarity` result, for the given groups only.

    Parameters
    ----------
    df : polars.DataFrame
        The tidy result of :func:`similarity`.
    groups : sequence of str, optional
        Rows and columns to keep (in the frame's order), e.g. the target and
        its nearest groups (:func:`nearest_groups`): a thousand groups make a
        million cells no one can read. Default: every group (as
        ``similarity(..., as_matrix=True)``).

    Returns
    -------
    polars.DataFrame
        A ``group`` column and one f64 column per group, rows and columns in
        the same order.

    Examples
    --------
    >>> sim = pl.DataFrame({"group_a": ["甲", "甲", "乙", "乙"], "group_b": ["甲", "乙", "甲", "乙"],
    ...                     "similarity": [1.0, 0.25, 0.25, 1.0]})
    >>> similarity_matrix(sim, groups=["乙"])
    shape: (1, 2)
    ┌───────┬─────┐
    │ group ┆ 乙  │
    │ ---   ┆ --- │
    │ str   ┆ f64 │
    ╞═══════╪═════╡
    │ 乙    ┆ 1.0 │
    └───────┴─────┘
    """
    _require(df, SIMILARITY, "similarity_matrix")
    every = df["group_a"].unique(maintain_order=True).to_list()
    if groups is not None:
        unknown = sorted(set(groups) - set(every))
        if unknown:
            msg = f"similarity_matrix: groups {unknown} are not groups of the frame; known: {', '.join(every[:10])}"
            raise ValueError(msg)
    keep = every if groups is None else [g for g in every if g in set(groups)]
    cells = {(a, b): s for a, b, s in df.filter(pl.col("group_a").is_in(keep) & pl.col("group_b").is_in(keep)).iter_rows()}
    return pl.DataFrame(
        {"group": keep, **{b: [cells[(a, b)] for a in keep] for b in keep}},
        schema={"group": pl.String(), **{g: pl.Float64() for g in keep}},
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
    target : str, value or tuple
        A group label (``"拱墅区"``, ``"拱墅区 · 2024"``), a value (``2024``)
        or a tuple of values (``("拱墅区", 2024)``, as :func:`separate_years`
        gives it).
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
    >>> nearest_groups(sim.with_columns(pl.col("group_a", "group_b") + " · 2024"), ("甲", 2024), n=2)
    ['甲 · 2024', '丙 · 2024']
    """
    _require(df, SIMILARITY, "nearest_groups")
    if n < 1:
        msg = f"nearest_groups: n must be >= 1; got {n}"
        raise ValueError(msg)
    if isinstance(target, (tuple, list)):  # values of several columns, as keyness and separate_years give them
        label = GROUP_SEP.join(MISSING if v is None else str(v) for v in target)
    else:
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


