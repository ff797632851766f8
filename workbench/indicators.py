"""Numeric indicators: every quantity in the reports, with its label, canonical id and source.

:func:`extract` finds each quantity (a number with its unit: 167件, 53.38%,
5.18亿元, 三千余件) in ``corpus.sentences``, gives it a *label* (the phrase it
quantifies) and, where the label fits one, a canonical indicator id from the
taxonomy in ``data/indicators.yml``. Every row carries the sentence and the
offsets of the number in ``documents.text``, so any figure can be quoted.

The pieces are public so they can be tested and reused:

* :func:`parse_number` and :func:`parse_quantity` — the number grammar;
* :func:`quantities` — all quantities in a string, with exclusions applied;
* :func:`taxonomy` / :func:`load_taxonomy` — the validated taxonomy;
* :func:`extract` — the indicator table of a corpus;
* :func:`points`, :func:`citations`, :func:`coverage` — frames for charts
  and for the source-sentence table of every plotted point.

See ``docs/indicators.md`` for the rules and their reasons.
"""

from __future__ import annotations

import os
import re
import unicodedata
from decimal import Decimal
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cn2an
import polars as pl
import yaml

from . import config

__all__ = [
    "INDICATORS",
    "CITATIONS",
    "COVERAGE",
    "POINTS",
    "TAXONOMY",
    "UNITS",
    "Quantity",
    "Indicator",
    "Taxonomy",
    "ACCURACY",
    "accuracy",
    "citations",
    "coverage",
    "coverage_share",
    "COVERAGE_SHARE",
    "read_gold",
    "extract",
    "load_taxonomy",
    "parse_number",
    "parse_quantity",
    "points",
    "quantities",
    "taxonomy",
    "trend_summary",
    "TREND_SUMMARY",
]

# ----------------------------------------------------------------------------- schemas

#: Columns of :func:`extract`.
INDICATORS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "district": pl.String(),
    "year": pl.Int32(),
    "section_id": pl.String(),
    "section_kind": pl.String(),  # achievements | shortcomings | duties | plans | other
    "indicator": pl.String(),  # canonical id from data/indicators.yml, null if none fits
    "label": pl.String(),  # the phrase the number quantifies, e.g. 审结复议案件
    "value": pl.Float64(),  # multipliers applied (万, 亿); percentages in percent
    "unit": pl.String(),  # 件, 次, %, 个百分点, 元, ...
    "qualifier": pl.String(),  # 余 多 近 超 约 以上, or null
    "is_change": pl.Boolean(),  # a change (同比下降5.87个百分点); decreases are negative
    "sentence": pl.String(),
    "char_start": pl.Int64(),  # documents.text[char_start:char_end] holds number and unit
    "char_end": pl.Int64(),
}

#: Columns of :func:`taxonomy`.
TAXONOMY: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "name_en": pl.String(),
    "unit": pl.String(),  # the usual unit
    "units": pl.List(pl.String()),  # all accepted units
}

#: Columns of :func:`points` (one plotted point per document and indicator).
POINTS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "district": pl.String(),
    "year": pl.Int32(),
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),  # the indicator's usual unit (taxonomy), so panels and axes share one unit
    "unit_written": pl.String(),  # the unit as the report writes it (个 or 项 for a count of items)
    "qualifier": pl.String(),
    "label": pl.String(),
    "n_mentions": pl.UInt32(),  # level mentions of the indicator in the document
    "sentence": pl.String(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
}

#: Columns of :func:`citations`.
CITATIONS: dict[str, pl.DataType] = {
    "district": pl.String(),
    "year": pl.Int32(),
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "sentence": pl.String(),
    "doc_id": pl.String(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
}

#: Columns of :func:`accuracy`.
ACCURACY: dict[str, pl.DataType] = {
    "doc_id": pl.String(),  # "all" for the row that pools every report
    "district": pl.String(),
    "year": pl.Int32(),
    "n_gold": pl.Int64(),  # canonical mentions annotated by hand
    "n_predicted": pl.Int64(),  # rows with an indicator extracted from the report
    "n_correct": pl.Int64(),  # predicted (indicator, value) pairs also in the gold
    "precision": pl.Float64(),
    "recall": pl.Float64(),
}

#: Columns of :func:`coverage`.
COVERAGE: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "district": pl.String(),
    "year": pl.Int32(),
    "place_year": pl.String(),  # "拱墅区 2024"
    "n_mentions": pl.UInt32(),  # 0 where the report does not state the indicator
    "reported": pl.Boolean(),
}

#: Columns of :func:`coverage_share` (after the grouping column, ``year`` or ``district``).
COVERAGE_SHARE: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "n_reports": pl.UInt32(),  # reports in the group
    "n_reported": pl.UInt32(),  # of which state the indicator
    "share": pl.Float64(),  # n_reported / n_reports
}

#: Columns of :func:`trend_summary`.
TREND_SUMMARY: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "unit": pl.String(),
    "year": pl.Int32(),
    "n_reports": pl.UInt32(),  # reports with a value for the indicator that year
    "median": pl.Float64(),
    "q25": pl.Float64(),  # lower quartile (linear interpolation)
    "q75": pl.Float64(),  # upper quartile
    "min": pl.Float64(),
    "max": pl.Float64(),
}

# ----------------------------------------------------------------------------- number grammar

#: Units a quantity can carry, longest first where one is a prefix of another.
UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "个工作日", "工作日", "平方米", "公里", "小时", "分钟",
    "人次", "件次", "家次", "户次", "批次", "场次",
    "元", "件", "次", "人", "家", "份", "卷", "名", "项", "个", "场", "篇", "条", "起",
    "户", "批", "天", "本", "期", "所", "套", "张", "组", "轮", "位", "宗", "部", "处",
    "%", "‰",
)
_UNITS_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_DIGIT = "[0-9０-９]"
_AR = rf"(?:{_DIGIT}{{1,3}}(?:[,，]{_DIGIT}{{3}})+(?!{_DIGIT})|{_DIGIT}+)(?:[.．]{_DIGIT}+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二两三四五六七八九]+)?"
_QUANTITY = re.compile(
    rf"(?P<num>{_AR}|{_CN})(?P<q1>余|多)?(?P<mult>万|亿|千)?(?P<q2>余|多)?"
    rf"(?P<unit>{_UNITS_RE})(?P<q3>以上|左右)?"
)
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3}
#: Qualifiers written before the number, mapped to the value of the ``qualifier`` column.
_QUAL_BEFORE = {"将近": "近", "接近": "近", "近": "近", "超过": "超", "超": "超", "逾": "超", "约": "约", "大约": "约"}
_QUAL_BEFORE_RE = re.compile("(?:" + "|".join(sorted(_QUAL_BEFORE, key=len, reverse=True)) + ")$")
_QUAL_AFTER = {"余": "余", "多": "多", "以上": "以上", "左右": "约"}

# Spans in which numbers are names, not quantities: titles, document numbers, quotations.
_PROTECTED = re.compile(r"《[^《》]*》|〔[^〔〕]*〕|\[[^\[\]]*\]|“[^“”]*”|「[^「」]*」|\"[^\"]*\"")
_CHANGE = re.compile(
    r"(?:同比|环比|(?:较|比)(?:上年|去年|上一年|20\d\d年)度?(?:同期)?)?"
    r"(?P<dir>下降|降低|减少|下滑|回落|上升|提高|增长|增加|提升|增速|增幅|降幅)(?:了)?$"
)
_DECREASE = {"下降", "降低", "减少", "下滑", "回落", "降幅"}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit inside a string.

    Attributes
    ----------
    start, end : int
        Offsets of the number and unit in the string parsed.
    text : str
        ``string[start:end]``.
    value : float
        Multipliers applied (4684万元 → 46840000.0); percentages in percent.
    unit : str
        The unit as written (件, %, 个百分点, 元 …).
    qualifier : str or None
        余, 多, 近, 超, 约 or 以上.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str | None


def parse_number(text: str) -> float:
    """Value of a written number: Arabic (with ``,`` thousands, decimals, full-width digits),
    Chinese numerals (十二, 二百一十二, 三千, 两万), or mixed (1.2万).

    Parameters
    ----------
    text : str
        The number alone, without unit or qualifier; a trailing 万/亿/千
        multiplier is allowed.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``text`` is not a number.

    Examples
    --------
    >>> parse_number("1,234.5"), parse_number("１２３"), parse_number("二百一十二"), parse_number("1.2万")
    (1234.5, 123.0, 212.0, 12000.0)
    """
    s = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not s:
        msg = "parse_number: expected a number such as '167', '1,234', '十二' or '1.2万'; found an empty string"
        raise ValueError(msg)
    mult = 1.0
    if s[-1] in _MULTIPLIERS and re.fullmatch(r"[0-9.]+[万亿千]", s):
        mult = _MULTIPLIERS[s[-1]]
        s = s[:-1]
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s):
        return _times(float(s), mult)
    try:
        return _times(float(cn2an.cn2an(s, "smart")), mult)
    except (ValueError, KeyError, TypeError) as err:
        msg = f"parse_number: expected a number such as '167', '1,234', '十二' or '1.2万'; found {text!r}"
        raise ValueError(msg) from err


def _times(value: float, mult: float) -> float:
    """``value * mult`` in decimal: 0.07万 is 700.0, not 700.0000000000001 (values are matched exactly)."""
    return float(Decimal(repr(value)) * Decimal(repr(mult))) if mult != 1.0 else value


def _quantity(m: re.Match[str], text: str) -> Quantity:
    value = parse_number(m["num"])
    if m["mult"]:
        value = _times(value, _MULTIPLIERS[m["mult"]])
    before = _QUAL_BEFORE_RE.search(text[max(0, m.start() - 2) : m.start()])
    qualifier = (
        _QUAL_AFTER[m["q1"] or m["q2"]]
        if (m["q1"] or m["q2"])
        else _QUAL_AFTER[m["q3"]]
        if m["q3"]
        else _QUAL_BEFORE[before.group()]
        if before
        else None
    )
    end = m.end("unit")
    return Quantity(m.start(), end, text[m.start() : end], float(value), m["unit"], qualifier)


def parse_quantity(text: str) -> Quantity:
    """Parse one quantity written alone: number, qualifier, multiplier and unit.

    Parameters
    ----------
    text : str
        e.g. ``"4684万元"``, ``"三千余件"``, ``"近2000本"``, ``"90%以上"``, ``"１２件"``.

    Returns
    -------
    Quantity

    Raises
    ------
    ValueError
        If ``text`` holds no quantity with a known unit (see :data:`UNITS`).

    Examples
    --------
    >>> q = parse_quantity("5.18亿元")
    >>> q.value, q.unit, q.qualifier
    (518000000.0, '元', None)
    >>> parse_quantity("三千余件").value, parse_quantity("三千余件").qualifier
    (3000.0, '余')
    """
    s = text.strip()
    m = None
    for cand in _QUANTITY.finditer(s):
        m = cand
        break
    if m is None:
        msg = f"parse_quantity: expected a number followed by a unit ({', '.join(UNITS[:8])} …); found {text!r}"
        raise ValueError(msg)
    return _quantity(m, s)


def _excluded_spans(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    for p in patterns:
        spans.extend((m.start(), m.end()) for m in p.finditer(text))
    return spans


#: A numeral right before a range sign: 2021至, 3-, 三至.
_RANGE_START = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万]\s*$")


def _is_structural_exclusion(text: str, m: re.Match[str]) -> bool:
    s, e = m.start(), m.end("unit")
    before = text[max(0, s - 1) : s]
    after = text[e : e + 2]
    if before in {"—", "-", "~", "～", "至"}:
        # a range (2021至2025年, 3-5件) only after a numeral; 提升至100% is a value
        return bool(_RANGE_START.search(text[: s - 1]))
    if before in {"第", "每", "前", "+", "."} or before.isascii() and before.isalpha():
        return True  # ordinals (第六届), rates (每万人), slogans (1+1+17), versions (V3.0)
    if after[:1] in {"+", "年", "月"} or after.startswith("届") or after.startswith("版"):
        return True
    if m["unit"] == "次" and after.startswith("会"):
        return True  # 第六次会议 written without 第 after a name
    return False


def quantities(text: str, *, exclude: tuple[str, ...] | None = None) -> list[Quantity]:
    """All quantities in a string, skipping numbers that are not quantities.

    Skipped: numbers without a unit (years, 二十大, 3.0), dates (2025年3月28日),
    anything inside 《…》, 〔…〕 or quotation marks (titles, document numbers,
    slogans such as “15分钟公共法律服务圈” and “八五”普法), ordinals after 第,
    rates after 每 (每万人), parts of ``N+N`` formulas, versions (V3.0), and
    the idioms listed in the ``exclude`` section of the taxonomy.

    Parameters
    ----------
    text : str
    exclude : tuple of str, optional
        Regular expressions of idioms to skip; default: the taxonomy's ``exclude`` list.

    Returns
    -------
    list of Quantity
        In order of position.

    Examples
    --------
    >>> [(q.value, q.unit) for q in quantities("全年共收到复议申请167件,办结148件,调解率53.38%")]
    [(167.0, '件'), (148.0, '件'), (53.38, '%')]
    >>> quantities("第六次会议上,推进“15分钟公共法律服务圈”建设")
    []
    """
    patterns = load_taxonomy().exclude if exclude is None else tuple(re.compile(p) for p in exclude)
    spans = _excluded_spans(text, patterns)
    out = []
    for m in _QUANTITY.finditer(text):
        s, e = m.start(), m.end("unit")
        if any(a < e and s < b for a, b in spans):
            continue
        if _is_structural_exclusion(text, m):
            continue
        try:
            out.append(_quantity(m, text))
        except ValueError:
            continue
    return out


# ----------------------------------------------------------------------------- taxonomy

_REQUIRED = ("id", "name_zh", "name_en", "unit", "cues")
_OPTIONAL = ("bare", "topic")


@dataclass(frozen=True)
class Indicator:
    """One taxonomy entry (see ``data/indicators.yml``)."""

    id: str
    name_zh: str
    name_en: str
    units: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    bare: tuple[re.Pattern[str], ...] = ()
    topic: re.Pattern[str] | None = None

    def accepts(self, unit: str, *, is_change: bool = False) -> bool:
        """True if a quantity in ``unit`` can be this indicator."""
        if unit in self.units:
            return True
        return is_change and "%" in self.units and unit in {"个百分点", "百分点"}


@dataclass(frozen=True)
class Taxonomy:
    """The validated taxonomy: indicators in file order and the idioms to exclude."""

    indicators: tuple[Indicator, ...]
    exclude: tuple[re.Pattern[str], ...] = field(default=())
    path: str = ""

    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}


def _fail(path: str, where: str, problem: str) -> None:
    msg = f"load_taxonomy: {path}: {where}: {problem}"
    raise ValueError(msg)


def _patterns(path: str, where: str, key: str, value: object) -> tuple[re.Pattern[str], ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        _fail(path, where, f"field '{key}' must be a non-empty list of regular expressions; found {value!r}")
    out = []
    for v in value:
        try:
            out.append(re.compile(v))
        except re.error as err:
            _fail(path, where, f"field '{key}' has an invalid regular expression {v!r} ({err}); fix the pattern")
    return tuple(out)


def _parse_taxonomy(data: object, path: str) -> Taxonomy:
    if not isinstance(data, dict) or "indicators" not in data:
        _fail(path, "top level", "expected a mapping with a list under 'indicators' (and optionally 'exclude')")
    unknown_top = sorted(set(data) - {"indicators", "exclude"})
    if unknown_top:
        _fail(path, "top level", f"unknown keys {unknown_top}; allowed: indicators, exclude")
    entries = data["indicators"]
    if not isinstance(entries, list) or not entries:
        _fail(path, "indicators", "expected a non-empty list of entries")
    seen: dict[str, int] = {}
    out = []
    for i, entry in enumerate(entries):
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"entry {i} (id {ident!r})"
        if not isinstance(entry, dict):
            _fail(path, where, f"expected a mapping with keys {list(_REQUIRED)}; found {entry!r}")
        unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            _fail(path, where, f"unknown field(s) {unknown}; allowed: {list(_REQUIRED + _OPTIONAL)}")
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            _fail(path, where, f"missing field(s) {missing}")
        if not isinstance(ident, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", ident):
            _fail(path, where, f"field 'id' must be snake_case text such as 'legal_aid_cases'; found {ident!r}")
        if ident in seen:
            _fail(path, where, f"field 'id': duplicate id, already used by entry {seen[ident]}")
        seen[ident] = i
        for key in ("name_zh", "name_en"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                _fail(path, where, f"field '{key}' must be non-empty text; found {entry[key]!r}")
        units = entry["unit"]
        units = [units] if isinstance(units, str) else units
        if not isinstance(units, list) or not units:
            _fail(path, where, f"field 'unit' must be a unit or a list of units; found {entry['unit']!r}")
        bad = [u for u in units if u not in UNITS]
        if bad:
            _fail(path, where, f"field 'unit' has unknown unit(s) {bad}; known units: {', '.join(UNITS)}")
        cues = _patterns(path, where, "cues", entry["cues"])
        bare: tuple[re.Pattern[str], ...] = ()
        topic = None
        if ("bare" in entry) != ("topic" in entry):
            _fail(path, where, "fields 'bare' and 'topic' go together; give both or neither")
        if "bare" in entry:
            bare = _patterns(path, where, "bare", entry["bare"])
            (topic,) = _patterns(path, where, "topic", entry["topic"])
        out.append(Indicator(ident, entry["name_zh"], entry["name_en"], tuple(units), cues, bare, topic))
    exclude = data.get("exclude") or []
    excl = _patterns(path, "exclude", "exclude", exclude) if exclude else ()
    return Taxonomy(tuple(out), excl, path)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Taxonomy:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        msg = f"load_taxonomy: {path} is not valid YAML ({err}); fix the file"
        raise ValueError(msg) from err
    return _parse_taxonomy(data, path)


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Read and validate the indicator taxonomy.

    Parameters
    ----------
    path : str or path-like, optional
        YAML file; default ``data/indicators.yml`` (``workbench.config.INDICATORS``).

    Returns
    -------
    Taxonomy

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        The file is malformed; the message names the entry (index and id) and
        the field: unknown or missing keys, a bad regular expression, a
        duplicate id, or a unit not in :data:`UNITS`.
    """
    p = config.INDICATORS if path is None else config.resolve(path)
    if not p.exists():
        msg = f"load_taxonomy: no taxonomy file at {p}; expected a YAML file such as data/indicators.yml"
        raise FileNotFoundError(msg)
    return _load_cached(str(p), p.stat().st_mtime)


def taxonomy(path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The indicator taxonomy as a frame, one row per canonical indicator.

    Parameters
    ----------
    path : str or path-like, optional
        Default ``data/indicators.yml``.

    Returns
    -------
    polars.DataFrame
        Columns ``indicator``, ``name_zh``, ``name_en``, ``unit`` (usual unit),
        ``units`` (all accepted units), in file order.

    Raises
    ------
    ValueError
        The file is malformed (see :func:`load_taxonomy`).

    Examples
    --------
    >>> taxonomy().head(3).select("indicator", "name_zh", "unit")  # doctest: +SKIP
    shape: (3, 3)
    ┌──────────────────────────┬──────────────────────┬──────┐
    │ indicator                ┆ name_zh              ┆ unit │
    ╞══════════════════════════╪══════════════════════╪══════╡
    │ reconsideration_received ┆ 收到行政复议申请     ┆ 件   │
    │ reconsideration_closed   ┆ 办结行政复议案件     ┆ 件   │
    │ reconsideration_settled  ┆ 行政复议调解和解结案 ┆ 件   │
    └──────────────────────────┴──────────────────────┴──────┘
    """
    tax = load_taxonomy(path)
    return pl.DataFrame(
        {
            "indicator": [i.id for i in tax.indicators],
            "name_zh": [i.name_zh for i in tax.indicators],
            "name_en": [i.name_en for i in tax.indicators],
            "unit": [i.units[0] for i in tax.indicators],
            "units": [list(i.units) for i in tax.indicators],
        },
        schema=TAXONOMY,
    )


# ----------------------------------------------------------------------------- labels and matching

_CLAUSE_BREAK = re.compile(r"[,;、。:!?()]")
_LEAD = re.compile(
    r"^(?:其中|另外|另|并且|并|同时|此外|全年度|全年|全区|全县|全市|全镇|今年以来|今年|当年|年内|累计|共计|合计|总计|"
    r"共|已经|已|目前|现|我区|我县|区本级|本级|20\d\d年度?|\d{1,2}-\d{1,2}月|\d{1,2}月)+"
)
_TRAIL = re.compile(
    r"(?:达到|达|为|是|共计|合计|总计|累计|共|超过|将近|接近|近|超|约|逾|大约|高达|多达|实现|分别为|分别|等|仅|只有|"
    r"保持在|保持|维持在|维持|稳定在|连续[一二三四五六七八九十两0-9]+年|\s)+$"
)
_QUOTES = re.compile(r"[《》“”\"'‘’「」\s]")
_FUNCTION_END = set("对为将向的有在把与和及给从")
_PREPOSITION_START = set("对为向将把给")


def _clean(label: str) -> str:
    label = _QUOTES.sub("", label)
    for _ in range(3):
        label = _LEAD.sub("", label)
        label = _TRAIL.sub("", label)
    return label


@dataclass
class _Found:
    q: Quantity
    label: str
    pre: str
    post: str
    clause: str
    clause_index: int
    is_change: bool
    sign: float
    indicator: str | None = None
    topic_text: str = ""
    change_words: str = ""


@lru_cache(maxsize=1024)
def _anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})$")


def _best_cue(tax: Taxonomy, text: str, unit: str, is_change: bool) -> str | None:
    """Indicator whose cue matches the end of ``text``: longest match, then file order.

    ``re.search`` of ``(?:cue)$`` returns the leftmost start of a match that ends
    at the end of ``text``, i.e. the longest such match.
    """
    if not text:
        return None
    best: tuple[int, int] | None = None
    found: str | None = None
    for order, ind in enumerate(tax.indicators):
        if not ind.accepts(unit, is_change=is_change):
            continue
        for cue in ind.cues:
            m = _anchored(cue.pattern).search(text)
            if m:
                key = (m.start(), order)
                if best is None or key < best:
                    best, found = key, ind.id
    return found


def _breaks(sentence: str) -> list[int]:
    """Positions of clause breaks (,;、。:!?()) outside quotations and titles (“双随机、一公开”)."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(sentence)]
    return [
        m.start()
        for m in _CLAUSE_BREAK.finditer(sentence)
        if not any(a < m.start() < b - 1 for a, b in protected)
    ]


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """(start, text) of each clause of ``sentence``."""
    cuts = [-1, *_breaks(sentence), len(sentence)]
    return [(a + 1, sentence[a + 1 : b]) for a, b in zip(cuts, cuts[1:]) if b > a + 1]


def _label_parts(sentence: str, q: Quantity, prev_end: int, next_start: int) -> tuple[str, str, str, int]:
    """(pre, post, clause, clause_start) around quantity ``q`` in ``sentence``."""
    breaks = _breaks(sentence)
    cs = max((b + 1 for b in breaks if b < q.start), default=0)
    ce = min((b for b in breaks if b >= q.end), default=len(sentence))
    ce = min(ce, next_start)
    pre = sentence[max(cs, prev_end) : q.start]
    after = q.end
    tail = re.match(r"以上|左右", sentence[after:])
    if tail:
        after += tail.end()
    return pre, sentence[after:ce], sentence[cs:ce], cs


_LABEL_CHARS = 16


_POST_VERB = re.compile(r"实行|进行|开展|提供|纳入|列入|获评|获得|入选|参加|参与|完成|作为|作|为|被|获")


def _short(label: str, *, from_start: bool = False) -> str:
    """A label for display: at most 16 characters, the end of a phrase before the number or,
    for words after the number, the noun before their first verb (市场主体提供法治体检 → 市场主体)."""
    if from_start:
        verb = _POST_VERB.search(label)
        if verb and verb.start() >= 2:
            label = label[: verb.start()]
    if len(label) <= _LABEL_CHARS:
        return label
    return label[:_LABEL_CHARS] if from_start else label[-_LABEL_CHARS:]


def _sentence_rows(sentence: str, headings: list[str], tax: Taxonomy) -> list[_Found]:
    """Quantities of one sentence with their labels and indicators (see docs/indicators.md)."""
    qs = quantities(sentence, exclude=tuple(p.pattern for p in tax.exclude))
    found: list[_Found] = []
    for k, q in enumerate(qs):
        prev_end = qs[k - 1].end if k else 0
        next_start = qs[k + 1].start if k + 1 < len(qs) else len(sentence)
        pre, post, clause, cs = _label_parts(sentence, q, prev_end, next_start)
        pre_c = _clean(pre)
        change = _CHANGE.search(pre_c) if q.unit != "元" else None
        is_change = bool(change) or q.unit in {"个百分点", "百分点"}
        sign = -1.0 if change and change["dir"] in _DECREASE else 1.0
        if change:
            pre_c = _clean(pre_c[: change.start()])
        post_c = _clean(post)
        use_post = bool(post_c) and (
            len(pre_c) < 2 or pre_c[-1] in _FUNCTION_END or (pre_c[0] in _PREPOSITION_START and len(pre_c) <= 4)
        )
        label = post_c if use_post else pre_c
        found.append(_Found(q, label, pre_c, post_c, clause, cs, is_change, sign, change_words=change.group() if change else ""))
    clauses = _clauses(sentence)
    by_id = tax.by_id()
    for k, f in enumerate(found):
        f.topic_text = f.clause
        from_start = f.label == f.post and f.label != f.pre
        # 1. cues anchored at the end of the label; 2. at the end of the words after the unit
        ind = _best_cue(tax, f.label, f.q.unit, f.is_change)
        if ind is None and f.post and f.label != f.post:
            ind = _best_cue(tax, f.post, f.q.unit, f.is_change)
            if ind is not None:
                f.label, from_start = f.post, True
        # 3. a change without a noun of its own (同比下降5.87个百分点) changes the figure before it
        if ind is None and f.is_change and not f.label and k:
            prev = found[k - 1]
            if prev.indicator and by_id[prev.indicator].accepts(f.q.unit, is_change=True):
                ind = prev.indicator
                f.topic_text = prev.topic_text + f.clause
        # 4. a label without a noun (办结148件) takes its topic from an earlier clause or the heading
        if ind is None and f.label:
            ind, topic_text = _bare(tax, f, found[:k], clauses, headings)
            if ind is not None:
                f.topic_text = f.clause + "|" + topic_text
        f.indicator = ind
        f.label = _short(f.label, from_start=from_start) if f.label else (f.change_words or _short(f.clause.strip()))
    return found


def _bare(
    tax: Taxonomy, f: _Found, earlier: list[_Found], clauses: list[tuple[int, str]], headings: list[str]
) -> tuple[str | None, str]:
    """Indicator for a noun-less label: the nearest earlier clause of the sentence that matches a topic.

    Earlier clauses are read nearest first; a clause whose own quantity has an
    indicator is the last one read (it is the topic of what follows). When no
    earlier clause has an indicator, the section headings are read too.
    """
    candidates = [
        ind
        for ind in tax.indicators
        if ind.bare and ind.accepts(f.q.unit, is_change=f.is_change) and any(b.fullmatch(f.label) for b in ind.bare)
    ]
    if not candidates:
        return None, ""
    assigned = {e.clause_index: e for e in earlier}
    contexts: list[str] = []
    stop = False
    for start, text in reversed([c for c in clauses if c[0] < f.clause_index]):
        owner = assigned.get(start)
        if owner is not None and owner.indicator is not None:
            contexts.append(owner.topic_text)
            stop = True
            break
        contexts.append(text)
    if not stop:
        contexts.extend(headings)
    for ctx in contexts:
        for ind in candidates:
            if ind.topic is not None and ind.topic.search(ctx):
                return ind.id, ctx
    return None, ""


# ----------------------------------------------------------------------------- extract


def extract(corpus, *, taxonomy_path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """One row per quantity mentioned in the reports, with its label, indicator and source.

    Works on ``corpus.sentences`` joined with ``corpus.sections`` (for the
    section kind and headings) and ``corpus.documents`` (district, year) on
    their keys.

    Parameters
    ----------
    corpus : workbench.Corpus
        A loaded corpus (see :func:`workbench.load_corpus`).
    taxonomy_path : str or path-like, optional
        Taxonomy YAML; default ``data/indicators.yml``.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`INDICATORS`): ``doc_id``, ``district``, ``year``,
        ``section_id``, ``section_kind``, ``indicator`` (canonical id or null),
        ``label``, ``value`` (Float64, 万/亿 multiplied out, percentages in
        percent, decreases negative when ``is_change``), ``unit``,
        ``qualifier`` (余 多 近 超 约 以上 or null), ``is_change``,
        ``sentence``, ``char_start``, ``char_end`` (``documents.text[char_start:char_end]``
        is the number and its unit). Sorted by ``doc_id``, ``char_start``.

    Raises
    ------
    ValueError
        The taxonomy file is malformed (see :func:`load_taxonomy`).

    See Also
    --------
    points, citations, coverage, accuracy, load_taxonomy

    Examples
    --------
    >>> import workbench as wb
    >>> from workbench import indicators
    >>> rows = indicators.extract(wb.load_corpus())  # doctest: +SKIP
    >>> rows.filter(pl.col("district") == "椒江区", pl.col("indicator").str.starts_with("reconsideration")).select(
    ...     "indicator", "label", "value", "unit").head(3)  # doctest: +SKIP
    shape: (3, 4)
    ┌──────────────────────────┬──────────────┬───────┬──────┐
    │ indicator                ┆ label        ┆ value ┆ unit │
    ╞══════════════════════════╪══════════════╪═══════╪══════╡
    │ reconsideration_received ┆ 收到复议申请 ┆ 167.0 ┆ 件   │
    │ reconsideration_closed   ┆ 办结         ┆ 148.0 ┆ 件   │
    │ reconsideration_settled  ┆ 和解结案     ┆ 79.0  ┆ 件   │
    └──────────────────────────┴──────────────┴───────┴──────┘
    """
    tax = load_taxonomy(taxonomy_path)
    sections = corpus.sections.select("section_id", "parent_id", "kind", "heading")
    heads = dict(sections.select("section_id", "heading").iter_rows())
    parents = dict(sections.select("section_id", "parent_id").iter_rows())
    sents = (
        corpus.sentences.join(sections.select("section_id", "kind"), on="section_id", how="left")
        .join(corpus.documents.select("doc_id", "district", "year"), on="doc_id", how="left")
        .sort("doc_id", "sentence_id")
    )
    rows: dict[str, list] = {k: [] for k in INDICATORS}
    for s in sents.iter_rows(named=True):
        text = s["text"]
        if not re.search(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]", text):
            continue
        chain, sid = [], s["section_id"]
        while sid is not None and len(chain) < 3:
            if heads.get(sid):
                chain.append(heads[sid])
            sid = parents.get(sid)
        for f in _sentence_rows(text, chain, tax):
            rows["doc_id"].append(s["doc_id"])
            rows["district"].append(s["district"])
            rows["year"].append(s["year"])
            rows["section_id"].append(s["section_id"])
            rows["section_kind"].append(s["kind"])
            rows["indicator"].append(f.indicator)
            rows["label"].append(f.label)
            rows["value"].append(f.q.value * (f.sign if f.is_change else 1.0))
            rows["unit"].append(f.q.unit)
            rows["qualifier"].append(f.q.qualifier)
            rows["is_change"].append(f.is_change)
            rows["sentence"].append(text)
            rows["char_start"].append(s["char_start"] + f.q.start)
            rows["char_end"].append(s["char_start"] + f.q.end)
    out = pl.DataFrame(rows, schema=INDICATORS)
    return out.sort("doc_id", "char_start")


# ----------------------------------------------------------------------------- frames for charts


def _check_columns(df: pl.DataFrame, needed: tuple[str, ...], fn: str, source: str = "extract") -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        msg = f"{fn}: frame lacks columns {missing}; expected the result of workbench.indicators.{source}"
        raise ValueError(msg)


def points(
    df: pl.DataFrame,
    *,
    indicators: list[str] | None = None,
    districts: list[str] | None = None,
    kinds: tuple[str, ...] = ("achievements", "other", "duties", "shortcomings"),
) -> pl.DataFrame:
    """One value per report and indicator: the figure a trend chart plots.

    The first level (not a change) mention of the indicator in the report,
    in document order, outside the plans part (plans state targets, not
    results). ``n_mentions`` says how many level mentions the report has, so
    a reader knows when a report gives more than one figure (e.g. two bodies'
    study sessions).

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    indicators : list of str, optional
        Canonical ids to keep; default all.
    districts : list of str, optional
        Districts to keep; default all.
    kinds : tuple of str, default all but "plans"
        Section kinds whose figures count.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`POINTS`): ``doc_id``, ``district``, ``year``,
        ``indicator``, ``name_zh``, ``value``, ``unit`` (the indicator's usual
        unit from the taxonomy; counts in 个 and 项 are both counts of items),
        ``unit_written`` (as the report writes it), ``qualifier``, ``label``,
        ``n_mentions``, ``sentence``, ``char_start``, ``char_end``; sorted by
        indicator, year, district.

    Raises
    ------
    ValueError
        ``df`` lacks columns of :func:`extract`, or an indicator id is unknown.

    Examples
    --------
    >>> points(rows, indicators=["head_appearance_rate"]).select("district", "year", "value", "unit")  # doctest: +SKIP
    shape: (3, 4)
    ┌────────────┬──────┬───────┬──────┐
    │ district   ┆ year ┆ value ┆ unit │
    ╞════════════╪══════╪═══════╪══════╡
    │ 余杭区     ┆ 2021 ┆ 100.0 ┆ %    │
    │ 宁波高新区 ┆ 2024 ┆ 100.0 ┆ %    │
    │ 拱墅区     ┆ 2024 ┆ 100.0 ┆ %    │
    └────────────┴──────┴───────┴──────┘
    """
    _check_columns(df, tuple(INDICATORS), "points")
    names = taxonomy().select("indicator", "name_zh", pl.col("unit").alias("usual_unit"))
    if indicators is not None:
        unknown = sorted(set(indicators) - set(names["indicator"]))
        if unknown:
            msg = f"points: unknown indicator id(s) {unknown}; known: {', '.join(names['indicator'])}"
            raise ValueError(msg)
    sel = df.filter(
        pl.col("indicator").is_not_null() & ~pl.col("is_change") & pl.col("section_kind").is_in(list(kinds))
    )
    if indicators is not None:
        sel = sel.filter(pl.col("indicator").is_in(indicators))
    if districts is not None:
        sel = sel.filter(pl.col("district").is_in(districts))
    counts = sel.group_by("doc_id", "indicator").agg(pl.len().alias("n_mentions"))
    first = sel.sort("doc_id", "char_start").unique(subset=["doc_id", "indicator"], keep="first", maintain_order=True)
    out = (
        first.join(counts, on=["doc_id", "indicator"], how="left")
        .join(names, on="indicator", how="left")
        .with_columns(pl.col("unit").alias("unit_written"), pl.col("usual_unit").alias("unit"))
    )
    return out.select(list(POINTS)).cast(POINTS).sort("indicator", "year", "district", "doc_id")


def citations(df: pl.DataFrame) -> pl.DataFrame:
    """The source sentence of every figure, as a table a reader can cite.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract` or :func:`points`.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`CITATIONS`): ``district``, ``year``, ``indicator``,
        ``name_zh``, ``value``, ``unit``, ``sentence``, ``doc_id``,
        ``char_start``, ``char_end``; rows with an indicator only, sorted by
        indicator, year, district, char_start.

    Raises
    ------
    ValueError
        ``df`` lacks the columns listed above (``name_zh`` excepted).
    """
    _check_columns(df, tuple(c for c in CITATIONS if c != "name_zh"), "citations")
    out = df.filter(pl.col("indicator").is_not_null())
    if "name_zh" not in out.columns:
        out = out.join(taxonomy().select("indicator", "name_zh"), on="indicator", how="left")
    return out.select(list(CITATIONS)).cast(CITATIONS).sort("indicator", "year", "district", "doc_id", "char_start")


def coverage(df: pl.DataFrame, documents: pl.DataFrame, *, indicators: list[str] | None = None) -> pl.DataFrame:
    """Which indicators each district and year reports: one row per indicator × report.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    documents : polars.DataFrame
        ``corpus.documents`` (``doc_id``, ``district``, ``year``): every report
        gets a row, also where it states nothing.
    indicators : list of str, optional
        Canonical ids; default all ids of the taxonomy.

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`COVERAGE`): ``indicator``, ``name_zh``,
        ``district``, ``year``, ``place_year``, ``n_mentions`` (level
        mentions outside plans), ``reported``; sorted by indicator, year, district.
    """
    _check_columns(df, tuple(INDICATORS), "coverage")
    names = taxonomy().select("indicator", "name_zh")
    if indicators is not None:
        names = names.filter(pl.col("indicator").is_in(indicators))
    docs = documents.select("doc_id", "district", "year")
    counts = (
        df.filter(pl.col("indicator").is_not_null() & ~pl.col("is_change") & (pl.col("section_kind") != "plans"))
        .group_by("doc_id", "indicator")
        .agg(pl.len().alias("n_mentions"))
    )
    grid = names.join(docs, how="cross")
    out = (
        grid.join(counts, on=["doc_id", "indicator"], how="left")
        .with_columns(
            pl.col("n_mentions").fill_null(0).cast(pl.UInt32),
            pl.format("{} {}", "district", "year").alias("place_year"),
        )
        .with_columns((pl.col("n_mentions") > 0).alias("reported"))
    )
    # doc_id breaks ties between two reports of one district and year (it is not a column of the result)
    return out.sort("indicator", "year", "district", "doc_id").select(list(COVERAGE)).cast(COVERAGE)


def coverage_share(df: pl.DataFrame, by: str = "year") -> pl.DataFrame:
    """Share of reports stating each indicator, per year (or per district): coverage aggregated.

    One cell per report stops being readable beyond a few dozen reports (1,000
    reports × 25 indicators are 25,000 cells); this is the same information
    per year, which stays one small grid however many reports there are.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`coverage`.
    by : {"year", "district"}, default "year"
        The coverage column to group the reports by.

    Returns
    -------
    polars.DataFrame
        ``by``, then (see :data:`COVERAGE_SHARE`) ``indicator``, ``name_zh``,
        ``n_reports``, ``n_reported`` and ``share`` (``n_reported /
        n_reports``); indicators in the order of ``df`` (taxonomy order), then
        by ``by``.

    Raises
    ------
    ValueError
        ``df`` lacks the coverage columns; ``by`` is not "year" or "district".

    Examples
    --------
    >>> cov = pl.DataFrame({"indicator": ["a"] * 3, "name_zh": ["甲"] * 3, "district": ["x", "y", "x"],
    ...                     "year": [2020, 2020, 2021], "place_year": ["x 2020", "y 2020", "x 2021"],
    ...                     "n_mentions": [2, 0, 1], "reported": [True, False, True]})
    >>> coverage_share(cov).select("year", "n_reports", "n_reported", "share")
    shape: (2, 4)
    ┌──────┬───────────┬────────────┬───────┐
    │ year ┆ n_reports ┆ n_reported ┆ share │
    │ ---  ┆ ---       ┆ ---        ┆ ---   │
    │ i32  ┆ u32       ┆ u32        ┆ f64   │
    ╞══════╪═══════════╪════════════╪═══════╡
    │ 2020 ┆ 2         ┆ 1          ┆ 0.5   │
    │ 2021 ┆ 1         ┆ 1          ┆ 1.0   │
    └──────┴───────────┴────────────┴───────┘
    """
    _check_columns(df, tuple(COVERAGE), "coverage_share", "coverage")
    if by not in ("year", "district"):
        msg = f"coverage_share: by must be 'year' or 'district'; got {by!r}"
        raise ValueError(msg)
    order = df.select("indicator").unique(maintain_order=True).with_row_index("_order")
    out = (
        df.group_by("indicator", "name_zh", by)
        .agg(pl.len().alias("n_reports"), pl.col("reported").sum().alias("n_reported"))
        .with_columns((pl.col("n_reported") / pl.col("n_reports")).alias("share"))
        .join(order, on="indicator", how="left")
        .sort("_order", by)
    )
    return out.select(pl.col(by).cast(COVERAGE[by]), *(pl.col(c).cast(t) for c, t in COVERAGE_SHARE.items()))


def trend_summary(df: pl.DataFrame) -> pl.DataFrame:
    """Median and quartiles of each indicator's values across reports, per year.

    What a trend chart of many districts draws: a hundred coloured lines
    cannot be told apart, the middle half of the districts' values can.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`points` (one value per report and indicator).

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`TREND_SUMMARY`): ``indicator``, ``name_zh``,
        ``unit``, ``year``, ``n_reports``, ``median``, ``q25``, ``q75``
        (quartiles with linear interpolation, as ``numpy.quantile``), ``min``,
        ``max``; sorted by indicator and year.

    Raises
    ------
    ValueError
        ``df`` lacks the columns of :func:`points`.

    Examples
    --------
    >>> pts = pl.DataFrame({"indicator": ["a"] * 4, "name_zh": ["甲"] * 4, "unit": ["件"] * 4,
    ...                     "year": [2020] * 4, "value": [1.0, 2.0, 3.0, 10.0]})
    >>> trend_summary(pts).select("n_reports", "median", "q25", "q75")
    shape: (1, 4)
    ┌───────────┬────────┬──────┬──────┐
    │ n_reports ┆ median ┆ q25  ┆ q75  │
    │ ---       ┆ ---    ┆ ---  ┆ ---  │
    │ u32       ┆ f64    ┆ f64  ┆ f64  │
    ╞═══════════╪════════╪══════╪══════╡
    │ 4         ┆ 2.5    ┆ 1.75 ┆ 4.75 │
    └───────────┴────────┴──────┴──────┘
    """
    _check_columns(df, ("indicator", "name_zh", "unit", "year", "value"), "trend_summary", "points")
    v = pl.col("value")
    out = df.group_by("indicator", "name_zh", "unit", "year").agg(
        pl.len().alias("n_reports"),
        v.median().alias("median"),
        v.quantile(0.25, interpolation="linear").alias("q25"),
        v.quantile(0.75, interpolation="linear").alias("q75"),
        v.min().alias("min"),
        v.max().alias("max"),
    )
    return out.select(pl.col(c).cast(t) for c, t in TREND_SUMMARY.items()).sort("indicator", "year")


# ----------------------------------------------------------------------------- accuracy against a hand annotation


def read_gold(folder: str | os.PathLike[str] = "tests/gold") -> pl.DataFrame:
    """Read hand annotations of canonical indicator mentions, one CSV per report.

    Parameters
    ----------
    folder : str or path-like, default "tests/gold"
        Folder of ``<doc_id>.csv`` files with columns ``indicator``, ``value``,
        ``unit``, ``is_change``, ``snippet``; relative paths are taken from
        the project root.

    Returns
    -------
    polars.DataFrame
        Columns ``doc_id``, ``indicator``, ``value`` (Float64), ``unit``,
        ``is_change``, ``snippet``; sorted by doc_id, then file order.

    Raises
    ------
    FileNotFoundError
        ``folder`` holds no CSV file.
    """
    root = config.resolve(folder)
    files = sorted(root.glob("*.csv"))
    if not files:
        msg = f"read_gold: no <doc_id>.csv files in {root}; expected hand annotations such as tests/gold/"
        raise FileNotFoundError(msg)
    frames = [
        pl.read_csv(f, schema_overrides={"value": pl.Float64, "is_change": pl.Boolean}).with_columns(
            pl.lit(f.stem).alias("doc_id")
        )
        for f in files
    ]
    return pl.concat(frames).select("doc_id", "indicator", "value", "unit", "is_change", "snippet")


def accuracy(df: pl.DataFrame, gold: pl.DataFrame) -> pl.DataFrame:
    """Precision and recall of extracted indicators against a hand annotation, per report and pooled.

    A predicted (indicator, value) pair is correct when the gold annotation of
    the same report has the same indicator and value; each gold mention can be
    matched once (multiset intersection). Only reports present in ``gold`` count.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    gold : polars.DataFrame
        Result of :func:`read_gold` (``doc_id``, ``indicator``, ``value``).

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`ACCURACY`): ``doc_id``, ``district``, ``year``,
        ``n_gold``, ``n_predicted``, ``n_correct``, ``precision``,
        ``recall``; one row per annotated report (sorted by doc_id), then a
        row ``doc_id = "all"`` pooling them.
    """
    _check_columns(df, tuple(INDICATORS), "accuracy")
    keys = ["doc_id", "indicator", "value"]
    pred = (
        df.filter(pl.col("indicator").is_not_null() & pl.col("doc_id").is_in(gold["doc_id"].unique().to_list()))
        .group_by(keys)
        .agg(pl.len().alias("n_p"))
    )
    gol = gold.group_by(keys).agg(pl.len().alias("n_g"))
    both = gol.join(pred, on=keys, how="full", coalesce=True).with_columns(
        pl.col("n_p").fill_null(0), pl.col("n_g").fill_null(0)
    )
    per = (
        both.group_by("doc_id")
        .agg(
            pl.col("n_g").sum().cast(pl.Int64).alias("n_gold"),
            pl.col("n_p").sum().cast(pl.Int64).alias("n_predicted"),
            pl.min_horizontal("n_g", "n_p").sum().cast(pl.Int64).alias("n_correct"),
        )
        .sort("doc_id")
    )
    places = df.select("doc_id", "district", "year").unique("doc_id")
    per = per.join(places, on="doc_id", how="left")
    total = per.select(
        pl.lit("all").alias("doc_id"),
        pl.lit(None, pl.String).alias("district"),
        pl.lit(None, pl.Int32).alias("year"),
        pl.col("n_gold").sum(),
        pl.col("n_predicted").sum(),
        pl.col("n_correct").sum(),
    )
    out = pl.concat([per.select(total.columns), total], how="vertical_relaxed")
    out = out.with_columns(
        (pl.col("n_correct") / pl.col("n_predicted")).alias("precision"),
        (pl.col("n_correct") / pl.col("n_gold")).alias("recall"),
    )
    return out.select(list(ACCURACY)).cast(ACCURACY)
