"""Chart helpers for :mod:`workbench.indicators` results.

Each takes a finished frame (:func:`workbench.indicators.coverage` or
:func:`workbench.indicators.points`) and returns an Altair chart; they select
the rows to show but compute no statistics and save nothing.
"""

from __future__ import annotations

import altair as alt
import polars as pl

__all__ = ["coverage_heatmap", "district_bars", "trend_lines"]


def _require(df: pl.DataFrame, cols: tuple[str, ...], func: str, source: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        msg = f"{func}: frame lacks columns {missing}; pass the result of workbench.indicators.{source}"
        raise ValueError(msg)


_POINT_TOOLTIP = [
    alt.Tooltip("district:N", title="地区"),
    alt.Tooltip("year:Q", title="年份", format="d"),
    alt.Tooltip("name_zh:N", title="指标"),
    alt.Tooltip("value:Q", title="数值", format=",.4~f"),
    alt.Tooltip("unit:N", title="单位"),
    alt.Tooltip("qualifier:N", title="限定"),
    alt.Tooltip("sentence:N", title="原文"),
]


def coverage_heatmap(df: pl.DataFrame, *, title: str = "各地区、年度报告了哪些指标") -> alt.Chart:
    """Grid of indicator × report: a filled cell where the report states the indicator.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.coverage` (``indicator``,
        ``name_zh``, ``place_year``, ``n_mentions``, ``reported`` …).
    title : str, default "各地区、年度报告了哪些指标"

    Returns
    -------
    altair.Chart
        Rect chart: x the report (district and year, ordered by year then
        district), y the indicator in taxonomy order, colour the number of
        mentions (0 = not reported, light grey).

    Raises
    ------
    ValueError
        ``df`` lacks the coverage columns.

    Examples
    --------
    >>> from workbench import indicators, charts
    >>> chart = charts.coverage_heatmap(indicators.coverage(rows, corpus.documents))  # doctest: +SKIP
    """
    _require(df, ("indicator", "name_zh", "district", "year", "place_year", "n_mentions"), "coverage_heatmap", "coverage")
    data = df.select("indicator", "name_zh", "district", "year", "place_year", "n_mentions")
    order_x = data.sort("year", "district").unique("place_year", maintain_order=True)["place_year"].to_list()
    order_y = data.unique("name_zh", maintain_order=True)["name_zh"].to_list()
    return (
        alt.Chart(data, title=alt.Title(title, subtitle="格中数字深浅 = 该报告中提及次数(不含计划部分与同比变化);灰色 = 未报告"))
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("place_year:N", sort=order_x, title=None, axis=alt.Axis(labelAngle=-30, orient="top")),
            y=alt.Y("name_zh:N", sort=order_y, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "n_mentions:O",
                title="提及次数",
                scale=alt.Scale(range=["#eeeeee", "#9ecae1", "#4292c6", "#08519c", "#08306b"]),
            ),
            tooltip=[
                alt.Tooltip("district:N", title="地区"),
                alt.Tooltip("year:Q", title="年份", format="d"),
                alt.Tooltip("name_zh:N", title="指标"),
                alt.Tooltip("indicator:N", title="指标代码"),
                alt.Tooltip("n_mentions:Q", title="提及次数"),
            ],
        )
        .properties(width=alt.Step(70), height=alt.Step(18))
    )


def trend_lines(
    df: pl.DataFrame,
    *,
    columns: int = 3,
    title: str = "指标的年度变化(按地区着色)",
) -> alt.Chart:
    """Lines of each indicator across years, one panel per indicator, one colour per district.

    Every value is drawn as a point, so a district with a single year is
    visible; lines join the years of one district. The y scale of each panel
    is its own (the panels have different units).

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.points` (``district``, ``year``,
        ``name_zh``, ``value``, ``unit``, ``sentence`` …).
    columns : int, default 3
        Panels per row.
    title : str, default "指标的年度变化(按地区着色)"

    Returns
    -------
    altair.Chart
        Line chart with points, faceted by indicator (name and unit); x the
        year (integer ticks), y the value, colour the district; tooltips give
        the source sentence.

    Raises
    ------
    ValueError
        ``df`` lacks the columns of :func:`workbench.indicators.points`, or is empty.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "trend_lines", "points")
    if df.height == 0:
        msg = "trend_lines: no points to draw; check the indicators and districts passed to workbench.indicators.points"
        raise ValueError(msg)
    data = df.select("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence")
    years = sorted(data["year"].unique().to_list())
    return (
        alt.Chart(data, title=alt.Title(title, subtitle="每个点是一份报告中的数值,悬停可见原句;各分图纵轴单位不同"))
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "year:Q",
                title="年份",
                scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False),
                axis=alt.Axis(format="d", values=years, grid=False),
            ),
            y=alt.Y("value:Q", title="数值", scale=alt.Scale(zero=True)),
            color=alt.Color("district:N", title="地区"),
            facet=alt.Facet("panel:N", columns=columns, title=None, header=alt.Header(labelFontWeight="bold")),
            tooltip=_POINT_TOOLTIP,
        )
        .transform_calculate(panel="datum.name_zh + '(' + datum.unit + ')'")
        .properties(width=200, height=150)
        .resolve_scale(y="independent").resolve_axis(x="independent")  # every panel gets its own year axis
    )


def district_bars(
    df: pl.DataFrame,
    indicator: str,
    year: int,
    *,
    title: str | None = None,
) -> alt.Chart:
    """Bars comparing districts on one indicator in one year.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.points`.
    indicator : str
        Canonical id, e.g. ``"head_appearance_rate"``.
    year : int
        Year reported on.
    title : str, optional
        Default "<name_zh>:各地区比较(<year>年)".

    Returns
    -------
    altair.Chart
        Horizontal bars, one per district, sorted by value descending, with
        the value written at the bar end; tooltips give the source sentence.

    Raises
    ------
    ValueError
        ``df`` lacks the points columns, or has no row for ``indicator`` in ``year``.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "district_bars", "points")
    data = df.filter((pl.col("indicator") == indicator) & (pl.col("year") == year)).select(
        "district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"
    )
    if data.height == 0:
        have = df.filter(pl.col("indicator") == indicator)["year"].unique().sort().to_list()
        msg = (
            f"district_bars: no figure for indicator '{indicator}' in {year}; "
            f"years with this indicator: {have or 'none'}; choose one of them or another indicator"
        )
        raise ValueError(msg)
    name, unit = data["name_zh"][0], data["unit"][0]
    return (
        alt.Chart(
            data,
            title=alt.Title(title or f"{name}:各地区比较({year}年)", subtitle=f"单位:{unit};只列出报告了该指标的地区"),
        )
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("value:Q", title=f"{name}({unit})"),
            y=alt.Y("district:N", sort="-x", title=None),
            tooltip=_POINT_TOOLTIP,
        )
        .properties(width=360, height=alt.Step(26))
    )
