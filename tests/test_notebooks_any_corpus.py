"""The three curated notebooks render on corpora other than the seeds (issue 14, "Must show").

* seeds + a saved 404 page + a report without plans + a report without a year:
  every page renders and lists the reports it left out, with the reason;
* seeds + two more complete reports (7 reports): no page says "five" or states a
  seed-only figure in its prose, and every page's header records the source,
  the parameters, the corpus summary, the build date and the package version.
* ten real Shenzhen work reports and no seed (tests/real): the notebooks' defaults
  hold (the keyness target is one of this corpus's districts, a chart whose
  indicator no report states says so in its place), and no page shows a seed's
  district or doc_id.

Each build runs all three notebooks (a few minutes on a busy machine).
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import polars as pl
import pytest
from _report_helpers import complete_extra_reports, corpus_folder, incomplete_corpus

import workbench as wb
from workbench import config
from workbench import report as rp

NOTEBOOKS = rp.notebook_paths(config.NOTEBOOKS_DIR)


def _build(tmp_path_factory, name, make_corpus):
    root = tmp_path_factory.mktemp(name)
    processed = root / "processed"
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_PROCESSED_DIR", str(processed))
    mp.setattr(config, "PROCESSED_DIR", processed)
    try:
        source = make_corpus(root / "corpus")
        out = root / "reports_out"
        rp.build_reports(notebooks=NOTEBOOKS, out=out, source=str(source), parameters={}, log=lambda s: None)
        corpus = wb.load_corpus(source)
    finally:
        mp.undo()
    return source, out, corpus


def _prose(page: str) -> str:
    """Visible text of a paper page outside tables, code and the build header."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<table.*?</table>|<pre.*?</pre>", " ", page)
    page = re.sub(r'(?s)<div class="wb-build">.*?</div>', " ", page)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def _excluded_table(page: str) -> str:
    m = re.search(r"(?s)Reports left out.*?(<table.*?</table>)", page)
    assert m, "no table of excluded reports"
    # polars' HTML shows strings in quotes
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).replace('"', " ")


@pytest.fixture(scope="module")
def incomplete(tmp_path_factory):
    return _build(tmp_path_factory, "incomplete", incomplete_corpus)


@pytest.fixture(scope="module")
def seven(tmp_path_factory):
    return _build(tmp_path_factory, "seven", lambda f: corpus_folder(f, complete_extra_reports()))


def test_incomplete_corpus_has_the_expected_gaps(incomplete):
    _, _, corpus = incomplete
    docs = corpus.documents.sort("doc_id")
    assert docs.filter(pl.col("doc_id") == "090_notfound").select("district", "year").row(0) == (None, None)
    assert docs.filter(pl.col("doc_id") == "092_no_year")["year"].to_list() == [None]
    plans = corpus.sections.filter((pl.col("level") == 1) & (pl.col("kind") == "plans"))["doc_id"].to_list()
    assert "091_no_plans" not in plans and "092_no_year" in plans


def test_excluded_reports_on_the_incomplete_corpus(incomplete):
    _, _, corpus = incomplete
    assert wb.exclusions.excluded_reports(corpus, need=["district", "year"]).rows() == [
        ("090_notfound.html", "090_notfound", "no district; no year"),
        ("092_no_year.txt", "092_no_year", "no year"),
    ]
    assert wb.exclusions.excluded_reports(corpus, need=["district"], kind="plans").rows() == [
        ("090_notfound.html", "090_notfound", "no district; no plans part"),
        ("091_no_plans.txt", "091_no_plans", "no plans part"),
    ]
    assert wb.exclusions.excluded_reports(corpus, need=["kind"], parts=True).rows() == [
        ("090_notfound.html", "090_notfound", "no 一、/二、 parts"),
    ]
    kept = wb.exclusions.corpus_without(corpus, wb.exclusions.excluded_reports(corpus))
    assert kept.documents.height == corpus.documents.height - 2
    for frame in ("sections", "sentences", "tokens"):
        ids = set(getattr(kept, frame)["doc_id"].unique())
        assert "090_notfound" not in ids and "092_no_year" not in ids and "091_no_plans" in ids


def test_every_page_renders_and_lists_what_it_left_out(incomplete):
    _, out, _ = incomplete
    expected = {
        "01_keywords": {"090_notfound.html": "no district"},
        "02_plan_topics": {"090_notfound.html": "no district; no plans part", "091_no_plans.txt": "no plans part"},
        "03_indicator_trends": {"090_notfound.html": "no district; no year", "092_no_year.txt": "no year"},
    }
    for name, rows in expected.items():
        for page in (f"{name}.html", f"{name}.paper.html"):
            text = (out / page).read_text(encoding="utf-8")
            assert "Traceback" not in text and 'class="wb-chart"' in text, page
            table = _excluded_table(text)
            for file, reason in rows.items():
                assert re.search(rf"{re.escape(file)}\s+\S+\s+{re.escape(reason)}\s", table), (page, file, table)
            assert len(re.findall(r"\b\d{3}_\w+\.(?:txt|html)\b", table)) == len(rows), (page, table)


def test_index_lists_every_problem_file_with_its_message(incomplete):
    _, out, corpus = incomplete
    index = htmllib.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert corpus.problems.height >= 4
    for row in corpus.problems.iter_rows(named=True):
        assert row["source_file"] in index and row["message"] in index, row


def test_seven_report_pages_have_no_seed_only_prose(seven):
    source, out, corpus = seven
    assert corpus.documents.height == 7
    banned = [
        r"\b[Ff]ive\b", r"seed (reports|corpus)", "about twenty", r"\b2021 to 2024\b", "twenty items",
        "拱墅区 6 items", "one report per district", r"\b20 (plan )?items\b",
    ]
    pages = sorted(out.glob("*.paper.html"))
    assert len(pages) == 3
    for page in pages:
        prose = _prose(page.read_text(encoding="utf-8"))
        for pattern in banned:
            assert not re.search(pattern, prose), f"{page.name}: prose matches {pattern!r}"
        # the corpus sentence is written from this corpus
        assert "7 reports from 7 districts, 2021–2024" in prose, page.name


def test_every_page_header_records_source_parameters_corpus_date_version(seven):
    source, out, _ = seven
    for name in ("01_keywords", "02_plan_topics", "03_indicator_trends"):
        declared = rp.declared_parameters(rp.current_notebook(config.NOTEBOOKS_DIR / f"{name}.ipynb"))
        for page in (f"{name}.html", f"{name}.paper.html"):
            text = (out / page).read_text(encoding="utf-8")
            m = re.search(r'(?s)<div class="wb-build">(.*?)</div>', text)
            assert m, page
            header = htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
            assert f"Source {source}: 7 reports, 7 districts, years 2021–2024." in header, header
            for param in declared:
                assert f"{param} = " in header, (page, param)
            assert f"source = '{source}'" in header
            assert re.search(rf"Built \d{{4}}-\d\d-\d\d \d\d:\d\d UTC with workbench {re.escape(wb.__version__)}\.", header)


CLIPPING_JS = (config.PROJECT_ROOT / "tests" / "_chart_clipping.js").read_text(encoding="utf-8")


def chart_text_report(page: Path, tmp_path: Path) -> list[str]:
    """Lines from tests/_chart_clipping.js run on ``page`` in headless Chromium (offline)."""
    from test_browser import probe_report

    return probe_report(page, tmp_path, CLIPPING_JS, "wb-clip-report", window="1280,2000", budget_ms=60000)


@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS])
def test_no_chart_text_is_clipped_or_overlaps_a_title_in_the_browser(incomplete, name, tmp_path):
    _, out, _ = incomplete
    for page in (out / f"{name}.html", out / f"{name}.paper.html"):
        lines = chart_text_report(page, tmp_path)
        n_charts = int(lines[0].split()[1])
        drawn = [ln for ln in lines if ln.startswith("CHART\t")]
        assert n_charts >= 3 and len(drawn) == n_charts, lines  # every chart drew
        assert all(int(ln.split("\t")[2]) > 5 for ln in drawn), lines  # with its texts
        bad = [ln for ln in lines if ln.startswith(("CLIP", "OVERLAP", "NOSVG"))]
        assert bad == [], f"{page.name}:\n" + "\n".join(bad)


SEED_DISTRICTS = ("拱墅区", "余杭区", "椒江区", "上城区", "宁波高新区")


def _shenzhen(folder: Path) -> Path:
    """Every 14th of the 144 real Shenzhen work reports kept in tests/real: ten districts' reports of 2014–2025."""
    import shutil

    real = sorted((config.PROJECT_ROOT / "tests" / "real" / "shenzhen-work-reports").glob("*.txt"))
    folder.mkdir(parents=True)
    for path in real[::14]:
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def foreign(tmp_path_factory):
    return _build(tmp_path_factory, "foreign", _shenzhen)


def test_notebooks_on_real_reports_without_any_seed(foreign):
    _, out, corpus = foreign
    assert corpus.documents.height >= 10
    assert not set(SEED_DISTRICTS) & set(corpus.documents["district"].drop_nulls().cast(pl.String).to_list())
    seeds = [p.stem for p in config.RAW_DIR.glob("*.txt")]
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "Traceback" not in text, page.name
        for name in (*SEED_DISTRICTS, *seeds):
            assert name not in text, (page.name, name)  # a seed default or the seeds' annotation leaking in
    # the default target (None) is this corpus's largest district, named in the keyness table's title
    target = wb.keywords.largest_group(wb.exclusions.corpus_without(corpus, wb.exclusions.excluded_reports(corpus, need=["district"])))
    assert target in corpus.documents["district"].cast(pl.String).to_list()
    assert f"Keywords of {target} against" in (out / "01_keywords.paper.html").read_text(encoding="utf-8")
    trends = (out / "03_indicator_trends.paper.html").read_text(encoding="utf-8")
    drawn = trends.count('class="wb-chart"')
    noted = len(re.findall(r"No chart \((indicator_trends|indicator_district_bars)\)", trends))
    assert drawn >= 1 and noted + drawn >= 3, (drawn, noted)  # coverage, trends, district bars: drawn or said why not
