"""Tests of workbench.indicators: number grammar, exclusions, taxonomy, extraction, accuracy against gold."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from workbench import config, schemas
from workbench import indicators as ind

from test_indicators_helpers import corpus_of

GOLD = Path(__file__).parent / "gold"

REQUIRED_IDS = {
    "reconsideration_received", "reconsideration_closed", "reconsideration_settled", "reconsideration_corrected",
    "reconsideration_correction_rate", "litigation_cases", "litigation_lost", "litigation_loss_rate",
    "head_appearance_rate", "legality_reviews", "normative_docs_issued", "normative_docs_repealed",
    "normative_docs_reviewed", "legal_aid_cases", "disputes_resolved", "mediation_cases", "mediation_rate",
    "enforcement_inspections", "penalty_cases", "case_files_reviewed", "enforcement_personnel",
    "enterprise_checkups", "major_decisions", "study_sessions", "supervision_notices",
}  # fmt: skip


@pytest.fixture(scope="module")
def rows(corpus) -> pl.DataFrame:
    return ind.extract(corpus)


# ----------------------------------------------------------------------------- number parsing


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("167", 167.0),
        ("1,234", 1234.0),
        ("12,345,678", 12345678.0),
        ("53.38", 53.38),
        ("１２３", 123.0),  # full-width digits
        ("１，２３４．５", 1234.5),  # full-width separator and point
        ("十二", 12.0),
        ("二百一十二", 212.0),
        ("一百零五", 105.0),
        ("两百", 200.0),
        ("三千", 3000.0),
        ("两万三千", 23000.0),
        ("三点五", 3.5),
        ("1.2万", 12000.0),
        ("5.18亿", 518000000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert ind.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "件"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="parse_number"):
        ind.parse_number(text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("4684万元", 46840000.0, "元", None),
        ("5.18亿元", 518000000.0, "元", None),
        ("2481.83万元", 24818300.0, "元", None),
        ("53.38%", 53.38, "%", None),
        ("5.87个百分点", 5.87, "个百分点", None),
        ("三千余件", 3000.0, "件", "余"),
        ("十二件", 12.0, "件", None),
        ("120余件", 120.0, "件", "余"),
        ("400多小时", 400.0, "小时", "多"),
        ("近2000本", 2000.0, "本", "近"),
        ("超6000个", 6000.0, "个", "超"),
        ("约300人", 300.0, "人", "约"),
        ("90%以上", 90.0, "%", "以上"),
        ("2.8万余件", 28000.0, "件", "余"),
        ("１２件", 12.0, "件", None),
        ("1,286件", 1286.0, "件", None),
        ("1308人次", 1308.0, "人次", None),
        ("229家次", 229.0, "家次", None),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str, qualifier: str | None) -> None:
    q = ind.parse_quantity(text)
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(value), unit, qualifier)


def test_parse_quantity_needs_a_unit() -> None:
    with pytest.raises(ValueError, match="parse_quantity: expected a number followed by a unit"):
        ind.parse_quantity("2024")


def test_quantities_offsets_slice_the_number_and_unit() -> None:
    text = "全年共收到复议申请167件,办结148件,和解结案79件,调解率53.38%。"
    got = [(text[q.start : q.end], q.value) for q in ind.quantities(text)]
    assert got == [("167件", 167.0), ("148件", 148.0), ("79件", 79.0), ("53.38%", 53.38)]


# ----------------------------------------------------------------------------- exclusions


@pytest.mark.parametrize(
    "text",
    [
        "2025年3月28日",  # dates
        "2020年7月1日至2021年6月30日期间",
        "拱政发〔2025〕04号",  # document numbers
        "区委主要负责人在市委全面依法治市委员会第六次会议上进行述法",  # ordinals
        "全面贯彻党的二十大和二十届二中、三中全会精神",
        "持续推动党的十九届六中全会精神学深悟透",
        "全面落实《法治政府建设实施纲要(2021—2025年)》",  # plan names
        "出台《服务保障经济稳进提质九条司法措施》",
        "拱墅区运河律师“1+1+17”涉企法律服务矩阵",  # slogans and brand numbers
        "谋划区级层面总体形成1+7的行政执法队伍格局",
        "全域推进“15分钟公共法律服务圈”建设",
        "持续打造15分钟公共法律服务圈",
        "科学谋划出台“八五”普法规划",
        "深化习近平法治思想八进工作",
        "加强营商环境“四中心一圈一楼宇驿站”建设",
        "推出涉外法律服务一件事护航涉外企业",
        "打造医美产业一类事",
        "深入推行“三项制度”",
        "持续推进两高一低整治",
        "开启企业开办便利化改革3.0,凤凰智审V3.0项目",
        "全区每万人高价值发明专利",
        "推进“综合查一次”制度全面落实",
        "精心培育一批有辨识度的标志性成果",
    ],
)
def test_not_quantities(text: str) -> None:
    assert ind.quantities(text) == []


def test_meetings_counted_are_quantities() -> None:
    (q,) = ind.quantities("全年召开会议3次")
    assert (q.value, q.unit) == (3.0, "次")


def test_exclusions_absent_from_seed_extraction(rows: pl.DataFrame, corpus) -> None:
    """No extracted quantity is a year, a 《》 title figure or an N+N slogan."""
    assert rows.filter(pl.col("unit") == "年").height == 0
    assert rows.filter(pl.col("sentence").str.contains("1+1+17", literal=True) & (pl.col("value") == 17)).height == 0
    assert rows.filter(pl.col("unit") == "分钟").height == 0
    # no quantity lies inside a 《》 title of its report
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    titles = {d: [m.span() for m in re.finditer(r"《[^》]*》", t)] for d, t in texts.items()}
    assert any(titles.values())  # the seeds do have such titles with numbers in them
    for doc_id, start, end in rows.select("doc_id", "char_start", "char_end").iter_rows():
        assert not any(a < end and start < b for a, b in titles[doc_id]), texts[doc_id][start:end]


# ----------------------------------------------------------------------------- labels, changes


def test_four_figures_four_labels() -> None:
    out = ind.extract(corpus_of(["全年共收到复议申请167件,办结148件,和解结案79件,调解率53.38%。"]))
    assert out.select("label", "indicator", "value").rows() == [
        ("收到复议申请", "reconsideration_received", 167.0),
        ("办结", "reconsideration_closed", 148.0),
        ("和解结案", "reconsideration_settled", 79.0),
        ("调解率", "mediation_rate", 53.38),
    ]


def test_changes_are_signed_and_flagged() -> None:
    out = ind.extract(corpus_of(["败诉率5.5%,同比下降5.87个百分点;办件量同比增长12%。"]))
    assert out.select("value", "unit", "is_change").rows() == [
        (5.5, "%", False),
        (-5.87, "个百分点", True),
        (12.0, "%", True),
    ]
    assert out["indicator"].to_list() == ["litigation_loss_rate", "litigation_loss_rate", None]


def test_topic_does_not_cross_an_indicator_clause() -> None:
    """结案 after a litigation figure is not a reconsideration figure, even under a 复议 heading."""
    out = ind.extract(
        corpus_of(["共办理行政应诉案件21件,已结案15件。"], heading="发挥行政复议化解行政争议主渠道作用")
    )
    assert out["indicator"].to_list() == ["litigation_cases", None]


def test_heading_gives_the_topic_when_the_sentence_has_none() -> None:
    out = ind.extract(corpus_of(["审查各类事项2066件。"], heading="推进县乡合法性审查质效提升改革"))
    assert out["indicator"].to_list() == ["legality_reviews"]
    out = ind.extract(corpus_of(["审查各类事项2066件。"], heading="全面落实公平竞争审查制度"))
    assert out["indicator"].to_list() == [None]


def test_unit_contradicting_the_taxonomy_is_not_the_indicator() -> None:
    out = ind.extract(corpus_of(["开展合法性审查业务培训4次,法律援助113人次。"]))
    assert out["indicator"].to_list() == [None, None]


# ----------------------------------------------------------------------------- taxonomy


def test_taxonomy_covers_required_ids() -> None:
    tax = ind.taxonomy()
    assert REQUIRED_IDS <= set(tax["indicator"])
    assert tax.schema == pl.Schema(ind.TAXONOMY)
    assert tax["indicator"].is_unique().all()


GOOD_ENTRY = """
  - id: legal_aid_cases
    name_zh: 法律援助案件
    name_en: Legal-aid cases
    unit: 件
    cues: ["法律援助(案件)?"]
"""


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (GOOD_ENTRY + "    colour: red\n", r"entry 1 \(id 'legal_aid_cases'\): unknown field\(s\) \['colour'\]"),
        (GOOD_ENTRY.replace("    name_en: Legal-aid cases\n", ""), r"entry 1 \(id 'legal_aid_cases'\): missing field\(s\) \['name_en'\]"),
        (GOOD_ENTRY.replace('["法律援助(案件)?"]', '["法律援助(案件"]'), r"entry 1 \(id 'legal_aid_cases'\): field 'cues' has an invalid regular expression"),
        (GOOD_ENTRY.replace("unit: 件", "unit: 斤"), r"entry 1 \(id 'legal_aid_cases'\): field 'unit' has unknown unit\(s\) \['斤'\]"),
        (GOOD_ENTRY.replace("legal_aid_cases", "penalty_cases"), r"entry 1 \(id 'penalty_cases'\): field 'id': duplicate id, already used by entry 0"),
        (GOOD_ENTRY.replace("legal_aid_cases", "Legal Aid"), r"entry 1 \(id 'Legal Aid'\): field 'id' must be snake_case"),
        (GOOD_ENTRY + '    bare: ["办结"]\n', r"entry 1 \(id 'legal_aid_cases'\): fields 'bare' and 'topic' go together"),
        (GOOD_ENTRY.replace('cues: ["法律援助(案件)?"]', "cues: []"), r"entry 1 \(id 'legal_aid_cases'\): field 'cues' must be a non-empty list"),
    ],
)  # fmt: skip
def test_malformed_taxonomy_names_entry_and_field(tmp_path: Path, entry: str, message: str) -> None:
    first = """indicators:
  - id: penalty_cases
    name_zh: 行政处罚案件
    name_en: Administrative penalty cases
    unit: [件, 起]
    cues: ["处罚案件"]
"""
    path = tmp_path / "bad.yml"
    path.write_text(first + entry, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ind.load_taxonomy(path)


def test_malformed_yaml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("indicators: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        ind.load_taxonomy(path)
    path.write_text("indicator:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"top level: expected a mapping with a list under 'indicators'"):
        ind.load_taxonomy(path)
    with pytest.raises(FileNotFoundError, match="no taxonomy file"):
        ind.load_taxonomy(tmp_path / "absent.yml")


def test_a_researcher_adds_an_indicator_by_editing_the_file(tmp_path: Path) -> None:
    text = config.INDICATORS.read_text(encoding="utf-8")
    extra = """
  - id: legal_consultations
    name_zh: 法律咨询
    name_en: Legal consultations answered
    unit: [人次, 次]
    cues: ["咨询"]
"""
    path = tmp_path / "indicators.yml"
    path.write_text(text.replace("\n# Idioms and slogans", extra + "\n# Idioms and slogans"), encoding="utf-8")
    out = ind.extract(corpus_of(["全年受理法律援助案件646件,接待各类咨询1308人次。"]), taxonomy_path=path)
    assert out["indicator"].to_list() == ["legal_aid_cases", "legal_consultations"]
    assert "legal_consultations" in ind.taxonomy(path)["indicator"].to_list()


# ----------------------------------------------------------------------------- extraction on the seed corpus


def test_extract_schema_and_order(rows: pl.DataFrame) -> None:
    schemas.check(rows, ind.INDICATORS, "indicators")
    assert rows.height > 100
    assert rows.equals(rows.sort("doc_id", "char_start"))
    assert set(rows["section_kind"].unique()) <= set(schemas.KINDS)
    assert set(rows["qualifier"].drop_nulls().unique()) <= {"余", "多", "近", "超", "约", "以上"}
    known = set(ind.taxonomy()["indicator"])
    assert set(rows["indicator"].drop_nulls().unique()) <= known


def test_every_slice_holds_the_value(corpus, rows: pl.DataFrame) -> None:
    """documents.text[char_start:char_end] is the number and unit, and parses back to the value."""
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for r in rows.iter_rows(named=True):
        piece = texts[r["doc_id"]][r["char_start"] : r["char_end"]]
        assert piece in r["sentence"]
        q = ind.parse_quantity(piece)
        assert q.unit == r["unit"]
        assert abs(r["value"]) == pytest.approx(q.value)
        digits = re.sub(r"[^0-9.]", "", piece.replace(",", ""))
        if digits:  # Arabic figure: its digits are in the slice
            mult = {"万": 1e4, "亿": 1e8}.get(next((c for c in piece if c in "万亿"), ""), 1)
            assert float(digits) * mult == pytest.approx(abs(r["value"]))


def test_seed_example_reconsideration_sentence(rows: pl.DataFrame) -> None:
    got = rows.filter(pl.col("sentence").str.contains("全年共收到复议申请167件", literal=True)).select("indicator", "value")
    assert got.rows() == [
        ("reconsideration_received", 167.0),
        ("reconsideration_closed", 148.0),
        ("reconsideration_settled", 79.0),
        ("mediation_rate", 53.38),
    ]


def test_money_multipliers_on_seed(rows: pl.DataFrame) -> None:
    money = dict(rows.filter(pl.col("unit") == "元").select("label", "value").iter_rows())
    assert money["涉案金额"] == 46840000.0
    assert money["涉及金额"] == 518000000.0


# ----------------------------------------------------------------------------- accuracy against the gold annotation


def _gold() -> dict[str, pl.DataFrame]:
    return {p.stem: pl.read_csv(p, schema_overrides={"value": pl.Float64}) for p in sorted(GOLD.glob("*.csv"))}


def test_gold_is_well_formed(corpus) -> None:
    gold = _gold()
    assert len(gold) >= 3
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    known = set(ind.taxonomy()["indicator"])
    for doc_id, g in gold.items():
        assert g.columns == ["indicator", "value", "unit", "is_change", "snippet"]
        assert doc_id in texts
        for r in g.iter_rows(named=True):
            assert r["indicator"] in known
            assert r["snippet"] in texts[doc_id], r
            assert any(abs(q.value - abs(r["value"])) < 1e-9 and q.unit == r["unit"] for q in ind.quantities(r["snippet"])), r


def _scores(rows: pl.DataFrame) -> list[tuple[str, int, int, int]]:
    out = []
    for doc_id, g in _gold().items():
        gold = Counter((r["indicator"], r["value"]) for r in g.iter_rows(named=True))
        pred = Counter(
            (r["indicator"], r["value"])
            for r in rows.filter((pl.col("doc_id") == doc_id) & pl.col("indicator").is_not_null()).iter_rows(named=True)
        )
        out.append((doc_id, sum((gold & pred).values()), sum(pred.values()), sum(gold.values())))
    return out


def test_precision_and_recall_against_gold(corpus, rows: pl.DataFrame) -> None:
    districts = dict(corpus.documents.select("doc_id", "district").iter_rows())
    scores = _scores(rows)
    for doc_id, tp, n_pred, n_gold in scores:
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        print(f"{doc_id} {districts[doc_id]}: precision {p:.3f} ({tp}/{n_pred}), recall {r:.3f} ({tp}/{n_gold})")
        assert p >= 0.9 and r >= 0.9, doc_id
    tp = sum(s[1] for s in scores)
    precision, recall = tp / sum(s[2] for s in scores), tp / sum(s[3] for s in scores)
    print(f"overall: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


def test_scoring_detects_a_wrong_extraction(rows: pl.DataFrame) -> None:
    """The accuracy test can fail: drop and corrupt some rows and the score falls."""
    broken = rows.with_columns(
        pl.when(pl.col("indicator") == "litigation_lost").then(pl.lit("litigation_cases")).otherwise(pl.col("indicator")).alias("indicator")
    ).filter(pl.col("indicator") != "study_sessions")
    scores = _scores(broken)
    tp = sum(s[1] for s in scores)
    affected = sum(g["indicator"].is_in(["litigation_lost", "study_sessions"]).sum() for g in _gold().values())
    assert affected > 0
    assert tp == sum(s[3] for s in scores) - affected


# ----------------------------------------------------------------------------- points, citations, coverage


def test_points_first_level_mention_outside_plans() -> None:
    c = corpus_of(["区委理论学习中心组学法9次,区政府常务会议专题学法4次。", "败诉率5.5%,同比下降5.87个百分点。"])
    rows = ind.extract(c)
    pts = ind.points(rows)
    schemas.check(pts, ind.POINTS, "points")
    assert pts.select("indicator", "value", "n_mentions").rows() == [
        ("litigation_loss_rate", 5.5, 1),
        ("study_sessions", 9.0, 2),
    ]
    plans = ind.extract(corpus_of(["确保行政机关负责人出庭应诉率100%。"], kind="plans"))
    assert ind.points(plans).height == 0


def test_points_rejects_unknown_ids(rows: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="points: unknown indicator id"):
        ind.points(rows, indicators=["no_such_id"])


def test_citations_cover_every_point(corpus, rows: pl.DataFrame) -> None:
    pts = ind.points(rows)
    cit = ind.citations(pts)
    schemas.check(cit, ind.CITATIONS, "citations")
    assert cit.height == pts.height
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for r in cit.iter_rows(named=True):
        assert texts[r["doc_id"]][r["char_start"] : r["char_end"]] in r["sentence"]


def test_coverage_has_a_cell_for_every_report(corpus, rows: pl.DataFrame) -> None:
    cov = ind.coverage(rows, corpus.documents)
    schemas.check(cov, ind.COVERAGE, "coverage")
    n_ids = ind.taxonomy().height
    assert cov.height == n_ids * corpus.documents.height
    gongshu = cov.filter((pl.col("district") == "拱墅区") & (pl.col("indicator") == "study_sessions"))
    assert gongshu["n_mentions"].to_list() == [2]
    assert cov.filter(pl.col("indicator") == "normative_docs_issued")["reported"].sum() == 1


def test_accuracy_helper_agrees_with_the_test_computation(rows: pl.DataFrame) -> None:
    acc = ind.accuracy(rows, ind.read_gold())
    schemas.check(acc, ind.ACCURACY, "accuracy")
    expected = {doc_id: (tp, n_pred, n_gold) for doc_id, tp, n_pred, n_gold in _scores(rows)}
    for r in acc.filter(pl.col("doc_id") != "all").iter_rows(named=True):
        assert (r["n_correct"], r["n_predicted"], r["n_gold"]) == expected[r["doc_id"]]
    pooled = acc.filter(pl.col("doc_id") == "all").row(0, named=True)
    assert pooled["n_gold"] == sum(v[2] for v in expected.values())


def test_accuracy_on_a_hand_made_case() -> None:
    rows = ind.extract(corpus_of(["全年共收到复议申请167件,办结148件,败诉率5.5%。"]))
    gold = pl.DataFrame(
        {
            "doc_id": ["t", "t", "t"],
            "indicator": ["reconsideration_received", "reconsideration_closed", "litigation_lost"],
            "value": [167.0, 140.0, 2.0],
        }
    )
    acc = ind.accuracy(rows, gold).filter(pl.col("doc_id") == "t").row(0, named=True)
    # predicted 3 (received 167, closed 148, loss rate 5.5); correct 1; gold 3
    assert (acc["n_predicted"], acc["n_correct"], acc["n_gold"]) == (3, 1, 3)
    assert acc["precision"] == pytest.approx(1 / 3) and acc["recall"] == pytest.approx(1 / 3)


def test_accuracy_scores_only_annotated_reports_of_the_corpus(rows: pl.DataFrame, corpus) -> None:
    """On a corpus without the annotated reports nothing is scored; with documents, a report without rows is."""
    gold = ind.read_gold()
    other = corpus_of(["全年共收到复议申请167件。"], doc_id="elsewhere")
    acc = ind.accuracy(ind.extract(other), gold, other.documents)
    assert acc["doc_id"].to_list() == ["all"]
    pooled = acc.row(0, named=True)
    assert (pooled["n_gold"], pooled["n_predicted"], pooled["precision"], pooled["recall"]) == (0, 0, None, None)  # null, not NaN
    one = corpus.documents["doc_id"].cast(pl.String).sort()[0]
    annotated = gold.filter(pl.col("doc_id") == one)
    acc = ind.accuracy(rows.head(0), annotated, corpus.documents)  # nothing extracted from a report of the corpus
    row = acc.filter(pl.col("doc_id") == one).row(0, named=True)
    assert (row["n_gold"], row["n_predicted"], row["precision"], row["recall"]) == (annotated.height, 0, None, 0.0)
    place = corpus.documents.filter(pl.col("doc_id").cast(pl.String) == one).row(0, named=True)
    assert (row["district"], row["year"]) == (place["district"], place["year"])  # from documents, though df has no row
    with pytest.warns(UserWarning, match=rf"accuracy: 1 annotated report\(s\) have no row in df \({one}\)"):
        assert ind.accuracy(rows.head(0), annotated)["doc_id"].to_list() == ["all"]


def test_number_listing_records_every_gold_mention() -> None:
    """tests/gold/decisions/numbers.csv lists each annotated mention once, under its indicator."""
    listing = pl.read_csv(GOLD / "decisions" / "numbers.csv")
    known = set(ind.taxonomy()["indicator"])
    for doc_id, g in _gold().items():
        decided = Counter(listing.filter((pl.col("doc_id") == doc_id) & pl.col("decision").is_in(list(known)))["decision"])
        assert decided == Counter(g["indicator"]), doc_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出庭应诉率提升至100%", [(100.0, "%")]),  # 至 after a verb: a value, not a range
        ("败诉率下降至3.1%", [(3.1, "%")]),
        ("2021至2025年完成3-5件", [(3.0, "件")]),  # a range after a numeral: one quantity (value_high 5)
        ("全区二十一个部门和十一个街道", [(21.0, "个"), (11.0, "个")]),  # 一个 ending a numeral is not an article
        ("培育一批法治企业", []),
    ],
)
def test_ranges_and_articles_need_a_numeral_before_them(text: str, expected: list) -> None:
    assert [(q.value, q.unit) for q in ind.quantities(text)] == expected


# ----------------------------------------------------------------------------- the fast path of extract


def test_sentences_extract_skips_hold_no_quantity(corpus) -> None:
    """extract reads only the sentences its polars filter keeps: every match of the quantity pattern
    passes that filter, so a sentence it drops has no quantity (on the seeds and on strings made to
    sit at the filter's edges)."""
    from workbench.indicators.extract import _MAYBE_QUANTITY, _sentence_rows
    from workbench.indicators.numbers import _QUANTITY

    texts = corpus.sentences["text"].to_list() + [
        "共167件", "二十大", "近　三件", "7 %", "1.2万余元", "三千余件", "百余件", "2,345家次", "１２件", "十余个百分点",
        "第六次会议", "2025年3月", "V3.0版", "办结率", "件", "", "数百人", "零点五个百分点",
    ]
    kept = pl.Series(texts).str.contains(_MAYBE_QUANTITY).to_list()
    has_match = [_QUANTITY.search(t) is not None for t in texts]
    assert all(k for k, m in zip(kept, has_match) if m)
    assert sum(kept) < len(texts)  # the filter does drop sentences
    tax = ind.load_taxonomy()
    assert all(not _sentence_rows(t, [], tax) for t, k in zip(texts, kept) if not k)


def test_shared_cue_answers_give_the_same_rows(corpus) -> None:
    """A _CueFinder shared by every sentence (as extract shares it) changes no row: each seed
    sentence read with a fresh one and with the shared one gives the same quantities, labels,
    indicators and parts."""
    from workbench.indicators.extract import _CueFinder, _sentence_rows

    tax = ind.load_taxonomy()
    shared = _CueFinder(tax)
    heads = dict(corpus.sections.select("section_id", "heading").iter_rows())
    n = 0
    for sid, text in corpus.sentences.select("section_id", "text").iter_rows():
        headings = [heads[sid]] if heads.get(sid) else []
        fresh = _sentence_rows(text, headings, tax)
        again = _sentence_rows(text, headings, tax, best_cue=shared)
        key = lambda f: (f.q, f.label, f.indicator, f.part, f.is_change, f.sign, f.value_previous, f.is_target)  # noqa: E731
        assert [key(f) for f in fresh] == [key(f) for f in again]
        n += len(fresh)
    assert n > 100
