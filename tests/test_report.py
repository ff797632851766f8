"""workbench report: executes notebooks into self-contained HTML, paper HTML, index and figures."""

from __future__ import annotations

import html.parser
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from _report_helpers import (
    demo_notebook,
    failing_notebook,
    hostile_corpus,
    sentences_notebook,
    write_notebook,
)
from nbformat.v4 import new_code_cell, new_output

import workbench
from workbench import cli, config
from workbench import report as rp


class _Refs(html.parser.HTMLParser):
    """Collects every src/href of script, link, img, iframe, source elements."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and tag in ("script", "link", "img", "iframe", "source", "embed"):
                self.refs.append((tag, value or ""))


def _refs(text: str) -> list[tuple[str, str]]:
    p = _Refs()
    p.feed(text)
    return p.refs


def _visible(page: str) -> str:
    """Text of an HTML page without tags (code is split into highlighted spans)."""
    return re.sub(r"<[^>]+>", "", page)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    nbdir = root / "notebooks"
    demo_notebook(nbdir / "01_demo.ipynb")
    out = root / "reports_out"
    lines: list[str] = []
    built = rp.build_reports(
        notebooks=rp.notebook_paths(nbdir), out=out, source=None, parameters={}, log=lines.append
    )
    return out, built, lines


def test_report_writes_full_and_paper_html_index_and_figures(demo_build):
    out, built, _ = demo_build
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        ".workbench-report.json",  # what the report wrote (workbench.report.outdir)
        "01_demo.html",
        "01_demo.paper.html",
        "codebook.html",
        "figures/01_demo/chars_by_district.png",
        "figures/01_demo/chars_by_district.svg",
        "figures/01_demo/chars_by_year.png",
        "figures/01_demo/chars_by_year.svg",
        "index.html",
    ]
    assert [b.name for b in built] == ["01_demo"]
    assert not list(out.parent.glob(".reports_out.*")), "staging folder left behind"


def test_html_loads_nothing_from_the_network(demo_build):
    out, _, _ = demo_build
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        external = [(t, r) for t, r in _refs(text) if re.match(r"(?i)(https?:)?//", r)]
        assert external == [], f"{page.name} loads {external}"
        assert not re.search(r"(?i)url\(\s*['\"]?(https?:)?//", text), f"{page.name} has a CSS url() to the network"
        for loader in ("require.min.js", "tex-chtml", "MathJax.js", "mermaid.esm", "@jupyter-widgets/html-manager"):
            assert loader not in text, f"{page.name} mentions {loader}"


def test_notebook_pages_embed_the_vega_bundle_once_and_every_chart(demo_build):
    out, _, _ = demo_build
    for name in ("01_demo.html", "01_demo.paper.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert text.count("window.vegaEmbed=") == 1
        charts = re.findall(r'<div class="wb-chart" id="(wb-chart-[^"]+)"></div>', text)
        assert len(charts) == 2 and len(set(charts)) == 2
        assert "各区报告字数" in text and "年份与字数" in text


def test_paper_version_has_no_code(demo_build):
    out, _, _ = demo_build
    full = (out / "01_demo.html").read_text(encoding="utf-8")
    paper = (out / "01_demo.paper.html").read_text(encoding="utf-8")
    code = "load_corpus"
    assert code in full and code not in paper
    assert 'class="highlight hl-ipython3"' in full and 'class="highlight hl-ipython3"' not in paper
    # markdown and result tables stay
    assert "演示：各区报告" in paper and "Characters" in paper and "Source: data/raw" in paper


def test_index_links_reports_figures_and_states_date_version_corpus(demo_build):
    out, _, _ = demo_build
    text = (out / "index.html").read_text(encoding="utf-8")
    hrefs = [r for t, r in _refs(text)] + re.findall(r'<a href="([^"]+)"', text)
    for target in ("01_demo.html", "01_demo.paper.html", "figures/01_demo/chars_by_district.svg",
                   "figures/01_demo/chars_by_year.png"):
        assert target in hrefs
        assert (out / target).exists()
    assert "01_demo</strong> — 演示：各区报告 (demo)" in text  # title from the first heading
    assert f"workbench {workbench.__version__}" in text
    assert re.search(r"Built \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", text)
    assert "documents: 5" in text
    for district in ("拱墅区", "椒江区", "上城区", "余杭区", "宁波高新区"):
        assert district in text


def test_codebook_page_lists_every_exported_column_and_the_provenance(demo_build):
    from workbench import exports

    out, _, _ = demo_build
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="codebook.html">Codebook of the exported tables</a>' in index
    page = (out / "codebook.html").read_text(encoding="utf-8")
    assert _refs(page) == [] or all(not re.match(r"(?i)(https?:)?//", r) for _, r in _refs(page))
    text = _visible(page)
    for name, schema in exports.table_schemas().items():
        assert f'<section id="{name}">' in page
        for column in schema:
            assert column in text, (name, column)
    assert "panel_wide" in text and "Administrative litigation cases lost" in text
    for digest in (config.RAW_DIR / p for p in sorted(p.name for p in config.RAW_DIR.iterdir())):
        import hashlib

        assert hashlib.sha256(digest.read_bytes()).hexdigest() in text
    assert "shape:" not in text


def test_progress_names_notebook_n_of_N_and_elapsed_time(demo_build):
    _, _, lines = demo_build
    assert any(re.match(r"\[1/1\] 01_demo\.ipynb: running .*\(elapsed \d+\.\d s\)", ln) for ln in lines)
    assert any(re.match(r"\[1/1\] 01_demo\.ipynb: done in \d+\.\d s, 4 figure files", ln) for ln in lines)


def test_parameters_reach_only_declaring_notebooks_and_report_text_is_escaped(tmp_path, monkeypatch):
    processed = tmp_path / "processed"  # the build's caches stay out of the project's data/processed
    monkeypatch.setenv("WORKBENCH_PROCESSED_DIR", str(processed))
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    nbdir = tmp_path / "notebooks"
    demo_notebook(nbdir / "01_demo.ipynb")
    sentences_notebook(nbdir / "02_sentences.ipynb")
    source = hostile_corpus(tmp_path / "corpus")
    out = tmp_path / "reports_out"
    built = rp.build_reports(
        notebooks=rp.notebook_paths(nbdir), out=out, source=str(source), parameters={"top_n": 1}, log=lambda s: None
    )
    assert [b.parameters for b in built] == [{"source": str(source), "top_n": 1}, {"source": str(source)}]
    demo = (out / "01_demo.html").read_text(encoding="utf-8")
    assert "top_n = 1" in _visible(demo)  # papermill's injected cell
    assert "西湖区" in demo and "拱墅区" not in demo  # the notebook read the given corpus
    page = (out / "02_sentences.html").read_text(encoding="utf-8")
    assert "top_n" not in page
    assert "<script>alert(1)</script>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # table cell and printed text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "西湖区" in index and "<script>alert" not in index


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path):
    nb = demo_notebook(tmp_path / "nb" / "01_demo.ipynb")
    with pytest.raises(rp.ReportError, match=r"top_m are declared by no notebook; known: source, top_n"):
        rp.build_reports(notebooks=[nb], out=tmp_path / "out", source=None, parameters={"top_m": 2})
    assert not (tmp_path / "out").exists()


def test_failing_notebook_stops_the_build_names_the_cell_and_keeps_previous_reports(tmp_path, capsys):
    nbdir = tmp_path / "notebooks"
    failing_notebook(nbdir / "01_fails.ipynb")
    out = tmp_path / "reports_out"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    code = cli.main(["report", "--notebooks", str(nbdir), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "01_fails.ipynb failed at cell 2 (`y = x + 1`): ValueError: deliberate failure for the test" in err
    assert "left unchanged" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "reports_out"]


def test_index_html_escapes_all_text(tmp_path):
    built = [rp.Built(name="<b>nb</b>", html=tmp_path / "a.html", paper=tmp_path / "a.paper.html",
                      parameters={"target": "<script>x</script>"})]
    page = rp.index_html(
        built,
        corpus_text="documents: <script>alert(1)</script>",
        corpus_rows=[{"district": "<i>区</i>", "year": 2024}],
        source="<src>",
        built_at=__import__("datetime").datetime(2026, 1, 2, 3, 4),
        out=tmp_path,
    )
    assert "<script>" not in page and "<b>nb</b>" not in page and "<i>区</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;区&lt;/i&gt;" in page


def test_record_stores_normalized_deterministic_outputs(tmp_path):
    nb_path = demo_notebook(tmp_path / "01_demo.ipynb")
    rp.record([nb_path], log=lambda s: None)
    first = nb_path.read_text(encoding="utf-8")
    nb = nbformat.reads(first, as_version=4)
    assert rp.notebook_problems(nb, root=config.PROJECT_ROOT) == []
    table = nb.cells[3].outputs[0]
    assert table.output_type == "execute_result" and table.data["text/plain"].splitlines()[:2] == [
        "Reports", "District    Year  Characters"
    ]
    assert 'class="gt_table"' in table.data["text/html"]
    assert 'class="wb-chart"' in nb.cells[5].outputs[0].data["text/html"]
    rp.record([nb_path], log=lambda s: None)
    assert nb_path.read_text(encoding="utf-8") == first, "a second run changed the stored outputs"


def test_notebook_problems_names_each_policy_breach(tmp_path):
    path = write_notebook(
        tmp_path / "bad.ipynb",
        [
            new_code_cell("import workbench", execution_count=1, metadata={"execution": {"iopub.status.idle": "t"}}),
            new_code_cell("wb.notebook.figure(c, 'x')", execution_count=2),
            new_code_cell(
                "1/0",
                execution_count=4,
                outputs=[new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])],
            ),
            new_code_cell("obj", execution_count=5, outputs=[new_output(
                "execute_result", data={"text/plain": f"<object at 0x7f3a2b1c4d50> {config.PROJECT_ROOT}/x"},
                execution_count=5)]),
            new_code_cell("df", execution_count=6, outputs=[new_output(
                "execute_result", data={"text/plain": "shape: (2, 1)\n┌─────┐\n│ a   │\n│ --- │\n│ str │"},
                execution_count=6)]),
        ],
    )
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"]["name"] = "julia"
    problems = "\n".join(rp.notebook_problems(nb, root=config.PROJECT_ROOT))
    for expected in (
        "kernelspec name is 'julia'",
        "no code cell tagged 'parameters'",
        "cell 0: metadata has 'execution'",
        "cell 1: shows a chart but is not tagged 'nbval-ignore-output'",
        "cell 2: execution_count 4, expected 3",
        "cell 2: error output ZeroDivisionError",
        "cell 3: output contains the absolute path",
        "cell 3: output contains a memory address",
        "cell 4: shows a polars frame as printed",
    ):
        assert expected in problems


def test_declared_parameters_and_yaml_values():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(new_code_cell('source = "data/raw"\ntop_n: int = 10\nx, y = 1, 2', metadata={"tags": ["parameters"]}))
    assert rp.declared_parameters(nb) == {"source": '"data/raw"', "top_n": "10"}
    assert rp.parse_parameters([["top_n", "5"], ["target", "拱墅区"], ["years", "[2021, 2024]"]]) == {
        "top_n": 5, "target": "拱墅区", "years": [2021, 2024]}


def test_notebook_paths_in_name_order_skipping_private(tmp_path):
    for name in ("02_b.ipynb", "01_a.ipynb", "_draft.ipynb", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in rp.notebook_paths(tmp_path)] == ["01_a.ipynb", "02_b.ipynb"]
    assert [p.name for p in rp.notebook_paths(tmp_path, only=["02"])] == ["02_b.ipynb"]
    shutil.rmtree(tmp_path)


def test_pages_embed_a_cjk_font_covering_every_chinese_character_they_show(demo_build):
    import base64
    import io

    from fontTools.ttLib import TTFont

    out, _, _ = demo_build
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        faces = re.findall(r'@font-face \{ font-family: "Noto Sans CJK SC";[^}]*base64,([A-Za-z0-9+/=]+)', text)
        assert len(faces) == 1, page.name
        font = TTFont(io.BytesIO(base64.b64decode(faces[0])))
        assert font["name"].getDebugName(1) == "Noto Sans CJK SC"
        cmap = font.getBestCmap()
        shown = {c for c in _visible(text) if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
        assert shown, page.name
        assert sorted(c for c in shown if ord(c) not in cmap) == [], page.name
        assert len(faces[0]) < 1_000_000  # a subset, not the 19 MB collection


def test_source_given_as_a_parameter_is_the_corpus_the_index_describes(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    monkeypatch.setenv("WORKBENCH_PROCESSED_DIR", str(processed))
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    nbdir = tmp_path / "notebooks"
    sentences_notebook(nbdir / "02_sentences.ipynb")
    source = hostile_corpus(tmp_path / "corpus")
    out = tmp_path / "reports_out"
    built = rp.build_reports(
        notebooks=rp.notebook_paths(nbdir), out=out, source=None, parameters={"source": str(source)}, log=lambda s: None
    )
    assert built[0].parameters == {"source": str(source)}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "西湖区" in index and "拱墅区" not in index  # not the default data/raw
