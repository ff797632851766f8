"""Chart helpers for :mod:`workbench.topics` results.

Each takes one frame of a :class:`workbench.topics.TopicResult` and returns an
Altair chart; they compute no statistics and save nothing. Topics are ordered
by their number (1 = largest) everywhere.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from .theme import term_axis

__all__ = ["item_map", "k_selection_curve", "topic_district_heatmap", "topic_terms_bars"]

_METHODS = {"kmeans": "k-means", "agglomerative": "层次聚类", "nmf": "NMF"}
_TOPIC_ORDER = alt.EncodingSortField(field="topic", op="min", order="ascending")

#: Most district columns :func:`topic_district_heatmap` draws (the districts with the most items).
MAX_DISTRICTS = 20
#: Most districts :func:`item_map` gives a shape of their own (beyond, one shape and no legend).
MAX_SHAPES = 8
#: Most items :func:`item_map` draws (beyond, a fixed-seed sample of this many).
MAX_POINTS = 2000


def _require(df: pl.DataFrame, cols: tuple[str, ...], func: str, attribute: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        msg = f"{func}: frame lacks columns {missing}; pass result.{attribute} of workbench.topics.cluster"
        raise ValueError(msg)


def topic_district_heatmap(
    df: pl.DataFrame,
    *,
    max_districts: int = MAX_DISTRICTS,
    title: str = "各区的工作安排分属哪些主题",
) -> alt.LayerChart:
    """Heatmap of plan items per topic (rows) and district (columns), the count printed in each cell.

    With more than ``max_districts`` districts (a hundred columns cannot be
    read), only the ``max_districts`` districts with the most items are drawn
    (ties: district name); the subtitle says so. ``result.by_district`` and
    ``result.topics.n_districts`` keep every district.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.by_district`` of :func:`workbench.topics.cluster`
        (``topic``, ``label``, ``district``, ``n_items``).
    max_districts : int, default :data:`MAX_DISTRICTS`
    title : str, default "各区的工作安排分属哪些主题"

    Returns
    -------
    altair.LayerChart
        A ``rect`` layer coloured by ``n_items`` (no legend) and a ``text``
        layer with the count (empty cells show no number).

    Raises
    ------
    ValueError
        ``df`` lacks the by_district columns; ``max_districts`` < 1.

    Examples
    --------
    >>> import workbench as wb
    >>> result = wb.topics.cluster(wb.topics.plan_items(wb.load_corpus()))  # doctest: +SKIP
    >>> chart = topic_district_heatmap(result.by_district)  # doctest: +SKIP
    """
    _require(df, ("topic", "label", "district", "n_items"), "topic_district_heatmap", "by_district")
    if max_districts < 1:
        msg = f"topic_district_heatmap: max_districts must be >= 1; got {max_districts}"
        raise ValueError(msg)
    data = df.select("topic", "label", "district", "n_items")
    subtitle = "每格为该区落入该主题的工作安排条目数；主题按规模排序"
    n_districts = data["district"].n_unique()
    if n_districts > max_districts:
        totals = data.group_by("district").agg(pl.col("n_items").sum()).sort(["n_items", "district"], descending=[True, False])
        data = data.filter(pl.col("district").is_in(totals["district"].head(max_districts).implode()))
        subtitle += f"；共 {n_districts} 个地区，只画条目最多的 {max_districts} 个"
    base = alt.Chart(data).encode(
        x=alt.X("district:N", title="地区", sort="ascending", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", title="主题", sort=_TOPIC_ORDER, axis=alt.Axis(labelLimit=240)),
        tooltip=[
            alt.Tooltip("topic:O", title="主题编号"),
            alt.Tooltip("label:N", title="主题"),
            alt.Tooltip("district:N", title="地区"),
            alt.Tooltip("n_items:Q", title="条目数"),
        ],
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        # the count is printed in each cell, so the colour needs no legend
        color=alt.Color("n_items:Q", title="条目数", scale=alt.Scale(scheme="blues", domainMin=0), legend=None)
    )
    text = base.transform_filter(alt.datum.n_items > 0).mark_text(fontSize=12).encode(
        text=alt.Text("n_items:Q"),
        color=alt.value("black"),
    )
    return (rect + text).properties(
        title=alt.Title(title, subtitle=subtitle),
        width=alt.Step(70),
        height=alt.Step(28),
    )


def item_map(
    df: pl.DataFrame,
    *,
    max_shapes: int = MAX_SHAPES,
    max_points: int = MAX_POINTS,
    seed: int = 0,
    title: str = "工作安排条目的二维分布",
) -> alt.Chart:
    """Scatter map of items (2-D SVD of their TF-IDF vectors), coloured by topic, shaped by district.

    With more than ``max_shapes`` districts the shapes (and their legend of a
    hundred entries) are dropped: points are smaller and translucent, and the
    district is in the tooltip. With more than ``max_points`` items, a sample
    of ``max_points`` items drawn with ``seed`` is shown, as the subtitle says.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.coords`` of :func:`workbench.topics.cluster` (``item_id``,
        ``district``, ``year``, ``heading``, ``topic``, ``label``, ``x``, ``y``).
    max_shapes : int, default :data:`MAX_SHAPES`
        Most districts drawn with a shape each.
    max_points : int, default :data:`MAX_POINTS`
        Most items drawn.
    seed : int, default 0
        Seed of the sample when there are more than ``max_points`` items.
    title : str, default "工作安排条目的二维分布"

    Returns
    -------
    altair.Chart
        Point chart; tooltips show district, year, item heading and topic.
        Items close together share vocabulary; the axes have no meaning of
        their own.

    Raises
    ------
    ValueError
        ``df`` lacks the coords columns; ``max_points`` < 1.

    Examples
    --------
    >>> chart = item_map(result.coords)  # doctest: +SKIP
    """
    _require(df, ("item_id", "district", "year", "heading", "topic", "label", "x", "y"), "item_map", "coords")
    if max_points < 1:
        msg = f"item_map: max_points must be >= 1; got {max_points}"
        raise ValueError(msg)
    data = df.select("item_id", "district", "year", "heading", "topic", "label", "x", "y")
    subtitle = "TF-IDF 向量的截断 SVD 前两维；点越近，用词越相近（坐标轴本身无含义）"
    if data.height > max_points:
        subtitle += f"；共 {data.height:,} 个条目，随机抽取 {max_points:,} 个（种子 {seed}）"
        data = data.sort("item_id").sample(max_points, seed=seed).sort("topic", "item_id")
    many = data["district"].n_unique() > max_shapes
    shape = alt.Undefined if many else alt.Shape("district:N", title="地区")
    mark = {"size": 30, "opacity": 0.35} if many else {"size": 110, "opacity": 0.85}
    return (
        alt.Chart(data, title=alt.Title(title, subtitle=subtitle))
        .mark_point(filled=True, **mark)
        .encode(
            x=alt.X("x:Q", title="SVD 第一维", scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title="SVD 第二维", scale=alt.Scale(zero=False)),
            color=alt.Color("label:N", title="主题", sort=_TOPIC_ORDER, legend=alt.Legend(labelLimit=260)),
            shape=shape,
            tooltip=[
                alt.Tooltip("district:N", title="地区"),
                alt.Tooltip("year:O", title="年份"),
                alt.Tooltip("heading:N", title="条目标题"),
                alt.Tooltip("label:N", title="主题"),
                alt.Tooltip("item_id:N", title="条目编号"),
            ],
        )
        .properties(width=460, height=340)
    )


def topic_terms_bars(
    df: pl.DataFrame,
    *,
    columns: int = 3,
    title: str = "各主题的代表词",
) -> alt.Chart:
    """Horizontal bars of each topic's top terms and their weights, one panel per topic.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.terms`` of :func:`workbench.topics.cluster` (``topic``,
        ``label``, ``rank``, ``term``, ``weight``).
    columns : int, default 3
        Panels per row.
    title : str, default "各主题的代表词"

    Returns
    -------
    altair.Chart
        Bar chart faceted by topic (panels in topic order, each with its own
        y scale), bars sorted by weight.

    Raises
    ------
    ValueError
        ``df`` lacks the terms columns.

    Examples
    --------
    >>> chart = topic_terms_bars(result.terms)  # doctest: +SKIP
    """
    _require(df, ("topic", "label", "rank", "term", "weight"), "topic_terms_bars", "terms")
    data = df.select(
        "topic", "label", "rank", "term", "weight", pl.format("{} {}", pl.col("topic"), pl.col("label")).alias("panel")
    )
    return (
        alt.Chart(data, title=alt.Title(title, subtitle="权重：主题中心（或 NMF 主题向量）上该词的 TF-IDF 权重"))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("weight:Q", title="权重"),
            y=alt.Y("term:N", sort="-x", title=None, axis=term_axis(data["term"])),
            facet=alt.Facet(
                "panel:N",
                columns=columns,
                title=None,
                sort=_TOPIC_ORDER,
                header=alt.Header(labelFontWeight="bold", labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="主题"),
                alt.Tooltip("term:N", title="词语"),
                alt.Tooltip("rank:Q", title="排名"),
                alt.Tooltip("weight:Q", title="权重", format=".3f"),
            ],
        )
        .properties(width=170, height=alt.Step(16))
        .resolve_scale(y="independent")
    )


def k_selection_curve(
    df: pl.DataFrame,
    *,
    method: str | None = None,
    title: str = "主题数 k 的选择",
) -> alt.LayerChart:
    """Line of the mean cosine silhouette against k, the chosen k drawn as a large orange point.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.k_scores`` of :func:`workbench.topics.cluster` (``k``,
        ``silhouette``, ``n_clusters``, ``chosen``).
    method : str, optional
        The clustering method (``result.method``), named in the subtitle.
    title : str, default "主题数 k 的选择"

    Returns
    -------
    altair.LayerChart
        A line and a point layer; the chosen k is a large orange point.

    Raises
    ------
    ValueError
        ``df`` lacks the k_scores columns.

    Examples
    --------
    >>> chart = k_selection_curve(result.k_scores, method=result.method)  # doctest: +SKIP
    """
    _require(df, ("k", "silhouette", "n_clusters", "chosen"), "k_selection_curve", "k_scores")
    choice = pl.when("chosen").then(pl.lit("选用")).otherwise(pl.lit("未选")).alias("choice")
    data = df.select("k", "silhouette", "n_clusters", choice)
    how = f"{_METHODS.get(method, method)}，" if method else ""
    base = alt.Chart(data).encode(
        x=alt.X("k:O", title="主题数 k", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("silhouette:Q", title="平均轮廓系数", scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("k:O", title="k"),
            alt.Tooltip("silhouette:Q", title="轮廓系数", format=".3f"),
            alt.Tooltip("n_clusters:Q", title="非空主题数"),
            alt.Tooltip("choice:N", title="是否选用"),
        ],
    )
    line = base.mark_line(color="#4c78a8")
    points = base.mark_point(filled=True, opacity=1).encode(
        color=alt.Color("choice:N", title=None, scale=alt.Scale(domain=["选用", "未选"], range=["#f58518", "#4c78a8"])),
        size=alt.Size("choice:N", legend=None, scale=alt.Scale(domain=["选用", "未选"], range=[220, 50])),
    )
    return (line + points).properties(
        title=alt.Title(title, subtitle=f"{how}平均轮廓系数（余弦距离）最高的 k 被选用；接近 0 表示主题之间界限模糊"),
        width=360,
        height=220,
    )
