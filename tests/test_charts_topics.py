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
    assert enc["y"]["field"] == "topic_name" and enc["y"]["sort"]["field"] == "topic"
    assert enc["color"]["field"] == "n_items"
    assert len(_data(spec)) == result.by_district.height
    assert "主题" in spec["title"]["text"]


def test_item_map(result):
    chart = ct.item_map(result.coords)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "point"
    tips = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"district", "heading", "label"} <= tips
    assert spec["encoding"]["color"]["field"] == "topic_name"
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
    # room for the longest (all-Chinese) term: the browser does not measure it in a facet
    assert spec["encoding"]["y"]["axis"]["minExtent"] == 12 * max(len(r["term"]) for r in rows) + 10


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


# ----------------------------------------------------------------------------- many districts and items


def _by_district_many(n_districts: int) -> pl.DataFrame:
    """Two topics; district d<i> has i items in topic 1 and 1 in topic 2."""
    rows = []
    for t, label in ((1, "甲"), (2, "乙")):
        for i in range(n_districts):
            rows.append({"topic": t, "label": label, "district": f"d{i:02d}", "n_items": i if t == 1 else 1})
    return pl.DataFrame(rows, schema_overrides={"topic": pl.Int32, "n_items": pl.UInt32})


def test_topic_district_heatmap_keeps_the_districts_with_most_items():
    from workbench.charts import topic_district_heatmap

    df = _by_district_many(30)
    spec = topic_district_heatmap(df, max_districts=5).to_dict()
    data = spec["datasets"][spec["data"]["name"]]
    assert {d["district"] for d in data} == {"d29", "d28", "d27", "d26", "d25"}  # i + 1 items each, by hand
    assert len(data) == 10 and "共 30 个地区" in spec["title"]["subtitle"]
    every = topic_district_heatmap(df, max_districts=30).to_dict()
    assert {d["district"] for d in every["datasets"][every["data"]["name"]]} == {f"d{i:02d}" for i in range(30)}


def test_item_map_many_districts_and_items():
    from workbench.charts import item_map

    n = 50
    coords = pl.DataFrame(
        {"item_id": [f"i{j:03d}" for j in range(n)], "district": [f"d{j % 10}" for j in range(n)], "year": [2020] * n,
         "heading": ["h"] * n, "topic": [1 + j % 2 for j in range(n)], "label": ["甲" if j % 2 == 0 else "乙" for j in range(n)],
         "x": [float(j) for j in range(n)], "y": [0.0] * n},
        schema_overrides={"year": pl.Int32, "topic": pl.Int32},
    )
    spec = item_map(coords).to_dict()  # 10 districts > 8: no shapes
    assert "shape" not in spec["encoding"] and spec["mark"]["opacity"] < 0.5
    assert "shape" in item_map(coords, max_shapes=10).to_dict()["encoding"]
    sampled = item_map(coords, max_points=20).to_dict()
    data = sampled["datasets"][sampled["data"]["name"]]
    assert len(data) == 20 and len({d["item_id"] for d in data}) == 20
    assert data == item_map(coords, max_points=20).to_dict()["datasets"][sampled["data"]["name"]]  # same seed, same sample
    assert "共 50 个条目" in sampled["title"]["subtitle"]
