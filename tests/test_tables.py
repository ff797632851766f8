"""workbench.tables: formatted tables for people (great_tables)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import polars as pl
import pytest

from workbench import codebook
from workbench.tables import MISSING, format_frame, table


class _Cells(HTMLParser):
    """Text of every <td> and <th> of an HTML fragment, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html)
    return [r for r in parser.rows if r]


def test_format_frame_exact_cells():
    df = pl.DataFrame(
        {
            "district": ["上城区", None],
            "year": [2024, 2021],
            "n_tokens": [1234567, 0],
            "p": [0.0000123, 0.0456],
            "log_ratio": [-1.23456, 2.0],
            "value": [46840000.0, 53.38],
            "is_change": [True, False],
            "units": [["件", "起"], []],
            "publish_date": [dt.date(2025, 2, 7), None],
        },
        schema_overrides={"year": pl.Int32, "n_tokens": pl.UInt32},
    )
    out = format_frame(df, table="indicators")
    assert out.schema == dict.fromkeys(df.columns, pl.String)
    assert out.row(0) == ("上城区", "2024", "1,234,567", "< 0.001", "−1.23", "46,840,000", "yes", "件、起", "2025-02-07")
    assert out.row(1) == (MISSING, "2021", "0", "0.046", "2.00", "53.38", "no", "", MISSING)


def test_format_frame_decimals_override():
    df = pl.DataFrame({"share": [0.123456], "x": [1.5]})
    assert format_frame(df).row(0) == ("0.12", "1.50")
    assert format_frame(df, decimals={"share": 4, "x": 0}).row(0) == ("0.1235", "2")
    assert format_frame(df, decimals=1).row(0) == ("0.1", "1.5")
    assert format_frame(pl.DataFrame({"x": [1312.0, 53.375, 5.0]}), decimals="auto")["x"].to_list() == ["1,312", "53.375", "5"]


def test_table_html_has_labels_title_source_and_no_debug_print():
    df = pl.DataFrame({"district": ["上城区", "余杭区"], "n_mentions": [1234, 5]}, schema_overrides={"n_mentions": pl.UInt32})
    t = table(df, title="Mentions by district", source="Source: five seed reports")
    html = t.as_html()
    assert "Mentions by district" in html and "Source: five seed reports" in html
    rows = _rows(html)
    assert ["District", "Mentions"] in rows
    assert ["上城区", "1,234"] in rows and ["余杭区", "5"] in rows
    assert "shape:" not in html and "u32" not in html and '"上城区"' not in html
    # the same frame gives the same table id (stored notebook outputs stay stable)
    assert re.search(r'id="(wb[0-9a-f]+)"', html).group(1) == re.search(r'id="(wb[0-9a-f]+)"', table(df, title="Mentions by district", source="Source: five seed reports").as_html()).group(1)


def test_long_table_scrolls_and_keeps_every_row():
    df = pl.DataFrame({"term": [f"词{i}" for i in range(300)], "count": list(range(300))})
    html = table(df).as_html()
    body = [r for r in _rows(html) if r[0].startswith("词")]
    assert len(body) == 300 and body[-1] == ["词299", "299"]
    assert "overflow-y:auto" in html and "height:34em" in html
    short = table(df.head(5)).as_html()
    assert "height:34em" not in short


def test_latex_is_booktabs_and_escaped(tmp_path):
    df = pl.DataFrame({"label": ["a_b & 50%"], "p": [0.0002]})
    t = table(df, title="T", source="Source: x")
    tex = t.as_latex()
    for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
        assert rule in tex
    assert "a\\_b \\& 50\\%" in tex and "\\textless{} 0.001" in tex
    assert t.save(tmp_path / "t.tex").read_text(encoding="utf-8") == tex


def test_standalone_html_page_for_word(tmp_path):
    df = pl.DataFrame({"district": ["椒江区"], "year": [2023]})
    page = table(df, title="报告").save(tmp_path / "t.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert ["椒江区", "2023"] in _rows(page)
    assert "<style>" not in page  # CSS inlined: Word drops style blocks
    with pytest.raises(ValueError, match=r"\.html .*\.tex"):
        table(df).save(tmp_path / "t.docx")


def test_plain_text_repr_aligns_chinese():
    df = pl.DataFrame({"district": ["上城区", "宁波高新区"], "n_chars": [12345, 7]})
    text = repr(table(df, labels={"n_chars": "Length"}))
    assert text.splitlines() == [
        "District    Length",
        "----------  ------",
        "上城区      12,345",
        "宁波高新区       7",
    ]


def test_labels_must_name_columns():
    with pytest.raises(ValueError, match="labels name columns \\['nope'\\]"):
        table(pl.DataFrame({"a": [1]}), labels={"nope": "x"})


def test_codebook_labels_and_missing_entries():
    assert codebook.label("n_mentions") == "Mentions"
    assert codebook.label("n_items") == "Items"
    with pytest.raises(KeyError, match="'mystery' of table 'panel' has no entry"):
        codebook.codebook({"panel": pl.DataFrame({"mystery": [1]})})


def test_english_tables_write_places_in_pinyin():
    df = pl.DataFrame({"district": ["拱墅区", "宁波高新区"], "term": ["法治", "普法"]})
    t = table(df, lang="en")
    assert t.frame.rows() == [("Gongshu District", "法治"), ("Ningbo High-tech Zone", "普法")]
    assert table(df).frame["district"].to_list() == ["拱墅区", "宁波高新区"]
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en'"):
        table(df, lang="de")


def test_text_from_reports_is_escaped():
    html = table(pl.DataFrame({"t": ["<script>alert(1)</script> & x"]}), title="<b>t</b>", source="<i>s</i>").as_html()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>t</b>" not in html and "<i>s</i>" not in html
