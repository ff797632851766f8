"""Chart helpers for :mod:`workbench.keywords` results.

Each takes a finished result frame and returns an Altair chart; they select
the rows to show (top ``n``) but compute no statistics and save nothing.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from .. import labels as _labels
from ..labels import Lang
from .theme import term_axis

__all__ = ["keyness_bars", "largest_groups", "similarity_heatmap", "tfidf_bars"]

_MEASURES = {
    "zh": {"g2": "对数似然 G²（期望频数<5 时 Yates 校正）", "chi2": "卡方 χ²（期望频数<5 时 Yates 校正）"},
    "en": {
        "g2": "log-likelihood G² (Yates's correction where an expected count < 5)",
        "chi2": "chi-squared χ² (Yates's correction where an expected count < 5)",
    },
}

#: What the charts write, by language ({} fields are filled in by the chart).
_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "tfidf_title": "各组 TF-IDF 最高的词",
        "tfidf_sub": "每组前 {n} 个词；条越长，该词越是这一组独有且常用",
        "tfidf_sub_largest": "；共 {all} 组，只画词数最多的 {m} 组",
        "tfidf_sub_chosen": "；共 {all} 组，画出选定的 {m} 组",
        "group": "组别", "term": "词语", "rank": "排名", "count": "频次",
        "target": "目标组", "reference": "参照组",
        "over": "{name} 多用",
        "keyness_axis": "{measure}（正值：{target} 多用；负值：{reference} 多用）",
        "keyness_title": "{target} 与 {reference} 的关键词对比",
        "keyness_sub": "两侧各取前 {n} 个词，按关键性统计量排序；浅色为 p > 0.05（不显著）",
        "n_of": "{name} 频次", "p": "p 值",
        "sim_title": "各组报告的相似度（TF-IDF 余弦）",
        "sim_sub": "1 = 用词分布相同；对角线为自身；颜色范围取非对角线的最小值到最大值",
        "sim_sub_some": "；共 {all} 组，只画选定的 {m} 组",
        "group_a": "组别 A", "group_b": "组别 B", "similarity": "相似度",
    },
    "en": {
        "tfidf_title": "Highest TF-IDF terms of each group",
        "tfidf_sub": "Top {n} terms per group; the longer the bar, the more the term is this group's own and frequent",
        "tfidf_sub_largest": "; {all} groups, only the {m} with the most terms drawn",
        "tfidf_sub_chosen": "; {all} groups, the {m} chosen drawn",
        "group": "Group", "term": "Term", "rank": "Rank", "count": "Count",
        "target": "target", "reference": "reference",
        "over": "used more by {name}",
        "keyness_axis": "{measure} (positive: used more by {target}; negative: by {reference})",
        "keyness_title": "Keywords: {target} against {reference}",
        "keyness_sub": "Top {n} terms on each side, by the keyness statistic; pale bars: p > 0.05 (not significant)",
        "n_of": "Count in {name}", "p": "p-value",
        "sim_title": "Similarity of the groups' reports (TF-IDF cosine)",
        "sim_sub": "1 = same word distribution; the diagonal is each group itself; colours span the off-diagonal range",
        "sim_sub_some": "; {all} groups, the {m} chosen drawn",
        "group_a": "Group A", "group_b": "Group B", "similarity": "Similarity",
    },
}


def _require(df: pl.DataFrame, cols: tuple[str, ...], func: str, source: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        msg = f"{func}: frame lacks columns {missing}; pass the result of workbench.keywords.{source}"
        raise ValueError(msg)


#: Most panels :func:`tfidf_bars` draws, and most rows and columns of :func:`similarity_heatmap`.
MAX_GROUPS = 12


def _shown_groups(order: list[str], groups: list[str] | None, func: str) -> list[str]:
    """``order`` restricted to ``groups`` (all of ``order`` when None), checking every name is known."""
    if groups is None:
        return order
    unknown = [g for g in groups if g not in set(order)]
    if unknown:
        shown = ", ".join(order[:10]) + (" …" if len(order) > 10 else "")
        msg = f"{func}: groups {unknown} are not groups of the frame; known: {shown}"
        raise ValueError(msg)
    wanted = set(groups)
    return [g for g in order if g in wanted]


def largest_groups(df: pl.DataFrame, n: int = MAX_GROUPS) -> list[str]:
    """The ``n`` groups of a :func:`workbench.keywords.tfidf` result with the most term occurrences.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`workbench.keywords.tfidf` (``group``, ``count``).
    n : int, default :data:`MAX_GROUPS`

    Returns
    -------
    list of str
        Group labels, largest first (ties: label order).

    Examples
    --------
    >>> df = pl.DataFrame({"group": ["甲", "乙", "乙", "丙"], "count": [5, 2, 2, 1]})
    >>> largest_groups(df, 2)
    ['甲', '乙']
    """
    _require(df, ("group", "count"), "largest_groups", "tfidf")
    sizes = df.group_by("group").agg(pl.col("count").sum().alias("_n")).sort(["_n", "group"], descending=[True, False])
    return sizes["group"].head(n).to_list()


def tfidf_bars(
    df: pl.DataFrame,
    n: int = 10,
    *,
    groups: list[str] | None = None,
    max_groups: int = MAX_GROUPS,
    columns: int = 3,
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.Chart:
    """Horizontal bars of the top-``n`` TF-IDF terms, one panel per group (at most ``max_groups`` panels).

    A hundred panels cannot be read side by side: when the frame has more than
    ``max_groups`` groups and ``groups`` is not given, the ``max_groups``
    groups with the most term occurrences are drawn (:func:`largest_groups`)
    and the subtitle says how many groups there are in all.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`workbench.keywords.tfidf` (``group``, ``term``,
        ``count``, ``tfidf``, ``rank``).
    n : int, default 10
        Terms per group (``rank <= n``).
    groups : list of str, optional
        The groups to draw, e.g. a target and its neighbours
        (:func:`workbench.keywords.nearest_groups`); panels keep the frame's
        group order. Default: all groups, or the ``max_groups`` largest.
    max_groups : int, default :data:`MAX_GROUPS`
        Most panels drawn when ``groups`` is not given.
    columns : int, default 3
        Panels per row.
    title : str, optional
        Default "各组 TF-IDF 最高的词" (English: "Highest TF-IDF terms of each group").
    lang : {"zh", "en"}, default "zh"
        Language of titles and subtitles; in English, place names among the
        group labels are written in pinyin (:func:`workbench.labels.place_en`).
        The terms are the data and stay as written.

    Returns
    -------
    altair.Chart
        Bar chart faceted by ``group``; each panel has its own y scale,
        bars sorted by TF-IDF descending.

    Raises
    ------
    ValueError
        ``df`` lacks the tfidf columns; ``n`` or ``max_groups`` < 1; a name
        in ``groups`` is not a group of ``df``.

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
    if max_groups < 1:
        msg = f"tfidf_bars: max_groups must be >= 1; got {max_groups}"
        raise ValueError(msg)
    _labels.check_lang(lang, "tfidf_bars")
    t = _TEXT[lang]
    order = df["group"].unique(maintain_order=True).to_list()
    subtitle = t["tfidf_sub"].format(n=n)
    if groups is None and len(order) > max_groups:
        groups = largest_groups(df, max_groups)
        subtitle += t["tfidf_sub_largest"].format(all=len(order), m=max_groups)
    elif groups is not None:
        subtitle += t["tfidf_sub_chosen"].format(all=len(order), m=len(groups))
    shown = _shown_groups(order, groups, "tfidf_bars")
    data = df.filter((pl.col("rank") <= n) & pl.col("group").is_in(shown)).select("group", "term", "count", "tfidf", "rank")
    data = _labels.translate(data, ["group"], lang)
    shown = [_labels.place(g, lang) for g in shown]
    return (
        alt.Chart(data, title=alt.Title(title or t["tfidf_title"], subtitle=subtitle))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("tfidf:Q", title="TF-IDF"),
            y=alt.Y("term:N", sort="-x", title=None, axis=term_axis(data["term"])),
            facet=alt.Facet("group:N", columns=columns, sort=shown, title=None, header=alt.Header(labelFontWeight="bold")),
            tooltip=[
                alt.Tooltip("group:N", title=t["group"]),
                alt.Tooltip("term:N", title=t["term"]),
                alt.Tooltip("rank:Q", title=t["rank"]),
                alt.Tooltip("count:Q", title=t["count"]),
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
    target: str | None = None,
    reference: str | None = None,
    measure: str = "g2",
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.Chart:
    """Divergent bars of keyness: the target's over-used terms right, its under-used terms left.

    Parameters
    ----------
    df : polars.DataFrame
        A result of :func:`workbench.keywords.keyness`.
    n : int, default 15
        Terms on each side: the ``n`` highest positive and the ``n`` lowest
        negative statistics.
    target, reference : str, optional
        Names of the two groups, for the legend and title (e.g. "拱墅区",
        "其余各区"); default "目标组", "参照组" (English: target, reference).
        With ``lang="en"`` Chinese place names are written in pinyin and a
        part name (计划部分) in English.
    measure : {"g2", "chi2"}, default "g2"
        The measure of ``df``, for the axis title.
    title : str, optional
        Default "<target> 与 <reference> 的关键词对比" (English: "Keywords:
        <target> against <reference>").
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    altair.Chart
        Bar chart: x the signed statistic, y the terms sorted by it, colour
        naming the side (target or reference); terms with p > 0.05 are drawn
        pale (not significant).

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
    _labels.check_lang(lang, "keyness_bars")
    t = _TEXT[lang]
    target = _labels.place(target, lang) if target else t["target"]
    reference = _labels.place(reference, lang) if reference else t["reference"]
    measures = _MEASURES[lang]
    over = df.filter(pl.col("statistic") > 0).sort(["statistic", "term"], descending=[True, False]).head(n)
    under = df.filter(pl.col("statistic") < 0).sort(["statistic", "term"]).head(n)
    side_target = t["over"].format(name=target)
    side_reference = t["over"].format(name=reference)
    data = pl.concat([over, under]).with_columns(
        pl.when(pl.col("statistic") > 0).then(pl.lit(side_target)).otherwise(pl.lit(side_reference)).alias("side")
    )
    axis_title = t["keyness_axis"].format(measure=measures.get(measure, measure), target=target, reference=reference)
    return (
        alt.Chart(
            data,
            title=alt.Title(
                title or t["keyness_title"].format(target=target, reference=reference),
                subtitle=t["keyness_sub"].format(n=n),
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
            opacity=alt.condition("datum.p <= 0.05", alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("term:N", title=t["term"]),
                alt.Tooltip("n_target:Q", title=t["n_of"].format(name=target)),
                alt.Tooltip("n_reference:Q", title=t["n_of"].format(name=reference)),
                alt.Tooltip("statistic:Q", title=measures.get(measure, measure), format=".2f"),
                alt.Tooltip("p:Q", title=t["p"], format=".4f"),
                alt.Tooltip("log_ratio:Q", title="Log Ratio", format=".2f"),
            ],
        )
        .properties(width=420, height=alt.Step(16))
    )


def similarity_heatmap(
    df: pl.DataFrame,
    *,
    groups: list[str] | None = None,
    max_groups: int = MAX_GROUPS,
    title: str | None = None,
    lang: Lang = "zh",
) -> alt.LayerChart:
    """Heatmap of group-to-group similarity, the value printed in each cell.

    A printed value per cell is readable for a dozen groups, not for a hundred
    (10,000 cells): with more than ``max_groups`` groups, pass ``groups`` —
    e.g. a target and its most similar groups,
    :func:`workbench.keywords.nearest_groups` — to draw only those rows and
    columns.

    Parameters
    ----------
    df : polars.DataFrame
        The tidy result of :func:`workbench.keywords.similarity`
        (``group_a``, ``group_b``, ``similarity``).
    groups : list of str, optional
        The groups to draw (in the frame's group order). Default: all groups,
        allowed only when there are at most ``max_groups``.
    max_groups : int, default :data:`MAX_GROUPS`
    title : str, optional
        Default "各组报告的相似度(TF-IDF 余弦)" (English: "Similarity of the
        groups' reports (TF-IDF cosine)").
    lang : {"zh", "en"}, default "zh"
        Language of titles; in English, place names in pinyin.

    Returns
    -------
    altair.LayerChart
        A ``rect`` layer coloured by similarity and a ``text`` layer with
        the value (two decimals).

    Raises
    ------
    ValueError
        ``df`` lacks the similarity columns; ``groups`` names an unknown
        group; more than ``max_groups`` groups would be drawn.

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench.charts import similarity_heatmap
    >>> chart = similarity_heatmap(wb.keywords.similarity(wb.load_corpus()))  # doctest: +SKIP
    """
    _require(df, ("group_a", "group_b", "similarity"), "similarity_heatmap", "similarity")
    _labels.check_lang(lang, "similarity_heatmap")
    t = _TEXT[lang]
    every = df["group_a"].unique(maintain_order=True).to_list()
    order = _shown_groups(every, groups, "similarity_heatmap")
    if len(order) > max_groups:
        msg = (
            f"similarity_heatmap: {len(order)} groups make {len(order) ** 2:,} cells, too many to read; "
            f"pass groups= with at most {max_groups} of them, e.g. "
            "groups=wb.keywords.nearest_groups(sim, target, n=12), or raise max_groups"
        )
        raise ValueError(msg)
    subtitle = t["sim_sub"]
    if len(order) < len(every):
        subtitle += t["sim_sub_some"].format(all=len(every), m=len(order))
        df = df.filter(pl.col("group_a").is_in(order) & pl.col("group_b").is_in(order))
    df = _labels.translate(df, ["group_a", "group_b"], lang)
    order = [_labels.place(g, lang) for g in order]
    off_diagonal = df.filter(pl.col("group_a") != pl.col("group_b"))["similarity"]
    # colour range spans the off-diagonal values (the diagonal, 1, is clamped to the darkest colour)
    lower = float(off_diagonal.min()) if off_diagonal.len() else 0.0
    upper = float(off_diagonal.max()) if off_diagonal.len() else 1.0
    if upper <= lower:
        lower, upper = 0.0, 1.0
    base = alt.Chart(df).encode(
        x=alt.X("group_b:N", sort=order, title=None, axis=alt.Axis(labelAngle=0 if lang == "zh" else -30, orient="top")),
        y=alt.Y("group_a:N", sort=order, title=None),
        tooltip=[
            alt.Tooltip("group_a:N", title=t["group_a"]),
            alt.Tooltip("group_b:N", title=t["group_b"]),
            alt.Tooltip("similarity:Q", title=t["similarity"], format=".3f"),
        ],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "similarity:Q",
            title=t["similarity"],
            scale=alt.Scale(scheme="blues", domain=[lower, upper], clamp=True),
        )
    )
    labels = base.mark_text(fontSize=12).encode(
        text=alt.Text("similarity:Q", format=".2f"),
        color=alt.when(alt.datum.similarity > (lower + upper) / 2).then(alt.value("white")).otherwise(alt.value("black")),
    )
    return (cells + labels).properties(
        title=alt.Title(title or t["sim_title"], subtitle=subtitle),
        width=alt.Step(70 if lang == "zh" else 90),
        height=alt.Step(40),
    )
