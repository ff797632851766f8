"""notebooks/02_plan_topics.ipynb runs top to bottom in a fresh kernel, and has the promised shape."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from workbench import config

NOTEBOOK = config.NOTEBOOKS_DIR / "02_plan_topics.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_parameters_cell(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    for line in (
        'source = "data/raw"',
        'kind = "plans"',
        'method = "kmeans"',
        "k = None",
        "k_range = [2, 3, 4, 5, 6, 7, 8]",
        "seed = 0",
    ):
        assert line in source


def test_code_cells_hold_no_definitions_or_loops(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not any(line.lstrip().startswith(("def ", "for ", "while ", "class ")) for line in cell.source.splitlines())


def test_chart_cells_are_tagged(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code" and "wb.notebook.figure(" in cell.source:
            assert "nbval-ignore-output" in cell.metadata.get("tags", [])


def _execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(notebook)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
    )
    client.execute()  # raises CellExecutionError on any error
    return nb


def _texts(nb: nbformat.NotebookNode) -> list[str]:
    """The text/plain results of the cells whose outputs nbval will compare."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", []):
            out.append("".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs))
    return out


def test_notebook_executes_without_error_and_matches_stored_outputs(notebook):
    nb = _execute(notebook)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # every step after the parameters ends in a visible table or chart
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])) + 1
    silent = [c.source.splitlines()[0] for c in code[start:] if not c.outputs]
    assert not silent
    # a fresh run reproduces the stored tables exactly (same seed, same output)
    assert _texts(nb) == _texts(notebook)
