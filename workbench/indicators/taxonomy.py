"""The indicator taxonomy: reading and validating ``data/indicators.yml`` into :class:`Taxonomy`
and the one-row-per-indicator frame :func:`taxonomy`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl
import yaml

from .. import config
from .numbers import UNITS
from .schemas import TAXONOMY

# ----------------------------------------------------------------------------- taxonomy

_REQUIRED = ("id", "name_zh", "name_en", "unit", "cues")
_OPTIONAL = ("bare", "topic", "figure", "parts")
#: How a report's figure for an indicator is formed (the ``figure`` field of an entry).
FIGURES = ("mention", "sum")
#: The ``part`` of a mention that names two or more parts at once (废止和宣布失效的文件20件).
TOTAL = "合计"


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
    figure: str = "mention"
    parts: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def part_of(self, text: str) -> str | None:
        """The part a mention's label names: a part's name, :data:`TOTAL` if it names several, or None.

        Examples
        --------
        >>> ind = Indicator("x", "甲", "x", ("件",), (), parts=(("废止", re.compile("废止")), ("宣布失效", re.compile("失效"))))
        >>> ind.part_of("清理废止文件"), ind.part_of("废止和宣布失效的文件"), ind.part_of("清理文件")
        ('废止', '合计', None)
        """
        named = [name for name, pattern in self.parts if pattern.search(text)]
        if len(named) > 1:
            return TOTAL
        return named[0] if named else None

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


def _parts(path: str, where: str, value: object) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not value or not all(isinstance(k, str) and k for k in value):
        _fail(path, where, f"field 'parts' must be a mapping of part name to regular expression; found {value!r}")
    if TOTAL in value:
        _fail(path, where, f"field 'parts': {TOTAL!r} is reserved for a mention naming several parts; rename the part")
    return tuple((name, _patterns(path, where, f"parts.{name}", pattern)[0]) for name, pattern in value.items())


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
        figure = entry.get("figure", "mention")
        if figure not in FIGURES:
            _fail(path, where, f"field 'figure' must be one of {list(FIGURES)}; found {figure!r}")
        parts = _parts(path, where, entry.get("parts"))
        if (figure == "sum") != bool(parts):
            _fail(path, where, "field 'figure: sum' needs 'parts' (a mapping of part name to regular expression), and 'parts' needs 'figure: sum'")
        out.append(Indicator(ident, entry["name_zh"], entry["name_en"], tuple(units), cues, bare, topic, figure, parts))
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
        YAML file; a relative path is taken from the current working
        directory. Default: the project's ``data/indicators.yml``
        (``workbench.config.INDICATORS``).

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
    p = config.INDICATORS if path is None else config.user_path(path)
    if not p.exists():
        hint = config.where_hint(path) if path is not None else ""
        msg = f"load_taxonomy: no taxonomy file at {p}{hint}; expected a YAML file such as data/indicators.yml"
        raise FileNotFoundError(msg)
    return _load_cached(str(p), p.stat().st_mtime)


def taxonomy(path: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """The indicator taxonomy as a frame, one row per canonical indicator.

    Parameters
    ----------
    path : str or path-like, optional
        A taxonomy file; a relative path is taken from the current working
        directory. Default: the project's ``data/indicators.yml``.

    Returns
    -------
    polars.DataFrame
        Columns ``indicator``, ``name_zh``, ``name_en``, ``unit`` (usual unit),
        ``units`` (all accepted units), ``figure`` (how a report's figure is
        formed: ``"mention"`` or ``"sum"`` of its parts), ``parts`` (the parts'
        names, empty unless ``figure == "sum"``), in file order.

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
            "figure": [i.figure for i in tax.indicators],
            "parts": [[name for name, _ in i.parts] for i in tax.indicators],
        },
        schema=TAXONOMY,
    )


