"""Notebooks in git follow the output policy, and nbval is set up to keep them runnable.

nbval itself runs every ``notebooks/*.ipynb`` as part of ``make test`` (see
``[tool.pytest.ini_options]`` in pyproject.toml). This file checks the stored
notebooks against the policy (docs/publishing.md) and that the nbval set-up
does what the policy relies on: a changed result fails, volatile text does not.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import tomllib

import nbformat
import pytest
from _report_helpers import SETUP, write_notebook
from nbformat.v4 import new_code_cell

from workbench import config
from workbench import report as rp

NOTEBOOKS = rp.notebook_paths(config.NOTEBOOKS_DIR)
SANITIZE = config.PROJECT_ROOT / "tests" / "nbval_sanitize.cfg"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_notebook_follows_the_output_policy(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    problems = rp.notebook_problems(nb, root=config.PROJECT_ROOT)
    assert problems == [], (
        f"{path.name} breaks the notebook output policy (docs/publishing.md); "
        "fix the notebook, then `.venv/bin/workbench report --record`:\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_notebook_has_the_cookbook_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells and nb.cells[0].cell_type == "markdown", "starts with a Markdown overview"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "wb.notebook.setup()" in code[0].source, "first code cell calls wb.notebook.setup()"
    assert "parameters" in code[1].metadata.get("tags", []), "second code cell is the parameters cell"
    assert re.search(r"load_corpus\(\s*source\b", "\n".join(c.source for c in code)), "loads the corpus from `source`"


def test_pytest_runs_nbval_on_the_notebooks_folder():
    options = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"][
        "ini_options"
    ]
    assert "notebooks" in options["testpaths"]
    for flag in ("--nbval", "--nbval-current-env", "--nbval-sanitize-with tests/nbval_sanitize.cfg"):
        assert flag in options["addopts"]
    assert SANITIZE.is_file()


def _sanitize(text: str) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(SANITIZE, encoding="utf-8")
    for section in parser.sections():
        text = re.sub(parser[section]["regex"], parser[section]["replace"], text)
    return text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Loading model cost 0.734 seconds.", "Loading model cost <time>."),
        ("done in 12.5 s", "done in <time>"),
        ("<Foo object at 0x7f3a2b1c4d50>", "<Foo object at 0xADDRESS>"),
        ("read /work/main/data/raw/000.txt", "read <path>"),
        ("built 2026-11-23 11:42:07.123", "built <timestamp>"),
        ('<div id="altair-viz-0123456789abcdef0123456789abcdef">', '<div id="altair-viz-ID">'),
    ],
)
def test_sanitizer_replaces_volatile_text(raw, clean):
    assert _sanitize(raw) == clean


@pytest.mark.parametrize(
    "result",
    [
        "│ 拱墅区   ┆ 2024 ┆ 0.1234 │",
        "shape: (5, 3)",
        "依法行政 12 3.5",
        "publish_date 2025-01-20",
        "score 12.25",
        "data/raw",
    ],
)
def test_sanitizer_leaves_results_alone(result):
    assert _sanitize(result) == result


def test_nbval_fails_on_a_changed_result_and_ignores_volatile_text(tmp_path):
    good = write_notebook(
        tmp_path / "good.ipynb",
        [
            new_code_cell(SETUP),
            new_code_cell('source = "data/raw"', metadata={"tags": ["parameters"]}),
            new_code_cell("import time\nprint(f'took {time.perf_counter() % 7:.3f} s at', object())"),
            new_code_cell("pl.DataFrame({'district': ['拱墅区', '椒江区'], 'n': [3, 5]})"),
        ],
    )
    rp.record([good], log=lambda s: None)
    nb = nbformat.read(good, as_version=4)
    data = nb.cells[3].outputs[0].data
    data["text/plain"] = data["text/plain"].replace("5", "6")
    data["text/html"] = data["text/html"].replace("5", "6")
    nbformat.write(nb, tmp_path / "changed.ipynb")
    # the project's own pytest configuration (pyproject.toml), as `make test` uses it
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-c", "pyproject.toml",
         str(good), str(tmp_path / "changed.ipynb")],
        cwd=config.PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = proc.stdout.strip().splitlines()[-1]
    assert re.search(r"\b1 failed, 7 passed\b", summary), proc.stdout[-3000:]
    assert "FAILED ::Cell 3" in proc.stdout  # the table cell of changed.ipynb
