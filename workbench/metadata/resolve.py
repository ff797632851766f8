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

from .evidence import SOURCES, Candidate
from .gazetteer import UNIT_LEVELS, Place, gazetteer, parse_subject

FIELDS: tuple[str, ...] = (
    "title",
    "district",
    "city",
    "province",
    "level",
    "year",
    "publish_date",
    "doc_number",
    "index_number",
    "publisher",
)

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
    _resolve_date(cands, manifest, values, chosen, warnings)
    _resolve_year(cands, manifest, values, chosen, warnings)
    return values, chosen, warnings


#: How specific a unit is: a 街道 or 乡镇 lies in a county-level unit; a zone often does too.
_TIER = {"subdistrict": 3, "township": 3, "dev_zone": 2, "new_area": 2, "district": 1, "county": 1, "county_city": 1}


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
                level_pick = group[0]
                break
            top = max(_TIER[c.place.level] for c in units)
            specific = [c for c in units if _TIER[c.place.level] == top]
            if len({(c.place.district, c.place.level) for c in specific}) > 1:
                shown = "; ".join(f"{c.source} says {c.place.district} ({c.evidence})" for c in _first_per_value(specific))
                warnings.append(f"district: the sources disagree ({shown}); left empty. Set it in data/manifest.csv.")
                return _manifest_place(manifest, values, chosen)
            pick = specific[0]
            break
    if pick is None and level_pick is None:
        self_level = next((c for c in cands if c.field == "self_level"), None)
        if self_level is not None and "level" not in manifest:
            values["level"] = self_level.value
            chosen.append(Candidate("level", self_level.value, self_level.source, self_level.evidence, self_level.char_start, self_level.char_end))
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
    values["city"], values["province"] = city, province
    if city_src is not None:
        if city:
            chosen.append(Candidate("city", city, city_src.source, city_src.evidence, city_src.char_start, city_src.char_end))
        if province:
            chosen.append(Candidate("province", province, city_src.source, city_src.evidence, city_src.char_start, city_src.char_end))
    if city is None and city_src is not None:
        warnings.append(f"city: {place.district} is not in the gazetteer or is ambiguous, and no source names its city; left empty.")
    _manifest_place(manifest, values, chosen)


def _manifest_place(manifest, values, chosen) -> None:
    for f in ("city", "province", "level"):
        if f in manifest:
            values[f] = manifest[f].value
            chosen.append(manifest[f])


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
    for field in ("publish_date", "publish_time", "written_date", "signoff_date"):
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
        return
    warnings.append("year: no title, opening line, file name or publication date gives it; left empty. Set it in data/manifest.csv.")
