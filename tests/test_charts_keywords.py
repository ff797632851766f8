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
