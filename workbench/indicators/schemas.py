"""Column contracts of the indicator frames: extract, taxonomy, points, citations, coverage,
coverage_share, trend_summary and accuracy (one dict of column -> dtype each)."""

from __future__ import annotations

import polars as pl

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

