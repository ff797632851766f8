"""The cases of the statistics review (issue 13): like compared with like, and the wordings real reports use.

Each test checks the reason, not only the number: the sum or split is visible
in ``points()`` (``figure``, ``parts``, ``n_parts``), and a range, a target or
a change's unit is set on the row.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from workbench import charts
from workbench import indicators as ind

from test_indicators_helpers import corpus_of

JIAOJIANG = "001_cb0d57f057b2aa38"  # 椒江区 2023
SHANGCHENG = "002_7456ba8b65555133"  # 上城区 2021
NINGBO = "004_195c9ab24f188643"  # 宁波高新区 2024


@pytest.fixture(scope="module")
def rows(corpus) -> pl.DataFrame:
    return ind.extract(corpus)


@pytest.fixture(scope="module")
def pts(rows: pl.DataFrame) -> pl.DataFrame:
    return ind.points(rows)


def _point(pts: pl.DataFrame, doc_id: str, indicator: str) -> dict:
    sel = pts.filter((pl.col("doc_id") == doc_id) & (pl.col("indicator") == indicator))
    assert sel.height == 1, (doc_id, indicator, sel)
    return sel.row(0, named=True)


# ----------------------------------------------------------------------------- definitions on the seeds


def test_repealed_documents_are_the_sum_of_both_parts(pts: pl.DataFrame, rows: pl.DataFrame) -> None:
    """椒江区: 宣布失效10件, 废止30件 in one sentence -> 40 (was 10, the first mention), next to 上城区's total 20."""
    p = _point(pts, JIAOJIANG, "normative_docs_repealed")
    assert (p["value"], p["figure"], p["n_parts"], p["parts"]) == (40.0, "sum", 2, "宣布失效 10 + 废止 30")
    total = _point(pts, SHANGCHENG, "normative_docs_repealed")  # 废止和宣布失效的…文件20件: one mention naming both
    assert (total["value"], total["figure"], total["n_parts"]) == (20.0, "total", 1)
    src = ind.point_sources(rows, indicators=["normative_docs_repealed"]).filter(pl.col("doc_id") == JIAOJIANG)
    assert src.select("part", "value", "point_value").rows() == [("宣布失效", 10.0, 40.0), ("废止", 30.0, 40.0)]
    text = {r["char_start"]: r["sentence"] for r in src.iter_rows(named=True)}
    assert all("宣布失效10件" in s for s in text.values())


def test_supervision_documents_add_notices_and_decisions(pts: pl.DataFrame) -> None:
    """椒江区: 通知书3份 + 决定书10份 -> 13 (was 3)."""
    p = _point(pts, JIAOJIANG, "supervision_notices")
    assert (p["value"], p["figure"], p["parts"]) == (13.0, "sum", "通知书 3 + 决定书 10")


def test_administrative_disputes_and_civil_disputes_are_split(pts: pl.DataFrame) -> None:
    """上城区: 行政争议142件 and 矛盾纠纷9151件 are two indicators; 9151 is no longer dropped."""
    assert _point(pts, SHANGCHENG, "admin_disputes_resolved")["value"] == 142.0
    assert _point(pts, SHANGCHENG, "disputes_resolved")["value"] == 9151.0
    civil = pts.filter(pl.col("indicator") == "disputes_resolved")
    assert all("行政争议" not in s for s in civil["sentence"])


def test_waived_penalties_are_not_penalty_cases(pts: pl.DataFrame) -> None:
    """椒江区's 93 首违不罚 and 120余 公益减罚 cases are exemptions; 宁波高新区's 131 are penalties imposed."""
    assert pts.filter((pl.col("indicator") == "penalty_cases"))["doc_id"].to_list() == [NINGBO]
    p = _point(pts, JIAOJIANG, "penalty_exemptions")
    assert (p["value"], p["parts"], p["qualifier"]) == (213.0, "不罚 93 + 减罚 120", "余")


def test_a_mention_naming_all_parts_is_not_added_to_a_part() -> None:
    rows = ind.extract(corpus_of(["全年废止和宣布失效规范性文件20件,其中废止15件。"]))
    p = ind.points(rows, indicators=["normative_docs_repealed"]).row(0, named=True)
    assert (p["value"], p["figure"], p["n_mentions"]) == (20.0, "total", 2)


def test_one_part_is_not_set_against_a_sum_in_the_charts(pts: pl.DataFrame) -> None:
    """上城区 states only 通知书 (11); 椒江区 通知书 + 决定书: the chart draws 椒江区 and names 上城区 as left out."""
    assert _point(pts, SHANGCHENG, "supervision_notices")["figure"] == "part"
    kept, left_out = ind.like_with_like(pts)
    assert left_out.filter(pl.col("indicator") == "supervision_notices")["district"].to_list() == ["上城区"]
    for indicator in kept["indicator"].unique():
        figures = set(kept.filter(pl.col("indicator") == indicator)["figure"])
        assert not ("part" in figures and figures & {"sum", "total"}), indicator
    spec = charts.trend_lines(pts.filter(pl.col("indicator") == "supervision_notices")).to_dict()
    drawn = {r["district"] for r in spec["datasets"][next(iter(spec["datasets"]))]}
    assert drawn == {"椒江区"}
    assert "上城区 2021" in spec["title"]["subtitle"]


def test_district_bars_on_the_seeds_never_mix_a_part_with_a_total(pts: pl.DataFrame) -> None:
    for (indicator, year), _ in pts.group_by("indicator", "year"):
        spec = charts.district_bars(pts, indicator, year).to_dict()
        data = spec["datasets"][next(iter(spec["datasets"]))]
        figures = {r["district"]: r for r in data}
        whole = pts.filter(
            (pl.col("indicator") == indicator) & (pl.col("year") == year) & pl.col("figure").is_in(["sum", "total"])
        )
        if whole.height:
            drawn = pts.filter(
                (pl.col("indicator") == indicator) & (pl.col("year") == year) & pl.col("district").is_in(list(figures))
            )
            assert "part" not in set(drawn["figure"]), (indicator, year)


# ----------------------------------------------------------------------------- wordings


def _canonical(sentence: str) -> list[dict]:
    rows = ind.extract(corpus_of([sentence]))
    return rows.filter(pl.col("indicator").is_not_null()).to_dicts()


@pytest.mark.parametrize(
    ("sentence", "indicator", "value"),
    [
        ("全区行政诉讼败诉率下降至3.1%。", "litigation_loss_rate", 3.1),
        ("行政机关负责人出庭应诉率提升至100%。", "head_appearance_rate", 100.0),
        ("全年行政复议案件数量增加至1200件。", "reconsideration_received", 1200.0),
        ("法律援助案件提高到356件。", "legal_aid_cases", 356.0),
    ],
)
def test_movement_verbs_leave_the_level_and_the_indicator(sentence: str, indicator: str, value: float) -> None:
    (row,) = _canonical(sentence)
    assert (row["indicator"], row["value"], row["is_change"]) == (indicator, value, False)


def test_from_x_to_y_keeps_y_as_the_figure_and_x_as_the_previous_value() -> None:
    (row,) = _canonical("行政机关负责人出庭应诉率从95%提高到100%。")
    assert (row["indicator"], row["value"], row["value_previous"], row["is_change"]) == (
        "head_appearance_rate", 100.0, 95.0, False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("全年办理法律援助案件百余件。", 100.0, "余"),
        ("全年办理法律援助案件千余件。", 1000.0, "余"),
        ("全年办理法律援助案件数百件。", 100.0, "数"),
        ("全年办理法律援助案件上千件。", 1000.0, "上"),
    ],
)
def test_approximate_quantities_keep_their_qualifier(sentence: str, value: float, qualifier: str) -> None:
    (row,) = _canonical(sentence)
    assert (row["indicator"], row["value"], row["qualifier"]) == ("legal_aid_cases", value, qualifier)


@pytest.mark.parametrize("text", ["千家万户", "开展百场讲座", "万人"])
def test_a_bare_magnitude_is_a_word(text: str) -> None:
    assert ind.quantities(text) == []


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [("每年办理法律援助案件3至5件。", 3.0, 5.0), ("全年办理法律援助案件10-20件。", 10.0, 20.0), ("法律援助案件1万至2万件。", 1e4, 2e4)],
)
def test_a_range_is_one_row_with_its_high_end(sentence: str, low: float, high: float) -> None:
    (row,) = _canonical(sentence)
    assert (row["value"], row["value_high"]) == (low, high)
    q = ind.quantities(sentence)[0]
    assert sentence[q.start : q.end] == q.text and q.value_high == high


def test_a_range_is_a_range_in_points() -> None:
    rows = ind.extract(corpus_of(["全年办理法律援助案件10-20件。"]))
    p = ind.points(rows).row(0, named=True)
    assert (p["value"], p["value_high"]) == (10.0, 20.0)


@pytest.mark.parametrize(
    "sentence",
    [
        "力争行政机关负责人出庭应诉率达到100%。",
        "确保行政机关负责人出庭应诉率不低于90%。",
        "明年,行政机关负责人出庭应诉率达到95%以上。",
        "目标为行政诉讼败诉率控制在5%以内。",
    ],
)
def test_a_target_outside_the_plans_part_is_marked_and_not_plotted(sentence: str) -> None:
    rows = ind.extract(corpus_of([sentence]))
    canon = rows.filter(pl.col("indicator").is_not_null())
    assert canon.height == 1 and canon["is_target"].all()
    assert canon["section_kind"].to_list() == ["achievements"]
    assert ind.points(rows).is_empty()


def test_a_result_is_not_a_target() -> None:
    (row,) = _canonical("行政机关负责人出庭应诉率达到100%。")
    assert row["is_target"] is False


@pytest.mark.parametrize(
    ("sentence", "value", "change_unit"),
    [
        ("行政诉讼败诉率同比下降50%。", -50.0, "relative"),
        ("行政诉讼败诉率同比下降1.3个百分点。", -1.3, "percentage_points"),
    ],
)
def test_a_change_of_a_rate_says_whether_it_is_relative(sentence: str, value: float, change_unit: str) -> None:
    (row,) = _canonical(sentence)
    assert (row["indicator"], row["value"], row["is_change"], row["change_unit"]) == (
        "litigation_loss_rate", value, True, change_unit,
    )  # fmt: skip


def test_levels_have_no_change_unit(rows: pl.DataFrame) -> None:
    assert rows.filter(~pl.col("is_change"))["change_unit"].null_count() == rows.filter(~pl.col("is_change")).height
    assert rows.filter(pl.col("is_change"))["change_unit"].null_count() == 0


# ----------------------------------------------------------------------------- taxonomy fields


def test_taxonomy_frame_states_each_definition() -> None:
    tax = ind.taxonomy()
    sums = dict(tax.filter(pl.col("figure") == "sum").select("indicator", "parts").iter_rows())
    assert sums == {
        "normative_docs_repealed": ["废止", "宣布失效"],
        "penalty_exemptions": ["不罚", "减罚"],
        "reconsideration_corrected": ["撤销", "变更", "确认违法", "责令履行"],
        "supervision_notices": ["通知书", "决定书", "建议书", "意见书"],
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    figure: total\n", r"field 'figure' must be one of \['mention', 'sum'\]"),
        ("    figure: sum\n", r"'figure: sum' needs 'parts'"),
        ("    parts: {甲: 甲}\n", r"'figure: sum' needs 'parts'"),
        ("    figure: sum\n    parts: [甲]\n", r"field 'parts' must be a mapping"),
        ("    figure: sum\n    parts: {合计: 甲}\n", r"'合计' is reserved"),
    ],
)
def test_malformed_figure_definitions_name_the_field(tmp_path: Path, extra: str, message: str) -> None:
    entry = "indicators:\n  - id: a\n    name_zh: 甲\n    name_en: a\n    unit: 件\n    cues: [甲]\n" + extra
    path = tmp_path / "t.yml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ind.load_taxonomy(path)


@pytest.mark.parametrize(
    ("sentence", "indicator", "value"),
    [
        ("全年开展专题学习 18 次。", None, 18.0),  # a space before the unit is still a quantity
        ("始终把学习贯彻习近平法治思想作为首要任务,全年组织专题学习2次。", "study_sessions", 2.0),
        ("市政府常务会议先后4次对《审计法》等法律法规进行专题学习和集中辅导。", "study_sessions", 4.0),
        ("2024年行政机关负责人100%出庭应诉。", "head_appearance_rate", 100.0),
        ("全年共审查重大合同39份。", "legality_reviews", 39.0),
        ("备案审查合同21个。", None, 21.0),  # filing is not a legality review
    ],
)
def test_wordings_of_real_openings(sentence: str, indicator: str | None, value: float) -> None:
    rows = ind.extract(corpus_of([sentence])).filter(pl.col("value") == value)
    assert rows["indicator"].to_list() == [indicator]
