"""Turn one raw file into plain text: decoding, HTML and .docx extraction, script conversion.

This is the only module that opens files in ``data/raw``; it opens them
read-only. Anything it cannot read raises :class:`ReadError`, whose message
names the file and says what is wrong and how to fix it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES

_CJK = re.compile(r"[\u4e00-\u9fff]")


class ReadError(ValueError):
    """A raw file could not be turned into text. ``str(err)`` names the file."""


@dataclass
class RawText:
    """Text of one raw file and what was done to get it."""

    source_file: str
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def supported(path: Path) -> bool:
    """Return True if the file's extension is one the reader knows."""
    return path.suffix.lower() in SUFFIXES


def read_raw(path: str | Path) -> RawText:
    """Read one report file into plain text with ``\\n`` line ends, in simplified script.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK, or any
        encoding charset-normalizer recognises), ``.html``/``.htm`` or ``.docx`` file.

    Returns
    -------
    RawText
        ``text`` with CRLF/CR turned into LF and traditional characters
        converted to simplified (OpenCC ``t2s``); ``notes`` say what was converted.

    Raises
    ------
    ReadError
        Empty file, binary file, unknown extension, undecodable text, broken .docx.

    Examples
    --------
    >>> raw = read_raw("data/raw/002_7456ba8b65555133.txt")  # doctest: +SKIP
    >>> raw.encoding
    'utf-8'
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        msg = (
            f"{name}: unknown file type '{suffix or '(none)'}'; expected one of "
            f"{', '.join(sorted(SUFFIXES))}. Convert it (e.g. .doc → .docx, .pdf → .txt) "
            "or move it out of the corpus folder."
        )
        raise ReadError(msg)
    data = path.read_bytes()
    if not data.strip():
        msg = f"{name}: the file is empty ({len(data)} bytes); re-download or remove it."
        raise ReadError(msg)

    notes: list[str] = []
    if suffix in DOCX_SUFFIXES:
        text, encoding = _docx_text(data, name), "docx"
    else:
        text, encoding = _decode(data, name)
        if encoding not in ("utf-8", "ascii"):
            notes.append(f"decoded as {encoding}")
        if suffix in HTML_SUFFIXES or _looks_like_html(text):
            text = _html_text(text)
            encoding = f"{encoding}+html"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified = _t2s(text)
    if simplified != text:
        changed = sum(a != b for a, b in zip(text, simplified))
        notes.append(f"converted {changed} traditional characters to simplified")
        text = simplified
    if not _CJK.search(text):
        msg = f"{name}: no Chinese text found after reading it as {encoding}; is it the right file?"
        raise ReadError(msg)
    return RawText(source_file=name, text=text, encoding=encoding, notes=notes)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then GB18030, then charset-normalizer."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = (
            f"{name}: looks like a binary file (NUL bytes), not text; "
            "if it is a Word or PDF file, give it the right extension or convert it to .txt."
        )
        raise ReadError(msg)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_text(text):
        return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _mostly_text(str(best)):
        return str(best), best.encoding
    msg = (
        f"{name}: cannot decode the file as text (tried UTF-8, GB18030 and "
        "charset-normalizer's guess); it may be binary or damaged."
    )
    raise ReadError(msg)


def _mostly_text(text: str) -> bool:
    """True when few characters are controls or private-use (a binary file decoded by luck)."""
    if not text:
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(text) < 0.01 and bool(_CJK.search(text))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def _html_text(html: str) -> str:
    """Visible text of an HTML page, one block per line (inscriptis keeps the layout)."""
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    html = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>", "", html)
    return get_text(html, ParserConfig(display_links=False, display_images=False))


def _docx_text(data: bytes, name: str) -> str:
    """Paragraph texts of a .docx, one per line; tables row by row."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        msg = f"{name}: not a valid .docx file ({err.__class__.__name__}: {err}); re-save it from Word."
        raise ReadError(msg) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row.iterchildren()
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append(" | ".join(cells))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    """Traditional → simplified (identity on simplified text; checked on the seeds)."""
    return _converter().convert(text)
