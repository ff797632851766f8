"""Render the notebooks to self-contained HTML reports and export their figures.

``workbench report`` (and ``make report``) executes every notebook in
``notebooks/`` in name order, each in a fresh kernel with its parameters
injected by papermill, and writes to ``reports_out/``:

* ``<notebook>.html`` – the full notebook;
* ``<notebook>.paper.html`` – the same without code cells (for a paper's supplement);
* ``index.html`` – links to all of them, build date, corpus summary, package version, figures;
* ``figures/<notebook>/<name>.svg`` and ``.png`` – every chart marked with
  :func:`workbench.notebook.figure`, PNG at 300 dpi, Chinese drawn with the CJK
  font from :mod:`workbench.fonts`.

The HTML files load nothing from the network: the Vega, Vega-Lite and
vega-embed JavaScript bundle shipped by ``vl-convert`` is embedded once per
page, and nbconvert's require.js, MathJax, mermaid and widget loaders are left
out. Everything is rendered into a staging folder beside ``reports_out/`` and
moved into place at the end, so a failing notebook leaves the previous reports intact;
only files the report wrote before are ever replaced (:mod:`.outdir`).

``workbench report --record`` instead re-executes the notebooks in place and
stores their outputs, normalized (see :func:`normalized_notebook`), for nbval.

The package is split by family; every name stays importable from ``workbench.report``:

* :mod:`.notebooks` – which notebooks, their parameters, their jupytext pairs;
* :mod:`.execute` – one notebook in a fresh kernel (papermill);
* :mod:`.pages` – notebook pages, their build header, ``index.html``;
* :mod:`.build` – ``workbench report`` (``build_reports``);
* :mod:`.outdir` – the output folder's record of what the report wrote;
* :mod:`.record` – ``--record`` and the output policy for notebooks in git.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import config
from . import outdir
from ._base import CELL_TIMEOUT, KERNEL_NAME, PARAMETERS_TAG, Built, ReportError
from .build import build_reports
from .execute import execute
from .notebooks import (
    current_notebook,
    declared_parameters,
    notebook_paths,
    paired_text_files,
    parameter_help,
    parameters_listing,
    parse_parameters,
    read_notebook,
    write_paired,
)
from .pages import FONT_MARKER, build_header, codebook_html, corpus_facts, embed_font, index_html, notebook_html, notebook_title, vega_bundle
from .record import IGNORE_OUTPUT_TAG, MAX_NOTEBOOK_BYTES, changed_output_cells, normalized_notebook, notebook_problems, record

__all__ = [
    "Built",
    "CELL_TIMEOUT",
    "FONT_MARKER",
    "IGNORE_OUTPUT_TAG",
    "KERNEL_NAME",
    "MAX_NOTEBOOK_BYTES",
    "PARAMETERS_TAG",
    "ReportError",
    "build_header",
    "build_reports",
    "changed_output_cells",
    "corpus_facts",
    "current_notebook",
    "declared_parameters",
    "embed_font",
    "execute",
    "index_html",
    "codebook_html",
    "main",
    "normalized_notebook",
    "notebook_html",
    "notebook_paths",
    "notebook_problems",
    "notebook_title",
    "outdir",
    "paired_text_files",
    "parameter_help",
    "parameters_listing",
    "parse_parameters",
    "read_notebook",
    "record",
    "vega_bundle",
    "write_paired",
]


# ----------------------------------------------------------------------------- CLI


def main(args: argparse.Namespace) -> int:
    """Entry point of ``workbench report`` (see :func:`workbench.cli.make_parser`)."""
    folder = Path(args.notebooks).resolve() if getattr(args, "notebooks", None) else config.NOTEBOOKS_DIR
    paths = notebook_paths(folder, only=args.only)
    try:
        if getattr(args, "list_params", False):
            if not paths:
                msg = f"no notebooks in {folder}"
                raise ReportError(msg)
            print(parameters_listing(paths))
            return 0
        if getattr(args, "record", False):
            if not paths:
                msg = f"no notebooks to record in {folder}"
                raise ReportError(msg)
            record(paths)
            return 0
        out = Path(args.out).resolve() if getattr(args, "out", None) else config.REPORTS_DIR
        build_reports(
            notebooks=paths,
            out=out,
            source=args.source,
            parameters=parse_parameters(args.parameter),
            log=lambda line: print(line, flush=True),
            force=getattr(args, "force", False),
        )
    except ReportError as err:
        print(f"workbench report: {err}", file=sys.stderr)
        print("workbench report: previous reports (if any) left unchanged.", file=sys.stderr)
        return 1
    return 0
