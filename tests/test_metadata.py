"""Metadata inference on small texts, and the manifest that overrides it."""

from __future__ import annotations

import datetime as dt
import shutil

import polars as pl
import pytest

import workbench as wb
from workbench import config
from workbench.metadata import ManifestError, infer, read_manifest


def test_infer_from_chrome_and_title():
    m = infer(
        "椒江区2023年度法治政府建设情况的报告",
        "2023年,椒江区坚持……",
        ["信息索引号: 11331002002673575G/2024-154968 主题分类:", "体裁分类: 发布机构: 区政府办公室", "发布日期: 2024- 03- 04 16: 22"],
    )
    assert m == {
        "title": "椒江区2023年度法治政府建设情况的报告",
        "district": "椒江区",
        "city": "台州市",
        "province": "浙江省",
        "level": "district",
        "year": 2023,
        "publish_date": dt.date(2024, 3, 4),
        "doc_number": None,
        "index_number": "11331002002673575G/2024-154968",
        "publisher": "区政府办公室",
    }


def test_infer_from_body_when_there_is_no_title():
    m = infer(None, "2022年,在区委的正确领导下,海淀区坚持依法行政。", [])
    assert (m["district"], m["city"], m["province"], m["year"]) == ("海淀区", "北京市", "北京市", 2022)
    assert m["publish_date"] is None


def test_signoff_date_and_development_zone():
    m = infer("宁波高新区法治政府建设工作报告", "2024年,高新区……宁波高新区党工委 2025年3月28日", [])
    assert (m["district"], m["city"], m["year"], m["publish_date"]) == ("宁波高新区", "宁波市", 2024, dt.date(2025, 3, 28))


def test_manifest_overrides_inferred_fields(tmp_path, monkeypatch):
    src = tmp_path / "raw"
    src.mkdir()
    seed = "002_7456ba8b65555133.txt"
    shutil.copy(config.RAW_DIR / seed, src / seed)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"source_file,title,year,publish_date,publisher\n{seed},上城区2021年法治政府建设年度报告,2020,2022-03-31,区司法局\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "MANIFEST", manifest)
    d = wb.load_corpus(src, cache=False).documents.row(0, named=True)
    assert d["title"] == "上城区2021年法治政府建设年度报告"
    assert d["publish_date"] == dt.date(2022, 3, 31)
    assert d["publisher"] == "区司法局"
    assert d["year"] == 2020  # inferred from the text: 2021
    assert d["district"] == "上城区"  # not in the manifest: inferred


def test_manifest_citation_fields_become_documents_columns(tmp_path, monkeypatch):
    src = tmp_path / "raw"
    src.mkdir()
    for seed in ("000_270b53498ad70ad4.txt", "002_7456ba8b65555133.txt"):
        shutil.copy(config.RAW_DIR / seed, src / seed)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "source_file,url,accessed,note\n"
        "002_7456ba8b65555133.txt,https://www.hzsc.gov.cn/art/2022/3/31/art_1.html,2026-11-02,\"saved page, 2 copies\"\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "MANIFEST", manifest)
    docs = wb.load_corpus(src, cache=False).documents.sort("doc_id")
    assert docs.schema["url"] == pl.String and docs.schema["accessed"] == pl.Date and docs.schema["note"] == pl.String
    assert docs.select("url", "accessed", "note").rows() == [
        (None, None, None),
        ("https://www.hzsc.gov.cn/art/2022/3/31/art_1.html", dt.date(2026, 11, 2), "saved page, 2 copies"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,year\na.txt,2021\n", "expected a 'source_file' column"),
        ("source_file,county\na.txt,x\n", r"unknown columns \['county'\]"),
        ("source_file,year\na.txt,二〇二一\n", r"line 2, column 2 \(year\): year '二〇二一' is not a whole number"),
        ("source_file,publish_date\na.txt,2022/3/31\n", r"line 2, column 2 \(publish_date\): publish_date '2022/3/31' is not YYYY-MM-DD"),
        ("source_file,year\n,2021\n", r"line 2, column 1 \(source_file\): empty source_file"),
        ("source_file,accessed\na.txt,2.11.2026\n", r"line 2, column 2 \(accessed\): accessed '2.11.2026' is not YYYY-MM-DD"),
        ("source_file,url\na.txt,www.example.gov.cn/a.html\n", r"line 2, column 2 \(url\): url 'www.example.gov.cn/a.html' is not an address with a scheme"),
    ],
)
def test_malformed_manifest(tmp_path, content, message):
    p = tmp_path / "manifest.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(p)


def test_seed_corpus_has_no_missing_metadata(corpus):
    assert corpus.documents.select(pl.col("district", "city", "province", "year").null_count()).row(0) == (0, 0, 0, 0)


def test_a_date_in_the_last_sentence_is_not_the_publish_date():
    """The sign-off (moved into the chrome by cleaning) wins over a deadline in the body's last sentence."""
    m = infer("某区2024年法治政府建设情况的报告", "2024年,某区……力争于2025年6月30日前全面完成。", ["某区人民政府 2025年3月1日"])
    assert m["publish_date"] == dt.date(2025, 3, 1)
    m = infer("某区2024年法治政府建设情况的报告", "2024年,某区……力争于2025年6月30日前全面完成。", [])
    assert m["publish_date"] is None


# --- ranked evidence (issue 11): small texts whose right answer is known -----------------------

from workbench.metadata import infer_report, parse_subject  # noqa: E402


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("河北省唐山市路北区", ("路北区", "唐山市", "河北省", "district")),
        ("河北唐山芦台经济开发区", ("芦台经济开发区", "唐山市", "河北省", "dev_zone")),
        ("长沙市天心区坡子街街道", ("坡子街街道", "长沙市", "湖南省", "subdistrict")),
        ("海东市乐都区共和乡", ("共和乡", "海东市", "青海省", "township")),
        ("北京市朝阳区", ("朝阳区", "北京市", "北京市", "district")),
        ("海淀区", ("海淀区", "北京市", "北京市", "district")),
        ("平湖市", ("平湖市", "嘉兴市", "浙江省", "county_city")),
        ("东乌旗", ("东乌珠穆沁旗", "锡林郭勒盟", "内蒙古自治区", "county")),
        ("坪山新区", ("坪山新区", "深圳市", "广东省", "new_area")),
        ("滨海湾新区", ("滨海湾新区", None, None, "new_area")),  # not 滨海县's: a stem must be a name whole
        ("宁波高新区", ("宁波高新区", "宁波市", "浙江省", "dev_zone")),
        ("唐山市", (None, "唐山市", "河北省", "city")),
        ("上海市", (None, None, "上海市", "province")),
        ("国务院", (None, None, None, "national")),
    ],
)
def test_subjects_read_as_whole_administrative_names(printed, expected):
    p = parse_subject(printed)
    assert (p.district, p.city, p.province, p.level) == expected


@pytest.mark.parametrize("printed", ["共和", "中华人民共和国", "城区", "主城区", "经济开发区", "我代表大鹏新区", "加快推进开发区", "朝阳"])
def test_words_that_only_contain_a_place_are_not_places(printed):
    assert parse_subject(printed) is None


def test_a_zone_is_never_the_county_whose_name_it_shares():
    m = infer_report(title="邹平经济开发区2023年度法治政府建设工作报告", body="2023年,开发区坚持……")
    assert (m.values["district"], m.values["level"], m.values["city"]) == ("邹平经济开发区", "dev_zone", "滨州市")


def test_publication_time_wins_over_a_stale_header_and_the_signoff():
    m = infer_report(
        title="静海区2023年度法治政府建设情况报告",
        body="2023年,静海区坚持依法行政。",
        chrome=["天津市静海区人民政府 2019年12月3日星期二", "来源:静海区人民政府办公室 发布时间:2024-03-28 09:18"],
        signoff=["静海区人民政府", "2024年3月20日"],
    )
    assert m.values["publish_date"] == dt.date(2024, 3, 28)
    ev = {c.field: c for c in m.evidence}
    assert ev["publish_date"].source == "chrome" and "发布时间" in ev["publish_date"].evidence


@pytest.mark.parametrize(
    ("chrome", "date"),
    [
        (["发布日期: 2024/3/28"], dt.date(2024, 3, 28)),
        (["公开日期:2024.03.28"], dt.date(2024, 3, 28)),
        (["时间:2023-04-27 10:34 来源:"], dt.date(2023, 4, 27)),
        (["2023-03-31 17:05:00 来源: 海口市司法局 打印"], dt.date(2023, 3, 31)),
        (["• 2023年03月30日 09时24分"], dt.date(2023, 3, 30)),
        (["成文日期:2024年3月4日"], dt.date(2024, 3, 4)),
        (["今天是:2019年10月31日 星期三"], None),
    ],
)
def test_dates_in_their_spellings(chrome, date):
    assert infer_report(title=None, body="2023年,某县……", chrome=chrome).values["publish_date"] == date


@pytest.mark.parametrize(
    ("title", "body", "year"),
    [
        ("关于2021年度法治政府建设情况的报告", "", 2021),
        ("2020年静海区法治政府建设情况报告", "", 2020),
        (None, "根据《法治政府建设实施纲要(2021—2025年)》要求,2023年,我县坚持……", 2023),
        (None, "法治是安邦治国的基石。2022年,在市委的坚强领导下,全县……", 2022),
        (None, "力争2025年全面建成法治政府。", None),
        ("东乌旗人民政府关于2015-2020年度法治政府建设有关情况的报告", "", None),
    ],
)
def test_the_year_reported_on(title, body, year):
    m = infer_report(title=title, body=body, chrome=["发布日期: 2024-03-01"] if year is None and title else [])
    assert m.values["year"] == year
    if year is None:
        assert any(w.startswith("year:") for w in m.warnings)


def test_year_falls_back_to_the_year_before_publication():
    m = infer_report(title="某区法治政府建设工作报告", body="全区坚持……", chrome=["发布时间:2024-03-28"])
    assert m.values["year"] == 2023
    assert next(c for c in m.evidence if c.field == "year").evidence.startswith("the year before publication")


def test_file_names_are_evidence():
    m = infer_report(title=None, body="各位代表:现在,我代表区人民政府向大会作报告。", source_file="2021_余杭区_法治政府建设报告.txt")
    assert (m.values["district"], m.values["city"], m.values["year"]) == ("余杭区", "杭州市", 2021)
    assert {c.source for c in m.evidence if c.field in ("district", "year")} == {"filename"}


def test_disagreeing_sources_leave_the_district_empty_with_a_warning():
    m = infer_report(title="余杭区2021年法治政府建设年度报告", body="2021年,余杭区坚持……", source_file="拱墅区2021.txt")
    assert m.values["district"] is None
    assert any("district: the sources disagree" in w and "余杭区" in w and "拱墅区" in w for w in m.warnings)


def test_a_subdistrict_over_its_county_and_the_county_gives_its_city():
    m = infer_report(title="鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告", body="2022年,我街道……")
    assert (m.values["district"], m.values["level"], m.values["city"], m.values["province"]) == ("金龙街道", "subdistrict", "泉州市", "福建省")


def test_a_name_after_zai_or_inside_book_title_marks_is_someone_else():
    m = infer_report(title=None, body="2022年,我们在龙岗区人大的监督下,认真落实《清城区2022年法治政府建设工作要点》。")
    assert m.values["district"] is None


def test_the_metadata_frame_quotes_body_evidence(corpus):
    md = corpus.metadata
    wb.schemas.check(md, wb.schemas.METADATA, "metadata")
    assert set(md["source"]) <= set(wb.schemas.SOURCES)
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    body = md.filter(pl.col("char_start").is_not_null())
    assert body.height >= 2  # 上城区's place and year come from its opening line
    for doc_id, ev, a, b in body.select("doc_id", "evidence", "char_start", "char_end").iter_rows():
        assert texts[doc_id][a:b] == ev
    # every documents value has its row
    for row in corpus.documents.iter_rows(named=True):
        fields = set(md.filter(pl.col("doc_id") == row["doc_id"])["field"])
        assert {f for f in ("district", "city", "province", "level", "year") if row[f] is not None} <= fields


# --- the review's cases (docs/metadata.md, "Known ways to go wrong") ----------------------------

T = "关于2023年度法治政府建设情况的报告"  # a title that names no place


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # a host site's banner does not override the report's own 我县 / 我街道
        ({"title": T, "chrome": ["唐山市人民政府"], "body": "2023年,我县坚持依法行政。"}, (None, "county", "唐山市")),
        ({"title": T, "chrome": ["杭州市上城区人民政府"], "body": "2023年,我街道坚持依法行政。"}, (None, "subdistrict", "杭州市")),
        # a salutation addresses the superior; it is not the reporting organ
        ({"title": T, "body": "唐山市人民政府:\n2023年,我区坚持依法行政。"}, (None, None, None)),
        ({"title": T, "body": "乐亭县人民政府:\n2023年,我镇坚持依法行政。"}, (None, "township", None)),
        # a district merged away is kept as printed, not turned into its city's report
        ({"title": "杭州市江干区人民政府关于2019年度法治政府建设情况的报告", "body": ""}, ("江干区", "district", "杭州市")),
        # the longest name that opens the clause: the zone, the town, the 街道, not their county
        ({"title": T, "body": "2023年,乐亭县经济开发区坚持依法行政。"}, ("乐亭县经济开发区", "dev_zone", "唐山市")),
        ({"title": T, "body": "2023年,南山区蛇口街道坚持依法行政。"}, ("蛇口街道", "subdistrict", None)),
        # a list of units is not the subject
        ({"title": T, "body": "2023年,路北区、路南区、开平区深入推进法治政府建设。"}, (None, None, None)),
        # a file name naming only the city gives way to the county the opening names in it
        ({"title": T, "body": "2023年,乐亭县坚持依法行政。", "source_file": "唐山市_2023.txt"}, ("乐亭县", "county", "唐山市")),
        # a publisher naming another unit of the same rank contradicts the title
        ({"title": "路南区2023年度法治政府建设情况报告", "chrome": ["发布机构:唐山市路北区人民政府"], "body": ""}, (None, None, None)),
        # 乾 survives OpenCC's t2s (干县) and traditional titles are converted
        ({"title": "乾县人民政府关于2023年度法治政府建设情况的报告", "body": ""}, ("乾县", "county", "咸阳市")),
        ({"title": "北京市海淀區人民政府關於2023年度法治政府建設情況的報告", "body": ""}, ("海淀区", "district", "北京市")),
    ],
)
def test_known_ways_to_go_wrong(kwargs, expected):
    m = infer_report(**kwargs)
    assert (m.values["district"], m.values["level"], m.values["city"]) == expected
    if expected[0] is None:
        assert any(w.startswith("district:") for w in m.warnings)


@pytest.mark.parametrize(
    ("kwargs", "year"),
    [
        ({"title": "乐亭县人民政府法治政府建设情况报告", "body": "", "source_file": "乐亭县_2024-03-01.txt"}, None),
        ({"title": T, "body": "", "source_file": "乐政发〔2024〕3号.txt"}, 2023),
        ({"title": "赵县人民政府关于法治政府建设情况的报告", "body": "自2018年以来,赵县坚持依法行政。", "chrome": []}, None),
    ],
)
def test_years_that_are_not_the_year_reported_on(kwargs, year):
    assert infer_report(**kwargs).values["year"] == year


def test_an_update_time_is_not_a_publication_date():
    m = infer_report(title=T, body="", chrome=["更新时间:2025-06-01", "发布时间:2024-03-02"])
    assert m.values["publish_date"] == dt.date(2024, 3, 2)


def test_the_year_before_publication_comes_with_a_warning():
    m = infer_report(title="乐亭县人民政府法治政府建设情况报告", body="", chrome=["发布时间:2024-03-02"])
    assert m.values["year"] == 2023 and any("year before publication" in w for w in m.warnings)


def test_a_department_report_is_flagged():
    m = infer_report(title="乐亭县司法局2023年度法治政府建设工作情况报告", body="")
    assert m.values["district"] == "乐亭县"
    assert any("department" in w and "司法局" in w for w in m.warnings)


def test_every_body_evidence_row_quotes_documents_text():
    """Slogan spans included (法治云南, not 法治云南、)."""
    body = "2022年,经开区坚持以习近平法治思想为指导,紧紧围绕法治中国、法治云南、法治曲靖建设的要求。"
    m = infer_report(title=None, body=body)
    rows = [c for c in m.evidence if c.char_start is not None]
    assert rows and all(body[c.char_start : c.char_end] == c.evidence for c in rows)
