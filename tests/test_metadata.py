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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("file,year\na.txt,2021\n", "expected a 'source_file' column"),
        ("source_file,county\na.txt,x\n", r"unknown columns \['county'\]"),
        ("source_file,year\na.txt,二〇二一\n", "line 2: year '二〇二一' is not a whole number"),
        ("source_file,publish_date\na.txt,2022/3/31\n", "line 2: publish_date '2022/3/31' is not YYYY-MM-DD"),
        ("source_file,year\n,2021\n", "line 2: empty source_file"),
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
