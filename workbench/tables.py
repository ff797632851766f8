"""Tables for people: one helper that turns a result frame into a table for a report or a paper.

:func:`table` formats a polars frame for a reader — column labels from the
codebook (:mod:`workbench.codebook`), thousands separators, p-values as
``< 0.001``, fixed decimals per column, a title and a source note — and lays it
out with great_tables (``great_tables.GT``, what polars' ``DataFrame.style``
returns). The result shows itself in a notebook (HTML, and a plain-text form
for the stored outputs), and writes LaTeX (booktabs) and a standalone HTML
page that Word opens. Every row is always in the table: a long one is drawn in
a scrollable box, never cut.

Frames stay raw for analysis; only what a person reads goes through here.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl
from great_tables import GT

from . import codebook
from . import labels as _labels

__all__ = ["Table", "format_frame", "table"]

#: Tables with more rows than this are drawn in a scrollable box (all rows are still in it).
SCROLL_ROWS = 25
#: Height of the scrollable box.
SCROLL_HEIGHT = "34em"
#: Shown for a missing value.
MISSING = "—"
#: p-values below this are shown as "< 0.001".
P_FLOOR = 0.001
#: Default decimals of a float column the codebook says nothing about.
DECIMALS = 2
#: Columns of place names, written in pinyin by ``table(..., lang="en")``.
PLACE_COLUMNS: tuple[str, ...] = ("district", "city", "province", "group", "group_a", "group_b", "place_year")

_FONT = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]


def _is_p(column: str, table: str | None) -> bool:
    found = codebook.entry(table or "", column)
    return column in ("p", "p_value") or (found is not None and found.unit == "probability")


Decimals = int | Literal["auto"] | Mapping[str, int | Literal["auto"]] | None


def _decimals(column: str, table: str | None, decimals: Decimals) -> int | None:
    """Decimals of a float column; None: as few as the value needs (at most 4)."""
    given = decimals.get(column) if isinstance(decimals, Mapping) else decimals
    if given is not None:
        return None if given == "auto" else int(given)
    found = codebook.entry(table or "", column)
    if found is not None and found.decimals is not None:
        return found.decimals
    return None if column == "value" else DECIMALS


def _number(x: float, decimals: int | None) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if decimals is None:
        # as few decimals as the value needs, at most 4 (figures quoted from reports: 167, 53.38, 5.87)
        text = f"{x:,.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:,.{decimals}f}"
    return text.replace("-", "−", 1) if text.startswith("-") else text


def _p(x: float) -> str:
    return f"< {P_FLOOR:g}" if x < P_FLOOR else f"{x:.3f}"


def _plain_int(column: str, table: str | None, plain: Sequence[str]) -> bool:
    if column in plain:
        return True
    found = codebook.entry(table or "", column)
    return bool(found and found.plain) or column.endswith("_id") or column == "year"


def format_frame(
    df: pl.DataFrame,
    *,
    table: str | None = None,
    decimals: Decimals = None,
    plain: Sequence[str] = (),
) -> pl.DataFrame:
    """Every cell of ``df`` as the text a reader sees (all columns String).

    Integers get thousands separators (except identifiers, years, ranks and
    offsets), floats fixed decimals (``decimals``, else the codebook's, else
    :data:`DECIMALS`; ``"auto"`` and the indicator ``value``: as few as the
    value needs, at most 4, as figures are quoted from reports), p-values
    ``< 0.001`` or three decimals, lists joined by 、, booleans yes/no, dates
    ISO, missing values :data:`MISSING`.

    Parameters
    ----------
    df : polars.DataFrame
    table : str, optional
        Codebook table the frame comes from (for per-column decimals).
    decimals : int, "auto" or mapping of column to int or "auto", optional
        Decimals of float columns; overrides the codebook.
    plain : sequence of str, default ()
        Integer columns shown without separators, besides the codebook's.

    Examples
    --------
    >>> df = pl.DataFrame({"term": ["法治"], "n_target": [12345], "p": [0.00002], "log_ratio": [1.23456], "year": [2024]})
    >>> format_frame(df).row(0)
    ('法治', '12,345', '< 0.001', '1.23', '2024')
    """
    out = {}
    for column, dtype in df.schema.items():
        values = df[column].to_list()
        if dtype.is_integer():
            sep = not _plain_int(column, table, plain)
            cells = [MISSING if v is None else (f"{v:,}" if sep else str(v)).replace("-", "−") for v in values]
        elif dtype.is_float():
            if _is_p(column, table):
                cells = [MISSING if v is None else _p(v) for v in values]
            else:
                d = _decimals(column, table, decimals)
                cells = [MISSING if v is None else _number(v, d) for v in values]
        elif dtype == pl.Boolean:
            cells = [MISSING if v is None else ("yes" if v else "no") for v in values]
        elif isinstance(dtype, (pl.List, pl.Array)):
            cells = [MISSING if v is None else "、".join(str(x) for x in v) for v in values]
        elif isinstance(dtype, (pl.Date, pl.Datetime)):
            cells = [MISSING if v is None else v.isoformat() for v in values]
        else:
            cells = [MISSING if v is None else str(v) for v in values]
        out[column] = cells
    return pl.DataFrame(out, schema=dict.fromkeys(df.columns, pl.String))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


@dataclass
class Table:
    """A formatted table: shows itself in a notebook and writes HTML and LaTeX.

    Attributes
    ----------
    gt : great_tables.GT
        The great_tables object, to style further (``t.gt.tab_style(...)``).
    frame : polars.DataFrame
        The cells as shown (all String), column names as in the source frame.
    labels : dict of str to str
        Column heading of each column.
    title, subtitle, source : str or None
    """

    gt: GT
    frame: pl.DataFrame
    labels: dict[str, str]
    numeric: list[str]
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None

    def as_html(self, *, page: bool = False) -> str:
        """The table as HTML: a fragment, or with ``page=True`` a standalone UTF-8 page (CSS inlined, for Word)."""
        if not page:
            return self.gt.as_raw_html()
        body = self.gt.as_raw_html(inline_css=True)
        name = html.escape(self.title or "Table")
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{name}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def as_latex(self, *, longtable: bool | None = None) -> str:
        """The table as a LaTeX fragment with booktabs rules (``\\toprule``, ``\\midrule``, ``\\bottomrule``).

        ``longtable`` (default: when the table is long) lets it break across
        pages. Chinese text needs ``xeCJK`` (XeLaTeX) or ``ctex`` in the preamble.
        """
        long = self.frame.height > SCROLL_ROWS if longtable is None else longtable
        return self.gt.as_latex(use_longtable=long)

    def as_text(self) -> str:
        """The table as aligned plain text (what a notebook stores as ``text/plain``)."""
        heads = [self.labels[c] for c in self.frame.columns]
        widths = [
            max([_width(h)] + [_width(v) for v in self.frame[c].to_list()]) for h, c in zip(heads, self.frame.columns)
        ]
        right = [c in self.numeric for c in self.frame.columns]
        lines = [x for x in (self.title, self.subtitle) if x]
        lines.append("  ".join(_pad(h, w, r) for h, w, r in zip(heads, widths, right)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        for row in self.frame.iter_rows():
            lines.append("  ".join(_pad(v, w, r) for v, w, r in zip(row, widths, right)).rstrip())
        if self.source:
            lines.append(self.source)
        return "\n".join(lines)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the table to ``path``: ``.html`` a standalone page (Word opens it), ``.tex`` LaTeX.

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        ValueError
            ``path`` ends in neither ``.html``/``.htm`` nor ``.tex``.
        """
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in (".html", ".htm"):
            text = self.as_html(page=True)
        elif suffix == ".tex":
            text = self.as_latex()
        else:
            msg = f"Table.save: {p.name!r} should end in .html (a page Word opens) or .tex (LaTeX); got {p.suffix!r}"
            raise ValueError(msg)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        return p

    def _repr_html_(self) -> str:
        return self.as_html()

    def __repr__(self) -> str:
        return self.as_text()


def table(
    df: pl.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    labels: Mapping[str, str] | None = None,
    decimals: Decimals = None,
    plain: Sequence[str] = (),
    codebook_table: str | None = None,
    scroll_rows: int = SCROLL_ROWS,
    lang: _labels.Lang = "zh",
) -> Table:
    """A table for a reader: labelled columns, formatted numbers, title and source note, every row.

    Parameters
    ----------
    df : polars.DataFrame
        The finished result to show (select and sort first).
    title, subtitle : str, optional
        Heading above the table.
    source : str, optional
        Source note below the table, e.g. ``"Source: 5 annual reports, data/raw"``.
    labels : mapping of column to str, optional
        Column headings; the others come from the codebook
        (:func:`workbench.codebook.label`: ``n_mentions`` → "Mentions").
    decimals : int, "auto" or mapping of column to int or "auto", optional
        Decimals of float columns (see :func:`format_frame`).
    plain : sequence of str, default ()
        Integer columns shown without thousands separators.
    codebook_table : str, optional
        Table of the codebook whose entries apply (``"sections"`` for
        ``text`` of a section …); default the shared entries.
    scroll_rows : int, default :data:`SCROLL_ROWS`
        More rows than this are shown in a scrollable box (all are there).
    lang : {"zh", "en"}, default "zh"
        ``"en"`` writes the place names of :data:`PLACE_COLUMNS` in pinyin
        (:func:`workbench.labels.place_en`); other values are shown as they are.

    Returns
    -------
    Table
        Displays as HTML in a notebook; ``.as_latex()``, ``.as_html(page=True)``,
        ``.save("t.html" | "t.tex")``.

    Raises
    ------
    ValueError
        ``labels`` names a column ``df`` does not have.

    Examples
    --------
    >>> df = pl.DataFrame({"district": ["上城区", "余杭区"], "n_mentions": [1234, 5], "p": [0.0001, 0.25]})
    >>> print(table(df, title="Mentions", source="Source: seeds"))
    Mentions
    District  Mentions        p
    --------  --------  -------
    上城区       1,234  < 0.001
    余杭区           5    0.250
    Source: seeds
    """
    heads_given = dict(labels or {})
    unknown = [c for c in heads_given if c not in df.columns]
    if unknown:
        msg = f"table: labels name columns {unknown} that the frame does not have; its columns: {df.columns}"
        raise ValueError(msg)
    _labels.check_lang(lang, "table")
    df = _labels.translate(df, [c for c in PLACE_COLUMNS if c in df.columns and df.schema[c] == pl.String], lang)
    heads = {
        c: heads_given.get(c)
        or (_labels.place_en(c) if lang == "en" and _labels.has_cjk(c) else codebook.label(c, codebook_table))
        for c in df.columns
    }
    cells = format_frame(df, table=codebook_table, decimals=decimals, plain=plain)
    numeric = [c for c, t in df.schema.items() if t.is_numeric()]
    digest = hashlib.sha1(
        "\x1f".join([title or "", subtitle or "", source or "", *heads.values()]).encode()
        + cells.write_csv().encode()
    ).hexdigest()[:12]
    gt = GT(cells, id=f"wb{digest}").cols_label(**heads)
    if numeric:
        gt = gt.cols_align("right", columns=numeric)
    if title or subtitle:
        gt = gt.tab_header(title=title or "", subtitle=subtitle)
    if source:
        gt = gt.tab_source_note(source)
    options: dict[str, object] = {"table_font_names": _FONT, "table_font_size": "14px", "container_overflow_x": "auto"}
    if df.height > scroll_rows:
        options.update(container_height=SCROLL_HEIGHT, container_overflow_y="auto")
    gt = gt.tab_options(**options)
    return Table(gt=gt, frame=cells, labels=heads, numeric=numeric, title=title, subtitle=subtitle, source=source)

