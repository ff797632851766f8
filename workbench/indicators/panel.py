"""The district-year indicator panel: the points of every report with its place and citation, long and wide."""

from __future__ import annotations

import polars as pl

from .points import _check_documents, points
from .schemas import CITATION_SOURCE, PANEL
from .taxonomy import taxonomy


def panel(df: pl.DataFrame, documents: pl.DataFrame, *, indicators: list[str] | None = None) -> pl.DataFrame:
    """The district-year indicator panel (long form): one value per report and indicator, with its quote.

    The values of :func:`~workbench.indicators.points` (a report's figure as
    the taxonomy defines it, outside its plans part and not a target), with
    the report's place and the citation fields of ``documents``, so every
    value can be cited. A value summed from parts quotes its first part;
    :func:`~workbench.indicators.point_sources` gives every part.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`~workbench.indicators.extract`.
    documents : polars.DataFrame
        ``corpus.documents``.
    indicators : list of str, optional
        Canonical ids to keep; default all.

    Returns
    -------
    polars.DataFrame
        Columns of :data:`PANEL`; sorted by district, year, doc_id and the
        indicator's taxonomy order.

    Raises
    ------
    ValueError
        ``df`` is not a result of ``extract``, ``documents`` lacks a column,
        or an indicator id is unknown.
    """
    _check_documents(documents, ("doc_id", "city", "province", *CITATION_SOURCE), "panel")
    tax = taxonomy().with_row_index("_order").select("indicator", "name_en", "_order")
    out = (
        points(df, indicators=indicators)
        .join(tax, on="indicator", how="left")
        .join(documents.select("doc_id", "city", "province", *CITATION_SOURCE), on="doc_id", how="left")
    )
    return out.sort("district", "year", "doc_id", "_order").select(list(PANEL)).cast(PANEL)


def panel_wide(df: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The panel in wide form: one row per report (district-year), one value column per indicator.

    Every report of ``documents`` has a row (a report that states none of
    the indicators has nulls); every indicator of the taxonomy has a column,
    named by its id, in taxonomy order. Ready for ``xtset``/``plm``: the quote
    of each value is in :func:`panel` (same ``doc_id`` and indicator).

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`~workbench.indicators.extract`.
    documents : polars.DataFrame
        ``corpus.documents``.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``district``, ``city``, ``province``, ``year``, then one
        Float64 column per indicator id; sorted by district, year, doc_id.
    """
    _check_documents(documents, ("doc_id", "district", "city", "province", "year"), "panel_wide")
    ids = taxonomy()["indicator"].to_list()
    long = points(df).select("doc_id", "indicator", "value")
    wide = documents.select("doc_id", "district", "city", "province", "year")
    if long.height:
        values = long.pivot(on="indicator", index="doc_id", values="value")
        wide = wide.join(values, on="doc_id", how="left")
    wide = wide.with_columns([pl.lit(None, pl.Float64).alias(i) for i in ids if i not in wide.columns])
    return wide.select("doc_id", "district", "city", "province", "year", *[pl.col(i).cast(pl.Float64) for i in ids]).sort(
        "district", "year", "doc_id", nulls_last=True
    )
