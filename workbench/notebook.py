"""What a notebook calls: ``setup()`` at the top, ``figure(chart, name)`` for each exported chart.

(Minimal version; the publishing layer extends it.)
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import polars as pl

from . import charts  # noqa: F401  (enables the theme)


def setup() -> None:
    """Pin display settings so notebook outputs are stable across machines."""
    pl.Config.set_tbl_rows(20)
    pl.Config.set_tbl_cols(12)
    pl.Config.set_fmt_str_lengths(60)
    pl.Config.set_tbl_width_chars(160)


def figure(chart: alt.TopLevelMixin, name: str) -> alt.TopLevelMixin:
    """Mark ``chart`` for export as ``figures/<notebook>/<name>.svg/.png`` and return it for display."""
    out = os.environ.get("WORKBENCH_FIGURES_DIR")
    if out:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        chart.save(folder / f"{name}.svg")
    return chart
