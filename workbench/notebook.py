"""What a notebook calls: ``setup()`` at the top, ``figure(chart, name)`` for each exported chart.

``setup()`` pins the display settings that stored notebook outputs depend on
(polars table sizes) and selects how Altair charts are shown:

* by default (``jupyter nbconvert --execute``, nbval, ``workbench report``) a
  chart is stored as a small ``text/html`` output: a ``<div>`` with a
  deterministic id and a ``<script>`` that hands the Vega-Lite spec to
  ``vegaEmbed``. It loads nothing from the network; the page that shows it must
  provide ``vegaEmbed``. The HTML reports written by :mod:`workbench.report`
  embed the Vega, Vega-Lite and vega-embed bundle once per page, so they work
  offline.
* inside JupyterLab (a kernel started by a Jupyter server) a chart is shown with
  JupyterLab's own built-in Vega-Lite renderer (MIME type
  ``application/vnd.vegalite.v5+json``), which also needs no network.

``figure(chart, name)`` shows the chart and, while ``workbench report`` runs,
also writes ``reports_out/figures/<notebook>/<name>.svg`` and ``.png`` (300 dpi)
with the CJK font registered (see :mod:`workbench.fonts`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import altair as alt
import polars as pl

from . import charts  # noqa: F401  (enables the theme)
from .fonts import register_cjk_font

if TYPE_CHECKING:
    from IPython.display import Markdown

#: Set by ``workbench report``: folder that receives this notebook's exported figures.
FIGURES_ENV = "WORKBENCH_FIGURES_DIR"
#: Resolution of exported PNG figures (dots per inch).
PRINT_DPI = 300
#: Options passed to vegaEmbed: SVG renderer (text stays text, searchable and crisp), no action menu.
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_counter = {"n": 0}


def _json_for_script(obj: object) -> str:
    """JSON that is safe inside an HTML ``<script>``: no ``<``, ``>`` or ``&`` characters."""
    return (
        json.dumps(obj, ensure_ascii=False, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_html(spec: dict, *, div_id: str) -> str:
    """HTML that draws a Vega-Lite ``spec`` with ``vegaEmbed`` once the page provides it.

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification (``chart.to_dict()``).
    div_id : str
        Id of the ``<div>`` that receives the chart.

    Returns
    -------
    str
        A ``<div class="wb-chart">`` followed by a ``<script>``. If ``vegaEmbed``
        is not defined yet, the drawing function is queued in ``window.wbCharts``
        (the report page runs the queue after loading the bundle); if drawing
        fails, the error is written into the ``<div>`` as text.

    Examples
    --------
    >>> "wb-chart" in chart_html({"mark": "bar"}, div_id="c1")
    True
    """
    return (
        f'<div class="wb-chart" id="{div_id}"></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f"  var spec = {_json_for_script(spec)};\n"
        f"  var opt = {_json_for_script(EMBED_OPTIONS)};\n"
        "  function draw() {\n"
        f'    var el = document.getElementById("{div_id}");\n'
        "    window.vegaEmbed(el, spec, opt).catch(function (err) {\n"
        '      el.className += " wb-chart-error";\n'
        '      el.textContent = "Chart error: " + err;\n'
        "    });\n"
        "  }\n"
        "  if (window.vegaEmbed) { draw(); } else { (window.wbCharts = window.wbCharts || []).push(draw); }\n"
        "})();\n"
        "</script>"
    )


def _plain(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return f"<Altair chart: {title}>" if title else "<Altair chart>"


def _html_renderer(spec: dict, **metadata: object) -> dict[str, str]:
    _counter["n"] += 1
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    div_id = f"wb-chart-{_counter['n']}-{digest}"
    return {"text/html": chart_html(spec, div_id=div_id), "text/plain": _plain(spec)}


#: MIME type that JupyterLab 4 renders with its bundled Vega-Lite 5 (it has no renderer for v6).
LAB_MIME = "application/vnd.vegalite.v5+json"


def _lab_renderer(spec: dict, **metadata: object) -> dict[str, object]:
    # The spec is written for Vega-Lite 6; without "$schema" JupyterLab's Vega-Lite 5
    # compiles it without a version warning (the theme and chart helpers use nothing v6-only).
    spec = {k: v for k, v in spec.items() if k != "$schema"}
    return {LAB_MIME: spec, "text/plain": _plain(spec)}


alt.renderers.register("workbench", _html_renderer)
alt.renderers.register("workbench-lab", _lab_renderer)


def in_jupyter_server() -> bool:
    """Whether this kernel was started by a Jupyter server (JupyterLab), not a headless runner.

    Returns
    -------
    bool
        True when ``JPY_SESSION_NAME`` is set (jupyter_server sets it for the
        kernels it starts) and ``workbench report`` is not running.
    """
    return bool(os.environ.get("JPY_SESSION_NAME")) and not os.environ.get(FIGURES_ENV)


def setup() -> None:
    """Pin display settings so notebook outputs are stable, and select the chart renderer.

    Resets polars' display configuration to its defaults, then sets the table
    display (20 rows, 12 columns, strings cut at 60 characters, 160 characters wide) and enables the ``workbench`` Altair
    renderer (``workbench-lab`` inside JupyterLab), see the module docstring.

    Examples
    --------
    >>> setup()
    >>> alt.renderers.active
    'workbench'
    """
    pl.Config.restore_defaults()  # also drops POLARS_FMT_* variables from the user's environment
    pl.Config.set_tbl_rows(20)
    pl.Config.set_tbl_cols(12)
    pl.Config.set_fmt_str_lengths(60)
    pl.Config.set_tbl_width_chars(160)
    _counter["n"] = 0
    alt.renderers.enable("workbench-lab" if in_jupyter_server() else "workbench")


def _check_name(name: object) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        msg = (
            f"figure: name must be a short file stem of letters, digits, '_', '-' or '.', "
            f"e.g. 'keyness_bars'; got {name!r}"
        )
        raise ValueError(msg)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def export_figure(chart: alt.TopLevelMixin, folder: Path, name: str) -> list[Path]:
    """Write ``chart`` as ``<folder>/<name>.svg`` and ``<name>.png`` (300 dpi) with the CJK font.

    Parameters
    ----------
    chart : altair.TopLevelMixin
        The chart to export.
    folder : pathlib.Path
        Output folder, created if missing.
    name : str
        File stem: letters, digits, ``_``, ``-`` and ``.``, at most 80 characters.

    Returns
    -------
    list of pathlib.Path
        The SVG and PNG written (each written to a temporary file, then renamed).
        The PNG is drawn at ``PRINT_DPI`` (vl-convert lays charts out at 72 ppi,
        so a 400-point-wide chart becomes 1667 pixels, 5.6 inches at 300 dpi).

    Raises
    ------
    ValueError
        If ``name`` is not a valid file stem.
    workbench.fonts.FontError
        If no CJK font is available.
    """
    _check_name(name)
    import vl_convert as vlc

    register_cjk_font()
    spec = chart.to_dict()
    folder.mkdir(parents=True, exist_ok=True)
    svg = folder / f"{name}.svg"
    png = folder / f"{name}.png"
    drawn = vlc.vegalite_to_svg(spec)  # laid out once; the PNG is rasterised from the same SVG
    _write_atomic(svg, drawn.encode("utf-8"))
    _write_atomic(png, vlc.svg_to_png(drawn, ppi=PRINT_DPI))
    return [svg, png]


def figure(chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], name: str) -> alt.TopLevelMixin | Markdown:
    """Show ``chart`` and mark it for export as ``figures/<notebook>/<name>.svg`` and ``.png``.

    In interactive use this only returns the chart (so the cell displays it).
    While ``workbench report`` runs (environment variable
    ``WORKBENCH_FIGURES_DIR`` set), it also writes the SVG and a 300-dpi PNG
    there, see :func:`export_figure`. Tag the cell ``nbval-ignore-output``.

    Parameters
    ----------
    chart : altair.TopLevelMixin or callable
        Any Altair chart, or a function of no argument that makes one, such as
        ``functools.partial(wb.charts.trend_lines, points, lang="en")``: when
        it raises :class:`workbench.charts.NothingToDraw` (the corpus lacks
        what the chart needs), the cell shows that message instead of a
        chart, no figure is written, and the notebook runs on.
    name : str
        Short file stem, unique within the notebook, e.g. ``"keyness_bars"``.

    Returns
    -------
    altair.TopLevelMixin or IPython.display.Markdown
        The chart; or the note shown in its place.

    Raises
    ------
    TypeError
        If ``chart`` is not an Altair chart (or the function returns none).
    ValueError
        If ``name`` is not a valid file stem; any other error of the function.

    Examples
    --------
    >>> c = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    >>> figure(c, "demo") is c
    True
    >>> from functools import partial
    >>> from workbench.charts import NothingToDraw
    >>> def nothing(points, lang="zh"):
    ...     raise NothingToDraw("trend_lines: no points to draw")
    >>> figure(partial(nothing, [], lang="en"), "demo").data
    '*No chart (demo): trend_lines: no points to draw.*'
    """
    _check_name(name)
    if callable(chart) and not isinstance(chart, alt.TopLevelMixin):
        try:
            chart = chart()
        except charts.NothingToDraw as err:
            from IPython.display import Markdown

            return Markdown(f"*No chart ({name}): {str(err).rstrip('.')}.*")
    if not isinstance(chart, alt.TopLevelMixin):
        msg = f"figure: expected an Altair chart (alt.Chart, alt.LayerChart, ...); got {type(chart).__name__}"
        raise TypeError(msg)
    out = os.environ.get(FIGURES_ENV)
    if out:
        export_figure(chart, Path(out), name)
    return chart
