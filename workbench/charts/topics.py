"""Chart helpers for :mod:`workbench.topics` results.

Each takes one frame of a :class:`workbench.topics.TopicResult` and returns an
Altair chart; they compute no statistics and save nothing. Topics are ordered
by their number (1 = largest) everywhere.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from .. import labels as _labels
from ..labels import Lang
from .theme import term_axis

__all__ = ["item_map", "k_selection_curve", "topic_district_heatmap", "topic_terms_bars"]

_METHODS = {
    "zh": {"kmeans": "k-means", "agglomerative": "层次聚类", "nmf": "NMF"},
    "en": {"kmeans": "k-means", "agglomerative": "agglomerative clustering", "nmf": "NMF"},
}

#: What the charts write, by language ({} fields are filled in by the chart).
_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "heat_title": "各区的工作安排分属哪些主题",
        "heat_sub": "每格为该区落入该主题的工作安排条目数；主题按规模排序",
        "heat_sub_some": "；共 {all} 个地区，只画条目最多的 {m} 个",
        "district": "地区", "topic": "主题", "topic_no": "主题编号", "n_items": "条目数", "year": "年份",
        "heading": "条目标题", "item": "条目编号", "term": "词语", "rank": "排名", "weight": "权重",
        "map_title": "工作安排条目的二维分布",
        "map_sub": "TF-IDF 向量的截断 SVD 前两维；点越近，用词越相近（坐标轴本身无含义）",
        "map_sub_sample": "；共 {all:,} 个条目，随机抽取 {m:,} 个（种子 {seed}）",
        "svd1": "SVD 第一维", "svd2": "SVD 第二维",
        "terms_title": "各主题的代表词",
        "terms_sub": "权重：主题中心（或 NMF 主题向量）上该词的 TF-IDF 权重",
        "k_title": "主题数 k 的选择",
        "k_sub": "{how}平均轮廓系数（余弦距离）最高的 k 被选用；接近 0 表示主题之间界限模糊",
        "k_how": "{method}，",
        "k_axis": "主题数 k", "silhouette_axis": "平均轮廓系数", "silhouette": "轮廓系数",
        "n_clusters": "非空主题数", "choice": "是否选用", "chosen": "选用", "not_chosen": "未选",
    },
    "en": {
        "heat_title": "Which topics each district's plans fall into",
        "heat_sub": "Each cell: the district's plan items in the topic; topics by size",
        "heat_sub_some": "; {all} districts, the {m} with the most items drawn",
        "district": "District", "topic": "Topic", "topic_no": "Topic number", "n_items": "Items", "year": "Year",
        "heading": "Item heading", "item": "Item id", "term": "Term", "rank": "Rank", "weight": "Weight",
        "map_title": "Plan items in two dimensions",
        "map_sub": "First two dimensions of a truncated SVD of the TF-IDF vectors; closer points share more words (the axes have no meaning of their own)",
        "map_sub_sample": "; {all:,} items, a random sample of {m:,} drawn (seed {seed})",
        "svd1": "SVD dimension 1", "svd2": "SVD dimension 2",
        "terms_title": "Top terms of each topic",
        "terms_sub": "Weight: the term's TF-IDF weight in the topic centroid (or NMF topic vector)",
        "k_title": "Choosing the number of topics k",
        "k_sub": "{how}the k with the highest mean silhouette (cosine distance) is chosen; near 0 means blurred topics",
        "k_how": "{method}: ",
        "k_axis": "Number of topics k", "silhouette_axis": "Mean silhouette", "silhouette": "Silhouette",
        "n_clusters": "Non-empty topics", "choice": "Chosen", "chosen": "chosen", "not_chosen": "not chosen",
    },
}


def _topic_names(df: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """``df`` with ``topic_name``: the label (Chinese) or "Topic <n>" (English; the terms stay in tooltips)."""
    if lang == "zh":
        return df.with_columns(pl.col("label").alias("topic_name"))
    return df.with_columns(pl.format("Topic {}", pl.col("topic")).alias("topic_name"))
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
    title: str | None = None,
    lang: Lang = "zh",
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
    title : str, optional
        Default "各区的工作安排分属哪些主题" (English: "Which topics each
        district's plans fall into").
    lang : {"zh", "en"}, default "zh"
        In English: districts in pinyin, topics as "Topic <n>" (the Chinese
        label in the tooltip).

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
    _labels.check_lang(lang, "topic_district_heatmap")
    t = _TEXT[lang]
    data = df.select("topic", "label", "district", "n_items")
    subtitle = t["heat_sub"]
    n_districts = data["district"].n_unique()
    if n_districts > max_districts:
        totals = data.group_by("district").agg(pl.col("n_items").sum()).sort(["n_items", "district"], descending=[True, False])
        data = data.filter(pl.col("district").is_in(totals["district"].head(max_districts).implode()))
        subtitle += t["heat_sub_some"].format(all=n_districts, m=max_districts)
    data = _topic_names(_labels.translate(data, ["district"], lang), lang)
    base = alt.Chart(data).encode(
        x=alt.X("district:N", title=t["district"], sort="ascending", axis=alt.Axis(labelAngle=0 if lang == "zh" else -30)),
        y=alt.Y("topic_name:N", title=t["topic"], sort=_TOPIC_ORDER, axis=alt.Axis(labelLimit=240)),
        tooltip=[
            alt.Tooltip("topic:O", title=t["topic_no"]),
            alt.Tooltip("label:N", title=t["topic"]),
            alt.Tooltip("district:N", title=t["district"]),
            alt.Tooltip("n_items:Q", title=t["n_items"]),
        ],
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        # the count is printed in each cell, so the colour needs no legend
        color=alt.Color("n_items:Q", title=t["n_items"], scale=alt.Scale(scheme="blues", domainMin=0), legend=None)
    )
    text = base.transform_filter(alt.datum.n_items > 0).mark_text(fontSize=12).encode(
        text=alt.Text("n_items:Q"),
        color=alt.value("black"),
    )
    return (rect + text).properties(
        title=alt.Title(title or t["heat_title"], subtitle=subtitle),
        width=alt.Step(70 if lang == "zh" else 90),
        height=alt.Step(28),
    )


def item_map(
    df: pl.DataFrame,
    *,
    max_shapes: int = MAX_SHAPES,
    max_points: int = MAX_POINTS,
    seed: int = 0,
    title: str | None = None,
    lang: Lang = "zh",
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
    title : str, optional
        Default "工作安排条目的二维分布" (English: "Plan items in two dimensions").
    lang : {"zh", "en"}, default "zh"
        In English: districts in pinyin, topics as "Topic <n>".

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
    _labels.check_lang(lang, "item_map")
    t = _TEXT[lang]
    data = df.select("item_id", "district", "year", "heading", "topic", "label", "x", "y")
    subtitle = t["map_sub"]
    if data.height > max_points:
        subtitle += t["map_sub_sample"].format(all=data.height, m=max_points, seed=seed)
        data = data.sort("item_id").sample(max_points, seed=seed).sort("topic", "item_id")
    data = _topic_names(_labels.translate(data, ["district"], lang), lang)
    many = data["district"].n_unique() > max_shapes
    shape = alt.Undefined if many else alt.Shape("district:N", title=t["district"])
    mark = {"size": 30, "opacity": 0.35} if many else {"size": 110, "opacity": 0.85}
    return (
        alt.Chart(data, title=alt.Title(title or t["map_title"], subtitle=subtitle))
        .mark_point(filled=True, **mark)
        .encode(
            x=alt.X("x:Q", title=t["svd1"], scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=t["svd2"], scale=alt.Scale(zero=False)),
            color=alt.Color("topic_name:N", title=t["topic"], sort=_TOPIC_ORDER, legend=alt.Legend(labelLimit=260)),
            shape=shape,
            tooltip=[
                alt.Tooltip("district:N", title=t["district"]),
                alt.Tooltip("year:O", title=t["year"]),
                alt.Tooltip("heading:N", title=t["heading"]),
                alt.Tooltip("label:N", title=t["topic"]),
                alt.Tooltip("item_id:N", title=t["item"]),
            ],
        )
        .properties(width=460, height=340)
    )


def topic_terms_bars(
    df: pl.DataFrame,
    *,
    columns: int = 3,
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.Chart:
    """Horizontal bars of each topic's top terms and their weights, one panel per topic.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.terms`` of :func:`workbench.topics.cluster` (``topic``,
        ``label``, ``rank``, ``term``, ``weight``).
    columns : int, default 3
        Panels per row.
    title : str, optional
        Default "各主题的代表词" (English: "Top terms of each topic").
    lang : {"zh", "en"}, default "zh"
        In English, panels are headed "Topic <n>"; the terms are the data and
        stay as written.

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
    _labels.check_lang(lang, "topic_terms_bars")
    t = _TEXT[lang]
    panel = pl.format("{} {}", pl.col("topic"), pl.col("label")) if lang == "zh" else pl.format("Topic {}", pl.col("topic"))
    data = df.select("topic", "label", "rank", "term", "weight", panel.alias("panel"))
    return (
        alt.Chart(data, title=alt.Title(title or t["terms_title"], subtitle=t["terms_sub"]))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("weight:Q", title=t["weight"]),
            y=alt.Y("term:N", sort="-x", title=None, axis=term_axis(data["term"])),
            facet=alt.Facet(
                "panel:N",
                columns=columns,
                title=None,
                sort=_TOPIC_ORDER,
                header=alt.Header(labelFontWeight="bold", labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t["topic"]),
                alt.Tooltip("term:N", title=t["term"]),
                alt.Tooltip("rank:Q", title=t["rank"]),
                alt.Tooltip("weight:Q", title=t["weight"], format=".3f"),
            ],
        )
        .properties(width=170, height=alt.Step(16))
        .resolve_scale(y="independent")
    )


def k_selection_curve(
    df: pl.DataFrame,
    *,
    method: str | None = None,
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.LayerChart:
    """Line of the mean cosine silhouette against k, the chosen k drawn as a large orange point.

    Parameters
    ----------
    df : polars.DataFrame
        ``result.k_scores`` of :func:`workbench.topics.cluster` (``k``,
        ``silhouette``, ``n_clusters``, ``chosen``).
    method : str, optional
        The clustering method (``result.method``), named in the subtitle.
    title : str, optional
        Default "主题数 k 的选择" (English: "Choosing the number of topics k").
    lang : {"zh", "en"}, default "zh"

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
    _labels.check_lang(lang, "k_selection_curve")
    t = _TEXT[lang]
    yes, no = t["chosen"], t["not_chosen"]
    choice = pl.when("chosen").then(pl.lit(yes)).otherwise(pl.lit(no)).alias("choice")
    data = df.select("k", "silhouette", "n_clusters", choice)
    how = t["k_how"].format(method=_METHODS[lang].get(method, method)) if method else ""
    base = alt.Chart(data).encode(
        x=alt.X("k:O", title=t["k_axis"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("silhouette:Q", title=t["silhouette_axis"], scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("k:O", title="k"),
            alt.Tooltip("silhouette:Q", title=t["silhouette"], format=".3f"),
            alt.Tooltip("n_clusters:Q", title=t["n_clusters"]),
            alt.Tooltip("choice:N", title=t["choice"]),
        ],
    )
    line = base.mark_line(color="#4c78a8")
    points = base.mark_point(filled=True, opacity=1).encode(
        color=alt.Color("choice:N", title=None, scale=alt.Scale(domain=[yes, no], range=["#f58518", "#4c78a8"])),
        size=alt.Size("choice:N", legend=None, scale=alt.Scale(domain=[yes, no], range=[220, 50])),
    )
    return (line + points).properties(
        title=alt.Title(title or t["k_title"], subtitle=t["k_sub"].format(how=how)),
        width=360,
        height=220,
    )
