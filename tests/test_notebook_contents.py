"""The curated notebooks keep their promised shape.

Execution and stored results are checked by nbval over ``notebooks/*.ipynb``
(see tests/test_notebooks.py); this file checks what nbval does not: the
parameters each notebook declares, that code cells only call helpers, and that
every chart is marked for export and exempt from output comparison.
"""

from __future__ import annotations

import nbformat
import pytest

from workbench import config

PARAMETERS = {
    "01_keywords.ipynb": ["source", "by", "target", "n_terms", "lang"],
    "02_plan_topics.ipynb": ["source", "kind", "method", "k", "k_range", "seed", "lang"],
    "03_indicator_trends.ipynb": ["source", "indicators", "districts", "compare_indicator", "compare_year", "lang"],
}


@pytest.fixture(params=sorted(PARAMETERS), scope="module")
def notebook(request):
    return request.param, nbformat.read(config.NOTEBOOKS_DIR / request.param, as_version=4)


def test_every_curated_notebook_is_listed():
    assert sorted(p.name for p in config.NOTEBOOKS_DIR.glob("[!_]*.ipynb")) == sorted(PARAMETERS)


def test_parameters_cell(notebook):
    name, nb = notebook
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for param in PARAMETERS[name]:
        assert f"{param} =" in cell.source, (name, param)
    assert 'source = "../data/raw"' in cell.source  # relative to the notebook's folder, the kernel's working directory


def test_code_cells_hold_no_definitions_or_loops(notebook):
    name, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code":
            starts = [line.lstrip() for line in cell.source.splitlines()]
            assert not any(s.startswith(("def ", "for ", "while ", "class ", "lambda")) for s in starts), (name, cell.source)


def test_chart_cells_are_tagged_and_every_step_shows_something(notebook):
    name, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    charts = [c for c in code if "wb.notebook.figure(" in c.source]
    assert charts, name
    for cell in charts:
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), (name, cell.source)
    start = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])) + 2  # after the load
    silent = [c.source.splitlines()[0] for c in code[start:] if not c.outputs]
    assert not silent, (name, silent)
