"""``workbench report --record``: re-execute notebooks in place and store normalized outputs (the output policy)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat

from .. import config
from ._base import KERNEL_NAME
from .execute import execute
from .notebooks import current_notebook, declared_parameters, write_paired


# ----------------------------------------------------------------------------- recording


def normalized_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook as stored in git: outputs kept, run-to-run noise removed.

    Removes per-cell ``metadata.execution`` (timestamps), ``metadata.papermill``,
    ``metadata.widgets`` (widget state) and papermill's injected-parameters
    cell; sets the kernel to ``python3``. Outputs and execution counts stay.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    nbformat.NotebookNode
        A normalized copy.
    """
    nb = nbformat.from_dict(nb)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    return nb


#: Tag that makes nbval run a cell without comparing its output (charts).
IGNORE_OUTPUT_TAG = "nbval-ignore-output"
#: Largest stored notebook accepted by :func:`notebook_problems` (bytes).
MAX_NOTEBOOK_BYTES = 2_000_000
_CHART_MIMES = ("application/vnd.vegalite", "application/vnd.vega.")


def _is_chart_cell(cell: nbformat.NotebookNode) -> bool:
    if "figure(" in cell.source:
        return True
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if any(k.startswith(_CHART_MIMES) for k in data) or 'class="wb-chart"' in str(data.get("text/html", "")):
            return True
    return False


def notebook_problems(nb: nbformat.NotebookNode, *, root: Path | None = None) -> list[str]:
    """Ways a stored notebook breaks the policy for notebooks in git (empty list: none).

    The policy (see docs/publishing.md): outputs are kept, recorded in one
    top-to-bottom run in a fresh ``python3`` kernel (execution counts 1, 2, 3 …);
    no error outputs; no per-cell execution timestamps, papermill metadata or
    widget state; a ``parameters`` cell declaring ``source``; every chart cell
    tagged ``nbval-ignore-output``; no absolute paths of this machine or memory
    addresses in outputs; tables drawn with :func:`workbench.tables.table`, not
    polars' printed frame; at most :data:`MAX_NOTEBOOK_BYTES` in total.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The stored notebook.
    root : pathlib.Path, optional
        Project root whose absolute path must not appear in outputs.

    Returns
    -------
    list of str
        One message per problem, naming the cell index.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    >>> notebook_problems(nb)[:2]
    ["kernelspec name is None, expected 'python3'", "no code cell tagged 'parameters' (papermill) declaring `source`"]
    """
    import re

    problems: list[str] = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != KERNEL_NAME:
        problems.append(f"kernelspec name is {kernel!r}, expected {KERNEL_NAME!r}")
    if "source" not in declared_parameters(nb):
        problems.append("no code cell tagged 'parameters' (papermill) declaring `source`")
    for key in ("papermill", "widgets"):
        if key in nb.metadata:
            problems.append(f"notebook metadata has {key!r} (run `workbench report --record`)")
    expected = 1
    address = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")
    roots = [str(root)] if root else []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        for key in ("execution", "papermill"):
            if key in cell.metadata:
                problems.append(f"cell {i}: metadata has {key!r} (timestamps; run `workbench report --record`)")
        if not cell.source.strip():
            continue
        if cell.execution_count != expected:
            problems.append(
                f"cell {i}: execution_count {cell.execution_count}, expected {expected} "
                "(outputs must come from one top-to-bottom run; run `workbench report --record`)"
            )
        expected = (cell.execution_count or expected) + 1
        if _is_chart_cell(cell) and IGNORE_OUTPUT_TAG not in tags:
            problems.append(f"cell {i}: shows a chart but is not tagged {IGNORE_OUTPUT_TAG!r}")
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: error output {out.get('ename')}: {out.get('evalue')}")
            text = str(out)
            if any(r in text for r in roots):
                problems.append(f"cell {i}: output contains the absolute path {roots[0]}")
            if address.search(text):
                problems.append(f"cell {i}: output contains a memory address (`at 0x…`)")
            shown = out.get("data", {})
            if "shape: (" in str(shown.get("text/plain", "")) or "<small>shape: (" in str(shown.get("text/html", "")):
                problems.append(
                    f"cell {i}: shows a polars frame as printed (dtype row, quoted strings, 'shape:' line); "
                    "draw it with wb.tables.table(df, title=..., source=...)"
                )
    size = len(nbformat.writes(nb).encode("utf-8"))
    if size > MAX_NOTEBOOK_BYTES:
        problems.append(f"notebook is {size} bytes, more than {MAX_NOTEBOOK_BYTES}")
    return problems


def changed_output_cells(before: nbformat.NotebookNode, after: nbformat.NotebookNode) -> list[int]:
    """Indices of code cells whose outputs differ between two versions of a notebook.

    Cells are matched by position; a different number of cells counts every
    cell from the first difference on.

    Examples
    --------
    >>> a = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    >>> b = nbformat.from_dict(a)
    >>> b.cells[0].outputs = [nbformat.v4.new_output("stream", text="x")]
    >>> changed_output_cells(a, b)
    [0]
    """
    changed = []
    for i, cell in enumerate(after.cells):
        if cell.cell_type != "code":
            continue
        old = before.cells[i] if i < len(before.cells) else None
        if old is None or old.cell_type != "code" or old.get("outputs") != cell.get("outputs"):
            changed.append(i)
    return changed


def record(notebooks: list[Path], *, log=print) -> None:
    """Re-execute ``notebooks`` in place (fresh kernel, default parameters) and store normalized outputs.

    Inputs come from the newer file of each jupytext pair (:func:`current_notebook`);
    the ``.ipynb`` and its paired ``.py`` are both rewritten (:func:`write_paired`).

    Raises
    ------
    ReportError
        If a notebook fails; that notebook file is then left unchanged.
    """
    n = len(notebooks)
    t0 = time.perf_counter()
    for i, path in enumerate(notebooks, start=1):
        log(f"[{i}/{n}] recording {path.name} (elapsed {time.perf_counter() - t0:.1f} s)")
        before = current_notebook(path)
        nb = normalized_notebook(execute(path, parameters={}, figures_dir=None))
        changed = changed_output_cells(before, nb)
        log(f"[{i}/{n}] {path.name}: outputs changed in cells {', '.join(map(str, changed))}"
            if changed else f"[{i}/{n}] {path.name}: outputs unchanged")
        write_paired(nb, path)
        for problem in notebook_problems(nb, root=config.PROJECT_ROOT):
            log(f"  policy: {path.name}: {problem}")
    log(f"recorded {n} notebooks in {time.perf_counter() - t0:.1f} s")
