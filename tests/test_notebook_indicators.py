"""The indicator notebook runs top to bottom in a fresh kernel without error."""

from __future__ import annotations

import nbclient
import nbformat
from workbench import config

NOTEBOOK = config.NOTEBOOKS_DIR / "03_indicator_trends.ipynb"


def test_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
    )
    client.execute()  # raises CellExecutionError on any error
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert any("parameters" in t for t in tags)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_notebook_parameters_cell() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for name in ("source", "indicators", "districts", "compare_indicator", "compare_year"):
        assert f"{name} =" in cell.source
    assert 'source = "data/raw"' in cell.source
