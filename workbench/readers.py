"""Turn one raw file into plain text: decoding, HTML and .docx extraction, script conversion.

This is the only module that opens files in ``data/raw``; it opens them
read-only. :func:`scan` lists a source folder (which entries are report
files, and why every other entry is skipped); :func:`read_raw` reads one
file. Anything it cannot read raises :class:`ReadError`, whose message names
the file and says what is wrong and how to fix it; no other exception leaves
:func:`read_raw` for a damaged or hostile file.

Files are read within :class:`Limits` (size of the file, uncompressed size of
a ``.docx``'s XML, nesting depth of HTML and XML); a file past them is a
:class:`ReadError`. ``.docx`` parts are checked before python-docx parses
them: no DTD or entity declarations, no encryption, only stored or deflated
members.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
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


@dataclass(frozen=True)
class Limits:
    """What a single raw file may cost to read; a file past a limit is a :class:`ReadError`.

    Attributes
    ----------
    max_file_bytes : int
        Size of any raw file on disk (default 64 MiB; reports are 10-100 KB).
    max_docx_xml_bytes : int
        Uncompressed size of the XML parts of a ``.docx`` together (default
        128 MiB): a small file that expands to gigabytes is refused before it
        is expanded.
    max_depth : int
        Element nesting of an HTML page or a ``.docx`` XML part (default 1,000;
        saved pages nest 20-40 deep). The HTML parser itself stops at 2,048.

    Examples
    --------
    Loosen a limit for one load (the default is :data:`LIMITS`):

    >>> import workbench as wb
    >>> wb.readers.LIMITS = wb.readers.Limits(max_file_bytes=256 * 2**20)  # doctest: +SKIP
    """

    max_file_bytes: int = 64 * 2**20
    max_docx_xml_bytes: int = 128 * 2**20
    max_depth: int = 1000


#: The limits :func:`read_raw` and :func:`workbench.load_corpus` use; replace it to change them.
LIMITS = Limits()

#: libxml2's own nesting limit for HTML with ``huge_tree`` (text deeper than this is lost by the parser).
_PARSER_DEPTH = 2048

#: Elements deeper than this are unwrapped (their text kept) before inscriptis walks the page recursively.
_FLATTEN_DEPTH = 100


@dataclass(frozen=True)
class Skipped:
    """An entry of a source folder that is not read, and why (a problem row)."""

    source_file: str
    severity: str
    message: str


@dataclass(frozen=True)
class Scan:
    """What :func:`scan` found: the files to read (sorted by name) and the entries skipped."""

    files: list[Path]
    skipped: list[Skipped]


def display_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 are shown as ``\\xNN``.

    Examples
    --------
    >>> display_name(os.fsdecode(b"report_\\xb1\\xa8.txt"))
    'report_\\\\xb1\\\\xa8.txt'
    """
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def scan(folder: Path) -> Scan:
    """List the files of a source folder to read, and every other entry with the reason it is skipped.

    Regular files (and symbolic links to regular files inside the folder) are
    read, whatever their extension (:func:`read_raw` refuses unknown ones).
    Skipped, each with a problem row: hidden entries (``.name``, info),
    sub-folders (info), symbolic links that are broken or lead out of the
    folder (warning), FIFOs, sockets and devices (warning; never opened), and
    names that are not valid UTF-8 (error: rename the file).

    Examples
    --------
    >>> found = scan(Path("data/raw"))  # from the project folder
    >>> [p.name for p in found.files][:2], found.skipped
    (['000_270b53498ad70ad4.txt', '001_cb0d57f057b2aa38.txt'], [])
    """
    root = folder.resolve()
    files: list[Path] = []
    skipped: list[Skipped] = []
    for entry in sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name)):
        shown = display_name(entry.name)
        path = Path(entry.path)

        def skip(severity: str, what: str, *, shown: str = shown) -> None:
            skipped.append(Skipped(shown, severity, f"{shown}: {what}"))

        if shown != entry.name:
            skip("error", "the file name is not valid UTF-8 (shown with \\x escapes); rename the file. Not loaded.")
            continue
        if entry.name.startswith("."):
            skip("info", "hidden entry (name starts with '.'); skipped.")
            continue
        try:
            if entry.is_file(follow_symlinks=False):  # the common case, from the directory listing alone
                files.append(path)
                continue
            if entry.is_symlink():
                target = path.resolve()
                if not target.exists():
                    skip("warning", f"a symbolic link to '{os.readlink(path)}', which does not exist; skipped. Copy the report into the folder.")
                    continue
                if not target.is_relative_to(root):
                    skip("warning", f"a symbolic link to '{target}', outside the source folder; not followed. Copy the report into the folder.")
                    continue
            mode = path.stat().st_mode
        except (OSError, RuntimeError) as err:  # RuntimeError: a symlink loop on older Pythons
            skip("warning", f"cannot be examined ({err.__class__.__name__}: {err}); skipped.")
            continue
        if stat.S_ISDIR(mode):
            skip("info", "a folder, not a file; skipped (reports in sub-folders are not read).")
        elif not stat.S_ISREG(mode):
            skip("warning", "not a regular file (a FIFO, socket or device); skipped without opening it.")
        else:
            files.append(path)
    return Scan(files, skipped)


def file_digest(path: Path, limits: Limits | None = None) -> str:
    """SHA-256 of a file's bytes; for a file that cannot be read or is past the size limit, a stand-in.

    The stand-in (``unreadable:…``, ``too-large:…``) still changes when the
    file changes its size or time, so a cache key built from it stays honest;
    :func:`read_raw` gives the error row for the file.
    """
    limits = limits or LIMITS
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size > limits.max_file_bytes:
                return f"too-large:{st.st_size}:{st.st_mtime_ns}"
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError as err:
        return f"unreadable:{err.errno}:{err.__class__.__name__}"


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


def read_raw(path: str | Path, *, limits: Limits | None = None) -> RawText:
    """Read one report file into plain text with ``\\n`` line ends, in simplified script.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK, or any
        encoding charset-normalizer recognises), ``.html``/``.htm`` or ``.docx`` file.
        A ``.txt`` whose first non-blank characters open an HTML document
        (``<!DOCTYPE html`` or ``<html``) is read as HTML, with a note.
    limits : Limits, optional
        Size and depth limits; default :data:`LIMITS`.

    Returns
    -------
    RawText
        ``text`` with CRLF/CR turned into LF and, when it is written in
        traditional script, converted to simplified (OpenCC ``t2s``;
        :func:`to_simplified`); ``notes`` say what was converted.

    Raises
    ------
    ReadError
        Empty, binary, unreadable or too large file, unknown extension,
        undecodable text, broken, encrypted or oversized .docx, HTML nested
        past the depth limit. Chained to the underlying error where there is one.

    Examples
    --------
    >>> raw = read_raw("data/raw/002_7456ba8b65555133.txt")  # from the project folder
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
    limits = limits or LIMITS
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            msg = (
                f"{name}: the file is {size:,} bytes, past the limit of "
                f"{limits.max_file_bytes:,} bytes (workbench.readers.Limits.max_file_bytes); "
                "check that it is a report, or raise the limit."
            )
            raise ReadError(msg)
        data = path.read_bytes()
    except OSError as err:
        msg = f"{name}: cannot be read ({err.__class__.__name__}: {err.strerror or err}); check that the file is readable."
        raise ReadError(msg) from err
    if not data.strip():
        msg = f"{name}: the file is empty ({len(data)} bytes); re-download or remove it."
        raise ReadError(msg)

    notes: list[str] = []
    if suffix in DOCX_SUFFIXES:
        text, encoding = _docx_text(data, name, limits), "docx"
    else:
        text, encoding = _decode(data, name, notes)
        if encoding not in ("utf-8", "ascii"):
            notes.append(f"decoded as {encoding}")
        is_html = suffix in HTML_SUFFIXES
        if not is_html and _looks_like_html(text):
            is_html = True
            notes.append("the text is an HTML document (it starts with <!DOCTYPE html> or <html>); read as HTML")
        if is_html:
            text = _html_text(text, name, limits, notes)
            encoding = f"{encoding}+html"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified = to_simplified(text)
    if simplified != text:
        changed = sum(a != b for a, b in zip(text, simplified))
        notes.append(f"converted {changed} traditional characters to simplified")
        text = simplified
    if not _CJK.search(text):
        msg = f"{name}: no Chinese text found after reading it as {encoding}; is it the right file?"
        raise ReadError(msg)
    return RawText(source_file=name, text=text, encoding=encoding, notes=notes)


def _decode(data: bytes, name: str, notes: list[str]) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then GB18030, then charset-normalizer.

    A UTF-8 byte-order mark before bytes that are not UTF-8 (an editor that
    added it to a GBK file) is dropped with a note and the rest decoded as
    any file without one.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = (
            f"{name}: looks like a binary file (NUL bytes), not text; "
            "if it is a Word or PDF file, give it the right extension or convert it to .txt."
        )
        raise ReadError(msg)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            notes.append("starts with a UTF-8 byte-order mark but is not UTF-8; the mark was ignored")
            data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            msg = (
                f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                f"({err.reason} at byte {err.start} of {len(data)}; truncated or damaged); re-save it as UTF-8."
            )
            raise ReadError(msg) from err
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

    try:
        best = from_bytes(data).best()
    except (LookupError, ValueError, UnicodeError):
        best = None
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


#: What may precede ``<!DOCTYPE html`` / ``<html`` in a saved page: blanks, an XML declaration, comments.
_HTML_START = re.compile(r"\A(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


def _looks_like_html(text: str) -> bool:
    """True when the text is an HTML document from its first non-blank characters (a mention later does not count).

    Examples
    --------
    >>> _looks_like_html("<!-- saved from url=(0014)about:internet -->\\n<HTML><body>…")
    True
    >>> _looks_like_html("关于<html>标签的说明\\n一、……")
    False
    """
    return _HTML_START.match(text[:4000]) is not None


def _html_text(html: str, name: str, limits: Limits, notes: list[str]) -> str:
    """Visible text of an HTML page, one block per line (inscriptis keeps the layout).

    The page is parsed by lxml with ``huge_tree`` (libxml2 nests up to 2,048
    elements); a page nested deeper than ``limits.max_depth`` is an error.
    Elements deeper than 100 are unwrapped (their text stays, in order)
    before inscriptis, which walks the tree recursively, lays it out.
    """
    import lxml.html
    from inscriptis import Inscriptis
    from inscriptis.model.config import ParserConfig
    from lxml import etree

    html = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>", "", html)
    html = re.sub(r"\A\s*<\?xml[^>]*\?>", "", html)  # lxml refuses a str with an encoding declaration
    if not html.strip():
        return ""
    try:
        tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True, no_network=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        msg = f"{name}: the HTML cannot be parsed ({err.__class__.__name__}: {err}); re-save the page."
        raise ReadError(msg) from err
    depth, deepest, deep = 0, 0, []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
            if depth > _FLATTEN_DEPTH:
                deep.append(element)
        else:
            depth -= 1
    if deepest >= min(limits.max_depth, _PARSER_DEPTH - 1):
        msg = (
            f"{name}: the HTML nests elements {deepest}{'+' if deepest >= _PARSER_DEPTH - 1 else ''} deep, past the limit of "
            f"{min(limits.max_depth, _PARSER_DEPTH - 1)} (workbench.readers.Limits.max_depth; the parser stops at {_PARSER_DEPTH}); "
            "save the page's text as .txt instead."
        )
        raise ReadError(msg)
    if deep:
        for element in reversed(deep):
            element.drop_tag()
        notes.append(f"the HTML nests elements {deepest} deep; those below depth {_FLATTEN_DEPTH} were unwrapped (their text kept)")
    return Inscriptis(tree, ParserConfig(display_links=False, display_images=False)).get_text()


def _check_docx(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a .docx before python-docx opens it: not a zip, encrypted, unknown compression, too large, DTDs, too deep.

    Every XML part is read once as a stream (bounded by its declared size,
    CRC-checked by :mod:`zipfile`) with an entity-free parser that counts depth.
    """
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        msg = f"{name}: not a valid .docx file ({err.__class__.__name__}: {err}); re-save it from Word."
        raise ReadError(msg) from err
    with archive:
        members = archive.infolist()
        for info in members:
            if info.flag_bits & 0x1:
                msg = f"{name}: the .docx is encrypted (password-protected); save an unprotected copy from Word."
                raise ReadError(msg)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                msg = (
                    f"{name}: part '{info.filename}' of the .docx uses compression method {info.compress_type}, "
                    "which Word does not write; re-save it from Word."
                )
                raise ReadError(msg)
        xml = [i for i in members if i.filename.endswith((".xml", ".rels"))]
        total = sum(i.file_size for i in xml)
        if total > limits.max_docx_xml_bytes:
            msg = (
                f"{name}: the .docx's XML expands to {total / 2**20:.1f} MiB, past the limit of "
                f"{limits.max_docx_xml_bytes / 2**20:.1f} MiB (workbench.readers.Limits.max_docx_xml_bytes); "
                "it may be a zip bomb; re-save it from Word or raise the limit."
            )
            raise ReadError(msg)
        for info in xml:
            try:
                with archive.open(info) as fh:
                    head = fh.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        msg = f"{name}: part '{info.filename}' of the .docx declares a DTD or entities, which Word never writes; refused."
                        raise ReadError(msg)
                with archive.open(info) as fh:
                    depth = 0
                    parser = etree.iterparse(fh, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
                    for event, _ in parser:
                        depth += 1 if event == "start" else -1
                        if depth > limits.max_depth:
                            msg = (
                                f"{name}: part '{info.filename}' of the .docx nests XML past the limit of {limits.max_depth} "
                                "(workbench.readers.Limits.max_depth); re-save it from Word."
                            )
                            raise ReadError(msg)
            except ReadError:
                raise
            except Exception as err:  # zlib.error, BadZipFile (CRC), XMLSyntaxError, EOFError …
                msg = f"{name}: part '{info.filename}' of the .docx is damaged ({err.__class__.__name__}: {err}); re-save it from Word."
                raise ReadError(msg) from err


def _docx_text(data: bytes, name: str, limits: Limits) -> str:
    """Paragraph texts of a .docx, one per line; tables row by row."""
    _check_docx(data, name, limits)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return _docx_lines(document)
    except Exception as err:  # python-docx raises many kinds for a damaged package (KeyError, AttributeError …)
        msg = f"{name}: not a valid .docx file ({err.__class__.__name__}: {err}); re-save it from Word."
        raise ReadError(msg) from err


def _docx_lines(document) -> str:
    """The body of a python-docx document as lines: paragraphs, then table rows as ``a | b``."""
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


#: The code points whose ``t2s`` conversion :func:`_traditional` looks up: CJK radicals to the unified
#: ideographs, and the compatibility ideographs. The installed OpenCC changes no other character of
#: U+0080–U+FFFF on its own (tests/test_inputs.py checks it), and converting these takes about half the time.
_T2S_RANGES = ((0x2E80, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str] | None:
    """A character OpenCC's ``t2s`` changes on its own (們, 國, 說 …, and 乾, 於, 昇, which simplified text uses too), or one beyond U+FFFF.

    Worked out from the installed converter (every character of
    :data:`_T2S_RANGES` converted once), so it follows OpenCC's
    own tables. None if the converter does not give one line per character
    back (every text is then converted).
    """
    chars = [chr(c) for lo, hi in _T2S_RANGES for c in range(lo, hi)]
    out = _converter().convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):
        return None
    changed = "".join(c for c, o in zip(chars, out) if c != o)
    # beyond U+FFFF (rare in reports) a character counts as traditional without looking: a character
    # class of such characters would make re test them one by one
    return re.compile(f"[{re.escape(changed)}\U00010000-\U0010FFFF]")


#: A text is converted when at least this share of its Chinese characters are ones t2s changes on their
#: own. Measured on the real files in tests/real and data/raw (2026-11-30): four pages in traditional
#: script 27–36 %; 263 simplified files at most 0.8 % (a CSV quoting those pages), the reports at most
#: 0.007 % (one 乾, 昇 or 輋 in a place or company name).
TRADITIONAL_SHARE = 0.1

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters: OpenCC ``t2s`` when it is written in traditional script, else unchanged.

    A text counts as traditional when at least :data:`TRADITIONAL_SHARE` of
    its Chinese characters are ones ``t2s`` changes on their own. A
    simplified text is left exactly as it is, also when it holds a few such
    characters (乾县, 於 as a surname, 昇 in a name): ``t2s`` would change
    those, and its phrase table turns simplified words into others as well
    (一批覆盖 → 一批复盖, 打坏 → 打坯). The check is cheaper than the conversion.

    Examples
    --------
    >>> to_simplified("2023年,乾县坚持依法行政,打造一批覆盖全域的法律服务平台,完成昇腾算力中心建设。")
    '2023年,乾县坚持依法行政,打造一批覆盖全域的法律服务平台,完成昇腾算力中心建设。'
    >>> to_simplified("依法行政於法有據")
    '依法行政于法有据'
    """
    pattern = _traditional()
    if pattern is not None:
        found = pattern.findall(text)
        if not found or len(found) < TRADITIONAL_SHARE * len(_HAN.findall(text)):
            return text
    return _converter().convert(text)

