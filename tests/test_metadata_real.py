"""Metadata, parts and non-reports on real reports the project was not written from.

The sets live in ``tests/real/`` (see its README): openings of real report pages
from every province, annotated by hand and checked by a second annotator, and
the 144 Shenzhen 政府工作报告 with the place of each file. The accuracy figures
in docs/metadata.md come from ``bench/accuracy.py``, which these tests share.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

import workbench as wb
from workbench.cleaning import clean
from workbench.readers import read_raw, to_simplified
from workbench.segment import sections

REAL = Path(__file__).parent / "real"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import accuracy  # noqa: E402  (bench/accuracy.py: the scoring the docs quote)


@pytest.fixture(scope="module")
def dev():
    rows = accuracy.dev_rows()
    assert len(rows) >= 60, "tests/real/pages.csv should hold at least 60 annotated reports"
    return accuracy.score(rows, REAL, accuracy.DEV_FIELDS, "file")


@pytest.fixture(scope="module")
def shenzhen():
    rows = accuracy.shenzhen_rows()
    assert len(rows) == 144
    return rows


def test_development_set_covers_twenty_provinces_and_every_level():
    rows = accuracy.dev_rows()
    provinces = {r["province"] for r in rows if r["province"]}
    levels = {r["level"] for r in rows}
    assert len(provinces) >= 20
    assert {"district", "county", "county_city", "new_area", "dev_zone", "subdistrict", "township", "city", "province"} <= levels
    for r in rows:
        assert (REAL / r["file"]).is_file() and r["url"].startswith("http")


def test_no_metadata_value_is_wrong_on_the_development_set(dev):
    """A value the reader gives is right; where it cannot tell, it leaves the field empty with a warning."""
    wrong = [m for m in dev["misses"] if m[4] == "WRONG"]
    assert wrong == []
    assert all(t["wrong"] == 0 for t in dev["table"].values())


@pytest.mark.parametrize(
    ("field", "floor"),
    # right % of the values the page's text supports (bench/accuracy.py); measured 2026-11-30:
    # district 97.1, city 96.7, province 90.2, level 91.4, year, publish_date, doc_number and
    # index_number 100, publisher 98.6
    [
        ("district", 95), ("city", 95), ("province", 90), ("level", 90), ("year", 95), ("publish_date", 95),
        ("doc_number", 95), ("index_number", 95), ("publisher", 95),
    ],
)
def test_fields_right_on_the_values_the_text_supports(dev, field, floor):
    t = dev["table"][field]
    assert 100 * t["supported_right"] / t["supported"] >= floor, t


def test_every_missing_grouping_value_comes_with_a_warning(dev):
    """District, city, province, level and year group the analyses: an empty one is always explained."""
    for file, field, truth, value, why in dev["misses"]:
        if field in ("district", "city", "province", "level", "year"):
            assert value == "(empty)" and why.replace("[not in the text] ", ""), (file, field, truth)


def test_no_metadata_value_is_wrong_on_the_held_out_set():
    """Pages gathered after the rules were written: measured once, nothing wrong (recall is lower; see docs)."""
    rows = accuracy.holdout_rows()
    assert len(rows) >= 25
    result = accuracy.score(rows, REAL / "holdout", accuracy.DEV_FIELDS, "file")
    assert [m for m in result["misses"] if m[4] == "WRONG"] == []
    assert result["table"]["year"]["right"] >= 0.95 * len(rows)


def test_shenzhen_places_with_file_names(shenzhen):
    result = accuracy.score(shenzhen, REAL / "shenzhen-work-reports", accuracy.SZ_FIELDS, "source_file")
    assert all(t["wrong"] == 0 for t in result["table"].values()), [m for m in result["misses"] if m[4] == "WRONG"]
    for field in ("district", "city", "level"):
        assert result["table"][field]["right"] >= 0.9 * 144, field


def test_shenzhen_no_wrong_place_even_without_file_names(shenzhen):
    """Hidden file names: 中华人民共和国 gives no 共和县, 我代表大鹏新区 no '我代表大鹏新区', 在龙岗区人大… not 龙岗区."""
    result = accuracy.score(shenzhen, REAL / "shenzhen-work-reports", accuracy.SZ_FIELDS, "source_file", use_name=False)
    assert [m for m in result["misses"] if m[4] == "WRONG"] == []
    national = [r for r in shenzhen if r["level"] == "national"]
    for r in national:
        got = accuracy.infer_file(REAL / "shenzhen-work-reports" / r["source_file"], use_name=False)
        assert got["district"] is None and got["city"] is None and got["province"] is None


def test_real_level_one_headings_are_found():
    """The 一、 headings the annotator saw are the level-1 sections found, in order (t2s applied to both)."""
    known_slip = {"pages/073.txt"}  # the page numbers two consecutive parts 一、 (a slip in the original)
    mismatches = []
    for row in accuracy.dev_rows():
        if row["file"] in known_slip or not row["headings"]:
            continue
        body = clean(read_raw(REAL / row["file"]).text).body
        secs, _ = sections(body)
        got = [(s.label + s.heading)[:8] for s in secs if s.level == 1 and s.label]
        want = [to_simplified(h.strip())[:8] for h in row["headings"].split(" | ") if h.strip()]
        if got[: len(want)] != want:
            mismatches.append((row["file"], want, got))
    assert mismatches == []


def test_near_misses_are_flagged_and_reports_are_not(tmp_path):
    """Notices, plans, interpretations and list pages get 'does not look like a 法治政府建设 report'; reports do not."""
    with (REAL / "pages.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        shutil.copy(REAL / r["file"], tmp_path / f"{'report' if r['is_report'] == '1' else 'other'}_{Path(r['file']).name}")
    c = wb.load_corpus(tmp_path, cache=False)
    flagged = set(c.problems.filter(pl.col("message").str.contains("does not look like a 法治政府建设 report"))["source_file"])
    assert not {f for f in flagged if f.startswith("report_")}
    others = {p.name for p in tmp_path.glob("other_*")}
    assert len(flagged & others) >= 7, sorted(others - flagged)
    # every report page loads as a document
    assert c.documents.filter(pl.col("source_file").str.starts_with("report_")).height == sum(r["is_report"] == "1" for r in rows)
    # every evidence row read from a body quotes documents.text exactly (slogans and openings included)
    texts = dict(c.documents.select("doc_id", "text").iter_rows())
    body = c.metadata.filter(pl.col("char_start").is_not_null())
    assert body.height > 50
    for doc_id, ev, a, b in body.select("doc_id", "evidence", "char_start", "char_end").iter_rows():
        assert texts[doc_id][a:b] == ev, (doc_id, ev)


def test_shenzhen_reports_all_load(tmp_path):
    """Every real report loads (a sample of 24 long ones, to keep the suite quick): sections found, no error rows."""
    files = sorted((REAL / "shenzhen-work-reports").glob("*.txt"))[::6]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    c = wb.load_corpus(tmp_path, cache=False)
    assert c.documents.height == len(files)
    assert c.problems.filter(pl.col("severity") == "error").height == 0
    parts = c.sections.filter(pl.col("level") == 1).group_by("doc_id").len()
    # most have 一、 parts; a few start at 二、 (their first part has no numbered heading) and load
    # as one part, with a warning naming the file
    assert parts.height == len(files) and (parts["len"] >= 2).sum() >= 0.75 * len(files)
    one_part = set(parts.filter(pl.col("len") == 1)["doc_id"])
    warned = set(c.problems.filter(pl.col("message").str.contains("no 一、/二、 parts"))["source_file"].str.replace(r"\.txt$", ""))
    assert one_part == warned
    # the metadata frame explains every district with its evidence: the file name or the opening
    districts = c.metadata.filter(pl.col("field") == "district")
    assert set(districts["doc_id"]) == set(c.documents.filter(pl.col("district").is_not_null())["doc_id"])
    assert set(districts["source"]) <= {"filename", "body"}
