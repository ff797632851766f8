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
from .. import labels as _labels
from ..labels import Lang
from .errors import NothingToDraw

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


#: What the charts write, by language ({} fields are filled in by the chart).
_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "district": "地区", "year": "年份", "indicator": "指标", "value": "数值", "unit": "单位", "qualifier": "限定",
        "sentence": "原文", "sentence_first": "原文（首个分项）", "parts": "分项", "code": "指标代码", "mentions": "提及次数", "share": "占比",
        "n_reported": "报告了该指标的报告数", "n_reports_year": "当年报告数", "n_reports": "报告数",
        "median": "中位数", "q25": "下四分位", "q75": "上四分位", "min": "最小值", "max": "最大值",
        "coverage_title": "各地区、年度报告了哪些指标",
        "coverage_sub": "格中数字深浅 = 该报告中提及次数（不含计划部分与同比变化）；灰色 = 未报告",
        "share_sub": "共 {n:,} 份报告，按年份汇总：格中为当年报告中提及该指标的比例（不含计划部分与同比变化）",
        "trend_title": "指标的年度变化（按地区着色）",
        "trend_title_bands": "指标的年度变化（各地区中位数与四分位距）",
        "trend_sub": "每个点是一份报告中的数值，悬停可见原句；各分图纵轴单位不同",
        "bands_sub": "{d} 个地区、{n:,} 个数值，逐个画线无法辨认：线为当年各报告数值的中位数，色带为上下四分位（中间一半的报告）；各分图纵轴单位不同",
        "bars_title": "{name}：各地区比较（{year}年）",
        "bars_title_latest": "{name}：各地区最近一年比较",
        "bars_latest": "每个地区取有该指标数值的最近一年（括号中为年份）；",
        "bar": "{district}（{year}）",
        "bars_sub": "单位：{unit}；{which}只列出报告了该指标的地区",
        "bars_sub_top": "单位：{unit}；{which}{n} 个报告了该指标的地区中数值最大的 {m} 个",
        "bars_axis": "{name}（{unit}）",
        "panel": "{name}（{unit}）",
        "left_out": "；未画出只报告了部分分项的数值（{places}），见 point_sources",
    },
    "en": {
        "district": "District", "year": "Year", "indicator": "Indicator", "value": "Value", "unit": "Unit",
        "qualifier": "Qualifier", "sentence": "Source sentence", "sentence_first": "Source sentence (first part)",
        "parts": "Parts", "code": "Indicator id", "mentions": "Mentions",
        "share": "Share", "n_reported": "Reports stating it", "n_reports_year": "Reports that year",
        "n_reports": "Reports", "median": "Median", "q25": "Lower quartile", "q75": "Upper quartile",
        "min": "Minimum", "max": "Maximum",
        "coverage_title": "Which indicators each district and year reports",
        "coverage_sub": "Shade = mentions in the report (plans part and changes excluded); grey = not reported",
        "share_sub": "{n:,} reports, by year: share of the year's reports that state the indicator (plans part and changes excluded)",
        "trend_title": "Indicators across years (coloured by district)",
        "trend_title_bands": "Indicators across years (median and interquartile range over districts)",
        "trend_sub": "Each point is one report's value (hover for the source sentence); panels have their own units",
        "bands_sub": "{d} districts, {n:,} values, too many for a line each: the line is the median of the year's reports, the band the quartiles (the middle half); panels have their own units",
        "bars_title": "{name}: districts compared ({year})",
        "bars_title_latest": "{name}: districts compared, latest year of each",
        "bars_latest": "each district's latest year with a figure (in brackets); ",
        "bar": "{district} ({year})",
        "bars_sub": "Unit: {unit}; {which}only districts that report the indicator",
        "bars_sub_top": "Unit: {unit}; {which}the {m} largest of the {n} districts that report the indicator",
        "bars_axis": "{name} ({unit})",
        "panel": "{name} ({unit})",
        "left_out": "; not drawn: values of only some parts ({places}), see point_sources",
    },
}


def _point_tooltip(lang: Lang) -> list[alt.Tooltip]:
    t = _TEXT[lang]
    return [
        alt.Tooltip("district:N", title=t["district"]),
        alt.Tooltip("year:Q", title=t["year"], format="d"),
        alt.Tooltip("name:N", title=t["indicator"]),
        alt.Tooltip("value:Q", title=t["value"], format=",.4~f"),
        alt.Tooltip("unit_shown:N", title=t["unit"]),
        alt.Tooltip("qualifier:N", title=t["qualifier"]),
        alt.Tooltip("parts:N", title=t["parts"]),
        alt.Tooltip("n_mentions:Q", title=t["mentions"]),
        alt.Tooltip("sentence:N", title=t["sentence_first"]),
    ]


def _named(df: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """``df`` with ``name`` (the indicator's name in ``lang``), ``unit_shown`` and districts in ``lang``."""
    if lang == "zh":
        out = df.with_columns(pl.col("name_zh").alias("name"))
    else:
        names = _ind.taxonomy().select("indicator", pl.col("name_en").alias("name"))
        names = names.with_columns(pl.col("name").map_elements(_labels.without_chinese, return_dtype=pl.String))
        out = df.join(names, on="indicator", how="left").with_columns(pl.col("name").fill_null(pl.col("indicator")))
    if "unit" in out.columns:
        units = {u: _labels.unit(u, lang) for u in out["unit"].unique().to_list() if u is not None}
        out = out.with_columns(pl.col("unit").replace(units).alias("unit_shown"))
    return _labels.translate(out, ["district"], lang)


#: Characters per line of an English panel header (longer names wrap; Chinese ones fit on one line).
_HEADER_WIDTH = 34


def _with_panel(df: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """``df`` (from :func:`_named`) with ``panel``: the header of its facet, lines separated by "|"."""
    import textwrap

    fmt = _TEXT[lang]["panel"]
    pairs = df.select("name", "unit_shown").unique()
    text = {
        (n, u): "|".join(textwrap.wrap(fmt.format(name=n, unit=u), _HEADER_WIDTH)) if lang == "en" else fmt.format(name=n, unit=u)
        for n, u in pairs.iter_rows()
    }
    keys = pl.struct("name", "unit_shown")
    return df.with_columns(
        keys.map_elements(lambda r: text[(r["name"], r["unit_shown"])], return_dtype=pl.String).alias("panel")
    )


def _header() -> alt.Header:
    """Facet header of the indicator panels: bold, lines split at "|"."""
    return alt.Header(labelFontWeight="bold", labelLimit=0, labelExpr="split(datum.value, '|')")


_POINT_COLUMNS = ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "parts", "n_mentions", "sentence")


def _comparable(df: pl.DataFrame, lang: Lang = "zh") -> tuple[pl.DataFrame, str]:
    """Points that compare like with like (no one-part figure beside a sum), and a note on those left out."""
    if "figure" not in df.columns:
        return df, ""
    kept, left_out = _ind.like_with_like(df)
    if left_out.is_empty():
        return kept, ""
    sep = "、" if lang == "zh" else ", "
    places = sep.join(
        f"{_labels.place(r['district'], lang)} {r['year']} {r['name_zh'] if lang == 'zh' else r['indicator']}"
        for r in left_out.iter_rows(named=True)
    )
    return kept, _TEXT[lang]["left_out"].format(places=places)


def _with_point_columns(df: pl.DataFrame) -> pl.DataFrame:
    missing = {"parts": pl.String, "n_mentions": pl.UInt32}
    return df.with_columns(pl.lit(None, t).alias(c) for c, t in missing.items() if c not in df.columns)


def coverage_heatmap(
    df: pl.DataFrame, *, max_reports: int = MAX_REPORTS, title: str | None = None, lang: Lang = "zh"
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
    title : str, optional
        Default "各地区、年度报告了哪些指标" (English: "Which indicators each
        district and year reports").
    lang : {"zh", "en"}, default "zh"
        Language of titles, legends, indicator names (taxonomy ``name_en``)
        and districts (pinyin, :func:`workbench.labels.place_en`).

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
        ``df`` lacks the coverage columns; ``max_reports`` < 1; ``lang`` unknown.

    Examples
    --------
    >>> from workbench import indicators, charts
    >>> chart = charts.coverage_heatmap(indicators.coverage(rows, corpus.documents))  # doctest: +SKIP
    """
    _require(df, ("indicator", "name_zh", "district", "year", "place_year", "n_mentions"), "coverage_heatmap", "coverage")
    _labels.check_lang(lang, "coverage_heatmap")
    t = _TEXT[lang]
    title = title or t["coverage_title"]
    if max_reports < 1:
        msg = f"coverage_heatmap: max_reports must be >= 1; got {max_reports}"
        raise ValueError(msg)
    n_reports = df["place_year"].n_unique()
    if n_reports > max_reports:
        return _coverage_share_heatmap(_ind.coverage_share(df, "year"), n_reports, title, lang)
    data = _named(df.select("indicator", "name_zh", "district", "year", "place_year", "n_mentions"), lang).with_columns(
        pl.format("{} {}", pl.col("district"), pl.col("year")).alias("place_year"),
        # one colour per class, 4 and more sharing the darkest: an ordinal scale would reuse its colours
        pl.when(pl.col("n_mentions") >= 4).then(pl.lit("4+")).otherwise(pl.col("n_mentions").cast(pl.String)).alias("mentions")
    )
    order_x = data.sort("year", "district").unique("place_year", maintain_order=True)["place_year"].to_list()
    order_y = data.unique("name", maintain_order=True)["name"].to_list()
    return (
        alt.Chart(data, title=alt.Title(title, subtitle=t["coverage_sub"]))
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("place_year:N", sort=order_x, title=None, axis=alt.Axis(labelAngle=-30, orient="top")),
            y=alt.Y("name:N", sort=order_y, title=None, axis=alt.Axis(labelLimit=220 if lang == "zh" else 480)),
            color=alt.Color(
                "mentions:N",
                title=t["mentions"],
                scale=alt.Scale(domain=MENTION_CLASSES, range=["#eeeeee", "#9ecae1", "#4292c6", "#08519c", "#08306b"]),
            ),
            tooltip=[
                alt.Tooltip("district:N", title=t["district"]),
                alt.Tooltip("year:Q", title=t["year"], format="d"),
                alt.Tooltip("name:N", title=t["indicator"]),
                alt.Tooltip("indicator:N", title=t["code"]),
                alt.Tooltip("n_mentions:Q", title=t["mentions"]),
            ],
        )
        .properties(width=alt.Step(70 if lang == "zh" else 90), height=alt.Step(18))
    )


def _coverage_share_heatmap(share: pl.DataFrame, n_reports: int, title: str, lang: Lang = "zh") -> alt.LayerChart:
    """Indicator × year grid of the share of reports stating the indicator (see :func:`coverage_heatmap`)."""
    t = _TEXT[lang]
    share = _named(share, lang)
    order_y = share.unique("name", maintain_order=True)["name"].to_list()
    base = alt.Chart(share).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("name:N", sort=order_y, title=None, axis=alt.Axis(labelLimit=220 if lang == "zh" else 480)),
        tooltip=[
            alt.Tooltip("year:O", title=t["year"]),
            alt.Tooltip("name:N", title=t["indicator"]),
            alt.Tooltip("indicator:N", title=t["code"]),
            alt.Tooltip("n_reported:Q", title=t["n_reported"]),
            alt.Tooltip("n_reports:Q", title=t["n_reports_year"]),
            alt.Tooltip("share:Q", title=t["share"], format=".0%"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("share:Q", title=t["share"], scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(format="%"))
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.when(alt.datum.share > 0.5).then(alt.value("white")).otherwise(alt.value("black")),
    )
    subtitle = t["share_sub"].format(n=n_reports)
    return (cells + text).properties(
        title=alt.Title(title, subtitle=subtitle), width=alt.Step(44), height=alt.Step(18)
    )


def trend_lines(
    df: pl.DataFrame,
    *,
    columns: int = 3,
    max_districts: int = MAX_DISTRICTS,
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.Chart | alt.FacetChart:
    """Lines of each indicator across years, one panel per indicator, one colour per district.

    Every value is drawn as a point, so a district with a single year is
    visible; lines join the years of one district. The y scale of each panel
    is its own (the panels have different units).

    With more than ``max_districts`` districts, one line per panel instead:
    the median over the reports of each year, in a band from the lower to the
    upper quartile (:func:`workbench.indicators.trend_summary`); the default
    title then reads "指标的年度变化(各地区中位数与四分位距)".
    With ``lang="en"`` every title, legend and panel is in English (indicator
    names from the taxonomy's ``name_en``, districts in pinyin).

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`workbench.indicators.points` (``district``, ``year``,
        ``name_zh``, ``value``, ``unit``, ``sentence`` …).
    columns : int, default 3
        Panels per row.
    max_districts : int, default :data:`MAX_DISTRICTS`
        Most districts drawn as lines of their own.
    title : str, optional
        Default "指标的年度变化(按地区着色)" (English: "Indicators across years").
    lang : {"zh", "en"}, default "zh"

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
    NothingToDraw
        ``df`` is empty (a :class:`ValueError`).
    ValueError
        ``df`` lacks the columns of :func:`workbench.indicators.points`;
        ``max_districts`` < 1.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "trend_lines", "points")
    if df.height == 0:
        msg = (
            "trend_lines: no points to draw: no report with a district and a year gives a figure for these "
            "indicators; check the indicators and districts passed to workbench.indicators.points"
        )
        raise NothingToDraw(msg)
    if max_districts < 1:
        msg = f"trend_lines: max_districts must be >= 1; got {max_districts}"
        raise ValueError(msg)
    _labels.check_lang(lang, "trend_lines")
    t = _TEXT[lang]
    df, note = _comparable(df, lang)
    data = _with_point_columns(df).select(_POINT_COLUMNS)
    years = sorted(data["year"].unique().to_list())
    n_districts = data["district"].n_unique()
    if n_districts > max_districts:
        return _trend_bands(_ind.trend_summary(df), years, n_districts, df.height, columns, title or t["trend_title_bands"], lang)
    data = _with_panel(_named(data, lang), lang)
    return (
        alt.Chart(data, title=alt.Title(title or t["trend_title"], subtitle=t["trend_sub"] + note))
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "year:Q",
                title=t["year"],
                scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False),
                axis=alt.Axis(format="d", values=years, grid=False),
            ),
            y=alt.Y("value:Q", title=t["value"], scale=alt.Scale(zero=True), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("district:N", title=t["district"]),
            facet=alt.Facet("panel:N", columns=columns, title=None, header=_header()),
            tooltip=_point_tooltip(lang),
        )
        .properties(width=200, height=150)
        .resolve_scale(y="independent").resolve_axis(x="independent")  # every panel gets its own year axis
    )


def _trend_bands(
    summary: pl.DataFrame, years: list[int], n_districts: int, n_points: int, columns: int, title: str, lang: Lang = "zh"
) -> alt.FacetChart:
    """Median line and quartile band per indicator panel (see :func:`trend_lines`)."""
    t = _TEXT[lang]
    summary = _with_panel(_named(summary, lang), lang)
    x = alt.X(
        "year:Q",
        title=t["year"],
        scale=alt.Scale(domain=[years[0] - 0.5, years[-1] + 0.5], nice=False, zero=False),
        axis=alt.Axis(format="d", values=years, grid=False, labelAngle=-45 if len(years) > 6 else 0),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t["indicator"]),
        alt.Tooltip("year:Q", title=t["year"], format="d"),
        alt.Tooltip("n_reports:Q", title=t["n_reports"]),
        alt.Tooltip("median:Q", title=t["median"], format=",.4~f"),
        alt.Tooltip("q25:Q", title=t["q25"], format=",.4~f"),
        alt.Tooltip("q75:Q", title=t["q75"], format=",.4~f"),
        alt.Tooltip("min:Q", title=t["min"], format=",.4~f"),
        alt.Tooltip("max:Q", title=t["max"], format=",.4~f"),
    ]
    base = alt.Chart().encode(x=x)
    band = base.mark_area(opacity=0.25, color="#4c78a8").encode(
        y=alt.Y("q25:Q", title=t["value"], scale=alt.Scale(zero=True), axis=alt.Axis(tickMinStep=1)), y2="q75:Q"
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=40, filled=True), color="#4c78a8", strokeWidth=2).encode(
        y=alt.Y("median:Q", title=t["value"]), tooltip=tooltip
    )
    subtitle = t["bands_sub"].format(d=n_districts, n=n_points)
    return (
        alt.layer(band, line, data=summary)
        .properties(width=200, height=150)
        .facet(facet=alt.Facet("panel:N", title=None, header=_header()), columns=columns)
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
    lang: Lang = "zh",
) -> alt.Chart:
    """Bars comparing districts on one indicator in one year (the ``max_bars`` largest values).

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
        Default "<name_zh>:各地区比较(<year>年)" (English: "<name_en>:
        districts compared (<year>)").
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    altair.Chart
        Horizontal bars, one per district, sorted by value descending, with
        the value written at the bar end; tooltips give the source sentence.

    Raises
    ------
    NothingToDraw
        ``df`` has no row for ``indicator`` (in ``year``) (a :class:`ValueError`).
    ValueError
        ``df`` lacks the points columns; ``indicator`` is not an id of the
        taxonomy; ``max_bars`` < 1.
    """
    _require(df, ("district", "year", "indicator", "name_zh", "value", "unit", "qualifier", "sentence"), "district_bars", "points")
    if max_bars < 1:
        msg = f"district_bars: max_bars must be >= 1; got {max_bars}"
        raise ValueError(msg)
    _labels.check_lang(lang, "district_bars")
    t = _TEXT[lang]
    known = _ind.taxonomy()["indicator"].to_list()
    if indicator not in known:  # a wrong argument, not missing data
        msg = f"district_bars: unknown indicator id '{indicator}'; known: {', '.join(known)}"
        raise ValueError(msg)
    mine = _with_point_columns(df).filter(pl.col("indicator") == indicator)
    if year is None:
        # per district, the latest year with a figure (ties within a year: the largest value)
        chosen = mine.sort(["district", "year", "value"], descending=[False, True, True]).unique(
            "district", keep="first", maintain_order=True
        )
    else:
        chosen = mine.filter(pl.col("year") == year)
    data, note = _comparable(chosen, lang)
    data = data.select(_POINT_COLUMNS)
    if data.height == 0:
        have = mine["year"].unique().sort().to_list()
        where = f" in {year}" if year is not None else ""
        msg = (
            f"district_bars: no figure for indicator '{indicator}'{where}; "
            f"years with this indicator: {have or 'none'}; choose one of them or another indicator"
        )
        raise NothingToDraw(msg)
    n_districts = data.height
    if data.height > max_bars:
        data = data.sort(["value", "district"], descending=[True, False]).head(max_bars)
    data = _named(data, lang)
    data = data.with_columns(
        pl.struct("district", "year")
        .map_elements(lambda r: t["bar"].format(district=r["district"], year=r["year"]), return_dtype=pl.String)
        .alias("bar")
    )
    name, unit = data["name"][0], data["unit_shown"][0]
    which = t["bars_latest"] if year is None else ""
    subtitle = t["bars_sub"].format(unit=unit, which=which) + note
    if n_districts > max_bars:
        subtitle = t["bars_sub_top"].format(unit=unit, which=which, n=n_districts, m=max_bars) + note
    default = t["bars_title"].format(name=name, year=year) if year is not None else t["bars_title_latest"].format(name=name)
    return (
        alt.Chart(
            data,
            title=alt.Title(title or default, subtitle=subtitle),
        )
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("value:Q", title=t["bars_axis"].format(name=name, unit=unit), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("bar:N" if year is None else "district:N", sort="-x", title=None),
            tooltip=_point_tooltip(lang),
        )
        .properties(width=360, height=alt.Step(26))
    )
