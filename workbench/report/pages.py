"""The HTML pages: notebook pages (full and paper), their build header, and ``index.html``."""

from __future__ import annotations

import datetime as dt
import html
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from .. import __version__
from ..fonts import CJK_FAMILY
from ..notebook import PRINT_DPI
from ._base import Built

#: Family of the second embedded face: the Chinese set in code font (``pre``, ``code``, ...), see :func:`embed_font`.
CODE_CJK_FAMILY = f"{CJK_FAMILY} Code"
#: Code points :data:`CODE_CJK_FAMILY` serves (its ``unicode-range``): CJK radicals, symbols and punctuation,
#: kana, bopomofo, enclosed and compatibility forms, the ideographs (extensions A to I), vertical and
#: full-width forms. Latin, digits and ASCII punctuation stay with the monospace fonts after it.
CJK_UNICODE_RANGE = (
    "U+2E80-2FDF, U+2FF0-31FF, U+3200-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FE10-FE1F, U+FE30-FE4F, "
    "U+FF00-FFEF, U+20000-323AF"
)
#: Font stack of code, program output and every other code-font element of the pages.
#:
#: Chinese comes first, from :data:`CODE_CJK_FAMILY`. With the embedded font only after an installed
#: monospace font (DejaVu Sans Mono on Linux), Chromium drew such Chinese as boxes: it shapes the text as
#: soon as the installed font is there, passes over the embedded font while that is still loading, takes
#: the system's fonts (none with Chinese: boxes) and does not shape the text again once the embedded font
#: has loaded. Text whose first face is still loading is instead held back and drawn when it has loaded.
CODE_FONT_STACK = f'"{CODE_CJK_FAMILY}", menlo, consolas, "DejaVu Sans Mono", "{CJK_FAMILY}", monospace'
#: Elements whose text is set in the code font.
CODE_ELEMENTS = ("pre", "code", "kbd", "samp", "tt")

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
  --jp-code-font-family-default: @CODE_FONT_STACK@;
  --jp-code-font-family: var(--jp-code-font-family-default);
}
pre, code, kbd, samp, tt { font-family: var(--jp-code-font-family); }
/* vega-tooltip's own rule names only sans-serif, which has no Chinese where no CJK font is installed */
html #vg-tooltip-element { font-family: var(--jp-content-font-family); }
.wb-chart { margin: 0.5em 0; }
.wb-build { font-size: 85%; color: #333; background: #f4f6f8; border-left: 3px solid #4c78a8; padding: 0.4em 0.8em; }
.wb-chart-error { color: #b00020; font-weight: bold; }
</style>
{%- endblock html_head_css -%}
"""
_TEMPLATE = _TEMPLATE.replace("@CODE_FONT_STACK@", CODE_FONT_STACK)
#: Placeholder in every page's CSS replaced by the embedded CJK font (see :func:`embed_font`).
FONT_MARKER = "/*wb-font-face*/"


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
    """Put the CJK font, cut to the characters of all ``pages``, into each page as ``@font-face`` rules.

    Two faces of the same font: :data:`~workbench.fonts.CJK_FAMILY` with every character the pages
    hold (text, tables, charts), and :data:`CODE_CJK_FAMILY` with only the Chinese set in code font
    (:func:`code_font_face_css`), first in :data:`CODE_FONT_STACK`.

    Parameters
    ----------
    pages : dict
        ``{path: html}``; each page contains :data:`FONT_MARKER` once.

    Returns
    -------
    dict
        The same pages with the marker replaced by the rules from
        :func:`workbench.fonts.font_face_css` and :func:`code_font_face_css`.

    Raises
    ------
    workbench.fonts.FontError
        If no CJK font can be found.
    """
    from ..fonts import font_face_css

    css = font_face_css("".join(pages.values()))
    code = code_font_face_css("".join(code_text(page) for page in pages.values()))
    rules = f"{css}\n{code}" if code else css
    return {path: page.replace(FONT_MARKER, rules, 1) for path, page in pages.items()}


class _CodeText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in CODE_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_ELEMENTS and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def code_text(page: str) -> str:
    """The text of a page's code-font elements (:data:`CODE_ELEMENTS`), entities decoded.

    Examples
    --------
    >>> code_text("<p>正文 <code>x = '余杭区'</code></p><pre>('district', '&#19978;城区')</pre>")
    "x = '余杭区'('district', '上城区')"
    """
    parser = _CodeText()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def _ranges(unicode_range: str) -> tuple[tuple[int, int], ...]:
    """``(first, last)`` code points of each part of a CSS ``unicode-range`` such as ``"U+4E00-9FFF, U+3000"``."""
    parts = (part.strip().removeprefix("U+").partition("-") for part in unicode_range.split(","))
    return tuple((int(low, 16), int(high or low, 16)) for low, _, high in parts)


_CJK_RANGES = _ranges(CJK_UNICODE_RANGE)


def _is_cjk(char: str) -> bool:
    """Whether ``char`` is in :data:`CJK_UNICODE_RANGE`."""
    return any(low <= ord(char) <= high for low, high in _CJK_RANGES)


def code_font_face_css(text: str) -> str:
    """``@font-face`` of :data:`CODE_CJK_FAMILY`: the CJK font cut to the Chinese of ``text``, for code.

    Its ``unicode-range`` is :data:`CJK_UNICODE_RANGE`, so in :data:`CODE_FONT_STACK` it draws only
    Chinese and Latin code stays in the monospace fonts after it.

    Parameters
    ----------
    text : str
        The text set in code font, e.g. :func:`code_text` of every page.

    Returns
    -------
    str
        The rule, or ``""`` when ``text`` holds no character of :data:`CJK_UNICODE_RANGE`.

    Raises
    ------
    workbench.fonts.FontError
        If no CJK font can be found.

    Examples
    --------
    >>> code_font_face_css("print('no Chinese')")
    ''
    >>> css = code_font_face_css("('district', '余杭区')")
    >>> css.startswith('@font-face { font-family: "Noto Sans CJK SC Code"; unicode-range: U+2E80-2FDF,')
    True
    """
    from ..fonts import font_face_css

    chars = "".join(sorted(c for c in set(text) if _is_cjk(c)))
    if not chars:
        return ""
    css = font_face_css(chars)
    family = f'font-family: "{CJK_FAMILY}";'
    if family not in css:
        msg = (f"code_font_face_css: expected workbench.fonts.font_face_css to return a rule with `{family}`, "
               f"found {css[:60]!r}; fix the family name this function replaces")
        raise ValueError(msg)
    return css.replace(family, f'font-family: "{CODE_CJK_FAMILY}"; unicode-range: {CJK_UNICODE_RANGE};', 1)


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


def codebook_html(book, *, provenance: dict) -> str:
    """The ``codebook.html`` page: every column of every table ``workbench export`` writes, and the provenance.

    Parameters
    ----------
    book : polars.DataFrame
        :func:`workbench.exports.codebook_of_exports`.
    provenance : dict
        :func:`workbench.exports.provenance` of the corpus the reports describe.

    Returns
    -------
    str
        A complete HTML page (tables drawn with :func:`workbench.tables.table`).
    """
    import polars as pl

    from ..tables import table

    e = html.escape
    parts = []
    for (name,), part in book.group_by("table", maintain_order=True):
        t = table(
            part.select("column", "type", "meaning", "unit", "computed"),
            title=name,
            subtitle=part["description"][0] or None,
            labels={"column": "Column", "type": "Type", "meaning": "Meaning", "unit": "Unit", "computed": "How computed"},
            scroll_rows=10_000,
        )
        parts.append(f'<section id="{e(name)}">{t.as_html()}</section>')
    files = pl.DataFrame(provenance.get("files") or [], schema={"source_file": pl.String, "sha256": pl.String, "used": pl.Boolean})
    files_table = table(files, title="Source files", labels={"source_file": "File", "sha256": "SHA-256", "used": "Loaded"}).as_html()
    facts = "".join(
        f"<li><strong>{e(k)}</strong>: {e(str(v))}</li>"
        for k, v in provenance.items()
        if k in ("source", "built", "workbench", "cache_key", "python")
    )
    toc = " · ".join(f'<a href="#{e(n)}">{e(n)}</a>' for n in book["table"].unique(maintain_order=True))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Codebook of the exported tables</title>
<style>
  {FONT_MARKER}
  body {{ font-family: "Noto Sans CJK SC", system-ui, -apple-system, "Segoe UI", helvetica, arial, sans-serif; max-width: 72em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
  section {{ margin: 2em 0; }}
  pre, code, kbd, samp, tt {{ font-family: {CODE_FONT_STACK}; font-size: 0.875em; }}
</style>
</head>
<body>
<h1>Codebook of the exported tables</h1>
<p><code>workbench export</code> (or <code>wb.export()</code>) writes these tables as CSV (UTF-8 with BOM), Excel,
Stata 118, Parquet and a document-feature matrix, each export with this codebook as <code>codebook.md</code>
and <code>codebook.json</code> (see docs/exports.md). Tables: {toc}</p>
<h2>Provenance of the corpus these reports describe</h2>
<ul>{facts}</ul>
{files_table}
{"".join(parts)}
</body>
</html>
"""


def index_html(
    built: list[Built],
    *,
    corpus_text: str,
    corpus_rows: list[dict],
    source: str,
    built_at: dt.datetime,
    out: Path,
    problems: list[dict] | None = None,
    codebook: str | None = None,
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
    codebook : str, optional
        Relative link to the codebook page, listed under "Data".

    Returns
    -------
    str
        A complete HTML page with no external references.
    """
    e = html.escape
    data = (
        f'<h2>Data</h2>\n<p><a href="{e(codebook)}">Codebook of the exported tables</a> '
        "(every column: type, meaning, unit, how computed; and the provenance). "
        "<code>workbench export</code> writes the tables as CSV, Excel, Stata, Parquet and a document-feature matrix for R.</p>"
        if codebook
        else ""
    )
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
  pre, code, kbd, samp, tt {{ font-family: {CODE_FONT_STACK}; font-size: 0.875em; }}
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
{data}
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
