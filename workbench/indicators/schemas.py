"""Column contracts of the indicator frames: extract, taxonomy, points, citations, coverage,
coverage_share, trend_summary and accuracy (one dict of column -> dtype each)."""

from __future__ import annotations

import polars as pl

from ..schemas import ID, OFFSET

# ----------------------------------------------------------------------------- schemas

#: Columns of :func:`extract`.
INDICATORS: dict[str, pl.DataType] = {
    "doc_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "section_id": ID,
    "section_kind": pl.String(),  # achievements | shortcomings | duties | plans | other
    "indicator": pl.String(),  # canonical id from data/indicators.yml, null if none fits
    "label": pl.String(),  # the phrase the number quantifies, e.g. 审结复议案件
    "part": pl.String(),  # the part of a "sum" indicator the mention names (废止, 宣布失效; 合计 for several)
    "value": pl.Float64(),  # multipliers applied (万, 亿); percentages in percent; a range's low end
    "value_high": pl.Float64(),  # a range's high end (3至5件 -> 3, 5), else null
    "value_previous": pl.Float64(),  # the earlier value of 从95%提高到100% (95), else null
    "unit": pl.String(),  # 件, 次, %, 个百分点, 元, ...
    "qualifier": pl.String(),  # 余 多 近 超 约 以上 数 上, or null
    "is_change": pl.Boolean(),  # a change (同比下降5.87个百分点); decreases are negative
    "change_unit": pl.String(),  # for changes: percentage_points | relative (%) | absolute (件, 次 ...)
    "is_target": pl.Boolean(),  # a target (力争, 确保, 目标, 不低于 ...), not a result
    "sentence": pl.String(),
    "char_start": OFFSET,  # documents.text[char_start:char_end] holds number and unit
    "char_end": OFFSET,
}

#: Columns of :func:`taxonomy`.
TAXONOMY: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "name_en": pl.String(),
    "unit": pl.String(),  # the usual unit
    "units": pl.List(pl.String()),  # all accepted units
    "figure": pl.String(),  # mention | sum: how a report's figure is formed
    "parts": pl.List(pl.String()),  # names of the parts summed (figure "sum"), else empty
}

#: Columns of :func:`points` (one plotted point per document and indicator).
POINTS: dict[str, pl.DataType] = {
    "doc_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "value": pl.Float64(),  # the report's figure as the taxonomy defines it (one mention, or the sum of parts)
    "value_high": pl.Float64(),  # high end when the figure is a range, else null
    "unit": pl.String(),  # the indicator's usual unit (taxonomy), so panels and axes share one unit
    "unit_written": pl.String(),  # the unit as the report writes it (个 or 项 for a count of items)
    "qualifier": pl.String(),
    "label": pl.String(),
    "figure": pl.String(),  # mention | sum (parts added) | total (one mention naming all parts) | part (one part only)
    "n_parts": pl.UInt32(),  # mentions the value is built from
    "parts": pl.String(),  # e.g. "宣布失效 10 + 废止 30" (sum) or "废止 8" (part); null otherwise
    "n_mentions": pl.UInt32(),  # level mentions of the indicator in the document
    "sentence": pl.String(),
    "char_start": OFFSET,
    "char_end": OFFSET,
}

#: Columns of :func:`point_sources` (one row per mention a point is built from).
POINT_SOURCES: dict[str, pl.DataType] = {
    "doc_id": ID,
    "district": pl.String(),
    "year": pl.Int32(),
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "figure": pl.String(),  # as in POINTS
    "point_value": pl.Float64(),  # the plotted figure this mention is (part of)
    "n_mentions": pl.UInt32(),
    "part": pl.String(),
    "value": pl.Float64(),  # this mention's value
    "unit": pl.String(),
    "qualifier": pl.String(),
    "label": pl.String(),
    "sentence": pl.String(),
    "char_start": OFFSET,
    "char_end": OFFSET,
}

#: Columns of :func:`citations`.
CITATIONS: dict[str, pl.DataType] = {
    "district": pl.String(),
    "year": pl.Int32(),
    "indicator": pl.String(),
    "name_zh": pl.String(),
    "part": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "sentence": pl.String(),
    "doc_id": ID,
    "char_start": OFFSET,
    "char_end": OFFSET,
}

#: Columns of :func:`accuracy`.
ACCURACY: dict[str, pl.DataType] = {
    "doc_id": ID,  # "all" for the row that pools every report
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


#: Columns :func:`citations` adds when given ``documents``: where to cite the report from.
CITATION_SOURCE: dict[str, pl.DataType] = {
    "title": pl.String(),
    "publish_date": pl.Date(),
    "url": pl.String(),  # data/manifest.csv, null where not given
    "accessed": pl.Date(),
    "note": pl.String(),
}

#: Columns of :func:`panel`: the district-year indicator panel (long), every value with its quote.
PANEL: dict[str, pl.DataType] = {
    "district": pl.String(),
    "city": pl.String(),
    "province": pl.String(),
    "year": pl.Int32(),
    "doc_id": ID,
    "indicator": pl.String(),
    "name_en": pl.String(),
    "name_zh": pl.String(),
    "value": pl.Float64(),
    "value_high": pl.Float64(),
    "unit": pl.String(),  # the indicator's usual unit
    "unit_written": pl.String(),
    "qualifier": pl.String(),
    "label": pl.String(),
    "figure": pl.String(),  # mention | sum | total | part, as in POINTS
    "parts": pl.String(),
    "n_mentions": pl.UInt32(),
    "sentence": pl.String(),  # the quote (of the first mention; point_sources has every part)
    "char_start": OFFSET,
    "char_end": OFFSET,
    **CITATION_SOURCE,
}
