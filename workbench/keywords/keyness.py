"""Keyness: the 2×2 statistics (G², χ², Yates's correction, p, Log Ratio) of a target group
against a reference, the distinctive terms of every group, and the over/under-use table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl
from scipy import stats as _stats
from scipy.special import xlogy

from ..corpus import Corpus
from .counts import _by_list, _counts, _resolve_group
from .schemas import DISTINCTIVE, KEYNESS
from .tables import _require

#: ``significant`` is ``p <= SIGNIFICANCE``.
SIGNIFICANCE = 0.05

# ----------------------------------------------------------------------------- keyness


def _keyness_stats(
    a: np.ndarray,
    b: np.ndarray,
    n_target: int | np.ndarray,
    n_reference: int | np.ndarray,
    measure: Literal["g2", "chi2"],
    correction: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Signed keyness statistic and p-value per term from its 2×2 table.

    The table of a term is ``[[a, n_target - a], [b, n_reference - b]]``.
    Yates's correction is applied as quanteda's ``textstat_keyness``
    (``correction = "default"``) applies it: only when ``|ad - bc| >= N/2``
    and some expected count is below 5; it moves every cell 0.5 towards
    independence. For G² the corrected cells enter ``2 Σ O ln(O/E)``; for χ²
    ``N (|ad - bc| - N/2)² / (row and column margins)``. ``correction=False``
    never corrects (plain G² as WordSmith and AntConc report it).
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
    delta = np.where((np.abs(diff) >= n / 2) & (smallest < 5) & correction, 0.5, 0.0)
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
    correction: bool = True,
    stopwords: bool = True,
    min_chars: int = 2,
    drop_boilerplate: bool = False,
    drop_place_names: bool = True,
    min_count: int = 1,
) -> pl.DataFrame:
    """Keyness of each term in a target group against the rest (or a reference group).

    For each term the 2×2 table is (this term, all other running words) ×
    (target, reference). The statistic is the log-likelihood G²
    (``measure="g2"``) or Pearson's χ² (``"chi2"``), **with Yates's
    correction where an expected count is below 5**, as quanteda's
    ``textstat_keyness(correction = "default")`` applies it: only when
    ``|ad - bc| >= N/2`` and an expected count is below 5, moving each cell
    0.5 towards independence. On short reports this changes many rows: a
    term used 5 times in the target and never in the reference scores less
    than Dunning's plain G², which WordSmith and AntConc report; pass
    ``correction=False`` to compare with them. The statistic is signed:
    positive when the term's relative frequency in the target exceeds that in
    the reference (over-use), negative for under-use. ``significant`` is
    ``p <= 0.05`` (one test; not corrected for the many terms tested).

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
    correction : bool, default True
        Yates's correction where an expected count is below 5 (quanteda's
        default); False gives the uncorrected statistic (WordSmith, AntConc).
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
        Hardie's Log Ratio), ``significant`` (bool: ``p <= 0.05``). One row
        per term found in target or reference, sorted by ``statistic``
        descending, then ``term``.

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
    stat, p = _keyness_stats(a, b, n_t, n_r, measure, correction)
    out = table.with_columns(
        pl.Series("statistic", stat, dtype=pl.Float64),
        pl.Series("p", p, dtype=pl.Float64),
        pl.Series("log_ratio", _log_ratio(a, b, n_t, n_r), dtype=pl.Float64),
        pl.Series("significant", p <= SIGNIFICANCE, dtype=pl.Boolean),
    )
    out = out.select(pl.col(c).cast(t) for c, t in KEYNESS.items())
    return out.sort(["statistic", "term"], descending=[True, False])


def distinctive_terms(
    corpus: Corpus,
    by: str | Sequence[str] = "district",
    *,
    n: int = 5,
    measure: Literal["g2", "chi2"] = "g2",
    correction: bool = True,
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
    measure, correction, stopwords, min_chars, drop_boilerplate, drop_place_names, min_count
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
    stat, p = _keyness_stats(a, b, n_t, n_r, measure, correction)
    out = (
        table.with_columns(
            pl.Series("statistic", stat, dtype=pl.Float64),
            pl.Series("p", p, dtype=pl.Float64),
            pl.Series("log_ratio", _log_ratio(a, b, n_t, n_r), dtype=pl.Float64),
            pl.Series("significant", p <= SIGNIFICANCE, dtype=pl.Boolean),
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
    _require(df, {c: t for c, t in KEYNESS.items() if c != "significant"}, "keyness_table")
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
