"""Frames for charts and citation tables built from :func:`~workbench.indicators.extract`:
one point per report and indicator, the citations, coverage, coverage shares and yearly summaries."""

from __future__ import annotations

import polars as pl

from .schemas import CITATION_SOURCE, CITATIONS, COVERAGE, COVERAGE_SHARE, INDICATORS, POINT_SOURCES, POINTS, TREND_SUMMARY
from .taxonomy import TOTAL, taxonomy

# ----------------------------------------------------------------------------- frames for charts


def _check_columns(df: pl.DataFrame, needed: tuple[str, ...], fn: str, source: str = "extract") -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        msg = f"{fn}: frame lacks columns {missing}; expected the result of workbench.indicators.{source}"
        raise ValueError(msg)


def _selected(
    df: pl.DataFrame, indicators: list[str] | None, districts: list[str] | None, kinds: tuple[str, ...], fn: str
) -> pl.DataFrame:
    """Level results with an indicator: not changes, not targets, in ``kinds``; filtered."""
    _check_columns(df, tuple(INDICATORS), fn)
    known = taxonomy()["indicator"].to_list()
    if indicators is not None:
        unknown = sorted(set(indicators) - set(known))
        if unknown:
            msg = f"{fn}: unknown indicator id(s) {unknown}; known: {', '.join(known)}"
            raise ValueError(msg)
    sel = df.filter(
        pl.col("indicator").is_not_null()
        & ~pl.col("is_change")
        & ~pl.col("is_target")
        & pl.col("section_kind").is_in(list(kinds))
    )
    if indicators is not None:
        sel = sel.filter(pl.col("indicator").is_in(indicators))
    if districts is not None:
        sel = sel.filter(pl.col("district").is_in(districts))
    return sel.sort("doc_id", "char_start")


def _used(sel: pl.DataFrame) -> pl.DataFrame:
    """The mentions each point is built from, with ``figure`` and ``n_mentions``.

    A "mention" indicator uses the report's first mention. A "sum" indicator
    uses the first mention that names several parts at once (a stated total)
    if there is one, else the first mention of each named part, added up
    (``figure`` "sum", or "part" when the report names one part only); a
    mention that names no part is used only when no mention names one.
    """
    figures = taxonomy().select("indicator", "figure")
    sel = sel.join(figures, on="indicator", how="left").with_columns(
        pl.len().over("doc_id", "indicator").alias("n_mentions")
    )
    key = ["doc_id", "indicator"]
    mention = sel.filter(pl.col("figure") == "mention").unique(subset=key, keep="first", maintain_order=True)
    summed = sel.filter(pl.col("figure") == "sum").with_columns(
        (pl.col("part") == TOTAL).fill_null(False).alias("_total"),
        pl.col("part").is_not_null().alias("_named"),
    )
    has_total = pl.col("_total").any().over(key)
    has_named = pl.col("_named").any().over(key)
    totals = summed.filter(has_total & pl.col("_total")).unique(subset=key, keep="first", maintain_order=True)
    parts = summed.filter(~has_total & has_named & pl.col("_named")).unique(
        subset=[*key, "part"], keep="first", maintain_order=True
    )
    unnamed = summed.filter(~has_named).unique(subset=key, keep="first", maintain_order=True)
    sums = pl.concat([totals, parts, unnamed]).with_columns(
        pl.when(pl.col("_total"))
        .then(pl.lit("total"))
        .when(pl.len().over(key) > 1)
        .then(pl.lit("sum"))
        .when(pl.col("_named"))
        .then(pl.lit("part"))
        .otherwise(pl.lit("mention"))
        .alias("figure")
    )
    cols = [*sel.columns]
    return pl.concat([mention.select(cols), sums.select(cols)]).sort("doc_id", "char_start")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def point_sources(
    df: pl.DataFrame,
    *,
    indicators: list[str] | None = None,
    districts: list[str] | None = None,
    kinds: tuple[str, ...] = ("achievements", "other", "duties", "shortcomings"),
) -> pl.DataFrame:
    """The mentions every point of :func:`points` is built from: one row per mention, to cite.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    indicators, districts, kinds
        As in :func:`points`.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`POINT_SOURCES`): ``doc_id``, ``district``,
        ``year``, ``indicator``, ``name_zh``, ``figure``, ``point_value`` (the
        plotted figure), ``n_mentions``, ``part``, ``value`` (this mention's),
        ``unit``, ``qualifier``, ``label``, ``sentence``, ``char_start``,
        ``char_end``; sorted by indicator, year, district, doc_id, char_start.

    Raises
    ------
    ValueError
        ``df`` lacks columns of :func:`extract`, or an indicator id is unknown.
    """
    used = _used(_selected(df, indicators, districts, kinds, "point_sources"))
    names = taxonomy().select("indicator", "name_zh")
    out = used.with_columns(pl.col("value").sum().over("doc_id", "indicator").alias("point_value")).join(
        names, on="indicator", how="left"
    )
    return out.select(list(POINT_SOURCES)).cast(POINT_SOURCES).sort(
        "indicator", "year", "district", "doc_id", "char_start"
    )


def points(
    df: pl.DataFrame,
    *,
    indicators: list[str] | None = None,
    districts: list[str] | None = None,
    kinds: tuple[str, ...] = ("achievements", "other", "duties", "shortcomings"),
) -> pl.DataFrame:
    """One value per report and indicator: the figure a trend chart plots, formed as the taxonomy defines it.

    Only level results count: not changes, not targets (``is_target``: 力争,
    确保 …), and not the plans part (plans state targets, not results). For an
    indicator defined as one *mention*, the point is the report's first
    mention in document order. For one defined as the *sum* of named parts
    (废止 + 宣布失效 documents; 通知书 + 决定书), it is the first mention of
    each part, added up (``figure = "sum"``), or a mention that names all
    parts at once when the report gives one (``figure = "total"``), so a part
    is never set against a total. ``parts`` lists the parts added and
    :func:`point_sources` gives each with its sentence. ``n_mentions`` says
    how many level mentions the report has (e.g. two bodies' study sessions).

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
        ``indicator``, ``name_zh``, ``value``, ``value_high`` (a range's high
        end), ``unit`` (the indicator's usual unit from the taxonomy; counts
        in 个 and 项 are both counts of items), ``unit_written`` (as the report
        writes it), ``qualifier``, ``label``, ``figure`` (mention, sum or
        total), ``n_parts``, ``parts`` ("宣布失效 10 + 废止 30"; null for one
        mention), ``n_mentions``, ``sentence``, ``char_start``, ``char_end``
        (of the first mention used); sorted by indicator, year, district.

    Raises
    ------
    ValueError
        ``df`` lacks columns of :func:`extract`, or an indicator id is unknown.

    See Also
    --------
    point_sources : every mention a point is built from, with its sentence.

    Examples
    --------
    >>> points(rows, indicators=["normative_docs_repealed"]).select("district", "value", "figure", "parts")  # doctest: +SKIP
    shape: (3, 4)
    ┌──────────┬───────┬────────┬──────────────────────┐
    │ district ┆ value ┆ figure ┆ parts                │
    ╞══════════╪═══════╪════════╪══════════════════════╡
    │ 上城区   ┆ 20.0  ┆ total  ┆ null                 │
    │ 余杭区   ┆ 8.0   ┆ mention┆ null                 │
    │ 椒江区   ┆ 40.0  ┆ sum    ┆ 宣布失效 10 + 废止 30 │
    └──────────┴───────┴────────┴──────────────────────┘
    """
    used = _used(_selected(df, indicators, districts, kinds, "points"))
    names = taxonomy().select("indicator", "name_zh", pl.col("unit").alias("usual_unit"))
    key = ["doc_id", "indicator"]
    parts_text = pl.concat_str(
        [pl.col("part").fill_null(pl.col("label")), pl.col("value").map_elements(_fmt, return_dtype=pl.String)],
        separator=" ",
    )
    agg = used.group_by(key, maintain_order=True).agg(
        pl.col("value").sum().alias("_sum"),
        pl.col("value_high").fill_null(pl.col("value")).sum().alias("_high_sum"),
        pl.col("value_high").is_not_null().any().alias("_has_high"),
        pl.len().alias("n_parts"),
        parts_text.str.join(" + ").alias("parts"),
        pl.col("qualifier").drop_nulls().unique(maintain_order=True).alias("_quals"),
    )
    first = used.unique(subset=key, keep="first", maintain_order=True)
    out = (
        first.join(agg, on=key, how="left")
        .join(names, on="indicator", how="left")
        .with_columns(
            pl.col("_sum").alias("value"),
            # a range's high end: the sum of the parts' high ends (a part without a range adds its value)
            pl.when(pl.col("_has_high")).then(pl.col("_high_sum")).otherwise(None).alias("value_high"),
            pl.when(pl.col("figure").is_in(["sum", "part"])).then(pl.col("parts")).otherwise(None).alias("parts"),
            pl.when(pl.col("n_parts") == 1)
            .then(pl.col("qualifier"))
            .when(pl.col("_quals").list.len() == 1)
            .then(pl.col("_quals").list.first())
            .when(pl.col("_quals").list.len() > 1)
            .then(pl.lit("约"))
            .otherwise(None)
            .alias("qualifier"),
            pl.col("unit").alias("unit_written"),
            pl.col("usual_unit").alias("unit"),
        )
    )
    return out.select(list(POINTS)).cast(POINTS).sort("indicator", "year", "district", "doc_id")


def like_with_like(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Points that can stand side by side: a figure of one part is not set against a sum or total.

    For an indicator defined as a sum of parts, a report that names only one
    part (``figure == "part"``: 通知书 11份) is left out wherever another
    report of that indicator gives the sum or the total (通知书 3 + 决定书 10);
    compare the parts themselves with :func:`point_sources`.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`points`.

    Returns
    -------
    (kept, left_out) : tuple of polars.DataFrame
        Both with the columns of ``df``.

    Examples
    --------
    >>> pts = pl.DataFrame({"indicator": ["a", "a", "b"], "figure": ["sum", "part", "part"], "value": [13.0, 11.0, 5.0]})
    >>> kept, left_out = like_with_like(pts)
    >>> kept["value"].to_list(), left_out["value"].to_list()
    ([13.0, 5.0], [11.0])
    """
    _check_columns(df, ("indicator", "figure"), "like_with_like", "points")
    whole = pl.col("figure").is_in(["sum", "total"]).any().over("indicator")
    partial = (pl.col("figure") == "part") & whole
    return df.filter(~partial), df.filter(partial)


def _check_documents(documents: pl.DataFrame, needed: tuple[str, ...], fn: str) -> None:
    missing = [c for c in needed if c not in documents.columns]
    if missing:
        msg = f"{fn}: documents lacks columns {missing}; pass corpus.documents (workbench.load_corpus)"
        raise ValueError(msg)


def citations(df: pl.DataFrame, documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """The source sentence of every figure, as a table a reader can cite.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`, :func:`point_sources` (every part of every
        plotted point) or :func:`points` (the first mention of each point).
    documents : polars.DataFrame, optional
        ``corpus.documents``: adds where each report can be cited from
        (:data:`CITATION_SOURCE`: ``title``, ``publish_date``, ``url``,
        ``accessed``, ``note``; the last three from ``data/manifest.csv``).

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`CITATIONS`): ``district``, ``year``, ``indicator``,
        ``name_zh``, ``part`` (null where ``df`` has none), ``value``,
        ``unit``, ``sentence``, ``doc_id``, ``char_start``, ``char_end``, then
        with ``documents`` those of :data:`CITATION_SOURCE`; rows with an
        indicator only, sorted by indicator, year, district, char_start.

    Raises
    ------
    ValueError
        ``df`` lacks the columns listed above (``name_zh`` and ``part``
        excepted), or ``documents`` lacks ``doc_id`` or a citation column.
    """
    _check_columns(df, tuple(c for c in CITATIONS if c not in ("name_zh", "part")), "citations")
    out = df.filter(pl.col("indicator").is_not_null())
    if "part" not in out.columns:
        out = out.with_columns(pl.lit(None, pl.String).alias("part"))
    if "name_zh" not in out.columns:
        out = out.join(taxonomy().select("indicator", "name_zh"), on="indicator", how="left")
    out = out.select(list(CITATIONS)).cast(CITATIONS)
    if documents is not None:
        _check_documents(documents, ("doc_id", *CITATION_SOURCE), "citations")
        out = out.join(documents.select("doc_id", *CITATION_SOURCE), on="doc_id", how="left")
    return out.sort("indicator", "year", "district", "doc_id", "char_start")


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
        df.filter(
            pl.col("indicator").is_not_null()
            & ~pl.col("is_change")
            & ~pl.col("is_target")
            & (pl.col("section_kind") != "plans")
        )
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


