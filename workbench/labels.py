"""Names for people in Chinese or English: places in pinyin, units, part kinds.

Charts and tables that take ``lang="en"`` use these to write what a person
reads in English: districts in Hanyu Pinyin (pypinyin) with the suffix
translated (拱墅区 → Gongshu District, 宁波高新区 → Ningbo High-tech Zone),
units (件 → cases), and the report parts (plans → Plans). Frames keep their
Chinese values; only what is drawn changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import polars as pl

__all__ = ["LANGS", "Lang", "check_lang", "has_cjk", "kind", "place", "place_en", "places", "translate", "unit", "without_chinese"]

Lang = Literal["zh", "en"]
#: Languages the chart helpers and tables speak.
LANGS: tuple[str, ...] = ("zh", "en")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: Suffixes of place names and their English, longest first (a zone's suffix before 区).
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("经济开发区", "Economic Development Zone"),
    ("高新区", "High-tech Zone"),
    ("经开区", "Economic Development Zone"),
    ("开发区", "Development Zone"),
    ("保税区", "Free Trade Zone"),
    ("园区", "Park"),
    ("新区", "New Area"),
    ("自治县", "Autonomous County"),
    ("自治州", "Autonomous Prefecture"),
    ("街道", "Subdistrict"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
    ("旗", "Banner"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("省", "Province"),
)

#: Units of :data:`workbench.indicators.UNITS` in English.
UNITS_EN: dict[str, str] = {
    "个百分点": "percentage points", "百分点": "percentage points", "个工作日": "working days", "工作日": "working days",
    "平方米": "m²", "公里": "km", "小时": "hours", "分钟": "minutes", "人次": "person-times", "件次": "case-times",
    "家次": "enterprise-times", "户次": "household-times", "批次": "batches", "场次": "sessions",
    "元": "yuan", "件": "cases", "次": "times", "人": "persons", "家": "entities", "份": "documents", "卷": "files",
    "名": "persons", "项": "items", "个": "items", "场": "sessions", "篇": "articles", "条": "items", "起": "cases",
    "户": "households", "批": "batches", "天": "days", "本": "volumes", "期": "issues", "所": "institutions",
    "套": "sets", "张": "sheets", "组": "groups", "轮": "rounds", "位": "persons", "宗": "cases", "部": "pieces",
    "处": "places", "%": "%", "‰": "‰",
}

#: Report parts (``sections.kind``) by language.
KINDS: dict[str, dict[str, str]] = {
    "achievements": {"zh": "成效部分", "en": "Achievements"},
    "shortcomings": {"zh": "不足部分", "en": "Shortcomings"},
    "duties": {"zh": "第一责任人职责部分", "en": "Leaders' duties"},
    "plans": {"zh": "计划部分", "en": "Plans"},
    "other": {"zh": "其他部分", "en": "Other"},
}

#: Phrases the notebooks pass as group names, in English.
_PHRASES: dict[str, str] = {
    "其余各区": "other districts",
    "其余地区": "other districts",
    "目标组": "target",
    "参照组": "reference",
    "计划部分": "Plans",
    "成效部分": "Achievements",
    "不足部分": "Shortcomings",
}


def check_lang(lang: str, func: str) -> None:
    """Raise ``ValueError`` unless ``lang`` is one of :data:`LANGS`."""
    if lang not in LANGS:
        msg = f"{func}: lang must be 'zh' or 'en'; got {lang!r}"
        raise ValueError(msg)


def has_cjk(text: object) -> bool:
    """Whether ``text`` holds a Chinese character.

    Examples
    --------
    >>> has_cjk("Gongshu District"), has_cjk("拱墅区 2024")
    (False, True)
    """
    return bool(_CJK.search(str(text)))


def without_chinese(text: str) -> str:
    """``text`` with its Chinese words taken out, and the brackets and commas they leave tidied.

    For English labels that quote the Chinese term (the taxonomy's ``name_en`` may).

    Examples
    --------
    >>> without_chinese("Disputes between citizens resolved (矛盾纠纷, mostly by people's mediation)")
    "Disputes between citizens resolved (mostly by people's mediation)"
    >>> without_chinese("Cases where a penalty was waived (首违不罚, 轻微免罚) or reduced (减罚)")
    'Cases where a penalty was waived or reduced'
    """
    out = _CJK.sub("", text)
    out = re.sub(r"[\[(（]\s*[,，、;；\s]*[)）\]]", "", out)
    out = re.sub(r"([(（])\s*[,，、;；]\s*", r"\1", out)
    out = re.sub(r"\s*[,，、;；]\s*([)）])", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip()


def _pinyin(text: str) -> str:
    """``text`` in pinyin without tones, syllables joined, the first letter capitalised (西安 → Xi'an)."""
    from pypinyin import lazy_pinyin

    out = ""
    for syllable in lazy_pinyin(text, errors="default"):
        if not syllable:
            continue
        if out and syllable[0] in "aoe" and out[-1].isalpha():
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=4096)
def place_en(name: str) -> str:
    """A place name in English: pinyin of the proper name, the suffix translated.

    Parameters
    ----------
    name : str
        拱墅区, 宁波高新区, 杭州市 … (a name without Chinese is returned as is).

    Examples
    --------
    >>> place_en("拱墅区"), place_en("椒江区"), place_en("宁波高新区"), place_en("西安市")
    ('Gongshu District', 'Jiaojiang District', 'Ningbo High-tech Zone', "Xi'an City")
    >>> place_en("拱墅区 2024")
    'Gongshu District 2024'
    """
    if not has_cjk(name):
        return name
    if name in _PHRASES:
        return _PHRASES[name]
    parts = re.split(r"(\s+|\s*·\s*)", name)
    if len(parts) > 1:
        return "".join(place_en(p) if has_cjk(p) else p for p in parts)
    for suffix, english in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{_pinyin(name[: -len(suffix)])} {english}"
    return _pinyin(name)


def place(name: str | None, lang: Lang = "zh") -> str | None:
    """``name`` as written in ``lang`` (Chinese unchanged; English see :func:`place_en`)."""
    if name is None or lang == "zh":
        return name
    return place_en(name)


def places(values: Iterable[str | None], lang: Lang = "zh") -> dict[str, str]:
    """Mapping of each distinct value to its name in ``lang`` (for ``pl.col(...).replace``)."""
    return {v: place(v, lang) for v in dict.fromkeys(values) if v is not None}


def translate(df: pl.DataFrame, columns: Iterable[str], lang: Lang = "zh") -> pl.DataFrame:
    """``df`` with the place names in ``columns`` written in ``lang`` (a no-op for ``"zh"``).

    Examples
    --------
    >>> translate(pl.DataFrame({"district": ["上城区", "余杭区"]}), ["district"], "en")["district"].to_list()
    ['Shangcheng District', 'Yuhang District']
    """
    if lang == "zh":
        return df
    cols = [c for c in columns if c in df.columns]
    return df.with_columns([pl.col(c).replace(places(df[c].to_list(), lang)) for c in cols])


def unit(u: str | None, lang: Lang = "zh") -> str | None:
    """A unit in ``lang``: 件 → cases in English (unknown units in pinyin).

    Examples
    --------
    >>> unit("件", "en"), unit("个百分点", "en"), unit("%", "en"), unit("件")
    ('cases', 'percentage points', '%', '件')
    """
    if u is None or lang == "zh":
        return u
    return UNITS_EN.get(u) or (_pinyin(u) if has_cjk(u) else u)


def kind(k: str, lang: Lang = "zh") -> str:
    """A report part (``sections.kind``) in ``lang``: plans → 计划部分 / Plans.

    Examples
    --------
    >>> kind("plans"), kind("plans", "en")
    ('计划部分', 'Plans')
    """
    return KINDS.get(k, {}).get(lang, k)
