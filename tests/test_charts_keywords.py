"""Tests of the keyword chart helpers: each builds from a real result and has the intended spec."""

from __future__ import annotations

import json

import altair as alt
import polars as pl
import pytest

from workbench import keywords as kw
from workbench.charts import keyness_bars, similarity_heatmap, tfidf_bars


@pytest.fixture(scope="module")
def tfidf_frame(corpus):
    return kw.tfidf(corpus, "district")


@pytest.fixture(scope="module")
def keyness_frame(corpus):
    return kw.keyness(corpus, "district", "拱墅区")


@pytest.fixture(scope="module")
def similarity_frame(corpus):
    return kw.similarity(corpus, "district")


def _data(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_tfidf_bars(tfidf_frame):
    chart = tfidf_bars(tfidf_frame, n=5)
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "tfidf" and enc["x"]["type"] == "quantitative" and enc["x"]["title"] == "TF-IDF"
    assert enc["y"]["field"] == "term" and enc["y"]["sort"] == "-x"
    assert enc["facet"]["field"] == "group" and enc["facet"]["columns"] == 3
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert {t["field"] for t in enc["tooltip"]} == {"group", "term", "rank", "count", "tfidf"}
    assert spec["title"]["text"] == "各组 TF-IDF 最高的词"
    rows = _data(spec)
    assert len(rows) == 25 and max(r["rank"] for r in rows) == 5


def test_keyness_bars(keyness_frame):
    chart = keyness_bars(keyness_frame, n=10, target="拱墅区", reference="其余各区")
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "statistic" and "G²" in enc["x"]["title"]
    assert enc["y"]["sort"] == {"field": "statistic", "order": "descending"}
    assert enc["color"]["scale"]["domain"] == ["拱墅区 多用", "其余各区 多用"]
    assert len(enc["color"]["scale"]["range"]) == 2
    assert spec["title"]["text"] == "拱墅区 与 其余各区 的关键词对比"
    rows = _data(spec)
    positive = [r for r in rows if r["statistic"] > 0]
    negative = [r for r in rows if r["statistic"] < 0]
    assert len(positive) == 10 and len(negative) == 10
    assert all(r["side"] == "拱墅区 多用" for r in positive) and all(r["side"] == "其余各区 多用" for r in negative)
    # the ten most over-used terms are shown
    assert {r["term"] for r in positive} == set(keyness_frame.head(10)["term"])
    json.dumps(spec)  # serialisable


def test_similarity_heatmap(similarity_frame):
    chart = similarity_heatmap(similarity_frame)
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text"]
    rect, text = spec["layer"]
    assert rect["encoding"]["color"]["field"] == "similarity"
    assert text["encoding"]["text"]["field"] == "similarity" and text["encoding"]["text"]["format"] == ".2f"
    assert spec["title"]["text"].startswith("各组报告的相似度")
    order = similarity_frame["group_a"].unique(maintain_order=True).to_list()
    assert rect["encoding"]["x"]["sort"] == order and rect["encoding"]["y"]["sort"] == order
    assert len(_data(spec)) == 25


def test_charts_reject_wrong_frames(keyness_frame, tfidf_frame):
    with pytest.raises(ValueError, match="tfidf_bars: frame lacks columns"):
        tfidf_bars(keyness_frame)
    with pytest.raises(ValueError, match="keyness_bars: frame lacks columns"):
        keyness_bars(tfidf_frame)
    with pytest.raises(ValueError, match="similarity_heatmap"):
        similarity_heatmap(pl.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="n must be"):
        tfidf_bars(tfidf_frame, n=0)


def test_charts_render_to_svg(tfidf_frame, keyness_frame, similarity_frame):
    vlc = pytest.importorskip("vl_convert")
    for chart in (tfidf_bars(tfidf_frame), keyness_bars(keyness_frame), similarity_heatmap(similarity_frame)):
        svg = vlc.vegalite_to_svg(chart.to_json())
        assert svg.startswith("<svg")


# ----------------------------------------------------------------------------- many groups


def _many_tfidf(n_groups: int) -> pl.DataFrame:
    """A tfidf-shaped frame: group g<i> has i + 1 terms, each counted (i % 4) + 1 times."""
    rows = []
    for i in range(n_groups):
        for r in range(1, i + 2):
            rows.append({"group": f"g{i:02d}", "term": f"t{r}", "count": (i % 4) + 1, "tfidf": 1.0 / r, "rank": r})
    return pl.DataFrame(rows)


def test_tfidf_bars_many_groups_draws_the_largest():
    df = _many_tfidf(15)
    sizes = {f"g{i:02d}": (i + 1) * ((i % 4) + 1) for i in range(15)}  # term occurrences per group, by hand
    expected = sorted(sizes, key=lambda g: (-sizes[g], g))[:12]
    from workbench.charts.keywords import largest_groups

    assert largest_groups(df, 12) == expected
    spec = tfidf_bars(df, n=3).to_dict()
    drawn = {r["group"] for r in _data(spec)}
    assert drawn == set(expected)
    assert spec["encoding"]["facet"]["sort"] == [g for g in df["group"].unique(maintain_order=True) if g in drawn]
    assert "共 15 组" in spec["title"]["subtitle"]
    # at most max_groups: all drawn, subtitle unchanged
    every = tfidf_bars(df, n=3, max_groups=15).to_dict()
    assert {r["group"] for r in _data(every)} == set(sizes)
    assert "共" not in every["title"]["subtitle"]


def test_tfidf_bars_chosen_groups():
    df = _many_tfidf(15)
    spec = tfidf_bars(df, n=2, groups=["g03", "g01"]).to_dict()
    assert spec["encoding"]["facet"]["sort"] == ["g01", "g03"]  # the frame's order
    assert sorted((r["group"], r["term"]) for r in _data(spec)) == [("g01", "t1"), ("g01", "t2"), ("g03", "t1"), ("g03", "t2")]
    with pytest.raises(ValueError, match=r"tfidf_bars: groups \['nope'\] are not groups of the frame"):
        tfidf_bars(df, groups=["nope"])


def _many_similarity(n_groups: int) -> pl.DataFrame:
    """Similarity 1 / (1 + |i - j|) between groups g<i> and g<j>."""
    names = [f"g{i:02d}" for i in range(n_groups)]
    return pl.DataFrame(
        {
            "group_a": [a for a in names for _ in names],
            "group_b": [b for _ in names for b in names],
            "similarity": [1.0 / (1 + abs(i - j)) for i in range(n_groups) for j in range(n_groups)],
        }
    )


def test_nearest_groups_by_hand():
    sim = _many_similarity(20)
    # g05's neighbours: g04 and g06 (0.5), g03 and g07 (1/3) …; ties in the frame's order
    assert kw.nearest_groups(sim, "g05", n=5) == ["g05", "g04", "g06", "g03", "g07"]
    assert kw.nearest_groups(sim, "g00", n=3) == ["g00", "g01", "g02"]
    assert len(kw.nearest_groups(sim, "g00", n=100)) == 20
    with pytest.raises(ValueError, match="nearest_groups: target 'x' is not a group"):
        kw.nearest_groups(sim, "x")


def test_similarity_heatmap_many_groups():
    sim = _many_similarity(20)
    with pytest.raises(ValueError, match="similarity_heatmap: 20 groups make 400 cells"):
        similarity_heatmap(sim)
    groups = kw.nearest_groups(sim, "g05", n=4)
    spec = similarity_heatmap(sim, groups=groups).to_dict()
    rect = spec["layer"][0]
    assert rect["encoding"]["x"]["sort"] == ["g03", "g04", "g05", "g06"]  # frame order, not similarity order
    data = _data(spec)
    assert len(data) == 16 and {r["group_a"] for r in data} == set(groups)
    assert "共 20 组" in spec["title"]["subtitle"]


def test_faceted_bars_reserve_room_for_their_longest_label(tfidf_frame):
    """The browser lays out independent y axes of a facet without measuring labels: the width is reserved explicitly."""
    from workbench.charts.theme import label_extent

    spec = tfidf_bars(tfidf_frame, n=10).to_dict()
    longest = max(len(r["term"]) for r in _data(spec))  # all-Chinese terms: one em (12 px) a character
    assert spec["encoding"]["y"]["axis"]["minExtent"] == 12 * longest + 10
    assert label_extent(["数字法治"]) == 58 and label_extent(["ab"]) == 25 and label_extent([]) == 10
    assert label_extent(["法" * 40]) == 170  # capped at labelLimit 160 + 10
