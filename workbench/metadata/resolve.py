"""From candidates to one value per field, with the rows that say why.

Rules (docs/metadata.md has the table):

- a manifest value wins, always;
- place: the reporting unit comes from the most trusted source that names
  one (chrome's 发布机构 when it names a unit, then the title, the sign-off,
  the file name, the body's opening). When two sources above the body name
  different units, or the body's own mentions disagree and nothing above
  them speaks, the district is left null with a warning. A city, province
  or national organ named by a subject (深圳市人民政府) makes the report that
  level. The city and province of a unit come from the gazetteer, or when it
  is ambiguous or not in it (朝阳区, 大鹏新区) from a city printed before it
  or named by another source;
- year: the title, else the opening line, else the file name, else the year
  before the publication date. Title and opening line (or file name) that
  disagree leave it null with a warning;
- publish_date: a publication label (发布时间, 发布日期, 公开日期 …), else a
  writing label (成文日期, 发文日期 …), else the sign-off date. Two different
  dates under labels of the same rank leave it null with a warning;
- doc_number, index_number, publisher, title: the first of their sources.
"""

from __future__ import annotations

import datetime as dt
import re

from ..schemas import METADATA_FIELDS, SOURCES
from .evidence import Candidate
from .gazetteer import UNIT_LEVELS, Place, gazetteer, parse_subject, unit_level

FIELDS: tuple[str, ...] = METADATA_FIELDS

_RANK = {s: i for i, s in enumerate(SOURCES)}


def resolve(cands: list[Candidate], body: str = "") -> tuple[dict[str, object], list[Candidate], list[str]]:
    """Pick each field's value from ``cands``.

    Returns
    -------
    values : dict
        One value (or None) per field of :data:`FIELDS`.
    chosen : list of Candidate
        The candidates each value rests on (one or more per field), for the
        ``metadata`` frame.
    warnings : list of str
        Why a field is null or doubtful (no file name in them; the caller adds it).
    """
    values: dict[str, object] = {f: None for f in FIELDS}
    chosen: list[Candidate] = []
    warnings: list[str] = []
    manifest = {c.field: c for c in cands if c.source == "manifest"}

    for field in ("title", "doc_number", "index_number", "publisher"):
        if field in manifest:
            values[field], _ = manifest[field].value, chosen.append(manifest[field])
            continue
        found = [c for c in cands if c.field == field]
        if found:
            best = min(found, key=lambda c: _RANK[c.source])
            values[field] = best.value
            chosen.append(best)

    _resolve_place(cands, manifest, values, chosen, warnings, body)
    dept = next((c for c in cands if c.field == "department"), None)
    if dept is not None:
        warnings.append(
            f"level: the title names a department ({dept.evidence}), not a government; its place is its "
            "government's, so it groups with that government's own report. Keep or drop it knowingly."
        )
    _resolve_date(cands, manifest, values, chosen, warnings)
    _resolve_year(cands, manifest, values, chosen, warnings)
    return values, chosen, warnings


#: How specific a unit is: a 街道 or 乡镇 lies in a county-level unit; a zone often does too.
_TIER = {"subdistrict": 3, "township": 3, "dev_zone": 2, "new_area": 2, "district": 1, "county": 1, "county_city": 1}


#: The levels a report that calls itself so (我县 → county …) can have.
_FITS = {
    "county": {"county"},
    "province": {"province"},
    "subdistrict": {"subdistrict"},
    "township": {"township"},
    "dev_zone": {"dev_zone", "new_area"},
    "new_area": {"new_area", "dev_zone"},
}
#: Which levels hold which: a higher number holds a lower one.
_ORDER = {
    "national": 6, "province": 5, "city": 4, "district": 3, "county": 3, "county_city": 3,
    "dev_zone": 2, "new_area": 2, "subdistrict": 1, "township": 1,
}


_ZONE_SHORT = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"))


def _short(name: str | None) -> str | None:
    """A zone's name in its short form, to compare spellings (天津滨海高新技术产业开发区 = 天津滨海高新区)."""
    for long, short in _ZONE_SHORT:
        if name and name.endswith(long):
            return name[: -len(long)] + short
    return name


def _within(unit: Place, upper: Place) -> bool:
    """Whether ``unit`` can lie in the city or province ``upper`` names (unknown counts as yes)."""
    if upper.level == "national":
        return True
    if upper.level == "province":
        return unit.province in (None, upper.province)
    return unit.city in (None, upper.city) and unit.province in (None, upper.province)


def _groups(places: list[Candidate]) -> list[list[Candidate]]:
    """Place candidates in groups of trust: named (title, chrome organ lines, sign-off, file name), body, publisher."""
    named = [c for c in places if c.field == "place" and c.source != "body"]
    body = [c for c in places if c.field == "place" and c.source == "body"]
    publisher = [c for c in places if c.field == "publisher_place"]
    return [g for g in (named, body, publisher) if g]


def _resolve_place(cands, manifest, values, chosen, warnings, body_text: str = "") -> None:
    places = sorted((c for c in cands if c.place is not None), key=lambda c: _RANK[c.source])
    pick: Candidate | None = None
    level_pick: Candidate | None = None
    if "district" in manifest:
        m = manifest["district"]
        place = parse_subject(str(m.value)) or Place(str(m.value), None, None, "district", str(m.value))
        pick = Candidate("place", m.value, "manifest", m.evidence, place=place)
    else:
        for group in _groups(places):
            units = [c for c in group if c.place.level in UNIT_LEVELS]
            if not units:
                if level_pick is None:
                    level_pick = group[0]
                if level_pick.source in ("title", "signoff", "body"):
                    break  # a title naming a city or province is that city's or province's report
                continue  # a file name or banner naming only a city: a later group may name a unit in it
            top = max(_TIER[c.place.level] for c in units)
            specific = [c for c in units if _TIER[c.place.level] == top]
            if len({(c.place.district, c.place.level) for c in specific}) > 1:
                shown = "; ".join(f"{c.source} says {c.place.district} ({c.evidence})" for c in _first_per_value(specific))
                warnings.append(f"district: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
                return _manifest_place(manifest, values, chosen)
            if level_pick is not None and not _within(specific[0].place, level_pick.place):
                shown = f"{level_pick.source} says {level_pick.place.printed} ({level_pick.evidence}); {specific[0].source} says {specific[0].place.district}"
                warnings.append(f"district: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
                return _manifest_place(manifest, values, chosen)
            pick = specific[0]
            level_pick = None
            break
        # a publisher or banner naming another unit of the same rank contradicts the pick
        if pick is not None and pick.field == "place":
            for c in places:
                if (
                    c.field == "publisher_place"
                    and c.place.level in UNIT_LEVELS
                    and _TIER[c.place.level] == _TIER[pick.place.level]
                    and _short(c.place.district) != _short(pick.place.district)
                ):
                    shown = f"{pick.source} says {pick.place.district} ({pick.evidence}); the page's publisher is {c.place.district} ({c.evidence})"
                    warnings.append(f"district: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
                    return _manifest_place(manifest, values, chosen)
        # the report's own word for itself (我县, 我街道, 全省各级) must fit the level chosen
        own = next((c for c in cands if c.field == "self_level" and c.evidence.startswith("我")), None)
        chosen_place = (pick or level_pick).place if (pick or level_pick) else None
        if own is not None and chosen_place is not None and chosen_place.level not in _FITS[own.value]:
            shown = f"{(pick or level_pick).source} names {chosen_place.printed} ({(pick or level_pick).evidence})"
            warnings.append(
                f"district: the report calls itself {own.evidence} but {shown}; left empty. Set it in data/manifest.csv."
            )
            if _ORDER[chosen_place.level] > _ORDER[own.value]:  # the named place holds the report's unit
                values.update(level=own.value, city=chosen_place.city, province=chosen_place.province)
                chosen.append(Candidate("level", own.value, own.source, own.evidence, own.char_start, own.char_end))
                for f in ("city", "province"):
                    if values[f]:
                        src = pick or level_pick
                        chosen.append(Candidate(f, values[f], src.source, src.evidence, src.char_start, src.char_end))
            return _manifest_place(manifest, values, chosen)
    if pick is None and level_pick is None:
        self_level = next((c for c in cands if c.field == "self_level"), None)
        if self_level is not None and "level" not in manifest:
            values["level"] = self_level.value
            chosen.append(Candidate("level", self_level.value, self_level.source, self_level.evidence, self_level.char_start, self_level.char_end))
            cities, provinces = jurisdiction_slogans(body_text)
            units = slogan_units(body_text, self_level.value)
            if self_level.value in ("county", "district", "county_city") and len(units) == 1:
                # 全县 … 法治高台: the county's own slogan names it
                (u, (e, a, b)), = units.items()
                home = gazetteer().units[u]
                if len(home) == 1:
                    values.update(district=u, city=home[0][0], province=home[0][1])
                    for f in ("district", "city", "province"):
                        chosen.append(Candidate(f, values[f], "body", e, a, b))
                    warnings.append(f"district: {u} read from the slogan {e} (the report calls itself {self_level.evidence}); check it.")
                    return _manifest_place(manifest, values, chosen)
            if self_level.value != "province" and len(cities) == 1:
                (c, (e, a, b)), = cities.items()
                values["city"], values["province"] = c, gazetteer().city_province[c]
                chosen.append(Candidate("city", c, "body", e, a, b))
                chosen.append(Candidate("province", values["province"], "body", e, a, b))
            elif len(provinces) == 1:
                (p, (e, a, b)), = provinces.items()
                values["province"] = p
                chosen.append(Candidate("province", p, "body", e, a, b))
            warnings.append(
                f"district: the report calls itself {self_level.evidence} but does not print its name; "
                "left empty. Set it in data/manifest.csv."
            )
        else:
            warnings.append("district: no source names the reporting unit; left empty. Set it in data/manifest.csv.")
        return _manifest_place(manifest, values, chosen)
    if pick is None:
        place = level_pick.place
        values.update(district=None, city=place.city, province=place.province, level=place.level)
        for f in ("level", "city", "province"):
            if values[f]:
                chosen.append(Candidate(f, values[f], level_pick.source, level_pick.evidence, level_pick.char_start, level_pick.char_end))
        return _manifest_place(manifest, values, chosen)

    place = pick.place
    values["district"], values["level"] = place.district, place.level
    chosen.append(Candidate("district", place.district, pick.source, pick.evidence, pick.char_start, pick.char_end))
    chosen.append(Candidate("level", place.level, pick.source, pick.evidence, pick.char_start, pick.char_end))
    city, province, city_src = place.city, place.province, pick
    # other sources naming a place that holds the unit (its county, its city): they must agree
    # with the unit's own city where both are known, and give it where the unit's is not known
    for c in places:
        if c is pick or c.place.district == place.district or c.place.city is None:
            continue
        if c.place.level in UNIT_LEVELS and _TIER[c.place.level] >= _TIER.get(place.level, 0):
            continue  # a unit as specific as the pick, from a less trusted group: not a parent
        if city is not None:
            if c.place.city != city and c.source != "body" and c.field == "place":
                shown = f"{pick.source} says {place.district} of {city}; {c.source} says {c.place.city} ({c.evidence})"
                warnings.append(f"city: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
                city = province = None
                city_src = None
                break
            continue
        homes = gazetteer().units.get(place.district or "", ())
        if homes and not any(h[0] == c.place.city for h in homes):
            continue
        if province and c.place.province != province:
            continue
        city, province, city_src = c.place.city, c.place.province, c
    if city is None and city_src is not None and body_text:
        city, province, city_src = _city_from_body(place, body_text, city_src)
    province_src = city_src
    if city is None and city_src is not None and body_text and place.level in ("subdistrict", "township", "dev_zone", "new_area"):
        parents = parent_mentions(body_text)
        if len(parents) == 1:
            (u, (e, a, b)), = parents.items()
            home = gazetteer().units[u]
            if len(home) == 1 and (province is None or home[0][1] == province):
                city, province = home[0]
                city_src = province_src = Candidate("city", city, "body", e, a, b)
    if city is None and city_src is not None and body_text:
        homes = {c for c, _ in gazetteer().units.get(place.district or "", ())}
        cities, provinces = jurisdiction_slogans(body_text)
        cities = {c: e for c, e in cities.items() if (not homes or c in homes) and (province is None or gazetteer().city_province[c] == province)}
        if len(cities) == 1:
            (c, (e, a, b)), = cities.items()
            city, province = c, gazetteer().city_province[c]
            city_src = province_src = Candidate("city", c, "body", e, a, b)
        elif province is None and len(provinces) == 1:
            (p, (e, a, b)), = provinces.items()
            province, province_src = p, Candidate("province", p, "body", e, a, b)
    values["city"], values["province"] = city, province
    if city_src is not None:
        if city:
            chosen.append(Candidate("city", city, city_src.source, city_src.evidence, city_src.char_start, city_src.char_end))
    if province and province_src is not None:
        chosen.append(Candidate("province", province, province_src.source, province_src.evidence, province_src.char_start, province_src.char_end))
    if city is None and city_src is not None:
        warnings.append(f"city: {place.district} is not in the gazetteer or is ambiguous, and no source names its city; left empty.")
    _manifest_place(manifest, values, chosen)


def _manifest_place(manifest, values, chosen) -> None:
    for f in ("city", "province", "level"):
        if f in manifest:
            values[f] = manifest[f].value
            chosen.append(manifest[f])


#: The genre's names for the construction under way in a jurisdiction: 法治浙江, 法治珠海, 平安杭州.
_SLOGAN = re.compile(r"(?:法治|平安)(?P<stem>[\u4e00-\u9fff]{2,3})")


def jurisdiction_slogans(body: str) -> tuple[dict[str, tuple[str, int, int]], dict[str, tuple[str, int, int]]]:
    """Cities and provinces named by the genre's slogans (法治珠海建设, 法治广东), first mention each.

    Reports place their work inside the construction of their city's and
    province's 法治X; where a unit's city or province is not printed, these
    name it. Returns (city → (evidence, start, end), province → (…)).

    Examples
    --------
    >>> cities, provinces = jurisdiction_slogans("2022年平安珠海建设考评、法治珠海建设考评均获得优秀,法治广东建设……")
    >>> list(cities), list(provinces)
    (['珠海市'], ['广东省'])
    """
    g = gazetteer()
    cities: dict[str, tuple[str, int, int]] = {}
    provinces: dict[str, tuple[str, int, int]] = {}
    for m in _SLOGAN.finditer(body[:3000]):
        stem = m.group("stem")
        for n in (3, 2):
            part = stem[:n]
            end = m.start() + 2 + len(part)
            if part in g.short_provinces:
                provinces.setdefault(g.short_provinces[part], (body[m.start() : end], m.start(), end))
                break
            if part in g.short_cities:
                cities.setdefault(g.short_cities[part], (body[m.start() : end], m.start(), end))
                break
    return cities, provinces


_COUNTY_NAME = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{1,8}?(?:区|县|旗)")


def parent_mentions(body: str) -> dict[str, tuple[str, int, int]]:
    """County-level units the opening names (in 《》 too, or as 法治上城): the parent of a 街道, 乡, 镇 or zone.

    Only units of one city, unique in the gazetteer, count; the caller uses
    them when exactly one is named.

    Examples
    --------
    >>> list(parent_mentions("认真落实《清城区2022年法治政府建设工作要点》"))
    ['清城区']
    """
    g = gazetteer()
    found: dict[str, tuple[str, int, int]] = {}
    head = body[:1000]
    for m in re.finditer(r"(?:^|(?<=[《“\n。;,:、]))([\u4e00-\u9fff]{1,8}?(?:区|县|旗))", head):
        name = m.group(1)
        if name in g.units and len(name) >= 3 and len(g.units[name]) == 1 and unit_level(name) in ("district", "county"):
            found.setdefault(name, (name, m.start(1), m.end(1)))
    for name, ev in slogan_units(head, None).items():
        found.setdefault(name, ev)
    return found


def slogan_units(body: str, level: str | None) -> dict[str, tuple[str, int, int]]:
    """County-level units named by slogans (法治高台 → 高台县, 法治上城 → 上城区), unique in the gazetteer.

    With ``level``, only units of that level (county: 县 or 旗; district: 区).
    """
    g = gazetteer()
    out: dict[str, tuple[str, int, int]] = {}
    for m in _SLOGAN.finditer(body[:3000]):
        stem = m.group("stem")
        for n in (3, 2):
            part = stem[:n]
            if part in g.short_provinces or part in g.short_cities:
                break
            units = [u for u in g.unit_stems.get(part, ()) if len(g.units[u]) == 1]
            if level is not None:
                units = [u for u in units if unit_level(u) == level]
            if len(units) == 1:
                end = m.start() + 2 + len(part)
                out.setdefault(units[0], (body[m.start() : end], m.start(), end))
                break
    return out


def _city_from_body(place: Place, body: str, pick: Candidate) -> tuple[str | None, str | None, Candidate]:
    """The city of an ambiguous or unlisted unit from the body's own mentions of cities.

    For a gazetteer unit of several cities (南山区: 深圳市 or 四平市 …), the
    candidate cities; for a unit not in the gazetteer (大鹏新区), any city. A
    city counts when the body names it (full name or its name without 市) at
    least three times and at least twice as often as any other candidate.
    """
    g = gazetteer()
    homes = g.units.get(place.district or "", ())
    pool = sorted({c for c, _ in homes}) if homes else sorted(g.city_province)
    if place.province:
        pool = [c for c in pool if g.city_province.get(c) == place.province]
    stems = {c: c[:-1] if c.endswith("市") and len(c) >= 3 else c for c in pool}
    counts = sorted(((body.count(stem), c) for c, stem in stems.items() if len(stem) >= 2), reverse=True)
    if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None, place.province, pick
    n, city = counts[0]
    evidence = f"{stems[city]} named {n} times in the body" + (f"; next {counts[1][1]} {counts[1][0]}" if len(counts) > 1 and counts[1][0] else "")
    return city, g.city_province[city], Candidate("city", city, "body", evidence)


def _first_per_value(cands: list[Candidate]) -> list[Candidate]:
    seen, out = set(), []
    for c in sorted(cands, key=lambda c: _RANK[c.source]):
        key = (c.place.district, c.place.level)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _resolve_date(cands, manifest, values, chosen, warnings) -> None:
    if "publish_date" in manifest:
        values["publish_date"] = manifest["publish_date"].value
        chosen.append(manifest["publish_date"])
        return
    for field in ("publish_date", "publish_time", "written_date", "signoff_date", "update_date"):
        found = [c for c in cands if c.field == field]
        if not found:
            continue
        dates = list(dict.fromkeys(c.value for c in found))
        if len(dates) > 1:
            shown = "; ".join(c.evidence for c in found)
            warnings.append(f"publish_date: the page gives different dates ({shown}); left empty.")
            return
        values["publish_date"] = dates[0]
        chosen.append(Candidate("publish_date", dates[0], found[0].source, found[0].evidence, found[0].char_start, found[0].char_end))
        return


def _resolve_year(cands, manifest, values, chosen, warnings) -> None:
    if "year" in manifest:
        values["year"] = manifest["year"].value
        chosen.append(manifest["year"])
        return
    by_source = {}
    for c in cands:
        if c.field == "year" and c.source not in by_source:
            by_source[c.source] = c
    strong = [by_source[s] for s in ("title", "body", "filename") if s in by_source]
    if strong:
        if len({c.value for c in strong}) > 1:
            shown = "; ".join(f"{c.source} says {c.value} ({c.evidence})" for c in strong)
            warnings.append(f"year: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
            return
        values["year"] = strong[0].value
        chosen.append(strong[0])
        return
    ranges = [c for c in cands if c.field == "year_range"]
    if ranges:
        warnings.append(f"year: the title covers several years ({ranges[0].evidence}); left empty. Set it in data/manifest.csv.")
        return
    date = values.get("publish_date")
    if isinstance(date, dt.date):
        values["year"] = date.year - 1
        src = next((c for c in chosen if c.field == "publish_date"), None)
        chosen.append(Candidate("year", date.year - 1, src.source if src else "chrome", f"the year before publication ({date.isoformat()})"))
        warnings.append(f"year: no title, opening line or file name gives it; taken as the year before publication ({date.isoformat()}). Check it.")
        return
    warnings.append("year: no title, opening line, file name or publication date gives it; left empty. Set it in data/manifest.csv.")
