"""Chart helpers for :mod:`workbench.indicators` results.

Each takes a finished frame (:func:`workbench.indicators.coverage` or
:func:`workbench.indicators.points`) and returns an Altair chart; they select
the rows to show and save nothing. Past a few dozen reports or a dozen
districts a mark per report cannot be read (and Altair refuses more than 5,000
rows); the charts then draw the aggregates of :mod:`workbench.indicators`
instead (:func:`~workbench.indicators.coverage_share`,
:func:`~workbench.indicators.trend_summary`) and say so in their subtitle.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from .. import indicators as _ind

#: Classes of the coverage heatmap's colour: mentions in one report ("0" is grey: not reported).
MENTION_CLASSES = ["0", "1", "2", "3", "4+"]

__all__ = ["coverage_heatmap", "district_bars", "trend_lines"]

#: Most reports :func:`coverage_heatmap` draws one column each for; beyond, the share per year.
MAX_REPORTS = 40
#: Most districts :func:`trend_lines` draws one line each for; beyond, median and quartiles.
MAX_DISTRICTS = 10
#: Most bars :func:`district_bars` draws (the largest values).
MAX_BARS = 25


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
    alt.Tooltip("parts:N", title="分项"),
    alt.Tooltip("n_mentions:Q", title="提及次数"),
    alt.Tooltip("sentence:N", title="原文（首个分项）"),
]
_POINT_COLUMNS = ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "parts", "n_mentions", "sentence")


def _comparable(df: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Points that compare like with like (no one-part figure beside a sum), and a note on those left out."""
    if "figure" not in df.columns:
        return df, ""
    kept, left_out = _ind.like_with_like(df)
    if left_out.is_empty():
        return kept, ""
    places = "、".join(f"{r['district']} {r['year']} {r['name_zh']}" for r in left_out.iter_rows(named=True))
    return kept, f"；未画出只报告了部分分项的数值（{places}），见 point_sources"


def _with_point_columns(df: pl.DataFrame) -> pl.DataFrame:
    missing = {"parts": pl.String, "n_mentions": pl.UInt32}
    return df.with_columns(pl.lit(None, t).alias(c) for c, t in missing.items() if c not in df.columns)


def coverage_heatmap(
    df: pl.DataFrame, *, max_reports: int = MAX_REPORTS, title: str = "各地区、年度报告了哪些指标"
) -> alt.Chart | alt.LayerChart:
    """Grid of indicator × report: a filled cell where the report states the indicator.

    With more than ``max_reports`` reports, a grid of indicator × year instead:
    each cell the share of that year's reports stating the indicator
    (:func:`workbench.indicators.coverage_share`), the percentage printed.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.coverage` (``indicator``,
        ``name_zh``, ``place_year``, ``n_mentions``, ``reported`` …).
    max_reports : int, default :data:`MAX_REPORTS`
        Most reports drawn one column each.
    title : str, default "各地区、年度报告了哪些指标"

    Returns
    -------
    altair.Chart or altair.LayerChart
        Up to ``max_reports`` reports: rect chart, x the report (district and
        year, ordered by year then district), y the indicator in taxonomy
        order, colour the number of mentions (0 = not reported, light grey).
        More: a ``rect`` layer coloured by the share (0–1) and a ``text``
        layer with the percentage, x the year, y the indicator; tooltips give
        the counts.

    Raises
    ------
    ValueError
        ``df`` lacks the coverage columns; ``max_reports`` < 1.

    Examples
    --------
    >>> from workbench import indicators, charts
    >>> chart = charts.coverage_heatmap(indicators.coverage(rows, corpus.documents))  # doctest: +SKIP
    """
    _require(df, ("indicator", "name_zh", "district", "year", "place_year", "n_mentions"), "coverage_heatmap", "coverage")
    if max_reports < 1:
        msg = f"coverage_heatmap: max_reports must be >= 1; got {max_reports}"
        raise ValueError(msg)
    n_reports = df["place_year"].n_unique()
    if n_reports > max_reports:
        return _coverage_share_heatmap(_ind.coverage_share(df, "year"), n_reports, title)
    data = df.select("indicator", "name_zh", "district", "year", "place_year", "n_mentions").with_columns(
        # one colour per class, 4 and more sharing the darkest: an ordinal scale would reuse its colours
        pl.when(pl.col("n_mentions") >= 4).then(pl.lit("4+")).otherwise(pl.col("n_mentions").cast(pl.String)).alias("mentions")
    )
    order_x = data.sort("year", "district").unique("place_year", maintain_order=True)["place_year"].to_list()
    order_y = data.unique("name_zh", maintain_order=True)["name_zh"].to_list()
    return (
        alt.Chart(data, title=alt.Title(title, subtitle="格中数字深浅 = 该报告中提及次数（不含计划部分与同比变化）；灰色 = 未报告"))
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("place_year:N", sort=order_x, title=None, axis=alt.Axis(labelAngle=-30, orient="top")),
            y=alt.Y("name_zh:N", sort=order_y, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "mentions:N",
                title="提及次数",
                scale=alt.Scale(domain=MENTION_CLASSES, range=["#eeeeee", "#9ecae1", "#4292c6", "#08519c", "#08306b"]),
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


def _coverage_share_heatmap(share: pl.DataFrame, n_reports: int, title: str) -> alt.LayerChart:
    """Indicator × year grid of the share of reports stating the indicator (see :func:`coverage_heatmap`)."""
    order_y = share.unique("name_zh", maintain_order=True)["name_zh"].to_list()
    base = alt.Chart(share).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("name_zh:N", sort=order_y, title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("name_zh:N", title="指标"),
            alt.Tooltip("indicator:N", title="指标代码"),
            alt.Tooltip("n_reported:Q", title="报告了该指标的报告数"),
            alt.Tooltip("n_reports:Q", title="当年报告数"),
            alt.Tooltip("share:Q", title="占比", format=".0%"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("share:Q", title="占比", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(format="%"))
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.when(alt.datum.share > 0.5).then(alt.value("white")).otherwise(alt.value("black")),
    )
    subtitle = f"共 {n_reports:,} 份报告，按年份汇总：格中为当年报告中提及该指标的比例（不含计划部分与同比变化）"
    return (cells + text).properties(
        title=alt.Title(title, subtitle=subtitle), width=alt.Step(44), height=alt.Step(18)
    )


def trend_lines(
    df: pl.DataFrame,
    *,
    columns: int = 3,
    max_districts: int = MAX_DISTRICTS,
    title: str = "指标的年度变化（按地区着色）",
) -> alt.Chart | alt.FacetChart:
    """Lines of each indicator across years, one panel per indicator, one colour per district.

    Every value is drawn as a point, so a district with a single year is
    visible; lines join the years of one district. The y scale of each panel
    is its own (the panels have different units).

    With more than ``max_districts`` districts, one line per panel instead:
    the median over the reports of each year, in a band from the lower to the
    upper quartile (:func:`workbench.indicators.trend_summary`); the default
    title then reads "指标的年度变化（各地区中位数与四分位距）".

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.points` (``district``, ``year``,
        ``name_zh``, ``value``, ``unit``, ``sentence`` …).
    columns : int, default 3
        Panels per row.
    max_districts : int, default :data:`MAX_DISTRICTS`
        Most districts drawn as lines of their own.
    title : str, default "指标的年度变化（按地区着色）"

    Returns
    -------
    altair.Chart or altair.FacetChart
        Line chart with points, faceted by indicator (name and unit); x the
        year (integer ticks), y the value, colour the district; tooltips give
        the source sentence. For more districts, a faceted layer of the
        quartile band, the median line and its points; tooltips give the
        number of reports and the quartiles.

    Raises
    ------
    ValueError
        ``df`` lacks the columns of :func:`workbench.indicators.points`, or is
        empty; ``max_districts`` < 1.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "trend_lines", "points")
    if df.height == 0:
        msg = "trend_lines: no points to draw; check the indicators and districts passed to workbench.indicators.points"
        raise ValueError(msg)
    if max_districts < 1:
        msg = f"trend_lines: max_districts must be >= 1; got {max_districts}"
        raise ValueError(msg)
    df, note = _comparable(df)
    data = _with_point_columns(df).select(_POINT_COLUMNS)
    years = sorted(data["year"].unique().to_list())
    n_districts = data["district"].n_unique()
    if n_districts > max_districts:
        if title == "指标的年度变化（按地区着色）":
            title = "指标的年度变化（各地区中位数与四分位距）"
        return _trend_bands(_ind.trend_summary(df), years, n_districts, df.height, columns, title)
    return (
        alt.Chart(data, title=alt.Title(title, subtitle="每个点是一份报告中的数值，悬停可见原句；各分图纵轴单位不同" + note))
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "year:Q",
                title="年份",
                scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False),
                axis=alt.Axis(format="d", values=years, grid=False),
            ),
            y=alt.Y("value:Q", title="数值", scale=alt.Scale(zero=True), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("district:N", title="地区"),
            facet=alt.Facet("panel:N", columns=columns, title=None, header=alt.Header(labelFontWeight="bold")),
            tooltip=_POINT_TOOLTIP,
        )
        .transform_calculate(panel="datum.name_zh + '（' + datum.unit + '）'")
        .properties(width=200, height=150)
        .resolve_scale(y="independent").resolve_axis(x="independent")  # every panel gets its own year axis
    )


def _trend_bands(
    summary: pl.DataFrame, years: list[int], n_districts: int, n_points: int, columns: int, title: str
) -> alt.FacetChart:
    """Median line and quartile band per indicator panel (see :func:`trend_lines`)."""
    x = alt.X(
        "year:Q",
        title="年份",
        scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False),
        axis=alt.Axis(format="d", values=years, grid=False, labelAngle=-45 if len(years) > 6 else 0),
    )
    tooltip = [
        alt.Tooltip("name_zh:N", title="指标"),
        alt.Tooltip("year:Q", title="年份", format="d"),
        alt.Tooltip("n_reports:Q", title="报告数"),
        alt.Tooltip("median:Q", title="中位数", format=",.4~f"),
        alt.Tooltip("q25:Q", title="下四分位", format=",.4~f"),
        alt.Tooltip("q75:Q", title="上四分位", format=",.4~f"),
        alt.Tooltip("min:Q", title="最小值", format=",.4~f"),
        alt.Tooltip("max:Q", title="最大值", format=",.4~f"),
    ]
    base = alt.Chart().encode(x=x)
    band = base.mark_area(opacity=0.25, color="#4c78a8").encode(
        y=alt.Y("q25:Q", title="数值", scale=alt.Scale(zero=True), axis=alt.Axis(tickMinStep=1)), y2="q75:Q"
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=40, filled=True), color="#4c78a8", strokeWidth=2).encode(
        y=alt.Y("median:Q", title="数值"), tooltip=tooltip
    )
    subtitle = (
        f"{n_districts} 个地区、{n_points:,} 个数值，逐个画线无法辨认：线为当年各报告数值的中位数，"
        "色带为上下四分位（中间一半的报告）；各分图纵轴单位不同"
    )
    return (
        alt.layer(band, line, data=summary)
        .transform_calculate(panel="datum.name_zh + '（' + datum.unit + '）'")
        .properties(width=200, height=150)
        .facet(facet=alt.Facet("panel:N", title=None, header=alt.Header(labelFontWeight="bold")), columns=columns)
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")
        .properties(title=alt.Title(title, subtitle=subtitle))
    )


def district_bars(
    df: pl.DataFrame,
    indicator: str,
    year: int | None = None,
    *,
    max_bars: int = MAX_BARS,
    title: str | None = None,
) -> alt.Chart:
    """Bars comparing districts on one indicator (the ``max_bars`` largest values), in one year or each district's latest.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.points`.
    indicator : str
        Canonical id, e.g. ``"head_appearance_rate"``.
    year : int, optional
        Year reported on. ``None`` (default): each district's latest year with
        a figure for the indicator, written beside its name on the bar
        (``拱墅区（2024）``), so districts whose latest reports are from
        different years can be compared, with the difference in plain view.
    max_bars : int, default :data:`MAX_BARS`
        Most districts drawn: those with the largest values (ties: district
        name); the subtitle gives how many reported the indicator.
    title : str, optional
        Default "<name_zh>：各地区比较（<year>年）", or "<name_zh>：各地区最近一年比较".

    Returns
    -------
    altair.Chart
        Horizontal bars, one per district, sorted by value descending (the
        value axis has integer ticks); tooltips give the source sentence.

    Raises
    ------
    ValueError
        ``df`` lacks the points columns, or has no row for ``indicator`` (in
        ``year``); ``max_bars`` < 1.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "district_bars", "points")
    if max_bars < 1:
        msg = f"district_bars: max_bars must be >= 1; got {max_bars}"
        raise ValueError(msg)
    mine = _with_point_columns(df).filter(pl.col("indicator") == indicator)
    if year is None:
        # per district, the latest year with a figure (ties within a year: the largest value)
        chosen = mine.sort(["district", "year", "value"], descending=[False, True, True]).unique(
            "district", keep="first", maintain_order=True
        )
    else:
        chosen = mine.filter(pl.col("year") == year)
    data, note = _comparable(chosen)
    data = data.select(_POINT_COLUMNS)
    if data.height == 0:
        have = mine["year"].unique().sort().to_list()
        where = f" in {year}" if year is not None else ""
        msg = (
            f"district_bars: no figure for indicator '{indicator}'{where}; "
            f"years with this indicator: {have or 'none'}; choose one of them or another indicator"
        )
        raise ValueError(msg)
    data = data.with_columns(bar=pl.col("district") + "（" + pl.col("year").cast(pl.String) + "）")
    name, unit = data["name_zh"][0], data["unit"][0]
    which = "每个地区取有该指标数值的最近一年（括号中为年份）；" if year is None else ""
    subtitle = f"单位：{unit}；{which}只列出报告了该指标的地区{note}"
    if data.height > max_bars:
        subtitle = f"单位：{unit}；{which}{data.height} 个报告了该指标的地区中数值最大的 {max_bars} 个{note}"
        data = data.sort(["value", "district"], descending=[True, False]).head(max_bars)
    default = f"{name}：各地区比较（{year}年）" if year is not None else f"{name}：各地区最近一年比较"
    return (
        alt.Chart(
            data,
            title=alt.Title(title or default, subtitle=subtitle),
        )
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("value:Q", title=f"{name}（{unit}）", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("bar:N" if year is None else "district:N", sort="-x", title=None),
            tooltip=_POINT_TOOLTIP,
        )
        .properties(width=360, height=alt.Step(26))
    )
