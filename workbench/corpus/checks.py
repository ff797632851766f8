"""Checks across documents, in file order, and the problems frame.

Owns :class:`CorpusError` and the checks that need more than one report or
the whole of one: the same text twice, a ``doc_id`` used twice, two reports
for one place and year (:func:`_assemble`), and whether a loaded file looks
like a 法治政府建设 report at all (:func:`_not_a_report`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import polars as pl

from .. import schemas

if TYPE_CHECKING:
    from .build import _DocOut


class CorpusError(ValueError):
    """Raised by :func:`load_corpus` with ``strict=True`` for a problem of severity error or warning."""


#: Words every 法治政府建设 report uses in its title or opening.
_GENRE = ("法治政府", "依法行政", "法治建设")


#: Titles of documents of another kind: notices, plans, interpretations, bulletins, catalogues.
_OTHER_KIND = re.compile(r"(?:通知|解读|实施方案|工作要点|工作安排|通报|意见|规划|目录)[》\s]*$")


#: The salutation of a document sent down to subordinate units (各乡镇人民政府,各街道办事处,…:).
_DOWNWARD = re.compile(r"^各[^。]{2,120}[::]$")


def _not_a_report(meta: dict, has_parts: bool) -> list[str]:
    """Why a loaded file does not look like a 法治政府建设 report (empty if it does)."""
    reasons = []
    first_line = meta["text"].split("\n", 1)[0]
    for line in (meta.get("title") or "", first_line if len(first_line) <= 80 else ""):
        m = _OTHER_KIND.search(line)
        if m:
            reasons.append(f"its title '{line}' names a document of another kind ({m.group().strip('》 ')})")
            break
    if _DOWNWARD.match(first_line):
        reasons.append(f"it opens by addressing subordinate units ('{first_line[:30]}…'), as a notice does; a report addresses its superiors")
    head = (meta.get("title") or "") + meta["text"][:2000]
    if not any(w in head for w in _GENRE):
        reasons.append("neither its title nor its opening mentions 法治政府, 依法行政 or 法治建设")
    if not has_parts and meta.get("district") is None and meta.get("year") is None and meta.get("level") is None:
        reasons.append("no 一、 parts and no place or year")
    return reasons


def _assemble(
    files: list[Path],
    outs: Iterable[_DocOut | None],
    *,
    strict: bool,
    sink: Callable[[_DocOut], None] | None = None,
    first: Iterable[tuple[str, str, str, BaseException | None]] = (),
) -> tuple[list[_DocOut], pl.DataFrame]:
    """Checks across documents, in file order: the documents kept and the problems frame.

    ``outs`` is aligned with ``files`` (None for a file of unknown type) and
    may be a generator; each kept document is passed to ``sink`` at once.
    ``first`` holds problem rows that come before the files' (skipped
    entries, manifest warnings) as (source_file, severity, message, cause).
    """
    problems: list[dict] = []

    def problem(name: str, severity: str, message: str, cause: BaseException | None = None) -> None:
        if strict and severity != "info":
            raise CorpusError(message if message.startswith(name) else f"{name}: {message}") from cause
        problems.append({"source_file": name, "severity": severity, "message": message})

    for row in first:
        problem(*row)

    kept: list[_DocOut] = []
    seen_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    seen_place: dict[tuple, str] = {}
    for path, out in zip(files, outs):
        name = path.name
        if out is None:
            problem(name, "error", f"{name}: unknown file type '{path.suffix or '(none)'}'; expected .txt, .html or .docx. Not loaded.")
            continue
        out.kept = False
        for severity, message in out.pre:
            problem(name, severity, message, out.cause if severity == "error" else None)
        if not out.ok:
            continue
        if out.digest in seen_text:
            problem(name, "warning", f"{name}: same report text as {seen_text[out.digest]}; kept {seen_text[out.digest]}, skipped this file.")
            continue
        seen_text[out.digest] = name
        if out.doc_id in seen_ids:
            problem(name, "error", f"{name}: doc_id '{out.doc_id}' already used by {seen_ids[out.doc_id]}; rename one of the files. Not loaded.")
            continue
        seen_ids[out.doc_id] = name
        for severity, message in out.infer:
            problem(name, severity, message)
        place = (out.meta.get("district"), out.meta.get("year"))
        if None not in place and place in seen_place:
            problem(
                name,
                "warning",
                f"{name}: a second report for {place[0]} {place[1]} (the other is {seen_place[place]}); both kept, check which is right.",
            )
        seen_place.setdefault(place, name)
        for severity, message in out.parts:
            problem(name, severity, message)
        out.kept = True
        kept.append(out)
        if sink is not None:
            sink(out)
    return kept, pl.DataFrame(problems, schema=schemas.PROBLEMS)
