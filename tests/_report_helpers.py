"""Small notebooks, corpora and report files made on the fly for the tests (not collected by pytest)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SETUP = "import altair as alt\nimport polars as pl\nimport workbench as wb\nimport workbench.notebook\nwb.notebook.setup()"

#: A report whose text contains markup that must end up as text in the HTML.
HOSTILE_REPORT = (
    "杭州市西湖区2024年法治政府建设年度报告\n\n"
    "一、主要成效\n"
    "（一）依法行政。网站曾被注入 <script>alert(1)</script> 这样的代码，已经处理。全年办理案件120件。\n\n"
    "二、存在不足\n一是法治意识有待加强。\n\n"
    "三、下一步工作计划\n一是深化依法行政。二是加强监督。\n"
)


def docx_bytes(text: str) -> bytes:
    """A Word file (python-docx) holding ``text``, one paragraph per line."""
    import io

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write_notebook(path: Path, cells: list) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def demo_notebook(path: Path) -> Path:
    """Overview, set-up, parameters (source, top_n), a result table and two exported charts."""
    return write_notebook(
        path,
        [
            new_markdown_cell("# 演示：各区报告 (demo)\nDocuments by district, with two exported charts."),
            new_code_cell(SETUP),
            new_code_cell('source = None  # the project\'s data/raw\ntop_n = 3', metadata={"tags": ["parameters"]}),
            new_code_cell(
                "corpus = wb.load_corpus(source)\n"
                "docs = corpus.documents.select('district', 'year', 'n_chars').sort('district', 'year')\n"
                "wb.tables.table(docs.head(top_n), title='Reports', source='Source: data/raw')"
            ),
            new_markdown_cell("## 字数 Characters"),
            new_code_cell(
                "wb.notebook.figure(alt.Chart(docs).mark_bar().encode(x=alt.X('n_chars:Q', title='字数'), "
                "y=alt.Y('district:N', title='区县')).properties(title='各区报告字数'), 'chars_by_district')",
                metadata={"tags": ["nbval-ignore-output"]},
            ),
            new_code_cell(
                "wb.notebook.figure(alt.Chart(docs).mark_point().encode(x=alt.X('year:O', title='年份'), "
                "y=alt.Y('n_chars:Q', title='字数'), tooltip=['district:N']).properties(title='年份与字数'), "
                "'chars_by_year')",
                metadata={"tags": ["nbval-ignore-output"]},
            ),
        ],
    )


def sentences_notebook(path: Path) -> Path:
    """Shows the sentences mentioning 'script' as a polars frame (for the escaping test)."""
    return write_notebook(
        path,
        [
            new_markdown_cell("# Sentences"),
            new_code_cell(SETUP),
            new_code_cell('source = None', metadata={"tags": ["parameters"]}),
            new_code_cell(
                "corpus = wb.load_corpus(source)\n"
                "pl.Config.set_fmt_str_lengths(200)\n"
                "corpus.sentences.filter(pl.col('text').str.contains('script')).select('text')"
            ),
            new_code_cell("print(corpus.sentences.filter(pl.col('text').str.contains('script'))['text'][0])"),
        ],
    )


def failing_notebook(path: Path) -> Path:
    """Fails in its third cell."""
    return write_notebook(
        path,
        [
            new_code_cell(SETUP),
            new_code_cell("x = 1"),
            new_code_cell("y = x + 1\nraise ValueError('deliberate failure for the test')"),
            new_code_cell("z = 3"),
        ],
    )


def hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xihu_2024.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    return folder


#: A saved page that is not a report (what a crawler keeps when a link is dead).
NOT_FOUND_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head>"
    "<body><h1>404 页面不存在</h1><p>抱歉，您访问的页面已被删除或不存在，请返回首页。</p></body></html>"
)


def _seed_text(name: str) -> str:
    from workbench import config

    return (config.RAW_DIR / name).read_text(encoding="utf-8")


def report_without_plans() -> str:
    """Seed 001 (椒江区 2023) as 黄岩区's report, cut before its plans part (四、…主要安排)."""
    text = _seed_text("001_cb0d57f057b2aa38.txt").replace("椒江", "黄岩")
    return text[: text.index("四、2024年推进法治政府建设的主要安排")]


def report_without_year() -> str:
    """Seed 003 (余杭区 2021) as 临平区's report, every year in it removed."""
    import re

    text = _seed_text("003_78505e7b94e162d7.txt").replace("余杭", "临平")
    return re.sub(r"(19|20)\d\d(年度?|－|-)?", "", text)


def complete_extra_reports() -> dict[str, str]:
    """Two more complete reports (seeds 001 and 003 under other district names) for a 7-report corpus."""
    return {
        "101_huangyan.txt": _seed_text("001_cb0d57f057b2aa38.txt").replace("椒江", "黄岩"),
        "102_linping.txt": _seed_text("003_78505e7b94e162d7.txt").replace("余杭", "临平"),
    }


def corpus_folder(folder: Path, extra: dict[str, str]) -> Path:
    """The five seeds plus ``extra`` ({file name: text}) in ``folder``."""
    import shutil

    from workbench import config

    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(config.RAW_DIR.iterdir()):
        if seed.is_file() and not seed.name.startswith("."):
            shutil.copy2(seed, folder / seed.name)
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def incomplete_corpus(folder: Path) -> Path:
    """Seeds + a 404 page + a report without plans + a report without a year."""
    return corpus_folder(
        folder,
        {
            "090_notfound.html": NOT_FOUND_PAGE,
            "091_no_plans.txt": report_without_plans(),
            "092_no_year.txt": report_without_year(),
        },
    )
