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
    assert enc["y"]["field"] == "name"
    assert enc["color"]["field"] == "mentions" and enc["color"]["scale"]["domain"] == ["0", "1", "2", "3", "4+"]
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


def test_nothing_to_draw_is_a_value_error_a_notebook_shows_in_place_of_the_chart(rows: pl.DataFrame, tmp_path, monkeypatch) -> None:
    from functools import partial

    import workbench.notebook as nb

    pts = ind.points(rows)
    with pytest.raises(charts.NothingToDraw, match="trend_lines: no points to draw"):
        charts.trend_lines(pts.head(0))
    with pytest.raises(charts.NothingToDraw, match="no figure for indicator 'legal_aid_cases'; years with this indicator: none"):
        charts.district_bars(pts.filter(pl.col("indicator") != "legal_aid_cases"), "legal_aid_cases")
    with pytest.raises(ValueError, match="unknown indicator id 'no_such_indicator'; known: ") as err:  # a typo is an error
        charts.district_bars(pts, "no_such_indicator")
    assert not isinstance(err.value, charts.NothingToDraw)
    monkeypatch.setenv(nb.FIGURES_ENV, str(tmp_path))
    shown = nb.figure(partial(charts.trend_lines, pts.head(0)), "trends")
    assert shown.data.startswith("*No chart (trends): trend_lines: no points to draw")
    assert list(tmp_path.iterdir()) == []  # no figure file for a chart that was not drawn
    chart = nb.figure(partial(charts.trend_lines, pts), "trends")
    assert chart.to_dict()["title"] and sorted(p.name for p in tmp_path.iterdir()) == ["trends.png", "trends.svg"]
    with pytest.raises(ValueError, match="max_districts must be >= 1"):  # a wrong argument still raises
        nb.figure(partial(charts.trend_lines, pts, max_districts=0), "trends")


def test_charts_reject_wrong_frames(rows: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="coverage_heatmap: frame lacks columns"):
        charts.coverage_heatmap(rows)
    with pytest.raises(ValueError, match="trend_lines: frame lacks columns"):
        charts.trend_lines(rows.select("district", "year"))


# ----------------------------------------------------------------------------- many reports: aggregate before plotting


def _coverage_many(n_districts: int, years: list[int]) -> pl.DataFrame:
    """Coverage-shaped frame: district d<i> states indicator a in year y when (i + y) % 3 == 0, b always."""
    rows = []
    for ind_id, name in (("a", "甲指标"), ("b", "乙指标")):
        for y in years:
            for i in range(n_districts):
                n = (1 if (i + y) % 3 == 0 else 0) if ind_id == "a" else 2
                rows.append({"indicator": ind_id, "name_zh": name, "district": f"d{i:02d}", "year": y,
                             "place_year": f"d{i:02d} {y}", "n_mentions": n, "reported": n > 0})
    return pl.DataFrame(rows, schema_overrides={"year": pl.Int32, "n_mentions": pl.UInt32})


def test_coverage_share_by_hand() -> None:
    cov = _coverage_many(30, [2020, 2021])
    share = ind.coverage_share(cov, "year")
    assert share.columns == ["year", *ind.COVERAGE_SHARE]
    for y in (2020, 2021):
        stated = sum(1 for i in range(30) if (i + y) % 3 == 0)
        row = share.filter((pl.col("indicator") == "a") & (pl.col("year") == y)).row(0, named=True)
        assert (row["n_reports"], row["n_reported"]) == (30, stated)
        assert row["share"] == pytest.approx(stated / 30)
    assert share.filter(pl.col("indicator") == "b")["share"].to_list() == [1.0, 1.0]
    assert share["indicator"].to_list() == ["a", "a", "b", "b"]  # the frame's (taxonomy) order
    by_district = ind.coverage_share(cov, "district")
    assert by_district.filter((pl.col("indicator") == "a") & (pl.col("district") == "d00"))["n_reported"].to_list() == [
        sum(1 for y in (2020, 2021) if y % 3 == 0)
    ]
    with pytest.raises(ValueError, match="coverage_share: by must be"):
        ind.coverage_share(cov, "province")


def test_coverage_heatmap_aggregates_beyond_max_reports() -> None:
    cov = _coverage_many(30, [2020, 2021])  # 60 reports
    spec = charts.coverage_heatmap(cov).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
    rect = spec["layer"][0]["encoding"]
    assert rect["x"]["field"] == "year" and rect["color"]["field"] == "share"
    data = spec["datasets"][spec["data"]["name"]]
    assert len(data) == 4  # 2 indicators × 2 years, not 120 cells
    assert sorted((d["indicator"], d["year"], d["n_reported"]) for d in data) == sorted(
        ind.coverage_share(cov).select("indicator", "year", "n_reported").rows()
    )
    assert "共 60 份报告" in spec["title"]["subtitle"]
    # at or below the limit: one column per report, as before
    small = charts.coverage_heatmap(cov, max_reports=60).to_dict()
    assert small["encoding"]["x"]["field"] == "place_year"


def test_trend_summary_by_hand() -> None:
    pts = pl.DataFrame(
        {"indicator": ["a"] * 5 + ["b"], "name_zh": ["甲"] * 5 + ["乙"], "unit": ["件"] * 5 + ["%"],
         "year": [2020, 2020, 2020, 2020, 2021, 2020], "value": [4.0, 1.0, 3.0, 2.0, 7.0, 50.0]}
    )
    out = ind.trend_summary(pts)
    assert out.columns == list(ind.TREND_SUMMARY)
    a20 = out.filter((pl.col("indicator") == "a") & (pl.col("year") == 2020)).row(0, named=True)
    assert (a20["n_reports"], a20["median"], a20["q25"], a20["q75"], a20["min"], a20["max"]) == (4, 2.5, 1.75, 3.25, 1.0, 4.0)
    assert out.select("indicator", "year").rows() == [("a", 2020), ("a", 2021), ("b", 2020)]


def _points_many(n_districts: int) -> pl.DataFrame:
    rows = []
    for i in range(n_districts):
        for y in (2020, 2021):
            rows.append({"district": f"d{i:02d}", "year": y, "indicator": "litigation_cases", "name_zh": "行政应诉案件",
                         "value": float(i * 10 + y - 2020), "unit": "件", "qualifier": None, "sentence": "…"})
    return pl.DataFrame(rows, schema_overrides={"year": pl.Int32, "qualifier": pl.String})


def test_trend_lines_many_districts_draws_quartiles() -> None:
    pts = _points_many(12)
    spec = charts.trend_lines(pts).to_dict()
    assert "facet" in spec and [layer["mark"]["type"] for layer in spec["spec"]["layer"]] == ["area", "line"]
    data = spec["datasets"][spec["data"]["name"]]
    assert len(data) == 2  # one row per indicator and year
    d20 = next(d for d in data if d["year"] == 2020)
    values = sorted(i * 10.0 for i in range(12))
    assert d20["median"] == pytest.approx((values[5] + values[6]) / 2) and d20["n_reports"] == 12
    assert "中位数" in spec["title"]["text"] and "12 个地区" in spec["title"]["subtitle"]
    # up to max_districts: one line per district
    assert charts.trend_lines(pts, max_districts=12).to_dict()["encoding"]["color"]["field"] == "district"


def test_district_bars_keeps_the_largest() -> None:
    pts = _points_many(30)
    spec = charts.district_bars(pts, "litigation_cases", 2021, max_bars=5).to_dict()
    data = spec["datasets"][spec["data"]["name"]]
    assert [d["district"] for d in data] == ["d29", "d28", "d27", "d26", "d25"]
    assert "30 个报告了该指标的地区中数值最大的 5 个" in spec["title"]["subtitle"]
    with pytest.raises(ValueError, match="max_bars must be"):
        charts.district_bars(pts, "litigation_cases", 2021, max_bars=0)


def test_coverage_heatmap_many_mentions_share_the_darkest_colour() -> None:
    """5 and 9 mentions are class 4+, not a colour reused from the start of the scale (grey = not reported)."""
    cov = pl.DataFrame({
        "indicator": ["a"] * 6, "name_zh": ["甲"] * 6, "district": [f"d{i}" for i in range(6)], "year": [2024] * 6,
        "place_year": [f"d{i} 2024" for i in range(6)], "n_mentions": [0, 1, 3, 4, 5, 9], "doc_id": [f"x{i}" for i in range(6)],
    })
    spec = charts.coverage_heatmap(cov).to_dict()
    classes = [r["mentions"] for r in spec["datasets"][spec["data"]["name"]]]
    assert classes == ["0", "1", "3", "4+", "4+", "4+"]


def test_district_bars_latest_year_of_each_district() -> None:
    """甲 has 2021 and 2023, 乙 only 2022, 丙 2024: each bar is the district's latest year, named beside it."""
    pts = pl.DataFrame(
        {
            "district": ["甲区", "甲区", "乙区", "丙区", "丙区"],
            "year": [2021, 2023, 2022, 2024, 2024],
            "indicator": ["litigation_cases", "litigation_cases", "litigation_cases", "litigation_cases", "legal_aid_cases"],
            "name_zh": ["行政应诉案件"] * 4 + ["法律援助案件"],
            "value": [10.0, 30.0, 20.0, 5.0, 99.0],
            "unit": ["件"] * 5, "qualifier": [None] * 5, "sentence": ["…"] * 5,
        },
        schema_overrides={"year": pl.Int32, "qualifier": pl.String},
    )
    spec = charts.district_bars(pts, "litigation_cases").to_dict()
    data = spec["datasets"][spec["data"]["name"]]
    assert sorted((d["bar"], d["value"]) for d in data) == [("丙区（2024）", 5.0), ("乙区（2022）", 20.0), ("甲区（2023）", 30.0)]
    assert spec["encoding"]["y"]["field"] == "bar" and spec["encoding"]["y"]["sort"] == "-x"
    assert spec["title"]["text"] == "行政应诉案件：各地区最近一年比较"
    assert "最近一年（括号中为年份）" in spec["title"]["subtitle"]
    # a given year keeps the one-year comparison
    one = charts.district_bars(pts, "litigation_cases", 2023).to_dict()
    assert [d["district"] for d in one["datasets"][one["data"]["name"]]] == ["甲区"]
    assert one["title"]["text"] == "行政应诉案件：各地区比较（2023年）"


def test_count_axes_have_integer_ticks(rows: pl.DataFrame) -> None:
    pts = ind.points(rows)
    assert charts.district_bars(pts, "litigation_cases").to_dict()["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert charts.trend_lines(pts).to_dict()["encoding"]["y"]["axis"]["tickMinStep"] == 1
    bands = charts.trend_lines(_points_many(12)).to_dict()
    assert bands["spec"]["layer"][0]["encoding"]["y"]["axis"]["tickMinStep"] == 1
