"""The curated notebooks are jupytext pairs: ``NN_name.ipynb`` (outputs) and ``NN_name.py`` (percent format).

Editing either file and syncing updates the other; an edit shows in ``git diff``
as the lines that changed; the stored outputs survive and nbval still passes;
``workbench report --record`` runs the newer file's cells and rewrites both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jupytext
import nbformat
import pytest
from _report_helpers import SETUP, write_notebook
from nbformat.v4 import new_code_cell, new_markdown_cell

from workbench import config
from workbench import report as rp

NOTEBOOKS = rp.notebook_paths(config.NOTEBOOKS_DIR)
PAIRING = {"formats": "ipynb,py:percent", "notebook_metadata_filter": "-jupytext.text_representation.jupytext_version"}


def _inputs(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_curated_notebook_is_paired_and_in_sync(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("jupytext") == PAIRING, f"{path.name}: run `jupytext --set-formats ipynb,py:percent`"
    text = path.with_suffix(".py")
    assert rp.paired_text_files(path) == [(text, "py:percent")]
    assert text.read_text(encoding="utf-8").startswith("# ---\n# jupyter:\n"), "percent format with a YAML header"
    assert "jupytext_version:" not in text.read_text(encoding="utf-8"), "no jupytext version in the header"
    paired = jupytext.read(text)
    assert _inputs(paired) == _inputs(nb), (
        f"{text.name} and {path.name} differ: run `.venv/bin/jupytext --sync {text.relative_to(config.PROJECT_ROOT)}`"
    )


def test_jupytext_config_pairs_the_folder_and_generators_are_gone():
    toml = (config.NOTEBOOKS_DIR / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in toml
    assert not (config.NOTEBOOKS_DIR / "_src").exists()


def _copy_pair(name: str, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    ipynb = Path(shutil.copy2(config.NOTEBOOKS_DIR / f"{name}.ipynb", folder))
    py = Path(shutil.copy2(config.NOTEBOOKS_DIR / f"{name}.py", folder))
    shutil.copy2(config.NOTEBOOKS_DIR / "jupytext.toml", folder)
    # a data folder beside the notebooks folder, as in the repository
    (folder.parent / "data").symlink_to(config.DATA_DIR, target_is_directory=True)
    return ipynb, py


def _touch_later(path: Path, than: Path) -> None:
    t = than.stat().st_mtime + 2
    os.utime(path, (t, t))


def test_editing_the_text_file_and_syncing_gives_a_readable_diff_and_nbval_passes(tmp_path):
    ipynb, py = _copy_pair("01_keywords", tmp_path / "notebooks")
    original = tmp_path / "original.ipynb"
    shutil.copy2(ipynb, original)
    text = py.read_text(encoding="utf-8")
    # an edit of the prose and a comment in a code cell, as a researcher would make them
    assert "# ## Prerequisites\n" in text and "\nwb.notebook.setup()\n" in text
    text = text.replace("# ## Prerequisites\n", "# ## Before you start\n", 1)
    text = text.replace("\nwb.notebook.setup()\n", "\nwb.notebook.setup()  # pins table display\n", 1)
    py.write_text(text, encoding="utf-8")
    _touch_later(py, ipynb)

    sync = subprocess.run(
        [sys.executable, "-m", "jupytext", "--sync", str(py)], capture_output=True, text=True, check=False
    )
    assert sync.returncode == 0, sync.stderr

    diff = subprocess.run(
        ["git", "diff", "--no-index", "--unified=0", str(original), str(ipynb)],
        capture_output=True, text=True, check=False,
    ).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        '-    "## Prerequisites\\n",',
        '+    "## Before you start\\n",',
        '-    "wb.notebook.setup()"',
        '+    "wb.notebook.setup()  # pins table display"',
    ], diff
    # the stored outputs are kept, so nbval (with the project's configuration) still passes
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-c", "pyproject.toml", str(ipynb)],
        cwd=config.PROJECT_ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    summary = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0 and re.search(r"\b\d+ passed\b", summary) and "failed" not in summary, proc.stdout[-3000:]


def test_record_runs_the_newer_text_file_and_rewrites_both(tmp_path):
    ipynb = write_notebook(
        tmp_path / "nb" / "01_small.ipynb",
        [
            new_markdown_cell("# Small"),
            new_code_cell(SETUP),
            new_code_cell('source = "data/raw"', metadata={"tags": ["parameters"]}),
            new_code_cell("print(6 * 7)"),
        ],
    )
    nb = nbformat.read(ipynb, as_version=4)
    nb.metadata["jupytext"] = dict(PAIRING)
    rp.write_paired(nb, ipynb)
    py = ipynb.with_suffix(".py")
    assert py.exists() and "print(6 * 7)" in py.read_text(encoding="utf-8")

    # edited in a text editor, not synced: `--record` runs the edit and writes it into the .ipynb
    py.write_text(py.read_text(encoding="utf-8").replace("print(6 * 7)", "print(6 * 8)"), encoding="utf-8")
    _touch_later(py, ipynb)
    rp.record([ipynb], log=lambda s: None)
    nb = nbformat.read(ipynb, as_version=4)
    assert nb.cells[3].source == "print(6 * 8)"
    assert nb.cells[3].outputs[0]["text"] == "48\n"
    assert _inputs(jupytext.read(py)) == _inputs(nb)
    assert py.stat().st_mtime >= ipynb.stat().st_mtime  # jupytext sees the pair as in sync
    time.sleep(0.01)
    assert rp.current_notebook(ipynb).cells[3].outputs[0]["text"] == "48\n"
