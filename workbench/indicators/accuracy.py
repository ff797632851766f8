"""Accuracy against a hand annotation: reading the gold files and precision/recall per report."""

from __future__ import annotations

import os

import polars as pl

from .. import config
from .points import _check_columns
from .schemas import ACCURACY, ID, INDICATORS

# ----------------------------------------------------------------------------- accuracy against a hand annotation


def read_gold(folder: str | os.PathLike[str] | None = None) -> pl.DataFrame:
    """Read hand annotations of canonical indicator mentions, one CSV per report.

    Parameters
    ----------
    folder : str or path-like, optional
        Folder of ``<doc_id>.csv`` files with columns ``indicator``, ``value``,
        ``unit``, ``is_change``, ``snippet``; a relative path is taken from the
        current working directory. Default: the project's ``tests/gold`` (the
        annotation of the seed reports).

    Returns
    -------
    polars.DataFrame
        Columns ``doc_id`` (Categorical, as in the corpus frames), ``indicator``,
        ``value`` (Float64), ``unit``, ``is_change``, ``snippet``; sorted by
        doc_id, then file order.

    Raises
    ------
    FileNotFoundError
        ``folder`` holds no CSV file.
    """
    root = config.GOLD_DIR if folder is None else config.user_path(folder)
    files = sorted(root.glob("*.csv"))
    if not files:
        hint = config.where_hint(folder) if folder is not None else ""
        msg = f"read_gold: no <doc_id>.csv files in {root}{hint}; expected hand annotations such as tests/gold/"
        raise FileNotFoundError(msg)
    frames = [
        pl.read_csv(f, schema_overrides={"value": pl.Float64, "is_change": pl.Boolean}).with_columns(
            pl.lit(f.stem, dtype=ID).alias("doc_id")
        )
        for f in files
    ]
    return pl.concat(frames).select("doc_id", "indicator", "value", "unit", "is_change", "snippet")


def accuracy(df: pl.DataFrame, gold: pl.DataFrame, documents: pl.DataFrame | None = None) -> pl.DataFrame:
    """Precision and recall of extracted indicators against a hand annotation, per report and pooled.

    A predicted (indicator, value) pair is correct when the gold annotation of
    the same report has the same indicator and value; each gold mention can be
    matched once (multiset intersection). Only the annotated reports of the
    corpus count: a report of ``gold`` that is not in ``documents`` is left
    out, not scored as all misses. Without ``documents``, the corpus is taken
    to be the reports with a row in ``df``; annotated reports without one are
    then left out with a warning naming them (one in which nothing was
    extracted would be the worst miss: pass ``documents`` to score it).
    Precision or recall over nothing (no prediction, no annotation) is null.

    Parameters
    ----------
    df : polars.DataFrame
        Result of :func:`extract`.
    gold : polars.DataFrame
        Result of :func:`read_gold` (``doc_id``, ``indicator``, ``value``);
        a String ``doc_id`` is taken as well.
    documents : polars.DataFrame, optional
        The corpus's ``documents`` (``doc_id``, and ``district``/``year``
        for the rows): a report of the corpus in which nothing was extracted
        is then scored too (recall 0).

    Returns
    -------
    polars.DataFrame
        Columns (see :data:`ACCURACY`): ``doc_id``, ``district``, ``year``,
        ``n_gold``, ``n_predicted``, ``n_correct``, ``precision``,
        ``recall``; one row per annotated report (sorted by doc_id), then a
        row ``doc_id = "all"`` pooling them.
    """
    _check_columns(df, tuple(INDICATORS), "accuracy")
    present = (documents if documents is not None else df)["doc_id"].cast(pl.String).unique().to_list()
    if documents is None:
        dropped = sorted(set(gold["doc_id"].cast(pl.String).to_list()) - set(present))
        if dropped:
            import warnings

            shown = ", ".join(dropped[:5]) + (" …" if len(dropped) > 5 else "")
            msg = (
                f"accuracy: {len(dropped)} annotated report(s) have no row in df ({shown}) and are left out; "
                "pass documents=corpus.documents to score a report of the corpus in which nothing was extracted"
            )
            warnings.warn(msg, UserWarning, stacklevel=2)
    gold = gold.filter(pl.col("doc_id").cast(pl.String).is_in(present))
    keys = ["doc_id", "indicator", "value"]
    gold = gold.with_columns(pl.col("doc_id").cast(ID))
    pred = (
        df.filter(pl.col("indicator").is_not_null() & pl.col("doc_id").is_in(gold["doc_id"].unique().to_list()))
        .group_by(keys)
        .agg(pl.len().alias("n_p"))
    )
    gol = gold.group_by(keys).agg(pl.len().alias("n_g"))
    both = gol.join(pred, on=keys, how="full", coalesce=True).with_columns(
        pl.col("n_p").fill_null(0), pl.col("n_g").fill_null(0)
    )
    per = (
        both.group_by("doc_id")
        .agg(
            pl.col("n_g").sum().cast(pl.Int64).alias("n_gold"),
            pl.col("n_p").sum().cast(pl.Int64).alias("n_predicted"),
            pl.min_horizontal("n_g", "n_p").sum().cast(pl.Int64).alias("n_correct"),
        )
        .sort("doc_id")
    )
    places = (documents if documents is not None and {"district", "year"} <= set(documents.columns) else df).select(
        "doc_id", "district", "year"
    ).unique("doc_id")
    per = per.join(places, on="doc_id", how="left")
    total = per.select(
        pl.lit("all", dtype=ID).alias("doc_id"),
        pl.lit(None, pl.String).alias("district"),
        pl.lit(None, pl.Int32).alias("year"),
        pl.col("n_gold").sum(),
        pl.col("n_predicted").sum(),
        pl.col("n_correct").sum(),
    )
    out = pl.concat([per.select(total.columns), total], how="vertical_relaxed")
    out = out.with_columns(
        pl.when(pl.col("n_predicted") > 0).then(pl.col("n_correct") / pl.col("n_predicted")).alias("precision"),
        pl.when(pl.col("n_gold") > 0).then(pl.col("n_correct") / pl.col("n_gold")).alias("recall"),
    )
    return out.select(list(ACCURACY)).cast(ACCURACY)
