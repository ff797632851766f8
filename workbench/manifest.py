"""``data/manifest.csv``: metadata corrections keyed by file name, read strictly.

A researcher corrects or supplies a report's metadata with one row per file::

    source_file,district,year,publish_date
    002_7456ba8b65555133.txt,上城区,2021,2022-03-31

:func:`read_manifest` parses it with :mod:`csv` in strict mode. Anything that
would silently change which cell holds what (an unbalanced quote that swallows
the next row, a row with more or fewer cells than the header, a cell spanning
lines), an unknown or repeated column, a bad value or a file that is not UTF-8
raises :class:`ManifestError` naming the line and column. Rows that match no
report and repeated rows for one file are not errors: :meth:`Manifest.warnings`
lists them and :func:`workbench.load_corpus` puts them in ``problems``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from .schemas import LEVELS, METADATA_FIELDS

#: Citation fields only a manifest gives (the text does not say where a report was found):
#: ``documents`` columns, null where not given; ``url`` needs a scheme, ``accessed`` is YYYY-MM-DD.
CITATION_FIELDS: tuple[str, ...] = ("url", "accessed", "note")

#: The columns a manifest may have besides ``source_file`` (the one place to add a column).
#: Every metadata field of ``documents`` (``schemas.METADATA_FIELDS``) and the citation fields.
COLUMNS: tuple[str, ...] = (*METADATA_FIELDS, *CITATION_FIELDS)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ManifestError(ValueError):
    """``data/manifest.csv`` is malformed; the message names the line and column and says how to fix it."""


class Manifest(dict):
    """The manifest's rows: file name → {column: value} (empty cells left out), and where each row was.

    A ``dict``, so ``manifest.get(name, {})`` is a file's corrections.

    Attributes
    ----------
    path : Path
        The manifest file.
    lines : dict[str, int]
        Line of each file's row.
    duplicates : list[tuple[str, int, int]]
        (file name, line used, line ignored) for each repeated row.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.lines: dict[str, int] = {}
        self.duplicates: list[tuple[str, int, int]] = []

    def warnings(self, names: set[str] | list[str]) -> list[str]:
        """Messages for repeated rows and for rows naming no file in ``names`` (the source folder's files).

        Examples
        --------
        >>> m = Manifest(Path("manifest.csv"))
        >>> m["a.txt"], m.lines["a.txt"] = {"year": 2021}, 2
        >>> m.warnings(["b.txt"])
        ["manifest.csv line 2: source_file 'a.txt' matches no file in the source folder; correct the name or delete the row."]
        """
        names = set(names)
        out = [
            f"{self.path.name} line {ignored}: a second row for '{name}' (the first is line {used}); "
            f"line {ignored} is ignored; merge the two rows."
            for name, used, ignored in self.duplicates
        ]
        out += [
            f"{self.path.name} line {line}: source_file '{name}' matches no file in the source folder; "
            "correct the name or delete the row."
            for name, line in self.lines.items()
            if name not in names
        ]
        return out


def read_manifest(path: Path) -> Manifest:
    """Read ``data/manifest.csv``: one row per file, columns ``source_file`` and any of :data:`COLUMNS`.

    Empty cells do not override. ``year`` must be four ASCII digits,
    ``publish_date`` and ``accessed`` ISO dates (YYYY-MM-DD), ``url`` an
    address with a scheme (``https://…``); ``note`` is free text. A missing
    file is an empty manifest.

    Returns
    -------
    Manifest
        file name → {column: value}; ``year`` as int, ``publish_date`` as
        ``datetime.date``, the rest as stripped strings.

    Raises
    ------
    ManifestError
        The path is a folder or unreadable; the file is not UTF-8; the CSV is
        malformed (unbalanced quote, wrong number of cells, a cell spanning
        lines); a column is unknown, repeated or missing (``source_file``); a
        year or date is malformed; a row has no ``source_file``. The message
        names the line and column.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> p = Path(folder.name) / "manifest.csv"
    >>> _ = p.write_text("source_file,district,year\\n002_7456ba8b65555133.txt,上城区,2021\\n", encoding="utf-8")
    >>> read_manifest(p)
    {'002_7456ba8b65555133.txt': {'district': '上城区', 'year': 2021}}
    >>> _ = p.write_text('source_file,district\\na.txt,"上城区\\nb.txt,余杭区\\n', encoding="utf-8")
    >>> read_manifest(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    workbench.manifest.ManifestError: manifest.csv line 2, column 2: a quoted cell is never closed ...
    >>> folder.cleanup()
    """
    out = Manifest(path)
    if not path.exists() and not path.is_symlink():
        return out
    name = path.name
    if path.is_dir():
        msg = f"{path}: is a folder; expected a CSV file (or no manifest at all). Move the folder away."
        raise ManifestError(msg)
    try:
        data = path.read_bytes()
    except OSError as err:
        msg = f"{path}: cannot be read ({err.__class__.__name__}: {err.strerror or err}); check its permissions."
        raise ManifestError(msg) from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        msg = (
            f"{name} line {line}, byte {column} of the line: not UTF-8 ({err.reason}); "
            "save the manifest as UTF-8 (in Excel: CSV UTF-8)."
        )
        raise ManifestError(msg) from err
    lines = re.split(r"\r\n|\r|\n", text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise _csv_error(name, 1, lines, err) from err
    if header is None:
        return out
    header = [c.strip() for c in header]
    if "source_file" not in header:
        msg = f"{name} line 1: expected a 'source_file' column, found {header}; add it as the first column."
        raise ManifestError(msg)
    unknown = [c for c in header if c != "source_file" and c not in COLUMNS]
    if unknown:
        msg = f"{name} line 1: unknown columns {unknown}; allowed: source_file, {', '.join(COLUMNS)}. Rename or delete them."
        raise ManifestError(msg)
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        msg = f"{name} line 1: columns {repeated} appear more than once; keep one of each."
        raise ManifestError(msg)
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise _csv_error(name, start, lines, err) from err
        lineno, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if reader.line_num != lineno:
            col = next(i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell)
            msg = (
                f"{name} line {lineno}, column {col + 1} ({_label(header, col)}): the cell runs on to line "
                f"{reader.line_num} (an unbalanced quote?); close the quote or remove the line break."
            )
            raise ManifestError(msg)
        stray = _quote_cell(lines[lineno - 1]) if lineno <= len(lines) else None
        if stray is not None:
            msg = (
                f"{name} line {lineno}, column {stray + 1} ({_label(header, stray)}): a \" inside a cell that is not "
                "quoted; quote the whole cell and double the inner quote (\"like \"\"this\"\"\")."
            )
            raise ManifestError(msg)
        if len(row) != len(header):
            msg = (
                f"{name} line {lineno}: {len(row)} cells, expected {len(header)} ({', '.join(header)}); "
                "a comma inside a value needs the value in double quotes."
            )
            raise ManifestError(msg)
        cells = dict(zip(header, row))
        source = cells["source_file"].strip()
        if not source:
            msg = f"{name} line {lineno}, column {header.index('source_file') + 1} (source_file): empty source_file; fill it in or delete the row."
            raise ManifestError(msg)
        values: dict[str, object] = {}
        for key in COLUMNS:
            raw = (cells.get(key) or "").strip()
            if raw:
                values[key] = _value(key, raw, f"{name} line {lineno}, column {header.index(key) + 1} ({key})")
        if source in out:
            out.duplicates.append((source, out.lines[source], lineno))
            continue
        out[source] = values
        out.lines[source] = lineno
    return out


def _value(key: str, raw: str, where: str) -> object:
    """A cell's value: ``year`` as int, ``publish_date`` as date, ``level`` one of the gazetteer's levels, others as text."""
    if key == "level":
        if raw not in LEVELS:
            msg = f"{where}: level '{raw}' is not one of {', '.join(LEVELS)}"
            raise ManifestError(msg)
        return raw
    if key == "year":
        if not _YEAR.fullmatch(raw):
            msg = f"{where}: year '{raw}' is not a whole number of four digits (0-9), e.g. 2021"
            raise ManifestError(msg)
        return int(raw)
    if key in ("publish_date", "accessed"):
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            msg = f"{where}: {key} '{raw}' is not YYYY-MM-DD, e.g. 2022-03-31"
            raise ManifestError(msg) from None
    if key == "url" and not _URL.match(raw):
        msg = f"{where}: url '{raw}' is not an address with a scheme, e.g. https://www.example.gov.cn/…"
        raise ManifestError(msg)
    return raw


def _label(header: list[str], col: int) -> str:
    return header[col] if col < len(header) else "beyond the header"


def _csv_error(name: str, lineno: int, lines: list[str], err: csv.Error) -> ManifestError:
    """A ManifestError for a csv.Error met at ``lineno``, with the column of the offending quote when it can be found."""
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    col = _quote_cell(line)
    where = f"{name} line {lineno}" + (f", column {col + 1}" if col is not None else "")
    text = str(err)
    if "unexpected end of data" in text or "EOF" in text:
        what = "a quoted cell is never closed (an unbalanced \" swallows the lines after it)"
    else:
        what = f"malformed CSV ({text})"
    return ManifestError(f"{where}: {what}; put a \" at each end of the cell, or remove the stray one.")


def _quote_cell(line: str) -> int | None:
    """Index of the cell holding the first quote that does not open and close a whole cell, if any.

    Examples
    --------
    >>> _quote_cell('a.txt,"上城区,2021')
    1
    >>> _quote_cell('a.txt,上"城区,2021')
    1
    """
    cell, quoted, at_start, i = 0, False, True, 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1
                elif line[i + 1 : i + 2] in ("", ","):
                    quoted = False
                else:
                    return cell
        elif ch == ",":
            cell, at_start = cell + 1, True
            i += 1
            continue
        elif ch == '"':
            if not at_start:
                return cell
            quoted = True
        at_start = False
        i += 1
    return cell if quoted else None
