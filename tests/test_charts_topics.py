"""Tests of workbench.charts.topics: every chart builds from a real result and encodes what it should."""

from __future__ import annotations

import altair as alt
import polars as pl
import pytest

from workbench import charts, topics
from workbench.charts import topics as ct


@pytest.fixture(scope="module")
def result(corpus) -> topics.TopicResult:
    return topics.cluster(topics.plan_items(corpus), method="kmeans", seed=0, n_stability_runs=3)


def _data(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_exported_from_charts_package():
    for name in ct.__all__:
        assert getattr(charts, name) is getattr(ct, name)


def test_topic_district_heatmap(result):
    chart = ct.topic_district_heatmap(result.by_district)
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    rect, text = spec["layer"]
    assert rect["mark"]["type"] == "rect" and text["mark"]["type"] == "text"
    enc = rect["encoding"]
    assert enc["x"]["field"] == "district" and enc["x"]["type"] == "nominal"
    assert enc["y"]["field"] == "label" and enc["y"]["sort"]["field"] == "topic"
    assert enc["color"]["field"] == "n_items"
    assert len(_data(spec)) == result.by_district.height
    assert "主题" in spec["title"]["text"]


def test_item_map(result):
    chart = ct.item_map(result.coords)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "point"
    tips = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"district", "heading", "label"} <= tips
    assert spec["encoding"]["color"]["field"] == "label"
    assert spec["encoding"]["shape"]["field"] == "district"
    assert len(_data(spec)) == result.coords.height


def test_topic_terms_bars(result):
    chart = ct.topic_terms_bars(result.terms)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    facet = spec["encoding"]["facet"]
    assert facet["field"] == "panel" and facet["sort"]["field"] == "topic"
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = _data(spec)
    assert len(rows) == result.terms.height
    assert rows[0]["panel"].startswith("1 ")


def test_k_selection_curve(result):
    chart = ct.k_selection_curve(result.k_scores, method=result.method)
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    line, points = spec["layer"]
    assert line["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert line["encoding"]["x"]["field"] == "k" and line["encoding"]["y"]["field"] == "silhouette"
    rows = _data(spec)
    chosen = [r["k"] for r in rows if r["choice"] == "选用"]
    assert chosen == [result.k]
    assert "k-means" in spec["title"]["subtitle"]


@pytest.mark.parametrize(
    ("func", "attr"),
    [
        (ct.topic_district_heatmap, "by_district"),
        (ct.item_map, "coords"),
        (ct.topic_terms_bars, "terms"),
        (ct.k_selection_curve, "k_scores"),
    ],
)
def test_wrong_frame_is_refused(result, func, attr):
    with pytest.raises(ValueError, match=f"pass result.{attr}"):
        func(pl.DataFrame({"a": [1]}))


def test_charts_render_to_png(result):
    vlc = pytest.importorskip("vl_convert")
    for chart in (
        ct.topic_district_heatmap(result.by_district),
        ct.item_map(result.coords),
        ct.topic_terms_bars(result.terms),
        ct.k_selection_curve(result.k_scores),
    ):
        png = vlc.vegalite_to_png(chart.to_json(), scale=1)
        assert png[:4] == b"\x89PNG"
