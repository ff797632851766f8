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
* :func:`points`, :func:`point_sources`, :func:`citations`, :func:`coverage` —
  frames for charts and for the source-sentence table of every plotted point
  (a point is formed as the taxonomy defines it: one mention or a sum of parts);
* :func:`panel`, :func:`panel_wide` — the district-year panel with the
  citation of every value, long and wide (what ``workbench export`` writes).

See ``docs/indicators.md`` for the rules and their reasons.
"""

from __future__ import annotations

from .accuracy import accuracy, read_gold
from .extract import extract
from .numbers import UNITS, Quantity, parse_number, parse_quantity, quantities
from .extract import change_unit
from .panel import panel, panel_wide
from .points import citations, coverage, coverage_share, like_with_like, point_sources, points, trend_summary
from .schemas import (
    ACCURACY,
    CITATION_SOURCE,
    CITATIONS,
    PANEL,
    COVERAGE,
    COVERAGE_SHARE,
    INDICATORS,
    POINT_SOURCES,
    POINTS,
    TAXONOMY,
    TREND_SUMMARY,
)
from .taxonomy import Indicator, Taxonomy, load_taxonomy, taxonomy

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
    "CITATION_SOURCE",
    "PANEL",
    "panel",
    "panel_wide",
    "coverage",
    "coverage_share",
    "COVERAGE_SHARE",
    "read_gold",
    "extract",
    "load_taxonomy",
    "parse_number",
    "parse_quantity",
    "points",
    "like_with_like",
    "point_sources",
    "POINT_SOURCES",
    "change_unit",
    "quantities",
    "taxonomy",
    "trend_summary",
    "TREND_SUMMARY",
]
