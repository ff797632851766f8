"""The curated notebooks rendered as `workbench report -p lang en` does: tables for people, English charts.

One build of the three real notebooks with ``lang = "en"`` (about two minutes).
The HTML of every page is parsed: each table is a great_tables table with no
dtype row, no quoted strings and no ``shape:`` line, and the paper variant
holds every row (checked against frames computed here). Every figure's SVG
has no Chinese outside the terms, which are the data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polars as pl
import pytest

import workbench as wb
from workbench import config
from workbench import report as rp

_CJK = re.compile(r"[\u3400-\u9fff]")
#: Figures whose bars are labelled by terms (Chinese words: the data, kept in English figures).
_TERM_FIGURES = {"tfidf_top_terms", "keyness_target", "keyness_plans_achievements", "topic_terms"}
_DTYPES = {"str", "i32", "i64", "u32", "f64", "bool", "date", "list[str]", "i8"}


class _Tables(HTMLParser):
    """Every <table>: its header rows and body rows as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._part: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"id": dict(attrs).get("class", ""), "head": [], "body": []})
        elif tag in ("thead", "tbody") and self.tables:
            self._part = "head" if tag == "thead" else "body"
        elif tag == "tr" and self.tables and self._part:
            self.tables[-1][self._part].append([])
        elif tag in ("td", "th") and self._part:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1][self._part]:
            self.tables[-1][self._part][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("thead", "tbody"):
            self._part = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: str) -> list[dict]:
    p = _Tables()
    p.feed(page)
    return [t for t in p.tables if "gt_table" in t["id"]]


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    out = tmp_path_factory.mktemp("report_en") / "reports_out"
    rp.build_reports(
        notebooks=rp.notebook_paths(config.NOTEBOOKS_DIR), out=out, source=None, parameters={"lang": "en"},
        log=lambda s: None,
    )
    return out


def test_every_page_shows_tables_for_people(english):
    for name in ("01_keywords", "02_plan_topics", "03_indicator_trends"):
        for page in (f"{name}.html", f"{name}.paper.html"):
            text = (english / page).read_text(encoding="utf-8")
            assert "shape: (" not in text, page
            assert "<table class=\"dataframe\"" not in text, page
            tables = _tables(text)
            assert len(tables) >= 5, page
            for t in tables:
                cells = [c for row in t["head"] + t["body"] for c in row]
                assert not any(c in _DTYPES for c in cells), (page, t["head"])
                assert not any(re.fullmatch(r'".*"', c) for c in cells), (page, t["head"])
                assert "…" not in cells, page  # polars' cut row


def test_paper_tables_hold_every_row(english, corpus):
    text = (english / "03_indicator_trends.paper.html").read_text(encoding="utf-8")
    by_title = {t["head"][0][0]: t for t in _tables(text) if t["head"] and t["head"][0]}
    rows = wb.indicators.extract(corpus)
    sources = wb.indicators.point_sources(rows, indicators=[
        "head_appearance_rate", "litigation_cases", "reconsideration_received", "legal_aid_cases",
        "major_decisions", "study_sessions",
    ])
    cited = by_title["The source of every plotted point"]
    assert len(cited["body"]) == sources.height > 10
    assert {r[0] for r in cited["body"]} <= {wb.labels.place_en(d) for d in corpus.documents["district"]}
    taxonomy = by_title["Canonical indicators"]
    assert len(taxonomy["body"]) == wb.indicators.taxonomy().height
    text = (english / "02_plan_topics.paper.html").read_text(encoding="utf-8")
    items = {t["head"][0][0]: t for t in _tables(text) if t["head"] and t["head"][0]}["Every item and its heading"]
    assert len(items["body"]) == wb.topics.plan_items(corpus).height


def test_english_figures_have_no_chinese_but_the_terms(english):
    figures = sorted((english / "figures").rglob("*.svg"))
    assert len(figures) >= 10
    for svg in figures:
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
        assert texts, svg.name
        chinese = [t for t in texts if _CJK.search(t)]
        if svg.stem in _TERM_FIGURES:
            # the terms only: titles, axes and legends are English
            assert all(len(t) <= 12 and " " not in t for t in chinese), (svg.name, chinese[:5])
        else:
            assert chinese == [], (svg.name, chinese[:5])
    assert (english / "figures" / "03_indicator_trends" / "indicator_trends.png").stat().st_size > 20_000


def test_index_links_the_codebook(english):
    index = (english / "index.html").read_text(encoding="utf-8")
    assert 'href="codebook.html"' in index and (english / "codebook.html").exists()
    assert "lang = &#x27;en&#x27;" in index  # the parameters each notebook ran with (escaped)
