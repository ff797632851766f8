"""Tests of workbench.charts.indicators: every chart builds from real results and encodes what it should."""

from __future__ import annotations

import polars as pl
import pytest

import workbench.charts as charts
from workbench import indicators as ind


@pytest.fixture(scope="module")
def rows(corpus) -> pl.DataFrame:
    return ind.extract(corpus)


def test_all_names_exported() -> None:
    for name in ("coverage_heatmap", "trend_lines", "district_bars"):
        assert name in charts.indicators.__all__
        assert callable(getattr(charts, name))


def test_coverage_heatmap(corpus, rows: pl.DataFrame) -> None:
    cov = ind.coverage(rows, corpus.documents)
    spec = charts.coverage_heatmap(cov).to_dict()
    assert spec["mark"]["type"] == "rect"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "place_year" and enc["x"]["type"] == "nominal"
    assert enc["y"]["field"] == "name_zh"
    assert enc["color"]["field"] == "n_mentions"
    # x ordered by year, then district
    assert enc["x"]["sort"][0] in {"上城区 2021", "余杭区 2021"} and enc["x"]["sort"][-1].endswith("2024")
    values = spec["datasets"][spec["data"]["name"]]
    assert len(values) == cov.height


def test_trend_lines(rows: pl.DataFrame) -> None:
    pts = ind.points(rows, indicators=["head_appearance_rate", "legal_aid_cases"])
    chart = charts.trend_lines(pts, columns=2)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["mark"]["point"]["filled"] is True  # a single point is visible
    enc = spec["encoding"]
    assert enc["x"]["field"] == "year" and enc["x"]["axis"]["format"] == "d"
    assert enc["x"]["axis"]["values"] == sorted(pts["year"].unique().to_list())
    assert enc["color"]["field"] == "district"
    assert enc["facet"]["field"] == "panel" and enc["facet"]["columns"] == 2
    assert {t["field"] for t in enc["tooltip"]} >= {"sentence", "district", "year", "value"}
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert len(spec["datasets"][spec["data"]["name"]]) == pts.height


def test_trend_lines_empty_raises(rows: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="trend_lines: no points"):
        charts.trend_lines(ind.points(rows).head(0))


def test_district_bars(rows: pl.DataFrame) -> None:
    pts = ind.points(rows)
    spec = charts.district_bars(pts, "litigation_cases", 2024).to_dict()
    assert spec["mark"]["type"] == "bar"
    data = spec["datasets"][spec["data"]["name"]]
    assert sorted((d["district"], d["value"]) for d in data) == sorted(
        pts.filter((pl.col("indicator") == "litigation_cases") & (pl.col("year") == 2024))
        .select("district", "value")
        .rows()
    )
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert "行政应诉案件" in spec["title"]["text"]


def test_district_bars_missing_year_names_alternatives(rows: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"district_bars: no figure for indicator 'litigation_cases' in 1999; years with this indicator: \[2023, 2024\]"):
        charts.district_bars(ind.points(rows), "litigation_cases", 1999)


def test_charts_reject_wrong_frames(rows: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="coverage_heatmap: frame lacks columns"):
        charts.coverage_heatmap(rows)
    with pytest.raises(ValueError, match="trend_lines: frame lacks columns"):
        charts.trend_lines(rows.select("district", "year"))
