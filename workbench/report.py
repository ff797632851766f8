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
swapped in at the end, so a failing notebook leaves the previous reports intact.

``workbench report --record`` instead re-executes the notebooks in place and
stores their outputs, normalized (see :func:`normalized_notebook`), for nbval.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import __version__, config, report_out
from .notebook import FIGURES_ENV, PRINT_DPI

#: Tag of the cell holding a notebook's default parameters (papermill convention).
PARAMETERS_TAG = "parameters"
#: Kernel used to run notebooks (the Python of this environment).
KERNEL_NAME = "python3"
#: Seconds a single cell may run before the build is stopped.
CELL_TIMEOUT = 600

_TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<script type="text/javascript">
/* Vega, Vega-Lite and vega-embed (bundle shipped by vl-convert), embedded so the page works offline. */
(function () {
{{ resources.wb_vega_bundle }}
})();
</script>
<script type="text/javascript">
/* Charts wait for the embedded CJK font: Vega measures text when it lays a chart out, and a
   measure taken with a fallback font clips labels drawn later in the real one. Until the font is
   loaded vegaEmbed is hidden, so every chart's script queues itself in window.wbCharts. */
(function () {
  var embed = window.vegaEmbed;
  window.vegaEmbed = undefined;
  function drawQueued() {
    window.vegaEmbed = embed;
    var queue = window.wbCharts || [];
    window.wbCharts = [];
    queue.forEach(function (draw) { draw(); });
  }
  function whenFontLoaded() {
    var fonts = document.fonts;
    if (!fonts || !fonts.load) { drawQueued(); return; }
    Promise.all([
      fonts.load('12px "Noto Sans CJK SC"', "\u4e2d\u6587"),
      fonts.load('bold 12px "Noto Sans CJK SC"', "\u4e2d\u6587")
    ]).then(drawQueued, drawQueued);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", whenFontLoaded); } else { whenFontLoaded(); }
})();
</script>
{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
/*wb-font-face*/
:root {
  --jp-content-font-family: "Noto Sans CJK SC", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI",
    helvetica, arial, "PingFang SC", "Microsoft YaHei", sans-serif;
  --jp-ui-font-family: var(--jp-content-font-family);
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", "Noto Sans CJK SC", monospace;
}
.wb-chart { margin: 0.5em 0; }
.wb-chart-error { color: #b00020; font-weight: bold; }
</style>
{%- endblock html_head_css -%}
"""
#: Placeholder in every page's CSS replaced by the embedded CJK font (see :func:`embed_font`).
FONT_MARKER = "/*wb-font-face*/"


class ReportError(RuntimeError):
    """A notebook failed or the reports could not be written."""


@dataclass
class Built:
    """One rendered notebook: its name, output files and figures."""

    name: str
    html: Path
    paper: Path
    figures: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    parameters: dict[str, object] = field(default_factory=dict)
    title: str = ""
    #: Set for a notebook not rendered in this build (``--only``): when and from which source it was.
    kept_from: str = ""


# ----------------------------------------------------------------------------- discovery


def notebook_paths(folder: Path, *, only: list[str] | None = None) -> list[Path]:
    """Notebooks to render, in name order.

    Parameters
    ----------
    folder : pathlib.Path
        Folder of ``.ipynb`` files (not searched recursively).
    only : list of str, optional
        Keep notebooks whose file name contains any of these strings.

    Returns
    -------
    list of pathlib.Path
        Sorted by file name; names starting with ``_`` or ``.`` are skipped.

    Examples
    --------
    >>> notebook_paths(Path("/nonexistent"))
    []
    """
    paths = sorted(
        p for p in folder.glob("*.ipynb") if p.is_file() and not p.name.startswith(("_", "."))
    )
    if only:
        paths = [p for p in paths if any(s in p.name for s in only)]
    return paths


def declared_parameters(nb: nbformat.NotebookNode) -> dict[str, str]:
    r"""Names and default source text of the assignments in the ``parameters``-tagged cell.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook.

    Returns
    -------
    dict
        ``{name: source of the default value}``; empty if there is no such cell.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell('source = "data/raw"\nn = 10', metadata={"tags": ["parameters"]}))
    >>> declared_parameters(nb)
    {'source': '"data/raw"', 'n': '10'}
    """
    import ast

    out: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse(cell.source)
            for node in tree.body:
                targets = []
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                for t in targets:
                    if isinstance(t, ast.Name):
                        out[t.id] = ast.get_source_segment(cell.source, value) or ""
    return out


def parameter_help(nb: nbformat.NotebookNode) -> list[tuple[str, str, str]]:
    r"""Each parameter of the ``parameters`` cell: name, default (source text) and meaning.

    The meaning is the comment on the line where the assignment starts; the
    default is the value's source, normalised (``ast.unparse``).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_code_cell('source = "data/raw"  # folder of reports\nn = 10',
    ...                                           metadata={"tags": ["parameters"]}))
    >>> parameter_help(nb)
    [('source', "'data/raw'", 'folder of reports'), ('n', '10', '')]
    """
    import io
    import tokenize

    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            comments: dict[int, str] = {}
            try:
                for tok in tokenize.generate_tokens(io.StringIO(cell.source).readline):
                    if tok.type == tokenize.COMMENT:
                        comments.setdefault(tok.start[0], tok.string.lstrip("#").strip())
            except (tokenize.TokenError, SyntaxError):
                pass
            import ast

            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            out.append((t.id, ast.unparse(node.value), comments.get(node.lineno, "")))
    return out


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def parameters_listing(paths: list[Path]) -> str:
    """Text printed by ``workbench report --list-params``: each notebook's parameters, defaults and meanings."""
    blocks = []
    for path in paths:
        rows = parameter_help(current_notebook(path))
        shown = [f"{name} = {default}" for name, default, _ in rows]
        width = min(max((_display_width(t) for t in shown), default=0), 44)
        lines = [f"{path.name}" + ("" if rows else ": no parameters cell")]
        for text, (_, _, meaning) in zip(shown, rows, strict=True):
            pad = " " * max(width - _display_width(text), 0)
            lines.append(f"  {text}{pad}  {meaning}".rstrip() if _display_width(text) <= width
                         else f"  {text}\n  {' ' * width}  {meaning}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n\nSet one with -p NAME VALUE (VALUE is YAML), e.g. -p target 余杭区; --source DIR sets `source`."


def parse_parameters(pairs: list[list[str]] | list[tuple[str, str]]) -> dict[str, object]:
    """Command-line ``-p NAME VALUE`` pairs as a dict, each VALUE parsed as YAML.

    Examples
    --------
    >>> parse_parameters([("top_n", "10"), ("target", "拱墅区")])
    {'top_n': 10, 'target': '拱墅区'}
    """
    import yaml

    return {name: yaml.safe_load(value) for name, value in pairs}


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read the notebook at ``path`` (nbformat 4).

    Raises
    ------
    ReportError
        Naming the file, if it cannot be read or is not a valid notebook.
    """
    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # JSON, schema, encoding or OS errors of a hand-edited notebook
        msg = (
            f"notebook {path} cannot be read ({type(err).__name__}: {str(err)[:300]}); "
            "expected a Jupyter notebook (.ipynb, nbformat 4): restore it from git or re-save it from JupyterLab"
        )
        raise ReportError(msg) from None


def paired_text_files(path: Path, nb: nbformat.NotebookNode | None = None) -> list[tuple[Path, str]]:
    """Text files paired with notebook ``path`` by jupytext, and their formats.

    The pairing is read from the notebook's ``metadata.jupytext.formats`` (the
    curated notebooks declare ``"ipynb,py:percent"``, as does
    ``notebooks/jupytext.toml``).

    Parameters
    ----------
    path : pathlib.Path
        An ``.ipynb`` file.
    nb : nbformat.NotebookNode, optional
        The notebook, if already read.

    Returns
    -------
    list of (pathlib.Path, str)
        ``[(Path("notebooks/01_keywords.py"), "py:percent")]`` for a paired
        notebook; empty when it declares no pairing.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(metadata={"jupytext": {"formats": "ipynb,py:percent"}})
    >>> paired_text_files(Path("nb/01_x.ipynb"), nb)
    [(PosixPath('nb/01_x.py'), 'py:percent')]
    """
    from jupytext.formats import long_form_multiple_formats, short_form_one_format
    from jupytext.paired_paths import paired_paths

    if nb is None:
        nb = read_notebook(path)
    formats = nb.metadata.get("jupytext", {}).get("formats")
    if not formats:
        return []
    pairs = paired_paths(str(path), "ipynb", long_form_multiple_formats(formats))
    return [
        (Path(p), short_form_one_format(fmt))
        for p, fmt in pairs
        if fmt.get("extension") != ".ipynb"
    ]


def current_notebook(path: Path) -> nbformat.NotebookNode:
    """Notebook ``path`` with its inputs from the most recently saved file of its jupytext pair.

    As ``jupytext --sync`` does: when the paired text file (``NN_name.py``) is
    newer than the ``.ipynb``, its cells replace the notebook's inputs and the
    stored outputs of unchanged cells are kept. Nothing is written.

    Parameters
    ----------
    path : pathlib.Path
        An ``.ipynb`` file.

    Returns
    -------
    nbformat.NotebookNode
        The notebook as JupyterLab (with jupytext) would open it.
    """
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    nb = read_notebook(path)
    for text, fmt in paired_text_files(path, nb):
        if text.exists() and text.stat().st_mtime > path.stat().st_mtime:
            try:
                inputs = jupytext.read(text, fmt=fmt)
            except Exception as err:
                msg = f"notebook source {text} cannot be read as {fmt} ({type(err).__name__}: {str(err)[:300]})"
                raise ReportError(msg) from None
            nb = combine_inputs_with_outputs(inputs, nb, fmt=fmt)
    return nb


def write_paired(nb: nbformat.NotebookNode, path: Path) -> list[Path]:
    """Write ``nb`` to ``path`` and to the text files paired with it (each atomically).

    The ``.ipynb`` is written first, so the text files are never older than it
    (jupytext then reads both as in sync).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import jupytext

    written = [path]
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, path)
    for text, fmt in paired_text_files(path, nb):
        tmp = text.with_name(f".{text.stem}.{os.getpid()}.tmp{text.suffix}")
        jupytext.write(nb, tmp, fmt=fmt)
        os.replace(tmp, text)
        written.append(text)
    return written


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


# ----------------------------------------------------------------------------- HTML


def _exporter(*, paper: bool):
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"workbench_report.html.j2": _TEMPLATE})],
        template_file="workbench_report.html.j2",
        embed_images=True,
        exclude_input=paper,
        exclude_input_prompt=paper,
        exclude_output_prompt=paper,
    )
    return exporter


def vega_bundle() -> str:
    """The Vega + Vega-Lite + vega-embed JavaScript bundle embedded in every report.

    Returns
    -------
    str
        JavaScript that defines ``window.vegaEmbed`` (from ``vl_convert.javascript_bundle``).
    """
    import vl_convert as vlc

    return vlc.javascript_bundle()


def notebook_html(nb: nbformat.NotebookNode, *, title: str, paper: bool, bundle: str) -> str:
    """Self-contained HTML of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    title : str
        Page title.
    paper : bool
        Leave out code cells (inputs and prompts), keep Markdown and outputs.
    bundle : str
        JavaScript from :func:`vega_bundle`.

    Returns
    -------
    str
        A complete HTML page; it references no ``http://``/``https://`` script or stylesheet.
    """
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    body, _ = _exporter(paper=paper).from_notebook_node(nb, resources={"wb_vega_bundle": bundle})
    return body


def embed_font(pages: dict[Path, str]) -> dict[Path, str]:
    """Put one ``@font-face`` with the CJK font, cut to the characters of all ``pages``, into each page.

    Parameters
    ----------
    pages : dict
        ``{path: html}``; each page contains :data:`FONT_MARKER` once.

    Returns
    -------
    dict
        The same pages with the marker replaced by the rule from
        :func:`workbench.fonts.font_face_css`.

    Raises
    ------
    workbench.fonts.FontError
        If no CJK font can be found.
    """
    from .fonts import font_face_css

    css = font_face_css("".join(pages.values()))
    return {path: page.replace(FONT_MARKER, css, 1) for path, page in pages.items()}


def notebook_title(nb: nbformat.NotebookNode) -> str:
    r"""Text of the first level-1 Markdown heading (``# ...``), or ``""``.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells.append(nbformat.v4.new_markdown_cell("# 关键词 Keywords\n\ntext"))
    >>> notebook_title(nb)
    '关键词 Keywords'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in columns) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def index_html(
    built: list[Built],
    *,
    corpus_text: str,
    corpus_rows: list[dict],
    source: str,
    built_at: dt.datetime,
    out: Path,
    problems: list[dict] | None = None,
) -> str:
    """The ``index.html`` page: links, build date, corpus summary, problem files, version, figures.

    Every piece of text is HTML-escaped.

    Parameters
    ----------
    built : list of Built
        Rendered notebooks.
    corpus_text : str
        ``Corpus.describe()``.
    corpus_rows : list of dict
        Rows of ``Corpus.summary()``.
    source : str
        The corpus folder used.
    built_at : datetime.datetime
        Build time (UTC).
    out : pathlib.Path
        The folder the page lives in (links are relative to it).
    problems : list of dict, optional
        Rows of ``Corpus.problems`` (``source_file``, ``severity``, ``message``):
        every one is listed, errors first.

    Returns
    -------
    str
        A complete HTML page with no external references.
    """
    e = html.escape
    items = []
    for b in built:
        stems: dict[str, list[Path]] = {}
        for f in b.figures:
            stems.setdefault(f.stem, []).append(f)
        figs = "".join(
            f"<li>{e(stem)}: "
            + " · ".join(
                f'<a href="{e(f.relative_to(out).as_posix())}">{e(f.suffix.lstrip(".").upper())}</a>'
                for f in sorted(files, key=lambda f: f.suffix != ".svg")
            )
            + "</li>"
            for stem, files in sorted(stems.items())
        )
        params = ", ".join(f"{k} = {v!r}" for k, v in b.parameters.items()) or "defaults"
        title = f" — {e(b.title)}" if b.title else ""
        items.append(
            f"<li><strong>{e(b.name)}</strong>{title}<br>"
            f'<a href="{e(b.html.name)}">full notebook</a> · '
            f'<a href="{e(b.paper.name)}">without code (for papers)</a> '
            f"<span class=\"meta\">({b.seconds:.1f} s; parameters: {e(params)})</span>"
            + (f"<br><span class=\"meta\">not rebuilt now: kept from {e(b.kept_from)}</span>" if b.kept_from else "")
            + (f"<br>Figures (SVG, PNG at {PRINT_DPI} dpi):<ul class=\"figures\">{figs}</ul>" if figs else "")
            + "</li>"
        )
    columns = list(corpus_rows[0]) if corpus_rows else []
    rank = {s: i for i, s in enumerate(("error", "warning", "info"))}
    problem_rows = sorted(problems or [], key=lambda r: (rank.get(r["severity"], 9), r["source_file"], r["message"]))
    if problem_rows:
        problems_html = (
            f"<p>{len(problem_rows)} problem(s) in {len({r['source_file'] for r in problem_rows})} file(s): "
            "<code>error</code> = not loaded, <code>warning</code> = loaded but check it, "
            "<code>info</code> = a transformation worth knowing.</p>"
            + _table(problem_rows, ["severity", "source_file", "message"])
        )
    else:
        problems_html = "<p>No problems: every file loaded as expected.</p>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Workbench reports</title>
<style>
  {FONT_MARKER}
  body {{ font-family: "Noto Sans CJK SC", system-ui, -apple-system, "Segoe UI", helvetica, arial, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
  table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }}
  .meta {{ color: #666; font-size: 90%; }} pre {{ background: #f6f6f6; padding: 0.6em; }}
</style>
</head>
<body>
<h1>法治政府建设年度报告 workbench: reports</h1>
<p class="meta">Built {e(built_at.strftime("%Y-%m-%d %H:%M UTC"))} with workbench {e(__version__)}
from the corpus in <code>{e(source)}</code>.</p>
<h2>Notebooks</h2>
<ol>
{"".join(items)}
</ol>
<h2>Corpus</h2>
<pre>{e(corpus_text)}</pre>
<h3>Files with problems</h3>
{problems_html}
<h3>Reports</h3>
{_table(corpus_rows, columns)}
</body>
</html>
"""


# ----------------------------------------------------------------------------- build


def corpus_facts(documents) -> dict[str, object]:
    """Reports, districts and years of a corpus's ``documents`` frame, for page headers.

    Examples
    --------
    >>> import polars as pl
    >>> corpus_facts(pl.DataFrame({"district": ["拱墅区", "椒江区", None], "year": [2024, 2021, None]}))
    {'reports': 3, 'districts': 2, 'years': '2021–2024'}
    """
    years = documents["year"].drop_nulls()
    span = "none" if years.is_empty() else (
        str(years.min()) if years.min() == years.max() else f"{years.min()}–{years.max()}"
    )
    return {"reports": documents.height, "districts": documents["district"].drop_nulls().n_unique(), "years": span}


def build_header(
    *, source: str, parameters: dict[str, str], facts: dict[str, object], built_at: dt.datetime
) -> str:
    """HTML block put at the top of every notebook page: source, parameters, corpus, date, version.

    Parameters
    ----------
    source : str
        The corpus folder the notebook read.
    parameters : dict
        ``{name: value as source text}``: every parameter the notebook declares, with the value used.
    facts : dict
        From :func:`corpus_facts`.
    built_at : datetime.datetime
        Build time (UTC).

    Returns
    -------
    str
        A ``<div class="wb-build">`` (every value HTML-escaped).

    Examples
    --------
    >>> import datetime as dt
    >>> h = build_header(source="<x>", parameters={"k": "3"}, facts={"reports": 2, "districts": 2, "years": "2024"},
    ...                  built_at=dt.datetime(2026, 1, 2, 3, 4))
    >>> "&lt;x&gt;" in h and "k = 3" in h and "2 reports" in h
    True
    """
    e = html.escape
    params = "; ".join(f"{k} = {v}" for k, v in parameters.items()) or "none"
    return (
        '<div class="wb-build">'
        f"<strong>Source</strong> <code>{e(source)}</code>: {facts['reports']} reports, "
        f"{facts['districts']} districts, years {e(str(facts['years']))}. "
        f"<strong>Parameters</strong> <code>{e(params)}</code>. "
        f"<strong>Built</strong> {e(built_at.strftime('%Y-%m-%d %H:%M UTC'))} with workbench {e(__version__)}."
        "</div>"
    )


def _with_header(nb: nbformat.NotebookNode, header: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nb)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(header))
    return nb


def _used_parameters(declared: dict[str, str], given: dict[str, object]) -> dict[str, str]:
    return {k: (repr(given[k]) if k in given else v) for k, v in declared.items()}


def _kept_entries(record: dict | None, out: Path, rendered: set[str]) -> list[Built]:
    kept = []
    for name, entry in sorted((record or {}).get("notebooks", {}).items()):
        if name == report_out.INDEX_KEY or name in rendered:
            continue
        files = [f for f in entry.get("files", []) if isinstance(f, str)]
        if not all((out / f).exists() for f in files) or f"{name}.html" not in files:
            continue  # removed by hand: not listed
        kept.append(
            Built(
                name=name,
                html=out / f"{name}.html",
                paper=out / f"{name}.paper.html",
                figures=[out / f for f in files if f.startswith("figures/")],
                seconds=float(entry.get("seconds", 0.0)),
                parameters=dict(entry.get("parameters", {})),
                title=str(entry.get("title", "")),
                kept_from=f"{entry.get('built_at', '?')}, source {entry.get('source', '?')}",
            )
        )
    return kept


def build_reports(
    *,
    notebooks: list[Path],
    out: Path,
    source: str | None,
    parameters: dict[str, object],
    log=print,
    force: bool = False,
) -> list[Built]:
    """Execute ``notebooks`` and write their reports into ``out``, keeping every other file there.

    Parameters
    ----------
    notebooks : list of pathlib.Path
        Notebooks in the order to run.
    out : pathlib.Path
        Output folder (``reports_out/``). Only files the report wrote before
        (listed in ``out/.workbench-report.json``, see :mod:`workbench.report_out`)
        for the notebooks rendered now are replaced; the other notebooks' pages
        and figures, and any file the report did not write, stay.
    source : str or None
        Corpus folder; if given, passed as parameter ``source`` to notebooks
        that declare it (``None``: the notebooks' default, ``data/raw``).
    parameters : dict
        Extra parameters; each goes to the notebooks that declare it.
    log : callable
        Receives progress lines.
    force : bool, default False
        Write into an ``out`` that holds unknown files and no record (they are kept).

    Returns
    -------
    list of Built
        One entry per notebook rendered.

    Raises
    ------
    ReportError
        If a notebook cannot be read, a parameter is declared by no notebook,
        ``out`` cannot be used (see :func:`workbench.report_out.check_out_folder`),
        or a notebook fails. ``out`` is then left as it was.
    """
    from .corpus import load_corpus

    if not notebooks:
        msg = "no notebooks to render (no *.ipynb in the notebooks folder, or none matched --only)"
        raise ReportError(msg)
    declared = {p: declared_parameters(read_notebook(p)) for p in notebooks}
    known = sorted(set().union(*declared.values()))
    unknown = sorted(set(parameters) - set(known) - {"source"})
    if unknown:
        msg = (
            f"parameter(s) {', '.join(unknown)} are declared by no notebook; "
            f"known: {', '.join(known) or 'none'} (see `workbench report --list-params`)"
        )
        raise ReportError(msg)
    out = out.resolve()
    try:
        record = report_out.check_out_folder(out, force=force)
    except report_out.OutFolderError as err:
        raise ReportError(str(err)) from None
    for stale in report_out.remove_stale_staging(out):
        log(f"removed {stale.name}, left by an interrupted build")

    t0 = time.perf_counter()
    if source is None and "source" in parameters:  # -p source DIR: the index describes that corpus too
        source = str(parameters["source"])
    if source is not None:
        parameters = {**parameters, "source": source}
    else:
        source = "data/raw"
    log(f"loading the corpus from {source} (built and cached on first use)")
    try:
        corpus = load_corpus(source)
    except Exception as err:
        msg = f"could not load the corpus from {source!r}: {type(err).__name__}: {err}"
        raise ReportError(msg) from err
    log(f"corpus: {corpus.documents.height} documents (elapsed {time.perf_counter() - t0:.1f} s)")
    # what the index needs, then let the corpus go: every notebook's kernel loads its own copy
    corpus_text, corpus_rows = corpus.describe(), corpus.summary().to_dicts()
    problems = corpus.problems.to_dicts()
    facts = corpus_facts(corpus.documents)
    del corpus
    built_at = dt.datetime.now(dt.UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    bundle = vega_bundle()
    built: list[Built] = []
    pages: dict[Path, str] = {}
    written: dict[str, dict] = {}
    n = len(notebooks)
    try:
        for i, path in enumerate(notebooks, start=1):
            name = path.stem
            wanted = {k: v for k, v in parameters.items() if k in declared[path]}
            log(f"[{i}/{n}] {path.name}: running{' with ' + str(wanted) if wanted else ''} "
                f"(elapsed {time.perf_counter() - t0:.1f} s)")
            t1 = time.perf_counter()
            figures_dir = staging / "figures" / name
            nb = execute(path, parameters=wanted, figures_dir=figures_dir)
            b = Built(name=name, html=staging / f"{name}.html", paper=staging / f"{name}.paper.html",
                      parameters=wanted, title=notebook_title(nb))
            header = build_header(source=source, parameters=_used_parameters(declared[path], wanted),
                                  facts=facts, built_at=built_at)
            nb = _with_header(nb, header)
            pages[b.html] = notebook_html(nb, title=name, paper=False, bundle=bundle)
            pages[b.paper] = notebook_html(nb, title=name, paper=True, bundle=bundle)
            b.figures = sorted(figures_dir.glob("*")) if figures_dir.exists() else []
            b.seconds = time.perf_counter() - t1
            built.append(b)
            written[name] = {
                "files": [p.relative_to(staging).as_posix() for p in (b.html, b.paper, *b.figures)],
                "title": b.title,
                "seconds": round(b.seconds, 1),
                "parameters": json.loads(json.dumps(wanted, ensure_ascii=False, default=str)),
                "source": source,
                "built_at": built_at.strftime("%Y-%m-%d %H:%M UTC"),
            }
            log(f"[{i}/{n}] {path.name}: done in {b.seconds:.1f} s, {len(b.figures)} figure files "
                f"(elapsed {time.perf_counter() - t0:.1f} s)")
        kept = _kept_entries(record, out, {b.name for b in built})
        listed = sorted([*built, *kept], key=lambda b: b.name)
        page = index_html(
            [_relocated(b, staging, out) if not b.kept_from else b for b in listed],
            corpus_text=corpus_text,
            corpus_rows=corpus_rows,
            source=source,
            built_at=built_at,
            out=out,
            problems=problems,
        )
        pages[staging / "index.html"] = page
        written[report_out.INDEX_KEY] = {"files": ["index.html"]}
        log(f"embedding the CJK font (subset) in {len(pages)} pages (elapsed {time.perf_counter() - t0:.1f} s)")
        for path, text in embed_font(pages).items():
            path.write_text(text, encoding="utf-8")
        report_out.publish(staging, out, record=record, written=written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    built = [_relocated(b, staging, out) for b in built]
    log(f"wrote {len(built)} notebooks to {out} in {time.perf_counter() - t0:.1f} s"
        + (f"; kept {len(kept)} other notebooks' pages" if kept else ""))
    return built


def _relocated(b: Built, staging: Path, out: Path) -> Built:
    """``b`` with its paths moved from ``staging`` to ``out``."""
    return dataclasses.replace(
        b,
        html=out / b.html.name,
        paper=out / b.paper.name,
        figures=[out / f.relative_to(staging) for f in b.figures],
    )


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
    addresses in outputs; at most :data:`MAX_NOTEBOOK_BYTES` in total.

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
