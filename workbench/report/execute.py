"""Executing one notebook in a fresh kernel with papermill."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from .. import config
from ..notebook import FIGURES_ENV
from ._base import CELL_TIMEOUT, KERNEL_NAME, ReportError
from .notebooks import current_notebook


# ----------------------------------------------------------------------------- executing


def _kernel_env(figures_dir: Path | None) -> dict[str, str | None]:
    """Environment changes for the kernel (inherited from this process)."""
    return {
        FIGURES_ENV: str(figures_dir) if figures_dir else None,
        "JPY_SESSION_NAME": None,  # not an interactive JupyterLab kernel
        "WORKBENCH_ROOT": str(config.PROJECT_ROOT),
    }


class _patched_env:
    def __init__(self, changes: dict[str, str | None]) -> None:
        self.changes = changes
        self.saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for k, v in self.changes.items():
            self.saved[k] = os.environ.get(k)
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    def __exit__(self, *exc: object) -> None:
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:100]
    return ""


def execute(
    path: Path, *, parameters: dict[str, object], figures_dir: Path | None
) -> nbformat.NotebookNode:
    """Execute one notebook in a fresh kernel (cwd: its folder) with papermill.

    The inputs come from :func:`current_notebook`: an edit saved in the paired
    ``.py`` file is run even before ``jupytext --sync``.

    Parameters
    ----------
    path : pathlib.Path
        The notebook.
    parameters : dict
        Values injected after the ``parameters`` cell (only names it declares).
    figures_dir : pathlib.Path or None
        Where :func:`workbench.notebook.figure` writes this notebook's figures.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    ReportError
        Naming the notebook, the failing cell (index and first line) and the error.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    original = current_notebook(path)
    with _patched_env(_kernel_env(figures_dir)):
        try:
            return pm.execute_notebook(
                original,
                None,
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT,
                # quiet the kernel's own start-up warnings (TCP transport on localhost)
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as err:
            index = next(
                (i for i, c in enumerate(original.cells) if c.cell_type == "code" and c.source == err.source),
                None,
            )
            where = f"cell {index}" if index is not None else f"cell In [{err.exec_count}]"
            msg = (
                f"notebook {path.name} failed at {where} (`{_first_line(err.source)}`): "
                f"{err.ename}: {err.evalue}"
            )
            raise ReportError(msg) from None
        except Exception as err:  # kernel died, timeout, unreadable notebook
            msg = f"notebook {path.name} could not be executed: {type(err).__name__}: {err}"
            raise ReportError(msg) from err
