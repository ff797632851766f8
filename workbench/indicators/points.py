"""Frames for charts and citation tables built from :func:`~workbench.indicators.extract`:
one point per report and indicator, the citations, coverage, coverage shares and yearly summaries."""

from __future__ import annotations

import polars as pl

from .schemas import CITATIONS, COVERAGE, COVERAGE_SHARE, INDICATORS, POINTS, TREND_SUMMARY
from .taxonomy import taxonomy

# ----------------------------------------------------------------------------- frames for charts


def _check_columns(df: pl.DataFrame, needed: tuple[str, ...], fn: str, source: str = "extract") -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        msg = f"{fn}: frame lacks columns {missing}; expected the result of workbench.indicators.{source}"
        raise ValueError(msg)


def points(
    df: pl.DataFrame,
    *,
    indicators: list[str] | None = None,
    districts: list[str] | None = None,
    kinds: tuple[str, ...] = ("achievements", "other", "duties", "shortcomings"),
) -> pl.DataFrame:
    """One value per report and indicator: the figure a trend chart plots.

    The first level (not a change) mention of the indicator in the report,
    in document order, outside the plans part (plans state targets, not
    results). ``n_mentions`` says how many level mentions the report has, so
    a reader knows when a report gives more than one figure (e.g. two bodies'
    study sessions).

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    indicators : list of str, optional
        Canonical ids to keep; default all.
    districts : list of str, optional
        Districts to keep; default all.
    kinds : tuple of str, default all but "plans"
        Section kinds whose figures count.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`POINTS`): ``doc_id``, ``district``, ``year``,
        ``indicator``, ``name_zh``, ``value``, ``unit`` (the indicator's usual
        unit from the taxonomy; counts in 个 and 项 are both counts of items),
        ``unit_written`` (as the report writes it), ``qualifier``, ``label``,
        ``n_mentions``, ``sentence``, ``char_start``, ``char_end``; sorted by
        indicator, year, district.

    Raises
    ------
    ValueError
        ``df`` lacks columns of :func:`extract`, or an indicator id is unknown.

    Examples
    --------
    >>> points(rows, indicators=["head_appearance_rate"]).select("district", "year", "value", "unit")  # doctest: +SKIP
    shape: (3, 4)
    ┌────────────┬──────┬───────┬──────┐
    │ district   ┆ year ┆ value ┆ unit │
    ╞════════════╪══════╪═══════╪══════╡
    │ 余杭区     ┆ 2021 ┆ 100.0 ┆ %    │
    │ 宁波高新区 ┆ 2024 ┆ 100.0 ┆ %    │
    │ 拱墅区     ┆ 2024 ┆ 100.0 ┆ %    │
    └────────────┴──────┴───────┴──────┘
    """
    _check_columns(df, tuple(INDICATORS), "points")
    names = taxonomy().select("indicator", "name_zh", pl.col("unit").alias("usual_unit"))
    if indicators is not None:
        unknown = sorted(set(indicators) - set(names["indicator"]))
        if unknown:
            msg = f"points: unknown indicator id(s) {unknown}; known: {', '.join(names['indicator'])}"
            raise ValueError(msg)
    sel = df.filter(
        pl.col("indicator").is_not_null() & ~pl.col("is_change") & pl.col("section_kind").is_in(list(kinds))
    )
    if indicators is not None:
        sel = sel.filter(pl.col("indicator").is_in(indicators))
    if districts is not None:
        sel = sel.filter(pl.col("district").is_in(districts))
    counts = sel.group_by("doc_id", "indicator").agg(pl.len().alias("n_mentions"))
    first = sel.sort("doc_id", "char_start").unique(subset=["doc_id", "indicator"], keep="first", maintain_order=True)
    out = (
        first.join(counts, on=["doc_id", "indicator"], how="left")
        .join(names, on="indicator", how="left")
        .with_columns(pl.col("unit").alias("unit_written"), pl.col("usual_unit").alias("unit"))
    )
    return out.select(list(POINTS)).cast(POINTS).sort("indicator", "year", "district", "doc_id")


def citations(df: pl.DataFrame) -> pl.DataFrame:
    """The source sentence of every figure, as a table a reader can cite.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract` or :func:`points`.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`CITATIONS`): ``district``, ``year``, ``indicator``,
        ``name_zh``, ``value``, ``unit``, ``sentence``, ``doc_id``,
        ``char_start``, ``char_end``; rows with an indicator only, sorted by
        indicator, year, district, char_start.

    Raises
    ------
    ValueError
        ``df`` lacks the columns listed above (``name_zh`` excepted).
    """
    _check_columns(df, tuple(c for c in CITATIONS if c != "name_zh"), "citations")
    out = df.filter(pl.col("indicator").is_not_null())
    if "name_zh" not in out.columns:
        out = out.join(taxonomy().select("indicator", "name_zh"), on="indicator", how="left")
    return out.select(list(CITATIONS)).cast(CITATIONS).sort("indicator", "year", "district", "doc_id", "char_start")


def coverage(df: pl.DataFrame, documents: pl.DataFrame, *, indicators: list[str] | None = None) -> pl.DataFrame:
    """Which indicators each district and year reports: one row per indicator × report.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    documents : polars.DataFrame
        ``corpus.documents`` (``doc_id``, ``district``, ``year``): every report
        gets a row, also where it states nothing.
    indicators : list of str, optional
        Canonical ids; default all ids of the taxonomy.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`COVERAGE`): ``indicator``, ``name_zh``,
        ``district``, ``year``, ``place_year``, ``n_mentions`` (level
        mentions outside plans), ``reported``; sorted by indicator, year, district.
    """
    _check_columns(df, tuple(INDICATORS), "coverage")
    names = taxonomy().select("indicator", "name_zh")
    if indicators is not None:
        names = names.filter(pl.col("indicator").is_in(indicators))
    docs = documents.select("doc_id", "district", "year")
    counts = (
        df.filter(pl.col("indicator").is_not_null() & ~pl.col("is_change") & (pl.col("section_kind") != "plans"))
        .group_by("doc_id", "indicator")
        .agg(pl.len().alias("n_mentions"))
    )
    grid = names.join(docs, how="cross")
    out = (
        grid.join(counts, on=["doc_id", "indicator"], how="left")
        .with_columns(
            pl.col("n_mentions").fill_null(0).cast(pl.UInt32),
            pl.format("{} {}", "district", "year").alias("place_year"),
        )
        .with_columns((pl.col("n_mentions") > 0).alias("reported"))
    )
    # doc_id breaks ties between two reports of one district and year (it is not a column of the result)
    return out.sort("indicator", "year", "district", "doc_id").select(list(COVERAGE)).cast(COVERAGE)


def coverage_share(df: pl.DataFrame, by: str = "year") -> pl.DataFrame:
    """Share of reports stating each indicator, per year (or per district): coverage aggregated.

    One cell per report stops being readable beyond a few dozen reports (1,000
    reports × 25 indicators are 25,000 cells); this is the same information
    per year, which stays one small grid however many reports there are.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`coverage`.
    by : {"year", "district"}, default "year"
        The coverage column to group the reports by.

    Returns
    -------
    polars.DataFrame
        ``by``, then (see :data:`COVERAGE_SHARE`) ``indicator``, ``name_zh``,
        ``n_reports``, ``n_reported`` and ``share`` (``n_reported /
        n_reports``); indicators in the order of ``df`` (taxonomy order), then
        by ``by``.

    Raises
    ------
    ValueError
        ``df`` lacks the coverage columns; ``by`` is not "year" or "district".

    Examples
    --------
    >>> cov = pl.DataFrame({"indicator": ["a"] * 3, "name_zh": ["甲"] * 3, "district": ["x", "y", "x"],
    ...                     "year": [2020, 2020, 2021], "place_year": ["x 2020", "y 2020", "x 2021"],
    ...                     "n_mentions": [2, 0, 1], "reported": [True, False, True]})
    >>> coverage_share(cov).select("year", "n_reports", "n_reported", "share")
    shape: (2, 4)
    ┌──────┬───────────┬────────────┬───────┐
    │ year ┆ n_reports ┆ n_reported ┆ share │
    │ ---  ┆ ---       ┆ ---        ┆ ---   │
    │ i32  ┆ u32       ┆ u32        ┆ f64   │
    ╞══════╪═══════════╪════════════╪═══════╡
    │ 2020 ┆ 2         ┆ 1          ┆ 0.5   │
    │ 2021 ┆ 1         ┆ 1          ┆ 1.0   │
    └──────┴───────────┴────────────┴───────┘
    """
    _check_columns(df, tuple(COVERAGE), "coverage_share", "coverage")
    if by not in ("year", "district"):
        msg = f"coverage_share: by must be 'year' or 'district'; got {by!r}"
        raise ValueError(msg)
    order = df.select("indicator").unique(maintain_order=True).with_row_index("_order")
    out = (
        df.group_by("indicator", "name_zh", by)
        .agg(pl.len().alias("n_reports"), pl.col("reported").sum().alias("n_reported"))
        .with_columns((pl.col("n_reported") / pl.col("n_reports")).alias("share"))
        .join(order, on="indicator", how="left")
        .sort("_order", by)
    )
    return out.select(pl.col(by).cast(COVERAGE[by]), *(pl.col(c).cast(t) for c, t in COVERAGE_SHARE.items()))


def trend_summary(df: pl.DataFrame) -> pl.DataFrame:
    """Median and quartiles of each indicator's values across reports, per year.

    What a trend chart of many districts draws: a hundred coloured lines
    cannot be told apart, the middle half of the districts' values can.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`points` (one value per report and indicator).

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`TREND_SUMMARY`): ``indicator``, ``name_zh``,
        ``unit``, ``year``, ``n_reports``, ``median``, ``q25``, ``q75``
        (quartiles with linear interpolation, as ``numpy.quantile``), ``min``,
        ``max``; sorted by indicator and year.

    Raises
    ------
    ValueError
        ``df`` lacks the columns of :func:`points`.

    Examples
    --------
    >>> pts = pl.DataFrame({"indicator": ["a"] * 4, "name_zh": ["甲"] * 4, "unit": ["件"] * 4,
    ...                     "year": [2020] * 4, "value": [1.0, 2.0, 3.0, 10.0]})
    >>> trend_summary(pts).select("n_reports", "median", "q25", "q75")
    shape: (1, 4)
    ┌───────────┬────────┬──────┬──────┐
    │ n_reports ┆ median ┆ q25  ┆ q75  │
    │ ---       ┆ ---    ┆ ---  ┆ ---  │
    │ u32       ┆ f64    ┆ f64  ┆ f64  │
    ╞═══════════╪════════╪══════╪══════╡
    │ 4         ┆ 2.5    ┆ 1.75 ┆ 4.75 │
    └───────────┴────────┴──────┴──────┘
    """
    _check_columns(df, ("indicator", "name_zh", "unit", "year", "value"), "trend_summary", "points")
    v = pl.col("value")
    out = df.group_by("indicator", "name_zh", "unit", "year").agg(
        pl.len().alias("n_reports"),
        v.median().alias("median"),
        v.quantile(0.25, interpolation="linear").alias("q25"),
        v.quantile(0.75, interpolation="linear").alias("q75"),
        v.min().alias("min"),
        v.max().alias("max"),
    )
    return out.select(pl.col(c).cast(t) for c, t in TREND_SUMMARY.items()).sort("indicator", "year")


