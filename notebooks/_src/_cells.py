"""Cell builders shared by the notebook generator scripts in this folder."""

from __future__ import annotations

import nbformat
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

#: Tag for chart cells: nbval does not compare their output (the Vega-Lite JSON).
CHART = "nbval-ignore-output"


def md(text: str) -> nbformat.NotebookNode:
    """A Markdown cell."""
    return new_markdown_cell(text.strip())


def code(text: str, *tags: str) -> nbformat.NotebookNode:
    """A code cell with optional tags (``"parameters"``, :data:`CHART`)."""
    cell = new_code_cell(text.strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write_notebook(cells: list[nbformat.NotebookNode], out: Path) -> None:
    """Validate a notebook of ``cells`` (Python 3 kernel) and write it to ``out``."""
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    nbformat.write(nb, out)
    print(f"wrote {out}")
