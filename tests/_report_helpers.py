"""Small notebooks and corpora made on the fly for the publishing tests (not collected by pytest)."""

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
            new_code_cell('source = "data/raw"\ntop_n = 3', metadata={"tags": ["parameters"]}),
            new_code_cell(
                "corpus = wb.load_corpus(source)\n"
                "docs = corpus.documents.select('district', 'year', 'n_chars').sort('district', 'year')\n"
                "docs.head(top_n)"
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
            new_code_cell('source = "data/raw"', metadata={"tags": ["parameters"]}),
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
