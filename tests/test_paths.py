"""Paths a user gives are taken from the current working directory (issue 14, part 6).

``load_corpus``, ``cache_key`` and ``export`` take a relative path from the
current folder, as ``open()`` does; the defaults are the project's folders
wherever Python runs; ``workbench report`` hands the notebooks an absolute
path, because their kernels run in the notebooks' folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from _report_helpers import SETUP, write_notebook
from nbformat.v4 import new_code_cell, new_markdown_cell

import workbench as wb
from workbench import config
from workbench import report as rp


@pytest.fixture
def processed(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")


def test_a_relative_source_is_taken_from_the_working_directory(tmp_path, monkeypatch, processed):
    mine = tmp_path / "study" / "reports"
    mine.mkdir(parents=True)
    for name in sorted(p.name for p in config.RAW_DIR.iterdir() if p.suffix == ".txt")[:2]:
        shutil.copy(config.RAW_DIR / name, mine / name)
    monkeypatch.chdir(tmp_path / "study")
    corpus = wb.load_corpus("reports", cache=False)
    assert corpus.source == mine.resolve()
    assert corpus.documents.height == 2
    assert wb.corpus.cache_key("reports") == wb.corpus.cache_key(mine)
    assert wb.corpus.cache_key("reports") != wb.corpus.cache_key()  # the default is the project's five seeds


def test_the_project_root_is_not_a_fallback(tmp_path, monkeypatch, processed):
    """``data/raw`` from another folder means that folder's data/raw: a clear error, not the seeds."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as err:
        wb.load_corpus("data/raw", cache=False)
    assert str(tmp_path / "data" / "raw") in str(err.value)
    assert "is not a folder" in str(err.value)


def test_the_default_is_the_projects_data_raw_from_any_folder(tmp_path, monkeypatch, processed):
    monkeypatch.chdir(tmp_path)
    corpus = wb.load_corpus(cache=False)
    assert corpus.source == config.RAW_DIR
    assert corpus.documents.height == len([p for p in config.RAW_DIR.iterdir() if p.suffix == ".txt"])


def test_export_writes_a_relative_out_under_the_working_directory(tmp_path, monkeypatch, processed):
    corpus = wb.load_corpus(cache=False)
    monkeypatch.chdir(tmp_path)
    paths = wb.export(corpus, "mine", formats=["csv"], tables=["documents"])
    assert all(p.is_relative_to(tmp_path / "mine") for p in paths)
    assert (tmp_path / "mine" / "csv" / "documents.csv").exists()


def test_report_hands_the_notebooks_an_absolute_source(tmp_path, monkeypatch, processed):
    """``workbench report --source reports`` from a study folder: the kernel (cwd = notebooks folder) gets the path."""
    study = tmp_path / "study"
    (study / "reports").mkdir(parents=True)
    name = sorted(p.name for p in config.RAW_DIR.iterdir() if p.suffix == ".txt")[0]
    shutil.copy(config.RAW_DIR / name, study / "reports" / name)
    nb = write_notebook(
        tmp_path / "nbs" / "01_where.ipynb",
        [
            new_markdown_cell("# Where"),
            new_code_cell(SETUP),
            new_code_cell('source = "../data/raw"', metadata={"tags": ["parameters"]}),
            new_code_cell("corpus = wb.load_corpus(source)\nprint(f'source={source}')\nprint(f'loaded={corpus.documents.height}')"),
        ],
    )
    monkeypatch.chdir(study)
    built = rp.build_reports(notebooks=[nb], out=study / "out", source="reports", parameters={}, log=lambda s: None)
    assert [b.name for b in built] == ["01_where"]
    page = (study / "out" / "01_where.html").read_text(encoding="utf-8")
    assert f"source={study / 'reports'}" in page  # the parameter the kernel got, absolute
    assert "loaded=1" in page  # the one report of the study folder, not the five seeds
    assert nbformat.read(nb, as_version=4).cells[2].source == 'source = "../data/raw"'  # the notebook is unchanged


def test_a_relative_path_that_is_not_there_says_where_it_was_looked_for(tmp_path, monkeypatch, processed):
    """Code written when paths were taken from the project root gets a message saying what changed and the way."""
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    with pytest.raises(FileNotFoundError) as err:
        wb.load_corpus("data/raw", cache=False)
    text = str(err.value)
    assert f"relative paths are taken from the working directory, {tmp_path / 'notebooks'}" in text
    assert f"the project's data/raw is {os.path.relpath(config.RAW_DIR)} from here" in text
    with pytest.raises(FileNotFoundError, match="relative paths are taken from the working directory"):
        wb.indicators.read_gold("tests/gold")
    with pytest.raises(FileNotFoundError, match="relative paths are taken from the working directory"):
        wb.indicators.load_taxonomy("data/indicators.yml")
    assert config.where_hint(config.RAW_DIR) == ""  # an absolute path needs no hint
    assert wb.indicators.read_gold().height > 0  # the defaults are the project's, from any folder
    assert wb.indicators.taxonomy().height > 0


def test_notebooks_get_a_source_they_can_reach_and_pages_show_no_path_of_this_machine():
    from workbench.report.build import _source_for

    nb = config.NOTEBOOKS_DIR / "01_keywords.ipynb"
    assert _source_for(config.RAW_DIR, nb) == "../data/raw"
    assert _source_for(config.PROJECT_ROOT / "data" / "mine", nb) == "../data/mine"
    assert _source_for(Path("/srv/reports"), nb) == "/srv/reports"  # outside the project: absolute
    assert _source_for(config.RAW_DIR, Path("/srv/nbs/01.ipynb")) == str(config.RAW_DIR)  # notebook outside: absolute


def test_setting_a_constant_on_the_package_sets_it_where_it_is_used(monkeypatch):
    import workbench.corpus.chunks as chunks
    import workbench.corpus.pool as pool
    import workbench.corpus.store as store

    for name, owner, value in (("BATCH", pool, 7), ("PARALLEL_MIN", pool, 3), ("CHUNK_DOCS", chunks, 2),
                               ("KEEP_CORPUS_CACHES", store, 5), ("CHUNK_GRACE_SECONDS", store, 9)):
        monkeypatch.setattr(wb.corpus, name, value)
        assert getattr(owner, name) == value and getattr(wb.corpus, name) == value, name
