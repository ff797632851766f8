"""workbench report never deletes what it did not write; --only keeps the other notebooks' pages.

Issue 12 part 5 and issue 14 part 4: the output folder keeps a record of the
files the report wrote; a build replaces only those; a folder of unknown files
is refused as --out the first time unless --force; stale staging folders are
cleaned; a malformed notebook gives an error naming the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from _report_helpers import demo_notebook, write_notebook
from nbformat.v4 import new_code_cell, new_markdown_cell

from workbench import cli, config
from workbench import report as rp
from workbench.report import outdir as ro


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _second_notebook(path):
    """A notebook with one chart, named ``other_chart``."""
    return write_notebook(
        path,
        [
            new_markdown_cell("# Second"),
            new_code_cell("import altair as alt\nimport polars as pl\nimport workbench as wb\nimport workbench.notebook\nwb.notebook.setup()"),
            new_code_cell('source = "data/raw"', metadata={"tags": ["parameters"]}),
            new_code_cell(
                "wb.notebook.figure(alt.Chart(pl.DataFrame({'x': [1, 2]})).mark_bar().encode(x='x:Q'), 'other_chart')",
                metadata={"tags": ["nbval-ignore-output"]},
            ),
        ],
    )


@pytest.fixture(scope="module")
def two_notebooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("two")
    nbdir = root / "notebooks"
    demo_notebook(nbdir / "01_demo.ipynb")
    _second_notebook(nbdir / "02_second.ipynb")
    return nbdir


def test_user_files_survive_builds_and_only_keeps_the_other_notebooks(two_notebooks, tmp_path):
    out = tmp_path / "reports_out"
    rp.build_reports(notebooks=rp.notebook_paths(two_notebooks), out=out, source=None, parameters={}, log=lambda s: None)
    first = _files(out)
    assert "figures/02_second/other_chart.svg" in first and "02_second.paper.html" in first
    # the researcher saves notes and a thesis chapter in the folder
    (out / "notes.md").write_text("my notes", encoding="utf-8")
    (out / "thesis").mkdir()
    (out / "thesis" / "chapter1.docx").write_bytes(b"PK\x03\x04 chapter")
    (out / "figures" / "01_demo" / "my_edit.svg").write_text("<svg/>", encoding="utf-8")
    second_before = (out / "02_second.html").read_bytes()

    built = rp.build_reports(
        notebooks=rp.notebook_paths(two_notebooks, only=["01"]), out=out, source=None, parameters={}, log=lambda s: None
    )
    assert [b.name for b in built] == ["01_demo"]
    after = _files(out)
    for kept in ("notes.md", "thesis/chapter1.docx", "figures/01_demo/my_edit.svg", "02_second.html",
                 "02_second.paper.html", "figures/02_second/other_chart.png", "figures/02_second/other_chart.svg"):
        assert kept in after, kept
    assert (out / "02_second.html").read_bytes() == second_before
    assert (out / "notes.md").read_text(encoding="utf-8") == "my notes"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "02_second.html" in index and "01_demo.html" in index  # the index still lists both
    assert "not rebuilt now: kept from" in index
    record = json.loads((out / ro.RECORD_NAME).read_text(encoding="utf-8"))
    assert sorted(record["notebooks"]) == ["01_demo", "02_second", "_index"]
    assert "notes.md" not in ro.recorded_files(record)


def test_a_figure_the_notebook_no_longer_makes_is_removed_but_nothing_else(tmp_path):
    nbdir = tmp_path / "notebooks"
    nb = _second_notebook(nbdir / "01_one.ipynb")
    out = tmp_path / "out"
    rp.build_reports(notebooks=[nb], out=out, source=None, parameters={}, log=lambda s: None)
    assert (out / "figures/01_one/other_chart.svg").exists()
    text = nb.read_text(encoding="utf-8").replace("'other_chart'", "'renamed_chart'")
    nb.write_text(text, encoding="utf-8")
    rp.build_reports(notebooks=[nb], out=out, source=None, parameters={}, log=lambda s: None)
    assert _files(out) == [
        ro.RECORD_NAME, "01_one.html", "01_one.paper.html", "codebook.html",
        "figures/01_one/renamed_chart.png", "figures/01_one/renamed_chart.svg", "index.html",
    ]


def test_a_folder_of_unknown_files_is_refused_the_first_time_unless_force(two_notebooks, tmp_path, capsys):
    out = tmp_path / "thesis_folder"
    (out / "thesis").mkdir(parents=True)
    (out / "notes.md").write_text("notes", encoding="utf-8")
    (out / "thesis" / "chapter1.docx").write_bytes(b"chapter")
    nb = str(two_notebooks)
    code = cli.main(["report", "--notebooks", nb, "--only", "02", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "holds files the report did not write (notes.md, thesis/chapter1.docx)" in err and "--force" in err
    assert _files(out) == ["notes.md", "thesis/chapter1.docx"]

    assert cli.main(["report", "--notebooks", nb, "--only", "02", "--out", str(out), "--force"]) == 0
    files = _files(out)
    assert {"notes.md", "thesis/chapter1.docx", "02_second.html", "index.html", ro.RECORD_NAME} <= set(files)
    # from now on the folder has a record: no --force needed, and the user's files still stay
    assert cli.main(["report", "--notebooks", nb, "--only", "02", "--out", str(out)]) == 0
    assert {"notes.md", "thesis/chapter1.docx"} <= set(_files(out))


def test_reports_of_an_earlier_version_are_adopted_without_force(tmp_path):
    out = tmp_path / "reports_out"
    (out / "figures" / "01_keywords").mkdir(parents=True)
    for name in ("index.html", "01_keywords.html", "01_keywords.paper.html", "figures/01_keywords/a.svg", ".gitkeep"):
        (out / name).write_text("old", encoding="utf-8")
    assert ro.check_out_folder(out, force=False) is None
    assert ro.unknown_files(out, None) == []


def test_stale_staging_folders_are_removed_live_ones_kept(tmp_path):
    out = tmp_path / "reports_out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stale = tmp_path / f".reports_out.staging-{dead}"
    (stale / "figures").mkdir(parents=True)
    old = tmp_path / f".reports_out.old-{dead}"
    old.mkdir()
    live = tmp_path / f".reports_out.staging-{os.getppid()}"
    live.mkdir()
    other = tmp_path / ".unrelated-123"
    other.mkdir()
    removed = ro.remove_stale_staging(out)
    assert sorted(p.name for p in removed) == sorted([stale.name, old.name])
    assert live.exists() and other.exists() and not stale.exists() and not old.exists()


def test_a_malformed_record_is_a_clear_error(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ro.RECORD_NAME).write_text("[]", encoding="utf-8")
    with pytest.raises(ro.OutFolderError, match=r"\.workbench-report\.json: not a record of workbench report"):
        ro.check_out_folder(out, force=False)
    (out / ro.RECORD_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(ro.OutFolderError, match=r"unreadable record"):
        ro.check_out_folder(out, force=True)


def test_a_malformed_notebook_names_the_file(tmp_path, capsys):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    (nbdir / "01_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    code = cli.main(["report", "--notebooks", str(nbdir), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"notebook {nbdir / '01_broken.ipynb'} cannot be read (" in err
    assert "expected a Jupyter notebook" in err
    assert not (tmp_path / "out").exists()


def test_list_params_prints_every_parameter_with_default_and_meaning(capsys):
    assert cli.main(["report", "--list-params"]) == 0
    text = capsys.readouterr().out
    for name in ("01_keywords.ipynb", "02_plan_topics.ipynb", "03_indicator_trends.ipynb"):
        assert name in text
    assert "  target = None" in text and "the group compared with all others" in text
    assert "  k = None" in text and "chosen over k_range by silhouette" in text
    assert text.count("source = '../data/raw'") == 3
    for path in rp.notebook_paths(config.NOTEBOOKS_DIR):
        rows = rp.parameter_help(rp.current_notebook(path))
        assert rows and all(meaning for _, _, meaning in rows), f"{path.name}: a parameter has no comment"
