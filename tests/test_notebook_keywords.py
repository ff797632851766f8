"""notebooks/01_keywords.ipynb runs top to bottom in a fresh kernel, and has the promised shape."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from workbench import config

NOTEBOOK = config.NOTEBOOKS_DIR / "01_keywords.ipynb"


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_parameters_cell(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    for name in ('source = "data/raw"', 'by = "district"', 'target = "拱墅区"', "n_terms = 10", "kwic_term = None"):
        assert name in source


def test_code_cells_hold_no_definitions_or_loops(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not any(line.lstrip().startswith(("def ", "for ", "while ", "class ")) for line in cell.source.splitlines())


def test_notebook_executes_without_error(notebook):
    nb = nbformat.from_dict(notebook)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
    )
    client.execute()  # raises CellExecutionError on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # every step after the parameters ends in a visible table or chart
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])) + 1
    silent = [c.source.splitlines()[0] for c in code[start:] if not c.outputs]
    assert not silent
