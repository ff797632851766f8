"""Chart helpers for :mod:`workbench.keywords` results.

Each takes a finished result frame and returns an Altair chart; they select
the rows to show (top ``n``) but compute no statistics and save nothing.
"""

from __future__ import annotations

import altair as alt
import polars as pl

__all__ = ["keyness_bars", "similarity_heatmap", "tfidf_bars"]

_MEASURES = {"g2": "对数似然 G²", "chi2": "卡方 χ²"}


def _require(df: pl.DataFrame, cols: tuple[str, ...], func: str, source: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        msg = f"{func}: frame lacks columns {missing}; pass the result of workbench.keywords.{source}"
        raise ValueError(msg)


def tfidf_bars(
    df: pl.DataFrame,
    n: int = 10,
    *,
    columns: int = 3,
    title: str = "各组 TF-IDF 最高的词",
) -> alt.Chart:
    """Horizontal bars of the top-``n`` TF-IDF terms, one panel per group.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`workbench.keywords.tfidf` (``group``, ``term``,
        ``count``, ``tfidf``, ``rank``).
    n : int, default 10
        Terms per group (``rank <= n``).
    columns : int, default 3
        Panels per row.
    title : str, default "各组 TF-IDF 最高的词"

    Returns
    -------
    altair.Chart
        Bar chart faceted by ``group``; each panel has its own y scale,
        bars sorted by TF-IDF descending.

    Raises
    ------
    ValueError
        ``df`` lacks the tfidf columns; ``n`` < 1.

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench.charts import tfidf_bars
    >>> chart = tfidf_bars(wb.keywords.tfidf(wb.load_corpus()), n=5)  # doctest: +SKIP
    """
    _require(df, ("group", "term", "count", "tfidf", "rank"), "tfidf_bars", "tfidf")
    if n < 1:
        msg = f"tfidf_bars: n must be >= 1; got {n}"
        raise ValueError(msg)
    data = df.filter(pl.col("rank") <= n).select("group", "term", "count", "tfidf", "rank")
    return (
        alt.Chart(data, title=alt.Title(title, subtitle=f"每组前 {n} 个词;条越长,该词越是这一组独有且常用"))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("tfidf:Q", title="TF-IDF"),
            y=alt.Y("term:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
            facet=alt.Facet("group:N", columns=columns, title=None, header=alt.Header(labelFontWeight="bold")),
            tooltip=[
                alt.Tooltip("group:N", title="组别"),
                alt.Tooltip("term:N", title="词语"),
                alt.Tooltip("rank:Q", title="排名"),
                alt.Tooltip("count:Q", title="频次"),
                alt.Tooltip("tfidf:Q", title="TF-IDF", format=".3f"),
            ],
        )
        .properties(width=180, height=alt.Step(16))
        .resolve_scale(y="independent")
    )


def keyness_bars(
    df: pl.DataFrame,
    n: int = 15,
    *,
    target: str = "目标组",
    reference: str = "参照组",
    measure: str = "g2",
    title: str | None = None,
) -> alt.Chart:
    """Divergent bars of keyness: the target's over-used terms right, its under-used terms left.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`workbench.keywords.keyness`.
    n : int, default 15
        Terms on each side: the ``n`` highest positive and the ``n`` lowest
        negative statistics.
    target, reference : str
        Names of the two groups, for the legend and title (e.g. "拱墅区",
        "其余各区").
    measure : {"g2", "chi2"}, default "g2"
        The measure of ``df``, for the axis title.
    title : str, optional
        Default "<target> 与 <reference> 的关键词对比".

    Returns
    -------
    altair.Chart
        Bar chart: x the signed statistic, y the terms sorted by it, colour
        naming the side (target or reference).

    Raises
    ------
    ValueError
        ``df`` lacks the keyness columns; ``n`` < 1.

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench.charts import keyness_bars
    >>> k = wb.keywords.keyness(wb.load_corpus(), "district", "拱墅区")  # doctest: +SKIP
    >>> chart = keyness_bars(k, target="拱墅区", reference="其余各区")  # doctest: +SKIP
    """
    _require(df, ("term", "n_target", "n_reference", "statistic", "p", "log_ratio"), "keyness_bars", "keyness")
    if n < 1:
        msg = f"keyness_bars: n must be >= 1; got {n}"
        raise ValueError(msg)
    over = df.filter(pl.col("statistic") > 0).sort(["statistic", "term"], descending=[True, False]).head(n)
    under = df.filter(pl.col("statistic") < 0).sort(["statistic", "term"]).head(n)
    side_target = f"{target} 多用"
    side_reference = f"{reference} 多用"
    data = pl.concat([over, under]).with_columns(
        pl.when(pl.col("statistic") > 0).then(pl.lit(side_target)).otherwise(pl.lit(side_reference)).alias("side")
    )
    axis_title = f"{_MEASURES.get(measure, measure)}(正值:{target} 多用;负值:{reference} 多用)"
    return (
        alt.Chart(
            data,
            title=alt.Title(
                title or f"{target} 与 {reference} 的关键词对比",
                subtitle=f"两侧各取前 {n} 个词,按关键性统计量排序",
            ),
        )
        .mark_bar()
        .encode(
            x=alt.X("statistic:Q", title=axis_title),
            y=alt.Y("term:N", sort=alt.EncodingSortField("statistic", order="descending"), title=None),
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(domain=[side_target, side_reference], range=["#d95f02", "#1b9e77"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="词语"),
                alt.Tooltip("n_target:Q", title=f"{target} 频次"),
                alt.Tooltip("n_reference:Q", title=f"{reference} 频次"),
                alt.Tooltip("statistic:Q", title=_MEASURES.get(measure, measure), format=".2f"),
                alt.Tooltip("p:Q", title="p 值", format=".4f"),
                alt.Tooltip("log_ratio:Q", title="Log Ratio", format=".2f"),
            ],
        )
        .properties(width=420, height=alt.Step(16))
    )


def similarity_heatmap(
    df: pl.DataFrame,
    *,
    title: str = "各组报告的相似度(TF-IDF 余弦)",
) -> alt.LayerChart:
    """Heatmap of group-to-group similarity, the value printed in each cell.

    Parameters
    ----------
    df : polars.DataFrame
        The tidy result of :func:`workbench.keywords.similarity`
        (``group_a``, ``group_b``, ``similarity``).
    title : str, default "各组报告的相似度(TF-IDF 余弦)"

    Returns
    -------
    altair.LayerChart
        A ``rect`` layer coloured by similarity and a ``text`` layer with
        the value (two decimals).

    Raises
    ------
    ValueError
        ``df`` lacks the similarity columns.

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench.charts import similarity_heatmap
    >>> chart = similarity_heatmap(wb.keywords.similarity(wb.load_corpus()))  # doctest: +SKIP
    """
    _require(df, ("group_a", "group_b", "similarity"), "similarity_heatmap", "similarity")
    order = df["group_a"].unique(maintain_order=True).to_list()
    off_diagonal = df.filter(pl.col("group_a") != pl.col("group_b"))["similarity"]
    # colour range spans the off-diagonal values (the diagonal, 1, is clamped to the darkest colour)
    lower = float(off_diagonal.min()) if off_diagonal.len() else 0.0
    upper = float(off_diagonal.max()) if off_diagonal.len() else 1.0
    if upper <= lower:
        lower, upper = 0.0, 1.0
    base = alt.Chart(df).encode(
        x=alt.X("group_b:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("group_a:N", sort=order, title=None),
        tooltip=[
            alt.Tooltip("group_a:N", title="组别 A"),
            alt.Tooltip("group_b:N", title="组别 B"),
            alt.Tooltip("similarity:Q", title="相似度", format=".3f"),
        ],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "similarity:Q",
            title="相似度",
            scale=alt.Scale(scheme="blues", domain=[lower, upper], clamp=True),
        )
    )
    labels = base.mark_text(fontSize=12).encode(
        text=alt.Text("similarity:Q", format=".2f"),
        color=alt.when(alt.datum.similarity > (lower + upper) / 2).then(alt.value("white")).otherwise(alt.value("black")),
    )
    return (cells + labels).properties(
        title=alt.Title(title, subtitle="1 = 用词分布相同;对角线为自身;颜色范围取非对角线的最小值到最大值"),
        width=alt.Step(70),
        height=alt.Step(40),
    )
