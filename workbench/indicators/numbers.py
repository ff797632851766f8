"""The number grammar: units, written numbers (Arabic, Chinese, mixed), qualifiers, and the
quantities of a string with the exclusions that make a number not a quantity."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import cn2an

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
    rf"[ \u3000]?(?P<unit>{_UNITS_RE})(?P<q3>以上|左右|以内|以下)?"
)
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3}
#: Qualifiers written before the number, mapped to the value of the ``qualifier`` column.
_QUAL_BEFORE = {
    "将近": "近", "接近": "近", "近": "近", "超过": "超", "超": "超", "逾": "超", "约": "约", "大约": "约",
    "不低于": "以上", "不少于": "以上", "低于": "以下", "不超过": "以下", "不高于": "以下",
}  # fmt: skip
_QUAL_BEFORE_RE = re.compile("(?:" + "|".join(sorted(_QUAL_BEFORE, key=len, reverse=True)) + ")$")
_QUAL_AFTER = {"余": "余", "多": "多", "以上": "以上", "左右": "约", "以内": "以下", "以下": "以下"}
#: A bare order of magnitude (百, 千, 万) is a number only with an approximation: 百余件, 千余件, 数百件,
#: 上千人, 近百家, 逾万人. Alone (千家万户, 百场讲座) it is a word.
_MAGNITUDE = re.compile(r"[十百千万]+")
#: Words before a bare magnitude that make it an approximate quantity, and their qualifier.
_QUAL_MAGNITUDE = {"数": "数", "几": "数", "上": "上"}
#: Signs between the two ends of a range (3至5件, 10-20件, 3~5个).
_RANGE_SIGNS = "至到-—－~～"
_RANGE_LOW = re.compile(
    rf"(?P<num>{_AR}|{_CN})(?P<mult>万|亿|千)?\s*(?:{'|'.join(map(re.escape, _RANGE_SIGNS))})\s*$"
)

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
        余, 多, 近, 超, 约, 以上 (also 不低于, 不少于), 以下 (低于, 不超过, 以内), 数 (数百, 几千)
        or 上 (上千).
    value_high : float or None
        The high end of a range (3至5件: value 3.0, value_high 5.0).
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str | None
    value_high: float | None = None


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
    if s[0] in "百千万亿":
        s = "一" + s  # 百余件, 千余件: the magnitude alone is one of it
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
    """The quantity of match ``m``; ValueError if it is not one (a bare 千 without an approximation)."""
    value = parse_number(m["num"])
    if m["mult"]:
        value = _times(value, _MULTIPLIERS[m["mult"]])
    before = _QUAL_BEFORE_RE.search(text[max(0, m.start() - 3) : m.start()])
    magnitude = _MAGNITUDE.fullmatch(m["num"]) and not m["num"].startswith("十")
    lead = text[m.start() - 1 : m.start()] if m.start() else ""
    qualifier = (
        _QUAL_AFTER[m["q1"] or m["q2"]]
        if (m["q1"] or m["q2"])
        else _QUAL_AFTER[m["q3"]]
        if m["q3"]
        else _QUAL_MAGNITUDE[lead]
        if magnitude and lead in _QUAL_MAGNITUDE
        else _QUAL_BEFORE[before.group()]
        if before
        else None
    )
    if magnitude and qualifier is None:
        msg = f"_quantity: {m.group()!r} is a bare magnitude without an approximation (千家万户), not a quantity"
        raise ValueError(msg)
    end = m.end("unit")
    return Quantity(m.start(), end, text[m.start() : end], float(value), m["unit"], qualifier)


def _range(m: re.Match[str], text: str) -> Quantity | None:
    """The range whose high end is match ``m`` (3至5件, 1万至2万元, 10-20件), or None.

    The low end takes the multiplier of the high end when it has none (3至5万元 is 3万 to 5万).
    """
    low = _RANGE_LOW.search(text[: m.start()])
    if low is None:
        return None
    high = _quantity(m, text)
    value = parse_number(low["num"])
    mult = low["mult"] or m["mult"]
    if mult:
        value = _times(value, _MULTIPLIERS[mult])
    start = low.start()
    return Quantity(start, high.end, text[start : high.end], float(value), high.unit, high.qualifier, high.value)


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


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The ``exclude`` regular expressions compiled once (:func:`quantities` reads every sentence)."""
    return tuple(re.compile(p) for p in patterns)


def _excluded_spans(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    for p in patterns:
        spans.extend((m.start(), m.end()) for m in p.finditer(text))
    return spans


#: A numeral right before a range sign: 2021至, 3-, 三至.
_RANGE_START = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万]\s*$")


def _is_ordinal_start(text: str, start: int) -> bool:
    """True if the number starting at ``start`` is an ordinal or rate (第3至5条, 每3-5人)."""
    return text[start - 1 : start] in {"第", "每", "前"} if start else False


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
    from .taxonomy import load_taxonomy  # the taxonomy validates units against this module

    out: list[Quantity] = []
    matches = list(_QUANTITY.finditer(text))
    if not matches:  # most sentences: no number with a unit, so no exclusions to find
        return out
    patterns = load_taxonomy().exclude if exclude is None else _compiled(tuple(exclude))
    spans = _excluded_spans(text, patterns)
    for m in matches:
        s, e = m.start(), m.end("unit")
        try:
            rng = _range(m, text) if text[s - 1 : s] in _RANGE_SIGNS and s else None
            if rng is not None:
                s = rng.start
            if any(a < e and s < b for a, b in spans):
                continue
            if rng is not None:
                if not _is_ordinal_start(text, s):
                    out.append(rng)
                continue
            if _is_structural_exclusion(text, m):
                continue
            out.append(_quantity(m, text))
        except ValueError:
            continue
    return out


